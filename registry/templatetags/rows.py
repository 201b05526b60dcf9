"""`{% agreement_rows agreements %}`: the rows of the agreements table (registry/rows.py)."""

from django import template
from django.utils.safestring import mark_safe

from registry import rows

register = template.Library()


@register.simple_tag
def agreement_rows(agreements):
    """Rows already rendered (a list page's `Row`s) as they are; agreements through the
    row cache."""
    agreements = list(agreements)
    if not all(isinstance(a, rows.Row) for a in agreements):
        agreements = rows.html_for(agreements)
    return mark_safe("\n  ".join(row.html for row in agreements))
