"""demo.json: illustrative sample records, enough to show every status and screen.

Every record is flagged is_sample, titled "Sample: ...", and (but one draft) published. They
refer to real seed partners and areas by key. Dates are set around 2026-11-25 so that the
dashboards have something overdue, due soon and expiring soon on that day.
"""

import datetime
from zoneinfo import ZoneInfo

from registry.fixture_builder.common import SAMPLE_NOTE, SAMPLE_SOURCE, Registry, Row, envelope

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


# key, title, instrument, status, signed, precision, in force, valid until, partner, areas,
# supersedes, published
AGREEMENTS = [
    (
        "quantum-mou",
        "Sample: MoU on quantum technologies (expires within 180 days)",
        "mou",
        "in_force",
        "2024-02-10",
        "day",
        "2024-03-01",
        "2027-03-31",
        "France",
        ["area:9"],
        None,
        True,
    ),
    (
        "smart-grids-loi",
        "Sample: Letter of Intent on smart grids (signed, not yet in force)",
        "loi",
        "signed",
        "2026-06-15",
        "day",
        None,
        None,
        "Finland",
        ["area:15"],
        None,
        True,
    ),
    (
        "poc-2019",
        "Sample: Programme of Cooperation 2019-2022 (superseded)",
        "poc",
        "superseded",
        "2019-04-01",
        "day",
        "2019-04-01",
        "2022-03-31",
        "Japan",
        [],
        None,
        True,
    ),
    (
        "poc-2022",
        "Sample: Programme of Cooperation 2022-2027 (supersedes 2019-2022)",
        "poc",
        "in_force",
        "2022-03-15",
        "day",
        "2022-04-01",
        "2027-12-31",
        "Japan",
        [],
        "poc-2019",
        True,
    ),
    (
        "climate-agreement",
        "Sample: Agreement on climate research (expired)",
        "agreement",
        "expired",
        "2015-05-01",
        "month",
        None,
        "2020-05-04",
        "Peru",
        ["area:7"],
        None,
        True,
    ),
    (
        "ocean-framework",
        "Sample: Framework arrangement on ocean science (under negotiation)",
        "other",
        "under_negotiation",
        None,
        "day",
        None,
        None,
        "IORA",
        [],
        None,
        True,
    ),
    (
        "terminated-mou",
        "Sample: MoU on seismology (terminated)",
        "mou",
        "terminated",
        "2018-09-01",
        "day",
        "2018-09-01",
        None,
        "Chile",
        ["area:14"],
        None,
        True,
    ),
    (
        "draft-mou",
        "Sample: Draft MoU (unpublished, hidden from the public)",
        "mou",
        "under_negotiation",
        None,
        "day",
        None,
        None,
        "Brazil",
        [],
        None,
        False,
    ),
]


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


# group key -> (name, partner, agreement, reviews: (key, seq, date, status, place, mode))
GROUPS = {
    "france": (
        "Sample: India-France Joint Working Group on Quantum Technologies (review overdue)",
        "France",
        "quantum-mou",
        [
            ("fr-1", 1, "2024-09-12", "held", "New Delhi", "in_person"),
            ("fr-2", 2, "2025-09-15", "held", "Paris", "hybrid"),
            ("fr-3", 3, "2026-10-15", "planned", "New Delhi", ""),
        ],
    ),
    "japan": (
        "Sample: India-Japan Joint Working Group on S&T (review due within 90 days)",
        "Japan",
        "poc-2022",
        [
            ("jp-cancelled", None, "2025-06-01", "cancelled", "Tokyo", ""),
            ("jp-postponed", None, "2025-11-10", "postponed", "Tokyo", ""),
            ("jp-5", 5, "2026-01-20", "held", "Tokyo", "virtual"),
            ("jp-6", 6, "2027-01-20", "planned", "New Delhi", ""),
        ],
    ),
}

GROUP_LABELS = {"france": "India-France JWG", "japan": "India-Japan JWG"}

# review key, description, status, due, completed
ACTION_ITEMS = [
    ("fr-2", "Sample: Share the list of joint quantum labs (overdue)", "open", "2026-10-31", None),
    ("fr-2", "Sample: Draft the next joint call text (overdue)", "in_progress", "2026-08-30", None),
    ("jp-5", "Sample: Nominate experts for the workshop", "in_progress", "2027-01-15", None),
    ("jp-5", "Sample: Circulate the minutes to the partner side", "open", "2027-02-28", None),
    ("fr-1", "Sample: Exchange the contact lists (done)", "done", "2025-03-31", "2025-03-20"),
    ("fr-1", "Sample: Study a joint facility (dropped)", "dropped", "2025-05-01", None),
]


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


# key, title, status, opens, closes, precision, partner, area, figures (received, funded)
CALLS = [
    (
        "forecast",
        "Sample: India-Norway call on polar science (forecast)",
        "forecast",
        "2027-04-01T00:00",
        None,
        "day",
        "Norway",
        "area:7",
        (None, None),
    ),
    (
        "open",
        "Sample: India-Germany call on advanced manufacturing (open, closes 2027)",
        "open",
        "2026-10-01T00:00",
        "2027-02-28T17:00",
        "time",
        "Germany",
        "area:2",
        (None, None),
    ),
    (
        "closed",
        "Sample: India-Sweden call on smart cities (closed)",
        "closed",
        "2026-06-01T00:00",
        "2026-09-30T23:59:59",
        "day",
        "Sweden",
        "area:16",
        (None, None),
    ),
    (
        "evaluation",
        "Sample: India-Israel call on water technologies (under evaluation)",
        "under_evaluation",
        "2026-03-01T00:00",
        "2026-07-31T23:59:59",
        "day",
        "Israel",
        "area:17",
        (85, None),
    ),
    (
        "results",
        "Sample: India-Australia call on clean energy (results announced)",
        "results_announced",
        "2025-09-01T00:00",
        "2025-12-15T23:59:59",
        "day",
        "Australia",
        "area:6",
        (120, 14),
    ),
    (
        "cancelled",
        "Sample: India-Canada call on engineering sciences (cancelled)",
        "cancelled",
        "2026-01-15T00:00",
        "2026-03-31T23:59:59",
        "day",
        "Canada",
        "area:10",
        (None, None),
    ),
]


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
