"""Hindi names: country names from CLDR, optional Hindi text of five record types, and the
Hindi pages showing it, or the English text marked "English only" (registry/hindi.py)."""

import csv
import io

import lxml.html
import pytest
from babel import Locale
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from registry import catalogue, models, opendata
from tests import factories as f
from tests.forms import submit

pytestmark = pytest.mark.django_db

ENGLISH_ONLY = "English only"
# The marker as Hindi pages say it (locale/hi), read from the catalogue, not typed here.
with translation.override("hi"):
    ENGLISH_ONLY_HI = translation.gettext(ENGLISH_ONLY)


def get_in_hindi(client, url, **params):
    """The page as a reader of the Hindi interface gets it (the one place that says how):
    its /hi/ twin."""
    return client.get(url if url.startswith("/hi/") else "/hi" + url, params)


def get_in_english(client, url, **params):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    return client.get(url[3:] if url.startswith("/hi/") else url, params)


def cldr(code: str) -> str:
    """CLDR's Hindi name of `code`, read from Babel at test time (never typed here)."""
    return Locale("hi").territories[code]


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def heading(response):
    return lxml.html.fromstring(response.content.decode()).xpath("//main//h1")[0]


# -- countries ---------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "name"), [("FR", "France"), ("JP", "Japan")])
def test_a_countrys_hindi_name_is_cldrs_and_shows_on_its_hindi_pages(client, code, name):
    partner = f.make_partner(name=name, slug=name.lower(), iso_code=code)
    f.make_agreement(partners=[partner], title=f"{name} science MoU")

    assert partner.name_hi == cldr(code) and partner.name_hi != name
    detail = get_in_hindi(client, partner.get_absolute_url())
    assert heading(detail).text_content().strip() == cldr(code)
    assert f"<title>{cldr(code)} –" in html_of(detail)
    assert cldr(code) in html_of(get_in_hindi(client, reverse("registry:partner_list")))
    # The agreements list names the partner in Hindi too; English pages keep English.
    assert cldr(code) in html_of(get_in_hindi(client, reverse("registry:agreement_list")))
    english = html_of(get_in_english(client, partner.get_absolute_url()))
    assert cldr(code) not in english and f"<h1>{name}" in english


def test_a_partner_without_an_iso_code_shows_its_english_name_marked_english_only(client):
    forum = f.make_partner(name="BRICS", slug="brics", kind=models.Partner.Kind.FORUM)

    h1 = heading(get_in_hindi(client, forum.get_absolute_url()))
    assert h1.xpath('./span[@lang="en"]')[0].text == "BRICS"
    assert ENGLISH_ONLY_HI in h1.xpath('./small[@class="english-only"]')[0].text
    assert ENGLISH_ONLY_HI != ENGLISH_ONLY
    assert forum.name_hi == ""


def test_the_world_maps_table_names_countries_in_hindi(client):
    partner = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    f.make_agreement(partners=[partner])

    html = html_of(get_in_hindi(client, reverse("registry:partner_list")))
    table = lxml.html.fromstring(html).xpath('//details[@class="map-table"]//tbody')[0]
    assert cldr("JP") in table.text_content()
    assert f'aria-label="{cldr("JP")}' in html  # the map's country link


def test_the_briefing_names_the_partner_in_hindi(client):
    partner = f.make_partner(name="France", slug="france", iso_code="FR")
    html = html_of(get_in_hindi(client, reverse("registry:partner_briefing", args=["france"])))
    assert cldr("FR") in heading_text(html)
    assert partner.name not in heading_text(html)


def heading_text(html: str) -> str:
    return lxml.html.fromstring(html).xpath("//main//h1")[0].text_content()


# -- the five types' Hindi text ----------------------------------------------------------


def test_an_agreement_with_a_hindi_title_and_summary_shows_them_on_its_hindi_page(client):
    agreement = f.make_agreement(
        title="Ocean science MoU", title_hi="महासागर विज्ञान समझौता", summary="On oceans."
    )
    agreement.summary_hi = "महासागरों पर।"
    agreement.save()

    page = get_in_hindi(client, agreement.get_absolute_url())
    html = html_of(page)
    assert heading(page).text_content().strip() == "महासागर विज्ञान समझौता"
    assert "<p>महासागरों पर।</p>" in html
    assert "Ocean science MoU" not in heading(page).text_content()
    listed = html_of(get_in_hindi(client, reverse("registry:agreement_list")))
    assert "महासागर विज्ञान समझौता</a>" in listed


def test_a_record_without_hindi_shows_english_inside_lang_en_marked_english_only(client):
    agreement = f.make_agreement(title="Ocean science MoU", summary="On oceans.")

    page = get_in_hindi(client, agreement.get_absolute_url())
    h1 = heading(page)
    assert h1.xpath('./span[@lang="en"]')[0].text == "Ocean science MoU"
    assert h1.xpath('./small[@class="english-only"]')
    assert '<p><span lang="en">On oceans.</span>' in html_of(page)
    row = lxml.html.fromstring(html_of(get_in_hindi(client, reverse("registry:agreement_list"))))
    link = row.xpath('//table//th[@scope="row"]/a')[0]
    assert link.xpath('./span[@lang="en"]')[0].text == "Ocean science MoU"


def test_english_pages_are_unchanged_whether_or_not_a_hindi_title_exists(client):
    with_hindi = f.make_agreement(title="Ocean science MoU", title_hi="महासागर विज्ञान समझौता")
    without = f.make_agreement(title="Space MoU")

    for agreement in (with_hindi, without):
        html = html_of(get_in_english(client, agreement.get_absolute_url()))
        assert f"<h1>{agreement.title}" in html
        assert "महासागर" not in html and ENGLISH_ONLY_HI not in html and 'lang="en">' not in html


@pytest.mark.parametrize(
    ("make", "field", "where"),
    [
        (lambda: f.make_call(title="Ocean call", title_hi="महासागर आह्वान"), "title_hi", "h1"),
        (lambda: f.make_area(name="Oceans", name_hi="महासागर"), "name_hi", "h1"),
        (lambda: f.make_facility(name="Ocean Lab", name_hi="महासागर प्रयोगशाला"), "name_hi", "lead"),
        (lambda: f.make_agency(name="Ocean Dept", name_hi="महासागर विभाग"), "name_hi", "lead"),
    ],
    ids=["call", "area", "facility", "agency"],
)
def test_each_types_hindi_name_shows_on_its_hindi_page(client, make, field, where):
    record = make()
    page = get_in_hindi(client, record.get_absolute_url())
    document = lxml.html.fromstring(html_of(page))
    shown = document.xpath("//main//h1" if where == "h1" else '//main//p[@class="lead"]')[0]
    assert getattr(record, field) in shown.text_content()
    assert not shown.xpath('.//span[@lang="en"]')


def test_a_call_scope_and_an_area_description_in_hindi(client):
    call = f.make_call(scope="Oceans.", scope_hi="महासागर।")
    area = f.make_area(description="Seas.", description_hi="समुद्र।")
    assert "<p>महासागर।</p>" in html_of(get_in_hindi(client, call.get_absolute_url()))
    assert "<p>समुद्र।</p>" in html_of(get_in_hindi(client, area.get_absolute_url()))


def test_the_catalogue_names_the_stored_hindi_fields_of_five_types():
    named = {t.stem: catalogue.hindi_field_names(t.model) for t in catalogue.TYPES}
    assert {stem for stem, fields in named.items() if fields} == {
        "agreement",
        "call",
        "area",
        "facility",
        "agency",
    }
    for record_type in catalogue.TYPES:
        for name in named[record_type.stem]:
            field = record_type.model._meta.get_field(name)
            assert field.blank and not field.null  # optional, "" when absent


# -- admin -------------------------------------------------------------------------------

ADMIN_CASES = [
    (models.Agreement, f.make_agreement, "title_hi"),
    (models.JointCall, f.make_call, "title_hi"),
    (models.ResearchArea, f.make_area, "name_hi"),
    (models.Facility, f.make_facility, "name_hi"),
    (models.Agency, f.make_agency, "name_hi"),
]


@pytest.mark.parametrize(
    ("model", "make", "field"), ADMIN_CASES, ids=[m._meta.model_name for m, _, _ in ADMIN_CASES]
)
def test_the_admin_change_form_has_a_hindi_fieldset_that_saves(admin_client, model, make, field):
    record = make()
    url = reverse(f"admin:registry_{model._meta.model_name}_change", args=[record.pk])
    page = admin_client.get(url)
    document = lxml.html.fromstring(page.content.decode())
    fieldset = [
        fs for fs in document.xpath("//fieldset") if fs.xpath("./h2[normalize-space()='Hindi']")
    ]
    assert fieldset, "no Hindi fieldset"
    widget = fieldset[0].xpath(f'.//*[@name="{field}"]')[0]
    assert widget.get("lang") == "hi"

    response = submit(admin_client, page, {field: "हिन्दी नाम"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "हिन्दी नाम"
    assert record.history.first().__dict__[field] == "हिन्दी नाम"  # in the record's history


def test_the_admin_search_finds_a_hindi_title(admin_client):
    f.make_agreement(title="Ocean MoU", title_hi="महासागर समझौता")
    page = admin_client.get(reverse("admin:registry_agreement_changelist"), {"q": "महासागर"})
    assert "Ocean MoU" in page.content.decode()


# -- search ------------------------------------------------------------------------------


def test_a_hindi_word_finds_the_record_in_its_list_and_in_the_site_search(client):
    found = f.make_agreement(title="Ocean MoU", title_hi="महासागर विज्ञान समझौता")
    f.make_agreement(title="Space MoU")

    listed = html_of(get_in_hindi(client, reverse("registry:agreement_list"), q="विज्ञान"))
    assert found.title_hi in listed and "Space MoU" not in listed
    searched = html_of(get_in_hindi(client, reverse("registry:search"), q="विज्ञान"))
    assert found.get_absolute_url() in searched
    assert "Space MoU" not in searched


def test_a_countrys_cldr_name_finds_the_partner_and_its_agreements(client):
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    f.make_partner(name="France", slug="france", iso_code="FR")
    f.make_agreement(partners=[japan], title="Ocean MoU")
    f.make_agreement(title="Space MoU")

    partners = html_of(get_in_hindi(client, reverse("registry:partner_list"), q=cldr("JP")))
    assert japan.get_absolute_url() in partners and "/partners/france/" not in partners
    agreements = html_of(get_in_hindi(client, reverse("registry:agreement_list"), q=cldr("JP")))
    assert "Ocean MoU" in agreements and "Space MoU" not in agreements


def test_a_draft_countrys_cldr_name_finds_no_agreement(client):
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP", is_published=False)
    f.make_agreement(partners=[japan], title="Ocean MoU")
    agreements = html_of(get_in_english(client, reverse("registry:agreement_list"), q=cldr("JP")))
    assert "Ocean MoU" not in agreements


# -- exports, API, Data Package ----------------------------------------------------------


def test_the_list_export_carries_the_hindi_title_and_cldr_name(client):
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    f.make_agreement(partners=[japan], title="Ocean MoU", title_hi="महासागर समझौता")

    rows = csv_rows(client.get(reverse("registry:agreement_export", args=["csv"])))
    assert rows[0]["title_hi"] == "महासागर समझौता"
    partners = csv_rows(client.get(reverse("registry:partner_export", args=["csv"])))
    assert partners[0]["name_hi"] == cldr("JP")


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_api_carries_the_hindi_fields_and_the_cldr_name(client):
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    agreement = f.make_agreement(partners=[japan], title_hi="महासागर समझौता")

    body = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert body["title_hi"] == "महासागर समझौता" and body["summary_hi"] == ""
    assert client.get(f"/api/v1/partners/{japan.pk}/").json()["name_hi"] == cldr("JP")


@pytest.mark.parametrize("record_type", [t for t in catalogue.TYPES if t.hindi_fields])
def test_the_data_download_has_every_hindi_field(record_type):
    names = {field.name for field in opendata.download_fields(record_type.model)}
    assert set(catalogue.hindi_field_names(record_type.model)) <= names
