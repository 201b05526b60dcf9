"""Timelines: an agreement's life and India's membership periods of a facility, as dated events.

Built from what the record pages already prefetch (published relations only), so a timeline
adds no query and shows no draft. Each event's date is also text, shown only as precisely as
the source gives it.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import format_partial_date


@dataclass
class Event:
    on: datetime.date
    shown: str  # the date as text, as precise as its source
    kind: str  # signed, in_force, meeting, call, amendment, replaced, valid_until
    label: str
    url: str = ""
    upcoming: bool = False


def agreement_timeline(agreement, today: datetime.date | None = None) -> list[Event]:
    today = today or timezone.localdate()
    events = []
    if agreement.signed_on:
        events.append(Event(agreement.signed_on, agreement.signed_display, "signed", _("Signed")))
    if agreement.in_force_from:
        events.append(
            Event(agreement.in_force_from, day(agreement.in_force_from), "in_force", _("In force"))
        )
    for group in agreement.public_groups:
        for review in group.public_reviews:
            if review.held_on and review.status in ("held", "planned"):
                events.append(meeting(review))
    for call in agreement.public_calls:
        if call.opens_at:
            opened = timezone.localdate(call.opens_at)
            text = _("Call launched: %(call)s") % {"call": call.title}
            events.append(Event(opened, day(opened), "call", text, call.get_absolute_url()))
    for later, kind, text in (
        (agreement.public_amendments, "amendment", _("Amended by %(agreement)s")),
        (agreement.public_superseded_by, "replaced", _("Replaced by %(agreement)s")),
    ):
        for other in later:
            if other.signed_on:
                label = text % {"agreement": other.title}
                url = other.get_absolute_url()
                events.append(Event(other.signed_on, other.signed_display, kind, label, url))
    if agreement.valid_until:
        until = agreement.valid_until
        events.append(Event(until, day(until), "valid_until", _("Valid until")))
    for event in events:
        event.upcoming = event.on > today
    return sorted(events, key=lambda e: (e.on, ORDER.index(e.kind)))


ORDER = ["signed", "in_force", "meeting", "call", "amendment", "replaced", "valid_until"]


def day(value: datetime.date) -> str:
    return format_partial_date(value)


def meeting(review) -> Event:
    if review.status == "planned":
        label = _("Meeting planned: %(meeting)s") % {"meeting": review}
    else:
        label = _("Meeting held: %(meeting)s") % {"meeting": review}
    return Event(review.held_on, review.date_display, "meeting", label, review.get_absolute_url())


@dataclass
class Period:
    label: str
    started: str
    ended: str
    x: float  # position and width on a 0-1000 axis
    width: float
    ongoing: bool


def membership_periods(memberships, today: datetime.date | None = None) -> dict | None:
    """India's membership periods of a facility on one axis of years, or None without dates."""
    today = today or timezone.localdate()
    dated = [m for m in memberships if m.started_on]
    if not dated:
        return None
    first = min(m.started_on.year for m in dated)
    last = max((m.ended_on or today).year for m in dated) + 1
    span = max(last - first, 1)

    def x(value: datetime.date) -> float:
        return round((value.year - first + (value.timetuple().tm_yday - 1) / 366) * 1000 / span, 1)

    periods = []
    for m in dated:
        end = m.ended_on or today
        start_x = x(m.started_on)
        periods.append(
            Period(
                label=m.get_membership_type_display(),
                started=m.started_display,
                ended=day(m.ended_on) if m.ended_on else _("ongoing"),
                x=start_x,
                width=max(x(end) - start_x, 4),
                ongoing=m.ended_on is None,
            )
        )
    step = 5 if span > 12 else 1
    ticks = [
        (year, round((year - first) * 1000 / span, 1)) for year in range(first, last + 1, step)
    ]
    return {"periods": periods, "ticks": ticks, "first": first, "last": last}
