"""What every fixture builder shares: the record envelope, keys, dates and citations."""

import datetime
from dataclasses import dataclass, field

# The day the seed facts were checked against the release text; also the fixed timestamp of
# every fixture row, so that loading the fixtures twice writes the same values.
CHECKED_ON = "2026-11-25"
TIMESTAMP = "2026-11-25T00:00:00Z"

RELEASE_SOURCE = (
    "PIB release 2085957, 19 December 2024: written reply in the Rajya Sabha "
    "(Ministry of Science & Technology)"
)
RELEASE_URL = "https://pib.gov.in/PressReleasePage.aspx?PRID=2085957"

SAMPLE_SOURCE = "Illustrative sample (not a real record)"
SAMPLE_NOTE = "Illustrative sample record, not a real fact."

# Models whose rows carry the Record envelope (alias models do not).
ALIAS_MODELS = {"registry.partneralias", "registry.facilityalias"}


class BuildError(ValueError):
    """The sources say something the builder does not know how to map."""


@dataclass
class Row:
    """One fixture object before primary keys are resolved."""

    model: str
    key: str
    fields: dict
    refs: dict = field(default_factory=dict)  # field name -> key, or list of keys for M2M


@dataclass
class Registry:
    """Objects in build order, with the primary key of every key."""

    first_pk: int
    rows: list = field(default_factory=list)
    pks: dict = field(default_factory=dict)
    _next: dict = field(default_factory=dict)

    def add(self, row: Row) -> Row:
        if row.key in self.pks:
            raise BuildError(f"duplicate key {row.key}")
        pk = self._next.get(row.model, self.first_pk)
        self._next[row.model] = pk + 1
        self.pks[row.key] = pk
        self.rows.append(row)
        return row


def envelope(
    *,
    source: str,
    url: str,
    verified,
    published: bool,
    note: str = "",
    sample=False,
    kind: str = "",
    locator: str = "",
):
    """The Record fields: provenance, publication and the fixed timestamps.

    `source` is the citation a reader sees; `locator` the compilers' own pointer (file, row,
    confidence), kept for the data download and the admin only; `kind` the source_kind.
    """
    return {
        "is_published": published,
        "is_sample": sample,
        "source": source,
        "source_url": url,
        "last_verified": verified,
        "source_kind": kind,
        "source_locator": locator,
        "note": note,
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
        "version": 1,
    }


def release_envelope(note: str = "") -> dict:
    return envelope(
        source=RELEASE_SOURCE,
        url=RELEASE_URL,
        verified=CHECKED_ON,
        published=True,
        note=note,
        # A Government of India release: an official source (../shared/data/README.md).
        kind="official",
    )


def partial_date(text: str) -> tuple[str, str]:
    """'2010-10-04' -> day, '2010-10' -> month, '2010' -> year, 'c.2015' -> circa (a year
    the source only estimates); the missing parts are 1."""
    if text.startswith("c."):
        day, _year = partial_date(text.removeprefix("c."))
        return day, "circa"
    parts = text.split("-")
    precision = {1: "year", 2: "month", 3: "day"}.get(len(parts))
    if precision is None:
        raise BuildError(f"not a date: {text!r}")
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    return datetime.date(*numbers).isoformat(), precision


def serialise(registries, known_pks: dict) -> list[dict]:
    """Django fixture objects, references replaced by primary keys."""
    pks = dict(known_pks)
    for registry in registries:
        pks.update(registry.pks)
    objects = []
    for registry in registries:
        for row in registry.rows:
            fields = dict(row.fields)
            for name, ref in row.refs.items():
                if isinstance(ref, list | tuple):
                    fields[name] = sorted(_pk(pks, key) for key in ref)
                else:
                    fields[name] = None if ref is None else _pk(pks, ref)
            objects.append({"model": row.model, "pk": registry.pks[row.key], "fields": fields})
    return objects


def _pk(pks: dict, key: str) -> int:
    if key not in pks:
        raise BuildError(f"unknown reference {key}")
    return pks[key]
