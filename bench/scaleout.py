"""Scale-out rehearsal on one machine: two gunicorn hosts behind nginx, one PostgreSQL, one Redis.

Not a test; run by hand (see bench/README.md):

    .venv/bin/python bench/scaleout.py                   # about two minutes
    .venv/bin/python bench/scaleout.py --ports 8171,8172,8173 --cache-url redis://127.0.0.1:6379/8

Host A and host B are two gunicorn instances on two loopback ports with the same production
environment (as bench/run.py's), the same PostgreSQL database and the same Redis cache; each
has its own OPENDATA_DIR, as two machines would. nginx (Debian's binary, with its own prefix
and configuration in a temporary directory, run in the foreground and stopped here; not the
system service) balances over them with `proxy_next_upstream error timeout http_502 http_503`.

1. Publish check: a change and a publish sent through host A's API (a superuser's token) are
   shown by host B, asked directly, on its next request (the page cache is keyed on the data
   version, kept in the database).
2. Failover: wrk holds `--clients` connections through nginx on a mix of pages; one run with
   both hosts up, one where host A's gunicorn is stopped (SIGTERM) and one where it is killed
   (SIGKILL) after a third of the run. nginx's access log says which host answered each
   request, which were retried on the other host, and every status.

Prints a summary and writes JSON to bench/results/scaleout-*.json.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402  (bench/run.py: environment, wrk, discover)

HOST = "127.0.0.1"
NGINX = os.environ.get("NGINX", "nginx")
HEADERS = {"X-Forwarded-Proto": "https"}  # host B asked directly, as nginx would forward
MARK = re.compile(r" \[rehearsal [0-9a-f]+\]$")

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    log_format rehearsal '$status "$upstream_addr" "$upstream_status" $request_time $request_uri';
    access_log {tmp}/access.log rehearsal;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream registry {{
        server {host}:{port_a} max_fails=1 fail_timeout=5s;
        server {host}:{port_b} max_fails=1 fail_timeout=5s;
        keepalive 32;
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://registry;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # TLS would end here: the hosts run PRODUCTION=1 and trust this header.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # Only idempotent requests are retried (nginx never retries POST or PATCH).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 35s;
        }}
    }}
}}
"""

# Run inside Django with the hosts' environment: a superuser's API token, and the records
# the publish check changes (read only; the change itself goes through host A's API).
SETUP_CODE = """
import json
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.authtoken.models import Token
from registry.models import Agreement
user, _ = get_user_model().objects.get_or_create(
    username="scaleout-admin", defaults={"is_staff": True, "is_superuser": True})
token, _ = Token.objects.get_or_create(user=user)
def urls(pk):
    return {"pk": pk, "page": reverse("registry:agreement_detail", kwargs={"pk": pk}),
            "api": reverse("api:agreement-detail", kwargs={"pk": pk})}
published = Agreement.objects.published().order_by("pk").first()
drafts = Agreement.objects.filter(is_published=False).order_by("-pk")[:20]
print("SCALEOUT " + json.dumps({"token": token.key,
      "published": urls(published.pk) if published else None,
      "drafts": [urls(d.pk) for d in drafts], "agreements": Agreement.objects.count()}))
"""


def request(port, method, path, body=None, headers=None):
    """(status, headers, body) of one request to 127.0.0.1:port; (None, {}, b"") if refused."""
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        data = json.dumps(body).encode() if body is not None else None
        sent = {**HEADERS, **(headers or {})}
        if data is not None:
            sent["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except OSError:
        return None, {}, b""


class Host:
    """One application host: a gunicorn master and its workers, in a process group of its own."""

    def __init__(self, name, port, env, workers):
        self.name, self.port, self.env, self.workers = name, port, env, workers
        self.process = None

    def start(self):
        if request(self.port, "GET", "/healthz")[0] is not None:
            sys.exit(f"Something already listens on {HOST}:{self.port}; stop it first.")
        command = [bench.GUNICORN, "coop_site.wsgi", "-w", str(self.workers)]
        command += ["-b", f"{HOST}:{self.port}", "--log-level", "warning", "--timeout", "60"]
        self.process = subprocess.Popen(
            command, cwd=bench.ROOT, env=self.env, start_new_session=True
        )
        wait_until(lambda: request(self.port, "GET", "/healthz")[0] == 200, self.process)
        return self

    def stop(self, how=signal.SIGTERM):
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, how)  # the group this script started
        self.process.wait(timeout=40)
        if how == signal.SIGKILL:  # the orphaned workers die with the group; reap nothing else
            time.sleep(0.5)


class Nginx:
    def __init__(self, port, port_a, port_b):
        self.port = port
        self.tmp = Path(tempfile.mkdtemp(prefix="scaleout-nginx-"))
        self.conf = self.tmp / "nginx.conf"
        self.conf.write_text(
            NGINX_CONF.format(tmp=self.tmp, host=HOST, port=port, port_a=port_a, port_b=port_b)
        )
        self.log = self.tmp / "access.log"
        self.process = None

    def start(self):
        command = [NGINX, "-p", str(self.tmp), "-c", str(self.conf), "-e", str(self.tmp / "e.log")]
        self.process = subprocess.Popen(command, start_new_session=True)
        wait_until(lambda: request(self.port, "GET", "/healthz")[0] == 200, self.process)
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: the workers finish and exit
            self.process.wait(timeout=30)

    def read_log(self):
        return self.log.read_text().splitlines() if self.log.exists() else []

    def clear_log(self):
        self.log.write_text("")  # nginx appends (O_APPEND): it goes on from the start


def wait_until(ready, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        if ready():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{process.args[0]} did not become ready")


def prepare(env, agreements):
    bench.create_postgres_database(env["DATABASE_URL"])
    bench.manage(env, "migrate", "--noinput", "-v0")
    bench.manage(env, "collectstatic", "--noinput", "-v0")
    found = setup_records(env)
    if found["agreements"] == 0:
        bench.load_tier(env, agreements)
        found = setup_records(env)
    return found


def setup_records(env):
    done = subprocess.run(
        [bench.PY, "manage.py", "shell", "-v", "0", "-c", SETUP_CODE],
        cwd=bench.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"setup failed:\n{done.stderr[-3000:]}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("SCALEOUT "))
    return json.loads(line.removeprefix("SCALEOUT "))


def read(port, token, record):
    """An agreement as one host's API gives it to a superuser: (ETag, data)."""
    auth = {"Authorization": f"Token {token}"}
    status, headers, body = request(port, "GET", record["api"], headers=auth)
    if status != 200:
        raise RuntimeError(f"GET {record['api']} on {port}: {status}")
    return headers["ETag"], json.loads(body)


def patch(port, token, record, changes):
    """PATCH an agreement through one host's API, based on the version it is at."""
    auth = {"Authorization": f"Token {token}", "If-Match": read(port, token, record)[0]}
    status, _, body = request(port, "PATCH", record["api"], changes, auth)
    return status, json.loads(body or b"{}")


def page(port, path):
    status, headers, body = request(port, "GET", path)
    return status, headers.get("X-Page-Cache"), body.decode(errors="replace")


def publish_check(host_a, host_b, found):
    """A change made through host A is on host B's next page; so is a published draft."""
    token, record = found["token"], found["published"]
    results = {}
    # Host B serves the page from the shared cache before the change...
    page(host_b.port, record["page"])
    before = page(host_b.port, record["page"])
    title = MARK.sub("", read(host_a.port, token, record)[1]["title"])
    new_title = f"{title} [rehearsal {secrets.token_hex(4)}]"
    status, data = patch(host_a.port, token, record, {"title": new_title})
    after = page(host_b.port, record["page"])
    again = page(host_b.port, record["page"])
    results["change"] = {
        "page": record["page"],
        "before_on_b": {"status": before[0], "cache": before[1]},
        "patch_on_a": status,
        "next_on_b": {"status": after[0], "cache": after[1], "shows_change": new_title in after[2]},
        "again_on_b": {"status": again[0], "cache": again[1]},
    }
    patch(host_a.port, token, record, {"title": title})  # as it was
    results["publish"] = publish_a_draft(host_a, host_b, found)
    return results


def publish_a_draft(host_a, host_b, found):
    """The first draft that may be published: 404 on host B, published on A, 200 on B."""
    for draft in found["drafts"]:
        before = page(host_b.port, draft["page"])
        status, data = patch(host_a.port, found["token"], draft, {"is_published": True})
        if status != 200:  # e.g. a required field missing: try the next draft
            continue
        after = page(host_b.port, draft["page"])
        patch(host_a.port, found["token"], draft, {"is_published": False})  # a draft again
        unpublished = page(host_b.port, draft["page"])
        return {
            "page": draft["page"],
            "before_on_b": before[0],
            "patch_on_a": status,
            "next_on_b": {"status": after[0], "cache": after[1]},
            "after_unpublishing_on_b": unpublished[0],
        }
    return {"error": "no draft could be published"}


def load_mix(env):
    """The public pages of bench/run.py's load mix ('!' = sent with Cache-Control: no-cache)."""
    targets = bench.discover(env)["targets"]
    return [
        ("!" if name.endswith("_fresh") else "") + path
        for name, path in targets.items()
        if name != "hello"
    ]


def failover_run(nginx, host_a, mix, args, how=None):
    """wrk through nginx; `how` stops host A after a third of the run (None: both stay up)."""
    nginx.clear_log()
    stopper = None
    if how is not None:
        stopper = threading.Timer(args.seconds / 3, host_a.stop, [how])
        stopper.start()
    try:
        result = bench.wrk(mix[0].lstrip("!"), args.seconds, args.clients, mix=mix, port=nginx.port)
    finally:
        if stopper is not None:
            stopper.join()
    time.sleep(0.5)  # the last lines of the access log
    result.update(nginx_log(nginx.read_log(), host_a.port))
    result["stopped"] = how.name if how is not None else None
    return result


LINE = re.compile(r'^(\d{3}) "([^"]*)" "([^"]*)" ([\d.]+) ')


def nginx_log(lines, port_a):
    statuses, final, retried = Counter(), Counter(), 0
    for line in lines:
        match = LINE.match(line)
        if not match:
            continue
        status, upstreams = match.group(1), match.group(2).split(", ")
        statuses[status] += 1
        if status != "499":
            final[upstreams[-1]] += 1
            retried += len(upstreams) > 1
    # 499: wrk closed the connection, which it does to the requests in flight when its time
    # is up (one per connection); they are not answered by either host and not errors.
    not_2xx = sum(
        n for status, n in statuses.items() if not status.startswith("2") and status != "499"
    )
    host_a = f"{HOST}:{port_a}"
    return {
        "nginx_requests": sum(statuses.values()),
        "nginx_statuses": dict(statuses),
        "nginx_not_2xx": not_2xx,
        "cut_off_at_the_end": statuses["499"],
        "answered_by": {("A" if addr == host_a else "B"): n for addr, n in final.items()},
        "retried_on_other_host": retried,
    }


def summary_line(row):
    return (
        f"{row['requests']:6d} requests  {row['rps']:7.1f} req/s  p50 {row['p50_ms']:7.1f} ms"
        f"  p95 {row['p95_ms']:7.1f} ms  wrk errors {row['errors']}"
        f"  nginx non-2xx {row['nginx_not_2xx']} (+{row['cut_off_at_the_end']} cut off at the end)"
        f"  retried {row['retried_on_other_host']}"
        f"  answered by {row['answered_by']}"
    )


def run(args):
    signal.signal(signal.SIGTERM, bench.stop_on_sigterm)
    port_a, port_b, port_nginx = (int(p) for p in args.ports.split(","))
    env = {
        **bench.environment(args.database_url),
        "CACHE_URL": args.cache_url,
        "CACHE_KEY_PREFIX": "scaleout",
    }
    found = prepare(env, args.agreements)
    data_dirs = Path(tempfile.mkdtemp(prefix="scaleout-opendata-"))
    host_a = Host("A", port_a, {**env, "OPENDATA_DIR": str(data_dirs / "a")}, args.workers)
    host_b = Host("B", port_b, {**env, "OPENDATA_DIR": str(data_dirs / "b")}, args.workers)
    nginx = Nginx(port_nginx, port_a, port_b)
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "settings": vars(args),
        "agreements": found["agreements"],
        "loadavg_1min_before": round(os.getloadavg()[0], 2),
    }
    try:
        host_a.start()
        host_b.start()
        nginx.start()
        report["publish"] = publish_check(host_a, host_b, found)
        print("publish:", json.dumps(report["publish"]), flush=True)
        mix = load_mix(env)
        for path in mix:  # every page once, on each host
            page(port_a, path.lstrip("!"))
            page(port_b, path.lstrip("!"))
        report["mix"] = mix
        report["runs"] = []
        for how in (None, signal.SIGTERM, signal.SIGKILL):
            if host_a.process.poll() is not None:
                host_a.start()
                time.sleep(6)  # past fail_timeout: nginx sends to host A again
            load = round(os.getloadavg()[0], 2)
            row = {**failover_run(nginx, host_a, mix, args, how), "loadavg_1min": load}
            report["runs"].append(row)
            print(f"host A {row['stopped'] or 'up':8} {summary_line(row)}", flush=True)
    finally:
        nginx.stop()
        host_a.stop()
        host_b.stop()
        shutil.rmtree(nginx.tmp, ignore_errors=True)
        shutil.rmtree(data_dirs, ignore_errors=True)
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    name = bench.RESULTS / f"scaleout-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    name.write_text(json.dumps(report, indent=2))
    print(f"wrote {name}")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "SCALEOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scaleout"
        ),
    )
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--ports", default="18771,18772,18770", help="host A, host B, nginx")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host (2)")
    parser.add_argument("--agreements", type=int, default=1000, help="generated if none (1000)")
    parser.add_argument("--clients", type=int, default=50, help="wrk connections (50)")
    parser.add_argument("--seconds", type=int, default=20, help="each load run (20)")
    run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
