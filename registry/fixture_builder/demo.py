"""demo.json: illustrative sample records, enough to show every status and screen.

Every record is flagged is_sample, titled "Sample: ...", and (but one draft) published. They
refer to real seed partners and areas by key. Dates are set around 2026-11-25 so that the
dashboards have something overdue, due soon and expiring soon on that day.
"""

import datetime
from zoneinfo import ZoneInfo

from registry.fixture_builder.common import SAMPLE_NOTE, SAMPLE_SOURCE, Registry, Row, envelope
from registry.fixture_builder.demo_data import ACTION_ITEMS, AGREEMENTS, CALLS, GROUP_LABELS, GROUPS

FIRST_PK = 90000
IST = "Asia/Kolkata"


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


def build_demo(seed_pks: dict) -> Registry:
    reg = Registry(first_pk=FIRST_PK)
    _agreements(reg)
    _groups(reg)
    _calls(reg)
    _facility(reg)
    return reg


def _agreements(reg):
    for (
        key,
        title,
        instrument,
        status,
        signed,
        precision,
        in_force,
        until,
        partner,
        areas,
        supersedes,
        published,
    ) in AGREEMENTS:
        fields = {
            "instrument": instrument,
            "is_binding": None,
            "title": title,
            "reference": "",
            "partner_agency": "",
            "signed_on": signed,
            "signed_precision": precision,
            "in_force_from": in_force,
            "valid_until": until,
            "renewal_rule": "",
            "status": status,
            "review_cadence_months": 12 if key == "quantum-mou" else None,
            "summary": "",
            "document_url": "",
            **_envelope(published),
        }
        refs = {
            "partners": [f"partner:{partner}"],
            "indian_agency": "agency:dst",
            "areas": areas,
            "supersedes": f"demo-agreement:{supersedes}" if supersedes else None,
            "amends": None,
        }
        reg.add(Row("registry.agreement", f"demo-agreement:{key}", fields, refs))


def _groups(reg):
    for key, (name, partner, agreement, reviews) in GROUPS.items():
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
        for review_key, seq, day, status, place, mode in reviews:
            _review(reg, key, review_key, seq, day, status, place, mode)
    for n, (review, description, status, due, completed) in enumerate(ACTION_ITEMS):
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


def _review(reg, group, key, seq, day, status, place, mode):
    fields = {
        "title": f"Sample: {GROUP_LABELS[group]} meeting{f' {seq}' if seq else ''} ({status})",
        "sequence_number": seq,
        "held_on": day,
        "date_precision": "day",
        "place": place,
        "mode": mode,
        "status": status,
        "outcomes": "Sample: agreed outcomes would appear here." if status == "held" else "",
        "minutes_url": "",
        **_envelope(),
    }
    reg.add(Row("registry.jwgreview", f"demo-review:{key}", fields, {"group": f"demo-jwg:{group}"}))


def _calls(reg):
    for key, title, status, opens, closes, precision, partner, area, figures in CALLS:
        received, funded = figures
        fields = {
            "title": title,
            "partner_agency": "",
            "status": status,
            "opens_at": _utc(opens),
            "closes_at": _utc(closes) if closes else None,
            "closes_precision": precision,
            "time_zone": IST,
            "budget": "5000000.00" if key == "results" else None,
            "currency": "INR" if key == "results" else "",
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
            "agreement": None,
            "review": None,
        }
        reg.add(Row("registry.jointcall", f"demo-call:{key}", fields, refs))


def _facility(reg):
    fields = {
        "name": "Sample: Example Neutron Source",
        "short_name": "Sample neutron source",
        "slug": "sample-neutron-source",
        "kind": "other",
        "host_organisation": "",
        "location": "",
        "url": "",
        "description": "",
        **_envelope(),
    }
    refs = {"host_partners": ["partner:Sweden"]}
    reg.add(Row("registry.facility", "demo-facility", fields, refs))
    memberships = [
        ("ended", "observer", "2018-01-01", "2024-03-31", "Sample: observer status (ended)"),
        ("current", "member", "2024-04-01", None, "Sample: full membership since April 2024"),
    ]
    for key, kind, started, ended, scope in memberships:
        fields = {
            "membership_type": kind,
            "started_on": started,
            "started_precision": "day",
            "ended_on": ended,
            "scope": scope,
            **_envelope(),
        }
        refs = {"facility": "demo-facility", "nodal_agency": "agency:dst", "agreement": None}
        reg.add(Row("registry.facilitymembership", f"demo-membership:{key}", fields, refs))
