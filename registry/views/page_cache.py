"""Whole public pages cached for anonymous readers, until any registry record changes.

The key holds the data version (registry/caching.py, kept in the database), so a save,
delete or relink anywhere in the registry, by any process, retires every cached page in
every worker at once, whether the cache is shared (Redis) or per process (locmem). A hit
costs one query: the version's read, once per request.

A page is rendered once with a placeholder where the language form's CSRF token goes; each
response gets the reader's own token in its place, so no reader is served another's token.
Staff, readers with pending messages, non-200 responses and requests sent with
`Cache-Control: no-cache` are never served from, or stored in, the cache.

PageCacheMiddleware serves the hits of readers who send no session or messages cookie
before the rest of the stack runs (the security and CSP headers, WhiteNoise, sessions, the
language, CSRF checks, URL resolution and the view): the same cached page under the same
key, with the headers the whole stack gave the same page for the same request (the first hit
it served under that request's record key in this process, recorded then), and the reader's
own CSRF token, cookie and `Vary`. A request with no record, a miss, and every request it
may not answer go on down the stack unchanged: an address the stack redirects or refuses
never has a record.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from registry.caching import data_version, hit_data_version

PLACEHOLDER = "page-cache-csrf-placeholder"
# The shape of a stored page: (status, content type, the body's bytes split at each
# placeholder). Part of the key, so a shared cache's entries of an older shape are never read.
SHAPE = "page2"
_SPLIT = PLACEHOLDER.encode()
HEADER = "X-Page-Cache"


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def has_pending_messages(request) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.session_key and session.get("_messages"))


def is_cacheable(request) -> bool:
    return (
        page_cache_seconds() > 0
        and data_version() is not None  # no cache configured (CACHE_URL=dummy://)
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "no-cache" not in request.headers.get("Cache-Control", "")
        and not has_pending_messages(request)
    )


def page_key_rest(request) -> str:
    """The page's key after its shape and data version: the language and the address."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"{get_language() or ''}:{digest}"


def page_key(request) -> str:
    return f"{SHAPE}:{data_version()}:{page_key_rest(request)}"


def stored_page(response) -> tuple:
    """What the cache holds of a page: bytes, which unpickle without decoding, already split
    where each reader's token goes (joined once per response, no search)."""
    return (response.status_code, response["Content-Type"], response.content.split(_SPLIT))


def with_token(request, status, content_type, parts: list[bytes], state: str) -> HttpResponse:
    body = get_token(request).encode().join(parts)
    response = HttpResponse(body, status=status, content_type=content_type)
    response[HEADER] = state
    return response


class PageCacheMixin:
    """For public views whose page depends only on the URL, the language and the data."""

    page_cacheable = False

    def dispatch(self, request, *args, **kwargs):
        if not is_cacheable(request):
            return super().dispatch(request, *args, **kwargs)
        rest = page_key_rest(request)
        key = f"{SHAPE}:{data_version()}:{rest}"
        stored = cache.get(key)
        if stored is not None:
            # PageCacheMiddleware records this hit's headers under this page's key.
            request.page_cache_rest = rest
            return with_token(request, *stored, state="hit")
        self.page_cacheable = True
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200 or response.streaming:
            self.page_cacheable = False
            return response
        stored = stored_page(response)
        cache.set(key, stored, page_cache_seconds())
        return with_token(request, *stored, state="miss")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.page_cacheable:
            # Rendered by {% csrf_token %}; replaced with the reader's token per response.
            context["csrf_token"] = PLACEHOLDER
        return context


# How the fast path accounts for each middleware after PageCacheMiddleware, for a hit served
# to a reader with no session or messages cookie (the site does not start while one is
# unnamed here):
# - RECORDED: the headers it adds to a page depend only on what the record key holds (the
#   method, scheme, host, path and query, Accept-Language, the language cookie, Origin), so
#   they are taken from the response the whole stack served under that key, and replayed.
#   An address it redirects or refuses (the HTTPS redirect, a disallowed host, APPEND_SLASH,
#   a language twin) never gets a page from the whole stack, so it never has a record.
# - LIVE: run for each reader (the CSRF cookie, the token in the form, their `Vary`).
# - SKIPPED: it adds nothing to such a response.
RECORDED, LIVE, SKIPPED = "recorded", "live", "skipped"
UNDERSTOOD = {
    # HSTS only over HTTPS (the scheme is in the key); a plain-HTTP request that it would
    # redirect is never answered by the stack with a page, so it has no record.
    "django.middleware.security.SecurityMiddleware": RECORDED,
    # The policy depends on the path only (CSP_RELAXED_STYLE_PREFIXES), no nonce is used.
    "coop_site.security.CSPMiddleware": RECORDED,
    # It answers static files itself: their addresses never reach a page, nor a record.
    "whitenoise.middleware.WhiteNoiseMiddleware": RECORDED,
    # No session cookie: nothing to load or save (its `Vary: Cookie` is recorded).
    "django.contrib.sessions.middleware.SessionMiddleware": RECORDED,
    # The language from the address, the cookie or Accept-Language (all in the key); the
    # language of the page is recorded with its headers (Content-Language, Vary).
    "coop_site.i18n.PathLocaleMiddleware": RECORDED,
    # Its headers depend on the path and Origin (both in the key).
    "corsheaders.middleware.CorsMiddleware": RECORDED,
    # Host validation, APPEND_SLASH and PREPEND_WWW decide on the key's host and path (and
    # the User-Agent, in the key when DISALLOWED_USER_AGENTS is set); Content-Length is the
    # body's, set for each response.
    "django.middleware.common.CommonMiddleware": RECORDED,
    # Each reader's own secret, token and cookie.
    "django.middleware.csrf.CsrfViewMiddleware": LIVE,
    # No session: the reader is anonymous (no other backend reads a request).
    "django.contrib.auth.middleware.AuthenticationMiddleware": SKIPPED,
    "django_otp.middleware.OTPMiddleware": SKIPPED,
    # No messages cookie and no session: no message waits, none is shown.
    "django.contrib.messages.middleware.MessageMiddleware": SKIPPED,
    "django.middleware.clickjacking.XFrameOptionsMiddleware": RECORDED,
    # A GET writes nothing, so no history row needs its author.
    "simple_history.middleware.HistoryRequestMiddleware": SKIPPED,
    # A lost database on the version read falls through to the stack, which answers 503.
    "coop_site.health.DatabaseUnavailableMiddleware": SKIPPED,
    # Locks out logins only.
    "axes.middleware.AxesMiddleware": SKIPPED,
}
PATH = "registry.views.page_cache.PageCacheMiddleware"
CSRF = "django.middleware.csrf.CsrfViewMiddleware"


def check_understood(middleware_paths) -> list[str]:
    """The middleware after PageCacheMiddleware; each must be named in UNDERSTOOD."""
    paths = list(middleware_paths)
    rest = paths[paths.index(PATH) + 1 :]
    unknown = [path for path in rest if path not in UNDERSTOOD]
    if unknown:
        raise ImproperlyConfigured(
            f"{PATH}: say in UNDERSTOOD how a cached page accounts for {unknown}."
        )
    return rest


# Per process: record key -> (the page key without its version, the language, the headers
# of the whole stack's response). Bounded: emptied when full (a flood of odd Accept-Language
# values costs the fast path, never memory), and when a setting changes (tests).
RECORDS: dict[tuple, tuple] = {}
MAX_RECORDS = 10_000
# Each distinct set of headers held once, however many keys share it (most keys of one page
# type and language share one).
_HEADER_SETS: dict[tuple, tuple] = {}
PER_RESPONSE = {"content-length"}  # recorded where it goes, set per response


@receiver(setting_changed)
def _forget_records(**kwargs):
    RECORDS.clear()
    _HEADER_SETS.clear()


def fast_path_applies(request) -> bool:
    """Cheap tests first: no work at all for requests the fast path may not answer."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "no-cache" not in request.META.get("HTTP_CACHE_CONTROL", "")
        and page_cache_seconds() > 0
    )


def record_key(request) -> tuple:
    """Everything of the request that the middleware named RECORDED decide on."""
    meta = request.META
    return (
        request.method,
        request.scheme,
        meta.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None,
        meta.get("HTTP_X_FORWARDED_PORT") if settings.USE_X_FORWARDED_PORT else None,
        meta.get("HTTP_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
        request.path,
        meta.get("QUERY_STRING", ""),
        meta.get("HTTP_ACCEPT_LANGUAGE"),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        meta.get("HTTP_ORIGIN"),
        meta.get("HTTP_USER_AGENT") if settings.DISALLOWED_USER_AGENTS else None,
    )


class PageCacheMiddleware:
    """Serves a cached page to a reader without cookies before the rest of the stack.

    Right after the health check (and the replica routing, so the hit reads the data version
    from the database its page was read from). The first time the whole stack serves a hit
    under a record key, this process records its headers; later requests with that key get
    the cached page with those headers, and their own CSRF token and cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        rest = check_understood(settings.MIDDLEWARE)
        self.csrf = import_string(CSRF)(get_response) if CSRF in rest else None

    def __call__(self, request):
        if not fast_path_applies(request):
            return self.get_response(request)
        key = record_key(request)
        record = RECORDS.get(key)
        if record is not None:
            response = self.cached_response(request, *record)
            if response is not None:
                return response
        response = self.get_response(request)
        if record is None:
            self.record(request, key, response)
        return response

    def cached_response(self, request, rest, language, headers):
        try:
            version = hit_data_version()
            if version is None:
                return None
            stored = cache.get(f"{SHAPE}:{version}:{rest}")
        except DatabaseError:
            return None  # the stack answers 503
        if stored is None:
            return None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        if self.csrf is not None:
            self.csrf.process_request(request)
        response = with_token(request, *stored, state="hit")
        if self.csrf is not None:
            response = self.csrf.process_response(request, response)
        # The recorded headers in the recorded order (the CSRF middleware's `Vary` is among
        # them), the body's own length in its place.
        replayed = response.headers
        for name in list(replayed):
            del replayed[name]
        for name, value in headers:
            replayed[name] = str(len(response.content)) if value is None else value
        return response

    def record(self, request, key, response):
        """Only a hit of the whole stack (the page the fast path would serve), and only
        when its one cookie is the reader's CSRF cookie, set as a hit sets it."""
        rest = getattr(request, "page_cache_rest", None)
        if (
            rest is None
            or response.status_code != 200
            or response.get(HEADER) != "hit"
            or set(response.cookies) - {settings.CSRF_COOKIE_NAME}
            # The page's token set the CSRF cookie, as it does on each fast hit.
            or (self.csrf is not None and settings.CSRF_COOKIE_NAME not in response.cookies)
        ):
            return
        headers = tuple(
            (name, None if name.lower() in PER_RESPONSE else value)
            for name, value in response.headers.items()
        )
        if len(RECORDS) >= MAX_RECORDS:
            RECORDS.clear()
            _HEADER_SETS.clear()
        headers = _HEADER_SETS.setdefault(headers, headers)
        RECORDS[key] = (rest, rest.split(":", 1)[0], headers)
