"""schema.org JSON-LD of a record page, built from the record's API representation.

The API serializer of the type (registry/api/serializers.py) gives the data, so the page's
structured data and the API cannot disagree, and drafts stay out the same way: a link to a
draft is null there and is left out here. One function per type maps that data to
schema.org (`MAPPINGS`, by catalogue stem); a type without one gets `thing`, so a new type
still has valid JSON-LD. `script_tag` embeds it safely in the page.
"""

import json

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from registry import catalogue, models
from registry.models.base import Precision

SCHEMA = "https://schema.org"
# What `</script>` and HTML comments would need; escaped as JSON escapes, so the data reads
# back the same (Django's json_script does this, but writes type="application/json").
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def record_jsonld(record, request) -> dict:
    """The JSON-LD object of `record`'s public page."""
    record_type = catalogue.of(type(record))
    serializer = catalogue.layer(record_type, "serializer")
    data = serializer(record, context={"request": request}).data
    common = thing(data, record, request)
    specific = MAPPINGS.get(record_type.stem, lambda data: {})(data)
    given = {key: value for key, value in specific.items() if value not in (None, "", [])}
    return {**common, **given}


def script_tag(document: dict) -> str:
    text = json.dumps(document, ensure_ascii=False, sort_keys=False).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def thing(data: dict, record, request) -> dict:
    """What every record's JSON-LD has: its permanent identifier, name, page and source."""
    permanent = request.build_absolute_uri(reverse("identifier", args=[record.identifier]))
    document = {
        "@context": SCHEMA,
        "@type": "Thing",
        "@id": permanent,
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "S&T Cooperation Registry identifier",
            "value": record.identifier,
            "url": permanent,
        },
        "name": data.get("name") or data.get("title") or str(record),
        "url": data.get("html_url") or request.build_absolute_uri(record.get_absolute_url()),
        "dateModified": data.get("updated_at"),
    }
    if data.get("source") or data.get("source_url"):
        document["citation"] = {
            "@type": "CreativeWork",
            "name": data.get("source") or data.get("source_url"),
            **({"url": data["source_url"]} if data.get("source_url") else {}),
        }
    if record.is_sample:
        document["disambiguatingDescription"] = gettext(
            "Sample record: illustrative demo data, not a real fact."
        )
    return {key: value for key, value in document.items() if value not in (None, "")}


def ref(link, schema_type: str | None = None) -> dict | None:
    """A linked record (`RecordRefSerializer` data) as a node; None for a draft (null)."""
    if not link:
        return None
    node = {"@id": link["html_url"], "name": link["name"], "url": link["html_url"]}
    return {"@type": schema_type, **node} if schema_type else node


def refs(links, schema_type: str | None = None) -> list[dict]:
    return [node for node in (ref(link, schema_type) for link in links or ()) if node]


def partial_date(value: str | None, precision: str = Precision.DAY) -> str | None:
    """An ISO 8601 date only as precise as the source (1974, 1974-05); none for "c. 1974"."""
    if not value or precision == Precision.CIRCA:
        return None
    length = {Precision.YEAR: 4, Precision.MONTH: 7, Precision.DAY: 10}.get(precision)
    return value[:length] if length else value


def same_as(data: dict) -> list[str]:
    urls = []
    if data.get("wikidata_id"):
        urls.append(f"https://www.wikidata.org/entity/{data['wikidata_id']}")
    if data.get("ror_id"):
        urls.append(f"https://ror.org/{data['ror_id']}")
    return urls


# --- One mapping per type: serializer data -> schema.org properties ------------------------

LEGAL_FORCE = {
    "in_force": f"{SCHEMA}/InForce",
    "expired": f"{SCHEMA}/NotInForce",
    "terminated": f"{SCHEMA}/NotInForce",
    "superseded": f"{SCHEMA}/NotInForce",
}


def agreement(data: dict) -> dict:
    parties = [*refs(data.get("partners"), "Organization")]
    agency = ref(data.get("indian_agency"), "GovernmentOrganization")
    if agency:
        parties.append(agency)
    return {
        "@type": "Legislation",
        "legislationType": _label(models.Agreement.Instrument, data.get("instrument")),
        "legislationIdentifier": data.get("reference"),
        "legislationPassedBy": parties,
        "legislationDate": partial_date(data.get("signed_on"), data.get("signed_precision")),
        "legislationLegalForce": LEGAL_FORCE.get(data.get("status")),
        "temporalCoverage": _interval(data.get("in_force_from"), data.get("valid_until")),
        "expires": data.get("valid_until"),
        "about": refs(data.get("areas"), "DefinedTerm"),
        "abstract": data.get("summary"),
    }


def _label(choices, value) -> str | None:
    return str(choices(value).label) if value in choices.values else None


def _interval(start, end) -> str | None:
    if not start:
        return None
    return f"{start}/{end or '..'}"


def call(data: dict) -> dict:
    amount = None
    if data.get("budget") not in (None, ""):
        amount = {"@type": "MonetaryAmount", "value": data["budget"]}
        if data.get("currency"):
            amount["currency"] = data["currency"]
    funders = refs(data.get("agencies"), "GovernmentOrganization")
    if data.get("partner_agency"):
        funders.append({"@type": "Organization", "name": data["partner_agency"]})
    precision = data.get("closes_precision") or "time"
    deadline = partial_date(data.get("closes_at"), precision) if precision != "time" else None
    apply = {
        "@type": "ApplyAction",
        "startTime": data.get("opens_at"),
        "endTime": deadline or data.get("closes_at"),
        "target": data.get("url"),
    }
    apply = {key: value for key, value in apply.items() if value}
    return {
        "@type": "MonetaryGrant" if amount else "Grant",
        "funder": funders,
        "sponsor": refs(data.get("partners"), "Organization"),
        "amount": amount,
        "description": data.get("scope"),
        "about": refs(data.get("areas"), "DefinedTerm"),
        "isBasedOn": ref(data.get("agreement"), "Legislation"),
        "potentialAction": apply if len(apply) > 1 else None,
    }


ATTENDANCE = {
    "in_person": f"{SCHEMA}/OfflineEventAttendanceMode",
    "virtual": f"{SCHEMA}/OnlineEventAttendanceMode",
    "hybrid": f"{SCHEMA}/MixedEventAttendanceMode",
}
EVENT_STATUS = {
    "planned": f"{SCHEMA}/EventScheduled",
    "held": f"{SCHEMA}/EventScheduled",
    "postponed": f"{SCHEMA}/EventPostponed",
    "cancelled": f"{SCHEMA}/EventCancelled",
}


def review(data: dict) -> dict:
    return {
        "@type": "Event",
        "startDate": partial_date(data.get("held_on"), data.get("date_precision")),
        "location": {"@type": "Place", "name": data["place"]} if data.get("place") else None,
        "eventAttendanceMode": ATTENDANCE.get(data.get("mode")),
        "eventStatus": EVENT_STATUS.get(data.get("status")),
        "organizer": ref(data.get("group"), "Organization"),
        "description": data.get("outcomes"),
    }


def partner(data: dict) -> dict:
    if data.get("kind") == "country":
        codes = [
            ("ISO 3166-1 alpha-2", data.get("iso_code")),
            ("ISO 3166-1 alpha-3", data.get("iso_alpha_3")),
            ("ISO 3166-1 numeric", data.get("iso_numeric")),
        ]
        return {
            "@type": "Country",
            "alternateName": data.get("official_name"),
            "additionalProperty": [
                {"@type": "PropertyValue", "propertyID": scheme, "value": code}
                for scheme, code in codes
                if code
            ],
            "description": data.get("description"),
            "sameAs": same_as(data),
        }
    return {
        "@type": "Organization",
        "alternateName": data.get("official_name"),
        "member": refs(data.get("members")),
        "description": data.get("description"),
        "sameAs": [*same_as(data), *([data["url"]] if data.get("url") else [])],
    }


def agency(data: dict) -> dict:
    return {
        "@type": "GovernmentOrganization",
        "alternateName": data.get("short_name"),
        "parentOrganization": ref(data.get("parent"), "GovernmentOrganization"),
        "location": data.get("location"),
        "sameAs": [*same_as(data), *([data["url"]] if data.get("url") else [])],
    }


def area(data: dict) -> dict:
    return {
        "@type": "DefinedTerm",
        "description": data.get("description"),
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "name": gettext("Research areas of the S&T Cooperation Registry"),
        },
    }


def facility(data: dict) -> dict:
    location = refs(data.get("host_partners"), "Place")
    if data.get("location"):
        location.insert(0, {"@type": "Place", "name": data["location"]})
    return {
        "@type": "ResearchProject",
        "alternateName": data.get("short_name"),
        "location": location,
        "parentOrganization": (
            {"@type": "Organization", "name": data["host_organisation"]}
            if data.get("host_organisation")
            else None
        ),
        "description": data.get("description"),
        "sameAs": [data["url"]] if data.get("url") else [],
    }


def working_group(data: dict) -> dict:
    return {
        "@type": "Organization",
        "member": refs(data.get("partners"), "Organization"),
        "subjectOf": refs(data.get("agreements"), "Legislation"),
    }


MAPPINGS = {
    "agreement": agreement,
    "call": call,
    "review": review,
    "partner": partner,
    "agency": agency,
    "area": area,
    "facility": facility,
    "working_group": working_group,
}
