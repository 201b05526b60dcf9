"""The data version: every cached page, count, option list and download is keyed on it.

The version is a token in the database (registry.models.DataVersion), not in the cache: with
the default per-process locmem cache each worker would otherwise keep a version of its own,
and an unpublish made through one worker, or by a command or a shell, would stay public in
the other workers until their entries expired. Each process may still cache in its own
memory; entries under an old token are simply no longer used.

Saving, deleting or relinking any registry row (the signals are connected in
RegistryConfig.ready) writes a new token when its transaction commits, so every process sees
the new version on its next request. It is written after the commit, not in the transaction:
one row updated by every writing transaction would be locked until each commits, queueing
concurrent writers behind one another (and deadlocking some on PostgreSQL). Between the
commit and that write a reader may cache the new rows under the old token, which is harmless:
the token changes a moment later. Inside the transaction, the connection that made the change
uses a token of its own, so what it caches from its uncommitted rows is seen by no one else,
and is never used again if the transaction rolls back.

A request reads the token once, at its first use, and keeps it until it ends (one small
query); outside a request (commands, shells) every use reads it afresh. The token is read
before the data cached under it, so no entry holds data older than its version.
With no cache at all (CACHE_URL=dummy://) there is no version and nothing is cached.

Each new token written sends `data_version_changed` (after the commit of the change, or at
once for a change made outside a transaction): registry/warming.py fills the caches of the
new version then, off the request path, so the first reader after a change finds them warm.
"""

import logging
import time
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import request_finished, request_started
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils.translation import get_language

from registry import version_listener

log = logging.getLogger("registry.caching")

TTL = 300

# Sent (sender DataVersion, `token`, `using`) once a new token is written: the change it
# versions is committed. A receiver's error is logged, never raised into the write.
data_version_changed = Signal()

# Per thread, while a request is handled: the token it read (`version`).
_request = Local()


def _new_token() -> str:
    return uuid.uuid4().hex


def _write_alias() -> str:
    from registry.models import DataVersion

    return router.db_for_write(DataVersion)


def read_token() -> str:
    from registry.models import DataVersion

    # Plain SQL: read on every request, where the ORM's building of the query cost about
    # twenty times the query itself (bench/RESULTS.md). From the database the page is read
    # from (a replica's token matches the replica's rows).
    connection = connections[router.db_for_read(DataVersion)]
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [DataVersion.ROW])
        row = cursor.fetchone()
    token = row[0] if row else None
    if token is None:  # a new or flushed database: the row is made on first use
        row, _ = DataVersion.objects.get_or_create(
            pk=DataVersion.ROW, defaults={"token": _new_token()}
        )
        token = row.token
    return token


def data_version() -> str | None:
    if isinstance(caches["default"], DummyCache):
        return None
    bump = _waiting_bump(_write_alias())
    if bump is not None:  # this thread's own uncommitted change
        return bump.registry_token
    if not getattr(_request, "active", False):
        return read_token()
    if getattr(_request, "version", None) is None:
        _request.version = read_token()
    return _request.version


# Per process: the token the fast path read last from each database, and when (monotonic).
_recent: dict[str, tuple[str, float]] = {}


def recent_data_version(max_age: float) -> str | None:
    """data_version(), or, when `max_age` > 0, the token this process read from the same
    database less than `max_age` seconds ago (PageCacheMiddleware's hits, with
    PAGE_CACHE_VERSION_SECONDS: a change made by another process shows within that time, one
    made by this process at once). Inside a transaction that changed data: data_version()."""
    if max_age <= 0 or not _may_reuse_a_version():
        return data_version()
    from registry.models import DataVersion

    alias = router.db_for_read(DataVersion)
    now = time.monotonic()
    seen = _recent.get(alias)
    if seen is not None and now - seen[1] < max_age:
        return seen[0]
    token = data_version()
    _recent[alias] = (token, now)
    return token


def hit_data_version() -> str | None:
    """The data version for a page-cache hit served before the rest of the stack: from this
    process's listener with PAGE_CACHE_VERSION_SOURCE=notify (registry/version_listener.py),
    else (or while the listener is not connected) as recent_data_version() reads it."""
    notify = getattr(settings, "PAGE_CACHE_VERSION_SOURCE", "query") == "notify"
    if notify and _may_reuse_a_version():
        from registry.models import DataVersion

        token = version_listener.current(router.db_for_read(DataVersion))
        if token is not None:
            return token
    return recent_data_version(getattr(settings, "PAGE_CACHE_VERSION_SECONDS", 0))


def _may_reuse_a_version() -> bool:
    """A cache to key on, and no change of this thread's waiting for its commit (which reads
    its own token)."""
    return not isinstance(caches["default"], DummyCache) and _waiting_bump(_write_alias()) is None


def bump_data_version(using=None, **kwargs):
    """Write a new token now (on commit of a change, or after one made outside a transaction)."""
    from registry.models import DataVersion

    alias = using or _write_alias()
    token = _new_token()
    connection = connections[alias]
    if not version_listener.write_and_notify(connection, token):
        rows = DataVersion.objects.using(alias).filter(pk=DataVersion.ROW)
        if not rows.update(token=token):
            DataVersion.objects.using(alias).update_or_create(
                pk=DataVersion.ROW, defaults={"token": token}
            )
    if not connection.in_atomic_block:  # committed
        version_listener.note_own(alias, token)
    _request.version = None  # this request reads the new token on its next use
    _recent.clear()  # and this process's fast path at its next hit
    results = data_version_changed.send_robust(sender=DataVersion, token=token, using=alias)
    for receiver, result in results:
        if isinstance(result, Exception):
            log.error("%r failed on a new data version", receiver, exc_info=result)


def cached(key: str, compute, per_language: bool = False):
    """`compute()` once per data version (and language, for labels) for `TTL` seconds."""
    version = data_version()
    if version is None:
        return compute()
    parts = ["registry", version, key]
    if per_language:
        parts.append(get_language() or "")
    return caches["default"].get_or_set(":".join(parts), compute, TTL)


# Rows no public page, count or download shows: writing them retires no cached page. The
# version's own row is written by the bump itself; open-data snapshots are built from the
# data (a version that retired them would rebuild them, endlessly).
NOT_PUBLIC_DATA = {"auditevent", "dataversion", "datasnapshot", "snapshotfile", "jobrun"}


def _is_registry_data(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    return (
        getattr(meta, "app_label", "") == "registry"
        and getattr(meta, "model_name", "") not in NOT_PUBLIC_DATA
        # Migrations' historical models: the version's table may not exist yet.
        and sender.__module__ != "__fake__"
    )


def data_changed(using=None):
    """Give the data a new version when the current transaction commits (at once outside
    one). Also to be called after writes that send no signals (bulk_create, update())."""
    alias = using or _write_alias()
    connection = connections[alias]
    if not connection.in_atomic_block:
        bump_data_version(alias)
        return
    waiting = _waiting_bump(alias)
    if waiting is not None and waiting.registry_savepoints == set(connection.savepoint_ids):
        # New at each change: what was cached after an earlier change is retired too.
        waiting.registry_token = _new_token()
        return
    # A first change in this transaction, or in a savepoint opened since: a callback of its
    # own, which Django drops with the savepoint if that is rolled back.
    batch = waiting.registry_batch if waiting is not None else {"done": False}
    transaction.on_commit(_bump_on_commit(alias, batch), using=alias, robust=True)


def _bump_on_commit(alias: str, batch: dict):
    """The on_commit callback; one write per committed transaction however many it holds."""

    def bump_data_version_on_commit():
        if not batch["done"]:
            batch["done"] = True
            bump_data_version(alias)

    connection = connections[alias]
    bump_data_version_on_commit.registry_token = _new_token()
    bump_data_version_on_commit.registry_batch = batch
    bump_data_version_on_commit.registry_savepoints = set(connection.savepoint_ids)
    return bump_data_version_on_commit


def _waiting_bump(alias: str):
    """The latest bump waiting for the commit of this thread's transaction on `alias`, if any.
    Its callback holds the transaction's token: Django drops it on rollback, so the token ends
    with the transaction either way."""
    connection = connections[alias]
    if not connection.in_atomic_block:
        return None
    for _, func, _ in reversed(connection.run_on_commit):
        if hasattr(func, "registry_token"):
            # Done: run early, as tests' captureOnCommitCallbacks(execute=True) runs them.
            return None if func.registry_batch["done"] else func
    return None


def _on_change(sender, **kwargs):
    # A relink is seen by its post_ signal; its pre_ one would only bump the version twice.
    if kwargs.get("action", "post").startswith("pre_"):
        return
    if _is_registry_data(sender):
        data_changed(kwargs.get("using"))


def _start_request(**kwargs):
    _request.active = True
    _request.version = None


def _finish_request(**kwargs):
    _request.active = False
    _request.version = None


def connect_signals():
    post_save.connect(_on_change, dispatch_uid="registry-cache-save")
    post_delete.connect(_on_change, dispatch_uid="registry-cache-delete")
    m2m_changed.connect(_on_change, dispatch_uid="registry-cache-m2m")
    request_started.connect(_start_request, dispatch_uid="registry-version-request-start")
    request_finished.connect(_finish_request, dispatch_uid="registry-version-request-end")
