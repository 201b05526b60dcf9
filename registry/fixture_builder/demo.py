"""demo.json: illustrative sample records, enough to show every status and screen.

The records are the entries of demo_data.yaml, each passed to the function below that builds
its kind, with the entry's fields as keyword arguments (the functions' signatures are the
file's schema). Every record is flagged is_sample, titled "Sample: ...", and (but one draft)
published. They refer to real seed partners and areas by key.
"""

import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from registry.fixture_builder import data_files
from registry.fixture_builder.common import SAMPLE_NOTE, SAMPLE_SOURCE, Registry, Row, envelope
from registry.fixture_builder.data_files import call, load_yaml, table

DEMO_DATA = Path(__file__).with_name("demo_data.yaml")
FIRST_PK = 90000
IST = "Asia/Kolkata"
FACILITY = "demo-facility"


def _envelope(published=True):
    return envelope(
        source=SAMPLE_SOURCE,
        url="",
        verified=None,
        published=published,
        note=SAMPLE_NOTE,
        sample=True,
    )


def _utc(text: str, zone: str = IST) -> str:
    local = datetime.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def build_demo(seed_pks: dict, path: Path = DEMO_DATA) -> Registry:
    path = Path(path)
    name = path.name
    data = table(load_yaml(path), name)
    reg = Registry(first_pk=FIRST_PK)
    for key, fields in table(data.get("agreements"), f"{name}: agreements").items():
        call(partial(_agreement, reg, key), f"{name}, agreement {key!r}", fields)
    for key, fields in table(data.get("groups"), f"{name}: groups").items():
        where = f"{name}, group {key!r}"
        call(partial(_group, reg, key, where), where, fields)
    for n, fields in enumerate(table(data.get("action_items"), f"{name}: action_items", list)):
        call(partial(_action_item, reg, n), f"{name}, action item {n + 1}", fields)
    for key, fields in table(data.get("calls"), f"{name}: calls").items():
        call(partial(_call, reg, key), f"{name}, call {key!r}", fields)
    for key, fields in table(data.get("projects"), f"{name}: projects").items():
        where = f"{name}, project {key!r}"
        call(partial(_project, reg, key, where), where, fields)
    call(partial(_facility, reg, f"{name}, facility"), f"{name}, facility", data.get("facility"))
    return reg


def _agreement(
    reg,
    key,
    *,
    title,
    instrument,
    status,
    partner,
    signed=None,
    precision="day",
    in_force=None,
    valid_until=None,
    areas=(),
    supersedes=None,
    published=True,
    review_cadence_months=None,
):
    fields = {
        "instrument": instrument,
        "is_binding": None,
        "title": title,
        "reference": "",
        "partner_agency": "",
        "signed_on": signed,
        "signed_precision": precision,
        "in_force_from": in_force,
        "valid_until": valid_until,
        "renewal_rule": "",
        "status": status,
        "review_cadence_months": review_cadence_months,
        "summary": "",
        "document_url": "",
        **_envelope(published),
    }
    refs = {
        "partners": [f"partner:{partner}"],
        "indian_agency": "agency:dst",
        "areas": list(areas),
        "supersedes": f"demo-agreement:{supersedes}" if supersedes else None,
        "amends": None,
    }
    reg.add(Row("registry.agreement", f"demo-agreement:{key}", fields, refs))


def _group(reg, key, where, *, name, label, partner, agreement, reviews):
    """The group, then its reviews (`label` names the group in their titles)."""
    fields = {
        "name": name,
        "india_co_chair": "",
        "partner_co_chair": "",
        "cadence_months": 12,
        **_envelope(),
    }
    refs = {
        "partners": [f"partner:{partner}"],
        "agreements": [f"demo-agreement:{agreement}"],
        "secretariat_contact": None,
    }
    reg.add(Row("registry.jointworkinggroup", f"demo-jwg:{key}", fields, refs))
    for review_key, review in table(reviews, f"{where}: reviews").items():
        call(
            partial(_review, reg, key, label, review_key), f"{where}, review {review_key!r}", review
        )


def _review(reg, group, label, key, *, held, status, place, seq=None, mode=""):
    fields = {
        "title": f"Sample: {label} meeting{f' {seq}' if seq else ''} ({status})",
        "sequence_number": seq,
        "held_on": held,
        "date_precision": "day",
        "place": place,
        "mode": mode,
        "status": status,
        "outcomes": "Sample: agreed outcomes would appear here." if status == "held" else "",
        "minutes_url": "",
        **_envelope(),
    }
    reg.add(Row("registry.jwgreview", f"demo-review:{key}", fields, {"group": f"demo-jwg:{group}"}))


def _action_item(reg, n, *, review, description, status, due, completed=None):
    fields = {
        "description": description,
        "owner": "Sample owner: International Cooperation Division",
        "due_on": due,
        "status": status,
        "completed_on": completed,
        **_envelope(),
    }
    refs = {
        "review": f"demo-review:{review}",
        "owner_agency": "agency:dst",
        "responsible_user": None,
    }
    reg.add(Row("registry.actionitem", f"demo-action:{n}", fields, refs))


def _call(
    reg,
    key,
    *,
    title,
    status,
    opens,
    partner,
    area,
    closes=None,
    precision="day",
    received=None,
    funded=None,
    budget=None,
    currency="",
    agreement=None,
    review=None,
):
    fields = {
        "title": title,
        "partner_agency": "",
        "status": status,
        "opens_at": _utc(opens),
        "closes_at": _utc(closes) if closes else None,
        "closes_precision": precision,
        "time_zone": IST,
        "budget": budget,
        "currency": currency,
        "url": "",
        "scope": "Sample: the call's scope would appear here.",
        "proposals_received": received,
        "projects_funded": funded,
        **_envelope(),
    }
    refs = {
        "partners": [f"partner:{partner}"],
        "agencies": ["agency:dst"],
        "areas": [area],
        "agreement": f"demo-agreement:{agreement}" if agreement else None,
        "review": f"demo-review:{review}" if review else None,
    }
    reg.add(Row("registry.jointcall", f"demo-call:{key}", fields, refs))


def _project(
    reg,
    key,
    where,
    *,
    title,
    call,
    status,
    partner,
    area,
    started,
    ended=None,
    partner_institution="",
    indian_funding=None,
    indian_currency="",
    partner_funding=None,
    partner_currency="",
    published=True,
    results=None,
):
    """A project under a sample call, then its results (in date order)."""
    fields = {
        "title": title,
        "partner_institution": partner_institution,
        "investigators": "",
        "status": status,
        "started_on": started,
        "ended_on": ended,
        "indian_funding": indian_funding,
        "indian_currency": indian_currency,
        "partner_funding": partner_funding,
        "partner_currency": partner_currency,
        "summary": "Sample: the project's summary would appear here.",
        "url": "",
        **_envelope(published),
    }
    refs = {
        "call": f"demo-call:{call}",
        "partners": [f"partner:{partner}"],
        "areas": [area],
        "indian_institution": None,
    }
    reg.add(Row("registry.project", f"demo-project:{key}", fields, refs))
    for result_key, result in table(results or {}, f"{where}: results").items():
        # `call` here is the project's call; the builder's helper is data_files.call.
        data_files.call(
            partial(_result, reg, key, result_key), f"{where}, result {result_key!r}", result
        )


def _result(reg, project, key, *, kind, date, description, doi="", published=True):
    fields = {
        "kind": kind,
        "occurred_on": date,
        "date_precision": "day",
        "description": description,
        "doi": doi,
        "url": "",
        **_envelope(published),
    }
    refs = {"project": f"demo-project:{project}"}
    reg.add(Row("registry.projectresult", f"demo-result:{key}", fields, refs))


def _facility(reg, where, *, name, short_name, slug, kind, hosts, memberships):
    """The one sample facility, then its memberships."""
    fields = {
        "name": name,
        "short_name": short_name,
        "slug": slug,
        "kind": kind,
        "host_organisation": "",
        "location": "",
        "url": "",
        "description": "",
        **_envelope(),
    }
    refs = {"host_partners": [f"partner:{host}" for host in hosts]}
    reg.add(Row("registry.facility", FACILITY, fields, refs))
    for key, membership in table(memberships, f"{where}: memberships").items():
        call(partial(_membership, reg, key), f"{where}, membership {key!r}", membership)


def _membership(reg, key, *, membership_type, started, scope, ended=None):
    fields = {
        "membership_type": membership_type,
        "started_on": started,
        "started_precision": "day",
        "ended_on": ended,
        "scope": scope,
        **_envelope(),
    }
    refs = {"facility": FACILITY, "nodal_agency": "agency:dst", "agreement": None}
    reg.add(Row("registry.facilitymembership", f"demo-membership:{key}", fields, refs))
