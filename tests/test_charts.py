"""Charts: published, real records only, numbers in tables, a fixed number of queries."""

import datetime

import pytest

from registry import charts
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_counts_engagements_by_area_most_first():
    water, space = f.make_area(name="Water"), f.make_area(name="Space")
    for _ in range(3):
        f.make_engagement(area=space)
    f.make_engagement(area=water)

    rows = charts.engagements_by_area()

    assert [(row.label, row.value) for row in rows] == [("Space", 3), ("Water", 1)]
    assert rows[0].url == space.get_absolute_url()


def test_it_leaves_unpublished_and_sample_records_out_of_the_engagement_charts():
    area = f.make_area(name="Health")
    f.make_engagement(area=area)
    f.make_engagement(area=area, is_published=False)
    f.make_engagement(area=area, is_sample=True)
    f.make_engagement(area=area, partner=f.make_partner(is_published=False, name="Hidden"))
    f.make_engagement(area=f.make_area(name="Draft area", is_published=False))

    assert [(row.label, row.value) for row in charts.engagements_by_area()] == [("Health", 1)]
    assert "Hidden" not in [row.label for row in charts.engagements_by_partner()]
    assert charts.engagement_totals()["samples"] == 1


def test_it_counts_engagements_by_partner_including_those_without_an_area():
    france = f.make_partner(name="France")
    f.make_engagement(partner=france)
    f.make_engagement(partner=france, area=None, activity="Joint workshops")

    rows = charts.engagements_by_partner()

    assert [(row.label, row.value) for row in rows] == [("France", 2)]
    assert charts.engagement_totals()["without_area"] == 1


def test_it_counts_agreements_by_year_with_empty_years_filled_in():
    f.make_agreement(signed_on=datetime.date(2019, 5, 1))
    f.make_agreement(signed_on=datetime.date(2019, 8, 1))
    f.make_agreement(signed_on=datetime.date(2021, 1, 1))

    rows = charts.agreements_by_year()

    assert [(row.label, row.value) for row in rows] == [("2019", 2), ("2020", 0), ("2021", 1)]
    assert "signed_after=2019-01-01" in rows[0].url


def test_it_skips_undated_sample_and_unpublished_agreements_and_says_how_many():
    f.make_agreement(signed_on=datetime.date(2020, 1, 1))
    f.make_agreement(signed_on=None)
    f.make_agreement(signed_on=None)
    f.make_agreement(signed_on=datetime.date(2022, 1, 1), is_sample=True)
    f.make_agreement(signed_on=datetime.date(2023, 1, 1), is_published=False)

    assert [(row.label, row.value) for row in charts.agreements_by_year()] == [("2020", 1)]
    assert charts.agreement_totals() == {"dated": 1, "undated": 2, "samples": 1}


def test_the_charts_page_shows_accessible_svg_and_the_numbers_in_tables(client):
    f.make_engagement(area=f.make_area(name="Astronomy"))
    f.make_agreement(signed_on=datetime.date(2018, 3, 3))
    f.make_agreement(signed_on=None)

    html = client.get("/charts/").content.decode()

    assert html.count('role="img"') == 3
    assert 'aria-labelledby="engagements-by-area-title engagements-by-area-desc"' in html
    assert '<title id="agreements-by-year-title">' in html
    assert "partner engagements in each of 1 research area, most first.</desc>" in html
    assert "agreements signed each year from 2018 to 2018.</desc>" in html
    assert html.count("<table>") == 3
    assert '<th scope="row"><a href="/areas/' in html and "Astronomy" in html
    assert "1 agreement has no known signing date" in html


def test_the_charts_page_says_so_when_there_is_nothing_to_chart(client):
    html = client.get("/charts/").content.decode()

    assert html.count("There are no published records to chart yet.") == 3


def test_it_never_names_an_unpublished_partner_on_the_charts_page(client):
    f.make_engagement(partner=f.make_partner(name="Secret Partner", is_published=False))

    assert "Secret Partner" not in client.get("/charts/").content.decode()


def test_the_partner_chart_is_capped_and_says_how_many_partners_are_not_shown(client):
    for _ in range(charts.MAX_BARS + 2):
        f.make_engagement()

    html = client.get("/charts/").content.decode()

    assert "2 more partners with fewer engagements are not shown" in html


@pytest.mark.parametrize("size", [1, 8])
def test_the_charts_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    for year in range(size):
        f.make_engagement(area=f.make_area())
        f.make_engagement(area=None, activity="Workshop")
        f.make_agreement(signed_on=datetime.date(2000 + year, 1, 1))
    # 1 engagements by partner, 2 engagements by area, 3 engagement totals,
    # 4 agreements by year, 5 agreement totals
    with django_assert_num_queries(5):
        assert client.get("/charts/").status_code == 200


def test_the_year_table_lists_only_years_with_agreements_while_the_chart_spans_them_all(client):
    f.make_agreement(signed_on=datetime.date(2010, 1, 1))
    f.make_agreement(signed_on=datetime.date(2013, 1, 1))

    html = client.get("/charts/").content.decode()

    assert "signed_after=2010-01-01" in html and "signed_after=2013-01-01" in html
    assert "signed_after=2011-01-01" not in html
    assert "from 2010 to 2013" in html  # the chart's description covers the empty years
