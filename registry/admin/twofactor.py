"""Staff two-factor login (django-otp) and each staff user's own API token.

With settings.REGISTRY_REQUIRE_2FA (on with PRODUCTION) an accepted password does not log the
user in: the session only remembers, for a few minutes, who passed the password step. The
second-factor page then asks for a code from the user's authenticator app (TOTP) or one of
their recovery codes (django-otp static tokens, each used once); a user with no confirmed
authenticator enrols one there first and is shown ten recovery codes once. Only then is the
user logged in, with the device that verified them kept in the session (django-otp), so a
half-finished login never carries staff rights anywhere: not in the admin, not in the API's
session authentication.

Losing the device: a superuser deletes the user's devices in the admin (django-otp's "TOTP
devices" and "Static devices" pages) and the user enrols again at their next login (README).

API tokens (DRF TokenAuthentication) are not subject to the second factor; the token page
lets each staff user see their own token (its date and last characters), revoke it and make
a new one, shown once.
"""

import base64
import math
import time
from io import BytesIO

import qrcode
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage
from rest_framework.authtoken.models import Token

# The session key for a login that passed the password step: {"user", "backend", "next", "at"}.
PENDING = "registry_two_factor_pending"
# How long the second-factor page waits for a code before the password must be given again.
PENDING_SECONDS = 10 * 60
RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
WRONG_CODE = gettext_lazy(
    "That code is not valid. Enter the current code from your app, or an unused recovery code."
)
WRONG_FIRST_CODE = gettext_lazy(
    "That code is not valid. Check the time on your phone and enter the code your app shows now."
)


def required() -> bool:
    return settings.REGISTRY_REQUIRE_2FA


def is_verified(user) -> bool:
    """True when this request's user passed the second factor. A user object that
    OTPMiddleware has not seen (just logged in) has no `otp_device` and is not."""
    return getattr(user, "otp_device", None) is not None


# --- The password step ------------------------------------------------------------------------


class PasswordStepLoginView(LoginView):
    """The admin's login view whose accepted password leads to the second-factor page."""

    def form_valid(self, form):
        user = form.get_user()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            # An off-site or missing `next` falls back to the admin index.
            "next": self.get_redirect_url() or reverse("admin:index"),
            "at": time.time(),
        }
        return HttpResponseRedirect(reverse("admin:two_factor"))


def password_step(site, request, extra_context=None):
    """Django's AdminSite.login with PasswordStepLoginView (AdminSite.login has no hook for
    the view class): the same context, form and template."""
    from django.contrib.admin.forms import AdminAuthenticationForm

    context = {
        **site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=site.name)
    context.update(extra_context or {})
    request.current_app = site.name
    return PasswordStepLoginView.as_view(
        extra_context=context,
        authentication_form=site.login_form or AdminAuthenticationForm,
        template_name=site.login_template or "admin/login.html",
    )(request)


def pending_user(request):
    """The active staff user who passed the password step in this session, if not too long ago."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    model = get_user_model()
    return model.objects.filter(pk=pending["user"], is_active=True, is_staff=True).first()


def finish_login(request, user, device):
    """Log the user in with the device that verified them (django-otp keeps it in the session)."""
    pending = request.session.pop(PENDING)
    user.otp_device = device
    auth_login(request, user, backend=pending["backend"])
    return pending["next"]


# --- The second-factor page -----------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        # People copy codes with spaces ("123 456") and type recovery codes in capitals.
        return "".join(self.cleaned_data["code"].split()).lower()


def wrong_second_factor(request, user):
    """A wrong code after the right password is a failed login, in the audit log like one."""
    from registry import audit
    from registry.models.audit import AuditEvent

    detail = "wrong second-factor code"
    audit.record(
        AuditEvent.Action.LOGIN_FAILED, request=request, username=user.username, detail=detail
    )


def wait_message(device) -> str:
    """After a wrong code django-otp refuses every code for a while (1 s, doubling with each
    failure), the right one too: say so, or the user retries a good code and waits longer."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return ""
    until = (info or {}).get("locked_until")
    seconds = math.ceil((until - timezone.now()).total_seconds()) if until else 1
    seconds = max(seconds, 1)
    return ngettext(
        "Too many wrong codes. Wait %(n)d second, then enter the code your app shows now.",
        "Too many wrong codes. Wait %(n)d seconds, then enter the code your app shows now.",
        seconds,
    ) % {"n": seconds}


def confirmed_app(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def match_code(user, code: str):
    """The user's device that accepts `code`: six digits are an authenticator code, anything
    else a recovery code (which the static device deletes as it accepts it). Only the device
    of the code's kind is tried, so a recovery code does not count as a failed TOTP attempt."""
    is_app_code = code.isdigit() and len(code) == 6  # recovery codes have eight characters
    model = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        return next((device for device in devices if device.verify_token(code)), None)


@never_cache
@sensitive_post_parameters("code")
def second_factor_view(request, site):
    user = pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please log in again."))
        return HttpResponseRedirect(reverse("admin:login", current_app=site.name))
    if confirmed_app(user) is None:
        return enrol(request, site, user)
    return verify(request, site, user)


def verify(request, site, user):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        waiting = wait_message(confirmed_app(user)) if len(code) == 6 and code.isdigit() else ""
        device = None if waiting else match_code(user, code)
        if device is not None:
            return HttpResponseRedirect(finish_login(request, user, device))
        wrong_second_factor(request, user)
        form.add_error("code", waiting or WRONG_CODE)
    return render(request, site, "verify.html", user, {"form": form})


def enrol(request, site, user):
    """Show a new authenticator secret; a first correct code confirms it and logs the user in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    waiting = wait_message(device) if request.method == "POST" else ""
    if waiting:
        form.is_valid()
        form.add_error("code", waiting)
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = confirm(device)
            next_url = finish_login(request, user, device)
            return render(
                request, site, "recovery_codes.html", user, {"codes": codes, "next_url": next_url}
            )
        wrong_second_factor(request, user)
        form.add_error("code", WRONG_FIRST_CODE)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": qr_data_uri(device.config_url),
        # In groups of four, as authenticator apps print it.
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "otpauth_url": device.config_url,
    }
    return render(request, site, "enrol.html", user, context)


@transaction.atomic
def confirm(device) -> list[str]:
    """Confirm the authenticator and give its user ten new recovery codes (old ones go)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def qr_data_uri(text: str) -> str:
    """The QR code of `text` as an SVG data: URI, drawn here (no image service, no network).
    On a white ground: in the admin's dark theme a transparent one would not scan."""
    out = BytesIO()
    qrcode.make(text, image_factory=SvgPathFillImage, border=2).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def render(request, site, template, user, context):
    context = {
        **site.each_context(request),
        "title": _("Two-factor login"),
        "subtitle": None,
        "pending_username": user.get_username(),
        **context,
    }
    request.current_app = site.name
    return TemplateResponse(request, f"admin/registry/two_factor/{template}", context)


# --- The user's own API token -----------------------------------------------------------------


@never_cache
def api_token_view(request, site):
    """The signed-in user's API token: seen by its date and last characters, revoked, replaced.
    It acts on request.user's token only, so no one reaches another user's token here."""
    new_key = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "create":
        # One token a user (DRF's model): a new one replaces the old.
        Token.objects.filter(user=request.user).delete()
        new_key = Token.objects.create(user=request.user).key
    elif action == "revoke":
        Token.objects.filter(user=request.user).delete()
        messages.success(request, _("Your API token was revoked."))
        return HttpResponseRedirect(reverse("admin:registry_api_token", current_app=site.name))
    token = Token.objects.filter(user=request.user).first()
    context = {
        **site.each_context(request),
        "title": _("Your API token"),
        "token": token,
        "token_end": token.key[-4:] if token else "",
        "new_key": new_key,
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/registry/api_token.html", context)
