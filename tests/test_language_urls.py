"""Each public page in each language at its own address (coop_site/i18n.py): English
unprefixed, Hindi at /hi/...; hreflang alternates on every page; the sitemap lists both;
old unprefixed addresses still work, and follow the reader's chosen language."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registry.sitemaps import ListSitemap
from registry.views.page_cache import HEADER
from tests import factories as f
from tests.test_public_pages import KINDS

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


def in_language(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def hindi_path(path: str) -> str:
    return "/hi" + path


def alternates(html: str) -> dict[str, str]:
    found = ALTERNATE.findall(html)
    assert len(found) == len(dict(found)), found
    return dict(found)


def list_names() -> list[str]:
    """Every list and information page: the sitemap's (home, lists, search, charts, pages)."""
    return ListSitemap().items()


def record_paths() -> list[str]:
    return [build().get_absolute_url() for _model, build in KINDS.values()]


@pytest.fixture
def public_paths() -> list[str]:
    """Every public page with a Hindi twin: the lists and information pages, one record page
    of each type with pages, a partner's briefing and the change log."""
    records = record_paths()
    partner = KINDS["partner"][0].objects.published().first()
    return [
        *(reverse(name) for name in list_names()),
        *records,
        reverse("registry:partner_briefing", kwargs={"slug": partner.slug}),
        reverse("registry:changes"),
    ]


def assert_twins(html: str, english: str):
    assert alternates(html) == {
        "en": BASE + english,
        "hi": BASE + hindi_path(english),
        "x-default": BASE + english,
    }


def test_every_public_page_has_its_hindi_twin_with_lang_hi_and_hreflang_links(public_paths):
    assert len(public_paths) >= 25
    for english in public_paths:
        twin = Client().get(hindi_path(english))
        html = twin.content.decode()
        assert twin.status_code == 200, english
        assert '<html lang="hi"' in html, english
        assert "मुख्य सामग्री पर जाएँ" in html, english  # the skip link, in Hindi
        assert CANONICAL.findall(html) == [BASE + hindi_path(english)], english
        assert_twins(html, english)


def test_every_english_page_names_itself_and_its_hindi_twin(public_paths):
    for english in public_paths:
        response = Client().get(english)
        html = response.content.decode()
        assert response.status_code == 200, english
        assert '<html lang="en"' in html, english
        assert CANONICAL.findall(html) == [BASE + english], english
        assert_twins(html, english)


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_page_reversed_in_hindi_is_its_hindi_address(kind):
    _model, build = KINDS[kind]
    record = build()
    english = record.get_absolute_url()
    with translation.override("hi"):
        assert record.get_absolute_url() == hindi_path(english)
    assert "<h1" in Client().get(hindi_path(english)).content.decode()


def test_a_list_keeps_its_page_number_in_every_address_but_not_its_filters():
    for _ in range(30):
        f.make_agreement()
    html = Client().get("/hi/agreements/?page=2&status=signed").content.decode()
    assert CANONICAL.findall(html) == [BASE + "/hi/agreements/?page=2"]
    assert alternates(html) == {
        "en": BASE + "/agreements/?page=2",
        "hi": BASE + "/hi/agreements/?page=2",
        "x-default": BASE + "/agreements/?page=2",
    }


# -- old addresses ---------------------------------------------------------------------------


def test_an_old_address_redirects_a_reader_who_chose_hindi_to_the_hindi_page(hindi):
    agreement = f.make_agreement()
    for path in ["/", "/agreements/?partner=x&page=2", agreement.get_absolute_url(), "/help/"]:
        response = hindi.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/hi" + path, path
        assert "Cookie" in response["Vary"], path
    assert hindi.head("/charts/")["Location"] == "/hi/charts/"


def test_an_old_address_without_a_slash_redirects_straight_to_the_hindi_page(hindi):
    response = hindi.get("/charts")
    assert (response.status_code, response["Location"]) == (302, "/hi/charts/")


def test_an_old_address_is_english_without_the_cookie_whatever_the_browser_prefers(client):
    response = client.get("/charts/", HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_a_hindi_address_is_hindi_whatever_the_cookie_says(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/hi/charts/")
    assert response.status_code == 200
    assert '<html lang="hi"' in response.content.decode()
    assert response["Content-Language"] == "hi"


def test_a_post_to_an_old_address_is_not_redirected(hindi):
    # A redirected POST would arrive as a GET: the form it sent would be lost.
    response = hindi.post("/alerts/new/call/", {"email": "not an address", "frequency": "daily"})
    assert response.status_code == 400
    assert '<html lang="en"' in response.content.decode()


def test_addresses_outside_the_pages_keep_one_address_and_the_readers_language(hindi):
    response = hindi.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="hi"' in html
    assert alternates(html) == {}
    assert CANONICAL.findall(html) == [BASE + "/data/"]
    assert hindi.get("/admin/login/").status_code == 200
    assert '<html lang="hi"' in hindi.get("/admin/login/").content.decode()
    for path in ["/hi/data/", "/hi/admin/", "/hi/api/v1/", "/hi/robots.txt", "/hi/sitemap.xml"]:
        assert Client().get(path).status_code == 404, path


def test_a_permanent_identifier_leads_to_the_unprefixed_page_then_to_the_readers_language(hindi):
    agreement = f.make_agreement()
    english = agreement.get_absolute_url()
    first = hindi.get(f"/id/{agreement.identifier}")
    assert (first.status_code, first["Location"]) == (301, english)
    assert hindi.get(english)["Location"] == hindi_path(english)
    assert Client().get(f"/hi/id/{agreement.identifier}").status_code == 404


def test_error_pages_have_no_canonical_or_alternate_link(client):
    for path in ["/agreements/no-such-agreement/", "/no-such-page/", "/hi/no-such-page/"]:
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 404, path
        assert 'rel="canonical"' not in html and "hreflang" not in html, path
    assert '<html lang="hi"' in client.get("/hi/no-such-page/").content.decode()


# -- the language switcher -------------------------------------------------------------------


def switch(client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_choosing_hindi_leads_to_the_hindi_address_of_the_same_page_and_query(client):
    response = switch(client, "hi", "/agreements/?status=signed")
    assert (response.status_code, response["Location"]) == (302, "/hi/agreements/?status=signed")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"


def test_choosing_english_on_a_shared_hindi_link_without_a_cookie_leads_to_english(client):
    agreement = f.make_agreement()
    hindi_page = hindi_path(agreement.get_absolute_url())
    response = switch(client, "en", hindi_page + "?x=1")
    assert response["Location"] == agreement.get_absolute_url() + "?x=1"
    page = client.get(response["Location"])
    assert '<html lang="en"' in page.content.decode()


def test_choosing_english_with_a_full_hindi_address_leads_to_the_english_address(client):
    response = switch(client, "en", BASE + "/hi/charts/")
    assert response["Location"] == BASE + "/charts/"


def test_the_switcher_of_a_hindi_page_sends_its_own_address(client):
    html = client.get("/hi/agreements/?status=signed").content.decode()
    assert 'name="next" value="/hi/agreements/?status=signed"' in html


# -- links in pages ---------------------------------------------------------------------------


def test_links_on_a_hindi_page_stay_in_hindi():
    agreement = f.make_agreement()
    html = Client().get(hindi_path(agreement.get_absolute_url())).content.decode()
    hrefs = set(re.findall(r'href="(/[^"]*)"', html))
    unprefixed = {h for h in hrefs if not h.startswith(("/hi/", "/static/", "/id/"))}
    # Open data and the API have one address; they take the reader's language from the cookie.
    assert unprefixed <= {"/data/", "/api/docs/"}, unprefixed
    assert "/hi/agreements/" in hrefs  # the breadcrumbs and the navigation
    assert "/hi/" in hrefs


def test_a_hindi_feed_links_to_the_hindi_pages():
    page = hindi_path(f.make_agreement().get_absolute_url())
    body = Client().get("/hi/feeds/agreements.atom").content.decode()
    assert f"<link>{BASE}{page}</link>" in body or f'href="{BASE}{page}"' in body


# -- the sitemap -----------------------------------------------------------------------------


def test_the_sitemap_lists_each_page_in_both_languages_with_alternates():
    agreement = f.make_agreement()
    english = BASE + agreement.get_absolute_url()
    hindi = BASE + hindi_path(agreement.get_absolute_url())
    body = Client().get("/sitemap.xml").content.decode()
    for loc in [english, hindi, BASE + "/charts/", BASE + "/hi/charts/", BASE + "/hi/"]:
        assert f"<loc>{loc}</loc>" in body, loc
    assert f'<xhtml:link rel="alternate" hreflang="hi" href="{hindi}"/>' in body
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{english}"/>' in body
    assert f'<xhtml:link rel="alternate" hreflang="x-default" href="{english}"/>' in body


# -- the page cache --------------------------------------------------------------------------


def test_the_page_cache_keeps_each_language_address_apart(settings):
    settings.PAGE_CACHE_SECONDS = 60
    f.make_agreement()
    english, hindi = Client(), Client()
    assert english.get("/agreements/")[HEADER] == "miss"
    first = hindi.get("/hi/agreements/")
    assert first[HEADER] == "miss"
    second = Client().get("/hi/agreements/")
    assert second[HEADER] == "hit"
    assert '<html lang="hi"' in second.content.decode()
    assert '<html lang="en"' in Client().get("/agreements/").content.decode()
