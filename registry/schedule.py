"""When registry work falls due: the one review rule, and how far ahead staff look.

A review falls due one cadence after the last held review; a record that started later than
that (an agreement entering into force after the group last met), or that was never
reviewed, falls due one cadence after its start. It is overdue on every day after its due
date. Working groups and agreements, the tracker, the reminders, the admin filters and the
public pages all ask these functions, so they agree at month ends and year ends.

The horizons are read as `schedule.NAME` when used, so a page and its labels agree.
"""

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Action items due soon (admin filter), and what the reminders call "due soon".
DUE_SOON_DAYS = 14
# Review meetings planned, and working-group reviews falling due (tracker, admin filters).
REVIEW_HORIZON_DAYS = 90
# Agreements expiring (tracker, admin filter).
EXPIRY_HORIZON_DAYS = 180
# Agreements expiring (reminders).
EXPIRY_REMINDER_DAYS = 90
# Review meetings planned, on the public home page.
HOME_UPCOMING_DAYS = 180

# The day a person means: a record created on a day was created on that day in India.
INDIA = ZoneInfo("Asia/Kolkata")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(
    last_held: datetime.date | None,
    cadence_months: int | None,
    started: datetime.date | None = None,
) -> datetime.date | None:
    """When the next review falls due: one cadence after the later of the last held review
    and the start (a review held before a record started did not review it).

    None without a cadence, or with neither a held review nor a start.
    """
    known = [day for day in (last_held, started) if day is not None]
    if not cadence_months or not known:
        return None
    return add_months(max(known), cadence_months)


def is_overdue(due: datetime.date | None, day: datetime.date) -> bool:
    """Overdue on `day`: the due date has passed (a review due today is not yet overdue)."""
    return due is not None and due < day


def falls_due_between(due: datetime.date | None, start: datetime.date, end: datetime.date) -> bool:
    return due is not None and start <= due <= end


def days_after(day: datetime.date, days: int) -> datetime.date:
    """The last day of a horizon of `days` days from `day`."""
    return day + datetime.timedelta(days=days)


def days_left(due: datetime.date | None, day: datetime.date) -> int | None:
    """Days from `day` until `due`: negative when overdue, None without a due date."""
    return None if due is None else (due - day).days


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in India: what was created by `day` is before it."""
    return datetime.datetime.combine(days_after(day, 1), datetime.time.min, tzinfo=INDIA)


# -- renewal of agreements ---------------------------------------------------------------------

# Agreements whose last day to give notice is near (tracker).
NOTICE_HORIZON_DAYS = 180
# Agreements whose last day to give notice is near (reminders: sent once in this window).
NOTICE_REMINDER_DAYS = 60

MONTHS, YEARS = "months", "years"


def term_months(length: int | None, unit: str) -> int | None:
    """A term of `length` `unit`s ("months" or "years") in months; None when not known."""
    if length is None:
        return None
    return length * 12 if unit == YEARS else length


def term_display(length: int | None, unit: str) -> str:
    from django.utils.translation import ngettext

    if length is None:
        return ""
    if unit == YEARS:
        return ngettext("%(n)d year", "%(n)d years", length) % {"n": length}
    return ngettext("%(n)d month", "%(n)d months", length) % {"n": length}


@dataclass(frozen=True)
class RenewalOutlook:
    """What an agreement's renewal rule means on a day.

    `expires_on`: the next day it may end. For one that renews automatically, the end of the
    first term for which notice can still be given on that day (a term whose notice day has
    passed renews, so it does not end then). `notice_by`: the last day to give that notice.
    """

    kind: str  # "" (not known), "automatic", "none"
    expires_on: datetime.date | None = None
    notice_by: datetime.date | None = None


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def renewal_outlook(
    *,
    kind: str,
    live: bool,
    valid_until: datetime.date | None,
    start: datetime.date | None,
    initial_months: int | None,
    renewal_months: int | None,
    notice_months: int | None,
    today: datetime.date,
) -> RenewalOutlook:
    """The next expiry and the last day to give notice, as of `today`.

    The first term ends on `valid_until` when a source states it, else one initial term after
    `start`. With no rule known, the expiry is `valid_until` as stated, nothing computed. With
    no automatic renewal, it is the end of the first term. With automatic renewal (of an
    agreement signed or in force), terms of `renewal_months` follow the first one, each
    counted from the first term's end (so 29 February comes back in leap years, and the 31st
    of a month after a shorter one), until one is reached whose notice day (its end less
    `notice_months`, at the month's last day when shorter) is not yet past; without a notice
    period, until one that has not ended yet.
    """
    first = valid_until
    if first is None and start is not None and initial_months:
        first = add_months(start, initial_months)
    if kind == "":
        return RenewalOutlook(kind, valid_until)
    if kind != "automatic":
        return RenewalOutlook(kind, first)
    if not live or first is None or not renewal_months:
        return RenewalOutlook(kind)

    def notice_day(end):
        return add_months(end, -notice_months) if notice_months else end

    # Jump close to today (a monthly renewal since 1950 need not be walked month by month),
    # landing before the term sought so the walk below finds it.
    behind = _months_between(first, today) - (notice_months or 0)
    terms = max(0, behind // renewal_months - 1)
    end = add_months(first, terms * renewal_months)
    while notice_day(end) < today:
        terms += 1
        end = add_months(first, terms * renewal_months)
    return RenewalOutlook(kind, end, notice_day(end) if notice_months else None)
