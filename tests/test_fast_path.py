"""PageCacheMiddleware: a cached page served before the rest of the stack (security and CSP
headers, WhiteNoise, sessions, the language, CSRF and the view) is the same page, with the
same headers, as the one the whole stack serves; and it never answers a request the whole
stack would redirect or refuse."""

import re
import time

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import URLPattern, get_resolver, reverse

from registry import catalogue
from registry.views import page_cache
from registry.views.page_cache import HEADER, PageCacheMixin
from tests import factories
from tests.forms import submit

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
    "hindi address, accept-language": {
        "prefix": "/hi",
        "headers": {"HTTP_ACCEPT_LANGUAGE": "en"},
    },
    "accept-language": {"headers": {"HTTP_ACCEPT_LANGUAGE": "hi"}},
    "head": {"method": "head"},
    "https": {"secure": True},
}


def request(url, reader, client=None):
    client = client or Client()
    for name, value in reader.get("cookies", {}).items():
        client.cookies[name] = value
    method = getattr(client, reader.get("method", "get"))
    return method(
        reader.get("prefix", "") + url,
        secure=reader.get("secure", False),
        **reader.get("headers", {}),
    )


def full_stack(url, reader):
    """The response of the whole stack, PageCacheMiddleware taken out (a hit: asked twice)."""
    with override_settings(MIDDLEWARE=WITHOUT_FAST_PATH):
        request(url, reader)
        return request(url, reader)


def fast_hit(url, reader):
    """A hit of the fast path: the first hit of the whole stack records its headers."""
    request(url, reader)
    request(url, reader)
    response = request(url, reader)
    assert is_fast(response)
    return response


def is_fast(response) -> bool:
    """Served before sessions, authentication and the language middleware ran."""
    served = response.wsgi_request
    return not any(hasattr(served, name) for name in ("session", "user", "csp_nonce"))


def same_response(fast, full, label, same_secret):
    assert full[HEADER] == fast[HEADER] == "hit", label
    assert fast.status_code == full.status_code == 200, label
    assert blank(fast) == blank(full), label
    # Every header, in the same order (Vary's values too).
    assert list(fast.headers.items()) == list(full.headers.items()), label
    assert cookies(fast, same_secret) == cookies(full, same_secret), label


def test_every_page_type_with_pages_is_checked():
    names = {pattern.name for pattern in PATTERNS}
    assert {"home", "search", "charts", "changes"} <= names
    for record_type in catalogue.with_pages():
        assert {f"{record_type.stem}_list", f"{record_type.stem}_detail"} <= names


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_a_fast_hit_is_the_page_and_headers_the_whole_stack_serves(pattern):
    url = address(pattern, factories.one_of_each())
    for label, reader in READERS.items():
        full = full_stack(url, reader)
        assert not is_fast(full)
        fast = fast_hit(url, reader)
        same_secret = settings.CSRF_COOKIE_NAME in reader.get("cookies", {})
        same_response(fast, full, label, same_secret)


@pytest.mark.parametrize("production", [False, True], ids=["development", "production"])
def test_every_header_of_the_list_in_english_and_hindi(production):
    """With and without the production settings' HTTPS, HSTS and proxy header."""
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    secure = {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "CSRF_COOKIE_SECURE": True,
    }
    proto = {"HTTP_X_FORWARDED_PROTO": "https"} if production else {}
    with override_settings(**(secure if production else {})):
        for label, reader in {
            "en": {"headers": proto},
            "en, accept-language hi": {"headers": {**proto, "HTTP_ACCEPT_LANGUAGE": "hi"}},
            "hi": {"prefix": "/hi", "headers": proto},
            "hi, accept-language en": {
                "prefix": "/hi",
                "headers": {**proto, "HTTP_ACCEPT_LANGUAGE": "en"},
            },
        }.items():
            full = full_stack(url, reader)
            fast = fast_hit(url, reader)
            same_response(fast, full, label, same_secret=False)
            assert ("Strict-Transport-Security" in fast) is production, label
            assert fast["Content-Language"] == ("hi" if "prefix" in reader else "en"), label


def test_the_fast_hit_carries_the_security_headers():
    factories.make_agreement()
    response = fast_hit(reverse("registry:agreement_list"), {})
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
    assert response["Content-Length"] == str(len(response.content))


@pytest.mark.django_db(transaction=True)  # committed: the version is read, not this test's own
def test_a_fast_hit_costs_one_query(django_assert_num_queries):
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    with django_assert_num_queries(1):  # the data version's read
        assert is_fast(request(url, {}))


def csrf_checked_fast_hit():
    """A reader whose posts are CSRF-checked, the list's address and the fast hit it got."""
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    reader = Client(enforce_csrf_checks=True)
    response = reader.get(url)
    assert is_fast(response)
    return reader, url, response


def test_the_token_in_a_fast_hits_form_is_the_readers_own_and_is_accepted():
    reader, url, response = csrf_checked_fast_hit()
    token = TOKEN.search(response.content.decode()).group(0)
    assert token not in Client().get(url).content.decode()
    # The language form as the hit's HTML holds it (its token, `next`), posted back.
    switched = submit(reader, response, {"language": "hi"}, button=None)
    assert (switched.status_code, switched["Location"]) == (302, "/hi" + url)
    assert reader.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"


def test_a_forged_token_is_still_refused_after_a_fast_hit():
    reader, _url, response = csrf_checked_fast_hit()
    forged = submit(
        reader, response, {"language": "hi", "csrfmiddlewaretoken": "x" * 64}, button=None
    )
    assert forged.status_code == 403


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
    fast_hit(url, {})
    if cookie:
        client.cookies[cookie] = "x"
    response = client.get(url, **header)
    assert hasattr(response.wsgi_request, "session")


def test_a_signed_in_reader_never_gets_the_public_page(client, admin_user):
    factories.make_agreement(title="Draft only staff see", is_published=False)
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    client.force_login(admin_user)
    response = client.get(url)
    assert HEADER not in response
    assert hasattr(response.wsgi_request, "user")


def test_a_refused_host_gets_the_stacks_answer():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    evil = {"headers": {"HTTP_HOST": "evil.example"}}
    fast = request(url, evil)
    full = full_stack(url, evil)
    assert fast.status_code == full.status_code == 400
    assert dict(fast.headers) == dict(full.headers)


def test_a_host_refused_since_it_was_recorded_is_refused():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    host = {"headers": {"HTTP_HOST": "old.example"}}
    with override_settings(ALLOWED_HOSTS=["old.example", "testserver"]):
        fast_hit(url, host)
    assert request(url, host).status_code == 400


def test_plain_http_is_still_redirected_to_https():
    """SECURE_SSL_REDIRECT on: a page served over HTTPS (fast hits, recorded) is never
    served over plain HTTP, whether or not the proxy header is sent."""
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    with override_settings(
        SECURE_SSL_REDIRECT=True,
        SECURE_HSTS_SECONDS=3600,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    ):
        fast = fast_hit(url, {"headers": {"HTTP_X_FORWARDED_PROTO": "https"}})
        assert fast["Strict-Transport-Security"] == "max-age=3600"
        for headers in ({}, {"HTTP_X_FORWARDED_PROTO": "http"}):
            for _ in range(3):
                response = request(url, {"headers": headers})
                assert response.status_code == 301, headers
                assert response["Location"] == "https://testserver" + url
                assert "Strict-Transport-Security" not in response


def test_a_page_recorded_over_http_is_redirected_once_https_is_required():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert request(url, {}).status_code == 301


def test_an_address_without_its_slash_is_still_redirected():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    for _ in range(3):
        response = request(url.rstrip("/"), {})
        assert (response.status_code, response["Location"]) == (301, url)


def test_a_reader_whose_cookie_chose_hindi_is_still_sent_to_the_hindi_page():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    fast_hit(url, {"prefix": "/hi"})
    for _ in range(3):
        response = request(url, {"cookies": {settings.LANGUAGE_COOKIE_NAME: "hi"}})
        assert (response.status_code, response["Location"]) == (302, "/hi" + url)


def test_an_unpublished_record_is_gone_from_the_fast_path_at_once(client):
    agreement = factories.make_agreement()
    url = agreement.get_absolute_url()
    fast_hit(url, {})
    assert client.get(url)[HEADER] == "hit"
    agreement.is_published = False
    agreement.save()
    assert client.get(url).status_code == 404


def test_every_middleware_after_it_is_understood():
    rest = page_cache.check_understood(settings.MIDDLEWARE)
    assert "django.middleware.security.SecurityMiddleware" in rest
    assert set(rest) <= set(page_cache.UNDERSTOOD)
    assert set(page_cache.UNDERSTOOD.values()) == {
        page_cache.RECORDED,
        page_cache.LIVE,
        page_cache.SKIPPED,
    }


def test_a_middleware_nobody_classified_stops_the_site_starting():
    with pytest.raises(ImproperlyConfigured, match="example.Middleware"):
        page_cache.check_understood([*settings.MIDDLEWARE, "example.Middleware"])
    unknown = [*settings.MIDDLEWARE, "tests.test_fast_path.Unknown"]
    with (
        override_settings(MIDDLEWARE=unknown),
        pytest.raises(ImproperlyConfigured, match="tests.test_fast_path.Unknown"),
    ):
        Client().get("/")


class Unknown:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


def test_a_page_that_is_not_cached_costs_the_fast_path_no_query(client, django_assert_num_queries):
    for _ in range(3):
        with django_assert_num_queries(0):
            assert client.get("/.well-known/security.txt").status_code == 200
    assert not any("/.well-known/security.txt" in key for key in page_cache.RECORDS)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_are_whitenoises_answer_untouched():
    """WhiteNoise answers a static file before any page, so its address never gets a record;
    its response is the one it gives without the fast path."""
    path = "/static/registry/favicon.svg"
    fast = [request(path, {}) for _ in range(3)]
    with override_settings(MIDDLEWARE=WITHOUT_FAST_PATH):
        full = request(path, {})
    body = b"".join(full.streaming_content)
    assert body.startswith(b"<svg")
    for response in fast:
        assert response.status_code == full.status_code == 200
        assert b"".join(response.streaming_content) == body
        assert dict(response.headers) == dict(full.headers)
        assert "Content-Security-Policy" in response
    assert not any(path in key for key in page_cache.RECORDS)


def replace_version_as_another_process_would():
    """A new token written straight to the row (another worker's commit), not through this
    process's bump."""
    from registry.models import DataVersion

    DataVersion.objects.filter(pk=DataVersion.ROW).update(token="from-another-process")


@pytest.mark.django_db(transaction=True)
def test_by_default_every_fast_hit_reads_the_version_so_other_processes_changes_show_at_once():
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    replace_version_as_another_process_would()
    response = request(url, {})
    assert response[HEADER] == "miss"  # the new version: the page is rendered afresh


@pytest.mark.django_db(transaction=True)
@override_settings(PAGE_CACHE_VERSION_SECONDS=60)
def test_with_page_cache_version_seconds_a_hit_reuses_the_version_its_process_read(
    django_assert_num_queries, monkeypatch
):
    agreement = factories.make_agreement(title="Before the change")
    url = reverse("registry:agreement_list")
    fast_hit(url, {})
    with django_assert_num_queries(0):
        assert is_fast(request(url, {}))
    # Another process's change: the page under the version read stands until it is too old,
    replace_version_as_another_process_would()
    assert is_fast(request(url, {}))
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 61)
    assert request(url, {})[HEADER] == "miss"
    # and this process's own change shows at once.
    monkeypatch.undo()
    fast_hit(url, {})
    agreement.title = "After the change"
    agreement.save()
    response = request(url, {})
    assert response[HEADER] == "miss"
    assert "After the change" in response.content.decode()
