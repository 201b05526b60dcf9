"""How long the admin's import preview takes per row: the basis of REGISTRY_IMPORT_MAX_ROWS.

A benchmark, not a test: run it by hand on a quiet machine.

    .venv/bin/python bench/import_preview.py            # 100 and 400 rows, SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import \
        .venv/bin/python bench/import_preview.py

It previews (the step that parses and validates every row without saving) agreement files of
two sizes side by side in one run, in-process through Django's test client, and prints the
time per row, the ratio of the two sizes and the rows that fit in gunicorn's 30 s timeout.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SIZES = (100, 400)
WORKER_TIMEOUT_S = 30


def csv_of(rows: int) -> SimpleUploadedFile:
    out = io.StringIO()
    out.write("id,instrument,title,partners,status,signed_on,source\n")
    for n in range(rows):
        out.write(f",mou,Bench MoU {n},benchland,signed,2024-02-01,bench\n")
    return SimpleUploadedFile("bench.csv", out.getvalue().encode(), content_type="text/csv")


def preview_seconds(client, rows: int) -> float:
    start = time.perf_counter()
    response = client.post(
        "/admin/registry/agreement/import/",
        {"import_file": csv_of(rows), "format": "0", "_import": "Submit"},
    )
    elapsed = time.perf_counter() - start
    assert response.status_code == 200 and b"confirm" in response.content.lower(), rows
    return elapsed


def main():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from registry import models

    models.Partner.objects.get_or_create(
        slug="benchland", defaults={"name": "Benchland", "kind": "country"}
    )
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-import", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    preview_seconds(client, 10)  # warm-up
    timings = {rows: preview_seconds(client, rows) for rows in SIZES}
    small, large = SIZES
    per_row = timings[large] / large
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    for rows, seconds in timings.items():
        print(f"preview of {rows:>4} rows: {seconds:6.2f} s  ({seconds / rows * 1000:5.1f} ms/row)")
    print(f"ratio {large}/{small} rows: {timings[large] / timings[small]:.2f}")
    print(f"rows in {WORKER_TIMEOUT_S} s: about {int(WORKER_TIMEOUT_S / per_row)}")
    print(f"REGISTRY_IMPORT_MAX_ROWS now: {settings.REGISTRY_IMPORT_MAX_ROWS}")


if __name__ == "__main__":
    main()
