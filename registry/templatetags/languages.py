"""`{% page_addresses %}`: a page's canonical address and the same page in each language.

In the one base template's head, so every public page has them:

    <link rel="canonical" href="https://…/hi/agreements/?page=2">
    <link rel="alternate" hreflang="en" href="https://…/agreements/?page=2">
    <link rel="alternate" hreflang="hi" href="https://…/hi/agreements/?page=2">
    <link rel="alternate" hreflang="x-default" href="https://…/agreements/?page=2">

The canonical address is the view's `canonical_url` (a list keeps `?page=n`, not its
filters), else the path; the alternates are that address in each language, query kept.
A page with one address in every language (/data/) gets the canonical link only; an error
page (context `page_addresses=False`) gets none.
"""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join

register = template.Library()


def language_paths(match) -> dict[str, str]:
    """The resolved page's path in each language, or {} when it has one address in all."""
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                paths[code] = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return {}
    return paths if len(set(paths.values())) > 1 else {}


def alternates(request, canonical: str) -> list[tuple[str, str]]:
    """(hreflang, absolute address) of each language and x-default (the default language's)."""
    match = request.resolver_match
    paths = language_paths(match) if match is not None else {}
    if not paths:
        return []
    query = urlsplit(canonical).query
    suffix = f"?{query}" if query else ""
    found = [(code, request.build_absolute_uri(path + suffix)) for code, path in paths.items()]
    default = request.build_absolute_uri(paths[settings.LANGUAGE_CODE] + suffix)
    return [*found, ("x-default", default)]


@register.simple_tag(takes_context=True)
def page_addresses(context):
    request = context.get("request")
    if request is None or context.get("page_addresses") is False:
        return ""
    canonical = context.get("canonical_url") or request.build_absolute_uri(request.path)
    return format_html('<link rel="canonical" href="{}">', canonical) + format_html_join(
        "", '\n<link rel="alternate" hreflang="{}" href="{}">', alternates(request, canonical)
    )
