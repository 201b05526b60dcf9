"""Rows of the agreements table, rendered once per row version, language and row template.

A row's key is made of what the row shows, as versions: the agreement's own `updated_at` and
the (pk, `updated_at`) of every published partner it names, so editing the agreement, editing,
publishing or unpublishing one of its partners, or linking or unlinking a partner gives the
row a new key. It holds the language (labels, month names) and a digest of the row
template's source. It does not hold the data version (registry/caching.py): a change to one
record leaves the other rows' HTML in use, so the first reader after a change renders only
the rows that changed. Every write path of the registry saves through the ORM (`auto_now`
sets `updated_at`); a write that bypasses it (a queryset `update()` without `updated_at`)
would have to call `registry.caching.data_changed()` and set `updated_at` itself.

The list asks for rows by id (`html_for_ids`: one query for the keys, then the full rows of
the missing ones only); a hub or a home page that already holds the agreements asks with them
(`html_for`: no query).
"""

import hashlib
from functools import lru_cache

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

ROW_TEMPLATE = "registry/includes/agreement_row.html"
# The row template and those it includes: a change to any of them gives every row a new key.
ROW_TEMPLATES = (
    ROW_TEMPLATE,
    "registry/includes/sample_badge.html",
    "registry/includes/partner_links.html",
)
# Rows outlive data versions; an hour bounds what a deploy that changes row code or its
# translations leaves in a shared cache (clear the cache on such a deploy to see it at once).
ROW_SECONDS = 3600


class Row:
    """One rendered row of a page: its record's pk and its HTML."""

    __slots__ = ("pk", "html")

    def __init__(self, pk, html):
        self.pk, self.html = pk, html

    def __str__(self):
        return self.html


@lru_cache
def template_digest() -> str:
    sources = "\0".join(get_template(name).template.source for name in ROW_TEMPLATES)
    return hashlib.sha256(sources.encode()).hexdigest()[:16]


def stamp(moment) -> str:
    return moment.isoformat() if moment else ""


def row_key(pk, updated_at, partners) -> str:
    """`partners`: (pk, updated_at) of each published partner the row names."""
    parts = [stamp(updated_at), *(f"{p}@{stamp(t)}" for p, t in sorted(partners))]
    version = hashlib.sha256(";".join(parts).encode()).hexdigest()[:24]
    language = get_language() or ""
    return f"registry:row:agreement:{template_digest()}:{language}:{pk}:{version}"


def key_of(agreement) -> str:
    partners = [(p.pk, p.updated_at) for p in getattr(agreement, "public_partners", ())]
    return row_key(agreement.pk, agreement.updated_at, partners)


def keys_of_ids(ids) -> dict:
    """pk → row key of each published agreement in `ids`: one query."""
    from registry.models import Agreement

    stamps = (
        Agreement.objects.published()
        .filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk", "updated_at", "partners__pk", "partners__updated_at", "partners__is_published"
        )
    )
    found, partners = {}, {}
    for pk, updated_at, partner, partner_updated_at, partner_published in stamps:
        found[pk] = updated_at
        if partner_published:
            partners.setdefault(pk, []).append((partner, partner_updated_at))
    return {pk: row_key(pk, at, partners.get(pk, [])) for pk, at in found.items()}


def render(agreements) -> dict:
    """pk → the row HTML of each agreement (with `public_partners`), in one template context."""
    template = get_template(ROW_TEMPLATE).template
    context = Context(autoescape=True)
    rendered = {}
    with context.bind_template(template):
        for agreement in agreements:
            with context.push(a=agreement):
                rendered[agreement.pk] = template.render(context)
    return rendered


def cache():
    store = caches["default"]
    return None if isinstance(store, DummyCache) else store


def html_for(agreements) -> list[Row]:
    """The rows of agreements already loaded (with `public_partners`), cached rows reused."""
    agreements = list(agreements)
    store = cache()
    if store is None:
        return [Row(pk, html) for pk, html in render(agreements).items()]
    keys = {a.pk: key_of(a) for a in agreements}
    stored = store.get_many(keys.values())
    missing = [a for a in agreements if keys[a.pk] not in stored]
    fresh = render(missing)
    store.set_many({keys[pk]: html for pk, html in fresh.items()}, ROW_SECONDS)
    return [Row(a.pk, mark_safe(stored.get(keys[a.pk]) or fresh[a.pk])) for a in agreements]


def html_for_ids(ids) -> list[Row]:
    """The rows of the published agreements `ids`, in that order; only the rows not cached
    under their current key are loaded from the database and rendered."""
    from registry.models import Agreement

    ids = list(dict.fromkeys(ids))
    store = cache()
    if store is None:
        rows = Agreement.objects.published().filter(pk__in=ids).for_table()
        by_id = render(rows)
        return [Row(pk, mark_safe(by_id[pk])) for pk in ids if pk in by_id]
    keys = keys_of_ids(ids)
    stored = store.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in stored]
    fresh = {}
    if missing:
        rows = Agreement.objects.published().filter(pk__in=missing).for_table()
        # Keyed on what was read with the rows: a change between the two queries is not
        # cached under the older key.
        loaded = list(rows)
        fresh = render(loaded)
        store.set_many({key_of(a): fresh[a.pk] for a in loaded}, ROW_SECONDS)
    rows = []
    for pk in ids:
        html = fresh.get(pk) if pk in fresh else stored.get(keys.get(pk))
        if html is not None:
            rows.append(Row(pk, mark_safe(html)))
    return rows
