"""The data version, told to each process by PostgreSQL as it changes (LISTEN/NOTIFY).

A page-cache hit (registry/views/page_cache.py) needs the current data version before it can
look its page up, and reading it is one query: most of what a hit costs beyond hello-world
(bench/RESULTS.md). With PAGE_CACHE_VERSION_SOURCE=notify (the default on PostgreSQL without
a read replica) each process keeps one connection of its own that LISTENs on CHANNEL, and
bump_data_version sends each new token on CHANNEL in the transaction that writes it.
PostgreSQL delivers it to every listener, on every host, when that transaction commits, in
commit order; the hit reads the token from memory.

Why it is never stale for longer than a notification takes to arrive:
- the listener LISTENs before it reads the token, so no change falls between the two;
- while its connection is down (at start, while the database restarts, on a network fault)
  `current()` is None and the hit reads the version with a query, as with `query`;
- a change made by this process is known to it at once (`note_own`), before its notification
  arrives; notifications that arrive before that one were committed before it and are skipped.

Not behind PgBouncer in transaction mode (LISTEN needs a session of its own) and not with a
read replica (a standby relays no notifications): use PAGE_CACHE_VERSION_SOURCE=query there.
"""

import logging
import os
import threading
import time
from collections import deque

import psycopg
from django.db import connections

log = logging.getLogger("registry.version_listener")

CHANNEL = "registry_data_version"
# Seconds between checks that a quiet connection is alive, and between looks at `stopping`.
KEEPALIVE = 10.0
POLL = 0.5
# Seconds before the first reconnection, doubled after each failure up to RETRY_MAX.
RETRY_FIRST = 0.5
RETRY_MAX = 30.0


class Listener:
    """One thread and one connection that keep `token`, the current data version of `alias`
    (None while not connected)."""

    def __init__(self, alias: str):
        self.alias = alias
        self.token: str | None = None
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.connected = threading.Event()
        # Tokens this process wrote whose notification has not arrived yet.
        self.own: list[str] = []
        # The last tokens heard, so a note of one already heard is ignored.
        self.recent: deque[str] = deque(maxlen=64)
        self.pid = os.getpid()
        self.backend_pid: int | None = None  # its connection's server process
        self.thread = threading.Thread(
            target=self.run, name=f"registry-version-listener-{alias}", daemon=True
        )

    def start(self):
        self.thread.start()
        return self

    def stop(self, timeout: float = 5.0):
        self.stopping.set()
        self.thread.join(timeout)

    # What the thread learns -----------------------------------------------------------
    def heard(self, token: str):
        with self.lock:
            self.recent.append(token)
            if token in self.own:
                del self.own[: self.own.index(token) + 1]
            elif not self.own:
                self.token = token
            # else: committed before this process's own change, which `token` holds already

    def note_own(self, token: str):
        """This process committed `token`: use it now, not when its notification arrives."""
        with self.lock:
            if self.token is None or token in self.recent:
                return  # not connected (the next read finds it), or heard already
            self.token = token
            self.own.append(token)

    def reset(self, token: str | None):
        with self.lock:
            self.token = token
            self.own.clear()
            self.recent.clear()

    # The thread --------------------------------------------------------------------------
    def run(self):
        delay = RETRY_FIRST
        while not self.stopping.is_set():
            try:
                with self.connect() as connection:
                    self.listen(connection)
                    delay = RETRY_FIRST
                    self.wait_for_notifications(connection)
            except Exception:
                if not self.stopping.is_set():
                    log.warning(
                        "data version listener on %r lost its connection; hits read the "
                        "version from the database until it is back",
                        self.alias,
                        exc_info=True,
                    )
            finally:
                self.connected.clear()
                self.reset(None)
            self.stopping.wait(delay)
            delay = min(delay * 2, RETRY_MAX)

    def connect(self):
        params = connections[self.alias].get_connection_params()
        params.pop("cursor_factory", None)
        params.setdefault("connect_timeout", 5)
        return psycopg.connect(**params, autocommit=True)

    def listen(self, connection):
        connection.execute(f"LISTEN {CHANNEL}")
        self.backend_pid = connection.info.backend_pid
        self.reset(self.read(connection))
        self.connected.set()

    def read(self, connection) -> str | None:
        from registry.models import DataVersion

        table = DataVersion._meta.db_table
        row = connection.execute(
            f'SELECT token FROM "{table}" WHERE id = %s', [DataVersion.ROW]
        ).fetchone()
        return row[0] if row else None

    def wait_for_notifications(self, connection):
        checked = time.monotonic()
        while not self.stopping.is_set():
            for notification in connection.notifies(timeout=POLL):
                self.heard(notification.payload)
            if time.monotonic() - checked >= KEEPALIVE:
                # A dead connection raises here; a version row made since (a new database)
                # is read, as no notification announces its first token.
                token = self.read(connection)
                if self.token is None:
                    self.reset(token)
                checked = time.monotonic()


_listeners: dict[str, Listener] = {}
_starting = threading.Lock()


def current(alias: str) -> str | None:
    """The data version of `alias` as this process's listener knows it, or None (not yet
    connected, or disconnected: read it from the database). Starts the listener on first use,
    and again in a forked child (a thread does not survive a fork)."""
    listener = _listeners.get(alias)
    if listener is None or listener.pid != os.getpid():
        listener = _start(alias)
    return listener.token


def _start(alias: str) -> Listener:
    with _starting:
        listener = _listeners.get(alias)
        if listener is None or listener.pid != os.getpid():
            listener = _listeners[alias] = Listener(alias).start()
        return listener


def note_own(alias: str, token: str):
    """Called after this process committed a new token on `alias`."""
    listener = _listeners.get(alias)
    if listener is not None and listener.pid == os.getpid():
        listener.note_own(token)


def write_and_notify(connection, token: str) -> bool:
    """On PostgreSQL, write `token` as the data version and send it to every listener when
    `connection`'s transaction commits, in one statement (so one commits with the other).
    False when not done: another database, or no version row yet."""
    if connection.vendor != "postgresql":
        return False
    from registry.models import DataVersion

    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET token = %s WHERE id = %s RETURNING pg_notify(%s, %s)",
            [token, DataVersion.ROW, CHANNEL, token],
        )
        return cursor.fetchone() is not None


def stop_all():
    """Stop this process's listeners (tests)."""
    for alias in list(_listeners):
        _listeners.pop(alias).stop()
