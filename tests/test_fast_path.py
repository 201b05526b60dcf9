"""PageCacheMiddleware: a cached page served before sessions, CSRF and the view is the same
page, with the same headers, as the one the whole stack serves."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import URLPattern, get_resolver, reverse

from registry import catalogue
from registry.views import page_cache
from registry.views.page_cache import HEADER, PageCacheMixin
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
WITHOUT_FAST_PATH = [m for m in settings.MIDDLEWARE if m != page_cache.PATH]


def cached_page_patterns() -> list[URLPattern]:
    """Every public URL whose view is page-cached (record lists and pages, home, search, ...),
    read from the URLconf, so a new page type is checked as it lands. Exports are files."""
    found = []
    for inner in leaves(get_resolver().url_patterns):
        view = getattr(getattr(inner, "callback", None), "view_class", None)
        is_file = "fmt" in inner.pattern.regex.groupindex
        if view and issubclass(view, PageCacheMixin) and not is_file:
            found.append(inner)
    return found


def leaves(patterns):
    """Every URLPattern under `patterns`, through includes and the language-prefixed part."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from leaves(pattern.url_patterns)
        else:
            yield pattern


PATTERNS = cached_page_patterns()


def address(pattern, records) -> str:
    name = f"registry:{pattern.name}"
    keys = list(pattern.pattern.regex.groupindex)
    if not keys:
        return reverse(name)
    record = records[pattern.callback.view_class.model]
    return reverse(name, kwargs={key: getattr(record, key) for key in keys})


def blank(response) -> str:
    return TOKEN.sub(r'\1"', response.content.decode())


def cookies(response, same_secret: bool) -> dict:
    """Each cookie set, with its attributes but its expiry (a time, like Date); its value too
    when both readers sent the same CSRF cookie (a new reader gets a new secret)."""
    return {
        name: (
            morsel.value if same_secret else "",
            {key: value for key, value in morsel.items() if key != "expires"},
        )
        for name, morsel in response.cookies.items()
    }


READERS = {
    "new reader": {},
    "csrf cookie": {"cookies": {settings.CSRF_COOKIE_NAME: "a" * 32}},
    # A reader who chose Hindi reads the /hi/ pages (an unprefixed address redirects there).
    "language cookie": {"cookies": {settings.LANGUAGE_COOKIE_NAME: "hi"}, "prefix": "/hi"},
    "hindi address": {"prefix": "/hi"},
    "accept-language": {"headers": {"HTTP_ACCEPT_LANGUAGE": "hi"}},
}


def get(url, reader, fast: bool):
    middleware = settings.MIDDLEWARE if fast else WITHOUT_FAST_PATH
    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        for name, value in reader.get("cookies", {}).items():
            client.cookies[name] = value
        return client.get(reader.get("prefix", "") + url, **reader.get("headers", {}))


def test_every_page_type_with_pages_is_checked():
    names = {pattern.name for pattern in PATTERNS}
    assert {"home", "search", "charts", "changes"} <= names
    for record_type in catalogue.with_pages():
        assert {f"{record_type.stem}_list", f"{record_type.stem}_detail"} <= names


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_a_fast_hit_is_the_page_and_headers_the_whole_stack_serves(pattern):
    url = address(pattern, factories.one_of_each())
    for label, reader in READERS.items():
        get(url, reader, fast=False)  # a miss, or a hit of a reader before in this language
        full = get(url, reader, fast=False)
        fast = get(url, reader, fast=True)
        assert full[HEADER] == "hit", label
        # Served before sessions and authentication ran.
        assert not hasattr(fast.wsgi_request, "session"), label
        assert not hasattr(fast.wsgi_request, "user"), label
        assert fast.status_code == full.status_code == 200, label
        assert blank(fast) == blank(full), label
        assert dict(fast.headers) == dict(full.headers), label
        same_secret = settings.CSRF_COOKIE_NAME in reader.get("cookies", {})
        assert cookies(fast, same_secret) == cookies(full, same_secret), label


def test_the_fast_hit_carries_the_security_headers(client):
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    client.get(url)
    response = client.get(url)
    assert not hasattr(response.wsgi_request, "session")
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
    ):
        assert response.has_header(name), name
    assert response["Vary"] == "Cookie, Accept-Language"


def test_the_token_on_a_fast_hit_is_the_readers_own_and_is_accepted():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    Client().get(url)
    reader = Client(enforce_csrf_checks=True)
    response = reader.get(url)
    assert not hasattr(response.wsgi_request, "session")
    token = TOKEN.search(response.content.decode()).group(0).split('value="')[1].rstrip('"')
    other = Client().get(url)
    assert token not in other.content.decode()
    switched = reader.post(
        reverse("set_language"), {"language": "hi", "next": url, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


@pytest.mark.parametrize(
    ("cookie", "header"),
    [
        (settings.SESSION_COOKIE_NAME, {}),
        ("messages", {}),
        (None, {"HTTP_CACHE_CONTROL": "no-cache"}),
    ],
    ids=["session cookie", "messages cookie", "no-cache"],
)
def test_requests_it_may_not_answer_go_down_the_stack(client, cookie, header):
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    client.get(url)
    if cookie:
        client.cookies[cookie] = "x"
    response = client.get(url, **header)
    assert hasattr(response.wsgi_request, "session")


def test_a_signed_in_reader_never_gets_the_public_page(client, admin_user):
    factories.make_agreement(title="Draft only staff see", is_published=False)
    url = reverse("registry:agreement_list")
    Client().get(url)
    client.force_login(admin_user)
    response = client.get(url)
    assert HEADER not in response
    assert hasattr(response.wsgi_request, "user")


def test_a_refused_host_gets_the_stacks_answer():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    Client().get(url)
    fast = get(url, {"headers": {"HTTP_HOST": "evil.example"}}, fast=True)
    full = get(url, {"headers": {"HTTP_HOST": "evil.example"}}, fast=False)
    assert fast.status_code == full.status_code == 400
    assert dict(fast.headers) == dict(full.headers)


def test_an_unpublished_record_is_gone_from_the_fast_path_at_once(client):
    agreement = factories.make_agreement()
    url = agreement.get_absolute_url()
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    agreement.is_published = False
    agreement.save()
    assert client.get(url).status_code == 404


def test_a_middleware_nobody_classified_stops_the_site_starting():
    with pytest.raises(ImproperlyConfigured, match="example.Middleware"):
        page_cache.below([*settings.MIDDLEWARE, "example.Middleware"])


def test_only_page_cached_views_read_the_data_version():
    urlconf = settings.ROOT_URLCONF
    assert page_cache.is_page_cached_view(urlconf, "en", reverse("registry:agreement_list"))
    for path in ("/api/v1/agreements/", "/api/schema/", "/robots.txt", "/no-such-page/"):
        assert not page_cache.is_page_cached_view(urlconf, "en", path), path


def test_a_page_that_is_not_cached_costs_the_fast_path_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/.well-known/security.txt").status_code == 200
