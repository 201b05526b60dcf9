"""Imports ask the one rule (registry.permissions) of every record a row would update.

Driven through the import page as rendered: the upload form, then the preview's confirm form.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import models
from registry.roles import EDITOR
from tests import factories
from tests.forms import submit

pytestmark = pytest.mark.django_db

HEADER = ["id", "instrument", "title", "partners", "status", "signed_on", "source", "is_published"]
CSV = "0"  # the first of the admin's import formats


def upload(rows):
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return SimpleUploadedFile("agreements.csv", out.getvalue().encode(), content_type="text/csv")


def preview(client, rows):
    page = client.get(reverse("admin:registry_agreement_import"))
    return submit(client, page, {"format": CSV}, button=None, files={"import_file": upload(rows)})


def row(agreement, title, published):
    return [agreement.pk, "mou", title, "france", "in_force", "2020-01-01", "PIB", published]


@pytest.fixture
def editor_client(client, staff_in_role):
    factories.make_partner(slug="france")
    client.force_login(staff_in_role(EDITOR))
    return client


@pytest.mark.parametrize("published", ["1", "0"], ids=["kept published", "unpublished"])
def test_an_editors_row_updating_a_published_record_is_refused_with_the_rules_reason(
    editor_client, published
):
    live = factories.make_agreement(title="Live")

    response = preview(editor_client, [row(live, "Rewritten", published)])

    assert response.context["result"].has_validation_errors()
    assert "This record is published; only a publisher may change it." in response.content.decode()
    live.refresh_from_db()
    assert (live.title, live.is_published) == ("Live", True)


def test_an_editors_row_updating_a_draft_is_imported(editor_client):
    draft = factories.make_agreement(title="Draft", is_published=False)

    shown = preview(editor_client, [row(draft, "Rewritten", "0")])
    assert not shown.context["result"].has_validation_errors()
    done = submit(editor_client, shown, button=None)

    assert done.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.is_published) == ("Rewritten", False)


def test_an_editors_row_publishing_a_draft_is_refused(editor_client):
    draft = factories.make_agreement(title="Draft", is_published=False)

    response = preview(editor_client, [row(draft, "Rewritten", "1")])

    assert "You may not publish agreements" in response.content.decode()
    assert models.Agreement.objects.get(pk=draft.pk).title == "Draft"
