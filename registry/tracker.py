"""The JWG review tracker: what needs the secretariat's attention on a given day.

Each section (a `Check`) is a queryset method over the records that existed on that day
(`existing_on`); each row names the partners, the person responsible, the due date and the
days left or overdue. Overdue sections come first. Due dates follow registry.schedule.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registry import models, permissions, schedule
from registry.models.agreements import dormant_span
from registry.publishing import NEVER_PUBLISHED

PAGE_SIZE = 25  # rows per page of a section
SORTS = ("date", "partner", "record")

# When a section is shown open: always (overdue work), when it fits on one page, or only
# when asked for (a long list of housekeeping).
OPEN, OPEN_WHEN_SHORT, CLOSED = "open", "open_when_short", "closed"


@dataclass(frozen=True)
class TrackedType:
    """How the tracker shows one model's records: what to fetch for a page of rows, whose
    partners they are, who is responsible, and their status."""

    fetch: Callable  # (queryset) -> queryset with what the row shows, in no extra query
    partner_link: tuple[str, str]  # Partner lookup to the record, and the record's field
    record_name: Callable  # () -> expression sorted on as the record's name
    partners: Callable  # (record) -> partners
    responsible: Callable  # (record) -> users or names
    status: Callable  # (record) -> text


@dataclass(frozen=True)
class Check:
    """One section: its records on a day, and the field holding each row's date."""

    key: str
    model: type
    title: str
    records: Callable  # (queryset of the records existing on the day, day) -> queryset
    date_field: str
    is_deadline: bool = True  # the date is a due date: rows count days left or overdue
    opens: str = OPEN_WHEN_SHORT
    sort_label: str = ""  # what the date is, when not a due date or the signing date

    @property
    def date_label(self) -> str:
        if self.sort_label:
            return str(self.sort_label)
        return _("due date") if self.is_deadline else _("date signed")


@dataclass
class Row:
    obj: object
    url: str
    partners: list[str]
    responsible: list[str]
    due: datetime.date | None
    days: int | None  # negative when overdue
    status: str

    @property
    def days_text(self) -> str:
        if self.days is None:
            return ""
        if self.days < 0:
            n = -self.days
            return ngettext("%(n)d day overdue", "%(n)d days overdue", n) % {"n": n}
        if self.days == 0:
            return _("due today")
        return ngettext("%(n)d day left", "%(n)d days left", self.days) % {"n": self.days}

    @property
    def is_overdue(self) -> bool:
        return self.days is not None and self.days < 0

    @property
    def is_draft(self) -> bool:
        """A record the public could see once published, not published yet."""
        return type(self.obj) not in NEVER_PUBLISHED and not self.obj.is_published


@dataclass
class Section:
    check: Check
    title: str
    sort: str
    page: Page
    rows: list[Row]

    @property
    def key(self) -> str:
        return self.check.key

    @property
    def total(self) -> int:
        return self.page.paginator.count


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def names(*people) -> list[str]:
    """Distinct names of users (or plain names), in order, leaving out the missing."""
    shown = [person(p) if hasattr(p, "get_username") else p for p in people]
    return list(dict.fromkeys(name for name in shown if name))


def _agreement_status(agreement) -> str:
    status = agreement.get_status_display()
    if agreement.status == models.Agreement.Status.SIGNED and agreement.signed_on:
        status = _("%(status)s %(date)s") % {"status": status, "date": agreement.signed_display}
    # The sections on renewal and activity annotate what their rows need to say.
    if hasattr(agreement, "notice_by"):
        outlook = agreement.renewal(agreement.notice_by)
        status += " · " + _("renews for %(period)s; the term ends on %(day)s") % {
            "period": agreement.renewal_term_display,
            "day": date_format(outlook.expires_on, "j F Y"),
        }
    if hasattr(agreement, "last_activity"):
        if agreement.last_activity:
            last = date_format(agreement.last_activity, "j F Y")
            status += " · " + _("last activity %(day)s") % {"day": last}
        else:
            status += " · " + _("no activity recorded")
    return status


def _cadence(group) -> str:
    n = group.cadence_months
    return ngettext("Meets every %(n)d month", "Meets every %(n)d months", n) % {"n": n}


TRACKED = {
    models.JWGReview: TrackedType(
        fetch=lambda qs: qs.select_related("group__secretariat_contact").prefetch_related(
            "group__partners"
        ),
        partner_link=("working_groups", "group"),
        record_name=lambda: Lower(Coalesce(NullIf("title", Value("")), "group__name")),
        partners=lambda review: review.group.partners.all(),
        responsible=lambda review: names(review.group.secretariat_contact),
        status=lambda review: review.get_status_display(),
    ),
    models.JointWorkingGroup: TrackedType(
        fetch=lambda qs: qs.select_related("secretariat_contact").prefetch_related("partners"),
        partner_link=("working_groups", "pk"),
        record_name=lambda: Lower("name"),
        partners=lambda group: group.partners.all(),
        responsible=lambda group: names(group.secretariat_contact),
        status=_cadence,
    ),
    models.ActionItem: TrackedType(
        fetch=lambda qs: qs.select_related(
            "responsible_user", "review__group__secretariat_contact"
        ).prefetch_related("review__group__partners"),
        partner_link=("working_groups", "review__group"),
        record_name=lambda: Lower("description"),
        partners=lambda item: item.review.group.partners.all(),
        responsible=lambda item: names(item.responsible_user or item.owner),
        status=lambda item: item.get_status_display(),
    ),
    models.Agreement: TrackedType(
        fetch=lambda qs: qs.prefetch_related("partners", "working_groups__secretariat_contact"),
        partner_link=("agreements", "pk"),
        record_name=lambda: Lower("title"),
        partners=lambda agreement: agreement.partners.all(),
        responsible=lambda agreement: names(
            *(g.secretariat_contact for g in agreement.working_groups.all())
        ),
        status=_agreement_status,
    ),
}


def _review_window(day):
    return schedule.days_after(day, schedule.REVIEW_HORIZON_DAYS)


CHECKS = [
    Check(
        "reviews_overdue",
        models.JWGReview,
        gettext_lazy("Review meetings overdue (planned, date passed, not recorded as held)"),
        lambda qs, day: qs.overdue_on(day),
        "held_on",
        opens=OPEN,
    ),
    Check(
        "groups_overdue",
        models.JointWorkingGroup,
        gettext_lazy("Working groups whose review is overdue (last held review plus cadence)"),
        lambda qs, day: qs.review_overdue_on(day),
        "review_due_on",
        opens=OPEN,
    ),
    Check(
        "agreements_review_overdue",
        models.Agreement,
        gettext_lazy(
            "Agreements whose review is overdue (last held review, or entry into force or "
            "signing, plus their cadence)"
        ),
        lambda qs, day: qs.review_overdue_on(day),
        "review_due_on",
        opens=OPEN,
    ),
    Check(
        "actions_overdue",
        models.ActionItem,
        gettext_lazy("Action items overdue"),
        lambda qs, day: qs.overdue_on(day),
        "due_on",
        opens=OPEN,
    ),
    Check(
        "reviews_upcoming",
        models.JWGReview,
        gettext_lazy("Review meetings planned in the next %(review_days)d days"),
        lambda qs, day: qs.upcoming(day, schedule.REVIEW_HORIZON_DAYS),
        "held_on",
    ),
    Check(
        "groups_due",
        models.JointWorkingGroup,
        gettext_lazy("Working groups whose review falls due in the next %(review_days)d days"),
        lambda qs, day: qs.review_due_between(day, _review_window(day)),
        "review_due_on",
    ),
    Check(
        "agreements_expiring",
        models.Agreement,
        gettext_lazy("Agreements expiring in the next %(expiry_days)d days"),
        lambda qs, day: qs.expiring_within(schedule.EXPIRY_HORIZON_DAYS, day),
        "valid_until",
    ),
    Check(
        "notice_deadlines",
        models.Agreement,
        gettext_lazy(
            "Agreements renewing automatically whose last day to give notice is in the next "
            "%(notice_days)d days"
        ),
        lambda qs, day: qs.notice_due_between(
            day, schedule.days_after(day, schedule.NOTICE_HORIZON_DAYS)
        ),
        "notice_by",
        sort_label=gettext_lazy("last day to give notice"),
    ),
    Check(
        "agreements_dormant",
        models.Agreement,
        gettext_lazy(
            "Dormant agreements: signed or in force, with no meeting, joint call or start "
            "recorded in the last %(dormant_span)s"
        ),
        lambda qs, day: qs.dormant_on(day),
        "last_activity",
        is_deadline=False,
        opens=CLOSED,
        sort_label=gettext_lazy("last activity"),
    ),
    Check(
        "agreements_not_in_force",
        models.Agreement,
        gettext_lazy("Agreements signed, with no entry into force recorded"),
        lambda qs, day: qs.signed_not_in_force(),
        "signed_on",
        is_deadline=False,
        opens=CLOSED,
    ),
]


def visible_checks(user=None) -> list[Check]:
    """The checks whose records `user` may view (all of them without a user)."""
    return [c for c in CHECKS if user is None or permissions.may(user, "view", c.model)]


def title_of(check: Check) -> str:
    horizons = {
        "review_days": schedule.REVIEW_HORIZON_DAYS,
        "expiry_days": schedule.EXPIRY_HORIZON_DAYS,
        "notice_days": schedule.NOTICE_HORIZON_DAYS,
        "dormant_span": dormant_span(),
    }
    return str(check.title) % horizons


def _first_partner(tracked: TrackedType):
    lookup, field = tracked.partner_link
    partners = models.Partner.objects.filter(**{lookup: OuterRef(field)}).order_by(Lower("name"))
    return Subquery(partners.values("name")[:1])


def records(check: Check, day: datetime.date, sort: str = "date") -> QuerySet:
    """The section's records on `day`, sorted by `sort` (one of SORTS), with what a row shows."""
    tracked = TRACKED[check.model]
    existing = check.model.objects.existing_on(day)
    qs = tracked.fetch(check.records(existing, day))
    by_date = F(check.date_field).asc(nulls_last=True)
    if sort == "partner":
        qs = qs.annotate(first_partner=_first_partner(tracked))
        return qs.order_by(F("first_partner").asc(nulls_last=True), by_date, "pk")
    if sort == "record":
        return qs.annotate(record_name=tracked.record_name()).order_by("record_name", "pk")
    return qs.order_by(by_date, "pk")


def row(check: Check, obj, day: datetime.date) -> Row:
    tracked = TRACKED[check.model]
    opts = obj._meta
    date = getattr(obj, check.date_field)
    due = date if check.is_deadline else None
    return Row(
        obj=obj,
        url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        partners=[str(p) for p in tracked.partners(obj)],
        responsible=tracked.responsible(obj),
        due=due,
        days=schedule.days_left(due, day),
        status=tracked.status(obj),
    )


def section(check: Check, day: datetime.date, sort: str = "date", page=1) -> Section:
    """One page (PAGE_SIZE rows) of a section; an unknown sort is by date, a page number out
    of range is the nearest page."""
    sort = sort if sort in SORTS else "date"
    shown = Paginator(records(check, day, sort), PAGE_SIZE).get_page(page)
    rows = [row(check, obj, day) for obj in shown.object_list]
    return Section(check, title_of(check), sort, shown, rows)


def all_rows(check: Check, day: datetime.date, sort: str = "date") -> Iterator[Row]:
    """Every row of a section, for the export, a chunk of records at a time."""
    for obj in records(check, day, sort if sort in SORTS else "date").iterator(chunk_size=500):
        yield row(check, obj, day)
