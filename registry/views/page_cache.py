"""Whole public pages cached for anonymous readers, until any registry record changes.

The key holds the data version (registry/caching.py, kept in the database), so a save,
delete or relink anywhere in the registry, by any process, retires every cached page in
every worker at once, whether the cache is shared (Redis) or per process (locmem). A hit
costs one query: the version's read, once per request.

A page is rendered once with a placeholder where the language form's CSRF token goes; each
response gets the reader's own token in its place, so no reader is served another's token.
Staff, readers with pending messages, non-200 responses and requests sent with
`Cache-Control: no-cache` are never served from, or stored in, the cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from registry.caching import data_version

PLACEHOLDER = "page-cache-csrf-placeholder"
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
    return f"page:{data_version()}:{get_language() or ''}:{digest}"


def with_token(request, status, content_type, body: str, state: str) -> HttpResponse:
    response = HttpResponse(
        body.replace(PLACEHOLDER, get_token(request)), status=status, content_type=content_type
    )
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
        stored = (200, response["Content-Type"], response.content.decode(response.charset))
        cache.set(key, stored, page_cache_seconds())
        return with_token(request, *stored, state="miss")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.page_cacheable:
            # Rendered by {% csrf_token %}; replaced with the reader's token per response.
            context["csrf_token"] = PLACEHOLDER
        return context
