"""/data/ right after a change at scale: the time to the first byte of the CSV zip, and a
hello-world request's latency while the new build runs (registry/builds.py).

    cp /tmp/shared/100k.sqlite3 /tmp/databuild-bench/100k.sqlite3   # a copy, never the original
    DATABASE_URL=sqlite:////tmp/databuild-bench/100k.sqlite3 BENCH_HELLO=1 \\
        python bench/data_builds.py [--old-checkout /work/main]

The synthetic records are flagged samples, which the download leaves out: they are made real
in the copy first, so the build has 100,000 agreements to write. "Before" runs the checkout
given by --old-checkout (the code that built in the request) in a subprocess on the same
copy; "after" is this tree, its default background thread, in one process with the client.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop_site.settings")
os.environ.setdefault("OPENDATA_DIR", "/tmp/databuild-bench/new")

FIRST_BYTE = """
import os, sys, time
sys.path.insert(0, os.getcwd())
import django; django.setup()
from django.test import Client
from registry import caching
caching.data_changed()
client = Client()
start = time.perf_counter(); cpu = time.process_time()
response = client.get("/data/registry-csv.zip")
first = next(iter(response.streaming_content))
print(response.status_code, time.perf_counter() - start, time.process_time() - cpu)
"""


def ttfb(client, path):
    start = time.perf_counter()
    response = client.get(path)
    if response.streaming:
        next(iter(response.streaming_content))
    return response, time.perf_counter() - start


def make_real():
    from registry import caching, catalogue

    for record_type in catalogue.public():
        record_type.model.objects.filter(is_sample=True).update(is_sample=False)
    caching.data_changed()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--old-checkout")
    options = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    from registry import builds, caching, opendata

    print(f"load average {os.getloadavg()}")
    make_real()
    if options.old_checkout:
        env = {
            **os.environ,
            "OPENDATA_DIR": "/tmp/databuild-bench/old",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        for attempt in range(2):
            out = subprocess.run(
                [sys.executable, "-c", FIRST_BYTE],
                cwd=options.old_checkout,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            print(
                f"before, first byte after a change (#{attempt + 1}): status {out[0]}, "
                f"{float(out[1]):.2f} s wall, {float(out[2]):.2f} s CPU"
            )

    client = Client()
    start = time.perf_counter()
    opendata.build_open_data()  # the build a reader gets meanwhile
    print(f"a build (in the caller): {time.perf_counter() - start:.2f} s wall")
    idle = [ttfb(client, "/bench/hello")[1] for _ in range(20)]

    caching.data_changed()
    response, first = ttfb(client, "/data/registry-csv.zip")
    print(
        f"after, first byte after a change: status {response.status_code}, {first * 1000:.1f} ms"
        f" (served the previous build, X-Data-Behind={response.get('X-Data-Behind')})"
    )
    thread = builds.running_thread()
    busy = []
    while thread is not None and thread.is_alive():
        busy.append(ttfb(client, "/bench/hello")[1])
        time.sleep(0.05)
    print(
        f"hello, idle: median {statistics.median(idle) * 1000:.1f} ms, max {max(idle) * 1000:.1f}"
        f" ms; during the background build ({len(busy)} requests): median "
        f"{statistics.median(busy) * 1000:.1f} ms, max {max(busy) * 1000:.1f} ms"
    )
    response, first = ttfb(client, "/data/registry-csv.zip")
    print(
        f"after the build: status {response.status_code}, {first * 1000:.1f} ms, "
        f"behind={response.get('X-Data-Behind')}; load average {os.getloadavg()}"
    )


if __name__ == "__main__":
    main()
