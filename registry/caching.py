"""The data version: every cached page, count, option list and download is keyed on it.

Saving, deleting or relinking any registry row gives the version a new value (the signals
are connected in RegistryConfig.ready), so a publish shows at once (with a shared cache, in
every worker; with the per-process locmem cache, other workers catch up within `TTL`).
With no cache at all (CACHE_URL=dummy://) there is no version and nothing is cached.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "registry:data-version"
TTL = 300


def data_version() -> str | None:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh token, not 0: after an eviction old entries must not come back to life.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def bump_data_version(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def cached(key: str, compute, per_language: bool = False):
    """`compute()` once per data version (and language, for labels) for `TTL` seconds."""
    version = data_version()
    if version is None:
        return compute()
    parts = ["registry", version, key]
    if per_language:
        parts.append(get_language() or "")
    return cache.get_or_set(":".join(parts), compute, TTL)


# Rows no public page, count or download shows: writing them retires no cached page.
NOT_PUBLIC_DATA = {"auditevent"}


def _is_registry_model(sender) -> bool:
    opts = getattr(sender, "_meta", None)
    return getattr(opts, "app_label", "") == "registry" and opts.model_name not in NOT_PUBLIC_DATA


def data_changed(using=None):
    """Bump now, and again when the transaction commits: a reader who rendered the old rows
    between the save and the commit must not leave them cached under the new version."""
    bump_data_version()
    transaction.on_commit(bump_data_version, using=using)


def _on_change(sender, **kwargs):
    if _is_registry_model(sender):
        data_changed(kwargs.get("using"))


def connect_signals():
    post_save.connect(_on_change, dispatch_uid="registry-cache-save")
    post_delete.connect(_on_change, dispatch_uid="registry-cache-delete")
    m2m_changed.connect(_on_change, dispatch_uid="registry-cache-m2m")
