"""The agreement list's cost with filters: cold caches, warm facet caches, before and after.

Not a test; run by hand (see bench/RESULTS.md):

    .venv/bin/python bench/facets.py --database /tmp/100k.sqlite3 [--before /path/to/main]

In-process, with Django's test client and `Cache-Control: no-cache` (no whole-page cache):

- `cold`: the data version is bumped before each request, so every cache under it (total,
  facet counts, option lists, the rendered filter form) is empty: the very first reader
  after a change;
- `fresh`: the same URL again: the facet caches are warm, the page is rendered: the first
  reader of that URL after a change once its filters have been seen.

Each checkout (`--before` and this one) runs in its own process on the same database, in
alternating rounds, so both see the same machine load. Prints the median ms of each URL and
mode, and the after/before ratio.
"""

import argparse
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
    from django.db.models import Count
    from django.test import Client

    from registry import models
    from registry.caching import bump_data_version

    partner = (
        models.Partner.objects.published()
        .annotate(n=Count("agreements"))
        .order_by("-n", "pk")
        .first()
    )
    area = models.ResearchArea.objects.published().order_by("pk").first()
    urls = {
        "list": "/agreements/",
        "partner": f"/agreements/?partner={partner.slug}",
        "partner+status": f"/agreements/?partner={partner.slug}&status=in_force",
        "3 filters": f"/agreements/?partner={partner.slug}&status=in_force&area={area.slug}",
    }
    client = Client(HTTP_CACHE_CONTROL="no-cache")
    results = {}
    for name, url in urls.items():
        cold, fresh = [], []
        for _ in range(rounds):
            bump_data_version()
            started = time.perf_counter()
            response = client.get(url)
            cold.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            started = time.perf_counter()
            client.get(url)
            fresh.append(time.perf_counter() - started)
        results[name] = {"cold": cold, "fresh": fresh}
    return results


def run(checkout: Path, database: str, rounds: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    # FACET_WARMING off: this measures the unwarmed first request (a warm thread started by
    # the bump would race it); bench/warming.py measures the warmed one.
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="0",
        PYTHONPATH=str(checkout),
        FACET_WARMING="off",
    )
    return run_child(__file__, checkout, env, rounds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--before", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--per-round", type=int, default=5, help="requests per URL a round")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    checkouts = {"after": ROOT} | ({"before": args.before} if args.before else {})
    samples: dict = {}
    for _ in range(args.rounds):
        for label, checkout in checkouts.items():
            for url, modes in run(checkout, args.database, args.per_round).items():
                for mode, times in modes.items():
                    samples.setdefault((url, mode), {}).setdefault(label, []).extend(times)
    print("| URL | mode | " + " | ".join(f"{c} ms" for c in checkouts) + " | after / before |")
    print("| --- | --- |" + " ---: |" * (len(checkouts) + 1))
    for (url, mode), by_label in samples.items():
        medians = {k: statistics.median(v) * 1000 for k, v in by_label.items()}
        ratio = f"{medians['after'] / medians['before']:.2f}" if "before" in medians else ""
        cells = " | ".join(f"{medians[c]:.1f}" for c in checkouts)
        print(f"| `{url}` | {mode} | {cells} | {ratio} |")


if __name__ == "__main__":
    main()
