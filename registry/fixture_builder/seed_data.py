"""What the builder knows about the release's vocabulary: spellings, codes, forums, agencies.

Every entry here is checked against the release text by `seed.py`: a name the release does not
use is an error, and so is a country in the annexure that is missing here.
"""

# Canonical country name -> (ISO 3166 alpha-2, slug).
COUNTRIES = {
    "Australia": "AU",
    "Austria": "AT",
    "Belarus": "BY",
    "Belgium": "BE",
    "Brazil": "BR",
    "Canada": "CA",
    "Chile": "CL",
    "China": "CN",
    "Denmark": "DK",
    "Egypt": "EG",
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "Iceland": "IS",
    "Israel": "IL",
    "Italy": "IT",
    "Japan": "JP",
    "Mexico": "MX",
    "Netherlands": "NL",
    "New Zealand": "NZ",
    "Norway": "NO",
    "Peru": "PE",
    "Poland": "PL",
    "Portugal": "PT",
    "Republic of Korea": "KR",
    "Russia": "RU",
    "Singapore": "SG",
    "Slovenia": "SI",
    "South Africa": "ZA",
    "Spain": "ES",
    "Sweden": "SE",
    "Switzerland": "CH",
    "Taiwan": "TW",
    "Thailand": "TH",
    "United Kingdom": "GB",
    "United States": "US",
}

# Spellings the release uses that differ from the canonical name: kept as partner aliases.
ALIASES = {
    "S. Africa": "South Africa",
    "Korea": "Republic of Korea",
    "South Korea": "Republic of Korea",
    "UK": "United Kingdom",
    "USA": "United States",
    "US": "United States",
}

# A spelling that stands for two countries: the annexure's Water Technologies row has
# "Netherlands Singapore" with the comma missing. An alias cannot point at two partners, so the
# spelling is recorded on the two engagements' notes instead.
RUN_TOGETHER = {"Netherlands Singapore": ("Netherlands", "Singapore")}

# Forums as the release writes them: acronym -> what it gives in brackets and whether the
# bracket is the official name or a list of members (BRICS).
FORUMS = {
    "ASEAN": "Association of Southeast Asian Nations",
    "BIMSTEC": "Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation",
    "BRICS": None,
    "EU": "European Union",
    "IORA": "Indian Ocean Rim Association",
    "SCO": "Shanghai Cooperation Organization",
}
BRICS_MEMBERS_TEXT = "Brazil, Russia, India, China, South Africa"
HOME_COUNTRY = "India"

# Agencies the release names: key -> (name, short name, kind, location, parent, quote).
# The quote is the release's wording that supports the record; parents only where stated.
AGENCIES = {
    "most": (
        "Ministry of Science and Technology",
        "MoST",
        "ministry",
        "",
        None,
        "Ministry of Science and Technology is facilitating international cooperation",
    ),
    "dst": (
        "Department of Science and Technology",
        "DST",
        "department",
        "",
        None,
        "the Department of Science and Technology (DST) launches",
    ),
    "dae": (
        "Department of Atomic Energy",
        "DAE",
        "department",
        "",
        None,
        "the Department of Atomic Energy (DAE)",
    ),
    "gcnep": (
        "Global Centre for Nuclear Energy Partnership",
        "GCNEP",
        "unit",
        "",
        "dae",
        "Global Centre for Nuclear Energy Partnership (GCNEP), a constituent unit of the "
        "Department of Atomic Energy (DAE)",
    ),
    "incois": (
        "INCOIS",
        "INCOIS",
        "other",
        "Hyderabad",
        None,
        "INCOIS, Hyderabad",
    ),
    "jncasr": (
        "JNCASR",
        "JNCASR",
        "other",
        "Bangalore",
        None,
        "JNCASR, Bangalore",
    ),
    "moes": (
        "Ministry of Earth Sciences",
        "MoES",
        "ministry",
        "",
        None,
        "Union Minister of State (Independent Charge) for Science & Technology and Earth Sciences",
    ),
}
AGENCY_NOTES = {
    "incois": "The release writes only the acronym (no expansion is given): "
    '"INCOIS, Hyderabad has extended their training programs".',
    "jncasr": "The release writes only the acronym (no expansion is given): "
    '"Young Scientist Conclave at JNCASR, Bangalore".',
    "moes": "Named through the minister's portfolio (Science & Technology and Earth Sciences); "
    "the release does not describe the ministry's own cooperation.",
    "dst": "The release does not state DST's parent ministry, so no parent is recorded.",
}

# Facilities: key -> (name, short name, kind, host countries, location, quote, scope verb,
# aliases). Kinds classify the facility for browsing; the release states no membership type.
FACILITIES = {
    "fair": (
        "Facility for Antiproton and Ion Research",
        "FAIR",
        "accelerator",
        ["Germany"],
        "",
        "Facility for Antiproton and Ion Research (FAIR) in Germany",
        "participating in",
        [],
    ),
    "tmt": (
        "Thirty Meter Telescope",
        "TMT",
        "telescope",
        ["United States"],
        "",
        "Thirty Meter Telescope (TMT) in USA",
        "participating in",
        [],
    ),
    "ska": (
        "Square Kilometre Array",
        "SKA",
        "radio_telescope",
        ["Australia", "South Africa"],
        "",
        "Square Kilometer Array (SKA) in Australia and South Africa",
        "participating in",
        ["Square Kilometer Array"],
    ),
    "cern": (
        "European Organization for Nuclear Research",
        "CERN",
        "accelerator",
        ["Switzerland"],
        "Geneva",
        "European Organization for Nuclear Research (CERN, Geneva)",
        "a part of",
        [],
    ),
    "elettra": (
        "ELETTRA Synchrotron",
        "ELETTRA",
        "synchrotron",
        ["Italy"],
        "",
        "ELLETRA Synchrotron (Italy)",
        "a part of",
        ["ELLETRA", "ELLETRA Synchrotron"],
    ),
    "spring8": (
        "SPring-8",
        "SPring-8",
        "synchrotron",
        ["Japan"],
        "",
        "Sp-Ring-8 (Japan)",
        "a part of",
        ["Sp-Ring-8"],
    ),
    "kek": (
        "KEK",
        "KEK",
        "accelerator",
        ["Japan"],
        "",
        "KEK Accelerator (Japan)",
        "a part of",
        ["KEK Accelerator"],
    ),
    "fermilab": (
        "Fermilab",
        "Fermilab",
        "accelerator",
        ["United States"],
        "",
        "Fermi-Lab (US)",
        "a part of",
        ["Fermi-Lab"],
    ),
    "sls-brazil": (
        "Synchrotron light source (Brazil)",
        "Synchrotron light source (Brazil)",
        "synchrotron",
        ["Brazil"],
        "",
        "Synchrotron light source (Brazil and Singapore)",
        "a part of",
        [],
    ),
    "sls-singapore": (
        "Synchrotron light source (Singapore)",
        "Synchrotron light source (Singapore)",
        "synchrotron",
        ["Singapore"],
        "",
        "Synchrotron light source (Brazil and Singapore)",
        "a part of",
        [],
    ),
    "beamline-russia": (
        "Synchrotron radiation beamline (Russia)",
        "Synchrotron radiation beamline (Russia)",
        "beamline",
        ["Russia"],
        "",
        "Synchrotron Radiation Sources Beam-line (Russia)",
        "a part of",
        ["Synchrotron Radiation Sources Beam-line"],
    ),
}
FACILITY_NOTES = {
    "cern": "The release gives the location (Geneva); the host country is recorded from it.",
}
UNNAMED_FACILITY_NOTE = (
    "The release names no facility here, only the kind and the country; no name is guessed."
)

GCNEP_QUOTE = "is having MoUs with 16 international partners including USA, Russia, IAEA, France"
# The four GCNEP partners the release names, with the title wording for each.
GCNEP_PARTNERS = [
    ("United States", "the USA"),
    ("Russia", "Russia"),
    ("IAEA", "the IAEA"),
    ("France", "France"),
]

# Stated figures: key, label, value, value as stated, agency, the release's words, note.
FIGURES = [
    (
        "gcnep-partners",
        "International partners with which GCNEP has MoUs",
        16,
        "16",
        "gcnep",
        "(GCNEP), a constituent unit of the Department of Atomic Energy (DAE) is having MoUs "
        "with 16 international partners",
        "The release names four of them (USA, Russia, IAEA, France); the other twelve are not "
        "named and are not recorded.",
    ),
    (
        "most-countries",
        "Countries with which MoST facilitates S&T cooperation",
        40,
        "40",
        "most",
        "all major areas of Science, Technology and Innovation with 40 countries",
        "The annexure's bilateral table names {annexure} countries; the release does not list "
        "the 40.",
    ),
    (
        "dst-calls",
        "Joint R&D calls DST launches a year",
        None,
        "about 15-18",
        "dst",
        "launches about 15-18 joint calls for Research and Development (R&D) proposals",
        "Value left empty: the release gives an approximate range, not one number, and "
        "storing 15 or 18 would state a precision it does not have.",
    ),
]
