"""Search that explains itself: why a record matched, and what a misspelt word meant.

`explain()` says, for each record found, which of its searched fields hold the words
("Summary: …IAEA, <mark>France</mark>…"), so a hit with France only in its summary says so.
`primary_first()` orders the records whose title or partner holds the words before those
that only mention them further down. `correct()` rewrites a word no published record uses
into the closest one that is used ("quantam" → "quantum"): see docs/search.md.

Everything is read through the record type's FilterSet `search_fields`, the same list the
`?q=` filter searches, so the explanation cannot drift from the search.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from registry import catalogue
from registry.caching import cached
from registry.filters import published_through, word_matches
from registry.models import Partner

# As many words as the `?q=` filter reads (RegistryFilterSet.filter_q).
MAX_WORDS = 10
# Characters of context either side of the first matching word in a long field.
WINDOW = 60
# Matched fields shown per hit.
MAX_MATCHES = 3
# Words the vocabulary keeps and the corrector tries to correct: 3 characters or more.
MIN_WORD = 3
# Trigram similarity a correction needs; pg_trgm's own default threshold is 0.3.
THRESHOLD = 0.35
# Latin letters and digits, and Devanagari with its vowel signs (which \w leaves out).
TOKEN = re.compile(r"[\w\u0900-\u097f]+")


def words_of(query: str) -> list[str]:
    return query.split()[:MAX_WORDS]


def _pattern(words):
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(w) for w in unique), re.IGNORECASE)


def highlight(text, words, window: int | None = None) -> SafeString:
    """`text` HTML-escaped, each of `words` in it wrapped in <mark>.

    The words are found in the raw text and every piece is escaped on its own, so neither
    the text nor the query can open a tag; with `window`, only the part around the first
    match is kept, cut at spaces and marked with an ellipsis.
    """
    text = str(text or "")
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    if window is not None:
        first = pattern.search(text)
        if first and len(text) > 2 * window + (first.end() - first.start()):
            start, end = max(0, first.start() - window), min(len(text), first.end() + window)
            if start > 0:
                cut = text.find(" ", start, first.start())
                start = cut + 1 if cut != -1 else start
            if end < len(text):
                cut = text.rfind(" ", first.end(), end)
                end = cut if cut != -1 else end
            text = ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
    parts, position = [], 0
    for found in pattern.finditer(text):
        parts.append(escape(text[position : found.start()]))
        parts.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece escaped above)


def contains_any(text, words) -> bool:
    low = str(text or "").lower()
    return any(w.lower() in low for w in words)


# -- which field matched ------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One field of a hit that holds a searched word: its label and the highlighted text."""

    label: str
    text: SafeString
    primary: bool


def field_label(model, path: str) -> str:
    """ "Summary", "Partners", "Facility": the reader's name of a search field."""
    field = model._meta.get_field(path.split("__")[0])
    name = getattr(field, "verbose_name", None)
    if name is None:  # a reverse relation (a partner's aliases)
        name = field.related_model._meta.verbose_name_plural
    return capfirst(str(name))


def is_primary(model, path: str, search_fields) -> bool:
    """The record's own name or title (its first search field), or the partner it is with."""
    if path in (search_fields[0], f"{search_fields[0]}_hi"):  # its title, or that in Hindi
        return True
    if "__" not in path:
        return False
    related = model._meta.get_field(path.split("__")[0]).related_model
    return related is Partner


def search_fields_of(model) -> tuple[str, ...]:
    return catalogue.filterset(model).search_fields


def related_values(model, pks, path: str) -> dict[int, list[str]]:
    """pk → the published related values behind `path` (one query for all `pks`)."""
    rows = (
        model._default_manager.filter(pk__in=pks, **published_through(model, path))
        .order_by()
        .values_list("pk", path)
    )
    values: dict[int, list[str]] = {}
    for pk, value in rows:
        if value and value not in values.setdefault(pk, []):
            values[pk].append(value)
    return values


def explain(model, records, words) -> dict[int, list[Match]]:
    """pk → the fields of each record that hold a searched word, title and partner first.

    One query per relation among the search fields, none for the record's own fields.
    """
    fields = search_fields_of(model)
    pks = [r.pk for r in records]
    related = {p: related_values(model, pks, p) for p in fields if "__" in p and pks}
    found: dict[int, list[Match]] = {}
    for record in records:
        matches = []
        for path in fields:
            values = related[path].get(record.pk, []) if "__" in path else [getattr(record, path)]
            hits = [v for v in values if contains_any(v, words)]
            if not hits:
                continue
            label = field_label(model, path)
            text = mark_safe(
                "; ".join(
                    highlight(v, words, window=None if "__" in path else WINDOW) for v in hits
                )
            )
            matches.append(Match(label, text, is_primary(model, path, fields)))
        matches.sort(key=lambda m: not m.primary)
        found[record.pk] = matches[:MAX_MATCHES]
    return found


def primary_first(queryset, words):
    """`queryset` with the records whose title or partner holds every word first."""
    model = queryset.model
    fields = search_fields_of(model)
    primary = [p for p in fields if is_primary(model, p, fields)]
    condition = Q()
    for word in words:
        condition &= word_matches(model, primary, word)
    order = list(queryset.query.order_by or model._meta.ordering or ()) + ["pk"]
    rank = Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(search_rank=rank).order_by("search_rank", *order)


# -- misspellings -------------------------------------------------------------------------


def vocabulary() -> dict[str, int]:
    """Every word (3 characters or more, lower case) of the searched fields of published
    records, with how often it occurs: built once per data version (registry/caching.py)."""
    return cached("search:vocabulary", build_vocabulary)


def build_vocabulary() -> dict[str, int]:
    counts: Counter = Counter()
    for record_type in catalogue.searched():
        model = record_type.model
        for path in search_fields_of(model):
            rows = (
                model.objects.published()
                .filter(**published_through(model, path))
                .order_by()
                .values_list(path, flat=True)
            )
            for text in rows.iterator():
                counts.update(
                    t for t in TOKEN.findall(str(text or "").lower()) if len(t) >= MIN_WORD
                )
    return dict(counts)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: lower case, two spaces before and one after."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all distinct trigrams of the two."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def closest(word: str, words: dict[str, int]) -> str | None:
    """The known word most like `word`: highest trigram similarity, then the most used.

    On PostgreSQL pg_trgm's similarity() ranks the candidates; elsewhere the same measure
    is computed here, so both databases pick the same word.
    """
    if not words:
        return None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, similarity(w, %s) AS s FROM unnest(%s::text[]) AS w "
                "WHERE similarity(w, %s) >= %s ORDER BY s DESC, w LIMIT 10",
                [word, list(words), word, THRESHOLD],
            )
            scored = [(w, round(s, 6)) for w, s in cursor.fetchall()]
    else:
        scored = [(w, round(similarity(word, w), 6)) for w in words]
        scored = [(w, s) for w, s in scored if s >= THRESHOLD]
    if not scored:
        return None
    return max(scored, key=lambda ws: (ws[1], words[ws[0]], [-ord(c) for c in ws[0]]))[0]


def correct(query: str) -> str | None:
    """The query with each unknown word replaced by its closest known word; None when no
    word changes. A word is known if some published record uses it (any case)."""
    words = vocabulary()
    changed, out = False, []
    for word in words_of(query):
        low = word.lower()
        if len(low) < MIN_WORD or low in words or low.isdigit() or not TOKEN.fullmatch(low):
            out.append(word)
            continue
        better = closest(low, words)
        if better is None:
            out.append(word)
        else:
            out.append(better)
            changed = True
    return " ".join(out) if changed else None
