"""schema.org JSON-LD on every record page: it parses, has what its type needs, agrees with
the API, names no draft, says when a record is a sample, and cannot close its script."""

import datetime
import decimal
import json

import lxml.html
import pytest
from django.urls import reverse

from registry import catalogue, jsonld, models
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = pytest.mark.parametrize("record_type", catalogue.with_pages(), ids=lambda t: t.stem)


def scripts(response) -> list[dict]:
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    return [json.loads(s.text) for s in page.xpath('//script[@type="application/ld+json"]')]


def document_of(client, record) -> dict:
    (document,) = scripts(client.get(record.get_absolute_url()))
    return document


def rich_agreement():
    return factories.make_agreement(
        partners=[factories.make_partner(name="France", slug="france", iso_code="FR")],
        indian_agency=factories.make_agency(short_name="DST"),
        signed_on=datetime.date(2021, 3, 4),
        reference="MoU/2021/7",
    )


def rich_call():
    call = factories.make_call(budget=decimal.Decimal("250000.00"), currency="EUR")
    call.agencies.set([factories.make_agency()])
    return call


def rich_facility():
    facility = factories.make_facility(location="Geneva")
    facility.host_partners.set([factories.make_partner()])
    return facility


# A record with the data its mapping uses, per stem; a new type uses its plain maker.
BUILDERS = {
    "agreement": rich_agreement,
    "call": rich_call,
    "review": lambda: factories.make_review(place="New Delhi"),
    "partner": lambda: factories.make_partner(name="Japan", slug="japan", iso_code="JP"),
    "agency": factories.make_agency,
    "area": lambda: factories.make_area(description="Physics of the very small"),
    "facility": rich_facility,
    "working_group": factories.make_group,
}
# The schema.org type and the properties each page's JSON-LD must have (beyond the common
# ones); a type without an entry gets the default mapping, a Thing.
REQUIRED = {
    "agreement": (
        "Legislation",
        {"legislationPassedBy", "legislationDate", "legislationLegalForce", "legislationType"},
    ),
    "call": ("MonetaryGrant", {"funder", "amount", "potentialAction", "sponsor"}),
    "review": ("Event", {"startDate", "location", "eventStatus", "organizer"}),
    "partner": ("Country", {"additionalProperty"}),
    "agency": ("GovernmentOrganization", {"alternateName"}),
    "area": ("DefinedTerm", {"inDefinedTermSet", "description"}),
    "facility": ("ResearchProject", {"location", "alternateName"}),
    "working_group": ("Organization", {"member"}),
}
COMMON = {"@context", "@type", "@id", "identifier", "name", "url", "dateModified", "citation"}


def build(record_type):
    return BUILDERS.get(record_type.stem, factories.MAKERS[record_type.model])()


@PAGES
def test_every_record_page_has_one_json_ld_script_with_its_required_properties(client, record_type):
    record = build(record_type)

    document = document_of(client, record)

    assert set(document) >= COMMON, COMMON - set(document)
    assert document["@context"] == "https://schema.org"
    assert document["identifier"]["value"] == record.identifier
    assert document["@id"] == f"http://testserver/id/{record.identifier}"
    assert document["url"] == f"http://testserver{record.get_absolute_url()}"
    schema_type, properties = REQUIRED.get(record_type.stem, ("Thing", set()))
    assert document["@type"] == schema_type
    assert properties <= set(document), properties - set(document)
    assert None not in document.values() and "" not in document.values()


@PAGES
def test_the_json_ld_agrees_with_the_api(client, record_type):
    record = build(record_type)

    document = document_of(client, record)
    api = client.get(reverse(f"api:{record_type.stem}-detail", args=[record.pk])).json()

    assert document["identifier"]["value"] == api["identifier"]
    assert document["name"] == (api.get("name") or api.get("title") or str(record))
    assert document["url"] == api["html_url"]
    assert document["dateModified"] == api["updated_at"]


def test_an_agreement_names_its_parties_dates_and_force():
    data = {
        "instrument": "mou",
        "partners": [{"id": 1, "name": "France", "html_url": "http://x/partners/france/"}, None],
        "indian_agency": None,
        "signed_on": "1974-05-01",
        "signed_precision": "month",
        "status": "in_force",
        "in_force_from": "1974-06-01",
        "valid_until": None,
    }

    mapped = jsonld.agreement(data)

    assert [p["name"] for p in mapped["legislationPassedBy"]] == ["France"]  # the draft: None
    assert mapped["legislationDate"] == "1974-05"  # no more precise than the source
    assert mapped["legislationLegalForce"] == "https://schema.org/InForce"
    assert mapped["temporalCoverage"] == "1974-06-01/.."
    assert mapped["legislationType"] == "Memorandum of Understanding (MoU)"


def test_a_date_the_source_only_estimates_is_left_out():
    assert jsonld.partial_date("2015-01-01", models.Precision.CIRCA) is None
    assert jsonld.partial_date("2015-01-01", models.Precision.YEAR) == "2015"


def test_a_call_gives_its_deadline_and_funder(client):
    call = rich_call()

    document = document_of(client, call)
    api = client.get(reverse("api:call-detail", args=[call.pk])).json()

    assert document["potentialAction"]["@type"] == "ApplyAction"
    assert document["potentialAction"]["endTime"] == api["closes_at"]
    assert document["potentialAction"]["startTime"] == api["opens_at"]
    assert document["amount"] == {
        "@type": "MonetaryAmount",
        "value": "250000.00",
        "currency": "EUR",
    }
    assert document["funder"][0]["@type"] == "GovernmentOrganization"


def test_a_country_carries_its_three_iso_codes(client):
    partner = factories.make_partner(name="India's partner", slug="p", iso_code="DE")

    codes = {
        p["propertyID"]: p["value"] for p in document_of(client, partner)["additionalProperty"]
    }

    assert codes == {
        "ISO 3166-1 alpha-2": "DE",
        "ISO 3166-1 alpha-3": "DEU",
        "ISO 3166-1 numeric": "276",
    }


def test_wikidata_and_ror_ids_are_its_same_as(client):
    agency = factories.make_agency(
        wikidata_id="Q42", ror_id="02f6dcw23", cross_reference_source="A cited page"
    )

    document = document_of(client, agency)

    assert document["sameAs"][:2] == [
        "https://www.wikidata.org/entity/Q42",
        "https://ror.org/02f6dcw23",
    ]


def test_no_draft_is_named_or_linked(client):
    draft_partner = factories.make_partner(name="Draftland", slug="draftland", is_published=False)
    draft_agency = factories.make_agency(short_name="DRAFTAG", is_published=False)
    draft_area = factories.make_area(name="Draft science", slug="draft-sci", is_published=False)
    agreement = factories.make_agreement(
        partners=[draft_partner, factories.make_partner()], indian_agency=draft_agency
    )
    agreement.areas.set([draft_area])

    text = json.dumps(document_of(client, agreement))

    for hidden in ("Draftland", "draftland", "DRAFTAG", draft_agency.slug, "draft-sci"):
        assert hidden not in text
    assert len(document_of(client, agreement)["legislationPassedBy"]) == 1


def test_a_draft_has_no_page_and_so_no_json_ld(client):
    draft = factories.make_agreement(is_published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_sample_record_says_it_is_a_sample(client):
    sample, real = factories.make_area(is_sample=True), factories.make_area()

    assert "sample" in document_of(client, sample)["disambiguatingDescription"].lower()
    assert "disambiguatingDescription" not in document_of(client, real)


def test_text_that_would_end_the_script_stays_inside_it(client):
    title = 'Tricky </script><script>alert(1)</script> <!-- & "quotes"'
    agreement = factories.make_agreement(title=title)

    html = client.get(agreement.get_absolute_url()).content.decode()

    start = html.index('<script type="application/ld+json">')
    block = html[start : html.index("</script>", start)]
    assert "<script>alert" not in block and "<!--" not in block
    assert "\\u003C/script\\u003E" in block
    assert document_of(client, agreement)["name"] == title


def test_a_type_without_its_own_mapping_gets_a_valid_default(client, monkeypatch):
    monkeypatch.delitem(jsonld.MAPPINGS, "area")
    area = factories.make_area()

    document = document_of(client, area)

    assert document["@type"] == "Thing"
    assert document["identifier"]["value"] == area.identifier
    assert document["name"] == area.name


def test_the_page_cache_keeps_one_script(client):
    agreement = factories.make_agreement()

    client.get(agreement.get_absolute_url())

    assert len(scripts(client.get(agreement.get_absolute_url()))) == 1
