"""The audit trail: logins, failed logins, lockouts, publishes, unpublishes, approvals,
rejections and reverts, each recorded once with who, what and from where; shown read-only to
every staff role, downloadable as CSV, kept at least 180 days, and never public.

Pages are used as rendered (tests/forms.py): the admin login form, the changelist's action
form, the change form, the history's revert form, the review page of a change request.
"""

import csv
import datetime
import io
import json
import os
import subprocess
import sys

import lxml.html
import pytest
from django.contrib.auth import authenticate
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from registry import audit, caching, models
from registry.management.commands.backup_registry import EXCLUDED
from registry.models import AuditEvent, ChangeRequest
from tests import factories as f
from tests import forms
from tests.forms import submit

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
PASSWORD = "pw-audited-1"
CLIENT_IP = "127.0.0.1"  # the test client's REMOTE_ADDR


def admin_url(model, view, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def events(action, **filters):
    return list(AuditEvent.objects.filter(action=action, **filters))


def only_event(action, **filters) -> AuditEvent:
    found = events(action, **filters)
    assert len(found) == 1, found
    return found[0]


def assert_about(event, record):
    assert (event.content_type.model_class(), event.object_id) == (type(record), record.pk)
    assert event.object_repr == str(record)


@pytest.fixture
def publisher(staff_in_role):
    return staff_in_role("Publisher")


@pytest.fixture
def staff_with_password(django_user_model):
    return django_user_model.objects.create_user(
        "asha", "asha@example.org", PASSWORD, is_staff=True
    )


def log_in(client, username, password, **headers):
    return forms.log_in(client, username, password, next_url="/admin/", **headers)


# -- logins ------------------------------------------------------------------------------


def test_a_login_through_the_admin_form_is_recorded(client, staff_with_password):
    response = log_in(client, "asha", PASSWORD)

    assert response.status_code == 302
    event = only_event(Action.LOGIN)
    assert (event.user, event.username, event.ip_address) == (
        staff_with_password,
        "asha",
        CLIENT_IP,
    )
    assert not events(Action.LOGIN_FAILED)


def test_a_failed_login_is_recorded_with_the_account_it_named(client, staff_with_password):
    response = log_in(client, "asha", "wrong")

    assert response.status_code == 200  # the form again
    event = only_event(Action.LOGIN_FAILED)
    assert (event.user, event.username, event.ip_address) == (
        staff_with_password,
        "asha",
        CLIENT_IP,
    )
    assert not events(Action.LOGIN)


def test_a_failed_login_for_no_account_keeps_the_name_typed(client):
    log_in(client, "nobody-here", "wrong")

    event = only_event(Action.LOGIN_FAILED)
    assert (event.user, event.username) == (None, "nobody-here")


def test_a_lockout_is_recorded_once_and_later_tries_as_failed_logins(
    client, staff_with_password, settings
):
    page = client.get(reverse("admin:login"))
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = submit(client, page, {"username": "asha", "password": "wrong"}, button=None)
    assert response.status_code == 429

    lockout = only_event(Action.LOCKED_OUT)
    assert (lockout.user, lockout.ip_address) == (staff_with_password, CLIENT_IP)
    assert lockout.detail == f"after {settings.AXES_FAILURE_LIMIT} failed logins"
    assert len(events(Action.LOGIN_FAILED)) == settings.AXES_FAILURE_LIMIT

    # The right password while locked out: refused, and a failed login, not a new lockout.
    assert submit(client, page, {"username": "asha", "password": PASSWORD}, button=None).status_code
    assert len(events(Action.LOCKED_OUT)) == 1
    assert only_event(Action.LOGIN_FAILED, detail="while locked out").user == staff_with_password
    assert not events(Action.LOGIN)


def proxy_settings(count: int) -> dict:
    """The axes settings coop_site.settings computes with PROXY_COUNT=`count`."""
    code = (
        "import json, coop_site.settings as s; print(json.dumps([s.AXES_IPWARE_PROXY_COUNT,"
        " s.AXES_IPWARE_META_PRECEDENCE_ORDER]))"
    )
    env = {**os.environ, "PROXY_COUNT": str(count)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    proxy_count, order = json.loads(done.stdout)
    return {"AXES_IPWARE_PROXY_COUNT": proxy_count, "AXES_IPWARE_META_PRECEDENCE_ORDER": order}


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        # Global addresses: ipware ranks documentation ranges (203.0.113.0/24) below REMOTE_ADDR.
        ("49.36.10.20", "49.36.10.20"),  # what nginx's $proxy_add_x_forwarded_for sends
        # A client that sends its own header gets the proxy's address, never the one it sent.
        ("6.6.6.6, 49.36.10.20", "10.0.0.1"),
    ],
)
def test_behind_one_proxy_the_address_it_forwards_is_recorded(
    client, staff_with_password, settings, forwarded, expected
):
    for name, value in proxy_settings(1).items():
        setattr(settings, name, value)
    page = client.get(reverse("admin:login"))
    url = page.wsgi_request.get_full_path()
    headers = {"X-Forwarded-For": forwarded}
    client.post(url, {"username": "asha", "password": "x"}, REMOTE_ADDR="10.0.0.1", headers=headers)

    assert only_event(Action.LOGIN_FAILED).ip_address == expected


def test_a_failed_login_is_not_put_on_whoever_is_logged_in(staff_in_role, rf):
    request = rf.post("/admin/login/", REMOTE_ADDR="")
    request.user = staff_in_role("Viewer")

    assert authenticate(request, username="ghost", password="wrong") is None

    event = only_event(Action.LOGIN_FAILED)
    assert (event.user, event.username) == (None, "ghost")
    assert event.ip_address is None  # no address known (an empty REMOTE_ADDR)


def test_without_a_trusted_proxy_a_forwarded_address_is_not_believed(client, staff_with_password):
    page = client.get(reverse("admin:login"))
    url = page.wsgi_request.get_full_path()
    client.post(url, {"username": "asha", "password": "x"}, headers={"X-Forwarded-For": "6.6.6.6"})

    assert only_event(Action.LOGIN_FAILED).ip_address == CLIENT_IP


# -- publishing and unpublishing, every path ---------------------------------------------


def run_action(client, model, action, records):
    page = client.get(admin_url(model, "changelist"))
    chosen = {"action": action, "_selected_action": [str(r.pk) for r in records]}
    return submit(client, page, chosen, form_id="changelist-form", button=("index", "0"))


def test_the_publish_action_records_each_record_published(client, publisher):
    drafts = [f.make_agreement(is_published=False) for _ in range(2)]
    client.force_login(publisher)

    assert run_action(client, models.Agreement, "publish", drafts).status_code == 302

    published = events(Action.PUBLISHED, user=publisher)
    assert sorted(e.object_id for e in published) == sorted(d.pk for d in drafts)
    assert {e.ip_address for e in published} == {CLIENT_IP}
    assert_about(next(e for e in published if e.object_id == drafts[0].pk), drafts[0])


def test_the_unpublish_action_records_the_unpublish(client, publisher):
    record = f.make_agreement()
    client.force_login(publisher)

    run_action(client, models.Agreement, "unpublish", [record])

    event = only_event(Action.UNPUBLISHED)
    assert (event.user, event.ip_address) == (publisher, CLIENT_IP)
    assert_about(event, record)


def test_a_refused_publish_records_nothing(client, publisher):
    draft = f.make_agreement(is_published=False, source="")
    client.force_login(publisher)

    run_action(client, models.Agreement, "publish", [draft])

    assert not events(Action.PUBLISHED, object_id=draft.pk, user=publisher)


def test_the_change_form_records_unpublish_and_publish_but_not_other_edits(client, publisher):
    record = f.make_agreement()
    client.force_login(publisher)
    url = admin_url(models.Agreement, "change", record.pk)

    submit(client, client.get(url), {"title": "Retitled"})
    assert not events(Action.UNPUBLISHED) and not events(Action.PUBLISHED, user=publisher)

    assert submit(client, client.get(url), {"is_published": None}).status_code == 302
    unpublished = only_event(Action.UNPUBLISHED)
    assert (unpublished.user, unpublished.ip_address) == (publisher, CLIENT_IP)
    record.refresh_from_db()
    assert_about(unpublished, record)

    submit(client, client.get(url), {"is_published": "on"})
    assert only_event(Action.PUBLISHED, user=publisher).object_id == record.pk


def test_the_api_records_an_unpublish_and_a_publish_by_the_tokens_owner(publisher):
    record = f.make_partner()
    token = Token.objects.create(user=publisher)
    api = Client(headers={"Authorization": f"Token {token.key}"}, REMOTE_ADDR="192.0.2.44")
    path = f"/api/v1/partners/{record.pk}/"

    def patch(body):
        return api.patch(path, json.dumps(body), content_type="application/json")

    assert patch({"is_published": False, "version": record.version}).status_code == 200
    event = only_event(Action.UNPUBLISHED)
    assert (event.user, event.ip_address) == (publisher, "192.0.2.44")
    assert_about(event, record)

    record.refresh_from_db()
    assert patch({"is_published": True, "version": record.version}).status_code == 200
    assert only_event(Action.PUBLISHED, user=publisher).object_id == record.pk


def test_an_import_records_its_published_rows_at_confirm_not_at_preview(admin_client, superuser):
    f.make_partner(name="France", slug="france", iso_code="FR")
    out = io.StringIO()
    header = ["id", "instrument", "title", "partners", "status", "signed_on", "source"]
    row = ["", "mou", "MoU on ocean science", "france", "signed", "2024-02-01", "PIB", "1"]
    csv.writer(out).writerows([[*header, "is_published"], row])
    upload = SimpleUploadedFile("a.csv", out.getvalue().encode(), content_type="text/csv")
    page = admin_client.get(admin_url(models.Agreement, "import"))
    shown = submit(admin_client, page, {"format": "0"}, button=None, files={"import_file": upload})
    assert shown.status_code == 200
    assert not events(Action.PUBLISHED, user=superuser)  # the preview is rolled back

    confirmed = submit(admin_client, shown, button=("confirm", "Confirm import"))
    assert confirmed.status_code == 302
    imported = models.Agreement.objects.get(title="MoU on ocean science")
    event = only_event(Action.PUBLISHED, user=superuser)
    assert (event.object_id, event.ip_address) == (imported.pk, CLIENT_IP)


def test_a_change_outside_a_request_is_recorded_without_a_user():
    record = f.make_agreement()
    record.is_published = False
    record.save()

    event = only_event(Action.UNPUBLISHED)
    assert (event.user, event.ip_address, event.detail) == (None, None, audit.OUTSIDE_A_REQUEST)


def test_a_restore_or_fixture_load_is_not_a_publish(tmp_path):
    record = f.make_agreement()
    fixture = tmp_path / "one.json"
    call_command("dumpdata", "registry.agreement", "--pks", str(record.pk), output=str(fixture))
    models.Agreement.objects.filter(pk=record.pk).delete()
    AuditEvent.objects.all().delete()

    call_command("loaddata", str(fixture), verbosity=0)

    assert not AuditEvent.objects.exists()


def test_staff_only_records_are_never_counted_as_published():
    item = f.make_action_item()
    item.is_published = True
    item.save()

    assert not AuditEvent.objects.filter(object_id=item.pk, content_type__model="actionitem")


# -- approvals, rejections, reverts ----------------------------------------------------


def propose_and_open_review(client, editor, publisher, record, title):
    client.force_login(editor)
    page = client.get(admin_url(type(record), "propose", record.pk))
    changes = {"title": title, "reason": "The release says so"}
    assert submit(client, page, changes, button=("_propose", "Propose this change")).status_code
    proposal = ChangeRequest.objects.get()
    client.force_login(publisher)
    return proposal, client.get(admin_url(ChangeRequest, "change", proposal.pk))


def test_an_approval_is_recorded_with_the_approver_and_the_record(client, staff_in_role):
    editor, publisher = staff_in_role("Editor"), staff_in_role("Publisher")
    record = f.make_agreement(title="Old")
    proposal, review = propose_and_open_review(client, editor, publisher, record, "New")

    assert submit(client, review, button=("_approve", "Approve and apply")).status_code == 302

    event = only_event(Action.APPROVED)
    assert (event.user, event.ip_address) == (publisher, CLIENT_IP)
    record.refresh_from_db()
    assert_about(event, record)
    assert event.detail == str(proposal)
    assert not events(Action.REJECTED)


def test_a_rejection_is_recorded_with_its_note(client, staff_in_role):
    editor, publisher = staff_in_role("Editor"), staff_in_role("Publisher")
    record = f.make_agreement(title="Old")
    proposal, review = propose_and_open_review(client, editor, publisher, record, "New")

    submit(client, review, {"note": "Not in the release."}, button=("_reject", "Reject"))

    event = only_event(Action.REJECTED)
    assert (event.user, event.ip_address) == (publisher, CLIENT_IP)
    assert_about(event, record)
    assert event.detail == f"{proposal}: Not in the release."
    assert not events(Action.APPROVED)


def test_a_rejection_without_a_note_is_refused_and_not_recorded(client, staff_in_role):
    editor, publisher = staff_in_role("Editor"), staff_in_role("Publisher")
    record = f.make_agreement(title="Old")
    _proposal, review = propose_and_open_review(client, editor, publisher, record, "New")

    submit(client, review, button=("_reject", "Reject"))

    assert not events(Action.REJECTED)


def test_a_revert_is_recorded_and_so_is_the_unpublish_it_brings(client, publisher):
    record = f.make_agreement(title="First", is_published=False)
    draft_version = record.history.first()
    client.force_login(publisher)
    url = admin_url(models.Agreement, "change", record.pk)
    submit(client, client.get(url), {"title": "Second", "is_published": "on"})
    AuditEvent.objects.all().delete()

    revert = admin_url(models.Agreement, "simple_history", record.pk, draft_version.pk)
    response = submit(client, client.get(revert), {"change_reason": "Published by mistake"})

    assert response.status_code == 302
    event = only_event(Action.REVERTED)
    assert (event.user, event.ip_address) == (publisher, CLIENT_IP)
    record.refresh_from_db()
    assert (record.title, record.is_published) == ("First", False)
    assert_about(event, record)
    assert event.detail.startswith("to the version of ")
    assert event.detail.endswith(" IST: Published by mistake")
    assert only_event(Action.UNPUBLISHED).user == publisher


# -- the staff-visible log ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["Viewer", "Editor", "Publisher", "Review secretariat"])
def test_every_role_reads_the_log_and_nobody_changes_it(client, staff_in_role, role):
    record = f.make_agreement(title="Ocean accord")
    event = audit.record(Action.UNPUBLISHED, obj=record, detail="by hand")
    client.force_login(staff_in_role(role))

    page = client.get(admin_url(AuditEvent, "changelist"))

    assert page.status_code == 200
    assert "Ocean accord" in page.content.decode()
    assert client.get(admin_url(AuditEvent, "add")).status_code == 403
    assert client.get(admin_url(AuditEvent, "delete", event.pk)).status_code == 403
    view = client.get(admin_url(AuditEvent, "change", event.pk))
    assert view.status_code == 200 and 'name="_save"' not in view.content.decode()
    assert client.post(admin_url(AuditEvent, "change", event.pk), {}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, detail="by hand").exists()


def test_not_even_a_superuser_may_add_change_or_delete_an_event(admin_client):
    event = audit.record(Action.LOGIN, username="someone")
    page = admin_client.get(admin_url(AuditEvent, "changelist")).content.decode()

    assert admin_url(AuditEvent, "add") not in page
    assert 'name="action"' not in page  # no bulk delete
    assert admin_client.post(admin_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_user_with_no_role_sees_no_audit_log(client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", None, None, is_staff=True)
    client.force_login(nobody)
    assert client.get(admin_url(AuditEvent, "changelist")).status_code == 403
    assert client.get(reverse("admin:registry_auditevent_csv")).status_code == 403


def test_the_log_filters_by_action_and_date_and_searches_users_and_records(client, staff_in_role):
    record = f.make_agreement(title="Quantum accord")
    client.force_login(staff_in_role("Viewer"))
    AuditEvent.objects.all().delete()
    audit.record(Action.LOGIN_FAILED, username="mallory")
    audit.record(Action.PUBLISHED, obj=record)
    old = audit.record(Action.LOGIN, username="asha")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    changelist = admin_url(AuditEvent, "changelist")

    def shown(query):
        response = client.get(changelist + query)
        return {e.action for e in response.context["cl"].result_list}

    assert shown("?action__exact=login_failed") == {Action.LOGIN_FAILED}
    assert shown("?q=mallory") == {Action.LOGIN_FAILED}
    assert shown("?q=Quantum") == {Action.PUBLISHED}
    assert shown("?at__gte=" + str(timezone.localdate() - datetime.timedelta(days=7))) == {
        Action.LOGIN_FAILED,
        Action.PUBLISHED,
    }


def test_the_csv_download_follows_the_filter_and_guards_against_formulas(client, staff_in_role):
    client.force_login(staff_in_role("Viewer"))
    AuditEvent.objects.all().delete()
    audit.record(Action.LOGIN_FAILED, username='=HYPERLINK("http://evil.example/","x")')
    audit.record(Action.LOGIN, username="asha")
    page = client.get(admin_url(AuditEvent, "changelist") + "?action__exact=login_failed")
    link = page_link(page, "audit-csv")

    response = client.get(link)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["action"] for r in rows] == ["login_failed"]
    assert rows[0]["username"] == '\'=HYPERLINK("http://evil.example/","x")'
    assert rows[0]["when"].endswith("+05:30")  # shown in Indian time


def test_the_csv_download_of_an_unknown_filter_goes_back_to_the_list(client, staff_in_role):
    client.force_login(staff_in_role("Viewer"))
    response = client.get(reverse("admin:registry_auditevent_csv") + "?nonsense=1")
    assert response.status_code == 302
    assert response["Location"] == admin_url(AuditEvent, "changelist") + "?e=1"


def page_link(response, link_id) -> str:
    document = lxml.html.fromstring(response.content.decode())
    return document.get_element_by_id(link_id).get("href")


# -- retention ---------------------------------------------------------------------------


def aged(days):
    event = audit.record(Action.LOGIN, username=f"aged-{days}")
    when = timezone.now() - datetime.timedelta(days=days)
    AuditEvent.objects.filter(pk=event.pk).update(at=when)
    return event


def test_prune_deletes_only_events_older_than_the_retention(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    kept = [aged(1), aged(179)]
    aged(181)
    aged(400)
    out = io.StringIO()

    call_command("prune_audit_log", stdout=out)

    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {e.pk for e in kept}
    assert "Deleted 2 audit event(s) older than 180 days." in out.getvalue()


def test_prune_keeps_a_year_by_default():
    from django.conf import settings

    assert settings.AUDIT_RETENTION_DAYS == 365
    kept = aged(300)
    aged(366)
    call_command("prune_audit_log", stdout=io.StringIO())
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]


def test_prune_refuses_a_retention_under_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 179
    aged(200)

    with pytest.raises(CommandError, match="at least 180 days"):
        call_command("prune_audit_log", stdout=io.StringIO())
    assert AuditEvent.objects.count() == 1


# -- never public; no effect on the public caches; kept in backups ------------------------


def test_an_audit_write_does_not_retire_the_cached_pages():
    before = caching.data_version()
    audit.record(Action.LOGIN_FAILED, username="someone")
    assert caching.data_version() == before


def test_a_publish_still_retires_the_cached_pages():
    record = f.make_agreement(is_published=False)
    before = caching.data_version()
    record.is_published = True
    record.save()
    assert caching.data_version() != before


def test_no_public_surface_shows_the_audit_log(client):
    marker = "audit-marker-7f3a"
    record = f.make_agreement(title=f"Accord {marker[:5]}")
    audit.record(Action.LOGIN_FAILED, username=marker, detail=marker)
    audit.record(Action.PUBLISHED, obj=record, detail=marker)

    api_root = client.get("/api/v1/").json()
    assert not [name for name in api_root if "audit" in name]
    for path in ["/api/v1/", "/sitemap.xml", "/data/registry.json", "/api/schema/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.getvalue().decode().lower()
        assert marker not in body and "auditevent" not in body and "audit_event" not in body
    archive = client.get("/data/registry-csv.zip").getvalue()
    assert marker.encode() not in archive and b"audit" not in archive.lower()


def test_backups_keep_the_audit_log():
    # backup_registry dumps every table but those it names: the audit trail must survive a
    # restore (tests/test_backup.py checks the round trip of every table with rows).
    assert not [label for label in EXCLUDED if label in ("registry", "registry.auditevent")]


def test_the_kind_of_record_filter_offers_only_kinds_the_log_holds(client, staff_in_role):
    client.force_login(staff_in_role("Viewer"))
    AuditEvent.objects.all().delete()
    audit.record(Action.PUBLISHED, obj=f.make_agreement())
    audit.record(Action.LOGIN, username="asha")

    response = client.get(admin_url(AuditEvent, "changelist"))
    kinds = next(s for s in response.context["cl"].filter_specs if s.title == "kind of record")
    offered = [choice["display"] for choice in kinds.choices(response.context["cl"])][1:]

    # Making the agreement published its new partner too; "-" is the events of no record.
    assert sorted(str(label) for label in offered) == [
        "-",
        "S&T Cooperation Registry | agreement",
        "S&T Cooperation Registry | partner",
    ]
