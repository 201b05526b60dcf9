"""Benchmark (issue 13): cached pages and the API list against the hello-world ceiling,
two checkouts side by side in one run. Not a test; run by hand:

    python bench/fast_path.py --before /tmp/before --after . \\
        --database-url sqlite:////tmp/copy-of-100k.sqlite3 --ports 8161,8162

Each checkout (a directory with manage.py, e.g. `git archive <commit> | tar -x -C DIR`) gets
its own gunicorn (`-w 2`, PRODUCTION=1, the manifest static storage, BENCH_HELLO=1) on the
same database; the pages are measured with wrk in alternating rounds (before, after,
before, ...), so both see the same load. Also, in-process: the CPU time
(time.process_time) of one request of each page through Django's test client in each
checkout. The database is only read (the data version row is made if missing).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402  (bench/run.py: environment, Server, wrk, get)

PAGES = {
    "hello": ("/bench/hello", ()),
    "list": ("/agreements/", ()),
    "partner_list": ("/partners/", ()),
    "api_list": ("/api/v1/agreements/", ()),
    "api_list_page2": ("/api/v1/agreements/?page=2", ()),
    "api_list_fresh": ("/api/v1/agreements/", tuple(bench.FRESH)),
}

IN_PROCESS = """
import os, statistics, sys, time, json
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.test import Client
pages = json.loads(sys.argv[1])
client = Client()
out = {}
for name, (path, fresh) in pages.items():
    extra = {"HTTP_CACHE_CONTROL": "no-cache"} if fresh else {}
    status = client.get(path, secure=True, **extra).status_code
    assert status == 200, (path, status)
    runs = []
    for _ in range(int(sys.argv[2])):
        started = time.process_time()
        client.get(path, secure=True, **extra)
        runs.append(time.process_time() - started)
    out[name] = round(statistics.median(runs) * 1000, 3)
print("CPU-JSON " + json.dumps(out))
"""


def cpu_times(checkout, env, repeat):
    pages = {n: (p, bool(f)) for n, (p, f) in PAGES.items()}
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, json.dumps(pages), str(repeat)],
        cwd=checkout,
        env={**env, "DJANGO_SETTINGS_MODULE": "coop_site.settings"},
        capture_output=True,
        text=True,
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("CPU-JSON ")]
    if not line:
        sys.exit(f"in-process run failed in {checkout}:\n{done.stderr[-3000:]}")
    return json.loads(line[0].removeprefix("CPU-JSON "))


def prepare(checkout, env):
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=checkout, env=env, check=True)


def serve(checkout, env, port):
    bench.ROOT, bench.PORT, bench.GUNICORN = Path(checkout), port, args_gunicorn()
    return bench.Server(env, 2)


def args_gunicorn():
    return str(Path(sys.executable).parent / "gunicorn")


def measure(port, seconds):
    bench.PORT = port
    rows = {}
    for name, (path, extra) in PAGES.items():
        status, _ = bench.get(path, extra=extra)
        bench.get(path, extra=extra)  # warm both workers' caches
        bench.get(path, extra=extra)
        rows[name] = {"status": status, **bench.wrk(path, seconds, 2, extra=extra)}
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--ports", default="8161,8162")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cpu-repeat", type=int, default=30)
    args = parser.parse_args()
    env = {**bench.environment(args.database_url), "PAGE_CACHE_SECONDS": "3600"}
    checkouts = {"before": args.before, "after": args.after}
    ports = dict(zip(checkouts, map(int, args.ports.split(",")), strict=True))
    report = {"loadavg_start": os.getloadavg()[0], "wrk": {}, "cpu_ms": {}}
    for label, checkout in checkouts.items():
        prepare(checkout, env)
        report["cpu_ms"][label] = cpu_times(checkout, env, args.cpu_repeat)
        print(label, "cpu ms", report["cpu_ms"][label], flush=True)
    servers = {label: serve(checkouts[label], env, ports[label]) for label in checkouts}
    for label, server in servers.items():
        bench.ROOT, bench.PORT = Path(checkouts[label]), ports[label]
        server.__enter__()
    try:
        for round_ in range(args.rounds):
            for label in checkouts:
                rows = measure(ports[label], args.seconds)
                report["wrk"].setdefault(label, []).append(rows)
                line = {n: r["rps"] for n, r in rows.items()}
                print(f"round {round_} {label} req/s {line}", flush=True)
    finally:
        for label, server in servers.items():
            bench.PORT = ports[label]
            server.__exit__(None, None, None)
    report["loadavg_end"] = os.getloadavg()[0]
    report["summary"] = summary(report)
    print("FAST-PATH-JSON " + json.dumps(report))


def summary(report):
    out = {}
    for label, rounds in report["wrk"].items():
        rps = {n: statistics.median(r[n]["rps"] for r in rounds) for n in PAGES}
        p50 = {n: statistics.median(r[n]["p50_ms"] for r in rounds) for n in PAGES}
        out[label] = {
            "rps": rps,
            "p50_ms": p50,
            "over_hello": {n: round(rps[n] / rps["hello"], 3) for n in PAGES},
            "errors": sum(r[n]["errors"] for r in rounds for n in PAGES),
        }
    return out


if __name__ == "__main__":
    main()
