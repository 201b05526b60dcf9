"""Several server processes, as in production: what one process changes, every other sees.

Each test starts real gunicorn servers (one worker each, so which process answers is known)
on free ports, against a SQLite file copied from the migrated test database, and changes the
data from yet another process (`manage.py shell`), as a command, an import or a restore would.
"""

import contextlib
import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from registry.views.page_cache import HEADER

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/6"  # not the database a Redis pass of the suite clears
START_TIMEOUT = 20


@pytest.fixture
def database_file(db, tmp_path):
    """A SQLite file holding the migrated, empty test database (a copy: migrating anew would
    take longer than the test)."""
    if connection.vendor != "sqlite":
        pytest.skip("the server processes share a SQLite file; this run is not on SQLite")
    connection.ensure_connection()
    path = tmp_path / "registry.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return path


def environment(database_file, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "PYTEST"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{database_file}",
        CACHE_URL="locmem://registry",  # the default: each process has a cache of its own
        PAGE_CACHE_SECONDS="300",
        DEBUG="0",
        PRODUCTION="0",
    )
    return {**env, **extra}


def shell(env: dict, code: str) -> str:
    """Run `code` in `manage.py shell`: a process of its own, as an operator's would be."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> http.client.HTTPResponse:
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        server.request("GET", path)
        response = server.getresponse()
        response.read()
        return response
    finally:
        server.close()


def wait_until_serving(process, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.skip(f"gunicorn could not start: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            if get(port, "/healthz").status == 200:
                return
        time.sleep(0.2)
    pytest.skip(f"gunicorn did not answer within {START_TIMEOUT} s: {log.read_text()[-2000:]}")


@pytest.fixture
def servers(tmp_path):
    """start(env, count) starts `count` single-worker gunicorn servers; returns their ports."""
    started = []

    def start(env: dict, count: int = 2) -> list[int]:
        ports = []
        for _ in range(count):
            port = free_port()
            log = tmp_path / f"gunicorn-{port}.log"
            command = [sys.executable, "-m", "gunicorn", "coop_site.wsgi:application"]
            command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
            with open(log, "w") as out:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
                )
            started.append(process)
            ports.append((process, port, log))
        for process, port, log in ports:
            wait_until_serving(process, port, log)
        return [port for _, port, _ in ports]

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_an_unpublish_by_another_process_is_a_404_in_every_worker_at_once(database_file, servers):
    env = environment(database_file)
    url = shell(
        env,
        "from tests import factories as f\n"
        "print(f.make_agreement(title='Published by mistake').get_absolute_url())",
    )
    ports = servers(env)
    for port in ports:
        assert get(port, url).status == 200
        cached = get(port, url)
        assert (cached.status, cached.getheader(HEADER)) == (200, "hit"), port

    changed = shell(
        env,
        "from registry import caching, models\n"
        "before = caching.data_version()\n"
        "agreement = models.Agreement.objects.get(title='Published by mistake')\n"
        "agreement.is_published = False\n"
        "agreement.save()\n"
        "print(caching.data_version() != before)\n",
    )

    assert changed == "True"  # the signals are connected in a fresh interpreter too
    assert [get(port, url).status for port in ports] == [404, 404]


def redis_reachable() -> bool:
    try:
        import redis
    except ImportError:
        return False
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason=f"Redis is not reachable at {REDIS_URL}")
def test_anonymous_api_throttling_counts_across_processes_sharing_a_cache(database_file, servers):
    env = environment(
        database_file,
        CACHE_URL=REDIS_URL,
        # Keys of this run only: another run may share the Redis database.
        CACHE_KEY_PREFIX=f"test-workers-{uuid.uuid4().hex}",
        API_ANON_RATE="4/minute",
    )
    first, second = servers(env)

    statuses = [get(port, "/api/v1/areas/").status for port in (first, second, first, second)]
    assert statuses == [200, 200, 200, 200]
    # Each process has served only two: the limit of four is counted in the shared cache.
    assert [get(port, "/api/v1/areas/").status for port in (first, second)] == [429, 429]


def test_each_process_takes_sqlites_write_lock_when_a_transaction_begins(database_file):
    """A transaction that reads and then writes (get_or_create) cannot fail at once with
    "database is locked" while another process writes: it waits for the lock at BEGIN."""
    env = environment(database_file)
    code = (
        "from django.db import connection; params = connection.get_connection_params(); "
        "print(connection.transaction_mode, params['timeout'])"
    )
    assert shell(env, code) == "IMMEDIATE 20"
