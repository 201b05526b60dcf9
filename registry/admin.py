"""Basic admin registration of every model; the full staff workspace builds on it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry import models

for model in [
    models.Partner,
    models.Agency,
    models.ResearchArea,
    models.Engagement,
    models.Agreement,
    models.JointWorkingGroup,
    models.JWGReview,
    models.ActionItem,
    models.JointCall,
    models.Facility,
    models.FacilityMembership,
    models.StatedFigure,
]:
    admin.site.register(model, SimpleHistoryAdmin)
admin.site.register(models.PartnerAlias)
admin.site.register(models.FacilityAlias)
