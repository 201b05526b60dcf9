"""The four big staff changelists (agreements, calls, meetings, action items) at scale: a
fixed number of queries whatever the number of rows, pages read through an index in their
order, and a date drill-down that answers as Django's does from index seeks
(registry/admin/dates.py). bench/admin_changelists.py measures them at 100,000 agreements.

The query-plan tests run on whichever database DATABASE_URL names: run this file once with
SQLite and once with `DATABASE_URL=postgres://...`."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import date_hierarchy as django_date_hierarchy
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import models
from registry.admin.dates import date_hierarchy
from tests import factories as f

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _url(model, query=""):
    return reverse(f"admin:registry_{model._meta.model_name}_changelist") + query


def _agreement(i):
    return f.make_agreement(
        partners=[f.make_partner(), f.make_partner()],
        signed_on=datetime.date(1990 + i % 7, 1 + i % 12, 1 + i % 28),
    )


def _call(i):
    closes = datetime.datetime(2015 + i % 5, 1 + i % 12, 10, 6, 0, tzinfo=UTC)
    return f.make_call(
        agreement=f.make_agreement(),
        opens_at=closes - datetime.timedelta(days=30),
        closes_at=closes,
    )


def _meeting(i):
    review = f.make_review(held_on=datetime.date(2010 + i % 6, 1 + i % 12, 3))
    f.make_action_item(review=review)
    return review


def _action_item(i):
    return f.make_action_item(
        due_on=datetime.date(2020 + i % 4, 1 + i % 12, 5),
        owner_agency=f.make_agency(),
    )


# Each changelist's queries: session and user; the agency filter's choices (agreements and
# action items); the count of matching rows (one: show_full_result_count is off); the page
# (related rows joined, counts annotated); the partners of the page (agreements and calls);
# the date drill-down's first and last date, then which years hold a row.
CHANGELISTS = {
    models.Agreement: (_agreement, 8),
    models.JointCall: (_call, 7),
    models.JWGReview: (_meeting, 6),
    models.ActionItem: (_action_item, 7),
}


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda m: m._meta.model_name)
def test_a_big_changelist_runs_the_same_queries_for_2_rows_as_for_20(
    model, admin_client, django_assert_num_queries
):
    make, queries = CHANGELISTS[model]
    for i in range(2):
        make(i)
    with django_assert_num_queries(queries):
        assert admin_client.get(_url(model)).status_code == 200
    for i in range(2, 20):
        make(i)
    with django_assert_num_queries(queries):
        response = admin_client.get(_url(model))
    assert len(response.context["cl"].result_list) == 20
    assert response.context["cl"].date_hierarchy


def test_a_filtered_changelist_counts_its_matches_only(admin_client):
    for i in range(3):
        _agreement(i)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(_url(models.Agreement, "?status=in_force"))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(counts) == 1
    assert response.context["cl"].result_count == 3
    assert response.context["cl"].full_result_count is None


# --- the date drill-down answers as Django's does ---------------------------------------------


def _changelist(client, model, query=""):
    response = client.get(_url(model, query))
    assert response.status_code == 200
    return response.context["cl"]


def _same_as_django(cl):
    ours = date_hierarchy(cl)
    assert ours == django_date_hierarchy(cl)
    return [choice["title"] for choice in ours["choices"]]


def test_the_drill_down_lists_the_years_months_and_days_that_hold_a_row(admin_client):
    for day in [(1999, 3, 4), (2003, 7, 1), (2003, 7, 30), (2003, 12, 31), (2011, 1, 1)]:
        f.make_agreement(signed_on=datetime.date(*day))
    f.make_agreement(signed_on=None)
    f.make_agreement(signed_on=datetime.date(2007, 5, 5), status="expired")
    f.make_agreement(signed_on=datetime.date(2011, 2, 2), status="expired")

    assert _same_as_django(_changelist(admin_client, models.Agreement)) == [
        "1999",
        "2003",
        "2007",
        "2011",
    ]
    months = _same_as_django(_changelist(admin_client, models.Agreement, "?signed_on__year=2003"))
    assert len(months) == 2
    days = _same_as_django(
        _changelist(admin_client, models.Agreement, "?signed_on__year=2003&signed_on__month=7")
    )
    assert len(days) == 2
    one_day = "?signed_on__year=2003&signed_on__month=7&signed_on__day=30"
    _same_as_django(_changelist(admin_client, models.Agreement, one_day))
    # Under a filter, only the years of the rows it keeps.
    expired = _changelist(admin_client, models.Agreement, "?status=expired")
    assert _same_as_django(expired) == ["2007", "2011"]


def test_the_drill_down_shows_its_links_on_the_page(admin_client):
    f.make_agreement(signed_on=datetime.date(1999, 3, 4))
    f.make_agreement(signed_on=datetime.date(2003, 7, 1))
    html = admin_client.get(_url(models.Agreement)).content.decode()
    assert "?signed_on__year=1999" in html and "?signed_on__year=2003" in html


def test_rows_of_one_month_open_the_drill_down_at_its_days(admin_client):
    f.make_agreement(signed_on=datetime.date(2003, 7, 1))
    f.make_agreement(signed_on=datetime.date(2003, 7, 9))
    assert len(_same_as_django(_changelist(admin_client, models.Agreement))) == 2


def test_an_empty_changelist_has_no_drill_down_choices(admin_client):
    assert _same_as_django(_changelist(admin_client, models.Agreement)) == []


def test_the_drill_down_of_a_datetime_counts_years_in_indian_time(admin_client):
    # 31 December 2019, 20:00 UTC is 1 January 2020, 01:30 in India.
    for closes in [
        datetime.datetime(2019, 12, 31, 20, 0, tzinfo=UTC),
        datetime.datetime(2017, 6, 1, 12, 0, tzinfo=UTC),
        datetime.datetime(2022, 2, 1, 12, 0, tzinfo=UTC),
    ]:
        f.make_call(opens_at=closes - datetime.timedelta(days=9), closes_at=closes)
    assert _same_as_django(_changelist(admin_client, models.JointCall)) == ["2017", "2020", "2022"]
    months = _changelist(admin_client, models.JointCall, "?closes_at__year=2020")
    assert _same_as_django(months) == ["January 2020"]


# --- what staff rely on still works ---------------------------------------------------------------


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda m: m._meta.model_name)
def test_every_column_sorts_and_search_and_filters_answer(model, admin_client):
    make, _queries = CHANGELISTS[model]
    for i in range(3):
        make(i)
    cl = _changelist(admin_client, model)
    for index in range(1, len(cl.list_display)):
        for order in (str(index), f"-{index}"):
            assert admin_client.get(_url(model, f"?o={order}")).status_code == 200
    assert _changelist(admin_client, model, "?q=zz-nothing-matches").result_count == 0
    for spec in admin.site._registry[model].list_filter:
        name = spec if isinstance(spec, str) else spec.parameter_name
        value = {"status": cl.result_list[0].status}.get(name, "")
        assert admin_client.get(_url(model, f"?{name}={value}")).status_code in (200, 302)


# --- each page is read in its index's order ------------------------------------------------------

ORDER_INDEXES = {
    models.Agreement: "agreement_order_idx",
    models.JointCall: "jointcall_order_idx",
    models.JWGReview: "jwgreview_order_idx",
    models.ActionItem: "actionitem_order_idx",
}


def _plan(queryset) -> str:
    if connection.vendor == "postgresql":
        # A test table is tiny, so PostgreSQL would rather sort it; forbid the sort and the
        # full scan to see whether an index serves the order.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.parametrize("model", ORDER_INDEXES, ids=lambda m: m._meta.model_name)
def test_a_changelist_page_is_read_through_the_index_of_its_order(model, admin_client):
    make, _queries = CHANGELISTS[model]
    for i in range(3):
        make(i)
    cl = _changelist(admin_client, model)
    plan = _plan(cl.queryset[: cl.list_per_page])
    assert ORDER_INDEXES[model] in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan  # SQLite: no sort of the table
    assert "Sort Key" not in plan  # PostgreSQL: likewise
