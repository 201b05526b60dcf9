"""One review-due rule: a working group and the agreement it reviews fall due on the same day,
at month ends and year ends, in the querysets, the tracker, the filters and the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry import models, schedule, tracker
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)

# (last held review, cadence in months, the day the next review falls due)
MONTH_AND_YEAR_ENDS = [
    pytest.param(D(2024, 2, 29), 1, D(2024, 3, 29), id="29-february-plus-1-month"),
    pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="31-january-leap-year"),
    pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), id="31-january-common-year"),
    pytest.param(D(2024, 12, 15), 1, D(2025, 1, 15), id="15-december-plus-1-month"),
    pytest.param(D(2024, 12, 31), 12, D(2025, 12, 31), id="31-december-plus-12-months"),
    pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="29-february-plus-12-months"),
]


def group_and_agreement(held_on, cadence):
    """A group and the agreement it reviews, both on `cadence`, last reviewed on `held_on`."""
    agreement = f.make_agreement(signed_on=D(2020, 1, 1), review_cadence_months=cadence)
    group = f.make_group(cadence_months=cadence)
    group.agreements.add(agreement)
    f.make_review(group=group, status="held", held_on=held_on)
    f.backdate()
    return group, agreement


def overdue(model, day) -> dict:
    """What the tracker's overdue query says on `day`: record → due date."""
    return {r: r.review_due_on for r in model.objects.review_overdue_on(day)}


def due_between(model, start, end) -> dict:
    return {r: r.review_due_on for r in model.objects.review_due_between(start, end)}


@pytest.mark.parametrize(("held_on", "cadence", "due"), MONTH_AND_YEAR_ENDS)
def test_the_rule_itself(held_on, cadence, due):
    assert schedule.review_due(held_on, cadence) == due
    assert not schedule.is_overdue(due, due)
    assert schedule.is_overdue(due, due + ONE_DAY)


@pytest.mark.parametrize(("held_on", "cadence", "due"), MONTH_AND_YEAR_ENDS)
def test_a_group_and_its_agreement_fall_due_on_the_same_day(held_on, cadence, due):
    group, agreement = group_and_agreement(held_on, cadence)
    for model, record in ((models.JointWorkingGroup, group), (models.Agreement, agreement)):
        assert due_between(model, due - ONE_DAY, due) == {record: due}, model
        assert due_between(model, due + ONE_DAY, due + 30 * ONE_DAY) == {}, model
        assert overdue(model, due) == {}, model
        assert overdue(model, due + ONE_DAY) == {record: due}, model


@pytest.mark.parametrize(("held_on", "cadence", "due"), MONTH_AND_YEAR_ENDS)
def test_the_tracker_shows_both_overdue_the_day_after_with_the_same_due_date(held_on, cadence, due):
    group, agreement = group_and_agreement(held_on, cadence)
    checks = {c.key: c for c in tracker.CHECKS}

    def rows(key, day):
        return {r.obj: (r.due, r.days) for r in tracker.all_rows(checks[key], day)}

    assert rows("groups_overdue", due + ONE_DAY) == {group: (due, -1)}
    assert rows("agreements_review_overdue", due + ONE_DAY) == {agreement: (due, -1)}
    assert rows("groups_overdue", due) == rows("agreements_review_overdue", due) == {}
    assert rows("groups_due", due) == {group: (due, 0)}


def test_the_29_february_case_of_the_issue():
    # Last meeting 29 Feb 2024, monthly: due 29 Mar, so both are overdue on 30 Mar 2024
    # (the agreement rule used to say "reviewed within the last month" and flag nothing).
    group, agreement = group_and_agreement(D(2024, 2, 29), 1)
    assert overdue(models.JointWorkingGroup, D(2024, 3, 30)) == {group: D(2024, 3, 29)}
    assert overdue(models.Agreement, D(2024, 3, 30)) == {agreement: D(2024, 3, 29)}


def test_an_agreement_never_reviewed_falls_due_one_cadence_after_it_started():
    in_force = f.make_agreement(
        signed_on=D(2023, 11, 30), in_force_from=D(2024, 1, 31), review_cadence_months=1
    )
    signed = f.make_agreement(signed_on=D(2023, 12, 31), review_cadence_months=2)
    assert due_between(models.Agreement, D(2024, 1, 1), D(2024, 3, 31)) == {
        in_force: D(2024, 2, 29),
        signed: D(2024, 2, 29),
    }
    unknown_start = f.make_agreement(signed_on=None, review_cadence_months=1)
    assert unknown_start not in overdue(models.Agreement, D(2030, 1, 1))


def test_a_review_held_before_an_agreement_started_did_not_review_it():
    group, agreement = group_and_agreement(D(2023, 1, 10), 12)
    agreement.signed_on = D(2024, 5, 1)
    agreement.save()
    assert overdue(models.Agreement, D(2024, 6, 1)) == {}
    assert overdue(models.JointWorkingGroup, D(2024, 6, 1)) == {group: D(2024, 1, 10)}
    assert overdue(models.Agreement, D(2025, 5, 2)) == {agreement: D(2025, 5, 1)}


def test_a_review_held_after_the_day_asked_about_does_not_count_yet():
    group, agreement = group_and_agreement(D(2024, 1, 15), 6)
    f.make_review(group=group, status="held", held_on=D(2024, 9, 1))
    assert overdue(models.JointWorkingGroup, D(2024, 8, 1)) == {group: D(2024, 7, 15)}
    assert overdue(models.Agreement, D(2024, 8, 1)) == {agreement: D(2024, 7, 15)}
    assert overdue(models.JointWorkingGroup, D(2024, 9, 2)) == {}
    assert overdue(models.Agreement, D(2024, 9, 2)) == {}


def test_only_live_agreements_fall_due_for_review():
    for status in ("under_negotiation", "expired", "terminated", "superseded"):
        f.make_agreement(status=status, review_cadence_months=1)
    assert overdue(models.Agreement, D(2030, 1, 1)) == {}


def _listed(client, model, query) -> set:
    opts = model._meta
    response = client.get(reverse(f"admin:registry_{opts.model_name}_changelist") + query)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_the_admin_filters_ask_the_same_rule(admin_client):
    today = timezone.localdate()
    held_on = schedule.add_months(today, -1) - ONE_DAY  # due yesterday or, clamped, earlier
    late_group, late_agreement = group_and_agreement(held_on, 1)
    soon_group, soon_agreement = group_and_agreement(today, 1)
    assert _listed(admin_client, models.JointWorkingGroup, "?due=overdue") == {late_group}
    assert _listed(admin_client, models.JointWorkingGroup, "?due=soon") == {soon_group}
    assert _listed(admin_client, models.Agreement, "?attention=review_overdue") == {late_agreement}
    assert _listed(admin_client, models.Agreement, "?attention=review_soon") == {soon_agreement}


def test_the_public_group_page_says_overdue_by_the_same_rule(client):
    today = timezone.localdate()
    late, _ = group_and_agreement(schedule.add_months(today, -1) - ONE_DAY, 1)
    on_time, _ = group_and_agreement(today, 1)
    for group, is_late in ((late, True), (on_time, False)):
        page = client.get(group.get_absolute_url()).content.decode()
        assert schedule.is_overdue(group.next_review_due, today) is is_late
        assert ("(overdue)" in page) is is_late


@pytest.mark.parametrize(
    ("model", "filter_title", "horizon", "label"),
    [
        (models.ActionItem, "due", "DUE_SOON_DAYS", "Due in the next 21 days"),
        (models.JWGReview, "due", "REVIEW_HORIZON_DAYS", "In the next 21 days"),
        (models.JointWorkingGroup, "next review", "REVIEW_HORIZON_DAYS", "Due in the next 21 days"),
        (models.Agreement, "needs attention", "EXPIRY_HORIZON_DAYS", "Expiring in 21 days"),
        (
            models.Agreement,
            "needs attention",
            "REVIEW_HORIZON_DAYS",
            "Review due in the next 21 days",
        ),
    ],
)
def test_admin_filter_labels_state_the_horizon_they_use(
    admin_client, monkeypatch, model, filter_title, horizon, label
):
    monkeypatch.setattr(schedule, horizon, 21)
    opts = model._meta
    response = admin_client.get(reverse(f"admin:registry_{opts.model_name}_changelist"))
    [spec] = [s for s in response.context["cl"].filter_specs if str(s.title) == filter_title]
    assert label in [str(choice["display"]) for choice in spec.choices(response.context["cl"])]
