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
before the rest of the stack runs (sessions, authentication, CSRF checks, URL resolution and
the view): the same cached page under the same key, with the headers the middleware below it
would have added, replayed by those middleware's own response hooks. A miss, and every
request it may not answer, goes on down the stack to PageCacheMixin unchanged.
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from registry.caching import data_version

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


def page_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"{SHAPE}:{data_version()}:{get_language() or ''}:{digest}"


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
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
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


# What each middleware below PageCacheMiddleware does to a hit served to a reader with no
# session or messages cookie. Replayed: its process_request (the reader's language, CSRF
# cookie) runs before the page is looked up or its token minted, and its process_response
# (Content-Language, Vary, the CSRF cookie, Content-Length, X-Frame-Options) after, in the
# stack's order. Skipped: it adds nothing to such a response (the reason is beside it).
REPLAYED = {
    "django.middleware.locale.LocaleMiddleware",
    # The language from the address (/hi/...), or the redirect of an unprefixed address to
    # its Hindi twin for a reader whose cookie chose Hindi (a redirect falls through).
    "coop_site.i18n.PathLocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
}
SKIPPED = {
    # No session cookie: nothing to load or save; its `Vary: Cookie` comes from CSRF's.
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No session: the reader is anonymous (no other backend reads a request).
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # No messages cookie and no session: no message waits, none is shown.
    "django.contrib.messages.middleware.MessageMiddleware",
    # A GET writes nothing, so no history row needs its author.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A lost database on the version read falls through to the stack, which answers 503.
    "coop_site.health.DatabaseUnavailableMiddleware",
    # Locks out logins only.
    "axes.middleware.AxesMiddleware",
}
PATH = "registry.views.page_cache.PageCacheMiddleware"


def below(middleware_paths) -> list[str]:
    """The middleware after PageCacheMiddleware; each must be replayed or skipped on purpose."""
    rest = list(middleware_paths)[list(middleware_paths).index(PATH) + 1 :]
    unknown = [path for path in rest if path not in REPLAYED | SKIPPED]
    if unknown:
        raise ImproperlyConfigured(
            f"{PATH}: say in REPLAYED or SKIPPED what a cached page needs of {unknown}."
        )
    return [path for path in rest if path in REPLAYED]


class _Hooks:
    """One replayed middleware's request and response hooks (django-cors-headers has only
    `add_response_headers`)."""

    def __init__(self, path, get_response):
        middleware = import_string(path)(get_response)
        self.request = getattr(middleware, "process_request", None)
        if hasattr(middleware, "process_response"):
            self.response = middleware.process_response
        else:
            self.response = middleware.add_response_headers


def fast_path_applies(request) -> bool:
    """Cheap tests first: no work at all for requests the fast path may not answer."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "no-cache" not in request.headers.get("Cache-Control", "")
        and page_cache_seconds() > 0
    )


@lru_cache(maxsize=4096)
def is_page_cached_view(urlconf, language, path_info) -> bool:
    """Whether the page at `path_info` is one PageCacheMixin caches (resolved once per path
    and language in each process): other requests pass without reading the data version."""
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return False
    view = getattr(match.func, "view_class", None)
    return bool(view and issubclass(view, PageCacheMixin))


class PageCacheMiddleware:
    """Serves a cached page to a reader without cookies before sessions, CSRF and the view.

    Between WhiteNoise and SessionMiddleware: the header middleware above it (security
    headers, CSP) see its responses as any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.hooks = [_Hooks(path, get_response) for path in below(settings.MIDDLEWARE)]

    def __call__(self, request):
        response = self.cached_response(request) if fast_path_applies(request) else None
        return response if response is not None else self.get_response(request)

    def cached_response(self, request):
        try:
            request.get_host()  # refused hosts get the stack's own 400
            for hooks in self.hooks:
                if hooks.request and hooks.request(request) is not None:
                    return None
            urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
            if not is_page_cached_view(urlconf, get_language(), request.path_info):
                return None
            if data_version() is None:
                return None
            stored = cache.get(page_key(request))
        except (DisallowedHost, DatabaseError):
            return None
        if stored is None:
            return None
        response = with_token(request, *stored, state="hit")
        for hooks in reversed(self.hooks):
            response = hooks.response(request, response)
        return response
