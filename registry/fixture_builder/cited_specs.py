"""The schema of cited_readings.yaml: small constructors for what one CSV row becomes.

`readings.py` calls them with the fields of each entry as keyword arguments, so their
signatures are the file's schema. Each returns a plain dict; `cited.py` turns it into a fixture
row citing the CSV row. Dates are written as the source gives them: '2010-10-04', '2010-10' or
'2010'.
"""


def group(name, partners, cites_row, *, note=""):
    """A Joint Working Group or similar standing mechanism: one record however many meetings
    it has, citing the source of CSV row `cites_row`."""
    return {"type": "group", **locals()}


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
    term=None,
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
