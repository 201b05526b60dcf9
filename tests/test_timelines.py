"""Timelines on agreement and facility pages (registry/timelines.py)."""

import datetime
import re

import pytest
from django.utils import timezone

from registry import models
from registry.timelines import agreement_timeline, membership_periods
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


def detail(agreement):
    return models.Agreement.objects.published().for_detail().get(pk=agreement.pk)


def test_an_agreement_timeline_runs_from_signature_to_expiry_in_date_order():
    agreement = f.make_agreement(
        signed_on=D(2019, 3, 1), in_force_from=D(2019, 6, 1), valid_until=D(2029, 2, 28)
    )
    group = f.make_group(name="JWG")
    group.agreements.set([agreement])
    f.make_review(group=group, status="held", held_on=D(2021, 5, 4), title="Second meeting")
    f.make_review(group=group, status="held", held_on=D(2020, 1, 9), title="First meeting")
    f.make_review(group=group, status="held", held_on=D(2022, 1, 9), is_published=False)
    opens = datetime.datetime(2020, 8, 31, 20, 0, tzinfo=datetime.UTC)  # 1 Sept in India
    f.make_call(agreement=agreement, title="First call", opens_at=opens)
    amendment = f.make_agreement(title="Protocol", signed_on=D(2024, 2, 2), amends=agreement)
    events = agreement_timeline(detail(agreement), today=D(2025, 1, 1))
    assert [(e.on, e.kind) for e in events] == [
        (D(2019, 3, 1), "signed"),
        (D(2019, 6, 1), "in_force"),
        (D(2020, 1, 9), "meeting"),
        (D(2020, 9, 1), "call"),
        (D(2021, 5, 4), "meeting"),
        (D(2024, 2, 2), "amendment"),
        (D(2029, 2, 28), "valid_until"),
    ]
    assert [e.upcoming for e in events] == [False] * 6 + [True]
    assert events[5].url == amendment.get_absolute_url()


def test_a_draft_amendment_or_call_is_not_on_the_timeline():
    agreement = f.make_agreement(signed_on=D(2019, 3, 1))
    f.make_agreement(
        title="Draft protocol", signed_on=D(2024, 2, 2), amends=agreement, is_published=False
    )
    f.make_call(agreement=agreement, is_published=False, opens_at=timezone.now())
    assert [e.kind for e in agreement_timeline(detail(agreement))] == ["signed"]


def test_the_agreement_page_shows_the_dates_as_text_as_precisely_as_the_source(client):
    agreement = f.make_agreement(signed_on=D(1974, 1, 1), signed_precision="year", valid_until=None)
    html = client.get(agreement.get_absolute_url()).content.decode()
    timeline = html[html.index('id="timeline-heading"') :]
    assert re.search(r'<time datetime="1974-01-01">1974</time>', timeline)


def test_membership_periods_are_placed_on_one_axis_of_years():
    facility = f.make_facility()
    f.make_membership(facility=facility, started_on=D(2010, 1, 1), ended_on=D(2015, 1, 1))
    f.make_membership(facility=facility, started_on=D(2016, 1, 1))
    f.make_membership(facility=facility)  # no dates: left off the axis
    memberships = list(facility.memberships.order_by("started_on"))
    periods = membership_periods(memberships, today=D(2020, 1, 1))
    assert (periods["first"], periods["last"]) == (2010, 2021)
    first, second = sorted(periods["periods"], key=lambda p: p.x)
    assert first.x == 0 and not first.ongoing and first.ended == "1 January 2015"
    assert second.ongoing and second.ended == "ongoing"
    assert second.x + second.width == pytest.approx(1000 * 10 / 11, abs=1)


def test_the_facility_page_lists_the_periods_as_text(client):
    facility = f.make_facility()
    f.make_membership(facility=facility, started_on=D(2016, 1, 1), membership_type="member")
    f.make_membership(facility=facility, started_on=D(2001, 1, 1), is_published=False)
    html = client.get(facility.get_absolute_url()).content.decode()
    assert "Member: 1 January 2016 – ongoing" in html
    assert "2001" not in html[html.index('class="periods"') :][:2000]
