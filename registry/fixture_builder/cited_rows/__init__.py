"""How each row of shared/data/cited_facts.csv is read: one entry per row, by its `name`.

This is the human reading of the table, kept as data so it can be reviewed row by row. The
builder refuses a CSV row without an entry here, and an entry without a row. Rules followed:
- a date is used only for what the row says it dates: "signed", "concluded", "MoU of";
  dates of announcements, set-ups or "since" stay in the note;
- ranges give their start for a meeting and both ends for a call window; "c." years only
  where the model needs a date (a held meeting), with the caveat in the note;
- a row that adds facts to another row's record is merged there (cited there too), never
  loaded twice; rows that are not_found, or that repeat the seed, are skipped with a reason.
"""

from registry.fixture_builder.cited_rows.calls import CALL_ROWS
from registry.fixture_builder.cited_rows.facilities import FACILITY_ROWS
from registry.fixture_builder.cited_rows.instruments import INSTRUMENT_ROWS
from registry.fixture_builder.cited_rows.meetings import GROUP_NOTES, GROUPS, MEETING_ROWS

__all__ = ["GROUPS", "GROUP_NOTES", "ROWS"]


def _merge(*tables):
    rows = {}
    for table in tables:
        clash = rows.keys() & table.keys()
        if clash:
            raise ValueError(f"rows read twice: {sorted(clash)}")
        rows.update(table)
    return rows


ROWS = _merge(FACILITY_ROWS, INSTRUMENT_ROWS, CALL_ROWS, MEETING_ROWS)
