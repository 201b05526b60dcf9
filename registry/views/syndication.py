"""Calendars (.ics), robots.txt and security.txt. The Atom feeds are in registry/views/feeds.py."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registry import calendars, models
from registry.views.feeds import filter_error, list_filterset, query_of


def ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


@require_GET
def calendar_all(request):
    events = calendars.events(request.build_absolute_uri)
    name = _("S&T cooperation: deadlines, meetings, expiries")
    return ics_response(calendars.render(events, name, request.get_host()), "registry")


@require_GET
def calendar_partner(request, slug):
    partner = get_object_or_404(models.Partner.objects.published(), slug=slug)
    events = calendars.events(request.build_absolute_uri, partner=partner)
    name = _("S&T cooperation with %(partner)s") % {"partner": partner}
    return ics_response(calendars.render(events, name, request.get_host()), partner.slug)


def calendar_types() -> list:
    """Types with pages whose records are events: calls, meetings, agreements' expiries."""
    from registry import catalogue

    return [t for t in catalogue.with_pages() if t.model in calendars.EVENT_OF]


@require_GET
def calendar_list(request, stem):
    """A list's current filter as iCalendar: `/calls/calendar.ics?partner=fr` holds the
    deadlines of the calls `/calls/?partner=fr` lists (every page)."""
    from registry import catalogue

    record_type = catalogue.get(stem)
    filterset = list_filterset(record_type, request)
    if filterset.is_bound and not filterset.is_valid():
        return filter_error(filterset)
    events = calendars.events_of(filterset.qs, request.build_absolute_uri)
    name = str(record_type.heading)
    if query_of(request):
        name = _("%(list)s (filtered)") % {"list": name}
    body = calendars.render(events, name, request.get_host())
    return ics_response(body, record_type.plural)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# RFC 9116 recommends an Expires less than a year ahead. The file is written per request from
# settings, so the date moves on with it; it says how long a reader may rely on this copy.
SECURITY_TXT_VALID_FOR = datetime.timedelta(days=180)


@require_GET
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability."""
    contact = settings.SECURITY_CONTACT
    if ":" not in contact:  # a bare address in the environment
        contact = f"mailto:{contact}"
    expires = timezone.now().astimezone(datetime.UTC) + SECURITY_TXT_VALID_FOR
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: en, hi",
        f"Canonical: {request.build_absolute_uri(request.path)}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
