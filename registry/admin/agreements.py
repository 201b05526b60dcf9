"""Agreements: the instruments of cooperation."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry import models
from registry.admin.base import ImportExportRecordAdmin, count_of, counted, names_of
from registry.admin.filters import AgreementAttentionFilter
from registry.admin.resources import AgreementResource


@admin.register(models.Agreement)
class AgreementAdmin(ImportExportRecordAdmin):
    resource_classes = [AgreementResource]
    list_display = [
        "title",
        "instrument",
        names_of("partners", _("partners")),
        "indian_agency",
        "status",
        "signed_on",
        "valid_until",
        counted("group_count", _("working groups")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["status", "instrument", AgreementAttentionFilter, "indian_agency"]
    list_select_related = ["indian_agency"]
    search_fields = ["title", "reference", "partner_agency", "summary", "partners__name"]
    autocomplete_fields = ["partners", "indian_agency", "areas", "supersedes", "amends"]
    date_hierarchy = "signed_on"
    main_fieldsets = [
        (None, {"fields": ["instrument", "title", "reference", "partners", "is_binding"]}),
        (_("Parties"), {"fields": ["indian_agency", "partner_agency", "areas"]}),
        (
            _("Dates and status"),
            {
                "fields": [
                    ("signed_on", "signed_precision"),
                    "in_force_from",
                    "valid_until",
                    "renewal_rule",
                    "status",
                    "review_cadence_months",
                ]
            },
        ),
        (_("Related instruments"), {"fields": ["supersedes", "amends"]}),
        (_("Content"), {"fields": ["summary", "document_url"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("partners")
            .annotate(
                group_count=count_of(models.JointWorkingGroup.agreements.through, "agreement")
            )
        )
