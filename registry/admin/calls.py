"""Joint calls for R&D proposals."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry import models
from registry.admin.base import ImportExportRecordAdmin, names_of
from registry.admin.filters import OpenCallFilter
from registry.admin.resources import JointCallResource


@admin.register(models.JointCall)
class JointCallAdmin(ImportExportRecordAdmin):
    resource_classes = [JointCallResource]
    list_display = [
        "title",
        names_of("partners", _("partners")),
        "status",
        "opens_at",
        "closes_at",
        "agreement",
        "is_published",
        "is_sample",
    ]
    list_filter = ["status", OpenCallFilter]
    list_select_related = ["agreement"]
    search_fields = ["title", "scope", "partner_agency", "partners__name"]
    autocomplete_fields = ["partners", "agreement", "review", "agencies", "areas"]
    date_hierarchy = "closes_at"
    main_fieldsets = [
        (None, {"fields": ["title", "partners", "status", "url"]}),
        (_("Parties"), {"fields": ["agreement", "review", "agencies", "partner_agency", "areas"]}),
        (
            _("Dates"),
            {"fields": ["opens_at", ("closes_at", "closes_precision"), "time_zone"]},
        ),
        (
            _("Scope and outcome"),
            {
                "fields": [
                    "scope",
                    ("budget", "currency"),
                    "proposals_received",
                    "projects_funded",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")
