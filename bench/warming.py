"""The very first agreement-list request after a change, with and without the warm of
registry/warming.py. Not a test; run by hand (see bench/RESULTS.md):

    DATABASE_URL=postgres://.../db .venv/bin/python bench/warming.py --before /path/to/main

In-process, Django's test client, `Cache-Control: no-cache` (no whole-page cache), DEBUG off,
each checkout in its own process on the same database, in alternating rounds. Each round:
a change (`bump`: a new data version; `save`: one agreement saved, which bumps it on
commit), then, where the checkout warms, a wait until the warm thread has finished (its own
duration recorded: `warm`), then one timed request of /agreements/ and one of
/hi/agreements/ (`first`, `first hi`), then the same URL again (`second`: facets cached,
the page rendered). Prints the median ms of each and the after/before ratio.
"""

import argparse
import importlib.util
import json
import os
import statistics
import time
from pathlib import Path

from sidebyside import run_child

ROOT = Path(__file__).resolve().parent.parent


def measure(rounds: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop_site.settings")
    import django

    django.setup()
    from django.test import Client

    from registry import models
    from registry.caching import bump_data_version

    warms = importlib.util.find_spec("registry.warming") is not None
    if warms:
        from registry import builds, warming

    client = Client(HTTP_CACHE_CONTROL="no-cache")
    for url in ("/agreements/", "/hi/agreements/"):  # imports, templates, connections
        assert client.get(url).status_code == 200
    agreement = models.Agreement.objects.published().order_by("pk").first()
    results = {}
    for change in ("bump", "save", "bump, no wait"):
        for _ in range(rounds):
            started = time.perf_counter()
            if change == "save":
                agreement.save()
            else:
                bump_data_version()
            if warms and change != "bump, no wait":
                builds.wait_for_thread(120, name=warming.THREAD)
                results.setdefault(f"{change}: warm", []).append(time.perf_counter() - started)
            for name, url in (("first", "/agreements/"), ("first hi", "/hi/agreements/")):
                started = time.perf_counter()
                response = client.get(url)
                results.setdefault(f"{change}: {name}", []).append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
            started = time.perf_counter()
            client.get("/agreements/")
            results.setdefault(f"{change}: second", []).append(time.perf_counter() - started)
            if warms:  # "bump, no wait": the reader came while the warm ran
                builds.wait_for_thread(120, name=warming.THREAD)
    return results


def run(checkout: Path, rounds: int, env_extra: dict) -> dict:
    env = dict(os.environ, DEBUG="0", PYTHONPATH=str(checkout), **env_extra)
    return run_child(__file__, checkout, env, rounds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="a checkout of main (required)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--per-round", type=int, default=3, help="changes per round and kind")
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    before, after = {}, {}
    for _ in range(args.rounds):
        for store, checkout in ((before, args.before), (after, ROOT)):
            for key, values in run(checkout, args.per_round, {}).items():
                store.setdefault(key, []).extend(values)
    print("| measure | after ms | before ms | after / before |")
    print("| --- | ---: | ---: | ---: |")
    for key in after:
        a = statistics.median(after[key]) * 1000
        if key in before:
            b = statistics.median(before[key]) * 1000
            print(f"| {key} | {a:.1f} | {b:.1f} | {a / b:.2f} |")
        else:
            print(f"| {key} | {a:.1f} | — | — |")
    print(json.dumps({"before": before, "after": after}))


if __name__ == "__main__":
    main()
