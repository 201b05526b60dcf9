"""The audit trail: who logged in (or failed to, or was locked out), who published,
unpublished, approved, rejected or reverted what, when and from where.

Staff only: read in the admin (every role may view it, nobody may change it), never in the
API, the /data/ downloads or the sitemap, and its writes do not change the public data
version (registry/caching.py). Written through registry.audit.record only. Backups keep it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One thing that happened, as it was when it happened."""

    class Action(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOCKED_OUT = "locked_out", _("locked out")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        APPROVED = "approved", _("change request approved")
        REJECTED = "rejected", _("change request rejected")
        REVERTED = "reverted", _("reverted")

    # Stored in UTC (USE_TZ); the admin shows it in Indian time.
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    # Kept as typed or as it was: the account may be deleted or renamed later, and a failed
    # login may name no account at all.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        # No add, change or delete through the admin (registry/admin/audit.py); view only.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="auditevent_record_idx"),
            models.Index(fields=["action", "at"], name="auditevent_action_idx"),
        ]

    def __str__(self):
        who = self.username or "—"
        what = f" {self.object_repr}" if self.object_repr else ""
        return f"{self.get_action_display()}: {who}{what}"
