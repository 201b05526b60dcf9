"""Joint R&D projects, with their results kept as inline rows of the project's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry import models
from registry.admin.base import ImportExportRecordAdmin, RecordInline, count_of, counted, names_of
from registry.admin.resources import ProjectResource, ProjectResultResource


class ProjectResultInline(RecordInline):
    """A project's results on its page: new rows start as drafts (RecordInline) and are
    published on their own page or with the changelist's publish action, which check the
    publishing minimum."""

    model = models.ProjectResult
    fields = [
        "kind",
        "occurred_on",
        "date_precision",
        "description",
        "doi",
        "url",
        "source",
        "is_published",
    ]
    # Shown, not edited: which rows the public sees.
    readonly_fields = ["is_published"]
    ordering = ["occurred_on", "id"]


@admin.register(models.Project)
class ProjectAdmin(ImportExportRecordAdmin):
    resource_classes = [ProjectResource]
    list_display = [
        "title",
        names_of("partners", _("partners")),
        "status",
        "started_on",
        "ended_on",
        "call",
        counted("result_count", _("results")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["status"]
    list_select_related = ["call"]
    search_fields = ["title", "summary", "partner_institution", "investigators", "partners__name"]
    autocomplete_fields = ["call", "partners", "areas", "indian_institution"]
    date_hierarchy = "started_on"
    inlines = [ProjectResultInline]
    main_fieldsets = [
        (None, {"fields": ["title", "call", "status", "partners", "areas"]}),
        (
            _("Lead institutions"),
            {"fields": ["indian_institution", "partner_institution", "investigators"]},
        ),
        (_("Dates"), {"fields": [("started_on", "ended_on")]}),
        (
            _("Funding"),
            {
                "fields": [
                    ("indian_funding", "indian_currency"),
                    ("partner_funding", "partner_currency"),
                ]
            },
        ),
        (_("Description"), {"fields": ["summary", "url"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("partners")
            .annotate(result_count=count_of(models.ProjectResult, "project"))
        )


@admin.register(models.ProjectResult)
class ProjectResultAdmin(ImportExportRecordAdmin):
    resource_classes = [ProjectResultResource]
    list_display = ["__str__", "kind", "occurred_on", "project", "is_published", "is_sample"]
    list_filter = ["kind"]
    list_select_related = ["project"]
    search_fields = ["description", "doi", "project__title"]
    autocomplete_fields = ["project"]
    date_hierarchy = "occurred_on"
    main_fieldsets = [
        (None, {"fields": ["project", "kind", ("occurred_on", "date_precision")]}),
        (_("What"), {"fields": ["description", "doi", "url"]}),
    ]
