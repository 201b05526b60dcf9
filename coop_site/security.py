"""Content Security Policy with one narrow exception: the Swagger UI's inline styles."""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware; pages under CSP_RELAXED_STYLE_PREFIXES may use inline styles.

    drf-spectacular's Swagger template has a <style> block and Swagger UI sets style
    attributes from JavaScript; scripts stay 'self' only (use SpectacularSwaggerSplitView,
    which serves its script from a URL instead of inline).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        prefixes = tuple(getattr(settings, "CSP_RELAXED_STYLE_PREFIXES", ()))
        if not report_only and prefixes and request.path_info.startswith(prefixes):
            update = dict(parts.update or {})
            update["style-src"] = ["'self'", "'unsafe-inline'"]
            parts.update = update
        return parts
