"""E-mail alerts without an account: sign up, confirm, receive, unsubscribe, manage."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from registry import alerts, catalogue, models
from registry.models import Alert, AlertLog, AlertSubscriber
from tests import factories as f
from tests.forms import submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
READER = "reader@example.org"


def run(day=TOMORROW, *args) -> str:
    out = io.StringIO()
    call_command("send_alerts", "--date", day.isoformat(), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def urls_in(message) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", message.body)


def link(message, name: str) -> str:
    """The path of the link to `name` ("confirm", "manage", "unsubscribe") in an e-mail."""
    found = [u for u in urls_in(message) if f"/alerts/{name}/" in u]
    assert found, f"no {name} link in {message.body}"
    return found[0].split("testserver", 1)[-1]


def html_of(message) -> str:
    return next(content for content, kind in message.alternatives if kind == "text/html")


@pytest.fixture
def germany():
    return f.make_partner(name="Germany", slug="germany", iso_code="DE")


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.REGISTRY_BASE_URL = "http://testserver"


def sign_up(client, list_url: str, email=READER, frequency="daily"):
    """From a list or record page, through its alert link, to the sent confirmation."""
    page = client.get(list_url)
    href = re.search(r'href="((?:/hi)?/alerts/new/[^"]*)"', page.content.decode()).group(1)
    form_page = client.get(href.replace("&amp;", "&"))
    response = submit(
        client, form_page, {"email": email, "frequency": frequency}, form_id="alert-form",
        button=None,
    )  # fmt: skip
    return form_page, response


def confirm(client, message):
    page = client.get(link(message, "confirm"))
    return submit(client, page, form_id="confirm-form", button=None)


def subscribed(client, list_url, **kwargs):
    sign_up(client, list_url, **kwargs)
    confirm(client, mail.outbox[-1])
    mail.outbox.clear()


# -- every public page offers alerts ---------------------------------------------------------


@pytest.mark.parametrize("record_type", catalogue.with_pages(), ids=lambda t: t.stem)
def test_every_list_and_record_page_offers_alerts(client, record_type):
    record = f.one_of_each()[record_type.model]
    listing = client.get(reverse(f"registry:{record_type.stem}_list") + "?q=x&page=1")
    assert f'href="/alerts/new/{record_type.stem}/?q=x"' in listing.content.decode()
    detail = client.get(record.get_absolute_url())
    assert f'href="/alerts/new/{record_type.stem}/{record.pk}/"' in detail.content.decode()
    assert client.get(f"/alerts/new/{record_type.stem}/{record.pk}/").status_code == 200


def test_the_form_says_what_the_reader_will_receive_before_anything_is_sent(client, germany):
    form_page, response = sign_up(client, "/calls/?partner=germany")
    page = form_page.content.decode()
    assert "Joint calls with Germany" in page
    assert "Calls opening, and their deadlines 14 and 3 days ahead" in page
    assert "New records" in page
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200  # "check your e-mail"
    [message] = mail.outbox
    assert "Joint calls with Germany" in message.body
    assert "Calls opening" in message.body
    # Waiting: no alert is sent until the link is followed.
    f.make_call(partners=[germany], title="A call before confirmation")
    run()
    assert len(mail.outbox) == 1
    assert not Alert.objects.get().is_confirmed


def test_a_confirmed_alert_sends_the_lists_new_records_and_nothing_else(client, germany):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    sign_up(client, "/calls/?partner=germany")
    page = client.get(link(mail.outbox[0], "confirm"))
    assert "Joint calls with Germany" in page.content.decode()  # said before confirming
    assert not Alert.objects.get().is_confirmed
    confirmed = submit(client, page, form_id="confirm-form", button=None)
    assert "Your alert is confirmed" in confirmed.content.decode()
    assert Alert.objects.get().is_confirmed
    mail.outbox.clear()
    draft_partner = f.make_partner(name="DRAFTPARTNER", is_published=False)
    f.make_call(partners=[germany, draft_partner], title="Heidelberg photonics call")
    f.make_call(partners=[france], title="Lyon call")
    f.make_call(partners=[germany], title="DRAFTCALL", is_published=False)
    run()
    [message] = mail.outbox
    for content in (message.body, html_of(message)):
        assert "Heidelberg photonics call" in content
        assert "Lyon call" not in content
        assert "DRAFTCALL" not in content
        assert "DRAFTPARTNER" not in content
    assert message.to == [READER]


def test_the_alert_shows_what_the_list_shows(client, germany):
    """The list's own FilterSet: the same records on the page and in the e-mail."""
    area = f.make_area(name="Photonics", slug="photonics")
    subscribed(client, "/calls/?partner=germany&area=photonics&status=open")
    matching = f.make_call(partners=[germany], title="Matches", status="open")
    matching.areas.set([area])
    f.make_call(partners=[germany], title="Forecast only", status="forecast").areas.set([area])
    f.make_call(partners=[germany], title="Other area", status="open")
    on_page = client.get("/calls/?partner=germany&area=photonics&status=open").content.decode()
    run()
    body = mail.outbox[0].body
    for title in ("Matches", "Forecast only", "Other area"):
        assert (title in body) == (title in on_page), title


def test_no_email_is_sent_twice(client, germany):
    subscribed(client, "/calls/?partner=germany")
    f.make_call(partners=[germany], title="Once only")
    run()
    run()
    assert len(mail.outbox) == 1
    assert AlertLog.objects.count() == 1
    run(TOMORROW + datetime.timedelta(days=1))  # the next day: nothing new
    assert len(mail.outbox) == 1


def test_dry_run_sends_and_records_nothing(client, germany):
    subscribed(client, "/calls/?partner=germany")
    f.make_call(partners=[germany], title="Dry")
    out = run(TOMORROW, "--dry-run")
    assert "Would send 1 item(s) to reader@example.org" in out
    assert not mail.outbox and not AlertLog.objects.exists()
    run()
    assert len(mail.outbox) == 1


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_alerts", "--date", "tomorrow")


def test_a_weekly_alert_waits_for_seven_days_of_news(client, germany):
    subscribed(client, "/calls/?partner=germany", frequency="weekly")
    f.make_call(partners=[germany], title="Weekly news")
    for n in range(1, 7):
        run(TODAY + datetime.timedelta(days=n))
    assert not mail.outbox
    run(TODAY + datetime.timedelta(days=7))
    assert "Weekly news" in mail.outbox[0].body


def test_call_deadlines_and_openings_are_announced_ahead(client, germany):
    def at(days):
        moment = datetime.datetime.combine(
            TOMORROW + datetime.timedelta(days=days), datetime.time(12)
        )
        return timezone.make_aware(moment)

    f.make_call(partners=[germany], title="Closes in 14", opens_at=at(-30), closes_at=at(14))
    f.make_call(partners=[germany], title="Closes in 3", opens_at=at(-30), closes_at=at(3))
    f.make_call(partners=[germany], title="Closes in 5", opens_at=at(-30), closes_at=at(5))
    f.make_call(
        partners=[germany], title="Opens", status="forecast", opens_at=at(0), closes_at=at(40)
    )
    models.JointCall.history.update(history_date=timezone.now() - datetime.timedelta(days=30))
    subscribed(client, "/calls/?partner=germany")
    run()
    body = mail.outbox[0].body
    assert "Deadline in 14 days: Closes in 14" in body
    assert "Deadline in 3 days: Closes in 3" in body
    assert "Closes in 5" not in body
    assert "Opening: Opens" in body
    assert "New:" not in body  # all published a month ago


def test_agreements_are_announced_90_days_before_they_expire(client, germany):
    soon = f.make_agreement(
        partners=[germany], title="Expiring MoU", status="in_force",
        valid_until=TOMORROW + datetime.timedelta(days=90),
    )  # fmt: skip
    f.make_agreement(
        partners=[germany], title="Later MoU", status="in_force",
        valid_until=TOMORROW + datetime.timedelta(days=91),
    )  # fmt: skip
    models.Agreement.history.update(history_date=timezone.now() - datetime.timedelta(days=30))
    subscribed(client, soon.get_absolute_url())
    subscribed(client, "/agreements/?partner=germany")
    run()
    body = mail.outbox[0].body
    assert body.count("Expires in 90 days: Expiring MoU") == 1  # two alerts, one mention
    assert "Later MoU" not in body


def test_working_group_reviews_falling_due_use_the_published_meetings(client, germany):
    group = f.make_group(partners=[germany], name="Indo-German JWG", cadence_months=12)
    held = schedule_day = TOMORROW + datetime.timedelta(days=14)
    held = held.replace(year=held.year - 1)
    f.make_review(group=group, status="held", held_on=held)
    later = held + datetime.timedelta(days=30)
    f.make_review(group=group, status="held", held_on=later, is_published=False)
    models.JointWorkingGroup.history.update(
        history_date=timezone.now() - datetime.timedelta(days=30)
    )
    subscribed(client, "/working-groups/?partner=germany")
    run()
    body = mail.outbox[0].body
    assert "Review due in 14 days: Indo-German JWG" in body
    assert schedule_day.strftime("%-d") in body


# -- unsubscribing and managing --------------------------------------------------------------


def digest(client, germany):
    subscribed(client, "/calls/?partner=germany")
    f.make_call(partners=[germany], title="News")
    run()
    return mail.outbox[-1]


def test_every_alert_email_has_one_click_unsubscribe_headers(client, germany):
    message = digest(client, germany)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/alerts/unsubscribe/") and header.endswith(">")
    assert header[1:-1] in message.body and header[1:-1] in html_of(message)


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(client, germany):
    message = digest(client, germany)
    url = message.extra_headers["List-Unsubscribe"][1:-1].removeprefix("http://testserver")
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    # The address is deleted, not flagged, with its alerts and its log.
    assert not AlertSubscriber.objects.exists()
    assert not Alert.objects.exists() and not AlertLog.objects.exists()
    # A second click is no error; the manage link no longer works.
    assert mail_program.post(url).status_code == 200
    assert client.get(link(message, "manage")).status_code == 400


def test_the_unsubscribe_link_asks_first(client, germany):
    message = digest(client, germany)
    page = client.get(link(message, "unsubscribe"))
    assert "Stop the alert sent to reader@example.org" in page.content.decode()
    assert AlertSubscriber.objects.exists()
    done = submit(client, page, form_id="unsubscribe-form", button=None)
    assert "You are unsubscribed" in done.content.decode()
    assert not AlertSubscriber.objects.exists()


def test_the_manage_link_lists_and_cancels_alerts(client, germany):
    subscribed(client, "/calls/?partner=germany")
    sign_up(client, "/agreements/?partner=germany")
    manage_url = link(mail.outbox[-1], "manage")
    page = client.get(manage_url)
    text = page.content.decode()
    assert "Joint calls with Germany" in text and "Agreements with Germany" in text
    assert "Confirmed" in text and "Waiting for your confirmation" in text
    calls_alert = Alert.objects.get(stem="call")
    after = submit(client, page, form_id=f"cancel-{calls_alert.pk}", button=None)
    assert after.status_code == 302
    assert list(Alert.objects.values_list("stem", flat=True)) == ["agreement"]
    page = client.get(manage_url)
    assert "Joint calls with Germany" not in page.content.decode()
    # The last alert cancelled: the address goes with it.
    alert_id = Alert.objects.get().pk
    gone = submit(client, page, form_id=f"cancel-{alert_id}", button=None)
    assert "You are unsubscribed" in gone.content.decode()
    assert not AlertSubscriber.objects.exists()


def test_asking_again_for_the_same_alert_replaces_it(client, germany):
    subscribed(client, "/calls/?partner=germany", frequency="daily")
    subscribed(client, "/calls/?partner=germany", frequency="weekly")
    assert list(Alert.objects.values_list("frequency", flat=True)) == ["weekly"]
    assert AlertSubscriber.objects.count() == 1


# -- bad input -------------------------------------------------------------------------------


def test_a_bad_address_is_a_form_error(client, germany):
    form_page = client.get("/alerts/new/call/?partner=germany")
    response = submit(
        client, form_page, {"email": "not an address"}, form_id="alert-form", button=None
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not mail.outbox and not AlertSubscriber.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/alerts/new/call/?partner=atlantis",
        "/alerts/new/call/?closes_after=yesterday",
        "/alerts/new/action_item/",
        "/alerts/new/nothing/",
        "/alerts/new/call/999999/",
    ],
)
def test_a_bad_filter_or_target_is_a_4xx(client, url):
    assert client.get(url).status_code in (400, 404)


def test_a_tampered_or_expired_link_says_so(client, germany, settings):
    sign_up(client, "/calls/?partner=germany")
    confirm_url = link(mail.outbox[0], "confirm")
    tampered = client.get(confirm_url[:-3] + "xx/")
    assert tampered.status_code == 400
    assert "This confirmation link is not valid" in tampered.content.decode()
    settings.ALERTS_CONFIRM_DAYS = 0
    expired = client.get(confirm_url)
    assert expired.status_code == 400
    assert "This confirmation link has expired" in expired.content.decode()
    for name in ("manage", "unsubscribe"):
        response = client.get(f"/alerts/{name}/not-a-token/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert client.post("/alerts/unsubscribe/not-a-token/").status_code == 400


def test_sign_ups_are_throttled_per_address_and_per_client(client, germany, settings):
    settings.ALERTS_SIGNUPS_PER_ADDRESS_PER_DAY = 2
    settings.ALERTS_SIGNUPS_PER_IP_PER_HOUR = 4
    for _ in range(2):
        assert sign_up(client, "/calls/?partner=germany")[1].status_code == 302
    refused = sign_up(client, "/calls/?partner=germany")[1]
    assert refused.status_code == 429
    assert "Alerts have been asked for too often" in refused.content.decode()
    assert len(mail.outbox) == 2
    assert (
        sign_up(client, "/calls/?partner=germany", email="other@example.org")[1].status_code == 302
    )
    # The client has now asked four times in the hour: the fifth is refused.
    assert (
        sign_up(client, "/calls/?partner=germany", email="third@example.org")[1].status_code == 429
    )
    assert len(mail.outbox) == 3


def test_unconfirmed_sign_ups_are_deleted_after_a_week(client, germany):
    sign_up(client, "/calls/?partner=germany", email="old@example.org")
    Alert.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    subscribed(client, "/calls/?partner=germany")
    sign_up(client, "/agreements/?partner=germany")  # waiting, but recent
    out = run()
    assert "1 unconfirmed address(es) deleted" in out
    assert sorted(AlertSubscriber.objects.values_list("email", flat=True)) == [READER]
    assert Alert.objects.count() == 2


# -- languages -------------------------------------------------------------------------------


def test_a_reader_who_signed_up_in_hindi_gets_hindi_alerts(hindi, germany):
    subscribed(hindi, "/hi/calls/?partner=germany")
    assert AlertSubscriber.objects.get().language == "hi"
    call = f.make_call(partners=[germany], title="Hindi news")
    with translation.override("en"):
        english_page = call.get_absolute_url()
    run()
    message = mail.outbox[0]
    # Its links are the Hindi pages.
    assert f"http://testserver/hi{english_page}" in urls_in(message)
    assert link(message, "manage").startswith("/hi/alerts/manage/")
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/hi/alerts/unsubscribe/"
    )
    with translation.override("hi"):
        calls_in_hindi = str(catalogue.get("call").heading)
    with translation.override("en"):
        assert calls_in_hindi != str(catalogue.get("call").heading)
    assert calls_in_hindi in message.body
    assert '<html lang="hi">' in html_of(message)


def test_readers_of_the_same_alert_in_two_languages_each_get_their_own_links(hindi, germany):
    subscribed(Client(), "/calls/?partner=germany", email="english@example.org")
    subscribed(hindi, "/hi/calls/?partner=germany", email="hindi@example.org")
    call = f.make_call(partners=[germany], title="News for both")
    with translation.override("en"):
        english_page = "http://testserver" + call.get_absolute_url()
    hindi_page = english_page.replace("testserver/", "testserver/hi/", 1)
    run()
    by_reader = {message.to[0]: urls_in(message) for message in mail.outbox}
    assert english_page in by_reader["english@example.org"]
    assert hindi_page not in by_reader["english@example.org"]
    assert hindi_page in by_reader["hindi@example.org"]


# -- pages and queries -----------------------------------------------------------------------


def test_the_alert_form_costs_few_queries(client, germany, django_assert_num_queries):
    # Only the filter's validation: three reads of the partner table (the partner named, by
    # slug or ISO code, and django-filter's choice checks). No session, no record, no count.
    with django_assert_num_queries(3):
        assert client.get("/alerts/new/call/?partner=germany").status_code == 200


def test_describe_names_the_filter_in_words(germany):
    assert alerts.describe_filter("call", "partner=germany&status=open") == (
        "Joint calls with Germany; Status: Open"
    )
    assert alerts.describe_filter("agreement", "") == "Agreements: every published record"
    assert alerts.describe_filter("call", "q=laser&open=true") == (
        "Joint calls; Search: “laser”; Open now: yes"
    )


# -- records followed from their page --------------------------------------------------------


def test_a_followed_record_sends_its_public_changes_only(client, germany, django_user_model):
    group = f.make_group(partners=[germany], name="Indo-German JWG", note="")
    subscribed(client, group.get_absolute_url())
    assert (
        "Changes to its public details"
        in client.get(f"/alerts/new/working_group/{group.pk}/").content.decode()
    )
    group.name = "Indo-German Joint Working Group"
    group.secretariat_contact = django_user_model.objects.create_user("STAFFMARKER", "s@x.org")
    group.save()
    draft = f.make_partner(name="DRAFTPARTNER", is_published=False)
    group.partners.add(draft)  # a draft partner linked: no public change
    run()
    [message] = mail.outbox
    for content in (message.body, html_of(message)):
        assert "Indo-German JWG" in content and "Indo-German Joint Working Group" in content
        assert "STAFFMARKER" not in content and "s@x.org" not in content
        assert "responsible staff member" not in content
        assert "DRAFTPARTNER" not in content
    assert "Changed: Indo-German Joint Working Group" in message.body


def test_a_followed_record_withdrawn_is_said_without_its_content(client, germany):
    call = f.make_call(partners=[germany], title="Withdrawn call")
    subscribed(client, call.get_absolute_url())
    call.title = "DRAFTTITLE"
    call.is_published = False
    call.save()
    run()
    body = mail.outbox[0].body
    assert "No longer public: Withdrawn call" in body
    assert "DRAFTTITLE" not in body


def test_a_mail_server_failure_is_a_clear_503_and_keeps_nothing(client, germany, settings):
    settings.EMAIL_BACKEND = "tests.test_alerts.BrokenBackend"
    form_page = client.get("/alerts/new/call/?partner=germany")
    response = submit(client, form_page, {"email": READER}, form_id="alert-form", button=None)
    assert response.status_code == 503
    assert "did not accept the confirmation e-mail" in response.content.decode()
    assert not AlertSubscriber.objects.exists() and not Alert.objects.exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_a_filter_too_long_to_store_is_refused_with_a_reason(client):
    response = client.get("/alerts/new/call/?q=" + "x" * 150 + "&" + "status=open&" * 200)
    assert response.status_code == 400
    assert "The filter is too long to follow by e-mail." in response.content.decode()


def test_addresses_are_sent_in_batches_one_connection_each(client, germany, monkeypatch):
    monkeypatch.setattr(alerts, "BATCH_SIZE", 2)
    opened = []
    real = alerts.get_connection

    def counting(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(alerts, "get_connection", counting)
    for n in range(5):
        subscribed(client, "/calls/?partner=germany", email=f"reader{n}@example.org")
    f.make_call(partners=[germany], title="For five readers")
    run()
    assert len(mail.outbox) == 5
    assert len(opened) == 3  # 2 + 2 + 1


def test_backups_leave_the_readers_addresses_out(client, germany, tmp_path):
    subscribed(client, "/calls/?partner=germany")
    backup = tmp_path / "registry.json"
    call_command("backup_registry", output=backup, stdout=io.StringIO())
    text = backup.read_text()
    assert READER not in text and "registry.alert" not in text
