"""The public review schedule (registry/review_schedule.py) on /reviews/, the working group
list and record pages: the tracker's rule, on published meetings only."""

import datetime

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from registry import models, review_schedule, schedule
from tests import factories as f

pytestmark = pytest.mark.django_db
# The pages count from today; the unit tests pass it in, so both see the same schedule.
DAY = timezone.localdate()
OVERDUE_HELD = DAY - datetime.timedelta(days=500)  # due 12 months later: ~135 days ago
SOON_HELD = schedule.add_months(DAY, -12) + datetime.timedelta(days=30)  # due in 30 days
LATER_HELD = DAY - datetime.timedelta(days=30)  # due in 23 months


@pytest.fixture
def groups():
    overdue = f.make_group(name="Overdue JWG", cadence_months=12)
    f.make_review(group=overdue, status="held", held_on=OVERDUE_HELD)
    soon = f.make_group(name="Soon JWG", cadence_months=12)
    f.make_review(group=soon, status="held", held_on=SOON_HELD)
    later = f.make_group(name="Later JWG", cadence_months=24)
    f.make_review(group=later, status="held", held_on=LATER_HELD)
    return overdue, soon, later


def test_on_fixed_dates_the_schedule_gives_the_trackers_due_dates(groups):
    tracker = models.JointWorkingGroup.objects.review_due_dates(DAY)
    public = {row.record.pk: row.due_on for row in review_schedule.public_schedule(DAY)}
    expected = {
        groups[0].pk: schedule.add_months(OVERDUE_HELD, 12),
        groups[1].pk: schedule.add_months(SOON_HELD, 12),
        groups[2].pk: schedule.add_months(LATER_HELD, 24),
    }
    assert public == tracker == expected


@pytest.mark.parametrize(
    ("window", "names"),
    [
        (review_schedule.OVERDUE, ["Overdue JWG"]),
        (review_schedule.DUE_SOON, ["Soon JWG"]),
        (None, ["Overdue JWG", "Soon JWG", "Later JWG"]),
    ],
)
def test_the_windows_pick_overdue_and_due_within_90_days(groups, window, names):
    rows = review_schedule.public_schedule(DAY, window)
    assert [row.record.name for row in rows] == names
    assert [row.overdue for row in rows] == [name == "Overdue JWG" for name in names]


def test_a_draft_meeting_or_draft_group_never_moves_the_public_schedule(groups):
    overdue = groups[0]
    held = DAY - datetime.timedelta(days=10)
    f.make_review(group=overdue, status="held", held_on=held, is_published=False)
    f.make_group(name="Draft JWG", cadence_months=6, is_published=False)
    tracker = models.JointWorkingGroup.objects.review_due_dates(DAY)
    public = {row.record.pk: row for row in review_schedule.public_schedule(DAY)}
    assert tracker[overdue.pk] == schedule.add_months(held, 12)  # staff see the draft meeting
    assert public[overdue.pk].due_on == schedule.add_months(OVERDUE_HELD, 12)
    assert public[overdue.pk].overdue
    assert all(row.record.name != "Draft JWG" for row in public.values())


def test_an_agreement_with_its_own_cadence_is_scheduled_from_its_start():
    start = DAY - datetime.timedelta(days=400)
    agreement = f.make_agreement(
        title="Cadenced MoU", in_force_from=start, review_cadence_months=12
    )
    f.make_agreement(title="Expired MoU", status="expired", review_cadence_months=12)
    rows = review_schedule.public_schedule(DAY)
    assert [(row.record.pk, row.due_on, row.overdue) for row in rows] == [
        (agreement.pk, schedule.add_months(start, 12), True)
    ]


def test_the_reviews_page_shows_the_schedule_and_its_filter(client, groups):
    url = reverse("registry:review_list")
    html = client.get(url).content.decode()
    schedule = html[html.index('id="review-schedule"') :]
    for group in groups:
        assert group.get_absolute_url() in schedule
    overdue = client.get(url + "?due=overdue").content.decode()
    section = overdue[overdue.index('id="review-schedule"') :].split("</section>")[0]
    assert "Overdue JWG" in section and "Soon JWG" not in section and "Overdue</strong>" in section
    assert client.get(url + "?due=<nonsense>").status_code == 200


def test_the_working_group_list_filters_by_the_rendered_due_choice(client, groups):
    url = reverse("registry:working_group_list")
    page = lxml.html.fromstring(client.get(url).content.decode())
    options = page.xpath('//form//select[@name="due"]/option/@value')
    assert {"soon", "overdue"} <= set(options)
    html = client.get(url + "?due=overdue").content.decode()
    assert "Overdue JWG" in html and "Soon JWG" not in html and "Later JWG" not in html
    bad = client.get(url + "?due=bogus")
    assert bad.status_code == 400  # a filter value the form does not offer: said, not a 500
    assert "Select a valid choice" in bad.content.decode()


def test_group_and_agreement_pages_say_overdue_plainly_with_the_last_meeting(client, groups):
    overdue = groups[0]
    agreement = f.make_agreement(review_cadence_months=12, in_force_from=OVERDUE_HELD)
    overdue.agreements.set([agreement])
    for record in (overdue, agreement):
        html = client.get(record.get_absolute_url()).content.decode()
        assert "Review overdue" in html
        held = f"{OVERDUE_HELD.day} {OVERDUE_HELD:%B %Y}"
        assert f"Last meeting held: {held}." in html


def test_action_items_stay_staff_only_on_the_schedule(client, groups):
    review = groups[0].reviews.get()
    f.make_action_item(review=review, description="Secret action marker")
    for url in (
        reverse("registry:review_list"),
        reverse("registry:working_group_list"),
        groups[0].get_absolute_url(),
    ):
        assert "Secret action marker" not in client.get(url).content.decode()
