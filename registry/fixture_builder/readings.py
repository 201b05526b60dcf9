"""cited_readings.yaml: how each row of fixtures/sources/cited_facts.csv is read.

Each entry is passed to the constructors of cited_specs.py, so the file holds data only and a
mistake in it (a misspelt field, a record type that does not exist, a row read twice) stops the
build with an error naming the row.
"""

from pathlib import Path

from registry.fixture_builder import cited_specs
from registry.fixture_builder.common import BuildError
from registry.fixture_builder.data_files import call, load_yaml, table

READINGS = Path(__file__).with_name("cited_readings.yaml")
RECORDS = ("agreement", "membership", "figure", "call", "review", "facility", "partner")
WAYS = ("records", "merge", "skip")
# Fields read as dates: YAML reads an unquoted year as a number, which would lose '2010'.
DATES = ("signed", "in_force", "started", "as_of", "opens", "closes", "held")


def load_readings(path: Path = READINGS) -> tuple[dict, dict]:
    """The groups by key, and the reading of every CSV row by its name (see cited_specs.row)."""
    data = table(load_yaml(path), path.name)
    groups = {
        key: call(cited_specs.group, f"{path.name}, group {key!r}", fields)
        for key, fields in table(data.get("groups"), f"{path.name}: groups").items()
    }
    rows = {}
    for entry in table(data.get("rows"), f"{path.name}: rows", list):
        name = entry.get("row") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            raise BuildError(f"{path.name}: an entry has no `row` name: {entry!r}")
        if name in rows:
            raise BuildError(f"{path.name}: row {name!r} is read twice")
        rows[name] = _reading(entry, f"{path.name}, row {name!r}")
    return groups, rows


def _reading(entry: dict, where: str) -> dict:
    ways = [way for way in WAYS if way in entry]
    unknown = sorted(set(entry) - {"row", "remark", *WAYS})
    if len(ways) != 1 or unknown:
        raise BuildError(
            f"{where}: give one of {', '.join(WAYS)} (and a remark if needed), not {sorted(entry)}"
        )
    if "skip" in entry:
        specs = [call(cited_specs.skip, where, {"reason": entry["skip"]})]
    elif "merge" in entry:
        specs = [call(cited_specs.merge, where, {"into": entry["merge"]})]
    elif isinstance(entry["records"], list):
        specs = [_record(item, where) for item in entry["records"]]
    else:
        raise BuildError(f"{where}: `records` must be a list")
    return cited_specs.row(*specs, remark=entry.get("remark", ""))


def _record(item, where: str) -> dict:
    if not (isinstance(item, dict) and len(item) == 1 and next(iter(item)) in RECORDS):
        raise BuildError(
            f"{where}: a record is one of {', '.join(RECORDS)} with its fields, not {item!r}"
        )
    ((kind, fields),) = item.items()
    where = f"{where}, {kind}"
    for name in DATES:
        if isinstance(fields, dict) and not isinstance(fields.get(name, ""), str | None):
            raise BuildError(f"{where}: {name} {fields[name]!r} must be quoted text, as '2010'")
    return call(getattr(cited_specs, kind), where, fields)
