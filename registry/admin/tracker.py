"""The JWG review tracker: what needs the secretariat's attention on a given day."""

import datetime
from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry import models

REVIEW_HORIZON_DAYS = 90
EXPIRY_HORIZON_DAYS = 180


@dataclass
class Row:
    obj: object
    detail: str
    url: str


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)


def parse_day(raw: str | None) -> tuple[datetime.date, str | None]:
    """The day asked for with ?on=YYYY-MM-DD, or today and a message when it is not a date."""
    today = timezone.localdate()
    if not raw:
        return today, None
    try:
        return datetime.date.fromisoformat(raw), None
    except ValueError:
        message = _("“%(raw)s” is not a date (use YYYY-MM-DD); showing today instead.")
        return today, message % {"raw": raw[:40]}


def _row(obj, detail) -> Row:
    if isinstance(detail, datetime.date):
        detail = date_format(detail, "j F Y")
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return Row(obj, str(detail or ""), url)


def _reviews(day):
    soon = day + datetime.timedelta(days=REVIEW_HORIZON_DAYS)
    reviews = models.JWGReview.objects.select_related("group")
    groups = models.JointWorkingGroup.objects.with_last_held()
    return [
        (
            "reviews_overdue",
            _("Review meetings overdue (planned, date passed, not recorded as held)"),
            [_row(r, r.date_display) for r in reviews.overdue_on(day)],
        ),
        (
            "groups_overdue",
            _("Working groups whose review is overdue (last held review plus cadence)"),
            [_row(g, g.next_review_due) for g in groups.overdue_on(day).with_last_held()],
        ),
        (
            "reviews_upcoming",
            _("Review meetings planned in the next %(days)d days") % {"days": REVIEW_HORIZON_DAYS},
            [_row(r, r.date_display) for r in reviews.upcoming(day, REVIEW_HORIZON_DAYS)],
        ),
        (
            "groups_due",
            _("Working groups whose review falls due in the next %(days)d days")
            % {"days": REVIEW_HORIZON_DAYS},
            [_row(g, g.next_review_due) for g in groups.due_between(day, soon).with_last_held()],
        ),
    ]


def _actions_and_agreements(day):
    actions = models.ActionItem.objects.select_related("review__group")
    agreements = models.Agreement.objects.all()
    return [
        (
            "actions_overdue",
            _("Action items overdue"),
            [_row(a, a.due_on) for a in actions.overdue_on(day)],
        ),
        (
            "agreements_expiring",
            _("Agreements expiring in the next %(days)d days") % {"days": EXPIRY_HORIZON_DAYS},
            [_row(a, a.valid_until) for a in agreements.expiring_within(EXPIRY_HORIZON_DAYS, day)],
        ),
        (
            "agreements_not_in_force",
            _("Agreements signed but not in force"),
            [_row(a, a.signed_display) for a in agreements.signed_not_in_force()],
        ),
        (
            "agreements_unreviewed",
            _("Agreements with no held review within their review cadence"),
            [
                _row(a, _("every %(n)d months") % {"n": a.review_cadence_months})
                for a in agreements.without_review_within_cadence(day)
            ],
        ),
    ]


SECTION_MODELS = {
    "reviews_overdue": models.JWGReview,
    "groups_overdue": models.JointWorkingGroup,
    "reviews_upcoming": models.JWGReview,
    "groups_due": models.JointWorkingGroup,
    "actions_overdue": models.ActionItem,
    "agreements_expiring": models.Agreement,
    "agreements_not_in_force": models.Agreement,
    "agreements_unreviewed": models.Agreement,
}


def tracker_sections(day: datetime.date, user=None) -> list[Section]:
    """Every section of the tracker for `day`; only those `user` may view when given."""
    sections = []
    for key, title, rows in [*_reviews(day), *_actions_and_agreements(day)]:
        if user is None or user.has_perm(f"registry.view_{SECTION_MODELS[key]._meta.model_name}"):
            sections.append(Section(key, title, rows))
    return sections


def tracker_view(request):
    day, error = parse_day(request.GET.get("on"))
    if error:
        messages.error(request, error)
    context = {
        **admin.site.each_context(request),
        "title": _("JWG review tracker"),
        "day": day,
        "sections": tracker_sections(day, request.user),
    }
    return TemplateResponse(request, "admin/registry/tracker.html", context)


def _with_tracker(original_get_urls):
    def get_urls():
        tracker = path(
            "registry/tracker/", admin.site.admin_view(tracker_view), name="registry_tracker"
        )
        return [tracker, *original_get_urls()]

    return get_urls


admin.site.get_urls = _with_tracker(admin.site.get_urls)
admin.site.index_template = "admin/registry/index.html"


@admin.register(models.ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What `send_reminders` sent: read only, kept so a day's reminders go out once."""

    list_display = ["day", "recipient", "kind", "object_key", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email", "object_key"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
