"""Hindi names in a real browser: an Editor types a Hindi title in the admin and the Hindi
page shows it; the Hindi pages, with Hindi text and with English marked "English only",
have no serious or critical axe violation. Skipped when Chromium is absent."""

from urllib.parse import urlsplit, urlunsplit

import pytest
from babel import Locale

from registry import models
from registry.roles import EDITOR
from tests import factories as f
from tests.conftest import CHROMIUM
from tests.test_browser import blocking_violations
from tests.test_browser_staff import staff  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


def open_in_hindi(browser, url: str):
    """A new reader's page with the interface in Hindi (the one place that says how)."""
    context = browser.new_context(locale="hi-IN")
    parts = urlsplit(url)
    url = urlunsplit(parts._replace(path="/hi" + parts.path))  # the page's Hindi address
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return page


def test_an_editor_types_a_hindi_title_and_the_hindi_page_shows_it(staff, live_server, browser):  # noqa: F811
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    agreement = f.make_agreement(partners=[japan], title="Ocean science MoU", is_published=False)
    page = staff(EDITOR)

    page.goto(f"{live_server.url}/admin/registry/agreement/{agreement.pk}/change/")
    assert page.locator("#id_title_hi").get_attribute("lang") == "hi"
    page.fill("#id_title_hi", "महासागर विज्ञान समझौता")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/registry/agreement/")
    # A Publisher publishes the draft (their own journey is tested elsewhere).
    models.Agreement.objects.filter(pk=agreement.pk).update(is_published=True)

    reader = open_in_hindi(browser, live_server.url + agreement.get_absolute_url())
    try:
        assert reader.locator("html").get_attribute("lang") == "hi"
        assert reader.locator("main h1").inner_text().startswith("महासागर विज्ञान समझौता")
        partner = reader.locator("main dd a", has_text=Locale("hi").territories["JP"])
        assert partner.count() == 1
        assert blocking_violations(reader) == []
    finally:
        reader.context.close()


def test_hindi_pages_with_english_only_text_have_no_serious_axe_violation(
    transactional_db, live_server, browser
):
    forum = f.make_partner(name="BRICS", slug="brics", kind=models.Partner.Kind.FORUM)
    japan = f.make_partner(name="Japan", slug="japan", iso_code="JP")
    area = f.make_area(name="Oceans", name_hi="महासागर")
    agreement = f.make_agreement(partners=[forum, japan], title="English only MoU")
    agreement.areas.set([area])
    facility = f.make_facility(name="Ocean Lab", description="A lab.")
    failures = {}
    for url in [
        agreement.get_absolute_url(),
        "/agreements/",
        "/partners/",
        forum.get_absolute_url(),
        area.get_absolute_url(),
        facility.get_absolute_url(),
    ]:
        page = open_in_hindi(browser, live_server.url + url)
        try:
            assert page.locator("main [lang=en]").count() > 0
            found = blocking_violations(page)
        finally:
            page.context.close()
        if found:
            failures[url] = found
    assert failures == {}
