"""`{% nav_items as items %}`: the site nav's record types, from the catalogue."""

from django import template
from django.urls import reverse

from registry import catalogue

register = template.Library()


@register.simple_tag
def nav_items() -> list[dict]:
    return [
        {"label": t.nav_label, "url": reverse(f"registry:{t.stem}_list")}
        for t in catalogue.in_nav()
    ]
