"""Browser journey: an Editor proposes a change to a published agreement, a Publisher approves it.

Headless Debian Chromium through Playwright, from the `browser` fixture of tests/conftest.py;
the staff log in through the admin's login page. Screenshots of the propose and review pages
are left in the system's temporary directory (changes-*.png).
"""

import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from registry.roles import EDITOR, PUBLISHER, create_roles
from tests import factories as f
from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
SCREENSHOTS = Path(tempfile.gettempdir())
OLD_TITLE = "Browserland science MoU"
NEW_TITLE = "India–Browserland MoU on science and technology"


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(transactional_db, live_server, django_user_model):
    create_roles()
    for name, role in [("editor", EDITOR), ("publisher", PUBLISHER)]:
        user = django_user_model.objects.create_user(
            name, f"{name}@example.org", f"pw-{name}-1", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
    partner = f.make_partner(name="Browserland", slug="browserland")
    agreement = f.make_agreement(partners=[partner], title=OLD_TITLE)
    return {"url": live_server.url, "agreement": agreement}


def log_in(page, url: str, username: str) -> None:
    page.goto(url + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"pw-{username}-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/admin/")


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/admin/logout/")


def test_an_editor_proposes_a_title_and_a_publisher_approves_it(site, page):
    expect = pytest.importorskip("playwright.sync_api").expect
    url, agreement = site["url"], site["agreement"]
    public_page = url + agreement.get_absolute_url()

    log_in(page, url, "editor")
    page.goto(f"{url}/admin/registry/agreement/{agreement.pk}/change/")
    assert page.locator("#propose-note").is_visible()
    page.locator("#propose-link").click()
    assert "Propose a change to " + OLD_TITLE in page.get_by_role("heading", level=1).inner_text()
    assert page.locator('input[name="title"]').input_value() == OLD_TITLE
    page.locator('input[name="title"]').fill(NEW_TITLE)
    page.get_by_label("Reason for the change").fill("The signed text gives the full title.")
    page.screenshot(path=str(SCREENSHOTS / "changes-propose.png"), full_page=True)
    page.get_by_role("button", name="Propose this change").click()

    page.wait_for_url(f"**/admin/registry/agreement/{agreement.pk}/change/")
    assert "waits for a publisher" in page.locator("ul.messagelist").inner_text()
    assert page.locator(".field-title .readonly").inner_text().strip() == OLD_TITLE
    page.goto(public_page)
    assert OLD_TITLE in page.get_by_role("heading", level=1).inner_text()
    page.goto(url + "/admin/")
    log_out(page)

    log_in(page, url, "publisher")
    waiting = page.locator("#waiting-change-requests")
    assert "1 proposal waits for your decision." in waiting.inner_text()
    waiting.get_by_role("link", name="Change requests").click()
    page.wait_for_url("**/admin/registry/changerequest/?waiting=me")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert OLD_TITLE in page.locator("#result_list").inner_text()
    page.locator("#result_list tbody tr th a").first.click()

    page.wait_for_url("**/admin/registry/changerequest/*/change/**")
    diff = page.locator("#proposal-diff")
    expect(diff.locator("tbody tr")).to_have_count(1)
    row = diff.locator("tbody tr").first
    assert row.locator("th").inner_text() == "Title"
    assert row.locator("td.diff-current").inner_text() == OLD_TITLE
    assert row.locator("td.diff-proposed").inner_text() == NEW_TITLE
    assert "The signed text gives the full title." in page.locator("#proposal-reason").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "changes-review.png"), full_page=True)
    page.get_by_role("button", name="Approve and apply").click()

    page.wait_for_url("**/admin/registry/changerequest/")
    assert "Approved" in page.locator("ul.messagelist").inner_text()
    assert "approved" in page.locator("#result_list").inner_text()
    page.goto(public_page)
    assert NEW_TITLE in page.get_by_role("heading", level=1).inner_text()
