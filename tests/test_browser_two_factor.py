"""A staff user's first login with two-factor login required, in a real browser: the password,
then enrolling an authenticator (the secret read from the page, the code computed as an app
would), the recovery codes shown once, then the admin index. Skipped when Chromium is absent.
"""

import base64

import pytest
from django_otp.oath import totp

from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
PASSWORD = "pw-journey-2fa-1!"


def test_a_first_staff_login_enrols_an_authenticator_and_reaches_the_admin(
    transactional_db, live_server, browser, django_user_model, settings
):
    settings.REGISTRY_REQUIRE_2FA = True
    django_user_model.objects.create_user(
        "officer", "officer@example.org", PASSWORD, is_staff=True, is_superuser=True
    )
    context = browser.new_context(locale="en-GB", timezone_id="Asia/Kolkata")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "officer")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/two-factor/")
        assert page.locator("h2", has_text="Set up two-factor login").is_visible()
        # The QR code is an image drawn by the server, and it has loaded.
        qr_width = page.eval_on_selector("#two-factor-qr", "img => img.naturalWidth")
        assert qr_width > 0

        secret = page.inner_text("#two-factor-secret").replace(" ", "")
        page.fill("#id_code", str(totp(base64.b32decode(secret))).zfill(6))
        page.click("#two-factor-form input[type=submit]")

        codes = page.locator("#recovery-codes li")
        assert codes.count() == 10
        page.click("#two-factor-continue")
        page.wait_for_url(f"{live_server.url}/admin/")
        assert page.locator("#registry-tracker-link").is_visible()
    finally:
        context.close()
