"""Every list's current filter as an Atom feed, and dated lists also as iCalendar."""

import datetime

import lxml.html
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from registry import calendars, catalogue
from registry.views.feeds import list_filterset
from tests import factories as f
from tests import syndication_checks as checks
from tests.test_public_changes import MAKERS, MARKER, backdate

pytestmark = pytest.mark.django_db

CALENDAR_TYPES = [t for t in catalogue.with_pages() if t.model in calendars.EVENT_OF]


def feed_of(client, stem, query=""):
    return checks.atom(client.get(reverse(f"registry:{stem}_list_feed") + query))


def listed(stem, query=""):
    """The records the list shows for this query (its FilterSet, every page)."""
    request = RequestFactory().get(reverse(f"registry:{stem}_list") + query)
    request.user = None
    return set(list_filterset(catalogue.get(stem), request).qs)


def urls_in(feed):
    return set(checks.entry_links(feed))


def absolute(records):
    return {f"http://testserver{r.get_absolute_url()}" for r in records}


@pytest.mark.parametrize("record_type", catalogue.with_pages(), ids=lambda t: t.stem)
def test_every_list_has_a_valid_feed_of_its_published_records(client, record_type):
    shown = MAKERS[record_type.stem]()
    MAKERS[record_type.stem](is_published=False)
    feed = feed_of(client, record_type.stem)
    assert urls_in(feed) == absolute(listed(record_type.stem)) == absolute([shown])


@pytest.mark.parametrize(
    ("stem", "query"),
    [
        ("call", "?partner=fr"),
        ("call", "?status=open&partner=fr"),
        ("call", "?q=water"),
        ("agreement", "?partner=fr&status=in_force"),
        ("agreement", "?status=expired&status=signed"),
        ("partner", "?kind=country"),
        ("review", "?partner=fr"),
        ("facility", "?host=fr"),
    ],
)
def test_a_filtered_feed_holds_exactly_what_the_filtered_list_shows(client, stem, query):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    f.make_call(title="Water call", partners=[france])
    f.make_call(title="Closed water call", partners=[france], status="closed")
    f.make_call(title="Other call")
    f.make_call(title=f"{MARKER} call", partners=[france], is_published=False)
    f.make_agreement(partners=[france], status="in_force")
    f.make_agreement(partners=[france], status="expired")
    f.make_agreement(status="in_force")
    f.make_review(group=f.make_group(partners=[france]))
    f.make_review()
    host = f.make_facility()
    host.host_partners.add(france)
    f.make_facility()
    f.make_partner(kind="forum")

    expected = listed(stem, query)
    assert expected and expected != listed(stem)  # the filter does something
    response = client.get(reverse(f"registry:{stem}_list_feed") + query)
    feed = checks.atom(response)
    assert urls_in(feed) == absolute(expected)
    assert MARKER not in response.content.decode()
    self_link = [x for x in feed.findall(f"{checks.ATOM}link") if x.get("rel") == "self"][0]
    assert self_link.get("href").endswith(reverse(f"registry:{stem}_list_feed") + query)


def test_a_feed_holds_every_page_of_the_list(client, settings):
    for _ in range(settings.REGISTRY_PAGE_SIZE + 3):
        f.make_area()
    assert len(checks.entries(feed_of(client, "area"))) == settings.REGISTRY_PAGE_SIZE + 3


@pytest.mark.parametrize("path", ["feed", "calendar"])
def test_a_bad_filter_is_a_400_with_the_reason(client, path):
    name = "call_list_feed" if path == "feed" else "call_calendar"
    response = client.get(reverse(f"registry:{name}") + "?partner=atlantis&status=nonsense")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Unknown value: atlantis" in body and "nonsense" in body


def test_each_list_page_links_to_the_feed_of_its_current_filter(client):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    f.make_call(partners=[france])
    page = client.get(reverse("registry:call_list") + "?partner=fr&status=open&page=1")
    document = lxml.html.fromstring(page.content.decode())
    [feed] = document.xpath("//a[normalize-space()='Atom feed of this list']/@href")
    [calendar] = document.xpath("//a[contains(normalize-space(), 'Calendar of this list')]/@href")
    assert feed == "/calls/feed/?partner=fr&status=open"
    assert calendar == "/calls/calendar.ics?partner=fr&status=open"
    areas = client.get(reverse("registry:area_list")).content.decode()
    assert 'href="/areas/feed/' in areas and "/areas/calendar.ics" not in areas


# Calendars of any filter.


def test_a_filtered_calendar_holds_the_deadlines_of_the_filtered_calls(client):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    ours = f.make_call(title="French call", partners=[france])
    f.make_call(title="Other call")
    f.make_call(title=f"{MARKER} draft", partners=[france], is_published=False)
    response = client.get(reverse("registry:call_calendar") + "?partner=fr")
    calendar = checks.ics(response)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Deadline: French call"
    assert str(event["UID"]) == f"call-{ours.pk}-deadline@testserver"
    assert MARKER not in response.content.decode()
    assert str(calendar["REFRESH-INTERVAL"].to_ical().decode()) == "PT12H"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in response.content.decode()
    assert "X-PUBLISHED-TTL:PT12H\r\n" in response.content.decode()


@pytest.mark.parametrize("record_type", CALENDAR_TYPES, ids=lambda t: t.stem)
def test_dated_lists_have_a_calendar_without_drafts(client, record_type):
    values = {
        "call": {},
        "review": {"held_on": datetime.date(2030, 2, 3)},
        "agreement": {"valid_until": datetime.date(2030, 2, 3)},
    }[record_type.stem]
    shown = MAKERS[record_type.stem](**values)
    MAKERS[record_type.stem](is_published=False, **values)
    calendar = checks.ics(client.get(reverse(f"registry:{record_type.stem}_calendar")))
    [event] = calendar.walk("VEVENT")
    assert str(event["URL"]) == f"http://testserver{shown.get_absolute_url()}"
    assert f"-{shown.pk}" in str(event["UID"])


def _deadline_event(client, call):
    calendar = checks.ics(client.get(reverse("registry:call_calendar")))
    [event] = [e for e in calendar.walk("VEVENT") if f"-{call.pk}-" in str(e["UID"])]
    return event


def test_a_moved_deadline_keeps_its_uid_and_raises_its_sequence(client):
    call = f.make_call()
    first = _deadline_event(client, call)
    assert int(first["SEQUENCE"]) == 0

    backdate(call)
    call.title = "Retitled"  # not the date: no new sequence
    call.save()
    assert int(_deadline_event(client, call)["SEQUENCE"]) == 0

    call.closes_at += datetime.timedelta(days=7)
    call.save()
    moved = _deadline_event(client, call)
    assert moved["UID"] == first["UID"]
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == call.closes_at.replace(microsecond=0)

    call.closes_at += datetime.timedelta(days=7)
    call.save()
    assert int(_deadline_event(client, call)["SEQUENCE"]) == 2
    # The site-wide calendar numbers it the same way.
    body = client.get(reverse("registry:calendar")).content.decode()
    assert "SEQUENCE:2\r\n" in body


def test_a_date_changed_only_while_a_draft_moves_nothing(client):
    call = f.make_call(is_published=False)
    call.closes_at += datetime.timedelta(days=3)
    call.save()
    call.is_published = True
    call.save()
    assert int(_deadline_event(client, call)["SEQUENCE"]) == 0
    # Withdrawn, moved, public again: subscribers saw the old date, so it is a move.
    call.is_published = False
    call.save()
    call.closes_at += datetime.timedelta(days=3)
    call.save()
    call.is_published = True
    call.save()
    assert int(_deadline_event(client, call)["SEQUENCE"]) == 1


def test_calendar_text_is_escaped_and_folded(client):
    title = "Call; with, commas\\ and a very long title " + "ऊर्जा " * 20
    f.make_call(title=title)
    calendar = checks.ics(client.get(reverse("registry:call_calendar")))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Deadline: {title}"
    assert isinstance(event["DTSTAMP"].dt, datetime.datetime)
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert abs(event["DTSTAMP"].dt - timezone.now()) < datetime.timedelta(minutes=5)


@pytest.mark.parametrize("name", ["agreement_feed", "call_feed", "changes_feed"])
def test_the_older_feeds_validate_too(client, name):
    f.make_agreement()
    f.make_call()
    feed = checks.atom(client.get(reverse(f"registry:{name}")))
    assert feed.find(f"{checks.ATOM}author/{checks.ATOM}name").text
    assert checks.entries(feed)


def test_the_site_and_partner_calendars_parse_with_sequence_and_refresh(client):
    japan = f.make_partner(name="Japan", slug="japan")
    f.make_call(partners=[japan])
    f.make_review(held_on=datetime.date(2030, 1, 2))
    f.make_agreement(partners=[japan], valid_until=datetime.date(2030, 1, 2))
    for url in (reverse("registry:calendar"), reverse("registry:partner_calendar", args=["japan"])):
        calendar = checks.ics(client.get(url))
        events = calendar.walk("VEVENT")
        assert events and all(int(e["SEQUENCE"]) == 0 for e in events)
        assert "X-PUBLISHED-TTL" in calendar


@pytest.mark.parametrize("record_type", catalogue.with_pages(), ids=lambda t: t.stem)
def test_a_list_feed_costs_the_same_queries_for_more_records(client, record_type):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse(f"registry:{record_type.stem}_list_feed")
    MAKERS[record_type.stem]()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        MAKERS[record_type.stem]()
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more.captured_queries) == len(few.captured_queries)
