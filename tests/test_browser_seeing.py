"""Seeing the registry in a real browser: the world map (found by keyboard, named for screen
readers, linked) and the partner briefing (printed on two A4 pages)."""

import datetime
import re

import pytest

from registry import models
from tests import factories as f
from tests.conftest import CHROMIUM
from tests.test_browser import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


@pytest.fixture
def mapped(transactional_db, live_server):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    for _ in range(3):
        f.make_agreement(partners=[france])
    f.make_agreement(partners=[japan])
    f.make_call(partners=[japan])
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_reader_tabs_to_a_country_and_opens_its_hub(mapped, page):
    page.goto(mapped + "/partners/")
    countries = page.locator("#world-map a.country")
    assert countries.count() == 2
    assert countries.first.get_attribute("aria-label") == "France: 3 published agreements"
    # Keyboard only: tab until the focus is on France's shape, then press Enter.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-iso')") == "FR":
            break
    else:
        pytest.fail("France's shape never took the keyboard focus")
    # The focused shape is visibly marked (the focus colour), not only focused.
    fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).fill")
    assert fill == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")
    page.wait_for_url("**/partners/france/")
    assert page.locator("h1").inner_text().startswith("France")


def test_the_switch_shades_by_joint_calls(mapped, page):
    page.goto(mapped + "/partners/")
    page.get_by_role("link", name="Joint calls").first.click()
    page.wait_for_url("**?map=calls#world-map")
    heading = page.locator("#world-map-heading").inner_text()
    assert heading == "Partner countries by number of published joint calls"
    assert page.locator("#world-map a.country").count() == 1
    label = page.locator("#world-map a.country").first.get_attribute("aria-label")
    assert label == "Japan: 1 published joint call"
    page.get_by_text("The map's numbers as a table").click()
    row = page.locator("#world-map tr[data-iso='JP']")
    assert row.locator("td").nth(2).inner_text() == "1"


@pytest.mark.parametrize("language", ["en", "hi"])
def test_axe_finds_no_serious_violation_on_maps_briefing_timelines_and_schedule(
    mapped, page, language
):
    france = models.Partner.objects.get(name="France")
    agreement = models.Agreement.objects.filter(partners=france).first()
    facility = f.make_facility(slug="telescope")
    facility.host_partners.set([france])
    f.make_membership(facility=facility, started_on=datetime.date(2014, 12, 2))
    group = f.make_group(partners=[france], cadence_months=12)
    group.agreements.set([agreement])
    f.make_review(group=group, status="held", held_on=datetime.date(2024, 1, 5))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": mapped}])
    checks = {
        "/": "svg a.country",
        "/partners/": "svg a.country",
        "/partners/france/briefing/": ".briefing",
        agreement.get_absolute_url(): ".timeline",
        "/facilities/telescope/": ".periods",
        "/reviews/": "#review-schedule",
    }
    failures = {}
    for path, selector in checks.items():
        page.goto(mapped + path)
        # A Hindi reader lands on the page's /hi/ address (the cookie redirects there).
        assert page.locator("html").get_attribute("lang") == language, path
        assert ("/hi/" in page.url) == (language == "hi"), page.url
        assert page.locator(selector).count() >= 1, path
        found = blocking_violations(page)
        if found:
            failures[path] = found
    assert failures == {}


def test_a_reader_opens_the_briefing_from_the_hub_and_it_prints_on_two_pages(mapped, page):
    france = "France"
    for n in range(12):
        f.make_agreement(
            partners=[models.Partner.objects.get(name=france)],
            title=f"Franco-Indian agreement on topic number {n} with a long title",
        )
    page.goto(mapped + "/partners/france/")
    page.get_by_role("link", name="Briefing on this partner, to print or send").click()
    page.wait_for_url("**/partners/france/briefing/")
    assert page.locator("h1").inner_text() == (
        "India and France: science and technology cooperation"
    )
    assert "Briefing as of" in page.locator(".lead").first.inner_text()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2
