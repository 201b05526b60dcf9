"""Calendars (.ics) and robots.txt. The Atom feeds are in registry/views/feeds.py."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registry import calendars, models


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


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("registry:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
