"""History: every admin change is kept with who, when, what changed and why, and can be reverted."""

import pytest
from django.urls import reverse

from registry import models
from tests import factories as f
from tests.forms import rendered_data

pytestmark = pytest.mark.django_db


def _change(client, agreement, **changes):
    url = reverse("admin:registry_agreement_change", args=[agreement.pk])
    data = rendered_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement.refresh_from_db()


def test_a_change_is_recorded_with_its_author_its_reason_and_a_diff(admin_client, superuser):
    agreement = f.make_agreement(title="MoU on oceans")

    _change(admin_client, agreement, title="MoU on ocean science", change_reason="Typo in PIB")

    latest, before = agreement.history.all()[:2]
    assert latest.history_user == superuser
    assert latest.history_change_reason == "Typo in PIB"
    assert latest.history_type == "~"
    delta = latest.diff_against(before)
    assert delta.changed_fields == ["title"]
    assert (delta.changes[0].old, delta.changes[0].new) == ("MoU on oceans", "MoU on ocean science")


def test_the_reason_is_optional(admin_client):
    agreement = f.make_agreement()
    _change(admin_client, agreement, title="Retitled")
    assert agreement.history.first().history_change_reason is None


def test_the_history_page_shows_who_changed_what_and_why(admin_client):
    agreement = f.make_agreement(title="Old title")
    _change(admin_client, agreement, title="New title", change_reason="Checked the annexure")

    url = reverse("admin:registry_agreement_history", args=[agreement.pk])
    page = admin_client.get(url).content.decode()

    assert "Checked the annexure" in page
    assert "admin" in page  # the user
    assert "Old title" in page and "New title" in page  # the diff column


def test_reverting_to_an_earlier_version_restores_it_and_records_the_revert(admin_client):
    agreement = f.make_agreement(title="Original title", summary="First summary")
    original = agreement.history.first()
    _change(admin_client, agreement, title="Wrong title", summary="Wrong summary")
    assert agreement.title == "Wrong title"
    versions = agreement.history.count()

    url = reverse("admin:registry_agreement_simple_history", args=[agreement.pk, original.pk])
    data = rendered_data(admin_client.get(url)) | {"change_reason": "Revert the wrong edit"}
    response = admin_client.post(url, data)

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.summary) == ("Original title", "First summary")
    assert agreement.history.first().history_change_reason == "Revert the wrong edit"
    assert agreement.history.count() == versions + 1


def test_a_stale_change_form_is_still_refused(admin_client):
    # Reverting stamps the form with the current version; an ordinary edit does not.
    agreement = f.make_agreement()
    url = reverse("admin:registry_agreement_change", args=[agreement.pk])
    stale = rendered_data(admin_client.get(url)) | {"title": "Mine"}
    _change(admin_client, agreement, title="Theirs")
    response = admin_client.post(url, stale)
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.title == "Theirs"


def test_bulk_publishing_is_recorded_in_the_history(admin_client, superuser):
    agreement = f.make_agreement(is_published=False)
    admin_client.post(
        reverse("admin:registry_agreement_changelist"),
        {"action": "publish", "_selected_action": [agreement.pk]},
    )
    latest = models.Agreement.history.filter(id=agreement.pk).first()
    assert latest.is_published
    assert latest.history_change_reason == "Published"
    assert latest.history_user == superuser


def _revert_url(agreement, version):
    return reverse("admin:registry_agreement_simple_history", args=[agreement.pk, version.pk])


def test_a_viewer_may_read_the_history_but_not_revert(client, admin_client, staff_in_role):
    agreement = f.make_agreement(title="Original", is_published=False)
    original = agreement.history.first()
    _change(admin_client, agreement, title="Changed")
    url = _revert_url(agreement, original)
    data = rendered_data(admin_client.get(url))

    client.force_login(staff_in_role("Viewer"))
    assert client.get(url).status_code == 200
    refused = client.post(url, data, follow=True)
    assert "You do not have permission to change" in refused.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Changed"


def test_an_editor_cannot_revert_a_published_record(client, admin_client, staff_in_role):
    agreement = f.make_agreement(title="Original", is_published=False)
    original = agreement.history.first()
    _change(admin_client, agreement, title="Published title", is_published="on")
    url = _revert_url(agreement, original)
    data = rendered_data(admin_client.get(url))

    client.force_login(staff_in_role("Editor"))
    refused = client.post(url, data, follow=True)
    assert "only a publisher may change it" in refused.content.decode()
    agreement.refresh_from_db()
    assert (agreement.title, agreement.is_published) == ("Published title", True)


def test_an_editor_reverting_a_draft_to_a_published_version_keeps_it_a_draft(client, staff_in_role):
    agreement = f.make_agreement(title="Was live", is_published=True)
    was_live = agreement.history.first()
    agreement.is_published, agreement.title = False, "Withdrawn draft"
    agreement.save()

    client.force_login(staff_in_role("Editor"))
    url = _revert_url(agreement, was_live)
    response = client.post(url, rendered_data(client.get(url)))

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.is_published) == ("Was live", False)
