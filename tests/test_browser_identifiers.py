"""A reader with a permanent identifier: pasted as an address, it leads to the record."""

import json

import pytest

from tests import factories as f
from tests.conftest import CHROMIUM
from tests.test_browser import blocking_violations

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


def test_a_reader_pastes_an_identifier_address_and_lands_on_the_agreement(
    transactional_db, live_server, page
):
    agreement = f.make_agreement(title="Pasted identifier MoU")
    address = f"{live_server.url}/id/{agreement.identifier}"

    page.goto(address)

    assert page.url == f"{live_server.url}{agreement.get_absolute_url()}"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Pasted identifier MoU")
    link = page.get_by_role("link", name=agreement.identifier)
    assert link.is_visible()
    structured = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert structured["identifier"]["value"] == agreement.identifier
    assert structured["@id"] == address
    assert blocking_violations(page) == []

    # The identifier on the page is its permanent link: it leads back to the same page.
    link.click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{agreement.get_absolute_url()}"


def test_a_reader_with_the_identifier_of_a_withdrawn_record_is_told_so(
    transactional_db, live_server, page
):
    agreement = f.make_agreement(title="Withdrawn MoU")
    agreement.is_published = False
    agreement.save()

    response = page.goto(f"{live_server.url}/id/{agreement.identifier.lower()}")

    assert response.status == 410
    assert page.get_by_role("heading", level=1).inner_text() == "Record withdrawn"
    assert agreement.identifier in page.content()
    assert "Withdrawn MoU" not in page.content()
    assert blocking_violations(page) == []
