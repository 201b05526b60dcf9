"""Search that explains itself: which field matched, the words marked (and escaped), title and
partner hits first, type/partner/year narrowing, the export, and misspelt words corrected.

The misspelling tests run on whichever database DATABASE_URL names: run this file once with
SQLite and once with `DATABASE_URL=postgres://...` (docs/search.md)."""

import csv
import io
import json

import pytest
from django.db import connection
from django.urls import reverse

from registry import search_explain
from tests import factories as f

pytestmark = pytest.mark.django_db

SEARCH = reverse("registry:search")


def export(client, fmt="csv", **params):
    return client.get(reverse("registry:search_export", kwargs={"fmt": fmt}), params)


def hit_of(body: str, record) -> str:
    """The search hit of `record` in the page: from its link to the end of its fields."""
    return body.split(f'href="{record.get_absolute_url()}"')[1].split("</li></ul>")[0]


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def gcnep():
    """The seed's shape: GCNEP MoUs whose common summary names France among the partners."""
    summary = "GCNEP has MoUs with 16 international partners including USA, Russia, IAEA, France."
    france, russia = (
        f.make_partner(name="France", slug="france", iso_code="FR"),
        f.make_partner(name="Russia", slug="russia", iso_code="RU"),
    )
    with_russia = f.make_agreement(
        partners=[russia], title="GCNEP MoU with Russia", summary=summary
    )
    with_france = f.make_agreement(
        partners=[france], title="GCNEP MoU with France", summary=summary
    )
    return {
        "france": france,
        "russia": russia,
        "with_russia": with_russia,
        "with_france": with_france,
    }


# -- the highlight -------------------------------------------------------------------------


def test_the_highlight_marks_the_words_and_escapes_everything_else():
    html = search_explain.highlight("<b>Quantum</b> & <script>alert(1)</script>", ["quantum"])
    assert (
        html
        == "&lt;b&gt;<mark>Quantum</mark>&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    )


def test_a_query_that_looks_like_html_is_escaped_when_it_is_marked():
    html = search_explain.highlight("a <script> tag", ["<script>"])
    assert html == "a <mark>&lt;script&gt;</mark> tag"


def test_a_long_field_is_cut_around_the_first_match():
    text = "word " * 40 + "France" + " word" * 40
    html = search_explain.highlight(text, ["france"], window=30)
    assert html.startswith("…") and html.endswith("…") and "<mark>France</mark>" in html
    assert len(html) < 120


def test_a_record_with_a_script_in_its_title_is_shown_as_text(client):
    f.make_agreement(title="<script>alert('x')</script> Quantum MoU")
    response = client.get(SEARCH, {"q": "<script>"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(" not in body
    assert "<mark>&lt;script&gt;</mark>alert(&#x27;x&#x27;)" in body


# -- which field matched -----------------------------------------------------------------


def test_the_hit_says_the_summary_holds_the_word_when_the_title_does_not(client, gcnep):
    body = client.get(SEARCH, {"q": "france"}).content.decode()
    russia_hit = hit_of(body, gcnep["with_russia"])
    assert '<span class="search-field">Summary:</span>' in russia_hit
    assert "IAEA, <mark>France</mark>." in russia_hit
    assert "Partners:" not in russia_hit


def test_the_hit_says_the_partner_matched(client, gcnep):
    body = client.get(SEARCH, {"q": "france", "type": "agreement"}).content.decode()
    france_hit = hit_of(body, gcnep["with_france"])
    assert '<span class="search-field">Partners:</span> <mark>France</mark>' in france_hit


def test_records_with_the_word_in_title_or_partner_come_first(client, gcnep):
    response = client.get(SEARCH, {"q": "france", "type": "agreement"})
    body = response.content.decode()
    assert body.index(f"/agreements/{gcnep['with_france'].pk}/") < body.index(
        f"/agreements/{gcnep['with_russia'].pk}/"
    )


def test_a_draft_partner_does_not_explain_a_hit(client):
    draft = f.make_partner(name="Draftonia", is_published=False)
    f.make_agreement(partners=[draft, f.make_partner(name="Realland")], title="Plain MoU")
    body = client.get(SEARCH, {"q": "draftonia"}).content.decode()
    assert "Draftonia" not in body.split("</form>", 2)[-1]


# -- narrowing ---------------------------------------------------------------------------


def test_results_are_grouped_by_type_with_counts_and_narrow_to_one_type(client, gcnep):
    body = client.get(SEARCH, {"q": "france"}).content.decode()
    assert "Agreements (2)" in body and "Partners (1)" in body
    body = client.get(SEARCH, {"q": "france", "type": "partner"}).content.decode()
    assert "Partners (1)" in body and "Agreements (" not in body


def test_the_partner_filter_keeps_the_records_with_that_partner(client, gcnep):
    body = client.get(SEARCH, {"q": "gcnep", "partner": "ru"}).content.decode()
    assert f"/agreements/{gcnep['with_russia'].pk}/" in body
    assert f"/agreements/{gcnep['with_france'].pk}/" not in body


def test_the_year_filter_keeps_the_records_of_that_year(client):
    import datetime

    f.make_agreement(title="Ocean MoU old", signed_on=datetime.date(2011, 5, 1))
    f.make_agreement(title="Ocean MoU new", signed_on=datetime.date(2021, 5, 1))
    body = client.get(SEARCH, {"q": "ocean", "year": "2021"}).content.decode()
    assert "<mark>Ocean</mark> MoU new" in body and "MoU old" not in body


@pytest.mark.parametrize(
    "params", [{"type": "nothing"}, {"partner": "atlantis"}, {"year": "12"}, {"year": "x"}]
)
def test_a_bad_narrowing_value_is_a_400_with_a_message(client, params):
    response = client.get(SEARCH, {"q": "ocean", **params})
    assert response.status_code == 400
    assert "could not be run" in response.content.decode()


def test_the_search_export_holds_every_match_with_its_fields(client, gcnep):
    response = export(client, q="france")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    by_title = {r["title"]: r for r in rows}
    assert by_title["GCNEP MoU with Russia"]["matched_in"] == "Summary"
    assert by_title["GCNEP MoU with France"]["matched_in"] == "Title; Partners; Summary"
    assert by_title["France"]["type"] == "partner"


def test_the_search_export_follows_the_type_filter_and_the_column_chooser(client, gcnep):
    response = export(client, "json", q="france", type="agreement", columns="title,type")
    data = json.loads(response.content)
    assert data["count"] == 2
    assert [list(r) for r in data["results"]] == [["title", "type"]] * 2
    assert export(client, q="france", columns="nope").status_code == 400


def test_a_bad_search_export_is_a_400(client):
    assert export(client, q="a\x00b").status_code == 400
    assert export(client, "pdf", q="x").status_code == 404


# -- misspellings ------------------------------------------------------------------------


@pytest.fixture
def quantum():
    return f.make_agreement(title="MoU on quantum technologies")


def test_trigram_similarity_is_pg_trgm_s():
    assert search_explain.similarity("quantam", "quantum") == pytest.approx(5 / 11)
    assert search_explain.similarity("word", "word") == 1


def test_a_misspelt_word_finds_its_record_and_says_so(client, quantum):
    body = client.get(SEARCH, {"q": "quantam"}).content.decode()
    assert "Showing results for <strong>quantum</strong>" in body
    assert "search instead for quantam" in body and "exact=1" in body
    assert "MoU on <mark>quantum</mark> technologies" in body
    assert connection.vendor in ("sqlite", "postgresql")


def test_search_instead_searches_the_word_as_typed(client, quantum):
    body = client.get(SEARCH, {"q": "quantam", "exact": "1"}).content.decode()
    assert "Nothing published matches “quantam”" in body and "Showing results" not in body


def test_a_word_that_finds_records_is_not_corrected(client, quantum):
    f.make_agreement(title="Quantam Labs MoU")
    body = client.get(SEARCH, {"q": "quantam"}).content.decode()
    assert "Showing results for" not in body and "<mark>Quantam</mark> Labs" in body


def test_the_vocabulary_holds_only_published_words(quantum):
    f.make_agreement(title="Secretword MoU", is_published=False)
    words = search_explain.build_vocabulary()
    assert "quantum" in words and "secretword" not in words
    assert search_explain.correct("secretwrd") is None


def test_the_correction_is_the_same_on_both_databases(quantum):
    # pg_trgm's similarity() on PostgreSQL, its Python twin on SQLite.
    assert search_explain.correct("quantam technolgies") == "quantum technologies"


# -- cost --------------------------------------------------------------------------------


def search_queries(client, query) -> int:
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as captured:
        assert client.get(SEARCH, {"q": query}).status_code == 200
    return len(captured)


def test_the_search_page_costs_the_same_queries_for_few_or_many_hits(client):
    partner = f.make_partner(name="Countland")
    f.make_agreement(partners=[partner], title="Countland MoU 0")
    f.make_call(partners=[partner], title="Countland call 0")
    few = search_queries(client, "countland")
    for n in range(1, 6):
        f.make_agreement(partners=[partner], title=f"Countland MoU {n}")
        f.make_call(partners=[partner], title=f"Countland call {n}")
    assert search_queries(client, "countland") == few


def test_the_search_page_queries_are_pinned(client, django_assert_num_queries):
    partner = f.make_partner(name="Countland")
    f.make_agreement(partners=[partner], title="Countland MoU")
    # Per searched type (9, projects included): a COUNT; per type with hits (agreements,
    # partners): the page of hits and one query per relation among its search fields
    # (agreement: partners; partner: aliases); and the partner options of the form: 9 + 2 * 2
    # + 1.
    with django_assert_num_queries(14):
        client.get(SEARCH, {"q": "countland"})
