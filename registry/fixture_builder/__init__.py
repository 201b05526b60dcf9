"""Builds the fixtures from the source documents kept in fixtures/sources/.

seed.json comes from PIB release 2085957 (`seed.py`), cited_facts.json from cited_facts.csv
(`cited.py`, with the row-by-row reading in `cited_readings.yaml`) and demo.json holds
illustrative samples (`demo.py`, with the records in `demo_data.yaml`). Primary keys are fixed:
seed 1-999, cited facts 1000-8999, samples from 90000, so the files load together and load
again unchanged.
"""

import json
from pathlib import Path

from registry.fixture_builder.common import BuildError, serialise

__all__ = ["BuildError", "build_all", "write_fixtures"]

FILES = ("seed.json", "cited_facts.json", "demo.json")


def build_all(seed_path: Path, cited_path: Path) -> tuple[dict[str, list], list[str]]:
    """The three fixtures as lists of objects, and the report of CSV rows not loaded."""
    from registry.fixture_builder.cited import build_cited
    from registry.fixture_builder.demo import build_demo
    from registry.fixture_builder.seed import build_seed

    seed = build_seed(Path(seed_path).read_text(encoding="utf-8"))
    cited, report = build_cited(Path(cited_path), seed.pks)
    demo = build_demo(seed.pks)
    fixtures = {
        "seed.json": serialise([seed], {}),
        "cited_facts.json": serialise([cited], seed.pks),
        "demo.json": serialise([demo], seed.pks),
    }
    return fixtures, report


def dumps(objects: list) -> str:
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def write_fixtures(fixtures: dict[str, list], out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = out_dir / name
        path.write_text(dumps(fixtures[name]), encoding="utf-8")
        written.append(path)
    return written
