"""Change requests (maker-checker): an Editor proposes, a Publisher approves or rejects.

Every page is used as rendered (tests/forms.py): the propose page, the review page with its
buttons, the record's change page. Parametrised over registry.catalogue.publishable_models().
"""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from registry import catalogue, models, opendata
from registry.models import ChangeRequest
from registry.publishing import REQUIRED_TO_PUBLISH
from tests import factories as f
from tests.factories import one_of_each
from tests.forms import has_field, page_form, rendered_data, submit

pytestmark = pytest.mark.django_db

MODELS = catalogue.publishable_models()
PROPOSE = ("_propose", "Propose this change")
APPROVE = ("_approve", "Approve and apply")
REJECT = ("_reject", "Reject")
WITHDRAW = ("_withdraw", "Withdraw my proposal")
NEW_SOURCE = "Corrected citation, PIB release of 2 May 2025"
Status = ChangeRequest.Status


def model_id(model) -> str:
    return model._meta.model_name


def admin_url(model, view, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def editor(staff_in_role):
    return staff_in_role("Editor")


@pytest.fixture
def publisher(staff_in_role):
    return staff_in_role("Publisher")


def propose(client, record, changes, reason="The source was corrected"):
    page = client.get(admin_url(type(record), "propose", record.pk))
    return submit(client, page, {**changes, "reason": reason}, button=PROPOSE)


def review_page(client, proposal):
    return client.get(admin_url(ChangeRequest, "change", proposal.pk))


def decide(client, page, button, note=None):
    return submit(client, page, {} if note is None else {"note": note}, button=button)


def shown_after(client, response) -> str:
    """The page a redirect leads to, as the browser shows it (with its messages)."""
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"]).content.decode()


def form_errors(response) -> str:
    return str(response.context["adminform"].form.errors) if response.context else ""


def downloaded(client, record) -> dict:
    """The record's row in the public /data/ download."""
    response = client.get("/data/registry.json")
    rows = json.loads(response.getvalue())["records"][opendata.dataset_of(type(record))]
    return next(row for row in rows if row["id"] == record.pk)


def proposed_by_editor(client, editor, record, changes=None, reason="The source was corrected"):
    client.force_login(editor)
    response = propose(client, record, changes or {"source": NEW_SOURCE}, reason)
    assert response.status_code == 302, form_errors(response)
    return ChangeRequest.objects.latest("pk")


def test_every_model_that_is_ever_published_takes_change_requests():
    assert set(MODELS) == set(REQUIRED_TO_PUBLISH)


# -- proposing -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_an_editor_proposes_a_change_and_the_record_stays_as_published(model, client, editor):
    record = one_of_each()[model]
    public_before = downloaded(client, record)
    client.force_login(editor)
    change_page = client.get(admin_url(model, "change", record.pk))
    assert not change_page.context["has_change_permission"]
    assert admin_url(model, "propose", record.pk) in change_page.content.decode()
    propose_page = client.get(admin_url(model, "propose", record.pk))
    assert has_field(propose_page, "base_version")
    assert rendered_data(propose_page)["base_version"] == [str(record.version)]

    response = submit(
        client, propose_page, {"source": NEW_SOURCE, "reason": "Cited wrongly"}, button=PROPOSE
    )

    assert "waits for a publisher" in shown_after(client, response)
    proposal = ChangeRequest.objects.get()
    assert proposal.record == record
    assert proposal.proposed == {"source": NEW_SOURCE}
    assert (proposal.base_version, proposal.reason) == (record.version, "Cited wrongly")
    assert (proposal.proposed_by, proposal.status) == (editor, Status.PENDING)
    before = record.version
    record.refresh_from_db()
    assert (record.source, record.version) == ("test factory", before)
    assert downloaded(client, record) == public_before


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_a_proposal_that_changes_nothing_is_refused(model, client, editor):
    record = one_of_each()[model]
    client.force_login(editor)

    response = propose(client, record, {})

    assert response.status_code == 200
    assert "Nothing changed" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_a_multi_line_text_left_untouched_is_not_proposed(client, editor):
    """Browsers send a textarea's line breaks as CR LF; that is no change of the text."""
    record = one_of_each()[models.Agreement]
    type(record).objects.filter(pk=record.pk).update(note="First line\nSecond line")
    client.force_login(editor)

    response = propose(client, record, {"title": "A proposed title"})

    assert response.status_code == 302
    assert set(ChangeRequest.objects.get().proposed) == {"title"}


def test_an_invalid_proposal_is_refused_up_front(client, editor):
    record = one_of_each()[models.Agreement]
    client.force_login(editor)

    no_title = propose(client, record, {"title": ""})
    no_source = propose(client, record, {"source": ""})
    backwards = propose(client, record, {"valid_until": "2019-01-01"})

    assert "title" in no_title.context["adminform"].form.errors
    assert "Cannot publish: source is missing" in no_source.content.decode()
    assert backwards.status_code == 200 and backwards.context["adminform"].form.errors
    assert not ChangeRequest.objects.exists()


def test_a_proposal_made_on_a_page_loaded_before_another_edit_is_refused(client, editor, publisher):
    record = one_of_each()[models.Agreement]
    client.force_login(editor)
    page = client.get(admin_url(models.Agreement, "propose", record.pk))
    record.note = "edited meanwhile"
    record.save()

    response = submit(client, page, {"title": "Late", "reason": "x"}, button=PROPOSE)

    assert "The record changed while you wrote your proposal" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_the_propose_page_offers_the_change_form_fields_without_inlines(client, editor):
    record = one_of_each()[models.JWGReview]
    client.force_login(editor)
    change_names = set(rendered_data(client.get(admin_url(models.JWGReview, "change", record.pk))))
    propose_names = set(
        rendered_data(client.get(admin_url(models.JWGReview, "propose", record.pk)))
    )

    assert {"group", "title", "held_on", "source", "reason", "base_version"} <= propose_names
    assert not {n for n in propose_names if n.startswith("action_items-")}
    assert "change_reason" not in propose_names and "is_published" not in propose_names
    assert any(n.startswith("action_items-") for n in change_names)


def test_a_viewer_cannot_propose(client, staff_in_role):
    client.force_login(staff_in_role("Viewer"))
    record = one_of_each()[models.Agreement]

    change_page = client.get(admin_url(models.Agreement, "change", record.pk)).content.decode()

    assert admin_url(models.Agreement, "propose", record.pk) not in change_page
    assert client.get(admin_url(models.Agreement, "propose", record.pk)).status_code == 403


def test_a_draft_is_changed_directly_not_proposed(client, editor):
    draft = f.make_agreement(is_published=False)
    client.force_login(editor)

    response = client.get(admin_url(models.Agreement, "propose", draft.pk))

    assert "You may change this record directly" in shown_after(client, response)


def test_a_publisher_changes_directly_and_is_offered_no_proposal(client, publisher):
    record = one_of_each()[models.Agreement]
    client.force_login(publisher)

    page = client.get(admin_url(models.Agreement, "change", record.pk)).content.decode()

    assert admin_url(models.Agreement, "propose", record.pk) not in page


# -- approving -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_a_publisher_approves_through_the_review_page(model, client, editor, publisher):
    record = one_of_each()[model]
    proposal = proposed_by_editor(client, editor, record, reason="Cited the wrong release")
    client.force_login(publisher)
    page = review_page(client, proposal)
    html = page.content.decode()
    assert "Source" in html and "test factory" in html and NEW_SOURCE in html

    response = decide(client, page, APPROVE)

    assert "Approved" in shown_after(client, response)
    record.refresh_from_db()
    assert record.source == NEW_SOURCE
    latest = record.history.first()
    assert latest.history_user == publisher
    assert latest.history_change_reason == (
        f"Change request #{proposal.pk} by editor, approved by publisher: Cited the wrong release"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (Status.APPROVED, publisher)
    assert downloaded(client, record)["source"] == NEW_SOURCE


def test_an_approved_title_shows_on_the_public_page(client, editor, publisher):
    record = one_of_each()[models.Agreement]
    proposal = proposed_by_editor(client, editor, record, {"title": "India–Browserland MoU"})
    public = record.get_absolute_url()
    assert "India–Browserland MoU" not in client.get(public).content.decode()
    client.force_login(publisher)

    decide(client, review_page(client, proposal), APPROVE)

    client.logout()
    assert "India–Browserland MoU" in client.get(public).content.decode()


def test_relations_are_shown_by_name_and_applied(client, editor, publisher):
    record = one_of_each()[models.Agreement]
    old_partner = record.partners.get()
    japan = f.make_partner(name="Japan")
    agency = f.make_agency(name="Department of Biotechnology")
    changes = {"partners": [old_partner.pk, japan.pk], "indian_agency": agency.pk}
    proposal = proposed_by_editor(client, editor, record, changes)
    assert proposal.proposed == {
        "partners": sorted([old_partner.pk, japan.pk]),
        "indian_agency": agency.pk,
    }
    client.force_login(publisher)
    page = review_page(client, proposal)
    rows = {row.label: row for row in page.context["diff"]}
    assert rows["Partners"].current == str(old_partner)
    assert set(rows["Partners"].proposed.split(", ")) == {str(old_partner), "Japan"}
    assert rows["Indian agency"].proposed == str(agency)

    decide(client, page, APPROVE)

    record.refresh_from_db()
    assert set(record.partners.all()) == {old_partner, japan}
    assert record.indian_agency == agency


def test_a_long_reason_is_kept_whole_on_the_proposal_and_shortened_in_the_history(
    client, editor, publisher
):
    record = one_of_each()[models.JointCall]
    reason = "The ministry's corrected release " * 20
    proposal = proposed_by_editor(client, editor, record, reason=reason)
    client.force_login(publisher)

    decide(client, review_page(client, proposal), APPROVE)

    history_reason = record.history.first().history_change_reason
    assert len(history_reason) == 100 and history_reason.endswith("…")
    assert ChangeRequest.objects.get().reason == reason.strip()


def test_the_review_page_takes_a_fixed_number_of_queries(
    client, editor, publisher, django_assert_num_queries
):
    record = one_of_each()[models.Agreement]
    changes = {"title": "New title", "partners": [f.make_partner().pk, f.make_partner().pk]}
    proposal = proposed_by_editor(client, editor, record, changes)
    client.force_login(publisher)
    review_page(client, proposal)  # warm the content type cache as a running site has it

    # Session, user, the proposal (with type and proposer), today's record, user permissions
    # and groups, today's partners and the proposed ones; the admin's app list adds none.
    with django_assert_num_queries(8):
        assert review_page(client, proposal).status_code == 200


# -- outdated proposals ----------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_an_outdated_proposal_is_flagged_and_cannot_be_applied(model, client, editor, publisher):
    record = one_of_each()[model]
    proposal = proposed_by_editor(client, editor, record)
    client.force_login(publisher)
    stale_review = review_page(client, proposal)
    change_page = client.get(admin_url(model, "change", record.pk))
    assert submit(client, change_page, {"note": "Edited meanwhile"}).status_code == 302
    record.refresh_from_db()

    refused = shown_after(client, decide(client, stale_review, APPROVE))

    expected = f"The record changed since this proposal (version {proposal.base_version} → "
    assert expected + f"{record.version})" in refused
    record.refresh_from_db()
    assert (record.source, record.note) == ("test factory", "Edited meanwhile")
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING
    flagged = review_page(client, proposal)
    assert expected in flagged.content.decode()
    assert not has_field(flagged, "_approve", form_id="decision_form")
    assert decide(client, flagged, REJECT, "Please propose again").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED


def test_a_proposal_that_no_longer_fits_is_refused_and_nothing_is_applied(
    client, editor, publisher
):
    record = one_of_each()[models.Agreement]
    japan = f.make_partner(name="Japan")
    changes = {"title": "Half applied?", "partners": [record.partners.get().pk, japan.pk]}
    proposal = proposed_by_editor(client, editor, record, changes)
    japan.delete()  # the record itself is unchanged: the proposal is not outdated
    client.force_login(publisher)

    refused = shown_after(client, decide(client, review_page(client, proposal), APPROVE))

    assert "Some of the proposed partners no longer exist" in refused
    record.refresh_from_db()
    assert record.title != "Half applied?"
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING


def test_a_proposal_refused_by_the_model_rules_on_approval_applies_nothing(
    client, editor, publisher
):
    partner = one_of_each()[models.Partner]
    slug = partner.slug
    proposal = proposed_by_editor(client, editor, partner, {"slug": "taken", "note": "n"})
    f.make_partner(slug="taken")
    client.force_login(publisher)

    refused = shown_after(client, decide(client, review_page(client, proposal), APPROVE))

    assert "Slug: Partner with this Slug already exists." in refused
    partner.refresh_from_db()
    assert (partner.note, partner.slug) == ("", slug)
    assert ChangeRequest.objects.get().status == Status.PENDING


# -- rejecting, withdrawing, who may decide --------------------------------------------------


def test_a_rejection_note_reaches_the_editor(client, editor, publisher):
    record = one_of_each()[models.Agreement]
    proposal = proposed_by_editor(client, editor, record, {"title": "Wrong title"})
    client.force_login(publisher)
    page = review_page(client, proposal)
    without_note = shown_after(client, decide(client, page, REJECT))
    assert "Say why you reject it" in without_note

    decide(client, review_page(client, proposal), REJECT, "The release names it otherwise.")

    record.refresh_from_db()
    assert record.title != "Wrong title"
    client.force_login(editor)
    change_page = client.get(admin_url(models.Agreement, "change", record.pk)).content.decode()
    assert "was rejected: The release names it otherwise." in change_page
    mine = client.get(reverse("admin:registry_changerequest_changelist") + "?mine=yes")
    assert [p.pk for p in mine.context["cl"].result_list] == [proposal.pk]
    assert "The release names it otherwise." in mine.content.decode()


def test_the_editor_is_told_a_proposal_waits(client, editor):
    record = one_of_each()[models.Agreement]
    proposed_by_editor(client, editor, record)

    page = client.get(admin_url(models.Agreement, "change", record.pk)).content.decode()

    assert "waits for a decision" in page


def test_an_editor_cannot_approve_even_by_posting_the_button(client, editor, staff_in_role):
    record = one_of_each()[models.Agreement]
    proposal = proposed_by_editor(client, editor, record)
    page = review_page(client, proposal)
    assert not has_field(page, "_approve", form_id="decision_form")

    # The proposer's page holds only the withdraw form; press "approve" on it by hand.
    refused = shown_after(client, decide(client, page, APPROVE))

    assert "Only someone who may publish agreements may decide this proposal" in refused
    client.force_login(staff_in_role("Editor", "second_editor"))
    other = review_page(client, proposal)
    assert other.status_code == 200 and "decision_form" not in other.content.decode()
    proposal.refresh_from_db()
    record.refresh_from_db()
    assert (proposal.status, record.source) == (Status.PENDING, "test factory")


def test_the_proposer_withdraws_a_proposal(client, editor):
    proposal = proposed_by_editor(client, editor, one_of_each()[models.JointCall])

    decide(client, review_page(client, proposal), WITHDRAW)

    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN


def test_a_proposal_is_decided_once(client, editor, publisher, staff_in_role):
    record = one_of_each()[models.Agreement]
    proposal = proposed_by_editor(client, editor, record, {"note": "first"})
    client.force_login(publisher)
    first_tab, second_tab = review_page(client, proposal), review_page(client, proposal)
    decide(client, first_tab, APPROVE)
    version = models.Agreement.objects.get(pk=record.pk).version

    again = shown_after(client, decide(client, second_tab, REJECT, "too late"))

    assert "already been decided" in again
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED
    assert models.Agreement.objects.get(pk=record.pk).version == version


def test_the_secretariat_decides_meetings_but_not_agreements(client, editor, staff_in_role):
    records = one_of_each()
    meeting = proposed_by_editor(client, editor, records[models.JWGReview])
    agreement = proposed_by_editor(client, editor, records[models.Agreement])
    client.force_login(staff_in_role("Review secretariat"))

    assert has_field(review_page(client, meeting), "_approve", form_id="decision_form")
    assert review_page(client, agreement).status_code == 403


def test_a_viewer_sees_no_proposals(client, editor, staff_in_role):
    proposal = proposed_by_editor(client, editor, one_of_each()[models.Agreement])
    client.force_login(staff_in_role("Viewer"))

    assert client.get(reverse("admin:registry_changerequest_changelist")).status_code == 403
    assert review_page(client, proposal).status_code == 403


# -- the admin index -------------------------------------------------------------------------


def test_the_admin_index_shows_how_many_proposals_wait_for_the_user(client, editor, publisher):
    records = one_of_each()
    proposed_by_editor(client, editor, records[models.Agreement])
    proposed_by_editor(client, editor, records[models.JointCall])
    editor_index = client.get(reverse("admin:index")).content.decode()
    client.force_login(publisher)

    index = client.get(reverse("admin:index")).content.decode()

    assert "2 proposals wait for your decision." in index
    assert 'id="waiting-change-requests"' not in editor_index
    waiting = client.get(reverse("admin:registry_changerequest_changelist") + "?waiting=me")
    assert len(waiting.context["cl"].result_list) == 2


# -- never public ----------------------------------------------------------------------------


def test_proposals_never_reach_the_public_site_api_feeds_or_downloads(client, editor):
    secret = "SECRET-PROPOSED-TEXT"
    records = one_of_each()
    for model in (models.Agreement, models.JointCall):
        proposed_by_editor(client, editor, records[model], {"title": secret}, reason=secret)
    client.logout()

    pages = [
        records[models.Agreement].get_absolute_url(),
        records[models.JointCall].get_absolute_url(),
        reverse("registry:agreement_list"),
        reverse("registry:call_list"),
        reverse("registry:home"),
        reverse("registry:agreement_feed"),
        reverse("registry:call_feed"),
        *[f"/api/v1/{prefix}/" for prefix in catalogue.endpoints()],
        "/data/registry.json",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert secret not in response.getvalue().decode(), url
    found = client.get(reverse("registry:search") + f"?q={secret}").content.decode()
    assert records[models.Agreement].get_absolute_url() not in found
    archive = zipfile.ZipFile(io.BytesIO(client.get("/data/registry-csv.zip").getvalue()))
    assert all(secret not in archive.read(name).decode() for name in archive.namelist())
    assert client.get("/api/v1/change-requests/").status_code == 404


# -- the daily e-mail ------------------------------------------------------------------------


def run_reminders(day: datetime.date) -> None:
    call_command("send_reminders", "--date", day.isoformat(), stdout=io.StringIO())


def proposal_mails() -> dict[str, list]:
    found = {}
    for message in mail.outbox:
        if "Change request waiting" in message.body:
            found.setdefault(message.to[0], []).append(message)
    return found


def test_publishers_get_one_email_a_day_about_waiting_proposals(client, editor, staff_in_role):
    first, second = staff_in_role("Publisher", "pub1"), staff_in_role("Publisher", "pub2")
    secretariat = staff_in_role("Review secretariat")
    agreement = proposed_by_editor(client, editor, f.make_agreement(title="Accord A"))
    call = proposed_by_editor(client, editor, f.make_call(title="Call C"))
    today = timezone.localdate()

    run_reminders(today)

    sent = proposal_mails()
    assert set(sent) == {first.email, second.email}
    for messages in sent.values():
        assert len(messages) == 1
        body = messages[0].body
        assert "Accord A" in body and "Call C" in body and "proposed by editor" in body
        assert admin_url(ChangeRequest, "change", agreement.pk) in body
        assert admin_url(ChangeRequest, "change", call.pk) in body
    assert secretariat.email not in sent and editor.email not in sent
    logged = models.ReminderLog.objects.filter(kind="change_request_waiting", day=today)
    assert logged.count() == 4

    mail.outbox.clear()
    run_reminders(today)
    assert proposal_mails() == {}

    ChangeRequest.objects.filter(pk=agreement.pk).update(status=Status.REJECTED)
    run_reminders(today + datetime.timedelta(days=1))
    sent = proposal_mails()
    assert set(sent) == {first.email, second.email}
    assert all("Call C" in m[0].body and "Accord A" not in m[0].body for m in sent.values())


def test_nobody_is_asked_to_decide_their_own_proposal(client, staff_in_role):
    maker = staff_in_role("Editor", "maker")
    proposed_by_editor(client, maker, one_of_each()[models.JWGReview])
    maker.groups.add(Group.objects.get(name="Review secretariat"))  # may decide meetings now
    staff_in_role("Review secretariat", "checker")

    run_reminders(timezone.localdate())

    assert set(proposal_mails()) == {"checker@example.org"}


def test_the_rendered_propose_form_has_no_save_button_of_the_change_form(client, editor):
    record = one_of_each()[models.Agreement]
    client.force_login(editor)

    form = page_form(client.get(admin_url(models.Agreement, "propose", record.pk)))

    names = {control.get("name") for control in form.inputs}
    assert "_propose" in names and "_save" not in names


def test_a_link_with_the_old_kind_filter_goes_to_the_record_type_filter(admin_client):
    url = reverse("admin:registry_changerequest_changelist")

    response = admin_client.get(url, {"waiting": "me", "kind": "jointworkinggroup"})
    followed = admin_client.get(response["Location"])

    assert response.status_code == 302
    assert "record_type=working_group" in response["Location"]
    assert "waiting=me" in response["Location"]
    assert followed.status_code == 200
    assert "e=1" not in followed.request["QUERY_STRING"]
