"""Agreement health: the renewal rule gives the next expiry and the last day to give notice
(one derivation, on fixed days), staff are reminded before that day once, the tracker lists
the near notice days and the dormant agreements, and the public page says what is known."""

import datetime
import io

import lxml.html
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from registry import models, schedule, tracker
from registry.models.agreements import last_activity
from registry.roles import SECRETARIAT
from tests import factories as f

D = datetime.date
AUTO, NONE, UNKNOWN = "automatic", "none", ""


def outlook(today, *, kind=AUTO, live=True, valid_until=None, start=None, initial=None,
            renewal=None, notice=None):  # fmt: skip
    return schedule.renewal_outlook(
        kind=kind,
        live=live,
        valid_until=valid_until,
        start=start,
        initial_months=initial,
        renewal_months=renewal,
        notice_months=notice,
        today=today,
    )


# -- the derivation, on fixed days -------------------------------------------------------------


def test_no_rule_known_gives_the_stated_expiry_and_no_notice_day():
    result = outlook(D(2025, 6, 1), kind=UNKNOWN, valid_until=D(2027, 3, 31), initial=60)
    assert (result.expires_on, result.notice_by) == (D(2027, 3, 31), None)


def test_no_rule_known_computes_nothing_from_an_initial_term():
    result = outlook(D(2025, 6, 1), kind=UNKNOWN, start=D(2020, 1, 1), initial=60)
    assert (result.expires_on, result.notice_by) == (None, None)


def test_no_automatic_renewal_expires_on_valid_until():
    result = outlook(D(2025, 6, 1), kind=NONE, valid_until=D(2026, 5, 4), start=D(2020, 1, 1))
    assert (result.expires_on, result.notice_by) == (D(2026, 5, 4), None)


def test_no_automatic_renewal_without_valid_until_ends_one_initial_term_after_its_start():
    result = outlook(D(2025, 6, 1), kind=NONE, start=D(2021, 3, 15), initial=60)
    assert result.expires_on == D(2026, 3, 15)


def test_automatic_renewal_before_the_first_notice_day():
    result = outlook(D(2025, 6, 1), start=D(2021, 3, 15), initial=60, renewal=60, notice=6)
    assert (result.expires_on, result.notice_by) == (D(2026, 3, 15), D(2025, 9, 15))


def test_the_notice_day_itself_is_still_in_time():
    result = outlook(D(2025, 9, 15), start=D(2021, 3, 15), initial=60, renewal=60, notice=6)
    assert result.notice_by == D(2025, 9, 15)


def test_the_day_after_the_notice_day_the_next_term_is_the_one_that_can_be_stopped():
    result = outlook(D(2025, 9, 16), start=D(2021, 3, 15), initial=60, renewal=60, notice=6)
    assert (result.expires_on, result.notice_by) == (D(2031, 3, 15), D(2030, 9, 15))


def test_renewal_rolls_forward_over_several_terms():
    # Signed 1990 for 5 years, renewing for 1 year at a time, 3 months' notice.
    result = outlook(D(2025, 6, 1), start=D(1990, 7, 1), initial=60, renewal=12, notice=3)
    assert (result.expires_on, result.notice_by) == (D(2026, 7, 1), D(2026, 4, 1))


def test_a_monthly_renewal_since_long_ago_lands_on_the_right_month():
    result = outlook(D(2025, 6, 10), start=D(1950, 1, 20), initial=12, renewal=1)
    assert (result.expires_on, result.notice_by) == (D(2025, 6, 20), None)


def test_a_term_ending_on_29_february_comes_back_on_29_february_in_leap_years():
    first_end = D(2024, 2, 29)
    assert outlook(D(2024, 3, 1), valid_until=first_end, renewal=12).expires_on == D(2025, 2, 28)
    assert outlook(D(2027, 3, 1), valid_until=first_end, renewal=12).expires_on == D(2028, 2, 29)


def test_a_term_from_29_february_ends_on_28_february():
    result = outlook(D(2024, 3, 1), kind=NONE, start=D(2024, 2, 29), initial=12)
    assert result.expires_on == D(2025, 2, 28)


def test_notice_before_a_month_end_is_given_by_the_shorter_months_last_day():
    # A term ending 31 May with 3 months' notice: by 28 (or 29) February.
    assert outlook(D(2025, 1, 1), valid_until=D(2025, 5, 31), renewal=12, notice=3).notice_by == (
        D(2025, 2, 28)
    )
    assert outlook(D(2028, 1, 1), valid_until=D(2025, 5, 31), renewal=12, notice=3).notice_by == (
        D(2028, 2, 29)
    )


def test_half_yearly_terms_from_31_august_keep_the_31st():
    result = outlook(D(2026, 3, 1), valid_until=D(2025, 8, 31), renewal=6)
    assert result.expires_on == D(2026, 8, 31)
    assert outlook(D(2025, 9, 1), valid_until=D(2025, 8, 31), renewal=6).expires_on == (
        D(2026, 2, 28)
    )


def test_automatic_renewal_of_an_agreement_no_longer_in_effect_gives_no_dates():
    result = outlook(D(2025, 6, 1), live=False, start=D(2021, 3, 15), initial=60, renewal=60)
    assert (result.expires_on, result.notice_by) == (None, None)


def test_automatic_renewal_with_no_known_first_term_gives_no_dates():
    result = outlook(D(2025, 6, 1), start=D(2021, 3, 15), renewal=60, notice=6)
    assert (result.expires_on, result.notice_by) == (None, None)


# -- the rule on the model ---------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def renewing(**fields):
    values = {
        "in_force_from": D(2021, 3, 15),
        "initial_term": 5,
        "renewal_kind": AUTO,
        "renewal_term": 5,
        "notice_months": 6,
    }
    values.update(fields)
    return f.make_agreement(**values)


def test_the_model_asks_the_one_derivation_with_its_term_start_and_units():
    agreement = renewing(renewal_term=18, renewal_term_unit="months")
    result = agreement.renewal(D(2025, 9, 16))
    assert (result.expires_on, result.notice_by) == (D(2027, 9, 15), D(2027, 3, 15))


def test_a_signing_date_known_only_to_the_month_starts_no_computed_term():
    agreement = renewing(in_force_from=None, signed_on=D(2015, 5, 1), signed_precision="month")
    assert agreement.renewal(D(2025, 6, 1)).expires_on is None


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"renewal_kind": AUTO, "renewal_term": None}, "renewal_term"),
        ({"renewal_kind": NONE, "renewal_term": 5}, "renewal_term"),
        ({"renewal_kind": UNKNOWN, "notice_months": 3}, "notice_months"),
        ({"initial_term": 0}, "initial_term"),
    ],
)
def test_an_incoherent_rule_is_refused_by_clean_and_by_the_database(fields, field):
    agreement = f.make_agreement()
    for name, value in fields.items():
        setattr(agreement, name, value)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert field in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_the_api_refuses_automatic_renewal_without_a_period(client, superuser):
    agreement = f.make_agreement()
    client.force_login(superuser)
    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}/",
        {"renewal_kind": AUTO, "version": agreement.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "renewal_term" in response.json()


def test_the_api_reads_and_writes_the_rule(client, superuser):
    agreement = f.make_agreement(in_force_from=D(2021, 3, 15))
    client.force_login(superuser)
    body = {"renewal_kind": AUTO, "renewal_term": 2, "notice_months": 3, "initial_term": 5}
    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}/",
        {**body, "version": agreement.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert {k: data[k] for k in body} == body
    assert data["renewal_term_unit"] == "years"


# -- reminders before the notice day -----------------------------------------------------------


@pytest.fixture
def secretariat(django_user_model):
    user = django_user_model.objects.create_user("sec", "sec@example.org", None, is_staff=True)
    user.groups.add(Group.objects.create(name=SECRETARIAT))
    return user


def remind(day):
    call_command("send_reminders", "--date", day.isoformat(), stdout=io.StringIO())


def notice_mails():
    return [m for m in mail.outbox if "Last day to give notice" in m.body]


def test_a_notice_reminder_goes_out_within_its_window_once(secretariat):
    agreement = renewing()  # last day to give notice: 15 September 2025
    window_opens = D(2025, 9, 15) - datetime.timedelta(days=schedule.NOTICE_REMINDER_DAYS)

    remind(window_opens - datetime.timedelta(days=1))
    assert notice_mails() == []

    remind(window_opens)
    [message] = notice_mails()
    assert agreement.title in message.body
    assert "last day to give notice: 2025-09-15" in message.body

    for later in (window_opens, window_opens + datetime.timedelta(days=1), D(2025, 9, 15)):
        remind(later)
    assert len(notice_mails()) == 1
    assert models.ReminderLog.objects.filter(kind="notice_deadline").count() == 1


def test_the_next_terms_notice_day_is_reminded_again(secretariat):
    # Terms of 3 months after 15 March 2026, 1 month's notice: notice by 15 February 2026,
    # then 15 May 2026; the second window opens 16 March, 43 days after the first reminder.
    renewing(renewal_term=3, renewal_term_unit="months", notice_months=1)
    remind(D(2026, 2, 1))
    remind(D(2026, 3, 15))
    assert len(notice_mails()) == 1
    remind(D(2026, 3, 16))
    assert len(notice_mails()) == 2


def test_no_notice_reminder_without_automatic_renewal_or_for_a_sample(secretariat):
    f.make_agreement(renewal_kind=NONE, valid_until=D(2025, 9, 15))
    renewing(is_sample=True)
    remind(D(2025, 9, 1))
    assert notice_mails() == []


# -- last activity and dormant -----------------------------------------------------------------


def meeting(agreement, held_on, **fields):
    group = f.make_group(cadence_months=None)
    group.agreements.add(agreement)
    return f.make_review(group=group, status="held", held_on=held_on, **fields)


def call_launched(agreement, day, **fields):
    opens = datetime.datetime.combine(day, datetime.time(10), tzinfo=schedule.INDIA)
    return f.make_call(agreement=agreement, opens_at=opens, status="closed", **fields)


def test_last_activity_is_the_latest_meeting_held_or_call_launched_by_the_day():
    agreement = f.make_agreement(signed_on=D(2015, 1, 1))
    meeting(agreement, D(2022, 3, 1))
    call_launched(agreement, D(2023, 1, 9))
    meeting(agreement, D(2026, 1, 1))  # after the day asked for

    assert last_activity(agreement, D(2025, 6, 1)) == (D(2023, 1, 9), False)
    assert last_activity(agreement, D(2026, 1, 10), public=False)[0] == D(2026, 1, 1)


def test_it_is_dormant_when_nothing_happened_within_the_setting(settings):
    agreement = f.make_agreement(signed_on=D(2015, 1, 1))
    meeting(agreement, D(2022, 3, 1))
    # The default, 3 × 365 days, after 1 March 2022 ends on 28 February 2025 (2024 is leap).
    assert last_activity(agreement, D(2025, 2, 28)) == (D(2022, 3, 1), False)
    assert last_activity(agreement, D(2025, 3, 1)) == (D(2022, 3, 1), True)
    settings.REGISTRY_DORMANT_AFTER_DAYS = 5 * 365
    assert last_activity(agreement, D(2025, 3, 1)) == (D(2022, 3, 1), False)


def test_a_recent_start_is_not_dormant_and_an_ended_agreement_never_is():
    recent = f.make_agreement(signed_on=D(2024, 1, 1))
    ended = f.make_agreement(signed_on=D(2010, 1, 1), status="expired")
    assert last_activity(recent, D(2025, 6, 1)) == (None, False)
    assert last_activity(ended, D(2025, 6, 1)) == (None, False)


def test_the_public_last_activity_counts_published_meetings_and_calls_only():
    agreement = f.make_agreement(signed_on=D(2015, 1, 1))
    meeting(agreement, D(2024, 3, 1), is_published=False)
    call_launched(agreement, D(2024, 5, 1), is_published=False)
    assert last_activity(agreement, D(2025, 6, 1))[0] == D(2024, 5, 1)
    assert last_activity(agreement, D(2025, 6, 1), public=True) == (None, True)


# -- the tracker -------------------------------------------------------------------------------

DAY = D(2025, 6, 1)


def listed(key, day=DAY):
    [check] = [c for c in tracker.CHECKS if c.key == key]
    return [row.obj for row in tracker.all_rows(check, day)]


def test_the_tracker_lists_the_notice_days_within_its_horizon_soonest_first():
    later = renewing(title="Later", in_force_from=D(2021, 5, 1))  # notice by 1 Nov 2025
    sooner = renewing(title="Sooner")  # notice by 15 Sep 2025
    renewing(title="Beyond", in_force_from=D(2022, 1, 1))  # notice by 1 July 2026
    f.make_agreement(title="No rule", valid_until=D(2025, 9, 1))
    f.backdate()

    assert listed("notice_deadlines") == [sooner, later]
    [check] = [c for c in tracker.CHECKS if c.key == "notice_deadlines"]
    first = next(tracker.all_rows(check, DAY))
    assert first.due == D(2025, 9, 15) and first.days == 106
    assert "the term ends on 15 March 2026" in first.status


def test_the_tracker_lists_dormant_agreements_with_their_last_activity():
    quiet = f.make_agreement(title="Quiet", signed_on=D(2015, 1, 1))
    meeting(quiet, D(2021, 1, 1))
    active = f.make_agreement(title="Active", signed_on=D(2015, 1, 1))
    meeting(active, D(2024, 1, 1))
    never = f.make_agreement(title="Never met", signed_on=D(2016, 1, 1))
    f.backdate()

    assert listed("agreements_dormant") == [quiet, never]  # by last activity, none last
    [check] = [c for c in tracker.CHECKS if c.key == "agreements_dormant"]
    statuses = {row.obj: row.status for row in tracker.all_rows(check, DAY)}
    assert "last activity 1 January 2021" in statuses[quiet]
    assert "no activity recorded" in statuses[never]


def test_the_tracker_page_shows_both_sections(admin_client):
    renewing(title="Renewing MoU")
    f.make_agreement(title="Sleeping MoU", signed_on=D(2015, 1, 1))
    f.backdate()
    response = admin_client.get("/admin/registry/tracker/", {"on": DAY.isoformat()})
    document = lxml.html.fromstring(response.content.decode())
    [notice] = document.xpath('//details[@id="tracker-notice_deadlines"]')
    [dormant] = document.xpath('//details[@id="tracker-agreements_dormant"]')
    assert "Renewing MoU" in notice.text_content()
    assert "15 September 2025" in notice.text_content()
    assert "Sleeping MoU" in dormant.text_content()


# -- the public page ---------------------------------------------------------------------------


def sentence(client, agreement):
    document = lxml.html.fromstring(client.get(agreement.get_absolute_url()).content.decode())
    found = document.xpath('//*[@id="renewal-sentence"]')
    return " ".join(found[0].text_content().split()) if found else None


def test_the_page_says_when_notice_must_be_given(client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: DAY)
    agreement = renewing()
    assert sentence(client, agreement) == (
        "Renews automatically for 5 years unless notice is given by 15 September 2025 "
        "(the term then ends on 15 March 2026)."
    )


def test_the_page_says_there_is_no_automatic_renewal(client):
    agreement = f.make_agreement(renewal_kind=NONE, valid_until=D(2027, 3, 31))
    assert sentence(client, agreement) == "No automatic renewal; valid until 31 March 2027."


def test_the_page_invents_nothing_when_the_rule_is_not_known(client):
    agreement = f.make_agreement(valid_until=D(2027, 3, 31))
    assert sentence(client, agreement) is None
    assert "Renews" not in client.get(agreement.get_absolute_url()).content.decode()


def test_the_page_shows_the_last_activity_and_explains_dormant(client):
    agreement = f.make_agreement(signed_on=D(2010, 1, 1))
    meeting(agreement, D(2012, 5, 4))
    page = client.get(agreement.get_absolute_url()).content.decode()
    document = lxml.html.fromstring(page)
    assert "4 May 2012" in document.xpath('//*[@id="last-activity"]')[0].text_content()
    dormant = document.xpath('//*[@id="dormant"]')[0].text_content()
    assert "Dormant" in dormant and "in the last 3 years" in dormant


def test_the_section_titles_state_the_notice_horizon_and_the_dormant_period(monkeypatch, settings):
    monkeypatch.setattr(schedule, "NOTICE_HORIZON_DAYS", 90)
    settings.REGISTRY_DORMANT_AFTER_DAYS = 2 * 365
    titles = {c.key: tracker.title_of(c) for c in tracker.CHECKS}
    assert titles["notice_deadlines"].endswith("last day to give notice is in the next 90 days")
    assert titles["agreements_dormant"].endswith("start recorded in the last 2 years")
    settings.REGISTRY_DORMANT_AFTER_DAYS = 500
    assert tracker.title_of(
        next(c for c in tracker.CHECKS if c.key == "agreements_dormant")
    ).endswith("in the last 500 days")
