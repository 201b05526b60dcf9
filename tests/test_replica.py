"""The read replica end to end, with two SQLite files: a primary and a copy that lags behind.

The settings add the replica, its router and its middleware only when DATABASE_REPLICA_URL is
set at start-up, so this runs in a process of its own. "Replication" is a copy of the
primary's file, made when the test says the replica has caught up.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import json, shutil, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from registry.models import Agreement

primary, replica = sys.argv[1:3]


def replicate():
    connections.close_all()
    shutil.copyfile(primary, replica)


call_command("migrate", verbosity=0)
call_command("generate_synthetic_data", "3", verbosity=0)
agreement = Agreement.objects.published().first()
agreement.title = "Replica check: before"
agreement.save()
staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw-staff-1")
replicate()
path = reverse("registry:agreement_detail", kwargs={"pk": agreement.pk})
public, signed_in = Client(), Client()
signed_in.force_login(staff)


def seen(client, **headers):
    response = client.get(path, headers=headers)
    body = response.content.decode()
    return {
        "status": response.status_code,
        "cache": response.headers.get("X-Page-Cache"),
        "before": "Replica check: before" in body,
        "after": "Replica check: after" in body,
        # Answered by PageCacheMiddleware, before sessions.
        "fast": not hasattr(response.wsgi_request, "session"),
    }


out = {"first": seen(public)}
agreement.title = "Replica check: after"
agreement.save()  # on the primary; the replica has not caught up yet
out["lagging"] = seen(public)
out["lagging_fast"] = seen(public)
out["lagging_fresh"] = seen(public, cache_control="no-cache")
out["staff"] = seen(signed_in)
replicate()
out["caught_up"] = seen(public)
seen(public)
out["caught_up_fast"] = seen(public)
print("REPLICA " + json.dumps(out))
"""


def test_the_public_reads_the_replica_until_it_catches_up_and_staff_read_the_primary(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coop_site.settings",
        "DATABASE_URL": f"sqlite:///{primary}",
        "DATABASE_REPLICA_URL": f"sqlite:///{replica}",
        "CACHE_URL": "locmem://replica-check",
        "PAGE_CACHE_SECONDS": "300",
        "PRODUCTION": "0",
        "DEBUG": "0",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(primary), str(replica)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("REPLICA "))
    out = json.loads(line.removeprefix("REPLICA "))
    old = {"status": 200, "before": True, "after": False, "fast": False}
    new = {"status": 200, "before": False, "after": True, "fast": False}
    assert out["first"] == {**old, "cache": "miss"}
    # The replica still holds the old rows and the old data version: the cached page stands,
    assert out["lagging"] == {**old, "cache": "hit"}
    # on the fast path too, which reads the version from the replica (not the primary's new
    # one, under which it would cache the replica's old rows when it misses),
    assert out["lagging_fast"] == {**old, "cache": "hit", "fast": True}
    # and a page rendered afresh is read from the replica's rows, not the primary's.
    assert out["lagging_fresh"] == {**old, "cache": None}
    # Signed-in staff read the primary: their own change at once, never a cached page.
    assert out["staff"] == {**new, "cache": None}
    # Caught up: the replica's new version retires the page cached under the old one.
    assert out["caught_up"] == {**new, "cache": "miss"}
    assert out["caught_up_fast"] == {**new, "cache": "hit", "fast": True}
