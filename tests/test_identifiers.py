"""Permanent identifiers (AGR-000123): given once, never changed or reused, resolved by /id/,
found by search, in the API, the exports and the download; ISO, Wikidata and ROR codes."""

import csv
import io
import json
import re
from pathlib import Path

import pycountry
import pytest
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry import catalogue, models
from registry.models.identifiers import parse_identifier
from tests import factories
from tests.forms import submit

pytestmark = pytest.mark.django_db

# A maker for every record type: the API types' and the two others'. A new type's test
# fails here with a KeyError until it has one.
MAKERS = {
    **factories.MAKERS,
    models.ActionItem: factories.make_action_item,
    models.StatedFigure: factories.make_figure,
}
ALL_TYPES = pytest.mark.parametrize("record_type", catalogue.TYPES, ids=lambda t: t.stem)
PUBLIC_PAGES = pytest.mark.parametrize("record_type", catalogue.with_pages(), ids=lambda t: t.stem)


def number(identifier: str) -> int:
    return parse_identifier(identifier)[1]


# --- Given once, never changed, never reused ------------------------------------------------


def test_each_type_has_its_own_prefix():
    prefixes = [t.identifier_prefix for t in catalogue.TYPES]

    assert len(set(prefixes)) == len(prefixes)
    assert all(re.fullmatch(r"[A-Z]{2,8}", p) for p in prefixes)
    assert catalogue.of(models.Agreement).identifier_prefix == "AGR"
    assert catalogue.of(models.JointCall).identifier_prefix == "CALL"


def test_a_type_without_a_prefix_in_its_entry_gets_one_from_its_stem():
    entry = catalogue.RecordType(models.Agreement, "project", "projects")

    assert entry.identifier_prefix == "PROJ"


@ALL_TYPES
def test_every_record_gets_an_identifier_of_its_type_on_its_first_save(record_type):
    record = MAKERS[record_type.model]()

    assert re.fullmatch(rf"{record_type.identifier_prefix}-\d{{6}}", record.identifier)
    record.refresh_from_db()
    assert record.identifier.startswith(f"{record_type.identifier_prefix}-")


@ALL_TYPES
def test_the_identifier_stays_the_same_across_saves(record_type):
    record = MAKERS[record_type.model]()
    given = record.identifier

    record.note = "edited"
    record.save()
    record.identifier = ""  # a save never gives a second one, even when it is cleared in memory
    type(record).objects.filter(pk=record.pk).update(note="again")
    record.refresh_from_db()

    assert record.identifier == given


@ALL_TYPES
def test_an_identifier_is_never_given_again_after_its_record_is_deleted(record_type):
    make = MAKERS[record_type.model]
    first, second = make(), make()
    assert first.identifier != second.identifier
    deleted = second.identifier
    second.delete()
    # The synthetic clean-up deletes raw, without signals.
    third = make()
    for field in type(third)._meta.many_to_many:
        getattr(third, field.name).clear()
    type(third).objects.filter(pk=third.pk)._raw_delete("default")

    fourth = make()

    assert fourth.identifier not in {first.identifier, deleted, third.identifier}
    assert number(fourth.identifier) > number(third.identifier) > number(deleted)


def test_a_fixture_loaded_again_keeps_the_identifiers_of_its_records():
    area = factories.make_area()
    fixture = serializers.serialize(
        "json", [area], fields=["name", "slug", "created_at", "updated_at"]
    )
    assert "identifier" not in fixture  # the committed fixtures have none

    for obj in serializers.deserialize("json", fixture):
        obj.save()  # loaddata's raw save, of a record that is already there

    given = area.identifier
    area.refresh_from_db()
    assert area.identifier == given
    assert models.ResearchArea.objects.count() == 1


def test_identifiers_are_unique_in_the_database():
    area = factories.make_area()

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_area(identifier=area.identifier)


def test_bulk_created_records_get_identifiers_too():
    rows = models.ResearchArea.objects.bulk_create(
        models.ResearchArea(name=f"Bulk {i}", slug=f"bulk-{i}") for i in range(3)
    )
    after = factories.make_area()

    given = [r.identifier for r in models.ResearchArea.objects.filter(name__startswith="Bulk")]
    assert len(set(given)) == 3 and all(given)
    assert {r.identifier for r in rows} == set(given)
    assert after.identifier not in given


STAMPS = {"created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}


def test_a_fixture_keeps_the_identifiers_it_has_and_gives_the_others_one():
    kept = json.dumps(
        [
            {
                "model": "registry.researcharea",
                "pk": 501,
                "fields": {
                    "name": "Loaded",
                    "slug": "loaded",
                    "identifier": "AREA-000777",
                    **STAMPS,
                },
            },
            {
                "model": "registry.researcharea",
                "pk": 502,
                "fields": {"name": "New", "slug": "new", **STAMPS},
            },
        ]
    )

    for obj in serializers.deserialize("json", kept):
        obj.save()  # loaddata's raw save
    after = factories.make_area()

    assert models.ResearchArea.objects.get(pk=501).identifier == "AREA-000777"
    assert models.ResearchArea.objects.get(pk=502).identifier.startswith("AREA-")
    assert number(after.identifier) > 777


def test_the_identifier_is_not_editable_in_the_admin_nor_the_api(admin_client):
    agreement = factories.make_agreement()
    page = admin_client.get(reverse("admin:registry_agreement_change", args=[agreement.pk]))

    assert b'name="identifier"' not in page.content
    assert agreement.identifier.encode() in page.content  # shown, read-only
    write = catalogue.layer(catalogue.of(models.Agreement), "write_serializer")
    assert "identifier" not in write().fields


# --- /id/<identifier> ------------------------------------------------------------------------


@PUBLIC_PAGES
def test_an_identifier_redirects_permanently_to_its_page(client, record_type):
    record = MAKERS[record_type.model]()

    response = client.get(f"/id/{record.identifier}")

    assert response.status_code == 301
    assert response["Location"] == record.get_absolute_url()
    assert "Accept" in response["Vary"]
    assert client.get(response["Location"]).status_code == 200


@PUBLIC_PAGES
def test_an_identifier_asked_for_as_json_redirects_to_the_api_record(client, record_type):
    record = MAKERS[record_type.model]()

    response = client.get(f"/id/{record.identifier}", headers={"accept": "application/json"})

    assert response.status_code == 301
    assert response["Location"] == reverse(f"api:{record_type.stem}-detail", args=[record.pk])
    assert client.get(response["Location"]).json()["identifier"] == record.identifier


def test_a_browser_accept_header_gets_the_page_not_the_json(client):
    agreement = factories.make_agreement()
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    response = client.get(f"/id/{agreement.identifier}", headers={"accept": accept})

    assert response["Location"] == agreement.get_absolute_url()


def test_an_identifier_is_found_in_any_case_and_without_its_zeros(client):
    agreement = factories.make_agreement()
    short = f"agr-{number(agreement.identifier)}"

    for path in (f"/id/{short}", f"/id/{agreement.identifier.lower()}/"):
        assert client.get(path)["Location"] == agreement.get_absolute_url()


def test_resolving_an_identifier_is_one_query(client, django_assert_num_queries):
    agreement = factories.make_agreement()

    # The published record of that identifier; nothing else (no session for the public).
    with django_assert_num_queries(1):
        assert client.get(f"/id/{agreement.identifier}").status_code == 301


def test_an_unpublished_identifier_is_gone_not_missing(client):
    agreement = factories.make_agreement()

    agreement.is_published = False
    agreement.save()
    response = client.get(f"/id/{agreement.identifier}")

    assert response.status_code == 410
    assert agreement.identifier in response.content.decode()
    assert agreement.title not in response.content.decode()  # the draft's name stays hidden
    tombstone = models.RetiredIdentifier.objects.get(identifier=agreement.identifier)
    assert tombstone.reason == "unpublished"


def test_an_identifier_unpublished_in_the_admin_is_gone(admin_client, client):
    agreement = factories.make_agreement()
    change = reverse("admin:registry_agreement_change", args=[agreement.pk])

    response = submit(admin_client, admin_client.get(change), {"is_published": None})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(f"/id/{agreement.identifier}").status_code == 410


def test_a_deleted_identifier_is_gone(client):
    call = factories.make_call()
    identifier = call.identifier

    call.delete()

    assert client.get(f"/id/{identifier}").status_code == 410
    assert models.RetiredIdentifier.objects.get(identifier=identifier).reason == "deleted"


def test_a_republished_identifier_leads_to_its_page_again(client):
    agreement = factories.make_agreement()
    agreement.is_published = False
    agreement.save()

    agreement.is_published = True
    agreement.save()

    assert client.get(f"/id/{agreement.identifier}").status_code == 301


def test_a_never_public_identifier_is_not_found(client):
    draft = factories.make_agreement(is_published=False)
    deleted_draft = factories.make_agreement(is_published=False)
    gone = deleted_draft.identifier
    deleted_draft.delete()
    draft.note = "edited while a draft"
    draft.save()

    assert client.get(f"/id/{draft.identifier}").status_code == 404
    assert client.get(f"/id/{gone}").status_code == 404
    assert not models.RetiredIdentifier.objects.exists()


@pytest.mark.parametrize("path", ["/id/AGR-999999", "/id/XYZ-000001", "/id/nonsense", "/id/-1"])
def test_an_unknown_identifier_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_staff_only_records_never_resolve(client):
    item = factories.make_action_item()
    models.ActionItem.objects.filter(pk=item.pk).update(is_published=True)  # even if forced

    assert client.get(f"/id/{item.identifier}").status_code == 404


def test_a_record_shown_on_a_draft_page_does_not_lead_there(client):
    engagement = factories.make_engagement(partner=factories.make_partner(is_published=False))

    assert client.get(f"/id/{engagement.identifier}").status_code == 404


# --- Shown, searched, exported, downloaded ----------------------------------------------------


@PUBLIC_PAGES
def test_the_record_page_shows_its_identifier_with_its_permanent_link(client, record_type):
    record = MAKERS[record_type.model]()

    html = client.get(record.get_absolute_url()).content.decode()

    assert f'href="/id/{record.identifier}"' in html
    assert f"<code>{record.identifier}</code>" in html


@PUBLIC_PAGES
def test_a_list_finds_a_record_by_its_identifier(client, record_type):
    record, other = MAKERS[record_type.model](), MAKERS[record_type.model]()
    url = reverse(f"registry:{record_type.stem}_list")

    response = client.get(url, {"q": record.identifier.lower()})

    assert response.status_code == 200
    shown = [o.pk for o in response.context["object_list"]]
    assert shown == [record.pk]
    assert other.pk not in shown


def test_site_search_finds_a_record_by_its_identifier(client):
    agreement = factories.make_agreement(title="Searchable by its number")
    factories.make_agreement(title="Another agreement")

    response = client.get(reverse("registry:search"), {"q": agreement.identifier})

    assert response.status_code == 200
    assert response.context["total"] == 1
    assert "Searchable by its number" in response.content.decode()


def test_the_api_finds_and_shows_the_identifier(client):
    call = factories.make_call()
    factories.make_call()

    rows = client.get(reverse("api:call-list"), {"q": call.identifier}).json()["results"]

    assert [r["identifier"] for r in rows] == [call.identifier]
    assert list(rows[0])[:3] == ["id", "identifier", "html_url"]


@PUBLIC_PAGES
def test_every_list_export_has_the_identifier(client, record_type):
    record = MAKERS[record_type.model]()
    url = reverse(f"registry:{record_type.stem}_export", kwargs={"fmt": "csv"})

    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))

    assert record.identifier in [row["identifier"] for row in rows]
    row = next(row for row in rows if row["identifier"] == record.identifier)
    assert row["url"] == f"http://testserver{record.get_absolute_url()}"


def test_the_open_data_download_has_the_identifiers(client):
    agreement = factories.make_agreement()

    document = json.loads(b"".join(client.get("/data/registry.json").streaming_content))

    (row,) = document["records"]["agreements"]
    assert row["identifier"] == agreement.identifier
    fields = {(r["dataset"], r["field"]) for r in document["data_dictionary"]}
    assert {(t.dataset, "identifier") for t in catalogue.public()} <= fields


# --- ISO 3166, Wikidata, ROR ------------------------------------------------------------------


def fixture_country_codes() -> list[str]:
    codes = []
    for name in ("seed.json", "cited_facts.json"):
        path = Path(settings.BASE_DIR) / "fixtures" / name
        for row in json.loads(path.read_text()):
            if row["model"] == "registry.partner" and row["fields"]["kind"] == "country":
                codes.append(row["fields"].get("iso_code", ""))
    return codes


def test_every_country_in_the_fixtures_has_codes_from_pycountry(client):
    codes = fixture_country_codes()
    assert codes and all(codes)
    fixtures = Path(settings.BASE_DIR) / "fixtures"
    call_command("loaddata", fixtures / "seed.json", fixtures / "cited_facts.json", verbosity=0)

    countries = list(models.Partner.objects.countries())
    assert sorted(p.iso_code for p in countries) == sorted(codes)
    for partner in countries:
        entry = pycountry.countries.get(alpha_2=partner.iso_code)
        assert (partner.iso_alpha_3, partner.iso_numeric) == (entry.alpha_3, entry.numeric)
        partner.full_clean()  # the code passes the model's check against pycountry


def test_the_partner_page_api_and_export_show_the_three_iso_codes(client):
    partner = factories.make_partner(name="France", slug="france", iso_code="FR")

    html = client.get(partner.get_absolute_url()).content.decode()
    api = client.get(reverse("api:partner-detail", args=[partner.pk])).json()
    export = client.get(reverse("registry:partner_export", kwargs={"fmt": "csv"}))
    (row,) = csv.DictReader(io.StringIO(export.content.decode()))

    assert "FRA" in html and "250" in html
    assert (api["iso_code"], api["iso_alpha_3"], api["iso_numeric"]) == ("FR", "FRA", "250")
    assert (row["iso_code"], row["iso_alpha_3"], row["iso_numeric"]) == ("FR", "FRA", "250")


def test_an_unknown_iso_code_is_refused():
    partner = factories.make_partner()
    partner.iso_code = "ZZ"

    with pytest.raises(ValidationError) as error:
        partner.full_clean()

    assert "iso_code" in error.value.message_dict


@pytest.mark.parametrize("model", [models.Partner, models.Agency], ids=lambda m: m.__name__)
@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("wikidata_id", "668"),
        ("wikidata_id", "Q0"),
        ("wikidata_id", "q668"),
        ("ror_id", "02f6dcw2"),
        ("ror_id", "12f6dcw23"),
        ("ror_id", "02f6dcwi3"),
        ("ror_id", "https://ror.org/02f6dcw23"),
    ],
)
def test_malformed_wikidata_and_ror_ids_are_refused(model, field, bad):
    record = MAKERS[model]()
    setattr(record, field, bad)
    record.cross_reference_source = "A cited page"

    with pytest.raises(ValidationError) as error:
        record.full_clean()

    assert field in error.value.message_dict


@pytest.mark.parametrize("model", [models.Partner, models.Agency], ids=lambda m: m.__name__)
def test_a_wikidata_or_ror_id_needs_its_source(model):
    record = MAKERS[model]()
    record.wikidata_id, record.ror_id = "Q668", "02f6dcw23"

    with pytest.raises(ValidationError):
        record.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()

    record.cross_reference_source = "https://www.wikidata.org/wiki/Q668 (checked 2026-12-01)"
    record.full_clean()
    record.save()


def test_cross_references_are_in_the_admin_form_the_api_the_export_and_the_page(
    admin_client, client
):
    agency = factories.make_agency()
    change = reverse("admin:registry_agency_change", args=[agency.pk])
    changes = {"wikidata_id": "Q42", "ror_id": "02f6dcw23", "cross_reference_source": "Test page"}

    response = submit(admin_client, admin_client.get(change), changes)

    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert (agency.wikidata_id, agency.ror_id) == ("Q42", "02f6dcw23")
    api = client.get(reverse("api:agency-detail", args=[agency.pk])).json()
    assert (api["wikidata_id"], api["ror_id"]) == ("Q42", "02f6dcw23")
    export = client.get(reverse("registry:agency_export", kwargs={"fmt": "csv"}))
    (row,) = csv.DictReader(io.StringIO(export.content.decode()))
    assert (row["wikidata_id"], row["ror_id"], row["cross_reference_source"]) == (
        "Q42",
        "02f6dcw23",
        "Test page",
    )
    html = client.get(agency.get_absolute_url()).content.decode()
    assert 'href="https://ror.org/02f6dcw23"' in html and "Test page" in html


def test_the_admin_refuses_an_id_without_its_source(admin_client):
    partner = factories.make_partner()
    change = reverse("admin:registry_partner_change", args=[partner.pk])

    response = submit(admin_client, admin_client.get(change), {"wikidata_id": "Q142"})

    assert response.status_code == 200
    assert "Give the source of the Wikidata or ROR id." in response.content.decode()
    partner.refresh_from_db()
    assert partner.wikidata_id == ""


def test_no_fixture_fills_in_a_wikidata_or_ror_id():
    # ../shared/data states none; an id may only come with its source.
    for name in ("seed.json", "cited_facts.json", "demo.json"):
        for row in json.loads((Path(settings.BASE_DIR) / "fixtures" / name).read_text()):
            assert not row["fields"].get("wikidata_id") and not row["fields"].get("ror_id")
