"""The staff changelists' cost at 1k and 100k agreements, before and after (issue 13).

Not a test; run by hand (see bench/RESULTS.md):

    .venv/bin/python bench/admin_changelists.py \\
        --db sqlite-1k=sqlite:////tmp/a-1k.sqlite3,sqlite:////tmp/b-1k.sqlite3 \\
        --db pg-100k=postgres://postgres@127.0.0.1:5432/a100k,postgres://…/b100k \\
        --before /tmp/checkout-of-main [--rounds 3] [--requests 7]

Each `--db` names one dataset and gives the database the *after* checkout (this one) reads,
then, after a comma, the one the `--before` checkout reads (a copy without this branch's
migration, so the before code sees no new index). Generate them with
`manage.py generate_synthetic_data N`; the script writes a superuser (`bench-admin`) and its
sessions into each, so use copies.

In-process: Django's test client logged in as that superuser, `DEBUG` off, the locmem cache.
For each changelist (agreements, calls, meetings, action items) a warm-up request, then
`--requests` timed ones: wall time (perf_counter), CPU time of this process (process_time: on
SQLite it includes the database's work, on PostgreSQL not) and the wall time spent in the
queries (on PostgreSQL the server's work and the round trips), with their number. Before and
after run in alternating processes, `--rounds` times, so both see the same machine load.
Prints the medians and the ratios as Markdown rows, and the raw numbers as JSON at the end.

`--profile URL` (with one `--db`) prints the cProfile of one request of this checkout instead
(`SORT=tottime` to sort by own time); `--queries URL` lists that request's queries and times.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from sidebyside import run_child

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "agreements": "/admin/registry/agreement/",
    "calls": "/admin/registry/jointcall/",
    "meetings": "/admin/registry/jwgreview/",
    "action items": "/admin/registry/actionitem/",
}


def setup_client():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coop_site.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "b@example.org", None)
    client = Client()
    client.force_login(user)
    return client


class QueryTimer:
    """Counts a request's queries and the wall ms spent in them (on PostgreSQL the server's
    work and the round trips)."""

    def __init__(self):
        self.spent = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.spent.append(time.perf_counter() - started)


def measure(requests: int) -> dict:
    from django.db import connection

    client = setup_client()
    results = {}
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        wall, cpu, sql = [], [], []
        for _ in range(requests):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            sql.append(sum(timer.spent) * 1000)
        results[name] = {"wall": wall, "cpu": cpu, "sql": sql, "queries": len(timer.spent)}
    return results


def list_queries(url: str) -> None:
    """Each query of one request (after a warm-up): its ms and the start of its SQL."""
    from django.db import connection

    client = setup_client()
    client.get(url)
    spent = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timed):
        client.get(url)
    for ms, sql in spent:
        print(f"{ms:8.2f} ms  {sql[:160]}")


def profile(url: str) -> None:
    import cProfile
    import pstats

    client = setup_client()
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)


def run(checkout: Path, database: str, requests: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(DATABASE_URL=database, DEBUG="0", PYTHONPATH=str(checkout))
    return run_child(__file__, checkout, env, requests)


def merged(samples: list[dict]) -> dict:
    out = {}
    for name in PAGES:
        out[name] = {
            "wall": [ms for sample in samples for ms in sample[name]["wall"]],
            "cpu": [ms for sample in samples for ms in sample[name]["cpu"]],
            "sql": [ms for sample in samples for ms in sample[name]["sql"]],
            "queries": samples[-1][name]["queries"],
        }
    return out


def table(results: dict) -> str:
    lines = [
        "| dataset | changelist | before wall ms | after wall ms | before CPU ms | "
        "after CPU ms | before SQL ms | after SQL ms | queries before → after | "
        "throughput after / before |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for dataset, by_side in results.items():
        for name in PAGES:
            before, after = by_side["before"][name], by_side["after"][name]
            bw, aw = statistics.median(before["wall"]), statistics.median(after["wall"])
            bc, ac = statistics.median(before["cpu"]), statistics.median(after["cpu"])
            lines.append(
                f"| {dataset} | {name} | {bw:.1f} | {aw:.1f} | {bc:.1f} | {ac:.1f} | "
                f"{statistics.median(before['sql']):.1f} | "
                f"{statistics.median(after['sql']):.1f} | "
                f"{before['queries']} → {after['queries']} | {bw / aw:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", default=[], help="name=after_url,before_url")
    parser.add_argument("--before", type=Path, help="a checkout of the code before")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=7)
    parser.add_argument("--profile", help="a URL to profile with this checkout")
    parser.add_argument("--queries", help="a URL whose queries to list, with this checkout")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    if args.profile or args.queries:
        sys.path.insert(0, str(ROOT))  # this checkout, not the one installed in the venv
        name, urls = args.db[0].split("=", 1)
        os.environ.update(DATABASE_URL=urls.split(",")[0], DEBUG="0")
        profile(args.profile) if args.profile else list_queries(args.queries)
        return
    sides = {"after": ROOT} | ({"before": args.before} if args.before else {})
    results = {}
    for spec in args.db:
        name, urls = spec.split("=", 1)
        databases = dict(zip(["after", "before"], urls.split(","), strict=False))
        samples = {side: [] for side in sides}
        for _ in range(args.rounds):
            for side, checkout in sides.items():
                samples[side].append(run(checkout, databases[side], args.requests))
        results[name] = {side: merged(found) for side, found in samples.items()}
        print(f"{name} done, load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    if args.before:
        print(table(results))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
