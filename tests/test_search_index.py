"""`?q=` search: the same rows as a plain reading of the rule, on every database, and on
PostgreSQL the trigram indexes of migration 0004 that make it scale.

The rule (registry/filters.py, `filter_q`): every word (at most 10) is found, ignoring case,
as a substring of some search field; across a relation only published related rows count.
"""

import importlib
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import catalogue, filters, models
from tests import factories as f

trigram = importlib.import_module("registry.migrations.0004_search_trigram")

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_trgm indexes exist only on PostgreSQL (migration 0004 is a no-op elsewhere)",
)


def search(filterset_class, q, drafts_too=False):
    model = filterset_class._meta.model
    queryset = model.objects.all() if drafts_too else model.objects.published()
    filterset = filterset_class(QueryDict(f"q={q}"), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def ids(filterset_class, q):
    return sorted(search(filterset_class, q).values_list("pk", flat=True))


def values_of(record, path):
    """The texts a search field holds for `record`; related rows only when published."""
    first, _, rest = path.partition("__")
    if not rest:
        return [getattr(record, first) or ""]
    related = getattr(record, first)
    rows = related.all() if hasattr(related, "all") else [related] if related else []
    found = []
    for row in rows:
        if "__" not in rest and isinstance(row, models.Record) and not row.is_published:
            continue
        found += values_of(row, rest)
    return found


def expected(filterset_class, q):
    """The rule read plainly, in Python, over every published row."""
    model = filterset_class._meta.model
    words = q.split()[:10]
    hits = []
    for record in model.objects.published():
        texts = [t.lower() for p in filterset_class.search_fields for t in values_of(record, p)]
        if all(any(w.lower() in t for t in texts) for w in words):
            hits.append(record.pk)
    return sorted(hits)


@pytest.fixture
def registry():
    """A few records of each searched kind, with drafts among the related rows."""
    japan = f.make_partner(name="Japan", official_name="State of Japan", iso_code="JP")
    models.PartnerAlias.objects.create(partner=japan, name="Nippon")
    atlantis = f.make_partner(name="Atlantis Ocean Republic", is_published=False)
    france = f.make_partner(name="France", iso_code="FR")
    f.make_agreement(partners=[japan], title="Cooperation in OCEAN science", summary="Tsunami")
    f.make_agreement(partners=[france, japan], title="Solar energy", partner_agency="CNRS")
    f.make_agreement(partners=[atlantis], title="Deep sea survey", reference="AT-50%")
    f.make_agreement(partners=[atlantis, france], title="Quantum ocean sensing")
    f.make_agreement(partners=[france], title="Hidden ocean pact", is_published=False)
    f.make_agreement(partners=[japan], title="Reference 500 and a_b", reference="500")
    f.make_call(partners=[japan], title="Ocean call", scope="Marine robotics")
    f.make_call(partners=[atlantis], title="Solar call")
    group = f.make_group(partners=[japan], name="India-Japan JWG on Ocean")
    hidden_group = f.make_group(partners=[france], name="Secret Solar JWG", is_published=False)
    f.make_review(group=group, title="Tenth meeting", place="Tokyo")
    f.make_review(group=hidden_group, title="First meeting", outcomes="Solar roadmap")
    telescope = f.make_facility(name="Ocean Observatory", short_name="OO")
    draft_facility = f.make_facility(name="Solar Lab", short_name="SL", is_published=False)
    models.FacilityAlias.objects.create(facility=telescope, name="Deep Sea Eye")
    f.make_membership(facility=telescope, scope="Data access")
    f.make_membership(facility=draft_facility, scope="Ocean data")
    f.make_engagement(partner=japan, area=f.make_area(name="Oceanography"), activity="Cruises")
    f.make_engagement(partner=atlantis, area=f.make_area(name="Solar physics"))
    f.make_agency(name="Department of Ocean Development", short_name="DOD")


QUERIES = [
    "ocean",
    "OCEAN japan",
    "japan ocean",
    "cEaN",
    "solar france",
    "atlantis",
    "atlantis ocean",
    "nippon",
    "deep sea",
    "50%",
    "a_b",
    "jp",
    "tokyo meeting",
    "oo",
    "oceanography cruises",
    "nothing-like-this",
]


@pytest.mark.parametrize("filterset_class", list(catalogue.filtersets().values()))
@pytest.mark.parametrize("q", QUERIES)
def test_search_finds_what_the_rule_says(registry, filterset_class, q):
    assert ids(filterset_class, q) == expected(filterset_class, q)


class TestTheRule:
    def test_every_word_must_match_but_may_match_different_fields(self):
        japan = f.make_partner(name="Japan")
        both = f.make_agreement(partners=[japan], title="Ocean science")
        f.make_agreement(title="Ocean survey")
        f.make_agreement(partners=[japan], title="Space science")
        assert ids(filters.AgreementFilterSet, "ocean japan") == [both.pk]
        assert ids(filters.AgreementFilterSet, "JAPAN Ocean") == [both.pk]

    def test_substrings_and_case_are_ignored_alike(self):
        found = f.make_agreement(title="Oceanography", summary="", partner_agency="JAMSTEC")
        for q in ("oceano", "OCEANO", "graph", "jamstec", "Jamstec"):
            assert ids(filters.AgreementFilterSet, q) == [found.pk], q

    def test_like_wildcards_in_a_word_are_plain_characters(self):
        percent = f.make_agreement(title="50% cost share")
        f.make_agreement(title="500 cost share")
        underscore = f.make_agreement(title="file a_b")
        f.make_agreement(title="file axb")
        assert ids(filters.AgreementFilterSet, "50%") == [percent.pk]
        assert ids(filters.AgreementFilterSet, "a_b") == [underscore.pk]

    def test_a_draft_partners_name_finds_nothing_even_beside_a_published_partner(self):
        secret = f.make_partner(name="Atlantis", is_published=False)
        linked = f.make_agreement(partners=[secret, f.make_partner(name="Lemuria")])
        assert ids(filters.AgreementFilterSet, "atlantis") == []
        assert ids(filters.AgreementFilterSet, "atlantis lemuria") == []
        assert ids(filters.AgreementFilterSet, "lemuria") == [linked.pk]
        f.make_call(partners=[secret])
        assert ids(filters.JointCallFilterSet, "atlantis") == []

    def test_a_draft_group_or_facility_name_finds_nothing_through_a_foreign_key(self):
        group = f.make_group(name="Hidden JWG", is_published=False)
        f.make_review(group=group)
        facility = f.make_facility(name="Hidden Lab", short_name="HL", is_published=False)
        f.make_membership(facility=facility)
        assert ids(filters.JWGReviewFilterSet, "hidden") == []
        assert ids(filters.FacilityMembershipFilterSet, "hidden") == []
        shown = f.make_review(group=f.make_group(name="Shown JWG"))
        assert ids(filters.JWGReviewFilterSet, "shown") == [shown.pk]

    def test_a_word_in_two_partners_still_gives_the_record_once(self):
        agreement = f.make_agreement(
            partners=[f.make_partner(name="North Lemuria"), f.make_partner(name="South Lemuria")]
        )
        found = search(filters.AgreementFilterSet, "lemuria")
        assert list(found) == [agreement]
        assert found.count() == 1

    def test_only_the_first_ten_words_count(self):
        agreement = f.make_agreement(title="one two three four five six seven eight nine ten")
        ten = "one two three four five six seven eight nine ten"
        assert ids(filters.AgreementFilterSet, ten + " eleven") == [agreement.pk]
        assert ids(filters.AgreementFilterSet, "eleven " + ten) == []

    def test_search_keeps_the_other_filters(self):
        japan = f.make_partner(name="Japan", slug="japan")
        kept = f.make_agreement(partners=[japan], title="Ocean A", status="in_force")
        f.make_agreement(partners=[japan], title="Ocean B", status="expired")
        model = models.Agreement
        data = QueryDict("q=ocean&status=in_force&partner=japan")
        filterset = filters.AgreementFilterSet(data, queryset=model.objects.published())
        assert filterset.is_valid()
        assert list(filterset.qs) == [kept]


def test_search_page_and_list_queries_do_not_grow_with_matches(client):
    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, HTTP_CACHE_CONTROL="no-cache").status_code == 200
        return len(ctx.captured_queries)

    search_url = reverse("registry:search") + "?q=ocean+japan"
    list_url = reverse("registry:agreement_list") + "?q=ocean+japan"
    japan = f.make_partner(name="Japan")
    f.make_agreement(partners=[japan], title="Ocean 0")
    few = queries(search_url), queries(list_url)
    for n in range(1, 6):
        f.make_agreement(partners=[japan, f.make_partner()], title=f"Ocean {n}")
    assert (queries(search_url), queries(list_url)) == few


TRIGRAM_INDEXES = trigram.TRIGRAM_INDEXES


def index_names():
    return {trigram.index_name(table, column) for table, column in TRIGRAM_INDEXES}


def test_the_big_tables_searched_columns_have_a_trigram_index_planned():
    planned = set(TRIGRAM_INDEXES)
    for table, column in (
        ("registry_agreement", "title"),
        ("registry_agreement", "reference"),
        ("registry_agreement", "summary"),
        ("registry_agreement", "partner_agency"),
        ("registry_jointcall", "title"),
        ("registry_jwgreview", "title"),
    ):
        assert (table, column) in planned
    # Each one names a text column the FilterSet of that table searches.
    searched = {
        (fs._meta.model._meta.db_table, field)
        for fs in catalogue.filtersets().values()
        for field in fs.search_fields
        if "__" not in field
    }
    assert planned <= searched


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the non-PostgreSQL no-op")
def test_other_databases_get_no_trigram_index():
    with connection.cursor() as cursor:
        names = {t.name for t in connection.introspection.get_table_list(cursor)}
        found = set()
        for table in {table for table, _ in TRIGRAM_INDEXES}:
            assert table in names
            found |= set(connection.introspection.get_constraints(cursor, table))
    assert not found & index_names()


@postgresql_only
def test_the_trigram_indexes_exist_on_the_upper_expression_icontains_uses():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        defs = dict(cursor.fetchall())
    assert set(defs) >= index_names()
    for table, column in TRIGRAM_INDEXES:
        definition = defs[trigram.index_name(table, column)]
        assert f"ON public.{table} USING gin" in definition
        assert f"upper(({column})::text)" in definition or f"upper({column})" in definition
        assert "gin_trgm_ops" in definition


def explain(filterset_class, q):
    """The plan of the `?q=` condition alone.

    Tiny test tables: a sequential scan is cheaper, so the planner is made to show whether
    it *can* use an index (SET LOCAL ends with the test's transaction). Drafts are left in:
    on a table of a few rows `is_published` would pick its own index instead (at 100k rows
    the real query's plan is in bench/RESULTS.md).
    """
    queryset = search(filterset_class, q, drafts_too=True).order_by()
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_agreement_search_is_answered_from_the_trigram_indexes():
    f.make_agreement(partners=[f.make_partner(name="Japan")], title="Ocean science")
    plan = explain(filters.AgreementFilterSet, "ocean japan")
    assert "Bitmap Index Scan on agreement_title_trgm" in plan
    assert "Bitmap Index Scan on agreement_summary_trgm" in plan
    # The partner-name match joins the BitmapOr through the primary key, not a join.
    assert "Bitmap Index Scan on registry_agreement_pkey" in plan
    assert not re.search(r"Seq Scan on registry_agreement\b(?!_)", plan)


@postgresql_only
def test_call_and_meeting_search_use_their_trigram_indexes():
    f.make_call(title="Ocean call")
    f.make_review(title="Ocean meeting")
    assert "Bitmap Index Scan on jointcall_title_trgm" in explain(
        filters.JointCallFilterSet, "ocean"
    )
    plan = explain(filters.JWGReviewFilterSet, "ocean")
    assert "Bitmap Index Scan on jwgreview_title_trgm" in plan
    assert "Bitmap Index Scan on jwgreview_outcomes_trgm" in plan
