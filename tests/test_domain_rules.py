"""The domain model's rules: constraints, the published rule, review due dates, aliases."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from registry import models, schedule
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    "dates",
    [
        {"signed_on": D(2020, 5, 1), "in_force_from": D(2020, 4, 30)},
        {"in_force_from": D(2020, 5, 1), "valid_until": D(2020, 4, 1)},
        {"signed_on": D(2020, 5, 1), "valid_until": D(2019, 1, 1)},
    ],
)
def test_the_database_rejects_agreement_dates_out_of_order(dates):
    values = {"signed_on": None, **dates}
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_agreement(**values)


def test_the_database_accepts_agreement_dates_in_order_and_missing_dates():
    factories.make_agreement(
        signed_on=D(2020, 1, 1), in_force_from=D(2020, 1, 1), valid_until=D(2025, 1, 1)
    )
    factories.make_agreement(signed_on=None, in_force_from=None, valid_until=D(2025, 1, 1))
    assert models.Agreement.objects.count() == 2


def test_the_database_rejects_a_call_closing_before_it_opens():
    opens = datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_call(opens_at=opens, closes_at=opens - datetime.timedelta(hours=1))


def test_the_database_rejects_a_membership_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_membership(started_on=D(2020, 1, 1), ended_on=D(2019, 1, 1))


def test_the_database_rejects_a_held_review_without_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_review(held_on=None, status=models.JWGReview.Status.HELD)


def test_published_hides_drafts_for_every_record_type():
    drafts = [
        factories.make_partner(is_published=False),
        factories.make_area(is_published=False),
        factories.make_agreement(is_published=False),
        factories.make_call(is_published=False),
        factories.make_facility(is_published=False),
        factories.make_review(is_published=False),
    ]
    for draft in drafts:
        assert not type(draft).objects.published().filter(pk=draft.pk).exists()
        assert type(draft).objects.filter(pk=draft.pk).exists()


def test_next_review_is_due_one_cadence_after_the_last_held_review():
    group = factories.make_group(cadence_months=12)
    factories.make_review(group=group, held_on=D(2023, 3, 10))
    factories.make_review(group=group, held_on=D(2024, 1, 31))
    factories.make_review(group=group, held_on=D(2024, 9, 1), status="planned")
    assert group.next_review_due == D(2025, 1, 31)


def test_next_review_due_clamps_to_the_end_of_a_short_month():
    assert schedule.review_due(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert schedule.review_due(D(2024, 1, 31), None) is None
    assert schedule.review_due(None, 12) is None


def test_overdue_groups_are_those_whose_due_date_has_passed():
    late = factories.make_group(cadence_months=12)
    factories.make_review(group=late, held_on=D(2023, 6, 1))
    on_time = factories.make_group(cadence_months=24)
    factories.make_review(group=on_time, held_on=D(2023, 6, 1))
    never_held = factories.make_group(cadence_months=12)
    overdue = models.JointWorkingGroup.objects.review_overdue_on(D(2024, 6, 2))
    assert list(overdue) == [late]
    assert not models.JointWorkingGroup.objects.review_overdue_on(D(2024, 6, 1)).exists()
    assert never_held not in models.JointWorkingGroup.objects.review_overdue_on(D(2030, 1, 1))


def test_a_planned_meeting_past_its_date_is_overdue():
    planned = factories.make_review(status="planned", held_on=D(2024, 5, 1))
    factories.make_review(status="planned", held_on=D(2024, 7, 1))
    assert list(models.JWGReview.objects.overdue_on(D(2024, 6, 1))) == [planned]


def test_agreements_expiring_within_n_days():
    soon = factories.make_agreement(signed_on=D(2020, 1, 1), valid_until=D(2024, 7, 1))
    factories.make_agreement(signed_on=D(2020, 1, 1), valid_until=D(2025, 7, 1))
    factories.make_agreement(signed_on=D(2020, 1, 1), valid_until=D(2024, 5, 1))
    expiring = models.Agreement.objects.expiring_within(60, D(2024, 6, 1))
    assert list(expiring) == [soon]


def test_open_calls_exclude_those_past_their_deadline_or_not_open():
    open_call = factories.make_call()
    factories.make_call(status="forecast")
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    factories.make_call(opens_at=past, closes_at=past + datetime.timedelta(days=1))
    assert list(models.JointCall.objects.open_at()) == [open_call]


def test_a_source_spelling_resolves_to_one_partner():
    south_africa = factories.make_partner(name="South Africa", iso_code="ZA")
    models.PartnerAlias.objects.create(partner=south_africa, name="S. Africa")
    assert models.Partner.objects.resolve("S. Africa") == south_africa
    assert models.Partner.objects.resolve("s.  africa") == south_africa
    assert models.Partner.objects.resolve("ZA") == south_africa
    assert models.Partner.objects.resolve("Atlantis") is None


def test_an_alias_cannot_point_at_two_partners():
    models.PartnerAlias.objects.create(partner=factories.make_partner(), name="Korea")
    with pytest.raises(IntegrityError), transaction.atomic():
        models.PartnerAlias.objects.create(partner=factories.make_partner(), name="KOREA")


def test_partial_dates_show_only_what_the_source_states():
    assert models.format_partial_date(D(1974, 1, 1), "year") == "1974"
    assert models.format_partial_date(D(2015, 5, 1), "month") == "May 2015"
    assert models.format_partial_date(D(2024, 12, 19)) == "19 December 2024"
    assert models.format_partial_date(D(2015, 1, 1), "circa") == "c. 2015"


def test_an_estimated_year_says_so_in_the_active_language():
    from django.utils import translation

    with translation.override("hi"):
        assert models.format_partial_date(D(2015, 1, 1), "circa") == "लगभग 2015"


def test_partial_dates_name_the_month_in_the_active_language():
    from django.utils import translation

    with translation.override("hi"):
        shown = models.format_partial_date(D(2015, 5, 1), "month")
    assert shown.endswith("2015") and "May" not in shown
