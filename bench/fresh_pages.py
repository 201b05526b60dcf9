"""The fresh list, partner hub and search: warm facet caches, no whole-page cache.

Not a test; run by hand (see bench/RESULTS.md):

    .venv/bin/python bench/fresh_pages.py --sqlite /tmp/100k.sqlite3 \
        --postgres postgres://postgres@127.0.0.1:5432/db100k [--before /path/to/main]

In-process, with Django's test client, DEBUG off and `Cache-Control: no-cache`, each URL is
read once to warm what is cached per data version (total, facet counts, filter form), then:

- `fresh`: the same URL again: the page is rendered from warm caches;
- `after edit`: one agreement on the page is saved first (a new data version, so the facet
  counts, total and form are computed again): the first reader after a change;
- `hello`: the hello-world view (BENCH_HELLO=1), the ceiling, for the ratio.

Each checkout (`--before` and this one) runs in its own process on the same database, in
alternating rounds, so both see the same machine load. Prints the median CPU ms
(time.process_time: this process only; on SQLite that includes the queries) and wall ms.
The `after edit` rows write to the database: run it on a copy.
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from sidebyside import run_child

ROOT = Path(__file__).resolve().parent.parent


def timed(client, url, **headers) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    response = client.get(url, **headers)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert response.status_code == 200, (url, response.status_code)
    return cpu, wall


def measure(per_round: int, pages: list[str] | None = None) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop_site.settings")
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from registry import models

    partner = (
        models.Partner.objects.published()
        .annotate(n=Count("agreements"))
        .order_by("-n", "pk")
        .first()
    )
    urls = {
        "list": "/agreements/",
        "partner_hub": f"/partners/{partner.slug}/",
        "search": "/search/?q=quantum+solar",
        "hello": "/bench/hello",
    }
    if pages:
        urls = {name: url for name, url in urls.items() if name in pages or name == "hello"}
    first = models.Agreement.objects.published().in_list_order().first()
    client = Client(HTTP_CACHE_CONTROL="no-cache")
    results = {}
    for name, url in urls.items():
        client.get(url)  # warm: total, facets, form, rows
        fresh, edited = [], []
        for _ in range(per_round):
            fresh.append(timed(client, url))
            if name != "hello":
                first.save()  # a change: a new data version
                edited.append(timed(client, url))
        results[f"{name} fresh"] = fresh
        if edited:
            results[f"{name} after edit"] = edited
    return results


def run(checkout: Path, database: str, per_round: int, pages: list[str]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(DATABASE_URL=database, DEBUG="0", BENCH_HELLO="1", PYTHONPATH=str(checkout))
    extra = ["--pages", ",".join(pages)] if pages else []
    return run_child(__file__, checkout, env, per_round, *extra)


def table(database: str, samples: dict, checkouts: dict) -> None:
    print(f"\n{database}, load average {os.getloadavg()[0]:.2f}\n")
    names = list(checkouts)
    cells = " | ".join(f"{c} CPU ms | {c} wall ms" for c in names)
    print(f"| page | {cells} | CPU after / before | hello / page (after) |")
    print("| --- |" + " ---: |" * (2 * len(names) + 2))
    hello = statistics.median(c for c, _w in samples["hello fresh"]["after"])
    for page, by_label in samples.items():
        row = []
        cpu = {}
        for label in names:
            times = by_label[label]
            cpu[label] = statistics.median(c for c, _w in times) * 1000
            wall = statistics.median(w for _c, w in times) * 1000
            row.append(f"{cpu[label]:.1f} | {wall:.1f}")
        ratio = f"{cpu['after'] / cpu['before']:.2f}" if "before" in cpu else ""
        ceiling = f"{hello * 1000 / cpu['after']:.3f}"
        print(f"| {page} | {' | '.join(row)} | {ratio} | {ceiling} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", help="a copy of the 100k SQLite file")
    parser.add_argument("--postgres", help="a DATABASE_URL of a copy of the 100k database")
    parser.add_argument("--before", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--per-round", type=int, default=5, help="requests per URL a round")
    parser.add_argument("--pages", help="only these, comma-separated: list,partner_hub,search")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = args.pages.split(",") if args.pages else []
    if args.child:
        print(json.dumps(measure(args.child, pages)))
        return
    checkouts = {"after": ROOT} | ({"before": args.before} if args.before else {})
    databases = [f"sqlite:///{args.sqlite}"] if args.sqlite else []
    databases += [args.postgres] if args.postgres else []
    for database in databases:
        samples: dict = {}
        for _ in range(args.rounds):
            for label, checkout in checkouts.items():
                for page, times in run(checkout, database, args.per_round, pages).items():
                    samples.setdefault(page, {}).setdefault(label, []).extend(times)
        table(database.split("@")[-1], samples, checkouts)


if __name__ == "__main__":
    main()
