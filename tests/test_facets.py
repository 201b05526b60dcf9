"""Finding things in the lists: live (disjunctive) facet counts, filter chips, the no-JS form.

A facet's count beside an option is how many records the list shows with that option and
every *other* active filter (registry/views/facets.py). The reference here is the query
contract itself: the FilterSet run over published records with those parameters.
"""

import re

import lxml.html
import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from registry import catalogue, models, synthetic
from registry.filters import RelatedSlugFilter
from tests import factories as f
from tests.forms import filter_form_fields
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db


def faceted(record_type) -> list[str]:
    view = catalogue.list_view(record_type)
    filters = catalogue.filterset(record_type.model).base_filters
    return [
        name
        for name, filter_ in filters.items()
        if name in view.facets or isinstance(filter_, RelatedSlugFilter)
    ]


FACETED = [t.stem for t in catalogue.with_pages() if faceted(t)]


def options(html: str, name: str) -> dict[str, tuple[int, bool]]:
    """value -> (count, ticked) of the facet `name` as the page renders it."""
    document = lxml.html.fromstring(html)
    found = {}
    for box in document.xpath(f'//form[@class="filter-form"]//input[@name="{name}"]'):
        text = box.getparent().text_content().strip()
        count = int(re.search(r"\((\d+)\)$", text).group(1))
        found[box.get("value")] = (count, box.get("checked") is not None)
    return found


def reference_count(model, params: list[tuple[str, str]]) -> int:
    data = QueryDict(urlencode(params))
    filterset = catalogue.filterset(model)(data=data, queryset=model.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def every_value(model, name: str) -> list[str]:
    """Every value an option of facet `name` may have (shown or not)."""
    field = catalogue.filterset(model)().form.fields[name]
    if isinstance(catalogue.filterset(model).base_filters[name], RelatedSlugFilter):
        return [str(getattr(o, field.to_field_name)) for o in field.queryset]
    return [str(value) for value, _label in field.choices]


@pytest.fixture
def dataset():
    synthetic.generate(300, seed=3, log=lambda *a, **k: None)


@pytest.mark.parametrize("stem", FACETED)
def test_facet_counts_under_a_filter_equal_the_filtered_query(client, dataset, stem):
    record_type = catalogue.get(stem)
    model, names = record_type.model, faceted(record_type)
    url = reverse(f"registry:{stem}_list")
    unfiltered = client.get(url).content.decode()
    checked = 0
    for active in names:
        shown = options(unfiltered, active)
        if not shown:  # the synthetic data has no forum memberships
            continue
        value = max(shown, key=lambda v: shown[v][0])
        html = client.get(url, {active: value}).content.decode()
        for name in names:
            others = [] if name == active else [(active, value)]
            counted = options(html, name)
            for option in every_value(model, name):
                expected = reference_count(model, [*others, (name, option)])
                if option in counted:
                    assert counted[option][0] == expected, (stem, active, name, option)
                    checked += 1
                else:  # left out: it would show nothing
                    assert expected == 0, (stem, active, name, option)
        assert options(html, active)[value][1], "the selected option is ticked"
    assert checked


def test_agreement_counts_equal_a_plain_orm_query(client, dataset):
    partner = models.Partner.objects.published().filter(agreements__is_published=True).first()
    html = client.get("/agreements/", {"partner": partner.slug, "status": "in_force"})
    html = html.content.decode()
    mine = models.Agreement.objects.published().filter(partners=partner)
    statuses = {s: mine.filter(status=s).count() for s in models.Agreement.Status.values}
    assert {k: v[0] for k, v in options(html, "status").items()} == {
        k: n for k, n in statuses.items() if n
    }
    in_force = models.Agreement.objects.published().filter(status="in_force")
    for slug, (count, _ticked) in options(html, "partner").items():
        assert count == in_force.filter(partners__slug=slug, partners__is_published=True).count()


def test_options_with_no_result_are_left_out_and_selected_ones_stay(client):
    japan, chile = f.make_partner(name="Japan"), f.make_partner(name="Chile")
    f.make_agreement(partners=[japan], status="signed")
    f.make_agreement(partners=[chile], status="expired")
    html = client.get("/agreements/", {"partner": japan.slug}).content.decode()
    assert options(html, "status") == {"signed": (1, False)}
    # Partners count with the other filters (none here): ticking Chile would add one.
    assert options(html, "partner") == {japan.slug: (1, True), chile.slug: (1, False)}
    html = client.get("/agreements/", {"partner": japan.slug, "status": "expired"})
    html = html.content.decode()
    assert options(html, "status") == {"signed": (1, False), "expired": (0, True)}
    assert options(html, "partner") == {chile.slug: (1, False), japan.slug: (0, True)}


def test_an_iso_code_ticks_its_partner_and_the_rendered_form_filters_the_same(client):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    franco = f.make_agreement(partners=[france], title="Franco-Indian MoU")
    f.make_agreement(partners=[f.make_partner(name="Peru")], title="Peruvian MoU")
    page = client.get("/agreements/?partner=fr")
    assert options(page.content.decode(), "partner")["france"] == (1, True)
    data, action = filter_form_fields(page)
    assert data["partner"] == ["france"]
    again = client.get(action, data)
    assert [a.pk for a in again.context["object_list"]] == [franco.pk]


def test_the_rendered_form_filters_without_javascript(client):
    japan = f.make_partner(name="Japan")
    pact = f.make_agreement(partners=[japan], title="Japan pact", status="signed")
    f.make_agreement(partners=[japan], title="Old Japan pact", status="expired")
    f.make_agreement(title="Another pact", status="signed")
    page = client.get("/agreements/")
    data, action = filter_form_fields(page, tick=[("partner", japan.slug), ("status", "signed")])
    response = client.get(action, data)
    assert response.status_code == 200
    assert [a.pk for a in response.context["object_list"]] == [pact.pk]


def chips(html: str) -> list[tuple[str, str]]:
    document = lxml.html.fromstring(html)
    return [
        (" ".join(a.text_content().split()), a.get("href"))
        for a in document.xpath('//div[@class="filter-chips"]//a')
    ]


def test_each_chip_links_to_the_list_without_that_one_value(client):
    japan, chile = f.make_partner(name="Japan"), f.make_partner(name="Chile")
    f.make_agreement(partners=[japan, chile], status="in_force")
    query = f"partner={japan.slug}&partner={chile.slug}&status=in_force&sort=title&page=1"
    found = chips(client.get(f"/agreements/?{query}").content.decode())
    rest = {
        "japan": f"/agreements/?partner={chile.slug}&sort=title&status=in_force",
        "chile": f"/agreements/?partner={japan.slug}&sort=title&status=in_force",
        "status": f"/agreements/?partner={japan.slug}&partner={chile.slug}&sort=title",
    }
    assert found == [
        ("Remove filter Partner: Japan ×", rest["japan"]),
        ("Remove filter Partner: Chile ×", rest["chile"]),
        ("Remove filter Status: In force ×", rest["status"]),
        ("Clear all filters", "/agreements/"),
    ]
    after = client.get(rest["status"])
    assert after.status_code == 200
    assert [text for text, _ in chips(after.content.decode())] == [
        "Remove filter Partner: Japan ×",
        "Remove filter Partner: Chile ×",
        "Clear all filters",
    ]
    assert chips(client.get("/agreements/?sort=title").content.decode()) == []


def test_the_title_and_the_live_count_say_what_is_shown(client):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    for _ in range(2):
        f.make_agreement(partners=[france], status="in_force")
    f.make_agreement(partners=[france], status="signed")
    html = client.get("/agreements/?partner=fr&status=in_force").content.decode()
    document = lxml.html.fromstring(html)
    assert document.findtext(".//title").startswith("2 agreements: France, In force – ")
    live = document.xpath('//p[@aria-live="polite"][@class="result-count"]')[0]
    assert live.text_content().strip() == "2 agreements: France, In force"
    summary = document.xpath('//details[@class="filter-disclosure"]/summary')[0]
    assert " ".join(summary.text_content().split()) == "Filters (2 active)"


def test_a_filtered_list_runs_the_same_queries_however_many_records_match(client):
    japan = f.make_partner(name="Japan")
    url = f"/agreements/?partner={japan.slug}&status=in_force"
    f.make_agreement(partners=[japan])
    _response, few = get_counting_queries(client, url, HTTP_CACHE_CONTROL="no-cache")
    for _ in range(3):
        f.make_agreement(partners=[japan, f.make_partner()])
    _response, many = get_counting_queries(client, url, HTTP_CACHE_CONTROL="no-cache")
    # The partner named in the filter, count, ids, the rows' versions, rows, their partners
    # (tests/test_row_cache.py); 4 facet counts (status; instrument and agency, which share
    # their other filters, in one GROUP BY; partner; area), each but the partner's with the
    # partner filter checked again (3 look-ups of the partner); 3 option lists.
    assert few == many == 16
    _response, warm = get_counting_queries(client, url, HTTP_CACHE_CONTROL="no-cache")
    # The total, the counts, the rendered form and the rows come from the cache: the partner
    # named, ids, the rows' versions.
    assert warm == 3


@pytest.mark.parametrize(
    "prefix, message",
    [("", "None among the matching records."), ("/hi", "मेल खाने वाले रिकॉर्डों में कोई नहीं।")],
)
def test_a_facet_with_no_options_says_so(client, prefix, message):
    f.make_agreement(partners=[f.make_partner(name="Japan")])  # no research area, no agency
    html = client.get(prefix + reverse("registry:agreement_list")).content.decode()
    form = lxml.html.fromstring(html).xpath('//form[@class="filter-form"]')[0]
    empty = form.xpath('.//p[@class="facet-empty"]')
    assert [p.get("id") for p in empty] == ["id_area", "id_agency"]
    assert {p.text_content() for p in empty} == {message}
    assert not form.xpath('.//input[@name="area" or @name="agency"]')
    assert form.xpath('.//input[@name="partner"]')
