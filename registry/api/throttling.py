"""Throttling of anonymous API clients."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonApiThrottle(AnonRateThrottle):
    """AnonRateThrottle whose rate is read per request from `REGISTRY_API_ANON_RATE`.

    DRF's own class reads its rates once at import, so tests and deployments could not
    change them with a setting.
    """

    def get_rate(self):
        return settings.REGISTRY_API_ANON_RATE
