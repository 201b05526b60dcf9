"""A search's counts and which records it shows are cached per data version; the records
themselves are read afresh (registry/views/search.py)."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

SEARCH = reverse("registry:search")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def search(client, q, **params):
    """The page's main content as text (without the CSRF token of the language form), and
    the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    main = lxml.html.fromstring(response.content.decode()).xpath("//main")[0]
    return " ".join(main.text_content().split()), [q["sql"] for q in queries]


def test_a_repeated_search_counts_nothing_again(client):
    partner = f.make_partner(name="Countland")
    f.make_agreement(partners=[partner], title="Countland MoU")
    first_html, first = search(client, "countland")
    html, queries = search(client, "countland")
    assert html == first_html
    # Per type with hits (agreements, partners): its records by id. Not the queries that say
    # why each matched (one per relation among its search fields), no COUNT, no LIKE, no
    # partner options (the form is cached too).
    assert len(queries) == 2 < len(first)
    assert not [sql for sql in queries if "COUNT" in sql or "LIKE" in sql]


def test_a_change_is_searched_at_once(client):
    pact = f.make_agreement(title="Countland MoU")
    assert "Countland MoU" in search(client, "countland")[0]
    pact.title = "Countland pact"
    pact.save()
    assert "Countland pact" in search(client, "countland")[0]
    f.make_agreement(title="Countland treaty")
    html, _ = search(client, "countland")
    assert "Countland treaty" in html and "2 records match" in html
    pact.is_published = False
    pact.save()
    html, _ = search(client, "countland")
    assert "Countland pact" not in html and "1 record matches" in html


def test_the_narrowed_search_is_cached_apart(client):
    japan, chile = f.make_partner(name="Japan"), f.make_partner(name="Chile")
    f.make_agreement(partners=[japan], title="Solar pact one")
    f.make_agreement(partners=[chile], title="Solar pact two")
    assert "Solar pact two" in search(client, "solar")[0]
    narrowed, _ = search(client, "solar", partner=japan.slug)
    assert "Solar pact one" in narrowed and "Solar pact two" not in narrowed
    assert "Solar pact two" in search(client, "solar", partner=chile.slug)[0]


def why(client, url, q) -> list[str]:
    """What the page says of each hit's matching fields ("Partners: Countland")."""
    page = lxml.html.fromstring(client.get(url, {"q": q}).content.decode())
    return [
        " ".join(li.text_content().split()) for li in page.xpath("//ul[@class='search-why']/li")
    ]


def test_why_a_record_matched_follows_a_change_and_the_language(client):
    partner = f.make_partner(name="Countland")
    f.make_agreement(partners=[partner], title="Solar pact")
    assert "Partners: Countland" in why(client, SEARCH, "countland")
    partner.name = "Countland Republic"
    partner.save()
    assert "Partners: Countland Republic" in why(client, SEARCH, "countland")
    # The labels are the reader's language: the English explanation is not served at /hi/.
    hindi = why(client, "/hi" + SEARCH, "countland")
    assert hindi and not [line for line in hindi if line.startswith("Partners:")]
