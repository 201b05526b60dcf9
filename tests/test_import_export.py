"""Import (CSV, XLSX; preview first; all or nothing) and export (following the list filters)."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
import tablib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import models
from registry.admin.resources import (
    ActionItemResource,
    AgreementResource,
    FacilityMembershipResource,
    JointCallResource,
    JWGReviewResource,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADER = ["id", "instrument", "title", "partners", "indian_agency", "status", "signed_on", "source"]
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # positions in the admin's import_formats


@pytest.fixture
def known():
    """The partners and agency that rows refer to by slug or ISO code."""
    return {
        "france": f.make_partner(name="France", slug="france", iso_code="FR"),
        "japan": f.make_partner(name="Japan", slug="japan", iso_code="JP"),
        "dst": f.make_agency(short_name="DST", slug="dst"),
    }


def good_rows():
    return [
        ["", "mou", "MoU on ocean science", "france", "dst", "signed", "2024-02-01", "PIB"],
        ["", "loi", "LoI on quantum", "FR,jp", "", "in_force", "2023-05-10", "PIB"],
    ]


def csv_file(rows, name="agreements.csv"):
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def xlsx_file(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("agreements.xlsx", out.getvalue())


def preview(client, upload, file_format):
    url = reverse("admin:registry_agreement_import")
    return client.post(url, {"import_file": upload, "format": file_format})


def confirm(client, preview_response):
    form = preview_response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse("admin:registry_agreement_process_import"), data)


def test_imports_run_in_a_transaction():
    assert settings.IMPORT_EXPORT_USE_TRANSACTIONS is True


@pytest.mark.parametrize(
    ("make_file", "file_format"), [(csv_file, CSV_FORMAT), (xlsx_file, XLSX_FORMAT)]
)
def test_a_good_file_is_previewed_then_imported(admin_client, known, make_file, file_format):
    response = preview(admin_client, make_file(good_rows()), file_format)

    assert response.status_code == 200
    assert not response.context["result"].has_validation_errors()
    assert not models.Agreement.objects.exists()  # the preview saves nothing

    assert confirm(admin_client, response).status_code == 302
    ocean = models.Agreement.objects.get(title="MoU on ocean science")
    quantum = models.Agreement.objects.get(title="LoI on quantum")
    assert list(ocean.partners.all()) == [known["france"]]
    assert ocean.indian_agency == known["dst"]
    assert ocean.signed_on == datetime.date(2024, 2, 1)
    assert set(quantum.partners.all()) == {known["france"], known["japan"]}
    assert not ocean.is_published  # imported rows are drafts unless the file says otherwise
    assert ocean.history.filter(history_change_reason="Imported from a file").exists()


def test_one_bad_row_saves_nothing_and_names_the_row_and_the_reason(admin_client, known):
    rows = [*good_rows(), ["", "mou", "MoU with nowhere", "atlantis", "", "signed", "", "PIB"]]

    response = preview(admin_client, csv_file(rows), CSV_FORMAT)

    result = response.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in response.context  # nothing to confirm
    [invalid] = result.invalid_rows
    assert invalid.number == 3
    page = response.content.decode()
    assert re.search(r"<td>\s*3\s*</td>", page)  # the "Row" column of the preview
    assert "unknown partner “atlantis”" in page
    assert not models.Agreement.objects.exists()


def test_the_import_itself_is_all_or_nothing(known, superuser):
    dataset = tablib.Dataset(*good_rows(), headers=HEADER)
    dataset.append(["", "mou", "Undated", "france", "", "not-a-status", "", "PIB"])

    result = AgreementResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True, user=superuser
    )

    assert result.has_validation_errors()
    assert "status" in result.invalid_rows[0].field_specific_errors
    assert not models.Agreement.objects.exists()


def test_a_row_that_became_invalid_after_the_preview_saves_nothing_at_confirm(admin_client, known):
    response = preview(admin_client, csv_file(good_rows()), CSV_FORMAT)
    known["japan"].delete()  # row 2 names "jp": valid at preview, invalid at confirm

    confirmed = confirm(admin_client, response)

    assert confirmed.status_code == 302
    assert confirmed.url == reverse("admin:registry_agreement_import")
    assert not models.Agreement.objects.exists()
    messages = [str(m) for m in admin_client.get(confirmed.url).context["messages"]]
    assert "Row 2: partners: unknown partner “jp”" in messages
    assert any("Nothing was imported" in m for m in messages)


def test_an_editor_cannot_publish_through_an_import(client, staff_in_role, known):
    client.force_login(staff_in_role("Editor"))
    header_rows = [[*row[:-1], row[-1]] for row in good_rows()]
    out = io.StringIO()
    csv.writer(out).writerows([[*HEADER, "is_published"], *[[*r, "1"] for r in header_rows]])
    upload = SimpleUploadedFile("a.csv", out.getvalue().encode())

    response = preview(client, upload, CSV_FORMAT)

    assert response.context["result"].has_validation_errors()
    assert "You may not publish" in response.content.decode()
    assert not models.Agreement.objects.exists()


def test_a_publisher_importing_a_published_row_must_meet_the_minimum(admin_client, known):
    out = io.StringIO()
    csv.writer(out).writerows(
        [[*HEADER, "is_published"], ["", "mou", "No source", "france", "", "signed", "", "", "1"]]
    )
    response = preview(admin_client, SimpleUploadedFile("a.csv", out.getvalue().encode()), "0")
    assert "source is missing" in response.content.decode()


def _export_response(client, query="", file_format=CSV_FORMAT):
    url = reverse("admin:registry_agreement_export") + query
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["format"] = file_format
    response = client.post(url, data)
    assert response.status_code == 200, response.context["form"].errors
    return response


def _export(client, query=""):
    response = _export_response(client, query)
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_export_follows_the_changelist_filters(admin_client, known):
    f.make_agreement(title="Signed one", status="signed", partners=[known["france"]])
    f.make_agreement(
        title="In force one", status="in_force", partners=[known["japan"], known["france"]]
    )

    everything = _export(admin_client)
    signed_only = _export(admin_client, "?status__exact=signed")

    assert {row["title"] for row in everything} == {"Signed one", "In force one"}
    assert [row["title"] for row in signed_only] == ["Signed one"]
    assert signed_only[0]["partners"] == "france"


def test_export_of_selected_rows_is_an_admin_action(admin_client):
    response = admin_client.get(reverse("admin:registry_agreement_changelist"))
    choices = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert "export_admin_action" in choices


def test_an_exported_file_imports_back_unchanged(admin_client, known):
    agreement = f.make_agreement(title="Round trip", partners=[known["japan"]], signed_on=None)
    rows = _export(admin_client)
    dataset = tablib.Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append(list(row.values()))

    result = AgreementResource().import_data(dataset, dry_run=True)

    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update"]
    agreement.refresh_from_db()
    assert agreement.title == "Round trip"


def _rows_for_other_models(known, superuser):
    facility = f.make_facility(slug="cern")
    group = f.make_group()
    review = f.make_review(group=group)
    return [
        (
            JointCallResource,
            ["id", "title", "partners", "status", "closes_at", "source"],
            ["", "Call on AI", "FR,japan", "open", "2025-07-01 17:00:00", "DST"],
            lambda: models.JointCall.objects.get(title="Call on AI").partners.count() == 2,
        ),
        (
            FacilityMembershipResource,
            ["id", "facility", "membership_type", "started_on", "nodal_agency", "source"],
            ["", "cern", "associate_member", "2017-01-16", "dst", "PIB"],
            lambda: (
                models.FacilityMembership.objects.get(facility=facility).nodal_agency
                == known["dst"]
            ),
        ),
        (
            JWGReviewResource,
            ["id", "group", "held_on", "status", "place", "source"],
            ["", str(group.pk), "2025-03-04", "held", "Paris", "PIB"],
            lambda: group.reviews.filter(place="Paris").exists(),
        ),
        (
            ActionItemResource,
            ["id", "review", "description", "responsible_user", "due_on", "status"],
            ["", str(review.pk), "Share the call text", superuser.username, "2025-04-01", "open"],
            lambda: review.action_items.get().responsible_user == superuser,
        ),
    ]


def test_calls_memberships_meetings_and_action_items_import_too(known, superuser):
    for resource_class, header, row, saved in _rows_for_other_models(known, superuser):
        dataset = tablib.Dataset(row, headers=header)
        result = resource_class().import_data(dataset, dry_run=False, user=superuser)
        assert not result.has_errors(), resource_class
        assert not result.has_validation_errors(), result.invalid_rows[0].error_dict
        assert saved(), resource_class


@pytest.mark.parametrize(
    "model", [models.JointCall, models.FacilityMembership, models.JWGReview, models.ActionItem]
)
def test_every_import_export_list_offers_import_and_export(admin_client, model):
    name = model._meta.model_name
    page = admin_client.get(reverse(f"admin:registry_{name}_changelist")).content.decode()
    assert reverse(f"admin:registry_{name}_import") in page
    assert reverse(f"admin:registry_{name}_export") in page


def test_export_as_xlsx(admin_client, known):
    f.make_agreement(title="In a spreadsheet", partners=[known["france"]])
    response = _export_response(admin_client, file_format=XLSX_FORMAT)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert rows[0][header.index("title")] == "In a spreadsheet"
    assert rows[0][header.index("partners")] == "france"


def test_an_editor_cannot_change_a_published_record_through_an_import(client, staff_in_role, known):
    live = f.make_agreement(title="Live", partners=[known["france"]])
    client.force_login(staff_in_role("Editor"))
    row = [str(live.pk), "mou", "Rewritten", "france", "", "in_force", "2020-01-01", "PIB"]

    response = preview(client, csv_file([row]), CSV_FORMAT)

    assert response.context["result"].has_validation_errors()
    assert "only a publisher may change it" in response.content.decode()  # the one rule
    live.refresh_from_db()
    assert live.title == "Live"
