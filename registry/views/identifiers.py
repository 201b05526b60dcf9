"""`/id/<identifier>`: a permanent identifier (AGR-000123) leads to its record.

301 to the record's page, or to its API record for a request that prefers JSON
(`Accept: application/json`). An identifier that was public but whose record is no longer
published answers 410 Gone (a tombstone, registry/models/identifiers.py); one never public,
unknown or of a staff-only type (action items), 404.
"""

from django.conf import settings
from django.http import Http404, HttpResponseGone, HttpResponsePermanentRedirect
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from registry import catalogue
from registry.models import RetiredIdentifier
from registry.models.base import published_or_none
from registry.models.identifiers import format_identifier, parse_identifier

# A record may be unpublished later: browsers keep a 301 until told otherwise.
REDIRECT_MAX_AGE = 3600


def resolve(request, identifier: str):
    parsed = parse_identifier(identifier)
    record_type = catalogue.by_identifier_prefix(parsed[0]) if parsed else None
    if record_type is None or record_type.staff_only:
        raise Http404
    identifier = format_identifier(*parsed)
    record = record_type.model.objects.published().filter(identifier=identifier).first()
    if record is not None and has_public_page(record_type, record):
        response = HttpResponsePermanentRedirect(target(request, record_type, record))
        patch_cache_control(response, max_age=REDIRECT_MAX_AGE)
    elif RetiredIdentifier.objects.filter(identifier=identifier).exists():
        body = loader.render_to_string("registry/gone.html", {"identifier": identifier}, request)
        response = HttpResponseGone(body)
    else:
        raise Http404
    patch_vary_headers(response, ["Accept"])
    return response


def has_public_page(record_type, record) -> bool:
    """A record shown on the page of another (an engagement on its partner's) has a public
    page only while that other record is published."""
    if not record_type.in_api:
        return True
    page_of = catalogue.layer(record_type, "serializer").page_of
    return not page_of or published_or_none(getattr(record, page_of)) is not None


def target(request, record_type, record) -> str:
    """The same for every reader (the 301 is cached): the page's unprefixed address, which a
    reader who chose another language is redirected from to theirs (coop_site/i18n.py)."""
    wants_json = request.get_preferred_type(["text/html", "application/json"])
    if wants_json == "application/json" and record_type.in_api:
        return reverse(f"api:{record_type.stem}-detail", kwargs={"pk": record.pk})
    with translation.override(settings.LANGUAGE_CODE):
        return record.get_absolute_url()
