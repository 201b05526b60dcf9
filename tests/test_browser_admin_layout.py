"""The staff workspace in a real browser (headless Debian Chromium through Playwright): the
registry's name, no time-zone note under the date fields, and a 1366 × 768 window without
horizontal scrolling. Chromium comes from the `browser` fixture of tests/conftest.py."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from registry.admin.site import SITE_HEADER
from tests import factories as f
from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]

PASSWORD = "pw-staff-browser-1"
SCREEN = {"width": 1366, "height": 768}
# Horizontal overflow of the page, and of any box that scrolls sideways itself (Django puts a
# changelist table in one).
SIDEWAYS_SCROLL = """() => {
  const wide = [...document.querySelectorAll('*')].filter(el =>
    ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth
  ).map(el => el.tagName + '.' + el.className);
  if (document.documentElement.scrollWidth > innerWidth) wide.push('page');
  return wide;
}"""


@pytest.fixture
def workspace(transactional_db, live_server, django_user_model):
    """The committed fixtures, a joint call, a meeting with two action items, a superuser."""
    fixtures = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
    call_command("loaddata", *fixtures, verbosity=0)
    django_user_model.objects.create_superuser("staff-browser", "s@example.org", PASSWORD)
    review = f.make_review(held_on=datetime.date(2024, 1, 15))
    for description in ("Nominate experts for the joint workshop", "Circulate the minutes"):
        f.make_action_item(review=review, description=description, owner="International Unit")
    return {"url": live_server.url, "call": f.make_call(), "review": review}


def staff_page(browser, workspace, timezone_id):
    """A 1366 × 768 window in `timezone_id`, logged in through the login page."""
    context = browser.new_context(locale="en-GB", timezone_id=timezone_id, viewport=SCREEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(workspace["url"] + reverse("admin:login"))
    page.get_by_label("Username").fill("staff-browser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.mark.parametrize("timezone_id", ["Asia/Kolkata", "UTC"])
def test_the_call_form_names_the_registry_and_says_indian_time_without_a_note(
    browser, workspace, timezone_id
):
    page = staff_page(browser, workspace, timezone_id)
    call = workspace["call"]

    page.goto(workspace["url"] + reverse("admin:registry_jointcall_change", args=[call.pk]))
    page.wait_for_load_state("load")  # DateTimeShortcuts adds its links and notes on load

    assert page.locator("#site-name").inner_text().strip() == str(SITE_HEADER)
    assert page.locator(".datetimeshortcuts").count() >= 2  # the admin's script did run
    assert page.get_by_text("server time").filter(visible=True).count() == 0
    closes = page.locator("p.datetime", has=page.locator('[name="closes_at_1"]'))
    assert "Indian time (IST)" in closes.inner_text()
    page.context.close()


def test_the_agreement_list_and_the_meeting_form_fit_a_1366_px_window(browser, workspace):
    page = staff_page(browser, workspace, "Asia/Kolkata")

    page.goto(workspace["url"] + reverse("admin:registry_agreement_changelist"))
    assert page.locator("#result_list tbody tr").count() > 10
    assert page.evaluate(SIDEWAYS_SCROLL) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    review = workspace["review"]
    page.goto(workspace["url"] + reverse("admin:registry_jwgreview_change", args=[review.pk]))
    assert page.locator("#action_items-group tbody tr.has_original").count() == 2
    assert page.evaluate(SIDEWAYS_SCROLL) == []
    page.context.close()
