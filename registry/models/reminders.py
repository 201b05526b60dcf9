"""What the reminder command has sent, so running it twice on one day sends nothing twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderLog(models.Model):
    """One reminder about one record, sent to one staff member for one day."""

    class Kind(models.TextChoices):
        REVIEW_DUE = "review_due", _("Review meeting due soon")
        REVIEW_OVERDUE = "review_overdue", _("Review meeting overdue")
        GROUP_REVIEW_DUE = "group_review_due", _("Working group review due soon")
        GROUP_REVIEW_OVERDUE = "group_review_overdue", _("Working group review overdue")
        ACTION_DUE = "action_due", _("Action item due soon")
        ACTION_OVERDUE = "action_overdue", _("Action item overdue")
        AGREEMENT_EXPIRING = "agreement_expiring", _("Agreement nearing expiry")
        CHANGE_REQUEST_WAITING = "change_request_waiting", _("Change request waiting for you")
        NOTICE_DEADLINE = "notice_deadline", _("Last day to give notice on an agreement nearing")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_logs",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    object_key = models.CharField(
        _("record"), max_length=100, help_text=_("Model and primary key, e.g. 'agreement:12'.")
    )
    day = models.DateField(_("for day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "recipient_id", "kind", "object_key", "id"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "day"],
                name="reminderlog_once_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.kind} {self.object_key} → {self.recipient}"
