"""Columns and writers for list exports (CSV, JSON, XLSX).

Column names are plain English words a spreadsheet user understands. Related records are
the published ones only, joined with "; ": the `public_*` lists the querysets attach
(`published_prefetch`), and a foreign key to a draft is empty (`published_or_none`).
"""

import csv
import io
import json

from django.http import HttpResponse


def names(records) -> str:
    return "; ".join(str(r) for r in records)


def iso(value) -> str:
    return value.isoformat() if value else ""


def yes_no(value) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def common(url):
    """Columns every export ends with: permanent identifier, link, sample flag, provenance."""
    return [
        ("identifier", lambda o: o.identifier),
        # The record's page (this was build_absolute_uri(record): its name as a relative path).
        ("url", lambda o: url(o.get_absolute_url())),
        ("sample", lambda o: yes_no(o.is_sample)),
        ("source", lambda o: o.source),
        ("source_url", lambda o: o.source_url),
        ("source_kind", lambda o: o.source_kind),
        ("last_verified", lambda o: iso(o.last_verified)),
        ("last_updated", lambda o: iso(o.updated_at)),
    ]


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
