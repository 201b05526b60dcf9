"""The first reader after a change as fast as the second: the agreement list's caches filled
as soon as the data has a new version, off the request path.

The unfiltered agreement list's first request after a change costs its facet counts (grouped
queries over every agreement and link row: about 160 ms of PostgreSQL at 100,000
agreements), its option lists, its total and its rendered filter form, all cached per data
version (registry/views/facets.py). When a new version's token is written
(caching.data_version_changed, sent once the change is committed) this module renders that
list, in each language, as an anonymous reader would ask for it, so those caches, and the
first page's rows (registry/rows.py), are filled under the new version before a reader
comes; the reader's request reads them.

- Once per data version across every process and host: the warm is claimed as a JobRun of
  kind "facets" (builds.claim()); of concurrent attempts one warms. The data may change
  during a warm: it warms again while the version moves (at most builds.MAX_ROUNDS).
- Only public data: the page is rendered for an anonymous reader with no cookies, through
  the whole middleware stack, never a staff or draft view.
- Never breaks a write or a request: it runs after the commit, in a thread of its own (by
  default) with a connection of its own, so never in the writer's transaction; an error is
  logged and the run marked failed (tried again after builds.RETRY); readers then compute
  the counts themselves, as without warming.
- The whole-page cache (registry/views/page_cache.py) is primed too when the site's
  address is known (REGISTRY_BASE_URL): its key holds the scheme and host the reader asks
  with. Without it the page is rendered with `Cache-Control: no-cache` (a guessed host
  would store a page no reader is served); the facet counts, form, total and rows are
  cached either way, so the first reader's miss costs rendering only (tens of ms).
- A list request that comes while this process warms its version waits for the warm (at
  most READER_WAIT) instead of computing the same counts in a second thread; a reader in
  another process computes them itself, as without warming.
- Nothing happens with no cache (CACHE_URL=dummy://). With a per-process cache (the
  default locmem) only the process that made the change is warmed (the others compute
  their own): share the cache (CACHE_URL=redis://...) when running several workers.

FACET_WARMING (settings.REGISTRY_FACET_WARMING), like OPENDATA_BUILDS (registry/builds.py):
  "thread" (default): a daemon thread of the process that made the change.
  "worker": `manage.py run_worker` warms the current version when it changed (a shared
    cache is needed for the web processes to see it).
  "immediate": in the caller, for tests only.
  "off": no warming.
"""

import atexit
import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from registry import builds, caching
from registry.models import JobRun

log = logging.getLogger("registry.warming")

FACETS = "facets"
THREAD = "facet-warming"
# The pages warmed, in every language of the site.
URL_NAMES = ("registry:agreement_list",)
# Seconds a process that changed the data waits at exit for its warm (a shared cache only).
EXIT_WAIT = 30
# Seconds a list request waits for this process's warm of its version before computing the
# counts itself (a warm takes 0.3-0.8 s at 100,000 agreements; computing alongside it, in
# a second thread of the same process, took longer than waiting: bench/warming.py).
READER_WAIT = 2.0
# The models whose list a warm fills; their requests wait for a running warm.
WARMED_MODELS = {"registry.Agreement"}

# The warms running or about to run in this process: data version -> by language, an
# event set once that language's page is cached (or the warm ended or was not to be).
_running: dict[str, dict[str, threading.Event]] = {}
_running_lock = threading.Lock()
# `warming` is true in the thread rendering a warm (its own requests wait for nothing).
_local = threading.local()


def _expect(version: str) -> dict[str, threading.Event]:
    """A warm of `version` runs, or is about to: readers of that version wait for it."""
    with _running_lock:
        return _running.setdefault(
            version, {code: threading.Event() for code, _name in settings.LANGUAGES}
        )


def _release(version: str | None = None) -> None:
    """Readers waiting for the warm of `version` (of every version, if None) go on."""
    with _running_lock:
        versions = [version] if version is not None else list(_running)
        released = [_running.pop(v, None) for v in versions]
    for done in released:
        for event in (done or {}).values():
            event.set()


def mode() -> str:
    return getattr(settings, "REGISTRY_FACET_WARMING", "thread")


def has_cache() -> bool:
    return not isinstance(caches["default"], DummyCache)


def on_new_version(sender=None, **kwargs) -> None:
    """caching.data_version_changed's receiver: ask for a warm of the new version."""
    how = mode()
    if how in ("off", "worker") or not has_cache():
        return
    if how == "immediate":
        warm_pending()
    else:
        # Before the thread starts: a reader who comes at once waits for it too.
        if kwargs.get("token"):
            _expect(kwargs["token"])
        builds.in_background(THREAD, warm_pending)


def warm_pending() -> JobRun | None:
    """Warm the current data version unless it is warmed or being warmed, and again while the
    data changed during the warm; the complete run, or None (another has it, or it failed).
    Errors are logged, never raised."""
    if not has_cache():
        return None
    try:
        return _warm_rounds()
    finally:
        _release()  # nothing is warming now: no reader waits for a warm that is not to be


def _warm_rounds() -> JobRun | None:
    run, warmed = None, None
    for _round in range(builds.MAX_ROUNDS):
        try:
            version = builds.current_version()
            if version == warmed:
                return run
            done = JobRun.objects.using(builds._db()).filter(kind=FACETS, key=version)
            if done.filter(state=JobRun.COMPLETE).exists():
                return run  # warmed by another (each check of the worker's is one query)
            run = builds.claim(FACETS, version)
        except Exception:
            log.exception("Claiming the warm of the agreement list failed")
            return None
        if run is None:
            return None
        started = time.perf_counter()
        _expect(version)
        _local.version = version
        try:
            pages = warm()
        except Exception as error:
            log.exception("Warming the agreement list of data version %s failed", version)
            try:
                builds.fail(run, error)
            except Exception:
                log.exception("Marking the failed warm of %s failed", version)
            return None
        finally:
            _release(version)
        seconds = round(time.perf_counter() - started, 3)
        try:
            builds.finish(run, {"seconds": seconds, "pages": pages})
            prune(run)
        except Exception:
            log.exception("Recording the warm of data version %s failed", version)
        log.info("Warmed the agreement list of data version %s in %.2f s", version, seconds)
        warmed = version
    return run


def wait_for_warm(model, version: str | None) -> None:
    """Before a list request of `model` computes its counts: if this process is warming that
    version (in another thread), wait until the warm has cached the page in the request's
    language (READER_WAIT seconds at most) and read what it cached, rather than computing the
    same counts alongside it."""
    if version is None or model._meta.label not in WARMED_MODELS:
        return
    done = _running.get(version)
    if done is None or getattr(_local, "warming", False):
        return
    event = done.get(translation.get_language() or "") or next(iter(done.values()), None)
    if event is not None:
        event.wait(READER_WAIT)


def _page_done(language: str) -> None:
    """This thread's warm has cached its page in `language`: its readers go on."""
    done = _running.get(getattr(_local, "version", None)) or {}
    if language in done:
        done[language].set()


def prune(run: JobRun) -> None:
    """Forget earlier versions' warms (a claim is only needed while its version is current),
    and claims left running or failed long ago."""
    old = timezone.now() - builds.STALE
    runs = JobRun.objects.using(run._state.db).filter(kind=FACETS).exclude(pk=run.pk)
    runs.filter(Q(state=JobRun.COMPLETE) | Q(started_at__lt=old)).delete()


def address() -> tuple[str, bool, bool]:
    """(host, https?, prime the page cache?): the site's public address when it is known."""
    base = getattr(settings, "REGISTRY_BASE_URL", "")
    if base:
        parts = urlsplit(base)
        return parts.netloc, parts.scheme == "https", True
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
    return (hosts[0] if hosts else "localhost"), settings.SECURE_SSL_REDIRECT, False


def warm() -> list[str]:
    """Render each warmed page in each language as an anonymous reader; the paths rendered.
    Restores the caller's language and request state (in "immediate" mode the caller may be
    a request)."""
    host, secure, prime = address()
    headers = {"HTTP_HOST": host}
    if not prime:
        headers["HTTP_CACHE_CONTROL"] = "no-cache"
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if secure and proxy:
        headers[proxy[0]] = proxy[1]
    client = Client(**headers)  # no cookies: an anonymous reader
    language = translation.get_language()
    active = getattr(caching._request, "active", False)
    version = getattr(caching._request, "version", None)
    paths = []
    _local.warming = True
    try:
        for code, _name in settings.LANGUAGES:
            for url_name in URL_NAMES:
                with translation.override(code):
                    path = reverse(url_name)
                client.cookies.clear()  # the last response's CSRF cookie: no cookies at all
                response = client.get(path, secure=secure)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
                paths.append(path)
                _page_done(code)
    finally:
        _local.warming = False
        if language:
            translation.activate(language)
        else:
            translation.deactivate()
        caching._request.active, caching._request.version = active, version
    return paths


def _finish_at_exit() -> None:
    """A command or shell that changed the data exits once its warm is done, if the cache
    outlives it (a shared one); a per-process cache's warm would be lost with the process."""
    if has_cache() and not isinstance(caches["default"], LocMemCache):
        builds.wait_for_thread(EXIT_WAIT, name=THREAD)


def connect_signals() -> None:
    caching.data_version_changed.connect(on_new_version, dispatch_uid="registry-facet-warming")
    atexit.register(_finish_at_exit)
