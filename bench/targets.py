"""Inside Django: pick the URLs to benchmark, count their queries, mint an admin session.

Run by bench/run.py as `python bench/targets.py` with the benchmark's environment; prints one
JSON object. Pages that do not exist yet (NoReverseMatch) are left out, so the benchmark
picks up pages as they land.
"""

import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import auth  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from registry import models  # noqa: E402

ADMIN_USER = "bench-admin"


def url(url_name, query="", **kwargs):
    try:
        return reverse(url_name, kwargs=kwargs or None) + query
    except NoReverseMatch:
        return None


def page_size():
    try:
        from registry import catalogue

        return catalogue.list_view(catalogue.get("agreement")).paginate_by
    except (ImportError, KeyError, AttributeError):
        return getattr(settings, "REGISTRY_PAGE_SIZE", 50)


def api_list_url():
    for name in ("api:agreement-list", "agreement-list"):
        found = url(name)
        if found:
            return found
    return None


def agreements_dataset():
    try:
        from registry import catalogue

        return catalogue.get("agreement").dataset
    except (ImportError, KeyError, AttributeError):
        return "agreements"


def public_targets():
    agreements = models.Agreement.objects.published()
    count = agreements.count()
    deep = max(1, math.ceil(count / page_size()) * 9 // 10)
    middle = agreements.order_by("pk").values_list("pk", flat=True)[count // 2]
    partner = (
        models.Partner.objects.published()
        .annotate(n=Count("agreements"))
        .order_by("-n", "pk")
        .first()
    )
    targets = {
        "home": url("registry:home"),
        "list": url("registry:agreement_list"),
        "list_page1": url("registry:agreement_list", "?page=1"),
        "list_filtered": url("registry:agreement_list", "?status=in_force&instrument=mou"),
        "list_deep": url("registry:agreement_list", f"?page={deep}"),
        "detail": url("registry:agreement_detail", pk=middle),
        "partner_hub": url("registry:partner_detail", slug=partner.slug) if partner else None,
        "search": url("registry:search", "?q=quantum+solar"),
        "api_list": api_list_url(),
        # Open data: the /data/ page and two downloads, built once per data version and then
        # served from disk (the zip streamed, one of its CSV files read out of it).
        "data_index": url("opendata:index"),
        "data_zip": url("opendata:csv_zip"),
        "data_csv": url("opendata:csv_file", name=f"{agreements_dataset()}.csv"),
        "hello": "/bench/hello" if settings.BENCH_HELLO else None,
    }
    # The same pages without the whole-page cache (bench/run.py sends Cache-Control: no-cache).
    for name in ("list", "partner_hub", "search"):
        targets[f"{name}_fresh"] = targets[name]
    return targets


def admin_session():
    user_model = auth.get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=ADMIN_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_unusable_password()
    user.save()
    session = SessionStore()
    session[auth.SESSION_KEY] = str(user.pk)
    session[auth.BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return user, session.session_key


def query_counts(targets, user, repeat=3):
    """Queries and CPU time per page in-process.

    The query count is the cross-check that it does not grow with the data. The CPU time
    (median of `repeat`, this process only: Python, templates and, on SQLite, the queries)
    hardly depends on what else the machine runs, unlike wall-clock latency.
    """
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    counts = {}
    for name, path in targets.items():
        if path is None:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
        # Count now: the next request's request_started signal empties the query log.
        query_count = len(queries)
        cpu = []
        for _ in range(repeat):
            started = time.process_time()
            client.get(path, secure=True)
            cpu.append(time.process_time() - started)
        counts[name] = {
            "status": response.status_code,
            "queries": query_count,
            "cpu_ms": round(statistics.median(cpu) * 1000, 1),
        }
    return counts


def main():
    targets = public_targets()
    user, session_key = admin_session()
    admin_url = url("admin:registry_agreement_changelist")
    counted = query_counts({**targets, "admin_changelist": admin_url}, user)
    result = {
        "targets": {k: v for k, v in targets.items() if v},
        "missing": sorted(k for k, v in targets.items() if not v),
        "admin": {"url": admin_url, "cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"},
        "queries": counted,
        "agreements": models.Agreement.objects.count(),
        "published_agreements": models.Agreement.objects.published().count(),
    }
    print("BENCH-TARGETS " + json.dumps(result))


if __name__ == "__main__":
    main()
