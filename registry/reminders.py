"""Reminders to the staff responsible for reviews, action items and expiring agreements.

Who gets a reminder: a working group's `secretariat_contact`; an action item's
`responsible_user` (else its group's contact); for an agreement, the contacts of the groups
that review it. With nobody named (or nobody with an e-mail address), the members of the
Review secretariat group get it. Sample records are demo data and never cause a reminder.

When a review falls due, and how far ahead "due soon" looks, is registry.schedule's rule,
the one the tracker and the admin filters use.

Each reminder sent is logged in ReminderLog (unique per recipient, kind, record and day), so
running the command again on the same day sends nothing twice. A notice reminder (the last
day to give notice on an agreement that renews automatically) is sent once, on the first run
within schedule.NOTICE_REMINDER_DAYS days of that day: the log of that window says it went.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry import models, schedule
from registry.models import ReminderLog
from registry.roles import SECRETARIAT

Kind = ReminderLog.Kind


@dataclass(frozen=True)
class Reminder:
    recipient: object
    kind: str
    obj: object
    detail: str

    @property
    def object_key(self) -> str:
        return f"{self.obj._meta.model_name}:{self.obj.pk}"

    @property
    def admin_url(self) -> str:
        opts = self.obj._meta
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])
        return getattr(settings, "REGISTRY_BASE_URL", "") + path


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def secretariat_members() -> list:
    users = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True)
    return [user for user in users.exclude(email="").order_by("pk")]


class Recipients:
    """Who is responsible for what, with the Review secretariat as the fallback."""

    def __init__(self):
        self.fallback = secretariat_members()

    def first_reachable(self, *candidates) -> list:
        people = [user for user in candidates if _reachable(user)]
        return list(dict.fromkeys(people)) or self.fallback

    def for_group(self, group) -> list:
        return self.first_reachable(group.secretariat_contact)

    def for_action(self, item) -> list:
        reachable = self.first_reachable(item.responsible_user)
        if reachable is self.fallback:
            return self.for_group(item.review.group)
        return reachable

    def for_agreement(self, agreement) -> list:
        contacts = [g.secretariat_contact for g in agreement.working_groups.all()]
        return self.first_reachable(*contacts)


def _review_reminders(day, who: Recipients):
    soon = schedule.days_after(day, schedule.DUE_SOON_DAYS)
    reviews = models.JWGReview.objects.real().select_related("group__secretariat_contact")
    groups = models.JointWorkingGroup.objects.real().select_related("secretariat_contact")
    for review in reviews.upcoming(day, schedule.DUE_SOON_DAYS):
        yield Kind.REVIEW_DUE, review, review.date_display, who.for_group(review.group)
    for review in reviews.overdue_on(day):
        yield Kind.REVIEW_OVERDUE, review, review.date_display, who.for_group(review.group)
    for group in groups.review_due_between(day, soon):
        yield Kind.GROUP_REVIEW_DUE, group, group.review_due_on, who.for_group(group)
    for group in groups.review_overdue_on(day):
        yield Kind.GROUP_REVIEW_OVERDUE, group, group.review_due_on, who.for_group(group)


def _action_and_agreement_reminders(day, who: Recipients):
    soon = schedule.days_after(day, schedule.DUE_SOON_DAYS)
    items = models.ActionItem.objects.real().select_related(
        "responsible_user", "review__group__secretariat_contact"
    )
    for item in items.due_between(day, soon):
        yield Kind.ACTION_DUE, item, item.due_on, who.for_action(item)
    for item in items.overdue_on(day):
        yield Kind.ACTION_OVERDUE, item, item.due_on, who.for_action(item)
    agreements = models.Agreement.objects.real().prefetch_related(
        "working_groups__secretariat_contact"
    )
    for agreement in agreements.expiring_within(schedule.EXPIRY_REMINDER_DAYS, day):
        yield (
            Kind.AGREEMENT_EXPIRING,
            agreement,
            agreement.valid_until,
            who.for_agreement(agreement),
        )
    notice_end = schedule.days_after(day, schedule.NOTICE_REMINDER_DAYS)
    for agreement in agreements.notice_due_between(day, notice_end):
        detail = f"last day to give notice: {agreement.notice_by.isoformat()}"
        yield Kind.NOTICE_DEADLINE, agreement, detail, who.for_agreement(agreement)


def _found(day: datetime.date) -> list:
    who = Recipients()
    return [
        *_review_reminders(day, who),
        *_action_and_agreement_reminders(day, who),
        *change_request_reminders(day),
    ]


def due_reminders(day: datetime.date) -> tuple[list[Reminder], list]:
    """Every reminder due on `day`, one per recipient and record, before checking the log;
    and the records due one that nobody can receive (no contact, empty secretariat group)."""
    found = _found(day)
    reminders = [
        Reminder(user, kind, obj, str(detail or ""))
        for kind, obj, detail, users in found
        for user in users
    ]
    return reminders, [obj for _kind, obj, _detail, users in found if not users]


# Kinds sent once in a window of days before their record's date, not once a day: the first
# day of the window of each reminder's record.
ONCE_IN_WINDOW = {
    Kind.NOTICE_DEADLINE: lambda agreement: (
        agreement.notice_by - datetime.timedelta(days=schedule.NOTICE_REMINDER_DAYS)
    ),
}


def not_yet_sent(reminders: list[Reminder], day: datetime.date) -> list[Reminder]:
    sent = set(
        ReminderLog.objects.filter(day=day).values_list("recipient_id", "kind", "object_key")
    )
    opened = {r: ONCE_IN_WINDOW[r.kind](r.obj) for r in reminders if r.kind in ONCE_IN_WINDOW}
    earlier = defaultdict(list)
    if opened:
        logs = ReminderLog.objects.filter(
            kind__in=list(ONCE_IN_WINDOW), day__gte=min(opened.values())
        )
        for recipient, kind, key, logged in logs.values_list(
            "recipient_id", "kind", "object_key", "day"
        ):
            earlier[recipient, kind, key].append(logged)

    def is_new(r):
        key = (r.recipient.pk, r.kind, r.object_key)
        if r in opened:
            return not any(logged >= opened[r] for logged in earlier[key])
        return key not in sent

    return [r for r in reminders if is_new(r)]


def by_recipient(reminders: list[Reminder]) -> dict:
    grouped = defaultdict(list)
    for reminder in reminders:
        grouped[reminder.recipient].append(reminder)
    return grouped


def compose(day: datetime.date, reminders: list[Reminder]) -> tuple[str, str]:
    subject = f"Registry reminders for {day.isoformat()}: {len(reminders)} item(s)"
    lines = [f"These registry records need attention on {day.isoformat()}:", ""]
    for r in reminders:
        lines += [f"- {Kind(r.kind).label}: {r.obj}", f"  {r.detail}  {r.admin_url}".rstrip()]
    lines += ["", "The JWG review tracker in the admin lists everything due."]
    return subject, "\n".join(lines)


def send_reminders(day: datetime.date, dry_run: bool = False) -> tuple[list, list]:
    """Send each recipient one e-mail with their reminders not yet sent for `day`.

    Returns the (user, reminders) sent and the records nobody can receive a reminder for.
    """
    due, unaddressed = due_reminders(day)
    sent = []
    for user, reminders in by_recipient(not_yet_sent(due, day)).items():
        if dry_run or _send_once(user, reminders, day):
            sent.append((user, reminders))
    return sent, unaddressed


def _send_once(user, reminders: list[Reminder], day: datetime.date) -> bool:
    # The log rows and the mail stand or fall together: a failed send logs nothing (so the
    # next run retries), and a concurrent run that logged first makes this one skip.
    try:
        with transaction.atomic():
            ReminderLog.objects.bulk_create(
                ReminderLog(recipient=user, kind=r.kind, object_key=r.object_key, day=day)
                for r in reminders
            )
            subject, body = compose(day, reminders)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False
    return True


# -- change requests waiting for a decision (registry/models/changes.py) -------------------


def change_request_reminders(day: datetime.date):
    """Each proposal waiting on `day`, to everyone who may decide it (not its proposer)."""
    from django.utils.timezone import localdate

    from registry.models.changes import ChangeRequest, deciders

    waiting = ChangeRequest.objects.waiting_on(day).order_by("created_at", "id")
    waiting = waiting.select_related("content_type", "proposed_by").prefetch_related("record")
    people = {}
    for proposal in waiting:
        model = proposal.model
        if model not in people:
            people[model] = deciders(model)
        users = [user for user in people[model] if user.pk != proposal.proposed_by_id]
        detail = (
            f"{model._meta.verbose_name} “{proposal.record}”, proposed by "
            f"{proposal.proposed_by or 'a former user'} on {localdate(proposal.created_at)}"
        )
        yield Kind.CHANGE_REQUEST_WAITING, proposal, detail, users
