"""The vocabulary of `cited_rows.py`: small constructors for what one CSV row becomes.

Each constructor returns a plain dict; `cited.py` turns it into a fixture row citing the CSV
row. Dates are written as the source gives them: '2010-10-04', '2010-10' or '2010'.
"""


def agreement(
    key,
    title,
    instrument,
    partners=(),
    *,
    agency=None,
    signed=None,
    status="signed",
    in_force=None,
    partner_agency="",
    renewal="",
    amends=None,
    supersedes=None,
    reference="",
):
    return {"type": "agreement", **locals()}


def membership(key, facility, membership_type, *, started=None, agency=None, agreement=None):
    return {"type": "membership", **locals()}


def figure(key, label, value, value_text, *, agency=None, as_of=None):
    return {"type": "figure", **locals()}


def call(
    key,
    title,
    partners,
    *,
    status="closed",
    agencies=("dst",),
    opens=None,
    closes=None,
    precision="day",
    time_zone="Asia/Kolkata",
    partner_agency="",
):
    return {"type": "call", **locals()}


def review(key, group, *, title="", seq=None, held=None, place="", mode="", outcomes=""):
    return {"type": "review", **locals()}


def facility(key, name, short_name, kind, hosts, location=""):
    return {"type": "facility", **locals()}


def partner(name, iso_code):
    return {"type": "partner", **locals()}


def merge(into):
    """The row adds facts to the record another row creates: cited there, not duplicated."""
    return {"type": "merge", "into": into}


def skip(reason):
    """The row is not loaded, for the reason given (reported by the build command)."""
    return {"type": "skip", "reason": reason}


def row(*specs, remark=""):
    """One CSV row's reading: the records it becomes and a remark for their notes."""
    return {"specs": list(specs), "remark": remark}


US, UK, KR = "United States", "United Kingdom", "Republic of Korea"
NOT_FOUND = "not_found row: records what could not be found; nothing to load"
