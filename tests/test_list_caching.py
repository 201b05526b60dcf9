"""Public lists at scale: facet counts and filter options are cached until a record changes."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These tests are about the caches under the whole-page cache (tests/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


def render(client, url):
    response, queries = get_counting_queries(client, url)
    return response.content.decode(), queries


def filter_form(html):
    start = html.index('<form class="filter-form"')
    return html[start : html.index("</form>", start)]


def test_a_second_list_request_runs_no_facet_or_option_queries(client):
    japan = f.make_partner(name="Japan")
    f.make_agreement(partners=[japan], status="signed")
    url = reverse("registry:agreement_list")
    first_html, first = render(client, url)
    second_html, second = render(client, url)
    # Saved on the second request: the total, one GROUP BY for the facets on the agreement's
    # own columns (status, instrument, agency), 2 related facets (partner, area), 3 option
    # lists (7 queries) and the loading of the rows, cached under their versions (2:
    # tests/test_row_cache.py).
    assert first - second == 9
    assert filter_form(second_html) == filter_form(first_html)
    assert "Japan (1)" in filter_form(second_html)


def test_publishing_a_record_shows_in_the_cached_counts_at_once(client):
    japan = f.make_partner(name="Japan")
    f.make_agreement(partners=[japan], status="signed")
    draft = f.make_agreement(partners=[japan], status="signed", is_published=False)
    url = reverse("registry:agreement_list")
    assert "Signed (1)" in client.get(url).content.decode()
    draft.is_published = True
    draft.save()
    html = client.get(url).content.decode()
    assert "Signed (2)" in html
    assert "Japan (2)" in html


def test_a_new_partner_and_a_relinked_agreement_refresh_the_options(client):
    agreement = f.make_agreement(status="signed")
    url = reverse("registry:agreement_list")
    client.get(url)
    korea = f.make_partner(name="Korea")
    # A partner no agreement names is not offered: it would show nothing.
    assert f'value="{korea.slug}"' not in client.get(url).content.decode()
    agreement.partners.add(korea)
    assert "Korea (1)" in client.get(url).content.decode()


def test_cached_options_keep_drafts_out(client):
    f.make_partner(name="Secret draft partner", is_published=False)
    f.make_agreement(status="expired", is_published=False)
    url = reverse("registry:agreement_list")
    for _ in range(2):
        html = client.get(url).content.decode()
        assert "Secret draft partner" not in html
        assert "Expired (" not in html


def test_a_deleted_record_leaves_the_cached_counts(client):
    gone = f.make_agreement(status="signed")
    url = reverse("registry:agreement_list")
    assert "Signed (1)" in client.get(url).content.decode()
    gone.delete()
    assert "Signed (0)" not in client.get(url).content.decode()
    assert 'name="status" value="signed"' not in client.get(url).content.decode()


def test_a_selected_cached_option_stays_selected(client):
    japan = f.make_partner(name="Japan")
    f.make_agreement(partners=[japan])
    url = reverse("registry:agreement_list")
    client.get(url)
    html = client.get(f"{url}?partner={japan.slug}").content.decode()
    assert f'value="{japan.slug}" id="id_partner_0" checked> Japan (1)' in html


def one_page_the_old_way(params: dict, number: int) -> list[int]:
    """The reference: Django's own paginator slicing the filtered queryset."""
    from django.core.paginator import Paginator
    from django.http import QueryDict
    from django.utils.http import urlencode

    from registry import filters, models

    queryset = models.Agreement.objects.published().for_list().in_list_order()
    qs = filters.AgreementFilterSet(QueryDict(urlencode(params)), queryset=queryset).qs
    return [a.pk for a in Paginator(qs, 50).page(number).object_list]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "title"},
        {"sort": "-expires"},
        {"sort": "-status"},
        {"status": "signed"},
        {"partner": "page-partner", "sort": "signed"},
    ],
)
def test_two_step_pages_list_the_same_records_in_the_same_order(client, params):
    import datetime

    partner = f.make_partner(name="Page partner", slug="page-partner")
    for n in range(130):
        f.make_agreement(
            partners=[partner] if n % 3 else (),
            # Repeated dates and titles, and some undated: the tie-breakers must hold.
            signed_on=None if n % 11 == 0 else datetime.date(2000 + n % 7, 1 + n % 12, 1),
            valid_until=datetime.date(2030, 1, 1) if n % 2 else None,
            title=f"Agreement {n % 40:02d}",
            status="signed" if n % 4 else "in_force",
            is_published=n % 13 != 0,
        )
    url = reverse("registry:agreement_list")
    seen = []
    for number in (1, 2, 3):
        response = client.get(url, {**params, "page": number})
        if response.status_code == 404:
            break
        ids = [a.pk for a in response.context["object_list"]]
        assert ids == one_page_the_old_way(params, number)
        seen += ids
    assert len(seen) == len(set(seen)) > 50


def test_partner_hub_shows_the_latest_twenty_and_links_to_all(client):
    import datetime

    partner = f.make_partner(name="Busy partner", slug="busy")
    for n in range(22):
        f.make_agreement(
            partners=[partner], title=f"Pact {n:02d}", signed_on=datetime.date(2000 + n, 1, 1)
        )
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "Pact 21" in html and "Pact 02" in html
    assert "Pact 01" not in html and "Pact 00" not in html
    assert (
        f'href="{reverse("registry:agreement_list")}?partner=busy">See all 22 in the list' in html
    )
    assert "Agreements (22)" in html


def test_partner_hub_without_many_records_has_no_see_all_link(client):
    partner = f.make_partner(name="Quiet partner")
    f.make_agreement(partners=[partner])
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "See all" not in html
    assert "Agreements (1)" in html


def test_the_cached_total_follows_a_publish_and_each_filter(client):
    f.make_agreement(status="signed")
    draft = f.make_agreement(status="in_force", is_published=False)
    url = reverse("registry:agreement_list")
    assert client.get(url).context["paginator"].count == 1
    assert client.get(url, {"status": "in_force"}).context["paginator"].count == 0
    draft.is_published = True
    draft.save()
    assert client.get(url).context["paginator"].count == 2
    assert client.get(url, {"status": "in_force"}).context["paginator"].count == 1


def test_an_invalid_sort_does_not_share_the_cached_total(client):
    f.make_agreement()
    url = reverse("registry:agreement_list")
    assert client.get(url, {"sort": "bogus"}).status_code == 400
    assert client.get(url).context["paginator"].count == 1


@pytest.mark.parametrize("kind", ["agency", "area"])
def test_agency_and_area_pages_show_the_latest_twenty_and_link_to_all(
    client, kind, django_assert_max_num_queries
):
    import datetime

    agency, area = f.make_agency(slug="busy-agency"), f.make_area(slug="busy-area")
    for n in range(22):
        f.make_agreement(
            title=f"Pact {n:02d}",
            signed_on=datetime.date(2000 + n, 1, 1),
            indian_agency=agency,
        ).areas.add(area)
    record, param = (agency, "agency=busy-agency") if kind == "agency" else (area, "area=busy-area")
    with django_assert_max_num_queries(11):
        html = client.get(record.get_absolute_url()).content.decode()
    assert "Pact 21" in html and "Pact 02" in html and "Pact 01" not in html
    see_all = f"{reverse('registry:agreement_list')}?{param}"
    assert f'href="{see_all}">See all 22 in the list' in html
    listed = client.get(see_all)
    assert listed.status_code == 200 and listed.context["paginator"].count == 22


def test_the_filter_form_says_what_its_option_counts_count(client):
    f.make_agreement()
    html = filter_form(client.get(reverse("registry:agreement_list")).content.decode())
    assert "how many records you would see with it, given the other filters" in html


def test_a_hub_counts_a_section_only_when_it_has_more_rows_than_it_shows():
    from registry.models import first_and_total

    partner = f.make_partner()
    for _ in range(3):
        f.make_agreement(partners=[partner])
    rows, total = first_and_total(partner.agreements.all(), 3)
    assert (len(rows), total) == (3, 3)
    rows, total = first_and_total(partner.agreements.all(), 2)
    assert (len(rows), total) == (2, 3)
