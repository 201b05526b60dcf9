"""The JWG review tracker lists exactly the records that need attention on a given day."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import models
from registry.admin.tracker import tracker_sections
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)
PLANNED, HELD = "planned", "held"


def days(n: int) -> datetime.date:
    return DAY + datetime.timedelta(days=n)


def quiet_group(**fields):
    """A group with no cadence: it never falls due itself, so it only hosts meetings."""
    return f.make_group(cadence_months=None, **fields)


def planned(held_on):
    return f.make_review(group=quiet_group(), status=PLANNED, held_on=held_on)


def action(due_on, status="open"):
    # Not f.make_action_item: its default review (built even when one is given) would add
    # a working group that falls due.
    review = f.make_review(group=quiet_group())
    return models.ActionItem.objects.create(
        review=review, description="Follow up", due_on=due_on, status=status
    )


def group_last_held(cadence, held_on):
    group = f.make_group(cadence_months=cadence)
    f.make_review(group=group, status=HELD, held_on=held_on)
    return group


def agreement_reviewed(held_on=None, **fields):
    agreement = f.make_agreement(review_cadence_months=12, **fields)
    if held_on:
        group = quiet_group()
        group.agreements.add(agreement)
        f.make_review(group=group, status=HELD, held_on=held_on)
    return agreement


@pytest.fixture
def world():
    """Records on both sides of every boundary; `expected` names those the tracker must list."""
    expected = {
        "reviews_overdue": {planned(days(-12))},
        "groups_overdue": {group_last_held(6, datetime.date(2024, 10, 1))},  # due 1 Apr 2025
        "reviews_upcoming": {planned(DAY), planned(days(90))},
        "groups_due": {group_last_held(6, datetime.date(2025, 1, 15))},  # due 15 Jul 2025
        "actions_overdue": {
            action(days(-1)),
            action(days(-200), status="in_progress"),
        },
        "agreements_expiring": {f.make_agreement(valid_until=days(180))},
        "agreements_not_in_force": {f.make_agreement(status="signed", signed_on=None)},
        "agreements_unreviewed": {
            agreement_reviewed(held_on=datetime.date(2024, 1, 1)),
            agreement_reviewed(),
        },
    }
    # Near misses: none of these may appear anywhere.
    planned(days(91))
    f.make_review(group=quiet_group(), status=HELD, held_on=days(-12))
    group_last_held(12, datetime.date(2024, 10, 1))  # due 1 Oct 2025: beyond 90 days
    action(DAY)
    action(days(-5), status="done")
    action(days(-5), status="dropped")
    f.make_agreement(valid_until=days(181))
    f.make_agreement(valid_until=days(-1))
    f.make_agreement(valid_until=days(30), status="expired")
    agreement_reviewed(held_on=datetime.date(2024, 12, 1))  # reviewed within 12 months
    agreement_reviewed(signed_on=datetime.date(2025, 1, 1))  # not yet one cadence old
    agreement_reviewed(status="terminated", signed_on=None)
    return expected


def test_the_tracker_lists_exactly_the_right_records_for_a_fixed_day(world):
    sections = {s.key: {row.obj for row in s.rows} for s in tracker_sections(DAY)}
    assert sections == world


def test_each_row_links_to_its_admin_change_page(world):
    for section in tracker_sections(DAY):
        for row in section.rows:
            opts = row.obj._meta
            assert row.url == reverse(f"admin:registry_{opts.model_name}_change", args=[row.obj.pk])


def test_the_page_shows_the_day_it_is_computed_for_and_links_every_row(admin_client, world):
    response = admin_client.get(reverse("admin:registry_tracker"), {"on": "2025-06-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["day"] == DAY
    assert 'datetime="2025-06-01"' in page
    [expiring] = world["agreements_expiring"]
    assert reverse("admin:registry_agreement_change", args=[expiring.pk]) in page
    # The sources rarely say whether an agreement is in force: the list must not claim it is not.
    assert "Agreements signed, with no entry into force recorded" in page
    assert "not in force" not in page


def test_without_a_date_it_computes_for_today(admin_client):
    from django.utils import timezone

    response = admin_client.get(reverse("admin:registry_tracker"))
    assert response.context["day"] == timezone.localdate()


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "2025-02-30", "x" * 500])
def test_a_bad_date_gives_a_message_not_an_error(admin_client, bad):
    response = admin_client.get(reverse("admin:registry_tracker"), {"on": bad})
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("is not a date" in m for m in messages)


def test_the_tracker_is_for_staff_only(client, django_user_model):
    url = reverse("admin:registry_tracker")
    assert client.get(url).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("public", "p@example.org", None)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_a_viewer_sees_every_section_a_role_without_view_rights_sees_none(
    client, staff_in_role, django_user_model
):
    client.force_login(staff_in_role("Viewer"))
    assert len(client.get(reverse("admin:registry_tracker")).context["sections"]) == 8
    bare = django_user_model.objects.create_user("bare", "b@example.org", None, is_staff=True)
    client.force_login(bare)
    assert client.get(reverse("admin:registry_tracker")).context["sections"] == []


def test_a_long_section_shows_its_first_rows_and_says_how_many_there_are(admin_client, monkeypatch):
    monkeypatch.setattr("registry.admin.tracker.ROW_LIMIT", 2)
    for _ in range(3):
        f.make_agreement(status="signed")
    response = admin_client.get(reverse("admin:registry_tracker"), {"on": "2025-06-01"})
    [section] = [s for s in response.context["sections"] if s.key == "agreements_not_in_force"]
    assert (len(section.rows), section.total) == (2, 3)
    assert "Showing the first 2 of 3." in response.content.decode()


def test_the_page_costs_the_same_number_of_queries_however_many_rows(admin_client, world):
    # Session and user; per section one query for its rows (a working-group section also
    # computes due dates in one query first); a count only past ROW_LIMIT rows: 13 today.
    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(reverse("admin:registry_tracker"), {"on": "2025-06-01"})
        return len(queries)

    before = page_queries()
    for _ in range(5):
        planned(days(-12))
        action(days(-1))
        f.make_agreement(valid_until=days(100))
    assert page_queries() == before == 13


def test_section_titles_state_the_horizons_the_checks_use(monkeypatch):
    from registry.admin import tracker

    monkeypatch.setattr(tracker, "REVIEW_HORIZON_DAYS", 30)
    monkeypatch.setattr(tracker, "EXPIRY_HORIZON_DAYS", 365)
    titles = {s.key: s.title for s in tracker_sections(DAY)}
    assert titles["reviews_upcoming"] == "Review meetings planned in the next 30 days"
    assert titles["groups_due"] == "Working groups whose review falls due in the next 30 days"
    assert titles["agreements_expiring"] == "Agreements expiring in the next 365 days"
    assert titles["actions_overdue"] == "Action items overdue"
