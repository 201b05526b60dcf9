"""Strict readers of the Atom feeds (RFC 4287) and iCalendar files (RFC 5545) in tests."""

import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(response) -> ET.Element:
    """The feed element, after checking what RFC 4287 requires of a feed and its entries:
    id, title and updated on each, an author on the feed or on every entry, a rel=self link
    on the feed and a link on every entry."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
        assert (feed.find(f"{ATOM}{name}").text or "").strip(), name
    selves = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(selves) == 1 and selves[0].get("href", "").startswith("http")
    feed_author = feed.find(f"{ATOM}author/{ATOM}name")
    ids = set()
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
            assert (entry.find(f"{ATOM}{name}").text or "").strip(), name
        assert feed_author is not None or entry.find(f"{ATOM}author/{ATOM}name") is not None
        assert entry.find(f"{ATOM}link").get("href", "").startswith("http")
        ids.add(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(feed.findall(f"{ATOM}entry")), "entry ids must be unique"
    return feed


def entries(feed) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def entry_links(feed) -> list[str]:
    return [e.find(f"{ATOM}link").get("href") for e in entries(feed)]


def ics(response):
    """The calendar parsed by the icalendar library, after RFC 5545's line rules."""
    import icalendar

    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    lines = body.split(b"\r\n")
    assert lines[-1] == b"", "the file ends with CRLF"
    assert b"\n" not in body.replace(b"\r\n", b""), "every line ends with CRLF"
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(body.decode())
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert name in event, name
    return calendar
