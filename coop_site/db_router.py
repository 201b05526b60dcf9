"""Read replica routing: anonymous public reads go to the replica, everything else to the primary.

Installed only when DATABASE_REPLICA_URL is set (docs/deploy.md). A request is pinned to the
primary when it may write or must see its own writes at once: unsafe methods, the admin, any
request carrying a session cookie (signed-in staff) and any with an Authorization header (an
API token: a script that reads back what it just wrote). Replication lag is then invisible to
staff, and the public sees changes once the replica catches up (usually well under a second).
"""

import threading

from django.conf import settings

PRIMARY, REPLICA = "default", "replica"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_state = threading.local()


def pinned() -> bool:
    return getattr(_state, "pinned", True)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return PRIMARY if pinned() else REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one logical database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def should_pin(request) -> bool:
    return (
        request.method not in SAFE_METHODS
        or request.path_info.startswith("/admin/")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "Authorization" in request.headers
    )


class ReplicaRoutingMiddleware:
    """Decides per request whether reads may go to the replica (outside requests: primary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _state.pinned = should_pin(request)
        try:
            return self.get_response(request)
        finally:
            _state.pinned = True
