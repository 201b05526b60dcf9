"""`{% jsonld object %}`: the schema.org JSON-LD script of a record page (registry/jsonld.py)."""

from django import template

from registry.caching import cached
from registry.jsonld import record_jsonld, script_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def jsonld(context, record):
    """Built once per data version (it reads the record's related records through the API
    serializer), language and site address (its links are absolute)."""
    request = context["request"]
    site = f"{request.scheme}://{request.get_host()}"
    key = f"jsonld:{record._meta.label}:{record.pk}:{site}"
    return cached(key, lambda: script_tag(record_jsonld(record, request)), per_language=True)
