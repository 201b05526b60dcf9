"""iCalendar (RFC 5545) files of call deadlines, JWG meetings and agreement expiries.

Written by hand: the format is small, and each rule that matters is here: CRLF line ends,
lines folded at 75 octets, TEXT escaping, a stable UID and a DTSTAMP on every event.
Only dates the source gives to the day become events; "March 2025" is not put on a day.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from registry import models
from registry.models import Precision

UTC = datetime.UTC
PRODID = "-//India S&T Cooperation Registry//Calendar//EN"


@dataclass
class Event:
    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    url: str = ""
    description: str = ""


def escape(text: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon, comma and newlines in TEXT values."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue after CRLF and a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: Event, dtstamp: str, host: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}@{host}", f"DTSTAMP:{dtstamp}"]
    if isinstance(event.start, datetime.datetime):
        # A deadline is a moment: no DTEND, so the event lasts no time (RFC 5545 3.6.1).
        lines.append(f"DTSTART:{stamp(event.start)}")
    else:
        end = event.start + datetime.timedelta(days=1)
        lines.append(f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{end:%Y%m%d}")
    lines.append(f"SUMMARY:{escape(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def render(events, name: str, host: str, now: datetime.datetime | None = None) -> str:
    dtstamp = stamp(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += event_lines(event, dtstamp, host)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def sample_prefix(obj) -> str:
    return f"[{_('Sample')}] " if obj.is_sample else ""


def call_deadline(call, url) -> Event | None:
    if call.closes_at is None:
        return None
    if call.closes_precision == models.JointCall.DeadlinePrecision.TIME:
        start = call.closes_at
    elif call.closes_precision == Precision.DAY:
        start = call.closes_at.astimezone(ZoneInfo(call.time_zone or "Asia/Kolkata")).date()
    else:
        return None
    summary = sample_prefix(call) + _("Deadline: %(call)s") % {"call": call.title}
    return Event(f"call-{call.pk}-deadline", summary, start, url(call), call.get_status_display())


def meeting(review, url) -> Event | None:
    if review.held_on is None or review.date_precision != Precision.DAY:
        return None
    summary = sample_prefix(review) + str(review)
    detail = ", ".join(p for p in (review.get_status_display(), review.place) if p)
    return Event(f"jwg-review-{review.pk}", summary, review.held_on, url(review), detail)


def expiry(agreement, url) -> Event | None:
    if agreement.valid_until is None:
        return None
    summary = sample_prefix(agreement) + _("Expires: %(title)s") % {"title": agreement.title}
    return Event(
        f"agreement-{agreement.pk}-expiry",
        summary,
        agreement.valid_until,
        url(agreement),
        agreement.renewal_rule,
    )


def events(url, partner=None) -> list[Event]:
    """Every dated event of published records, optionally only those with one partner."""
    calls = models.JointCall.objects.published()
    reviews = models.JWGReview.objects.published().filter(group__is_published=True)
    agreements = models.Agreement.objects.published()
    if partner is not None:
        calls = calls.filter(partners=partner)
        reviews = reviews.filter(group__partners=partner)
        agreements = agreements.filter(partners=partner)
    link = lambda obj: url(obj.get_absolute_url())  # noqa: E731
    found = [call_deadline(c, link) for c in calls.order_by("closes_at", "id")]
    found += [meeting(r, link) for r in reviews.select_related("group").order_by("held_on", "id")]
    found += [expiry(a, link) for a in agreements.order_by("valid_until", "id")]
    return [e for e in found if e is not None]
