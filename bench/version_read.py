"""What reading the data version from the database costs a cached page: before and after.

Not a test; run by hand on a quiet machine (see bench/RESULTS.md):

    .venv/bin/python bench/version_read.py --before /path/to/checkout/without/the/change

Makes a SQLite database in a temporary directory (migrated by this checkout, with
`generate_synthetic_data`), starts one single-worker gunicorn from each checkout on it
(`--before` and this one) on free ports, caches an agreement's page in both, then times
the same cached page in alternating rounds of sequential keep-alive requests. Prints the
mean time per request of each and their ratio.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(DATABASE_URL=f"sqlite:///{database}", DEBUG="0", PAGE_CACHE_SECONDS="300")
    return env


def manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return done.stdout.strip()


def serve(checkout: Path, env: dict, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "coop_site.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=checkout, env=env)


def wait(port: int) -> None:
    for _ in range(200):
        try:
            server = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            server.request("GET", "/healthz")
            if server.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server on port {port}")


def time_requests(port: int, path: str, count: int) -> float:
    """Seconds for `count` sequential requests on one keep-alive connection."""
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    start = time.perf_counter()
    for _ in range(count):
        server.request("GET", path)
        response = server.getresponse()
        response.read()
        assert response.status == 200 and response.getheader("X-Page-Cache") == "hit"
    elapsed = time.perf_counter() - start
    server.close()
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout without the change")
    parser.add_argument("--requests", type=int, default=500, help="per round (500)")
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds (6)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        env = environment(Path(directory) / "bench.sqlite3")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "generate_synthetic_data", "1000")
        path = manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from registry.models import Agreement\n"
            "print(Agreement.objects.filter(is_published=True).first().get_absolute_url())",
        )
        ports = {"before": free_port(), "after": free_port()}
        servers = [serve(args.before, env, ports["before"]), serve(ROOT, env, ports["after"])]
        try:
            totals = dict.fromkeys(ports, 0.0)
            for port in ports.values():
                wait(port)
                time_requests_warm(port, path)
            for _ in range(args.rounds):
                for name, port in ports.items():
                    totals[name] += time_requests(port, path, args.requests)
        finally:
            for server in servers:
                server.terminate()
                server.wait()
    count = args.requests * args.rounds
    for name, total in totals.items():
        print(f"{name}: {count} cached-page requests, {total / count * 1000:.3f} ms each")
    print(f"after / before: {totals['after'] / totals['before']:.3f}")


def time_requests_warm(port: int, path: str) -> None:
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(20):  # the first caches the page; the rest warm the worker
        server.request("GET", path)
        server.getresponse().read()
    server.close()


if __name__ == "__main__":
    main()
