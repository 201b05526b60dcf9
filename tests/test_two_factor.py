"""Staff two-factor login (registry/admin/twofactor.py) and each user's API token page.

With REGISTRY_REQUIRE_2FA on (as in production) a password alone does not reach the admin:
the second-factor page asks for a TOTP code or a recovery code, or enrols an authenticator
first. Every form is posted as the rendered page holds it (tests/forms.py).
"""

import base64
import datetime
import time

import lxml.html
import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from registry.admin.twofactor import PENDING, PENDING_SECONDS
from tests.forms import log_in, submit

pytestmark = pytest.mark.django_db

PASSWORD = "pw-staff-2fa-1!"
LOGIN = "/admin/login/"
SECOND_FACTOR = "/admin/two-factor/"
ERRORS = "//ul[contains(@class, 'errorlist')]"


@pytest.fixture
def require_2fa(settings):
    settings.REGISTRY_REQUIRE_2FA = True
    return settings


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "officer", "officer@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def app_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits)).zfill(device.digits)


def recovery_code(user, code="abcd2345") -> str:
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    StaticToken.objects.create(device=device, token=code)
    return code


def log_in_with_password(client, user, next_url=None):
    return log_in(client, user.username, PASSWORD, next_url)


def enter_code(client, code):
    page = client.get(SECOND_FACTOR)
    return submit(client, page, {"code": code}, form_id="two-factor-form", button=None)


def text(response, xpath) -> str:
    document = lxml.html.fromstring(response.content.decode())
    return " ".join(e.text_content().strip() for e in document.xpath(xpath))


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Without the setting: the admin as before ---------------------------------------------------


def test_without_the_setting_a_password_reaches_the_admin_index(client, staff):
    response = log_in_with_password(client, staff)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


# --- The password step ----------------------------------------------------------------------------


def test_a_password_alone_does_not_reach_the_admin_index(client, staff, require_2fa):
    app_device(staff)
    response = log_in_with_password(client, staff)
    assert response.status_code == 302
    assert response.url == SECOND_FACTOR
    # Not logged in at all until the second factor: no staff rights anywhere, API included.
    assert not is_logged_in(client)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    assert index.url.startswith(LOGIN)


def test_a_wrong_password_stays_on_the_login_page(client, staff, require_2fa):
    page = client.get(LOGIN)
    response = submit(
        client,
        page,
        {"username": staff.username, "password": "wrong"},
        form_id="login-form",
        button=None,
    )
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
    assert PENDING not in client.session


def test_a_session_logged_in_without_the_second_factor_is_refused_the_admin(
    client, staff, require_2fa
):
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_the_second_factor_page_without_a_password_step_goes_back_to_the_login(client):
    response = client.get(SECOND_FACTOR)
    assert response.status_code == 302
    assert response.url == LOGIN


def test_a_password_step_left_too_long_must_be_done_again(client, staff, require_2fa):
    app_device(staff)
    log_in_with_password(client, staff)
    session = client.session
    session[PENDING] = {**session[PENDING], "at": time.time() - PENDING_SECONDS - 1}
    session.save()
    response = client.get(SECOND_FACTOR)
    assert response.status_code == 302
    assert response.url == LOGIN


# --- The second factor ------------------------------------------------------------------------


def test_a_valid_totp_code_reaches_the_admin_index(client, staff, require_2fa):
    device = app_device(staff)
    log_in_with_password(client, staff)
    response = enter_code(client, current_code(device))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_second_factor_keeps_where_the_user_was_going(client, staff, require_2fa):
    device = app_device(staff)
    log_in_with_password(client, staff, next_url="/admin/registry/agreement/")
    assert enter_code(client, current_code(device)).url == "/admin/registry/agreement/"


def test_an_off_site_next_falls_back_to_the_admin_index(client, staff, require_2fa):
    device = app_device(staff)
    log_in_with_password(client, staff, next_url="https://evil.example/")
    assert enter_code(client, current_code(device)).url == reverse("admin:index")


def test_a_wrong_code_is_refused_with_a_message(client, staff, require_2fa):
    device = app_device(staff)
    log_in_with_password(client, staff)
    wrong = str((int(current_code(device)) + 1) % 1_000_000).zfill(6)
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert "That code is not valid" in text(response, ERRORS)
    assert not is_logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def wait_out_the_lock(device):
    """As if the user had waited: django-otp locks codes for a while after a wrong one."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= datetime.timedelta(minutes=10)
    device.save()


def test_a_good_code_typed_during_the_wait_after_a_wrong_one_says_to_wait(
    client, staff, require_2fa
):
    device = app_device(staff)
    log_in_with_password(client, staff)
    enter_code(client, str((int(current_code(device)) + 1) % 1_000_000).zfill(6))

    too_soon = enter_code(client, current_code(device))
    wait_out_the_lock(device)
    later = enter_code(client, current_code(device))

    assert "Too many wrong codes. Wait 1 second" in text(too_soon, ERRORS)
    assert "not valid" not in text(too_soon, ERRORS)
    assert later.status_code == 302 and is_logged_in(client)


def test_enrolling_after_a_wrong_first_code_says_to_wait_then_confirms(client, staff, require_2fa):
    log_in_with_password(client, staff)
    page = client.get(SECOND_FACTOR)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    wrong = str((int(current_code(device)) + 1) % 1_000_000).zfill(6)
    submit(client, page, {"code": wrong}, form_id="two-factor-form", button=None)

    too_soon = enter_code(client, current_code(device))
    wait_out_the_lock(device)
    later = enter_code(client, current_code(device))

    assert "Too many wrong codes" in text(too_soon, ERRORS)
    assert text(later, "//*[@id='recovery-codes']//li")
    assert is_logged_in(client)


def test_a_wrong_second_factor_is_a_failed_login_in_the_audit_log(client, staff, require_2fa):
    from registry.models.audit import AuditEvent

    device = app_device(staff)
    log_in_with_password(client, staff)
    enter_code(client, str((int(current_code(device)) + 1) % 1_000_000).zfill(6))

    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert [(e.username, e.detail) for e in failed] == [("officer", "wrong second-factor code")]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()


def test_the_second_factor_page_has_the_admin_look(client, staff, require_2fa):
    app_device(staff)
    log_in_with_password(client, staff)
    page = client.get(SECOND_FACTOR)
    assert page.status_code == 200
    assert "S&amp;T Cooperation Registry" in page.content.decode()
    assert "login" in lxml.html.fromstring(page.content).body.get("class")
    assert "officer" in text(page, "//*[@id='content-main']//strong")


def test_a_recovery_code_works_once(client, staff, require_2fa):
    app_device(staff)
    code = recovery_code(staff)
    log_in_with_password(client, staff)
    response = enter_code(client, code.upper())  # typed in capitals
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    client.logout()
    log_in_with_password(client, staff)
    again = enter_code(client, code)
    assert again.status_code == 200
    assert "That code is not valid" in text(again, ERRORS)
    assert not is_logged_in(client)


# --- Enrolment ----------------------------------------------------------------------------------


def test_a_user_without_a_device_enrols_and_gets_ten_recovery_codes(client, staff, require_2fa):
    response = log_in_with_password(client, staff)
    page = client.get(response.url)
    assert "Set up two-factor login" in page.content.decode()
    qr = lxml.html.fromstring(page.content).get_element_by_id("two-factor-qr")
    assert qr.get("src").startswith("data:image/svg+xml;base64,")  # drawn here, no network
    secret = text(page, "//*[@id='two-factor-secret']").replace(" ", "")
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert base64.b32decode(secret) == device.bin_key
    assert secret in text(page, "//*[@id='two-factor-uri']")

    code = str(totp(base64.b32decode(secret))).zfill(6)
    shown = submit(client, page, {"code": code}, form_id="two-factor-form", button=None)
    assert shown.status_code == 200
    codes = text(shown, "//*[@id='recovery-codes']//code").split()
    assert len(codes) == 10
    stored = StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    assert set(codes) == set(stored)
    device.refresh_from_db()
    assert device.confirmed
    continue_url = lxml.html.fromstring(shown.content).get_element_by_id("two-factor-continue")
    assert client.get(continue_url.get("href")).status_code == 200  # the admin index


def test_a_wrong_first_code_does_not_confirm_the_device(client, staff, require_2fa):
    log_in_with_password(client, staff)
    page = client.get(SECOND_FACTOR)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    wrong = str((int(current_code(device)) + 1) % 1_000_000).zfill(6)
    response = submit(client, page, {"code": wrong}, form_id="two-factor-form", button=None)
    assert response.status_code == 200
    assert "That code is not valid" in text(response, ERRORS)
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_logged_in(client)
    # The page keeps the same secret, so the app already set up still matches.
    secret = "//*[@id='two-factor-secret']"
    assert text(response, secret) == text(page, secret)


def test_a_lost_device_removed_by_a_superuser_means_enrolling_again(
    client, staff, require_2fa, django_user_model
):
    """Loss-of-device recovery as the README says: a superuser deletes the devices in the
    admin, and the owner's next login enrols a new authenticator."""
    lost = app_device(staff)
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    chief_device = app_device(chief)
    log_in_with_password(client, chief)
    enter_code(client, current_code(chief_device))
    delete_url = reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk])
    submit(client, client.get(delete_url), button=None)
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()

    client.logout()
    log_in_with_password(client, staff)
    assert "Set up two-factor login" in client.get(SECOND_FACTOR).content.decode()


# --- The API token page ---------------------------------------------------------------------


TOKEN_PAGE = "/admin/registry/api-token/"


def test_the_owner_sees_the_end_of_their_token_and_revokes_it(admin_client, superuser):
    token = Token.objects.create(user=superuser)
    page = admin_client.get(TOKEN_PAGE)
    assert text(page, "//*[@id='api-tokens']//code") == f"…{token.key[-4:]}"
    assert token.key not in page.content.decode()

    response = submit(admin_client, page, form_id="revoke-api-token", button=("action", "revoke"))
    assert response.status_code == 302
    assert not Token.objects.filter(user=superuser).exists()
    assert "You have no API token" in admin_client.get(TOKEN_PAGE).content.decode()


def test_a_new_token_is_shown_once(admin_client, superuser):
    page = admin_client.get(TOKEN_PAGE)
    shown = submit(admin_client, page, form_id="create-api-token", button=("action", "create"))
    key = Token.objects.get(user=superuser).key
    assert key in text(shown, "//*[@id='new-api-token']//code")
    assert key not in admin_client.get(TOKEN_PAGE).content.decode()


def test_another_user_does_not_see_the_token(admin_client, superuser, client, staff):
    token = Token.objects.create(user=superuser)
    client.force_login(staff)
    page = client.get(TOKEN_PAGE)
    assert token.key[-4:] not in text(page, "//*[@id='content-main']")
    assert "You have no API token" in page.content.decode()
    # Their own "create" replaces their own token only.
    submit(client, page, form_id="create-api-token", button=("action", "create"))
    assert Token.objects.get(user=superuser).key == token.key


def test_the_token_page_is_linked_from_the_admin_index(admin_client):
    index = admin_client.get(reverse("admin:index"))
    assert TOKEN_PAGE in index.content.decode()


def test_an_api_token_still_authenticates_when_two_factor_login_is_required(
    client, staff, require_2fa
):
    token = Token.objects.create(user=staff)
    anonymous = client.get("/api/v1/partners/?page_size=1", HTTP_AUTHORIZATION="Token bad")
    assert anonymous.status_code == 401
    response = client.get("/api/v1/partners/?page_size=1", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
