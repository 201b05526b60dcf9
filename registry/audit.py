"""Writing the audit trail (registry.models.AuditEvent): `record` is the one way in.

Logins, failed logins and lockouts come from Django's and django-axes' signals. Publishing
and unpublishing are seen in one place whatever the path (admin action, change form, API,
import, revert, a shell): a record's save compares its published flag with the stored one.
Approvals, rejections and reverts are recorded where they are decided.
"""

import datetime
import ipaddress

from axes.helpers import get_client_ip_address, get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords

from registry.models import AuditEvent, Record
from registry.publishing import NEVER_PUBLISHED

Action = AuditEvent.Action
OUTSIDE_A_REQUEST = "outside a web request (a command or the shell)"


def current_request():
    """The request being answered in this thread, if any (simple-history's middleware keeps
    it for the history's author; the audit trail wants the same person and their address)."""
    return getattr(HistoricalRecords.context, "request", None)


def record(action, user=None, obj=None, request=None, detail: str = "", username: str = ""):
    """Write one audit event. `user` defaults to the request's user, except for a login
    (which gives the `username` typed: the account it names may not exist). The address is
    found as django-axes finds it (behind PROXY_COUNT trusted proxies, X-Forwarded-For)."""
    request = request or current_request()
    if user is None and request is not None and not username:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if obj is not None:
        obj_fields = {
            "content_type": ContentType.objects.get_for_model(type(obj)),
            "object_id": obj.pk,
            "object_repr": str(obj)[:300],
        }
    else:
        obj_fields = {}
    if request is None and not detail:
        detail = OUTSIDE_A_REQUEST
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=(user.get_username() if user else username)[:150],
        ip_address=client_address(request),
        detail=detail[:300],
        **obj_fields,
    )


def client_address(request) -> str | None:
    address = get_client_ip_address(request) if request is not None else None
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None  # a unix socket's empty or odd REMOTE_ADDR: no address is known


# -- logins ------------------------------------------------------------------------------


def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, user=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    detail = "while locked out" if getattr(request, "_audit_while_locked", False) else ""
    event = record(
        Action.LOGIN_FAILED,
        user=_account(username),
        request=request,
        detail=detail,
        username=username,
    )
    if request is not None:
        request._audit_failed_login = event


def _locked_out(sender, request, username, ip_address=None, **kwargs):
    """axes sends this on the failed login that reaches the limit, and again on each try
    while locked out: only the first is a lockout, the others are failed logins."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures == get_failure_limit(request, getattr(request, "axes_credentials", None)):
        username = str(username or "")
        detail = f"after {failures} failed logins"
        record(
            Action.LOCKED_OUT,
            user=_account(username),
            request=request,
            detail=detail,
            username=username,
        )
        return
    # The failed login of this try is written before or after this signal, as the
    # receivers' order falls: mark it either way.
    failed = getattr(request, "_audit_failed_login", None)
    if failed is None:
        request._audit_while_locked = True
    else:
        AuditEvent.objects.filter(pk=failed.pk).update(detail="while locked out")


def _account(username: str):
    """The account a login named, if there is one (a failed login may name none)."""
    users = get_user_model()
    return users._default_manager.filter(**{users.USERNAME_FIELD: username}).first()


# -- publishing --------------------------------------------------------------------------


def _is_published_record(sender) -> bool:
    return issubclass(sender, Record) and sender not in NEVER_PUBLISHED


def _remember_published(sender, instance, raw=False, **kwargs):
    """Before a record is saved: was it published? (A fixture or restore is not a publish.)"""
    if raw or not _is_published_record(sender):
        return
    was = False
    if not instance._state.adding:
        stored = sender._base_manager.filter(pk=instance.pk)
        was = bool(stored.values_list("is_published", flat=True).first())
    instance._audit_was_published = was


def _record_publication(sender, instance, raw=False, **kwargs):
    if raw or not _is_published_record(sender):
        return
    was = instance.__dict__.pop("_audit_was_published", None)
    if was is None or was == instance.is_published:
        return
    action = Action.PUBLISHED if instance.is_published else Action.UNPUBLISHED
    record(action, user=getattr(instance, "_history_user", None), obj=instance)


def connect_signals():
    user_logged_in.connect(_logged_in, dispatch_uid="registry-audit-login")
    user_login_failed.connect(_login_failed, dispatch_uid="registry-audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="registry-audit-locked-out")
    pre_save.connect(_remember_published, dispatch_uid="registry-audit-pre-save")
    post_save.connect(_record_publication, dispatch_uid="registry-audit-post-save")


# -- retention ---------------------------------------------------------------------------

# CERT-In's directions of 28 April 2022 ask for logs to be kept 180 days.
MINIMUM_RETENTION_DAYS = 180


def prune(days: int, now=None) -> int:
    """Delete the events older than `days` days; how many went. Refuses under the minimum."""
    if days < MINIMUM_RETENTION_DAYS:
        raise ValueError(
            f"AUDIT_RETENTION_DAYS is {days}; the audit log must be kept at least "
            f"{MINIMUM_RETENTION_DAYS} days (CERT-In). Nothing was deleted."
        )
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _by_model = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
