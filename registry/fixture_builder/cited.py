"""cited_facts.json: the rows of fixtures/sources/cited_facts.csv, read by cited_readings.yaml.

High and medium confidence rows become published records, low ones unpublished drafts awaiting
verification, not_found rows are skipped. Every record cites its own row.
"""

import csv
import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from registry.fixture_builder.common import BuildError, Registry, Row, envelope, partial_date
from registry.fixture_builder.readings import READINGS, load_readings

FIRST_PK = 1000
PUBLISHED = {"high": True, "medium": True, "low": False}
LOW_NOTE = "Awaiting verification."
FIRST_LINE = 2  # line 1 of the CSV is the header
NEW_RECORD_NOTES = {
    "facility": "Not in the PIB list: PIB release 2085957 does not name this facility.",
    "partner": "Not named in PIB release 2085957; added for this row.",
}


def read_rows(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, data in enumerate(rows, FIRST_LINE):
        data["line"] = line
    return rows


def citation(data: dict) -> str:
    """The source as a reader can find it: the web page's site, or the PIB release number.

    The CSV names neither a document title nor a publisher, so none is made up: a PIB page
    says its release number in its address, any other page is named by its site.
    """
    url = urlsplit(data["source_url"])
    host = url.netloc.removeprefix("www.")
    release = parse_qs(url.query).get("PRID", [""])[0]
    if host == "pib.gov.in" and release.isdigit():
        return f"Press Information Bureau release {release} ({host})"
    return f"Web page on {host}"


def locator(data: dict) -> str:
    """The compilers' pointer back to the CSV row: for the data download and the admin."""
    return f"cited_facts.csv row {data['line']}, {data['confidence']} confidence"


def build_cited(
    path: Path, seed_pks: dict, readings_path: Path = READINGS
) -> tuple[Registry, list[str]]:
    rows = read_rows(path)
    groups, readings = load_readings(readings_path)
    _check_entries(rows, readings)
    by_name = {data["name"]: data for data in rows}
    merged = _merged_rows(rows, by_name, readings)
    reg = Registry(first_pk=FIRST_PK)
    builder = _Builder(reg, seed_pks, {data["line"]: data for data in rows})
    builder.add_groups(groups)
    report = []
    for data in rows:
        entry = readings[data["name"]]
        kinds = {spec["type"] for spec in entry["specs"]}
        if "skip" in kinds:
            report.append(f"row {data['line']} ({data['name']}): {entry['specs'][0]['reason']}")
        elif "merge" not in kinds:
            extra = merged.get(data["name"], [])
            for spec in entry["specs"]:
                builder.add(spec, data, entry["remark"], extra)
    return reg, report


def _check_entries(rows, readings):
    names = [data["name"] for data in rows]
    missing = [name for name in names if name not in readings]
    unused = [name for name in readings if name not in names]
    if missing or unused:
        raise BuildError(f"rows without a reading: {missing}; readings without a row: {unused}")
    for data in rows:
        kinds = {spec["type"] for spec in readings[data["name"]]["specs"]}
        if data["confidence"] == "not_found" and kinds != {"skip"}:
            raise BuildError(f"row {data['line']} is not_found and must be skipped")
        if data["confidence"] not in PUBLISHED and data["confidence"] != "not_found":
            raise BuildError(f"row {data['line']}: unknown confidence {data['confidence']!r}")


def _merged_rows(rows, by_name, readings) -> dict[str, list[dict]]:
    """Target row name -> the rows merged into its records (same publication tier only)."""
    merged = {}
    for data in rows:
        for spec in readings[data["name"]]["specs"]:
            if spec["type"] != "merge":
                continue
            target = by_name.get(spec["into"])
            if target is None or PUBLISHED[target["confidence"]] != PUBLISHED[data["confidence"]]:
                raise BuildError(f"row {data['line']} cannot merge into {spec['into']!r}")
            merged.setdefault(spec["into"], []).append(data)
    return merged


def _ref(kind: str, key):
    if key is None:
        return None
    return key if ":" in key else f"{kind}:{key}"


def _date(text):
    return partial_date(text) if text else (None, "day")


def _moment(text, time_zone: str, *, end_of_day: bool):
    """A deadline or opening in its time zone, as UTC: a bare date closes at the day's end."""
    if not text:
        return None
    if "T" in text:
        local = datetime.datetime.fromisoformat(text)
    else:
        day = datetime.date.fromisoformat(text)
        local = datetime.datetime.combine(
            day, datetime.time(23, 59, 59) if end_of_day else datetime.time()
        )
    moment = local.replace(tzinfo=ZoneInfo(time_zone)).astimezone(datetime.UTC)
    return moment.isoformat().replace("+00:00", "Z")


class _Builder:
    def __init__(self, reg: Registry, seed_pks: dict, lines: dict):
        self.reg, self.seed_pks, self.lines = reg, seed_pks, lines

    def envelope(self, data, remark="", extra=()):
        parts = [LOW_NOTE] if data["confidence"] == "low" else []
        parts.append(data["detail"])
        if remark:
            parts.append(remark)
        source, where = citation(data), locator(data)
        for other in extra:
            parts.append(f"Also from {citation(other)}, {other['source_url']}: {other['detail']}")
            source += "; " + citation(other)
            where += "; " + locator(other)
        listed = "; ".join(
            f"{label}: {data[column]}"
            for label, column in (
                ("partner", "partner"),
                ("Indian agency", "indian_agency"),
                ("date", "date_or_year"),
            )
            if data[column]
        )
        parts.append(f"As compiled: {listed}.")
        return envelope(
            source=source,
            url=data["source_url"],
            verified=None,
            published=PUBLISHED[data["confidence"]],
            note="\n\n".join(parts),
            kind=data["source_kind"],
            locator=where,
        )

    def add_groups(self, groups):
        for key, group in groups.items():
            data = self.lines.get(group["cites_row"])
            if data is None:
                raise BuildError(f"group {key!r} cites row {group['cites_row']}, not in the CSV")
            fields = {
                "name": group["name"],
                "india_co_chair": "",
                "partner_co_chair": "",
                "cadence_months": None,
                **self.envelope(data, group["note"]),
            }
            refs = {
                "partners": [f"partner:{p}" for p in group["partners"]],
                "agreements": [],
                "secretariat_contact": None,
            }
            self.reg.add(Row("registry.jointworkinggroup", f"jwg:{key}", fields, refs))

    def add(self, spec, data, remark, extra):
        handler = getattr(self, f"_{spec['type']}")
        model, key, fields, refs = handler(spec, data)
        remark = " ".join(filter(None, [NEW_RECORD_NOTES.get(spec["type"]), remark]))
        fields.update(self.envelope(data, remark, extra))
        self.reg.add(Row(model, key, fields, refs))

    def _partners(self, names):
        return [f"partner:{name}" for name in names]

    def _agreement(self, spec, data):
        signed, precision = _date(spec["signed"])
        fields = {
            "instrument": spec["instrument"],
            "is_binding": None,
            "title": spec["title"],
            "reference": spec["reference"],
            "partner_agency": spec["partner_agency"],
            "signed_on": signed,
            "signed_precision": precision,
            "in_force_from": spec["in_force"],
            "valid_until": None,
            "renewal_rule": spec["renewal"],
            "status": spec["status"],
            "review_cadence_months": None,
            "summary": "",
            "document_url": "",
        }
        if spec["term"]:
            # Only a term the row states ("valid 6 years"): its renewal stays unknown.
            fields["initial_term"], fields["initial_term_unit"] = _term(spec["term"])
        refs = {
            "partners": self._partners(spec["partners"]),
            "indian_agency": _ref("agency", spec["agency"]),
            "areas": [],
            "supersedes": _ref("agreement", spec["supersedes"]),
            "amends": _ref("agreement", spec["amends"]),
        }
        return "registry.agreement", f"agreement:{spec['key']}", fields, refs

    def _membership(self, spec, data):
        started, precision = _date(spec["started"])
        fields = {
            "membership_type": spec["membership_type"],
            "started_on": started,
            "started_precision": precision,
            "ended_on": None,
            "scope": data["detail"],
        }
        refs = {
            "facility": _ref("facility", spec["facility"]),
            "nodal_agency": _ref("agency", spec["agency"]),
            "agreement": _ref("agreement", spec["agreement"]),
        }
        return "registry.facilitymembership", f"membership:{spec['key']}", fields, refs

    def _figure(self, spec, data):
        fields = {
            "label": spec["label"],
            "value": spec["value"],
            "value_text": spec["value_text"],
            "as_of": spec["as_of"],
        }
        refs = {"agency": _ref("agency", spec["agency"])}
        return "registry.statedfigure", f"figure:{spec['key']}", fields, refs

    def _call(self, spec, data):
        zone = spec["time_zone"]
        fields = {
            "title": spec["title"],
            "partner_agency": spec["partner_agency"],
            "status": spec["status"],
            "opens_at": _moment(spec["opens"], zone, end_of_day=False),
            "closes_at": _moment(spec["closes"], zone, end_of_day=True),
            "closes_precision": spec["precision"],
            "time_zone": zone,
            "budget": None,
            "currency": "",
            "url": "",
            "scope": data["detail"],
            "proposals_received": None,
            "projects_funded": None,
        }
        refs = {
            "partners": self._partners(spec["partners"]),
            "agencies": [f"agency:{a}" for a in spec["agencies"]],
            "areas": [],
            "agreement": None,
            "review": None,
        }
        return "registry.jointcall", f"call:{spec['key']}", fields, refs

    def _review(self, spec, data):
        held, precision = _date(spec["held"])
        if held is None:
            raise BuildError(f"row {data['line']}: a held review needs a date")
        fields = {
            "title": spec["title"] or data["name"],
            "sequence_number": spec["seq"],
            "held_on": held,
            "date_precision": precision,
            "place": spec["place"],
            "mode": spec["mode"],
            "status": "held",
            "outcomes": data["detail"],
            "minutes_url": "",
        }
        refs = {"group": f"jwg:{spec['group']}"}
        return "registry.jwgreview", f"review:{spec['key']}", fields, refs

    def _facility(self, spec, data):
        fields = {
            "name": spec["name"],
            "short_name": spec["short_name"],
            "slug": slugify(spec["short_name"]),
            "kind": spec["kind"],
            "host_organisation": "",
            "location": spec["location"],
            "url": "",
            "description": "",
        }
        refs = {"host_partners": self._partners(spec["hosts"])}
        return "registry.facility", f"facility:{spec['key']}", fields, refs

    def _partner(self, spec, data):
        fields = {
            "kind": "country",
            "name": spec["name"],
            "slug": slugify(spec["name"]),
            "official_name": "",
            "iso_code": spec["iso_code"],
            "url": "",
            "description": "",
        }
        return "registry.partner", f"partner:{spec['name']}", fields, {"members": []}


def _term(text: str) -> tuple[int, str]:
    """'6 years' or '18 months' → (6, 'years'), as the readings write a stated term."""
    number, _, unit = str(text).partition(" ")
    unit = {"year": "years", "years": "years", "month": "months", "months": "months"}.get(unit)
    if not number.isdigit() or unit is None:
        raise BuildError(f"a term is written '6 years' or '18 months', not {text!r}")
    return int(number), unit
