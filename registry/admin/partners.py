"""Partners (with their aliases and engagements), agencies, research areas, engagements."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry import models
from registry.admin.base import RecordAdmin, RecordInline, count_of, counted

# Ids of the same body elsewhere; the model refuses one without its source.
CROSS_REFERENCES = (
    _("Wikidata and ROR"),
    {"fields": ["wikidata_id", "ror_id", "cross_reference_source"], "classes": ["collapse"]},
)


class PartnerAliasInline(admin.TabularInline):
    model = models.PartnerAlias
    extra = 0
    fields = ["name", "source"]


class EngagementInline(RecordInline):
    model = models.Engagement
    fields = ["partner", "area", "mode", "indian_agency", "activity", "source"]
    autocomplete_fields = ["partner", "area", "indian_agency"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner", "area", "indian_agency")


@admin.register(models.Partner)
class PartnerAdmin(RecordAdmin):
    list_display = [
        "name",
        "kind",
        "iso_code",
        counted("agreement_count", _("agreements")),
        counted("engagement_count", _("engagements")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "official_name", "iso_code", "slug", "aliases__name", "identifier"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["members"]
    inlines = [PartnerAliasInline, EngagementInline]
    main_fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "official_name", "iso_code"]}),
        (_("About"), {"fields": ["members", "url", "description"]}),
        CROSS_REFERENCES,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                agreement_count=count_of(models.Agreement.partners.through, "partner"),
                engagement_count=count_of(models.Engagement, "partner"),
            )
        )


@admin.register(models.PartnerAlias)
class PartnerAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "source"]
    list_select_related = ["partner"]
    search_fields = ["name", "partner__name"]
    autocomplete_fields = ["partner"]


@admin.register(models.Agency)
class AgencyAdmin(RecordAdmin):
    list_display = [
        "short_name",
        "name",
        "kind",
        "parent",
        counted("agreement_count", _("agreements")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["short_name", "name", "slug", "identifier"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    main_fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "parent", "location", "url"]}),
        CROSS_REFERENCES,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(agreement_count=count_of(models.Agreement, "indian_agency"))
        )


@admin.register(models.ResearchArea)
class ResearchAreaAdmin(RecordAdmin):
    list_display = [
        "name",
        "source_row",
        "is_unlabelled",
        counted("engagement_count", _("engagements")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["is_unlabelled"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EngagementInline]
    main_fieldsets = [
        (None, {"fields": ["name", "slug", "is_unlabelled", "source_row", "description"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(engagement_count=count_of(models.Engagement, "area"))
        )


@admin.register(models.Engagement)
class EngagementAdmin(RecordAdmin):
    list_display = ["partner", "area", "activity", "mode", "indian_agency", "is_published"]
    list_filter = ["mode", "indian_agency"]
    list_select_related = ["partner", "area", "indian_agency"]
    search_fields = ["partner__name", "area__name", "activity"]
    autocomplete_fields = ["partner", "area", "indian_agency"]
    main_fieldsets = [
        (None, {"fields": ["partner", "area", "mode", "indian_agency", "activity"]}),
    ]
