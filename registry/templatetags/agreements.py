"""What an agreement's page says of its renewal and its activity, as of today in India."""

from django import template
from django.utils import timezone

from registry.models.agreements import dormant_text, last_activity

register = template.Library()


@register.simple_tag
def agreement_renewal(agreement):
    """Its renewal outlook today (Agreement.renewal, the one derivation)."""
    return agreement.renewal(timezone.localdate())


@register.simple_tag
def agreement_activity(agreement):
    """Its last activity the public may see, whether it is dormant, and what that means."""
    day, dormant = last_activity(agreement, timezone.localdate(), public=True)
    return {"last": day, "dormant": dormant, "meaning": dormant_text()}
