"""Health check for load balancers, and a 503 page instead of a traceback when the DB is down."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
RETRY_AFTER_SECONDS = "30"
# The middleware that only add headers to a response (HSTS, nosniff, referrer and opener
# policies, CSP, X-Frame-Options). /healthz answers before them, so it applies them itself.
HEADER_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coop_site.security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def database_ok(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: database %s unavailable", alias)
        return False


def healthz(request):
    """200 {"status": "ok"} when the database answers, else 503."""
    if database_ok():
        return JsonResponse({"status": "ok", "database": "ok"})
    response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


class HealthCheckMiddleware:
    """Answers /healthz first, before host validation and the HTTPS redirect.

    Load balancers probe by IP address over plain HTTP; neither should fail the probe. The
    answer still carries the security headers every other response carries: the header
    middleware of settings.MIDDLEWARE add them, as on the way back up the stack.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header_middleware = [
            import_string(path)(get_response)
            for path in reversed(HEADER_MIDDLEWARE)  # the order responses pass them in
            if path in settings.MIDDLEWARE
        ]

    def __call__(self, request):
        if request.path_info.rstrip("/") == HEALTH_PATH:
            response = healthz(request)
            response["Cache-Control"] = "no-store"
            for middleware in self.header_middleware:
                response = middleware.process_response(request, response)
            return response
        return self.get_response(request)


def service_unavailable_response() -> HttpResponse:
    # Rendered without a request: context processors could touch the database again.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into a 503 page, not a 500 traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", exception)
            return service_unavailable_response()
        return None


def hello(request):
    """The benchmark's ceiling: the full middleware stack, no database, no template."""
    return HttpResponse("Hello, world", content_type="text/plain")
