"""The world map of cooperation on the home page and /partners/ (registry/world_map.py)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pycountry
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from registry import models, world_map
from tests import factories as f

pytestmark = pytest.mark.django_db
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class MapParser(HTMLParser):
    """The countries the map links (iso → count and label) and its table (iso → counts)."""

    def __init__(self):
        super().__init__()
        self.links, self.table, self._row = {}, {}, None
        self._cells = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "country" in (attrs.get("class") or "").split():
            self.links[attrs["data-iso"]] = (int(attrs["data-count"]), attrs["aria-label"])
        elif tag == "tr" and "data-iso" in attrs:
            self._row, self._cells = attrs["data-iso"], []
        elif tag == "td" and self._row:
            self._in_cell = True
            self._cells.append("")

    def handle_data(self, data):
        if self._in_cell:
            self._cells[-1] += data

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_cell = False
        elif tag == "tr" and self._row:
            self.table[self._row] = [int(c) for c in self._cells]
            self._row = None


def parse(html: str) -> MapParser:
    parser = MapParser()
    parser.feed(html)
    return parser


@pytest.fixture
def fixtures_loaded():
    names = ("seed.json", "cited_facts.json", "demo.json")
    call_command("loaddata", *[FIXTURES / name for name in names], verbosity=0)


def test_every_shape_is_keyed_by_a_real_iso_code():
    codes = [c["iso"] for c in world_map.world()["countries"] if c["iso"]]
    assert len(codes) == len(set(codes)) > 190
    assert all(pycountry.countries.get(alpha_2=code) for code in codes)
    assert {"IN", "FR", "SG", "MU", "US"} <= set(codes)
    assert "AQ" not in codes  # Antarctica is left out


def test_the_map_links_every_published_partner_country_with_records(client, fixtures_loaded):
    html = client.get(reverse("registry:partner_list")).content.decode()
    links = parse(html).links
    countries = models.Partner.objects.published().countries().for_list()
    with_agreements = {p.iso_code for p in countries if p.iso_code and p.agreement_count}
    assert with_agreements and set(links) == with_agreements
    for partner in countries.filter(iso_code__in=with_agreements):
        count, label = links[partner.iso_code]
        assert count == partner.agreement_count
        assert label.startswith(f"{partner.name}: {count} ")


@pytest.mark.parametrize("metric", world_map.METRICS)
def test_the_maps_grouped_counts_are_the_partner_lists_counts(fixtures_loaded, metric):
    """with_list_counts() (one GROUP BY per count) against for_list() (a subquery per
    partner), with a draft of each counted type and a draft partner among the records."""
    japan = models.Partner.objects.get(iso_code="JP")
    f.make_agreement(partners=[japan], is_published=False)
    f.make_call(partners=[japan], is_published=False)
    f.make_agreement(partners=[f.make_partner(iso_code="XK", is_published=False)])
    field, _label = world_map.METRICS[metric]
    listed = models.Partner.objects.published().for_list()
    expected = {p.pk: getattr(p, field) for p in listed}
    grouped = models.Partner.objects.published().with_list_counts()
    assert {p.pk: getattr(p, field) for p in grouped} == expected
    assert any(expected.values())
    shown = {s.partner.pk: s.count for s in world_map.build(metric)["shapes"] if s.partner}
    assert shown and all(expected[pk] == count for pk, count in shown.items())


@pytest.mark.parametrize("metric", world_map.METRICS)
def test_the_map_numbers_equal_its_table(client, fixtures_loaded, metric):
    html = client.get(reverse("registry:partner_list") + f"?map={metric}").content.decode()
    parsed = parse(html)
    column = list(world_map.METRICS).index(metric)
    assert parsed.links
    for iso, (count, _label) in parsed.links.items():
        assert parsed.table[iso][column] == count


def test_a_draft_partner_or_draft_agreement_is_not_on_the_map(client):
    drawn = f.make_partner(name="Francia", iso_code="FR")
    hidden = f.make_partner(name="Secretland", iso_code="DE", is_published=False)
    f.make_agreement(partners=[drawn])
    f.make_agreement(partners=[hidden])
    f.make_agreement(partners=[f.make_partner(name="Nipponia", iso_code="JP")], is_published=False)
    for url in (reverse("registry:partner_list"), reverse("registry:home")):
        html = client.get(url).content.decode()
        assert set(parse(html).links) == {"FR"}
        assert "Secretland" not in html


def test_the_metric_switch_shades_by_calls_and_ignores_unknown_values(client):
    partner = f.make_partner(name="Callland", iso_code="BR")
    f.make_call(partners=[partner])
    f.make_call(partners=[partner])
    url = reverse("registry:partner_list")
    assert parse(client.get(url + "?map=calls").content.decode()).links["BR"][0] == 2
    response = client.get(url + "?map=<script>")
    assert response.status_code == 200
    assert parse(response.content.decode()).links == {}  # by agreements: none


def test_a_small_country_gets_a_marker_it_can_be_found_by(client):
    singapore = f.make_partner(name="Singapore", iso_code="SG")
    f.make_agreement(partners=[singapore])
    html = client.get(reverse("registry:partner_list")).content.decode()
    link = re.search(r'<a [^>]*data-iso="SG".*?</a>', html, re.S).group(0)
    assert "<circle" in link and "<title>Singapore: 1 published agreement</title>" in link


def test_forums_are_listed_beside_the_map_and_not_drawn(client):
    forum = f.make_partner(name="BRICS", kind=models.Partner.Kind.FORUM)
    f.make_agreement(partners=[forum])
    html = client.get(reverse("registry:partner_list")).content.decode()
    aside = html[html.index('class="map-aside"') :]
    assert forum.get_absolute_url() in aside[: aside.index("</div>")]
    assert parse(html).links == {}


def test_sample_records_in_the_counts_are_said(client):
    partner = f.make_partner(name="Demoland", iso_code="NZ")
    f.make_agreement(partners=[partner])
    url = reverse("registry:partner_list")
    assert "include sample records" not in client.get(url).content.decode()
    f.make_agreement(partners=[partner], is_sample=True)
    assert "include sample records" in client.get(url).content.decode()


def test_the_home_page_shows_the_small_map_linking_to_the_large_one(client):
    f.make_agreement(partners=[f.make_partner(name="Francia", iso_code="FR")])
    html = client.get(reverse("registry:home")).content.decode()
    assert 'id="home-map"' in html and 'data-iso="FR"' in html
    assert reverse("registry:partner_list") + "#home-map" in html


def test_the_map_costs_the_same_queries_however_many_countries(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("registry:partner_list"))
        return len(captured)

    f.make_agreement(partners=[f.make_partner(iso_code="FR")])
    few = queries()
    for code in ("DE", "JP", "BR", "ZA"):
        f.make_agreement(partners=[f.make_partner(iso_code=code)])
    assert queries() == few
