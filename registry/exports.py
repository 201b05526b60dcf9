"""Columns and writers for list exports (CSV, JSON, XLSX).

Column names are plain English words a spreadsheet user understands. Related records are
the published ones only, joined with "; ": the `public_*` lists the querysets attach
(`published_prefetch`), and a foreign key to a draft is empty (`published_or_none`).
"""

import csv
import io
import json

from django.http import HttpResponse

from registry.models import format_partial_date
from registry.models.base import published_or_none


def names(records) -> str:
    return "; ".join(str(r) for r in records)


def iso(value) -> str:
    return value.isoformat() if value else ""


def yes_no(value) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def common(url):
    """Columns every export ends with: link, sample flag and provenance."""
    return [
        ("url", url),
        ("sample", lambda o: yes_no(o.is_sample)),
        ("source", lambda o: o.source),
        ("source_url", lambda o: o.source_url),
        ("last_verified", lambda o: iso(o.last_verified)),
        ("last_updated", lambda o: iso(o.updated_at)),
    ]


def columns(kind, url):
    """(name, function of a record) pairs for one list; `url` makes absolute links."""
    link = lambda o: url(o.get_absolute_url())  # noqa: E731
    specific = {
        "agreement": [
            ("id", lambda o: o.pk),
            ("title", lambda o: o.title),
            ("instrument", lambda o: o.get_instrument_display()),
            ("status", lambda o: o.get_status_display()),
            ("partners", lambda o: names(o.public_partners)),
            ("indian_agency", lambda o: str(published_or_none(o.indian_agency) or "")),
            ("partner_agency", lambda o: o.partner_agency),
            ("areas", lambda o: names(o.public_areas)),
            ("signed", lambda o: format_partial_date(o.signed_on, o.signed_precision)),
            ("signed_on", lambda o: iso(o.signed_on)),
            ("in_force_from", lambda o: iso(o.in_force_from)),
            ("valid_until", lambda o: iso(o.valid_until)),
            ("legally_binding", lambda o: yes_no(o.is_binding)),
            ("reference", lambda o: o.reference),
        ],
        "call": [
            ("id", lambda o: o.pk),
            ("title", lambda o: o.title),
            ("status", lambda o: o.get_status_display()),
            ("partners", lambda o: names(o.public_partners)),
            ("indian_agencies", lambda o: names(o.public_agencies)),
            ("areas", lambda o: names(o.public_areas)),
            ("opens_at", lambda o: iso(o.opens_at)),
            ("closes_at", lambda o: iso(o.closes_at)),
            ("deadline_precision", lambda o: o.closes_precision),
            ("budget", lambda o: "" if o.budget is None else str(o.budget)),
            ("currency", lambda o: o.currency),
            ("proposals_received", lambda o: o.proposals_received),
            ("projects_funded", lambda o: o.projects_funded),
            ("call_page", lambda o: o.url),
        ],
        "partner": [
            ("name", lambda o: o.name),
            ("kind", lambda o: o.get_kind_display()),
            ("iso_code", lambda o: o.iso_code),
            ("agreements", lambda o: o.agreement_count),
            ("calls", lambda o: o.call_count),
            ("engagements", lambda o: o.engagement_count),
        ],
        "area": [
            ("name", lambda o: o.name),
            ("label_missing_in_source", lambda o: yes_no(o.is_unlabelled)),
            ("engagements", lambda o: o.engagement_count),
            ("agreements", lambda o: o.agreement_count),
            ("calls", lambda o: o.call_count),
        ],
        "facility": [
            ("short_name", lambda o: o.short_name),
            ("name", lambda o: o.name),
            ("kind", lambda o: o.get_kind_display()),
            ("host_partners", lambda o: names(o.public_hosts)),
            ("location", lambda o: o.location),
            (
                "india_role",
                lambda o: names(m.get_membership_type_display() for m in o.public_memberships),
            ),
        ],
        "review": [
            ("id", lambda o: o.pk),
            ("working_group", lambda o: str(published_or_none(o.group) or "")),
            ("title", lambda o: o.title),
            ("meeting_number", lambda o: o.sequence_number),
            ("date", lambda o: o.date_display),
            ("status", lambda o: o.get_status_display()),
            ("place", lambda o: o.place),
            ("mode", lambda o: o.get_mode_display() if o.mode else ""),
            ("public_outcomes", lambda o: o.outcomes),
            ("minutes", lambda o: o.minutes_url),
        ],
        "jwg": [
            ("id", lambda o: o.pk),
            ("name", lambda o: o.name),
            ("partners", lambda o: names(o.public_partners)),
            ("review_cadence_months", lambda o: o.cadence_months),
            ("meetings", lambda o: o.review_count),
            ("last_held", lambda o: iso(o.last_held_on)),
        ],
        "agency": [
            ("short_name", lambda o: o.short_name),
            ("name", lambda o: o.name),
            ("kind", lambda o: o.get_kind_display()),
            ("part_of", lambda o: str(published_or_none(o.parent) or "")),
            ("location", lambda o: o.location),
            ("agreements", lambda o: o.agreement_count),
        ],
    }[kind]
    return specific + common(link)


def rows(records, cols):
    for record in records:
        yield [fn(record) for _, fn in cols]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row):
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)") is kept as text.

    The quote prefix is the usual defence against formula injection in CSV and XLSX; JSON
    is not a spreadsheet and keeps the values as they are.
    """
    return [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in row]


def as_csv(records, cols, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow([name for name, _ in cols])
    writer.writerows(spreadsheet_safe(row) for row in rows(records, cols))
    return response


def as_json(records, cols, filename):
    keys = [name for name, _ in cols]
    data = [dict(zip(keys, row, strict=True)) for row in rows(records, cols)]
    body = json.dumps({"count": len(data), "results": data}, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def as_xlsx(records, cols, filename):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(filename[:31])
    sheet.append([name for name, _ in cols])
    for row in rows(records, cols):
        sheet.append(spreadsheet_safe(row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


WRITERS = {"csv": as_csv, "json": as_json, "xlsx": as_xlsx}
