"""The agreements table's rows are cached per row version, language and row template
(registry/rows.py): never stale, never a draft, and a cached row is the row rendered anew."""

import lxml.html
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from registry import rows as rows_module
from registry.models import Agreement
from tests import factories as f
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db

LIST = "/agreements/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """The rows' cache, under the whole-page cache (tests/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


def rows(html: str) -> list[str]:
    document = lxml.html.fromstring(html)
    return [lxml.html.tostring(tr, encoding="unicode") for tr in document.xpath("//table/tbody/tr")]


def row_keys() -> list[str]:
    """The cached rows of the published agreements as they are now, in either language
    (read through the cache's API, so any backend answers: locmem or Redis)."""
    ids = list(Agreement.objects.published().values_list("pk", flat=True))
    keys = []
    for language in ("en", "hi"):
        with translation.override(language):
            keys += rows_module.keys_of_ids(ids).values()
    return [key for key in keys if cache.get(key) is not None]


def test_a_cached_row_is_the_row_rendered_anew_with_its_phone_labels(client, settings):
    japan = f.make_partner(name="Japan")
    f.make_agreement(partners=[japan], title="Tokyo pact", is_sample=True)
    first = rows(client.get(LIST).content.decode())
    assert row_keys(), "the row is cached"
    second = rows(client.get(LIST).content.decode())
    assert second == first and len(first) == 1
    # The phone layout (cards) labels each cell from data-label.
    assert 'data-label="Partners"' in first[0] and 'data-label="Valid until"' in first[0]
    assert "Japan" in first[0] and "Sample" in first[0]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert rows(client.get(LIST).content.decode()) == first


def test_editing_a_partner_changes_the_rows_that_name_it(client):
    japan = f.make_partner(name="Japan")
    f.make_agreement(partners=[japan], title="Tokyo pact")
    hub = japan.get_absolute_url()
    assert "Japan" in rows(client.get(LIST).content.decode())[0]
    assert "Japan" in rows(client.get(hub).content.decode())[0]
    japan.name = "Nippon"
    japan.save()
    for url in (LIST, hub):
        (row,) = rows(client.get(url).content.decode())
        assert "Nippon" in row and "Japan" not in row


def test_unpublishing_or_unlinking_a_partner_takes_it_out_of_the_row(client):
    japan, chile = f.make_partner(name="Japan"), f.make_partner(name="Chile")
    pact = f.make_agreement(partners=[japan, chile], title="Pacific pact")
    assert "Chile" in rows(client.get(LIST).content.decode())[0]
    chile.is_published = False
    chile.save()
    (row,) = rows(client.get(LIST).content.decode())
    assert "Japan" in row and "Chile" not in row
    pact.partners.remove(japan)
    (row,) = rows(client.get(LIST).content.decode())
    assert "Japan" not in row and "–" in row


def test_editing_or_unpublishing_an_agreement_changes_its_row(client):
    pact = f.make_agreement(title="Old title")
    client.get(LIST)
    pact.title = "New title"
    pact.save()
    (row,) = rows(client.get(LIST).content.decode())
    assert "New title" in row and "Old title" not in row
    pact.is_published = False
    pact.save()
    assert rows(client.get(LIST).content.decode()) == []


def test_the_rows_are_in_the_readers_language(client, settings):
    f.make_agreement(title="Tokyo pact", status="signed")
    english = rows(client.get(LIST).content.decode())[0]
    hindi = rows(client.get("/hi" + LIST).content.decode())[0]
    assert 'data-label="स्थिति"' in hindi and 'data-label="Status"' not in hindi
    assert rows(client.get(LIST).content.decode())[0] == english
    assert len(row_keys()) == 2


def test_the_column_chooser_keeps_the_tables_rows_and_says_its_own_columns(client):
    """`?columns=` chooses the download's columns; the table's columns are its template's
    (whose digest is in the row key), so the rows are the same rows."""
    f.make_agreement(title="Tokyo pact")
    plain = client.get(LIST).content.decode()
    chosen = client.get(LIST, {"columns": "title,status"}).content.decode()
    assert rows(chosen) == rows(plain)
    document = lxml.html.fromstring(chosen)
    ticked = document.xpath("//form[@id='column-chooser']//input[@name='columns'][@checked]")
    assert [box.get("value") for box in ticked] == ["title", "status"]


def test_a_warm_list_loads_and_renders_only_the_rows_that_changed(
    client, django_assert_num_queries, monkeypatch
):
    partner = f.make_partner()
    pacts = [f.make_agreement(partners=[partner]) for _ in range(5)]
    rendered = []
    render = rows_module.render
    monkeypatch.setattr(
        rows_module, "render", lambda agreements: render(rendered.extend(agreements) or agreements)
    )
    _, cold = get_counting_queries(client, LIST)
    assert len(rendered) == 5
    # Page ids, then the rows' versions (agreements and their partners): no row is loaded.
    with django_assert_num_queries(2):
        client.get(LIST)
    assert len(rendered) == 5
    pacts[0].title = "Changed"
    pacts[0].save()
    # The changed row and its partners are loaded (2 queries); the total, facets and
    # options are counted again under the new data version.
    response, queries = get_counting_queries(client, LIST)
    assert "Changed" in response.content.decode()
    assert rendered[5:] == [pacts[0]] and queries == cold


def test_drafts_never_enter_a_row(client):
    japan = f.make_partner(name="Japan")
    draft_partner = f.make_partner(name="Draft partner", is_published=False)
    f.make_agreement(partners=[japan, draft_partner], title="Tokyo pact")
    f.make_agreement(title="Draft pact", is_published=False)
    html = client.get(LIST).content.decode()
    html += client.get(LIST).content.decode()
    assert "Draft partner" not in html and "Draft pact" not in html


def test_the_home_page_shares_the_rows(client):
    f.make_agreement(title="Tokyo pact")
    client.get(reverse("registry:home"))
    assert len(row_keys()) == 1
    client.get(LIST)
    assert len(row_keys()) == 1


def test_a_hubs_structured_data_is_cached_until_a_change(client):
    japan = f.make_partner(name="Japan")
    hub = japan.get_absolute_url()
    assert '"name": "Japan"' in client.get(hub).content.decode()
    japan.name = "Nippon"
    japan.save()
    html = client.get(hub).content.decode()
    assert '"name": "Nippon"' in html and '"name": "Japan"' not in html
