"""How long after a change commits another process knows its new data version (`notify`).

Not a test; run by hand on a quiet machine (see bench/RESULTS.md):

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/notify_delay.py --changes 200

Starts a child process that runs a registry/version_listener.py Listener on the database and
prints the monotonic time at which it hears each token; this process writes new versions
(bump_data_version, as every change does) one at a time and notes when each commit returned.
Both read the same system-wide monotonic clock. Prints the delay's median, p95 and maximum,
and how many tokens were heard before the writer's commit had even returned.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys, time
import django
django.setup()
from registry import caching
from registry.version_listener import Listener

caching.read_token()
listener = Listener("default")
heard = listener.heard

def timed(token):
    heard(token)
    print(token, time.monotonic(), flush=True)

listener.heard = timed
listener.start()
listener.connected.wait(10)
print("ready", flush=True)
sys.stdin.read()  # until the parent closes it
listener.stop()
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from registry import caching

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout.readline().strip() == "ready"
    committed = {}
    for _ in range(args.changes):
        caching.bump_data_version()
        returned = time.monotonic()
        committed[caching.read_token()] = returned
        time.sleep(0.005)
    time.sleep(1)
    child.stdin.close()
    heard = {}
    for line in child.stdout:
        token, at = line.split()
        heard[token] = float(at)
    child.wait()
    delays = sorted((heard[t] - committed[t]) * 1000 for t in committed if t in heard)
    missed = len(committed) - len(delays)
    p95 = delays[int(len(delays) * 0.95) - 1]
    print(
        f"{len(delays)} heard, {missed} not heard; delay after the writer's commit returned: "
        f"median {statistics.median(delays):.2f} ms, p95 {p95:.2f} ms, max {delays[-1]:.2f} ms; "
        f"{sum(d < 0 for d in delays)} heard before it returned"
    )


if __name__ == "__main__":
    sys.exit(main())
