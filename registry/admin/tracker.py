"""The JWG review tracker: what needs the secretariat's attention on a given day."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import models

REVIEW_HORIZON_DAYS = 90
EXPIRY_HORIZON_DAYS = 180


ROW_LIMIT = 200  # a section lists at most this many rows and says how many there are


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
    total: int = 0


@dataclass
class Check:
    """One section: its records for a day, and the detail shown beside each."""

    key: str
    model: type
    title: str
    records: Callable  # (day) -> queryset
    detail: Callable  # (record) -> date or text


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


def _reviews():
    return models.JWGReview.objects.select_related("group").order_by("held_on", "id")


def _groups():
    return models.JointWorkingGroup.objects.all()


def _soon(day):
    return day + datetime.timedelta(days=REVIEW_HORIZON_DAYS)


CHECKS = [
    Check(
        "reviews_overdue",
        models.JWGReview,
        gettext_lazy("Review meetings overdue (planned, date passed, not recorded as held)"),
        lambda day: _reviews().overdue_on(day),
        lambda r: r.date_display,
    ),
    Check(
        "groups_overdue",
        models.JointWorkingGroup,
        gettext_lazy("Working groups whose review is overdue (last held review plus cadence)"),
        lambda day: _groups().overdue_on(day),
        lambda g: g.next_review_due,
    ),
    Check(
        "reviews_upcoming",
        models.JWGReview,
        gettext_lazy("Review meetings planned in the next %(review_days)d days"),
        lambda day: _reviews().upcoming(day, REVIEW_HORIZON_DAYS),
        lambda r: r.date_display,
    ),
    Check(
        "groups_due",
        models.JointWorkingGroup,
        gettext_lazy("Working groups whose review falls due in the next %(review_days)d days"),
        lambda day: _groups().due_between(day, _soon(day)),
        lambda g: g.next_review_due,
    ),
    Check(
        "actions_overdue",
        models.ActionItem,
        gettext_lazy("Action items overdue"),
        lambda day: models.ActionItem.objects.select_related("review__group").overdue_on(day),
        lambda a: a.due_on,
    ),
    Check(
        "agreements_expiring",
        models.Agreement,
        gettext_lazy("Agreements expiring in the next %(expiry_days)d days"),
        lambda day: models.Agreement.objects.expiring_within(EXPIRY_HORIZON_DAYS, day).order_by(
            "valid_until", "id"
        ),
        lambda a: a.valid_until,
    ),
    Check(
        "agreements_not_in_force",
        models.Agreement,
        gettext_lazy("Agreements signed, with no entry into force recorded"),
        lambda day: models.Agreement.objects.signed_not_in_force(),
        lambda a: a.signed_display,
    ),
    Check(
        "agreements_unreviewed",
        models.Agreement,
        gettext_lazy("Agreements with no held review within their review cadence"),
        lambda day: models.Agreement.objects.without_review_within_cadence(day),
        lambda a: _("every %(n)d months") % {"n": a.review_cadence_months},
    ),
]


def tracker_sections(day: datetime.date, user=None) -> list[Section]:
    """Every section of the tracker for `day`; only those `user` may view when given."""
    sections = []
    horizons = {"review_days": REVIEW_HORIZON_DAYS, "expiry_days": EXPIRY_HORIZON_DAYS}
    for check in CHECKS:
        if user is not None and not user.has_perm(f"registry.view_{check.model._meta.model_name}"):
            continue
        records = check.records(day)
        shown, total = models.first_and_total(records, ROW_LIMIT)
        rows = [_row(obj, check.detail(obj)) for obj in shown]
        sections.append(Section(check.key, str(check.title) % horizons, rows, total))
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
