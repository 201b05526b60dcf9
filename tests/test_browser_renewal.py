"""A publisher records each party's dates and the renewal rule of a multilateral agreement in
a real browser (headless Debian Chromium driven by Playwright); the public page then shows the
table of parties and the renewal sentence. Skipped when Chromium is absent."""

import datetime

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from registry import models
from registry.roles import PUBLISHER
from tests import factories as f
from tests.conftest import CHROMIUM
from tests.test_browser_staff import pick, staff, success_message  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


def test_a_publisher_adds_two_parties_and_a_renewal_rule_and_the_public_page_shows_them(
    staff,  # noqa: F811 - the fixture imported above
    live_server,
):
    brazil = f.make_partner(name="Brazil", slug="brazil")
    chile = f.make_partner(name="Chile", slug="chile")
    forum = f.make_partner(name="Southern Forum", slug="southern-forum", kind="forum")
    agreement = f.make_agreement(
        title="Southern Forum S&T agreement",
        partners=[forum],
        in_force_from=datetime.date(2024, 3, 1),
    )
    page = staff(PUBLISHER)

    page.goto(f"{live_server.url}/admin/registry/agreement/{agreement.pk}/change/")
    add_row = page.locator("#parties-group .add-row a")
    add_row.click()
    add_row.click()
    pick(page, "id_parties-0-partner", "Brazil")
    page.select_option("#id_parties-0-status", "in_force")
    page.fill("#id_parties-0-signed_on", "2024-01-15")
    page.fill("#id_parties-0-in_force_from", "2024-03-01")
    pick(page, "id_parties-1-partner", "Chile")
    page.select_option("#id_parties-1-status", "withdrawn")
    page.fill("#id_parties-1-signed_on", "2024-01-15")
    page.fill("#id_parties-1-withdrawn_on", "2025-06-30")
    page.fill("#id_initial_term", "5")
    page.select_option("#id_renewal_kind", "automatic")
    page.fill("#id_renewal_term", "2")
    page.fill("#id_notice_months", "6")
    page.click("input[name=_save]")

    assert "was changed successfully" in success_message(page)
    saved = {p.partner: p for p in agreement.parties.all()}
    assert set(saved) == {brazil, chile}
    assert saved[chile].withdrawn_on == datetime.date(2025, 6, 30)

    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    table = page.locator("#agreement-parties")
    assert table.locator("tbody tr").count() == 2
    assert "Brazil" in table.inner_text() and "1 March 2024" in table.inner_text()
    assert "30 June 2025" in table.locator("tbody tr", has_text="Chile").inner_text()
    renewal = models.Agreement.objects.get(pk=agreement.pk).renewal(timezone.localdate())
    assert page.locator("#renewal-sentence").inner_text() == (
        f"Renews automatically for 2 years unless notice is given by "
        f"{date_format(renewal.notice_by, 'j F Y')} (the term then ends on "
        f"{date_format(renewal.expires_on, 'j F Y')})."
    )
