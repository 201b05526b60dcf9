"""Joint Working Groups, their review meetings and the action items those meetings set."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry import models
from registry.admin.base import (
    ImportExportRecordAdmin,
    RecordAdmin,
    RecordInline,
    count_of,
    counted,
    names_of,
)
from registry.admin.filters import ActionItemDueFilter, GroupReviewDueFilter, ReviewDueFilter
from registry.admin.resources import ActionItemResource, JWGReviewResource


class JWGReviewInline(RecordInline):
    model = models.JWGReview
    fields = ["sequence_number", "title", "held_on", "status", "place", "mode", "source"]
    ordering = ["-held_on", "id"]


class ActionItemInline(RecordInline):
    model = models.ActionItem
    # The responsible staff member is set on the item's own page (a list of users per row
    # would cost a query per row).
    fields = ["description", "owner", "owner_agency", "due_on", "status"]
    autocomplete_fields = ["owner_agency"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner_agency")


@admin.register(models.JointWorkingGroup)
class JointWorkingGroupAdmin(RecordAdmin):
    # Stated here as well as in Meta: the annotated (grouped) queryset drops Meta.ordering,
    # which left the meeting form's group search unordered across its pages.
    ordering = ["name", "id"]
    list_display = [
        "name",
        names_of("partners", _("partners")),
        "cadence_months",
        "last_held",
        "next_due",
        counted("review_count", _("meetings")),
        "secretariat_contact",
        "is_published",
        "is_sample",
    ]
    list_filter = [GroupReviewDueFilter]
    list_select_related = ["secretariat_contact"]
    search_fields = ["name", "india_co_chair", "partner_co_chair", "partners__name"]
    autocomplete_fields = ["agreements", "partners"]
    inlines = [JWGReviewInline]
    main_fieldsets = [
        (None, {"fields": ["name", "partners", "agreements"]}),
        (_("Chairs"), {"fields": ["india_co_chair", "partner_co_chair"]}),
        (_("Reviews"), {"fields": ["cadence_months", "secretariat_contact"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_last_held()
            .prefetch_related("partners")
            .annotate(review_count=count_of(models.JWGReview, "group"))
        )

    @admin.display(description=_("last held review"), ordering="last_held_on")
    def last_held(self, obj):
        return obj.last_held_on

    @admin.display(description=_("next review due"))
    def next_due(self, obj):
        return obj.next_review_due


@admin.register(models.JWGReview)
class JWGReviewAdmin(ImportExportRecordAdmin):
    resource_classes = [JWGReviewResource]
    list_display = [
        "__str__",
        "group",
        "sequence_number",
        "held_on",
        "status",
        counted("action_count", _("action items")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["status", ReviewDueFilter, "mode"]
    list_select_related = ["group"]
    search_fields = ["title", "group__name", "place", "outcomes"]
    autocomplete_fields = ["group"]
    date_hierarchy = "held_on"
    inlines = [ActionItemInline]
    main_fieldsets = [
        (None, {"fields": ["group", "title", "sequence_number", "status"]}),
        (_("When and where"), {"fields": [("held_on", "date_precision"), "place", "mode"]}),
        (_("Outcomes"), {"fields": ["outcomes", "minutes_url"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(action_count=count_of(models.ActionItem, "review"))
        )


@admin.register(models.ActionItem)
class ActionItemAdmin(ImportExportRecordAdmin):
    """Action items are staff only: no publish actions, no is_published field."""

    resource_classes = [ActionItemResource]
    actions = []
    list_display = [
        "__str__",
        "review",
        "owner",
        "owner_agency",
        "responsible_user",
        "due_on",
        "status",
        "is_sample",
    ]
    list_filter = ["status", ActionItemDueFilter, "owner_agency"]
    list_select_related = ["review__group", "owner_agency", "responsible_user"]
    search_fields = ["description", "owner", "review__title", "review__group__name"]
    autocomplete_fields = ["review", "owner_agency"]
    date_hierarchy = "due_on"
    main_fieldsets = [
        (None, {"fields": ["review", "description"]}),
        (_("Responsibility"), {"fields": ["owner", "owner_agency", "responsible_user"]}),
        (_("Progress"), {"fields": ["due_on", "status", "completed_on"]}),
    ]
