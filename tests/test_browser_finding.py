"""Browser tests of finding things in the lists: narrowing long option lists with the
keyboard, the phone layout (390 px) and the desktop one (1366 px), and axe on the lists
with their new widgets in English and Hindi."""

import unicodedata

import pytest

from tests import test_browser
from tests.conftest import CHROMIUM
from tests.test_browser import blocking_violations

# The fixtures of tests/test_browser.py: the committed fixtures plus a known set of records.
site = test_browser.site
page = test_browser.page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]

LISTS = ["/agreements/", "/calls/", "/partners/", "/areas/", "/facilities/", "/reviews/"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tab_to(page, predicate: str, limit: int = 400) -> None:
    """Press Tab until `predicate` (JavaScript, of `el`) holds for the focused element."""
    for _ in range(limit):
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {predicate}")


def sized_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="en-GB", **options)
    new = context.new_page()
    new.set_default_timeout(15_000)
    return context, new


def test_typing_fra_narrows_the_partner_options_with_the_keyboard_only(site, page):
    page.goto(site["url"] + "/agreements/")
    total = page.locator("#id_partner li").count()
    assert total > 8
    page.locator("#id_q").focus()
    tab_to(page, "el.id === 'id_partner-narrow'")
    assert page.locator("label[for='id_partner-narrow']").inner_text() == (
        "Partner: type to narrow the list"
    )

    page.keyboard.type("fra")

    shown = page.locator("#id_partner li:visible").all_inner_texts()
    assert shown and any(text.startswith("France") for text in shown)
    assert all("fra" in fold(text.rsplit(" (", 1)[0]) for text in shown), shown
    count = page.locator("#id_partner-narrow-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == f"{len(shown)} of {total} options shown"

    # No trap: Tab moves on to the first option left, Space ticks it.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('li').innerText")
    assert focused == shown[0]
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    # Escape empties the box and shows every option again (the ticked one stays ticked).
    page.locator("#id_partner-narrow").focus()
    page.keyboard.press("Escape")
    assert page.locator("#id_partner li:visible").count() == total

    tab_to(page, "el.type === 'submit' && el.closest('form.filter-form') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/agreements/?*partner=*")
    chip = page.locator(".filter-chips a.chip").first
    assert "Partner: " + shown[0].rsplit(" (", 1)[0] in chip.inner_text()


def test_a_filtered_list_on_a_phone_shows_the_first_result_on_the_first_screen(site, browser):
    slug = site["partner"].slug
    context, page = sized_page(browser, PHONE)
    try:
        for path in [f"/agreements/?partner={slug}&status=in_force", *LISTS]:
            page.goto(site["url"] + path)
            first = page.locator("main table tbody tr").first
            box = first.bounding_box()
            assert box is not None and box["y"] < PHONE["height"], (path, box)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{path} is wider than the screen"
            )
            details = page.locator("details.filter-disclosure")
            assert details.get_attribute("open") is None, f"{path}: filters not folded"
        page.goto(site["url"] + f"/agreements/?partner={slug}&status=in_force")
        summary = page.locator("details.filter-disclosure > summary")
        assert " ".join(summary.inner_text().split()) == "Filters (2 active)"
        assert not page.locator("form.filter-form").is_visible()
        summary.click()
        assert page.locator("form.filter-form").is_visible()
        # Cards: each value is labelled by its column's heading.
        status = page.locator("main table tbody tr").first.locator("td[data-label='Status']")
        label = status.evaluate("el => getComputedStyle(el, '::before').content")
        assert label == '"Status: "'
    finally:
        context.close()


def test_on_a_desktop_the_filters_sit_beside_the_results(site, browser):
    context, page = sized_page(browser, DESKTOP)
    try:
        page.goto(site["url"] + "/agreements/")
        assert page.locator("details.filter-disclosure").get_attribute("open") is not None
        form = page.locator("form.filter-form").bounding_box()
        table = page.locator("main table").first.bounding_box()
        assert form["x"] + form["width"] <= table["x"]
        assert abs(form["y"] - table["y"]) < 200
    finally:
        context.close()


def axe_failures(page, base: str, paths) -> dict:
    failures = {}
    for path in paths:
        page.goto(base + path)
        found = blocking_violations(page)
        if found:
            failures[path] = found
    return failures


def test_axe_finds_no_serious_violation_on_the_lists_in_english_and_hindi(site, browser):
    slug = site["partner"].slug
    paths = [*LISTS, f"/agreements/?partner={slug}&status=in_force"]
    for language in ("en", "hi"):
        for viewport in (DESKTOP, PHONE):
            context, page = sized_page(browser, viewport)
            cookie = {"name": "django_language", "value": language, "url": site["url"]}
            context.add_cookies([cookie])
            try:
                page.goto(site["url"] + "/agreements/")
                assert page.locator("html").get_attribute("lang") == language
                assert axe_failures(page, site["url"], paths) == {}, (language, viewport)
            finally:
                context.close()
