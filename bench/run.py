"""Benchmark: gunicorn on SQLite and PostgreSQL with 1k, 10k and 100k synthetic agreements.

Not a test; run by hand (see bench/README.md):

    .venv/bin/python bench/run.py                       # everything (about 15 minutes)
    .venv/bin/python bench/run.py --db sqlite --tiers 1000 --seconds 3 --no-load   # a quick look

For each database and tier it generates the synthetic data, starts gunicorn with the
production settings on 127.0.0.1, measures each page with wrk (throughput, p50/p95), then
holds 100 clients for 60 seconds on the largest tier. Prints a table, writes JSON to
bench/results/.
"""

import argparse
import datetime
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The interpreter running this script (.venv/bin/python) and the gunicorn beside it.
PY = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
RESULTS = ROOT / "bench" / "results"
LUA = str(ROOT / "bench" / "report.lua")
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "18765"))
DATABASES = {
    "sqlite": f"sqlite:///{RESULTS / 'bench.sqlite3'}",
    "postgres": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench"),
}
# Pages measured on each tier; the admin changelist (the peer) is added with a cookie.
ORDER = [
    "hello",
    "home",
    "list",
    "list_page1",
    "list_filtered",
    "list_deep",
    "detail",
    "partner_hub",
    "search",
    "list_fresh",
    "partner_hub_fresh",
    "search_fresh",
    "api_list",
    "data_index",
    "data_zip",
    "data_csv",
    "admin_changelist",
]
MIN_REQUESTS, SLOW_PAGE_SECONDS = 8, 30
HEADERS = ["X-Forwarded-Proto: https"]  # as nginx would send; the app runs PRODUCTION=1
# "*_fresh" pages repeat a page with this header: the whole-page cache is bypassed (the
# facet, option and count caches under it still apply), so they show the cost of a page
# no reader has asked for since the data last changed.
FRESH = ["Cache-Control: no-cache"]


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "BENCH_HELLO": "1",
        "LOG_LEVEL": "ERROR",
        "AXES_LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "600",
        # The admin peer is measured with a minted session, which has no second factor.
        "REQUIRE_2FA": "0",
        # The benchmark is one client address; the anonymous API throttle would refuse it.
        "API_ANON_RATE": "100000000/second",
    }


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(name, env):
    if name == "postgres":
        create_postgres_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")


def create_postgres_database(database_url):
    base, _, dbname = database_url.rpartition("/")
    code = (
        "import psycopg, sys\n"
        "with psycopg.connect(sys.argv[1] + '/postgres', autocommit=True) as c:\n"
        "    if not c.execute('select 1 from pg_database where datname=%s', [sys.argv[2]])"
        ".fetchone():\n"
        "        c.execute('create database ' + sys.argv[2])\n"
    )
    subprocess.run([PY, "-c", code, base, dbname], check=True)


def load_tier(env, count):
    started = time.monotonic()
    manage(env, "generate_synthetic_data", str(count))
    # Steady state, as autovacuum would leave it: statistics, and on PostgreSQL a visibility
    # map, without which index-only scans fetch heap pages (and autovacuum would otherwise
    # start in the middle of the measurements).
    code = (
        "from django.db import connection\n"
        "sql = 'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE'\n"
        "connection.cursor().execute(sql)"
    )
    manage(env, "shell", "-v", "0", "-c", code)
    return round(time.monotonic() - started, 1)


def discover(env):
    done = subprocess.run(
        [PY, "bench/targets.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"bench/targets.py failed:\n{done.stderr[-3000:]}")
    out = done.stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH-TARGETS "))
    return json.loads(line.removeprefix("BENCH-TARGETS "))


class Server:
    def __init__(self, env, workers):
        self.env, self.workers, self.process = env, workers, None

    def __enter__(self):
        if get("/healthz")[0] is not None:
            sys.exit(f"Something already listens on {HOST}:{PORT}; stop it first.")
        command = [GUNICORN, "coop_site.wsgi", "-w", str(self.workers), "-b", f"{HOST}:{PORT}"]
        command += ["--log-level", "warning", "--timeout", "60"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited")
            if get("/healthz")[0] == 200:
                return self
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not become healthy")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def get(path, cookie=None, extra=()):
    try:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        headers = dict(h.split(": ", 1) for h in [*HEADERS, *extra])
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return None, b""


def wrk(path, seconds, connections, cookie=None, mix=None, extra=(), port=None, think_ms=0):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", LUA]
    for header in [*HEADERS, *extra] + ([f"Cookie: {cookie}"] if cookie else []):
        command += ["-H", header]
    env = {**os.environ, "WRK_PATHS": " ".join(mix or []), "WRK_THINK_MS": str(think_ms)}
    out = subprocess.run(
        command + [f"http://{HOST}:{port or PORT}{path}"], env=env, capture_output=True, text=True
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("WRK-JSON "))
    raw = json.loads(line.removeprefix("WRK-JSON "))
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "errors": sum(raw["errors"].values()),
        "error_detail": raw["errors"],
    }


def measure_tier(env, args):
    found = discover(env)
    targets = dict(found["targets"])
    targets["admin_changelist"] = found["admin"]["url"]
    rows = {}
    if args.load_only:  # each page's status and queries in-process; no wrk per page
        for name, path in targets.items():
            rows[name] = {"url": path, **found["queries"].get(name, {})}
        return {"missing": found["missing"], "pages": rows, "agreements": found["agreements"]}
    with Server(env, args.workers):
        for name in [n for n in ORDER if n in targets]:
            path = targets[name]
            cookie = found["admin"]["cookie"] if name == "admin_changelist" else None
            extra = FRESH if name.endswith("_fresh") else ()
            status, _ = get(path, cookie, extra)
            row = {"url": path, "status": status, **found["queries"].get(name, {})}
            if status == 200:
                get(path, cookie, extra)  # warm the worker caches
                row.update(wrk(path, args.seconds, args.connections, cookie, extra=extra))
                if row["requests"] < MIN_REQUESTS:  # a slow page: measure long enough
                    row.update(wrk(path, SLOW_PAGE_SECONDS, args.connections, cookie, extra=extra))
            rows[name] = row
            print(f"  {name:18} {summary_line(row)}", flush=True)
    return {"missing": found["missing"], "pages": rows, "agreements": found["agreements"]}


# Issue 13's target for the load mix: no errors at all, and p95 at most this.
LOAD_P95_MS = 500


def load_test(env, args, targets):
    """`--load-clients` connections for `--load-seconds` over every public page in turn:
    cached pages, the same pages fresh ("*_fresh", sent with a leading "!": report.lua adds
    no-cache), the API list and the /data/ page and downloads."""
    mix = [
        ("!" if name.endswith("_fresh") else "") + path
        for name, path in targets.items()
        if name != "hello"
    ]
    with Server(env, args.workers):
        for path in mix:
            get(path.lstrip("!"))
        load_before = round(os.getloadavg()[0], 2)
        result = wrk(
            mix[0].lstrip("!"),
            args.load_seconds,
            args.load_clients,
            mix=mix,
            think_ms=args.load_think_ms,
        )
        load_after = round(os.getloadavg()[0], 2)
    result.update(
        clients=args.load_clients,
        seconds=args.load_seconds,
        think_ms=args.load_think_ms,
        paths=mix,
        loadavg_1min=[load_before, load_after],
        target_met=result["errors"] == 0 and result["p95_ms"] <= LOAD_P95_MS,
    )
    return result


def summary_line(row):
    if "rps" not in row:
        return f"status {row['status']} (not measured)"
    line = (
        f"{row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms"
        f"  errors {row['errors']}"
    )
    if "queries" in row:  # a page (the load mix has none)
        line += f"  queries {row['queries']}  cpu {row.get('cpu_ms', '?')} ms"
    return line


def ratios(tiers):
    """The issue's targets, per database: scale, peer and ceiling ratios for the list."""
    out = {}
    by_tier = {t["tier"]: t["pages"] for t in tiers}
    first = by_tier[min(by_tier)].get("list", {})
    last = by_tier[max(by_tier)].get("list", {})
    for key in ("p50_ms", "cpu_ms"):
        if len(by_tier) > 1 and first.get(key) and last.get(key):
            out[f"list_{key}_large_over_small"] = round(last[key] / first[key], 2)
    for tier, pages in by_tier.items():
        for page in ("list", "list_fresh"):
            lst = pages.get(page, {})
            for other, key in (
                ("admin_changelist", f"{page}_over_admin_rps"),
                ("hello", f"{page}_over_hello_rps"),
            ):
                if lst.get("rps") and pages.get(other, {}).get("rps"):
                    out.setdefault(key, {})[tier] = round(lst["rps"] / pages[other]["rps"], 3)
    return out


def stop_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # runs the Server context's cleanup


def run(args):
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "settings": vars(args),
        "databases": {},
    }
    name = RESULTS / f"bench-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    for db in args.db.split(","):
        env = environment(DATABASES[db])
        print(f"== {db} ==", flush=True)
        prepare_database(db, env)
        entry = report["databases"][db] = {"tiers": []}
        # --existing: the data already in the database, as it is (one tier).
        for count in [None] if args.existing else [int(t) for t in args.tiers.split(",")]:
            seconds = load_tier(env, count) if count else None
            made = f"generated in {seconds} s" if count else "as they are"
            print(f" {count or 'existing'} agreements ({made})", flush=True)
            load_before = round(os.getloadavg()[0], 2)
            tier = measure_tier(env, args)
            entry["tiers"].append(
                {
                    "tier": count or tier["agreements"],
                    "generate_seconds": seconds,
                    "loadavg_1min": load_before,
                    **tier,
                }
            )
            name.write_text(json.dumps(report, indent=2))  # keep what is measured so far
        entry["ratios"] = ratios(entry["tiers"])
        print(f" ratios: {json.dumps(entry['ratios'])}", flush=True)
        if not args.no_load:
            pages = entry["tiers"][-1]["pages"]
            targets = {n: r["url"] for n, r in pages.items() if r.get("status") == 200}
            targets.pop("admin_changelist", None)
            entry["load"] = load_test(env, args, targets)
            load = entry["load"]
            verdict = "met" if load["target_met"] else "NOT met"
            print(
                f" load ({load['clients']} clients, think {load['think_ms']} ms, "
                f"{load['seconds']} s, load average "
                f"{load['loadavg_1min']}): {summary_line(load)}",
                flush=True,
            )
            print(
                f" target (0 errors, p95 <= {LOAD_P95_MS} ms): {verdict}; errors by kind: "
                f"{load['error_detail']}",
                flush=True,
            )
        name.write_text(json.dumps(report, indent=2))
    print(f"wrote {name}")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--tiers", default="1000,10000,100000")
    parser.add_argument("--seconds", type=int, default=5, help="per page (5)")
    parser.add_argument("--connections", type=int, default=2, help="wrk connections (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--load-clients", type=int, default=100, help="(100)")
    parser.add_argument("--load-seconds", type=int, default=60, help="(60)")
    parser.add_argument(
        "--load-think-ms",
        type=int,
        default=0,
        help="each load client waits 0 to 2x this between requests (0: none, wrk's default)",
    )
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the data already in the database (no generation; --tiers ignored)",
    )
    parser.add_argument(
        "--load-only", action="store_true", help="skip the per-page runs: only the load test"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
