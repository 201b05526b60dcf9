"""Reminders reach the responsible staff once a day, and never twice."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command

from registry import models
from registry.reminders import due_reminders
from registry.roles import SECRETARIAT
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)


def days(n: int) -> datetime.date:
    return DAY + datetime.timedelta(days=n)


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", DAY.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def people(django_user_model):
    make = django_user_model.objects.create_user
    secretariat = Group.objects.create(name=SECRETARIAT)
    fallback = make("sec", "secretariat@example.org", None, is_staff=True)
    fallback.groups.add(secretariat)
    return {
        "contact": make("contact", "contact@example.org", None, is_staff=True),
        "owner": make("owner", "owner@example.org", None, is_staff=True),
        "fallback": fallback,
    }


def group(contact=None):
    return models.JointWorkingGroup.objects.create(name="JWG", secretariat_contact=contact)


def review(grp, held_on, status="planned", **fields):
    return models.JWGReview.objects.create(group=grp, held_on=held_on, status=status, **fields)


def action(rev, due_on, user=None, **fields):
    return models.ActionItem.objects.create(
        review=rev, description="Send the list", due_on=due_on, responsible_user=user, **fields
    )


@pytest.fixture
def records(people):
    with_contact = group(people["contact"])
    without_contact = group()
    soon = review(with_contact, days(10))
    late = review(without_contact, days(-3))
    agreement = f.make_agreement(valid_until=days(60))
    with_contact.agreements.add(agreement)
    return {
        "review_soon": soon,
        "review_late": late,
        "action_mine": action(soon, days(-1), people["owner"]),
        "action_unowned": action(soon, days(14)),
        "agreement": agreement,
    }


def test_each_reminder_goes_to_the_responsible_person_or_the_secretariat(people, records):
    found = {(r.recipient.username, r.kind, r.obj) for r in due_reminders(DAY)[0]}
    assert found == {
        ("contact", "review_due", records["review_soon"]),
        ("sec", "review_overdue", records["review_late"]),
        ("owner", "action_overdue", records["action_mine"]),
        ("contact", "action_due", records["action_unowned"]),
        ("contact", "agreement_expiring", records["agreement"]),
    }


def test_each_recipient_gets_one_email_listing_their_reminders(people, records):
    run()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {
        "contact@example.org",
        "owner@example.org",
        "secretariat@example.org",
    }
    body = by_address["contact@example.org"].body
    assert "Review meeting due soon" in body
    assert "Agreement nearing expiry" in body
    assert f"/admin/registry/agreement/{records['agreement'].pk}/change/" in body


def test_links_in_the_email_are_absolute_when_the_site_address_is_set(people, records, settings):
    settings.REGISTRY_BASE_URL = "https://registry.example.gov.in"
    run()
    body = next(m.body for m in mail.outbox if m.to == ["contact@example.org"])
    change = f"/admin/registry/agreement/{records['agreement'].pk}/change/"
    assert f"https://registry.example.gov.in{change}" in body


def test_running_twice_on_the_same_day_sends_nothing_twice(people, records):
    run()
    first = len(mail.outbox)
    logged = models.ReminderLog.objects.count()

    output = run()

    assert len(mail.outbox) == first == 3
    assert models.ReminderLog.objects.count() == logged == 5
    assert "Sent 0 reminder(s) in 0 e-mail(s)" in output


def test_a_new_reminder_on_the_same_day_is_still_sent(people, records):
    run()
    extra = action(records["review_soon"], days(2), people["owner"])
    mail.outbox.clear()

    run()

    [message] = mail.outbox
    assert message.to == ["owner@example.org"]
    assert str(extra) in message.body
    assert "Send the list" in message.body


def test_the_next_day_reminds_again(people, records):
    run()
    mail.outbox.clear()
    call_command("send_reminders", "--date", days(1).isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 3


def test_a_dry_run_sends_and_records_nothing(people, records):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not models.ReminderLog.objects.exists()
    assert "Would send" in output
    run()
    assert len(mail.outbox) == 3


def test_sample_records_and_finished_work_cause_no_reminder(people):
    grp = group(people["contact"])
    review(grp, days(5), is_sample=True)
    done_review = review(grp, days(-30), status="held")
    action(done_review, days(-10), people["owner"], status="done")
    f.make_agreement(valid_until=days(91))
    assert due_reminders(DAY)[0] == []


def test_a_bad_date_is_refused_with_a_message():
    with pytest.raises(CommandError, match="not a date"):
        call_command("send_reminders", "--date", "2025-02-30")


def test_it_warns_when_nobody_can_receive_a_reminder(django_user_model):
    review(group(), days(3))
    err = io.StringIO()
    call_command("send_reminders", "--date", DAY.isoformat(), stdout=io.StringIO(), stderr=err)
    assert "1 record(s) need a reminder but nobody can receive it" in err.getvalue()
    assert mail.outbox == []
