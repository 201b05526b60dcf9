"""seed.json: every fact PIB release 2085957 states, and none it does not.

The annexure's tables are parsed from the release text; the facts of the body text are listed in
`seed_data.py`, each with the release's own wording, which must occur in the text.
"""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from registry.fixture_builder import seed_data as data
from registry.fixture_builder.common import (
    RELEASE_SOURCE,
    BuildError,
    Registry,
    Row,
    release_envelope,
)

BILATERAL_HEADER = "Countries in Bilateral Engagement"
FORUM_HEADER = "Forums in Multilateral Engagement"
ALL_AREAS = "All areas of S&T"
FORUM_LINE = re.compile(r"^(?P<forum>[A-Z]+)\s*\((?P<bracket>[^)]*)\)$")


@dataclass
class AreaRow:
    position: int
    label: str | None  # None where the release lost the label
    spellings: list  # the country names as written


@dataclass
class ForumRow:
    forum: str
    bracket: str
    what: str  # the area list or the activity text


def parse_annexure(text: str) -> tuple[list[AreaRow], list[ForumRow]]:
    """The two tables of the annexure: area rows with countries, and forum rows."""
    if BILATERAL_HEADER not in text or FORUM_HEADER not in text:
        raise BuildError("the release text has no annexure tables")
    bilateral, forums = text.split(BILATERAL_HEADER, 1)[1].split(FORUM_HEADER, 1)
    bilateral = bilateral.rsplit("Area / Domain", 1)[0]
    return _area_rows(bilateral), _forum_rows(forums)


def _area_rows(block: str) -> list[AreaRow]:
    rows, label = [], None
    for line in (line.strip() for line in block.splitlines()):
        if not line:
            continue
        names = [name.strip() for name in line.split(",")]
        if all(_is_country_spelling(name) for name in names):
            rows.append(AreaRow(len(rows) + 1, label, names))
            label = None
        elif label is not None:
            raise BuildError(f"two labels in a row: {label!r}, {line!r}")
        else:
            label = line
    return rows


def _forum_rows(block: str) -> list[ForumRow]:
    rows, what = [], None
    for line in (line.strip() for line in block.splitlines()):
        match = FORUM_LINE.match(line)
        if match and match["forum"] in data.FORUMS:
            rows.append(ForumRow(match["forum"], match["bracket"], what or ""))
            what = None
        elif line and not line.startswith("(Release ID") and not line.startswith("Read this"):
            what = line
    return rows


def _is_country_spelling(name: str) -> bool:
    return name in data.COUNTRIES or name in data.ALIASES or name in data.RUN_TOGETHER


def countries_of(spelling: str) -> tuple[str, ...]:
    """The canonical countries a spelling of the annexure stands for."""
    if spelling in data.RUN_TOGETHER:
        return data.RUN_TOGETHER[spelling]
    return (data.ALIASES.get(spelling, spelling),)


def require_quote(text: str, quote: str) -> None:
    """Refuse a fact whose wording is not in the release."""
    if " ".join(quote.split()) not in " ".join(text.split()):
        raise BuildError(f"the release does not say: {quote!r}")


def area_slug(label: str) -> str:
    return slugify(label.replace("/", " "))


def build_seed(text: str) -> Registry:
    """All seed records, in an order that loads without forward references."""
    reg = Registry(first_pk=1)
    areas, forum_rows = parse_annexure(text)
    _add_partners(reg, text, areas, forum_rows)
    _add_agencies(reg, text)
    _add_areas(reg, areas, forum_rows)
    _add_bilateral_engagements(reg, areas)
    _add_forum_engagements(reg, areas, forum_rows)
    _add_facilities(reg, text)
    _add_gcnep(reg, text)
    _add_figures(reg, text, len(annexure_countries(areas)))
    return reg


def _partner(reg, name, kind, iso="", official="", note="", members=()):
    fields = {
        "kind": kind,
        "name": name,
        "slug": slugify(name),
        "official_name": official,
        "iso_code": iso,
        "url": "",
        "description": "",
        **release_envelope(note),
    }
    refs = {"members": [f"partner:{m}" for m in members]}
    reg.add(Row("registry.partner", f"partner:{name}", fields, refs))


def annexure_countries(areas) -> set[str]:
    return {c for row in areas for spelling in row.spellings for c in countries_of(spelling)}


def _add_partners(reg, text, areas, forum_rows):
    named = annexure_countries(areas)
    brics = [n.strip() for n in data.BRICS_MEMBERS_TEXT.split(",")]
    require_quote(text, f"BRICS ({data.BRICS_MEMBERS_TEXT})")
    only_brics = [n for n in brics if n not in named and n != data.HOME_COUNTRY]
    unknown = named.union(only_brics) - set(data.COUNTRIES)
    if unknown or set(data.COUNTRIES) - named.union(only_brics):
        raise BuildError(f"country list and annexure disagree: {sorted(unknown)}")
    for name in sorted(named.union(only_brics)):
        note = ""
        if name in only_brics:
            note = f'Named in the release only as a member of BRICS ("{data.BRICS_MEMBERS_TEXT}").'
        _partner(reg, name, "country", iso=data.COUNTRIES[name], note=note)
    require_quote(text, data.GCNEP_QUOTE)
    _partner(
        reg,
        "IAEA",
        "organisation",
        note="Named in the release as one of GCNEP's MoU partners; the release gives only "
        "the acronym.",
    )
    brackets = {row.forum: row.bracket for row in forum_rows}
    if set(brackets) != set(data.FORUMS):
        raise BuildError(f"forum table and forum list disagree: {sorted(brackets)}")
    for forum, official in data.FORUMS.items():
        if brackets[forum] != (official or data.BRICS_MEMBERS_TEXT):
            raise BuildError(f"the release gives {forum} as {brackets[forum]!r}")
        members = [n for n in brics if n != data.HOME_COUNTRY] if forum == "BRICS" else []
        note = ""
        if forum == "BRICS":
            note = (
                f'The release lists the members in brackets: "{data.BRICS_MEMBERS_TEXT}". '
                "India is the home country, not a partner."
            )
        _partner(reg, forum, "forum", official=official or "", note=note, members=members)
    for n, (alias, name) in enumerate(sorted(data.ALIASES.items())):
        fields = {"name": alias, "source": RELEASE_SOURCE}
        reg.add(Row("registry.partneralias", f"alias:{n}", fields, {"partner": f"partner:{name}"}))


def _add_agencies(reg, text):
    for key, (name, short, kind, location, parent, quote) in data.AGENCIES.items():
        require_quote(text, quote)
        fields = {
            "name": name,
            "short_name": short,
            "slug": key,
            "kind": kind,
            "location": location,
            "url": "",
            **release_envelope(data.AGENCY_NOTES.get(key, "")),
        }
        refs = {"parent": f"agency:{parent}" if parent else None}
        reg.add(Row("registry.agency", f"agency:{key}", fields, refs))


def _area(reg, key, name, *, row=None, unlabelled=False, description="", note=""):
    fields = {
        "name": name,
        "slug": area_slug(name),
        "is_unlabelled": unlabelled,
        "source_row": row,
        "description": description,
        **release_envelope(note),
    }
    reg.add(Row("registry.researcharea", key, fields))


def _add_areas(reg, areas, forum_rows):
    for row in areas:
        if row.label is None:
            _area(
                reg,
                f"area:{row.position}",
                f"Area label missing in source (row {row.position})",
                row=row.position,
                unlabelled=True,
                note="The annexure lists the countries of this row but no area label. "
                "No label is guessed.",
            )
        else:
            _area(reg, f"area:{row.position}", row.label, row=row.position)
    for name in _new_forum_areas(areas, forum_rows):
        _area(
            reg,
            f"area:{area_slug(name)}",
            name,
            description="Named in the annexure's forum table (EU row), not in the area table.",
        )


def forum_areas(row: ForumRow) -> list[str]:
    """The areas a forum row names; none where it names an activity or all of S&T."""
    if row.what == ALL_AREAS or row.forum in ("IORA", "SCO"):
        return []
    return [part.strip().rstrip(".") for part in row.what.split(",")]


def _new_forum_areas(areas, forum_rows):
    known = {row.label.lower() for row in areas if row.label}
    return [a for row in forum_rows for a in forum_areas(row) if a.lower() not in known]


def area_key(areas, name: str) -> str:
    """The key of the area a name stands for, matching the table's labels case-insensitively."""
    for row in areas:
        if row.label and row.label.lower() == name.lower():
            return f"area:{row.position}"
    return f"area:{area_slug(name)}"


def _engagement(reg, key, partner, area, mode, *, activity="", agency=None, note=""):
    fields = {"mode": mode, "activity": activity, **release_envelope(note)}
    refs = {
        "partner": f"partner:{partner}",
        "area": area,
        "indian_agency": f"agency:{agency}" if agency else None,
    }
    reg.add(Row("registry.engagement", key, fields, refs))


def _add_bilateral_engagements(reg, areas):
    for row in areas:
        for spelling in row.spellings:
            for country in countries_of(spelling):
                note = ""
                if spelling in data.RUN_TOGETHER:
                    note = (
                        f'The release writes "{spelling}" (comma missing) in this row; '
                        "read as two countries."
                    )
                elif spelling != country:
                    note = f'The release writes "{spelling}" in this row.'
                key = f"engagement:{row.position}:{country}"
                _engagement(reg, key, country, f"area:{row.position}", "bilateral", note=note)


FORUM_ACTIVITY_AGENCY = {"IORA": "incois", "SCO": "jncasr"}


def _add_forum_engagements(reg, areas, forum_rows):
    for row in forum_rows:
        names = forum_areas(row)
        for name in names:
            key = f"engagement:{row.forum}:{area_slug(name)}"
            _engagement(reg, key, row.forum, area_key(areas, name), "multilateral")
        if not names:
            note = ""
            if row.what == ALL_AREAS:
                note = (
                    'The release gives "All areas of S&T" for this forum: recorded as the '
                    "activity, not as a research area, since it names no particular field."
                )
            _engagement(
                reg,
                f"engagement:{row.forum}",
                row.forum,
                None,
                "multilateral",
                activity=row.what,
                agency=FORUM_ACTIVITY_AGENCY.get(row.forum),
                note=note,
            )


def _add_facilities(reg, text):
    alias_n = 0
    for key, (name, short, kind, hosts, location, quote, verb, aliases) in data.FACILITIES.items():
        require_quote(text, quote)
        note = f'The release: "{quote}".'
        if key.startswith(("sls-", "beamline-")):
            note += " " + data.UNNAMED_FACILITY_NOTE
        if key in data.FACILITY_NOTES:
            note += " " + data.FACILITY_NOTES[key]
        fields = {
            "name": name,
            "short_name": short,
            "slug": slugify(short),
            "kind": kind,
            "host_organisation": "",
            "location": location,
            "url": "",
            "description": "",
            **release_envelope(note),
        }
        refs = {"host_partners": [f"partner:{h}" for h in hosts]}
        reg.add(Row("registry.facility", f"facility:{key}", fields, refs))
        for alias in aliases:
            alias_fields = {"name": alias, "source": RELEASE_SOURCE}
            refs = {"facility": f"facility:{key}"}
            reg.add(Row("registry.facilityalias", f"facilityalias:{alias_n}", alias_fields, refs))
            alias_n += 1
        _membership(reg, key, short, verb)


def _membership(reg, key, short, verb):
    scope = f'The release says India is "{verb}" {short}; it does not state the type.'
    fields = {
        "membership_type": "unspecified",
        "started_on": None,
        "started_precision": "day",
        "ended_on": None,
        "scope": scope,
        **release_envelope(),
    }
    refs = {"facility": f"facility:{key}", "nodal_agency": None, "agreement": None}
    reg.add(Row("registry.facilitymembership", f"membership:{key}", fields, refs))


def _add_gcnep(reg, text):
    require_quote(text, data.GCNEP_QUOTE)
    for partner, wording in data.GCNEP_PARTNERS:
        fields = {
            "instrument": "mou",
            "is_binding": None,
            "title": f"GCNEP MoU with {wording}",
            "reference": "",
            "partner_agency": "",
            "signed_on": None,
            "signed_precision": "day",
            "in_force_from": None,
            "valid_until": None,
            "renewal_rule": "",
            "status": "signed",
            "review_cadence_months": None,
            "summary": "GCNEP (a constituent unit of DAE) has MoUs with 16 international "
            "partners including USA, Russia, IAEA, France; the release gives no dates.",
            "document_url": "",
            **release_envelope(),
        }
        refs = {
            "partners": [f"partner:{partner}"],
            "indian_agency": "agency:gcnep",
            "areas": [],
            "supersedes": None,
            "amends": None,
        }
        reg.add(Row("registry.agreement", f"agreement:gcnep:{partner}", fields, refs))


def _add_figures(reg, text, annexure):
    for key, label, value, value_text, agency, quote, note in data.FIGURES:
        require_quote(text, quote)
        note = note.format(annexure=annexure)
        fields = {
            "label": label,
            "value": value,
            "value_text": value_text,
            "as_of": "2024-12-19",
            **release_envelope(f'The release: "{quote}". {note}'),
        }
        reg.add(
            Row("registry.statedfigure", f"figure:{key}", fields, {"agency": f"agency:{agency}"})
        )
