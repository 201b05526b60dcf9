"""`{% jsonld object %}`: the schema.org JSON-LD script of a record page (registry/jsonld.py)."""

from django import template

from registry.jsonld import record_jsonld, script_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def jsonld(context, record):
    return script_tag(record_jsonld(record, context["request"]))
