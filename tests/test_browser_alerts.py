"""A reader follows "calls with Germany" by e-mail, in a real browser, and unsubscribes."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from registry import models
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


@pytest.fixture
def germany(transactional_db, live_server, settings):
    settings.REGISTRY_BASE_URL = live_server.url
    call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "seed.json"), verbosity=0)
    return models.Partner.objects.get(slug="germany")


def link_in(message, name: str) -> str:
    return next(u for u in re.findall(r"https?://\S+", message.body) if f"/alerts/{name}/" in u)


def test_a_reader_follows_calls_with_germany_and_unsubscribes_in_one_click(
    germany, live_server, page
):
    page.goto(f"{live_server.url}/calls/?partner={germany.slug}")
    page.get_by_role("link", name="Get e-mail alerts for this list").click()
    assert "Joint calls with Germany" in page.locator("main").inner_text()
    assert blocking_violations(page) == []
    page.get_by_label("Your e-mail address").fill("reader@example.org")
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Send me a confirmation e-mail").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    [confirmation] = mail.outbox
    page.goto(link_in(confirmation, "confirm"))
    assert "Joint calls with Germany" in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirm and start the alert").click()
    page.get_by_role("heading", name="Your alert is confirmed").wait_for()

    f.make_call(partners=[germany], title="Indo-German browser test call", is_sample=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    call_command("send_alerts", "--date", tomorrow.isoformat(), stdout=io.StringIO())
    digest = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert "Indo-German browser test call" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(link_in(digest, "manage"))
    assert "Joint calls with Germany" in page.locator("main").inner_text()
    assert blocking_violations(page) == []
    page.goto(link_in(digest, "unsubscribe"))
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert not models.AlertSubscriber.objects.exists()
