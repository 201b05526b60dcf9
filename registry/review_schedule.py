"""The public review schedule: when each published working group and agreement is next due
for review, from published held meetings only, by the one rule (schedule.review_due) that
the secretariat's tracker uses on all meetings.

A due date the public sees may differ from the tracker's only by what the public may not
see: a held meeting still in draft.
"""

import datetime
from dataclasses import dataclass

from registry import models, schedule
from registry.caching import cached

# The schedule's filter: due within the review horizon (90 days), or overdue.
DUE_SOON = "soon"
OVERDUE = "overdue"


@dataclass
class Due:
    record: object  # a JointWorkingGroup or an Agreement
    due_on: datetime.date
    last_held_on: datetime.date | None
    overdue: bool


def group_dues(day: datetime.date) -> dict:
    """pk → next review due of each published group, from its published held meetings."""
    groups = models.JointWorkingGroup.objects.published()
    return groups.review_due_dates(day, published_only=True)


def in_window(due: datetime.date, day: datetime.date, window: str | None) -> bool:
    if window == OVERDUE:
        return schedule.is_overdue(due, day)
    if window == DUE_SOON:
        end = schedule.days_after(day, schedule.REVIEW_HORIZON_DAYS)
        return schedule.falls_due_between(due, day, end)
    return True


def agreement_last_held(agreement, day: datetime.date) -> datetime.date | None:
    """The last published meeting held by `day` of a published group reviewing it (from the
    record page's prefetched `public_groups`)."""
    held = [
        review.held_on
        for group in agreement.public_groups
        for review in group.public_reviews
        if review.status == models.JWGReview.Status.HELD
        and review.held_on
        and review.held_on <= day
    ]
    return max(held, default=None)


def agreement_due(agreement, day: datetime.date) -> Due | None:
    """An agreement page's next review: live agreements with their own cadence only."""
    if agreement.status not in (models.Agreement.Status.SIGNED, models.Agreement.Status.IN_FORCE):
        return None
    last = agreement_last_held(agreement, day)
    started = agreement.in_force_from or agreement.signed_on
    due = schedule.review_due(last, agreement.review_cadence_months, started)
    if due is None:
        return None
    return Due(agreement, due, last, schedule.is_overdue(due, day))


def public_schedule(day: datetime.date, window: str | None = None) -> list[Due]:
    """Published groups and live agreements with a next review due, overdue and soonest
    first; cached per data version and day."""
    return cached(f"review-schedule:{day.isoformat()}:{window}", lambda: build(day, window))


def build(day: datetime.date, window: str | None) -> list[Due]:
    rows = []
    groups = models.JointWorkingGroup.objects.published().for_list()
    for group in groups.filter(pk__in=list(group_dues(day))):
        due = group.next_review_due
        if due and in_window(due, day, window):
            rows.append(Due(group, due, group.last_held_on, schedule.is_overdue(due, day)))
    agreements = models.Agreement.objects.published().for_detail()
    for agreement in agreements.filter(review_cadence_months__isnull=False):
        due = agreement_due(agreement, day)
        if due and in_window(due.due_on, day, window):
            rows.append(due)
    return sorted(rows, key=lambda row: (row.due_on, str(row.record)))
