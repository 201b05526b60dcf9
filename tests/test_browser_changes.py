"""Browser journeys: following a filtered list by its feed, and reading the change log."""

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories as f
from tests.conftest import CHROMIUM
from tests.syndication_checks import ATOM
from tests.test_public_changes import backdate, edit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def calls(transactional_db, live_server):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    french = f.make_call(title="French water call", partners=[france])
    f.make_call(title="Japanese energy call", partners=[japan])
    return {"url": live_server.url, "france": france, "call": french}


def test_a_reader_filters_calls_by_partner_and_follows_the_feed_of_that_list(calls, page):
    page.goto(calls["url"] + "/calls/")
    page.locator('main input[name="partner"][value="france"]').check()
    page.locator("main form.filter-form button[type=submit]").click()
    page.wait_for_url("**/calls/?*partner=france*")
    assert page.locator("main").get_by_role("link", name="Japanese energy call").count() == 0

    link = page.get_by_role("link", name="Atom feed of this list")
    href = link.get_attribute("href")
    assert urlsplit(href).path == "/calls/feed/"
    assert parse_qs(urlsplit(href).query)["partner"] == ["france"]
    # A browser saves an Atom file rather than showing it: read what the link gives.
    response = page.context.request.get(calls["url"] + href)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body())
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["French water call"]


def test_a_reader_sees_a_staff_change_in_the_change_log_and_opens_the_record(calls, page):
    call = calls["call"]
    f.make_agreement(title="An unrelated agreement")
    backdate(call)
    edit(call, reason="Deadline extended by the DST", title="French water call (extended)")

    page.goto(calls["url"] + "/changes/")
    page.get_by_label("Record type").select_option("call")
    page.locator("main form.filter-form button[type=submit]").click()
    page.wait_for_url("**/changes/?*type=call*")
    main = page.locator("main")
    assert main.get_by_text("An unrelated agreement").count() == 0

    change = main.locator("ol.change-log > li").first
    assert change.locator("del").inner_text() == "French water call"
    assert change.locator("ins").inner_text() == "French water call (extended)"
    assert "Deadline extended by the DST" in change.inner_text()

    change.get_by_role("link", name="French water call (extended)").click()
    page.wait_for_url(f"**{call.get_absolute_url()}")
    assert "French water call (extended)" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Public history of this record").click()
    page.wait_for_url(f"**/changes/?record=call:{call.pk}")
    assert page.locator("ol.change-log > li").count() == 2  # changed, published


def test_axe_finds_no_serious_violation_on_the_change_log_and_a_list_with_its_links(calls, page):
    from tests.test_browser import blocking_violations

    edit(calls["call"], reason="Checked", title="French water call, checked")
    failures = {}
    for path in (
        "/changes/",
        "/changes/?type=call",
        f"/changes/?record=call:{calls['call'].pk}",
        "/changes/?type=nonsense",
        "/calls/?partner=france",
    ):
        page.goto(calls["url"] + path)
        found = blocking_violations(page)
        if found:
            failures[path] = found
    assert failures == {}
