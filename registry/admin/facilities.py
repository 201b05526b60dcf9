"""Research facilities, India's memberships of them, and figures the sources state."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry import models
from registry.admin.base import (
    ImportExportRecordAdmin,
    RecordAdmin,
    RecordInline,
    count_of,
    counted,
)
from registry.admin.filters import ActiveMembershipFilter
from registry.admin.resources import FacilityMembershipResource


class FacilityAliasInline(admin.TabularInline):
    model = models.FacilityAlias
    extra = 0
    fields = ["name", "source"]


class FacilityMembershipInline(RecordInline):
    model = models.FacilityMembership
    fields = ["membership_type", "started_on", "ended_on", "nodal_agency", "agreement", "source"]
    autocomplete_fields = ["nodal_agency", "agreement"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("nodal_agency", "agreement")


@admin.register(models.Facility)
class FacilityAdmin(RecordAdmin):
    list_display = [
        "short_name",
        "name",
        "kind",
        "location",
        counted("membership_count", _("memberships")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["kind"]
    search_fields = ["short_name", "name", "slug", "host_organisation", "aliases__name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["host_partners"]
    inlines = [FacilityAliasInline, FacilityMembershipInline]
    main_fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind"]}),
        (
            _("Host"),
            {"fields": ["host_partners", "host_organisation", "location", "url", "description"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(membership_count=count_of(models.FacilityMembership, "facility"))
        )


@admin.register(models.FacilityAlias)
class FacilityAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "facility", "source"]
    list_select_related = ["facility"]
    search_fields = ["name", "facility__short_name"]
    autocomplete_fields = ["facility"]


@admin.register(models.FacilityMembership)
class FacilityMembershipAdmin(ImportExportRecordAdmin):
    resource_classes = [FacilityMembershipResource]
    list_display = [
        "facility",
        "membership_type",
        "started_on",
        "ended_on",
        "nodal_agency",
        "is_published",
        "is_sample",
    ]
    list_filter = ["membership_type", ActiveMembershipFilter, "nodal_agency"]
    list_select_related = ["facility", "nodal_agency"]
    search_fields = ["facility__name", "facility__short_name", "scope"]
    autocomplete_fields = ["facility", "nodal_agency", "agreement"]
    date_hierarchy = "started_on"
    main_fieldsets = [
        (None, {"fields": ["facility", "membership_type", "nodal_agency", "agreement"]}),
        (
            _("Dates and scope"),
            {"fields": [("started_on", "started_precision"), "ended_on", "scope"]},
        ),
    ]


@admin.register(models.StatedFigure)
class StatedFigureAdmin(RecordAdmin):
    list_display = ["label", "value_text", "value", "agency", "as_of", "is_published", "is_sample"]
    list_filter = ["agency"]
    list_select_related = ["agency"]
    search_fields = ["label", "value_text"]
    autocomplete_fields = ["agency"]
    date_hierarchy = "as_of"
    main_fieldsets = [(None, {"fields": ["label", ("value", "value_text"), "agency", "as_of"]})]
