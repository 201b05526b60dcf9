"""iCalendar (RFC 5545) files of call deadlines, JWG meetings and agreement expiries.

Written by hand: the format is small, and each rule that matters is here: CRLF line ends,
lines folded at 75 octets, TEXT escaping, a stable UID and a DTSTAMP on every event.
Only dates the source gives to the day become events; "March 2025" is not put on a day.

An event's UID names the record's type, its pk and the kind of event, never the date, so a
moved deadline is the same event; its SEQUENCE counts how often that date changed while the
record was public (read from the history), so calendar programs take the new date.
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
    sequence: int = 0


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
    lines.append(f"SEQUENCE:{event.sequence}")
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
        # How often a subscribed calendar is fetched again (RFC 7986, and Outlook's name).
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
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


# The event each record type gives, and the fields its date is read from.
EVENT_OF = {
    models.JointCall: (call_deadline, ("closes_at", "closes_precision", "time_zone")),
    models.JWGReview: (meeting, ("held_on", "date_precision")),
    models.Agreement: (expiry, ("valid_until",)),
}


def date_sequences(model, pks) -> dict[int, int]:
    """{pk: how many times the event's date changed while the record was public}.

    Drafts do not count: a date changed and changed back before publication moved nothing
    anyone saw; a date changed while withdrawn counts once the record is public again.
    """
    fields = EVENT_OF[model][1]
    rows = (
        model.history.filter(id__in=pks)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "is_published", "history_type", *fields)
    )
    sequences: dict[int, int] = {}
    last_seen: dict[int, tuple] = {}
    for pk, is_published, history_type, *values in rows:
        if not is_published or history_type == "-":
            continue
        seen = last_seen.get(pk)
        if seen is not None and seen != tuple(values):
            sequences[pk] = sequences.get(pk, 0) + 1
        last_seen[pk] = tuple(values)
    return sequences


def events_of(queryset, url) -> list[Event]:
    """The events of a queryset's records (of one type in EVENT_OF), in their order, with
    their SEQUENCE; `url` makes a record's page address absolute. Two queries, with or
    without records (the history is read through a subquery of the same records)."""
    model = queryset.model
    records = list(queryset)
    event_of = EVENT_OF[model][0]
    sequences = date_sequences(model, queryset.order_by().values("pk"))
    link = lambda obj: url(obj.get_absolute_url())  # noqa: E731
    found = []
    for record in records:
        event = event_of(record, link)
        if event is not None:
            event.sequence = sequences.get(record.pk, 0)
            found.append(event)
    return found


def events(url, partner=None) -> list[Event]:
    """Every dated event of published records, optionally only those with one partner."""
    calls = models.JointCall.objects.published()
    reviews = models.JWGReview.objects.published().filter(group__is_published=True)
    agreements = models.Agreement.objects.published()
    if partner is not None:
        calls = calls.filter(partners=partner)
        reviews = reviews.filter(group__partners=partner)
        agreements = agreements.filter(partners=partner)
    found = events_of(calls.order_by("closes_at", "id"), url)
    found += events_of(reviews.select_related("group").order_by("held_on", "id"), url)
    found += events_of(agreements.order_by("valid_until", "id"), url)
    return found
