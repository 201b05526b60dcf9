"""Browser tests: headless Debian Chromium through Playwright, with axe-core checks.

Skipped when no `chromium` is on PATH. Playwright never downloads a browser here: it drives
the system Chromium through `executable_path`.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from registry import models
from tests import factories as f
from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]

FIXTURES = ["seed.json", "cited_facts.json", "demo.json"]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The committed fixtures when present, plus a small known set of records for the tests."""
    fixture_dir = Path(settings.BASE_DIR) / "fixtures"
    present = [str(fixture_dir / name) for name in FIXTURES if (fixture_dir / name).exists()]
    if present:
        call_command("loaddata", *present, verbosity=0)
    return build_records(live_server.url)


def build_records(url: str) -> dict:
    partner = f.make_partner(name="Browserland", slug="browserland", source="Test source")
    area = f.make_area(name="Browser physics", slug="browser-physics")
    agreement = f.make_agreement(
        partners=[partner], title="Browserland science MoU", signed_on=datetime.date(2021, 3, 4)
    )
    agreement.areas.set([area])
    f.make_engagement(partner=partner, area=area)
    group = f.make_group(partners=[partner], name="Browserland JWG")
    group.agreements.set([agreement])
    review = f.make_review(group=group, title="First Browserland JWG meeting")
    now = timezone.now()
    open_call = f.make_call(partners=[partner], title="Open Browserland call", agreement=agreement)
    closed_call = f.make_call(
        partners=[partner],
        title="Closed Browserland call",
        status=models.JointCall.Status.CLOSED,
        opens_at=now - datetime.timedelta(days=90),
        closes_at=now - datetime.timedelta(days=30),
    )
    facility = f.make_facility(name="Browser Collider", short_name="BCX", slug="bcx")
    f.make_membership(facility=facility)
    f.make_agreement(partners=[partner], title="Sample accord", is_sample=True)
    return {
        "url": url,
        "partner": partner,
        "area": area,
        "agreement": agreement,
        "review": review,
        "open_call": open_call,
        "closed_call": closed_call,
        "facility": facility,
    }


def page_types(site: dict) -> dict:
    """One URL per page type: home, each list, each detail, search, charts, static pages, 404."""
    return {
        "home": "/",
        "agreement list": "/agreements/",
        "call list": "/calls/",
        "partner list": "/partners/",
        "area list": "/areas/",
        "facility list": "/facilities/",
        "review list": "/reviews/",
        "agreement detail": site["agreement"].get_absolute_url(),
        "call detail": site["open_call"].get_absolute_url(),
        "partner detail": site["partner"].get_absolute_url(),
        "area detail": site["area"].get_absolute_url(),
        "facility detail": site["facility"].get_absolute_url(),
        "review detail": site["review"].get_absolute_url(),
        "search": "/search/?q=Browserland",
        "charts": "/charts/",
        "accessibility": "/accessibility/",
        "help": "/help/",
        "contact": "/contact/",
        "privacy": "/privacy/",
        "terms": "/terms/",
        "not found": "/no-such-page/",
    }


def blocking_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def test_axe_finds_no_serious_or_critical_violation_on_any_page_type(site, page):
    # Console errors catch what the Content Security Policy blocked (inline style or script).
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    failures = {}
    for name, path in page_types(site).items():
        response = page.goto(site["url"] + path)
        expected = 404 if name == "not found" else 200
        assert response.status == expected, f"{name}: {path} returned {response.status}"
        found = blocking_violations(page)
        if found:
            failures[name] = found
    assert failures == {}
    # The 404 page's own status is reported as a console error; nothing else may be.
    assert [e for e in console_errors if "404" not in e] == []


def test_a_visitor_browses_from_home_to_a_partner_to_an_agreement(site, page):
    page.goto(site["url"] + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="Browserland", exact=True).first.click()
    assert page.url.endswith(site["partner"].get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text().strip().startswith("Browserland")

    page.get_by_role("link", name="Browserland science MoU").first.click()

    assert page.url.endswith(site["agreement"].get_absolute_url())
    assert "Browserland science MoU" in page.get_by_role("heading", level=1).inner_text()


def test_a_visitor_filters_calls_by_status(site, page):
    page.goto(site["url"] + "/calls/")
    field = page.locator('main [name="status"]')
    if field.first.evaluate("el => el.tagName") == "SELECT":
        field.first.select_option("open")
    else:
        page.locator('main [name="status"][value="open"]').check()
    form = field.first.locator("xpath=ancestor::form")
    form.locator('button[type="submit"], input[type="submit"]').first.click()
    page.wait_for_url("**/calls/?*status=open*")

    main = page.locator("main")
    assert main.get_by_role("link", name="Open Browserland call").count() >= 1
    assert main.get_by_role("link", name="Closed Browserland call").count() == 0


def test_a_visitor_switches_the_interface_to_hindi_and_back(site, page):
    page.goto(site["url"] + "/charts/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option("hi")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()

    assert page.url == site["url"] + "/hi/charts/"
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.get_by_role("heading", level=1).inner_text().strip() == "चार्ट"
    assert page.get_by_role("navigation", name="मुख्य").get_by_role("link", name="समझौते").count()

    page.get_by_label("भाषा").select_option("en")
    page.get_by_role("button", name="भाषा बदलें").click()
    page.wait_for_load_state()
    assert page.url == site["url"] + "/charts/"
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_hindi_list_page_has_its_own_address_that_opens_in_hindi_anywhere(site, browser, page):
    page.goto(site["url"] + "/agreements/?status=signed")
    page.get_by_label("Language").select_option("hi")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()

    shared = site["url"] + "/hi/agreements/?status=signed"
    assert page.url == shared
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.get_by_role("heading", level=1).inner_text().strip() == "समझौते"
    hreflang = page.locator('link[rel="alternate"][hreflang="en"]').get_attribute("href")
    assert hreflang == site["url"] + "/agreements/"
    # The reader's choice holds on an old address too.
    page.goto(site["url"] + "/partners/")
    assert page.url == site["url"] + "/hi/partners/"

    # Someone else opens the shared address: no cookie, an English browser; Hindi all the same.
    other = browser.new_context(locale="en-GB")
    try:
        fresh = other.new_page()
        fresh.goto(shared)
        assert fresh.url == shared
        assert fresh.locator("html").get_attribute("lang") == "hi"
        assert fresh.get_by_role("heading", level=1).inner_text().strip() == "समझौते"
        assert other.cookies() == [] or all(
            c["name"] != settings.LANGUAGE_COOKIE_NAME for c in other.cookies()
        )
    finally:
        other.close()


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(site, page):
    page.goto(site["url"] + "/partners/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_partner_page_prints_as_a_briefing_without_navigation_or_forms(site, page):
    page.goto(site["url"] + site["partner"].get_absolute_url())
    assert page.locator(".site-nav").is_visible()

    page.emulate_media(media="print")

    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".language-switcher").is_visible()
    assert (
        page.locator("main form").count() == 0 or not page.locator("main form").first.is_visible()
    )
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("link", name="Browserland science MoU").first.is_visible()


def test_axe_finds_no_serious_or_critical_violation_on_any_hindi_page_type(site, page):
    failures = {}
    for name, path in page_types(site).items():
        response = page.goto(site["url"] + "/hi" + path)  # each page's Hindi address
        assert response.status == (404 if name == "not found" else 200), name
        assert page.locator("html").get_attribute("lang") == "hi", name
        found = blocking_violations(page)
        if found:
            failures[name] = found
    assert failures == {}


def test_the_export_pages_select_all_box_works_under_the_content_security_policy(
    live_server, page, django_user_model
):
    """django-import-export wires it with an inline handler, which the CSP refuses."""
    django_user_model.objects.create_superuser("exporter", "exporter@example.org", "pw-123456!")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "exporter")
    page.fill("#id_password", "pw-123456!")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/registry/agreement/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    assert fields.count() > 3
    assert all(fields.nth(i).is_checked() for i in range(fields.count()))
    page.locator("input.select-toggle").first.uncheck()
    assert not any(fields.nth(i).is_checked() for i in range(fields.count()))
    label = page.locator('label[for="select-all-toggle"]').first
    assert label.evaluate("el => getComputedStyle(el).fontWeight") == "700"
