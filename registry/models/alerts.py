"""E-mail alerts for readers without an account: an address, its alerts, and what was sent.

An address is kept only while it has alerts: with the state of each (waiting for
confirmation or confirmed), and the language it signed up in. Unsubscribing deletes the
address and everything below it; an alert never confirmed is deleted after
ALERTS_CONFIRM_DAYS (registry/alerts.py, `prune`). See the privacy page.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(32)


class AlertSubscriber(models.Model):
    """One e-mail address that asked for alerts. Its key is what its signed links name."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("alert subscriber")
        verbose_name_plural = _("alert subscribers")

    def __str__(self):
        return self.email


class Alert(models.Model):
    """What one address follows: a public list with its filter (`stem`, `query`), or one
    record (`stem`, `record_id`); sent daily or weekly once confirmed."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    subscriber = models.ForeignKey(AlertSubscriber, on_delete=models.CASCADE, related_name="alerts")
    stem = models.CharField(_("record type"), max_length=30)
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    record_id = models.PositiveIntegerField(_("followed record"), null=True, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The last day (in India) whose news has been sent; the next e-mail starts the day after.
    covered_through = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["subscriber_id", "created_at", "id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="alert_state_idx")]

    def __str__(self):
        target = f"{self.stem}:{self.record_id}" if self.record_id else f"{self.stem}?{self.query}"
        return f"{self.subscriber_id} {target} ({self.frequency})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AlertLog(models.Model):
    """One alert e-mail sent to one address for one day: a second run that day sends none."""

    subscriber = models.ForeignKey(AlertSubscriber, on_delete=models.CASCADE, related_name="logs")
    day = models.DateField(_("for day"))
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "subscriber_id", "id"]
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "day"], name="alertlog_once_per_day"),
        ]

    def __str__(self):
        return f"{self.day} → {self.subscriber_id} ({self.items})"
