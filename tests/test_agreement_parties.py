"""Per-party dates: each party to a multilateral agreement has its own signature, entry into
force and withdrawal, in order; staff edit them as rows on the agreement's form; the public
sees them as a table (never naming a draft partner); a bilateral agreement has none."""

import datetime

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry import models
from tests import factories as f
from tests.forms import submit
from tests.test_opendata import download_json

pytestmark = pytest.mark.django_db

D = datetime.date


def multilateral(**fields):
    forum = f.make_partner(kind=models.Partner.Kind.FORUM)
    return f.make_agreement(partners=[forum], **fields)


def party(agreement, partner=None, **fields):
    return models.AgreementParty.objects.create(
        agreement=agreement, partner=partner or f.make_partner(), **fields
    )


# -- order of the dates ------------------------------------------------------------------------

BAD_ORDERS = [
    ({"signed_on": D(2020, 5, 1), "in_force_from": D(2020, 4, 30)}, "in_force_from"),
    ({"in_force_from": D(2020, 5, 1), "withdrawn_on": D(2020, 4, 1)}, "withdrawn_on"),
    ({"signed_on": D(2020, 5, 1), "withdrawn_on": D(2019, 1, 1)}, "withdrawn_on"),
]


@pytest.mark.parametrize("dates, field", BAD_ORDERS)
def test_dates_out_of_order_are_refused_by_clean_and_by_the_database(dates, field):
    row = models.AgreementParty(agreement=multilateral(), partner=f.make_partner(), **dates)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert list(error.value.message_dict) == [field]
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_dates_on_the_same_day_are_in_order():
    same = D(2020, 5, 1)
    row = party(multilateral(), signed_on=same, in_force_from=same, withdrawn_on=same)
    row.full_clean()


def test_a_partner_is_a_party_once_per_agreement():
    agreement, partner = multilateral(), f.make_partner()
    party(agreement, partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        party(agreement, partner)


# -- the admin form, as rendered ---------------------------------------------------------------


def change_page(client, agreement):
    return client.get(reverse("admin:registry_agreement_change", args=[agreement.pk]))


def rows(*parties) -> dict:
    """The inline's fields for new rows, as a browser sends them after "Add another"."""
    data = {"parties-TOTAL_FORMS": len(parties)}
    for i, values in enumerate(parties):
        for name, value in values.items():
            data[f"parties-{i}-{name}"] = value
    return data


def test_staff_add_party_rows_on_the_agreement_form(admin_client):
    agreement = multilateral()
    brazil, chile = f.make_partner(name="Brazil"), f.make_partner(name="Chile")
    response = submit(
        admin_client,
        change_page(admin_client, agreement),
        rows(
            {"partner": brazil.pk, "status": "in_force", "signed_on": "2020-01-10",
             "in_force_from": "2020-06-01"},
            {"partner": chile.pk, "status": "withdrawn", "signed_on": "2020-01-10",
             "withdrawn_on": "2023-12-31"},
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = agreement.parties.order_by("partner__name")
    assert [(p.partner, p.status) for p in saved] == [(brazil, "in_force"), (chile, "withdrawn")]


def test_the_form_refuses_a_withdrawal_before_entry_into_force(admin_client):
    agreement = multilateral()
    response = submit(
        admin_client,
        change_page(admin_client, agreement),
        rows(
            {"partner": f.make_partner().pk, "in_force_from": "2020-06-01",
             "withdrawn_on": "2020-01-01"}
        ),
    )  # fmt: skip
    assert response.status_code == 200
    assert "Withdrawal cannot be before entry into force." in response.content.decode()
    assert not agreement.parties.exists()


def test_the_form_refuses_party_rows_on_a_bilateral_agreement(admin_client):
    agreement = f.make_agreement(partners=[f.make_partner(kind="country")])
    response = submit(
        admin_client, change_page(admin_client, agreement), rows({"partner": f.make_partner().pk})
    )
    assert response.status_code == 200
    assert "A bilateral agreement keeps its own dates" in response.content.decode()
    assert not agreement.parties.exists()


def test_an_existing_row_saves_unchanged_as_rendered(admin_client):
    agreement = multilateral()
    party(agreement, signed_on=D(2020, 1, 1), in_force_from=D(2020, 2, 1))
    response = submit(admin_client, change_page(admin_client, agreement))
    assert response.status_code == 302
    assert agreement.parties.get().in_force_from == D(2020, 2, 1)


# -- the public surfaces: page, API, download --------------------------------------------------


@pytest.fixture
def with_a_draft_party():
    agreement = multilateral()
    party(agreement, f.make_partner(name="Public Land"), in_force_from=D(2021, 1, 1))
    party(agreement, f.make_partner(name="Secret Land", is_published=False))
    return agreement


def test_the_page_shows_a_table_of_the_parties_without_the_draft_partner(
    client, with_a_draft_party
):
    page = client.get(with_a_draft_party.get_absolute_url()).content.decode()
    [table] = lxml.html.fromstring(page).xpath('//table[@id="agreement-parties"]')
    [row] = table.xpath("./tbody/tr")
    assert "Public Land" in row.text_content() and "1 January 2021" in row.text_content()
    assert "Secret Land" not in page


def test_a_bilateral_agreement_has_no_party_table(client):
    agreement = f.make_agreement()
    assert 'id="agreement-parties"' not in client.get(agreement.get_absolute_url()).content.decode()


def test_the_api_nests_the_parties_without_the_draft_partner(client, with_a_draft_party):
    data = client.get(f"/api/v1/agreements/{with_a_draft_party.pk}/").json()
    assert [p["partner"]["name"] for p in data["parties"]] == ["Public Land"]
    assert data["parties"][0]["in_force_from"] == "2021-01-01"
    listed = client.get("/api/v1/agreements/").json()["results"]
    assert "Secret Land" not in str(listed)


def test_the_download_has_the_party_rows_without_the_draft_partner(client, with_a_draft_party):
    document = download_json(client)
    records = document["records"]
    public = models.Partner.objects.get(name="Public Land")
    assert [(r["agreement"], r["partner"]) for r in records["agreement_parties"]] == [
        (with_a_draft_party.pk, public.pk)
    ]
    assert records["agreement_parties"][0]["in_force_from"] == "2021-01-01"
    dictionary = document["data_dictionary"]
    fields = {row["field"] for row in dictionary if row["dataset"] == "agreement_parties"}
    assert {"agreement", "partner", "signed_on", "in_force_from", "withdrawn_on"} <= fields


def test_the_parties_of_a_draft_agreement_are_not_in_the_download(client):
    party(multilateral(is_published=False))
    assert download_json(client)["records"]["agreement_parties"] == []


def test_staff_see_the_draft_party_in_the_api(client, superuser, with_a_draft_party):
    client.force_login(superuser)
    data = client.get(f"/api/v1/agreements/{with_a_draft_party.pk}/").json()
    assert [p["partner"]["name"] for p in data["parties"]] == ["Public Land", "Secret Land"]


def test_the_api_does_not_write_parties(client, superuser):
    agreement = multilateral()
    client.force_login(superuser)
    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}/",
        {"parties": [{"partner": f.make_partner().pk}], "version": agreement.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert not agreement.parties.exists()


def test_the_api_list_costs_one_query_for_every_partys_rows(client, django_assert_num_queries):
    for _ in range(3):
        party(multilateral())
    # COUNT, the page, partners, areas, parties with their partners joined.
    with django_assert_num_queries(5):
        client.get("/api/v1/agreements/")
