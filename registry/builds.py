"""Background work that no request waits for: the /data/ downloads, built once per data
version across every worker of every host, and the daily reminders and alerts.

A request for /data/ reads the last complete build at once (`latest()`: one query) and, when
that build is behind the current data version, asks for a new one (`request_build()`), which
runs in a background thread of the web process or, with OPENDATA_BUILDS=worker, in
`manage.py run_worker`. Either way the build is claimed first (`claim()`: a row of
registry.JobRun, unique per data version, so of concurrent attempts in any number of
processes exactly one builds), written beside the previous build's files, and made current
only when every file is in place: the run is marked complete last, and readers choose the
build by that row. A build that fails is logged and marked failed; readers keep the
previous one, and the version is tried again after RETRY.

OPENDATA_BUILDS (settings.REGISTRY_OPENDATA_BUILDS):
  "thread" (default): a daemon thread in the process that saw the build was needed; nothing
    else to run (`make run`, one runserver, gives working downloads).
  "worker": requests start nothing; `manage.py run_worker` (one or more, on any host) builds.
  "immediate": in the caller, as a plain function call: for tests and scripts only.
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from registry import caching
from registry.models import JobRun

log = logging.getLogger("registry.builds")

OPENDATA = "opendata"
# A claim still running after this long was left by a process that died (a build of 100,000
# records takes about 15 s): another may take it over.
STALE = datetime.timedelta(minutes=10)
# A failed build of a version is tried again after this long (by the next reader or worker).
RETRY = datetime.timedelta(minutes=5)
# Complete builds whose files are kept: the current one and the one before (a reader may still
# be streaming it).
KEEP_BUILDS = 2
# At most this many builds in a row by one call: the data may change during each.
MAX_ROUNDS = 5

BUILD_THREAD = "opendata-build"
_thread_lock = threading.Lock()


def _db() -> str:
    return router.db_for_write(JobRun)


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def current_version() -> str:
    """The data version a build is made of (the committed token, whatever the cache)."""
    return caching.data_version() or caching.read_token()


def latest() -> JobRun | None:
    """The complete build of the newest data (its `result` is the manifest): one query.
    Newest by claim, not by completion: a slow build of older data finishing after a build
    of newer data does not replace it."""
    runs = JobRun.objects.using(_db()).filter(kind=OPENDATA, state=JobRun.COMPLETE)
    return runs.order_by("-started_at", "-pk").first()


def claim(kind: str, key: str) -> JobRun | None:
    """The run of `kind` for `key`, now claimed by this caller; None when another has it (or
    has done it). A stale or failed run may be taken over: one update, so one winner."""
    db, now = _db(), timezone.now()
    try:
        with transaction.atomic(using=db):
            return JobRun.objects.using(db).create(
                kind=kind, key=key, started_at=now, claimed_by=_me()
            )
    except IntegrityError:
        pass
    runs = JobRun.objects.using(db).filter(kind=kind, key=key)
    takeable = Q(state=JobRun.RUNNING, started_at__lt=now - STALE) | Q(
        state=JobRun.FAILED, finished_at__lt=now - RETRY
    )
    claimed = runs.filter(takeable).update(
        state=JobRun.RUNNING, started_at=now, finished_at=None, claimed_by=_me(), error=""
    )
    return runs.get() if claimed else None


def finish(run: JobRun, result=None) -> None:
    run.state, run.finished_at, run.result = JobRun.COMPLETE, timezone.now(), result
    run.save(using=_db(), update_fields=["state", "finished_at", "result"])


def fail(run: JobRun, error: BaseException) -> None:
    run.state, run.finished_at, run.error = JobRun.FAILED, timezone.now(), repr(error)[:2000]
    run.save(using=_db(), update_fields=["state", "finished_at", "error"])


def build_pending() -> JobRun | None:
    """Build the current data version unless it is built or being built, and again while the
    data changed during the build; the complete run, or None (another has it, or it failed)."""
    from registry import opendata

    run = None
    for _round in range(MAX_ROUNDS):
        version = current_version()
        done = JobRun.objects.using(_db()).filter(kind=OPENDATA, key=version, state=JobRun.COMPLETE)
        if done.exists():
            return run or done.first()
        run = claim(OPENDATA, version)
        if run is None:
            return None
        log.info("Building the open data of version %s", version)
        try:
            manifest = opendata.build_version(version)
        except Exception as error:
            log.exception("The open-data build of version %s failed; the previous is kept", version)
            fail(run, error)
            return None
        finish(run, manifest)
        prune()
        log.info("Built the open data of version %s", version)
    return run


def prune() -> None:
    """Forget all but the last KEEP_BUILDS complete builds (and their files), and runs that
    failed or died long ago."""
    from registry import opendata

    db = _db()
    runs = JobRun.objects.using(db).filter(kind=OPENDATA)
    kept = list(
        runs.filter(state=JobRun.COMPLETE)
        .order_by("-started_at", "-pk")
        .values_list("pk", flat=True)[:KEEP_BUILDS]
    )
    old = timezone.now() - STALE
    runs.filter(Q(state=JobRun.COMPLETE) | Q(started_at__lt=old)).exclude(pk__in=kept).delete()
    live = set(runs.values_list("key", flat=True))
    opendata.remove_old(live)


def mode() -> str:
    return getattr(settings, "REGISTRY_OPENDATA_BUILDS", "thread")


def is_immediate() -> bool:
    return mode() == "immediate"


def request_build() -> None:
    """Ask for a build of the current data; returns at once (except in "immediate" mode)."""
    if mode() == "worker":
        return
    if is_immediate():
        build_pending()
        return
    in_background(BUILD_THREAD, build_pending)


# Background threads of this process, by name: at most one of each name runs at a time.
_threads: dict[str, threading.Thread] = {}  # the running ones
_last: dict[str, threading.Thread] = {}  # the latest of each name, for wait_for_thread
_again: set[str] = set()  # asked for again while running: run once more after


def in_background(name: str, work) -> None:
    """Run `work()` in a daemon thread named `name`, unless one of that name is running: then
    it runs `work()` once more when done (the data may have changed since it looked). Errors
    are logged; the thread's database connections are closed when it ends."""
    with _thread_lock:
        if name in _threads:
            _again.add(name)
            return
        thread = threading.Thread(target=_in_thread, args=(name, work), name=name, daemon=True)
        _threads[name] = _last[name] = thread
        thread.start()


def _in_thread(name: str, work) -> None:
    try:
        while True:
            try:
                work()
            except Exception:  # never let a thread die silently
                log.exception("The background work %s failed", name)
            with _thread_lock:
                if name not in _again:
                    # Under the lock: a later in_background() starts a new thread.
                    del _threads[name]
                    return
                _again.discard(name)
    finally:
        connections.close_all()


def running_thread(name: str = "") -> threading.Thread | None:
    """This process's running thread of that name (the build's by default), if any."""
    return _threads.get(name or BUILD_THREAD)


def wait_for_thread(timeout: float | None = None, name: str = "") -> None:
    """For tests and benchmarks: wait until this process's thread of that name (the build's
    by default) has ended."""
    thread = _last.get(name or BUILD_THREAD)
    if thread is not None:
        thread.join(timeout)
