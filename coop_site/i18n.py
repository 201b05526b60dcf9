"""Each public page in each language at its own address: English at /agreements/, Hindi at
/hi/agreements/ (coop_site/urls.py, `i18n_patterns` without a prefix for English).

- An address with a language prefix is in that language, whoever asks: it can be shared,
  bookmarked and indexed.
- An unprefixed public address asked for (GET or HEAD) by a reader whose language cookie
  (set by the language switcher) names another language redirects to the same page in that
  language (302, `Vary: Cookie`): old links and the reader's choice both hold. Without that
  cookie it is English, whatever the browser's Accept-Language says (search engines, and
  a shared link, see the same page).
- Addresses outside the language-prefixed part (the admin, the API, /data/, /id/, the
  sitemap) keep one address and take the reader's language as before: the cookie, then
  Accept-Language.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.i18n import set_language as django_set_language

SAFE_METHODS = ("GET", "HEAD")


def cookie_language(request) -> str | None:
    """The language the reader chose with the switcher, when it is one the site has."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def twin_path(path: str, language: str) -> str | None:
    """The path of the unprefixed public page `path` in `language` (with the slash that
    APPEND_SLASH would add), or None when `path` is no page of the language-prefixed part."""
    if language == settings.LANGUAGE_CODE:
        return path
    prefixed = f"/{language}{path}"
    with translation.override(language):
        if is_valid_path(prefixed):
            return prefixed
        if settings.APPEND_SLASH and not path.endswith("/") and is_valid_path(prefixed + "/"):
            return prefixed + "/"
    return None


def twin_address(request, path: str) -> str:
    """`path` (without the script prefix) as a full address: script prefix and query."""
    address = get_script_prefix().rstrip("/") + path
    query = request.META.get("QUERY_STRING", "")
    return f"{address}?{query}" if query else address


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the rules of this module's docstring."""

    def process_request(self, request):
        path = request.path_info
        language = get_language_from_path(path)
        if language is None:
            chosen = translation.get_language_from_request(request, check_path=False)
            twin = None if chosen == settings.LANGUAGE_CODE else twin_path(path, chosen)
            if twin is None:
                language = chosen  # English, or an address with no language twins
            elif chosen == cookie_language(request) and request.method in SAFE_METHODS:
                return self.redirect_to_twin(request, twin)
            else:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def redirect_to_twin(self, request, twin: str):
        response = HttpResponseRedirect(twin_address(request, twin))
        patch_vary_headers(response, ("Cookie",))
        return response

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if get_language_from_path(request.path_info) is None:
            # The same address redirects a reader whose cookie names another language.
            patch_vary_headers(response, ("Cookie",))
        return response


def set_language(request):
    """Django's set_language, with `next` read in its own language: `translate_url` resolves
    the address with the active language, and /hi/agreements/ resolves only in Hindi (a
    reader who opened a shared Hindi link may have no cookie, so English is active here)."""
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    language = None
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        language = get_language_from_path(urlsplit(next_url).path)
    with translation.override(language or settings.LANGUAGE_CODE):
        return django_set_language(request)
