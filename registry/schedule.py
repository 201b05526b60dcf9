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
