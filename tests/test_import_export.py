"""Import (CSV, XLSX; preview first; all or nothing) and export (following the list filters)."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
import tablib
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import models
from registry.admin.base import ImportExportRecordAdmin
from registry.admin.resources import (
    ActionItemResource,
    AgreementResource,
    FacilityMembershipResource,
    JointCallResource,
    JWGReviewResource,
)
from tests import factories as f
from tests.forms import submit

pytestmark = pytest.mark.django_db

HEADER = ["id", "instrument", "title", "partners", "indian_agency", "status", "signed_on", "source"]
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # positions in the admin's import_formats
IMPORT_MODELS = [
    model
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ImportExportRecordAdmin)
]


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


def import_url(model=models.Agreement):
    return reverse(f"admin:registry_{model._meta.model_name}_import")


def preview(client, upload, file_format, model=models.Agreement):
    """Open the import page and submit its rendered form with the file attached."""
    page = client.get(import_url(model))
    return submit(client, page, {"format": file_format}, button=None, files={"import_file": upload})


def confirm(client, preview_response):
    """Press "Confirm import" on the preview page: its rendered confirm form, as it stands."""
    return submit(client, preview_response, button=("confirm", "Confirm import"))


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
    upload = SimpleUploadedFile("a.csv", out.getvalue().encode())
    response = preview(admin_client, upload, CSV_FORMAT)
    assert "source is missing" in response.content.decode()


def _export_response(client, query="", file_format=CSV_FORMAT):
    """Open the export page (with the list's filters in `query`) and submit its rendered form."""
    page = client.get(reverse("admin:registry_agreement_export") + query)
    response = submit(client, page, {"format": file_format}, button=None)
    assert response.status_code == 200, response.content.decode()[:2000]
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


def test_the_admins_that_import_are_the_ones_the_readme_names():
    assert set(IMPORT_MODELS) == {
        models.Agreement,
        models.JointCall,
        models.FacilityMembership,
        models.JWGReview,
        models.ActionItem,
        models.Project,
        models.ProjectResult,
    }


@pytest.mark.parametrize("model", IMPORT_MODELS)
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


# --- Limits and malformed files: refused on the import page, with a message, nothing saved ---


def refused(response, message):
    """The import page answered with `message` and offers nothing to confirm."""
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, re.sub(r"\s+", " ", page)[-3000:]
    assert "Confirm import" not in page
    return page


def text_file(text: str | bytes, name="import.csv"):
    content = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="text/csv")


def header_of(model):
    """The columns the model's import page names."""
    model_admin = admin.site._registry[model]
    [resource_class] = model_admin.resource_classes
    return [field.column_name for field in resource_class().get_user_visible_fields()]


def rows_for(model, count):
    header = header_of(model)
    out = io.StringIO()
    csv.writer(out).writerows([header, *[["" for _ in header] for _ in range(count)]])
    return text_file(out.getvalue())


@pytest.mark.parametrize("model", IMPORT_MODELS)
def test_a_file_over_the_size_limit_is_refused(admin_client, settings, model):
    settings.REGISTRY_IMPORT_MAX_BYTES = 100
    upload = rows_for(model, 20)
    assert upload.size > 100

    response = preview(admin_client, upload, CSV_FORMAT, model)

    refused(response, "an import may be at most 100\xa0bytes")
    assert not model.objects.exists()


@pytest.mark.parametrize("model", IMPORT_MODELS)
def test_a_file_over_the_row_limit_is_refused(admin_client, settings, model):
    settings.REGISTRY_IMPORT_MAX_ROWS = 3

    response = preview(admin_client, rows_for(model, 4), CSV_FORMAT, model)

    refused(response, "The file has more than 3 rows; import at most 3 at a time.")
    assert not model.objects.exists()


@pytest.mark.parametrize(
    ("make_file", "file_format"), [(csv_file, CSV_FORMAT), (xlsx_file, XLSX_FORMAT)]
)
def test_a_file_at_the_row_limit_imports_and_one_more_row_is_refused(
    admin_client, settings, known, make_file, file_format
):
    settings.REGISTRY_IMPORT_MAX_ROWS = 2
    one_more = [*good_rows(), ["", "mou", "Third", "france", "", "signed", "", "PIB"]]

    refused(preview(admin_client, make_file(one_more), file_format), "more than 2 rows")
    confirmed = confirm(admin_client, preview(admin_client, make_file(good_rows()), file_format))

    assert confirmed.status_code == 302
    assert models.Agreement.objects.count() == 2


def test_a_twenty_megabyte_file_gets_the_size_message_not_a_timeout(admin_client, known):
    # At the default limits; the file is a malformed CSV, so a message about its contents
    # would show that it had been read.
    content = "\n".join([",".join(HEADER), ',mou,"never closed', "x" * 20 * 1024 * 1024])
    upload = text_file(content)

    response = preview(admin_client, upload, CSV_FORMAT)

    page = refused(response, "The file is 20.0\xa0MB; an import may be at most 5.0\xa0MB.")
    assert "never closed" not in page
    assert not models.Agreement.objects.exists()


def test_the_row_count_stops_at_the_limit(admin_client, settings, known):
    # Rows past the limit are never read: the malformed line after them is not reached.
    settings.REGISTRY_IMPORT_MAX_ROWS = 1
    content = csv_file(good_rows()).read().decode() + ',mou,"unclosed\n'

    response = preview(admin_client, text_file(content), CSV_FORMAT)

    refused(response, "The file has more than 1 row; import at most 1 at a time.")


UNCLOSED_QUOTE = "\r\n".join(
    [
        ",".join(HEADER),
        ",mou,MoU on ocean science,france,dst,signed,2024-02-01,PIB",
        ',loi,"LoI on quantum,FR,,in_force,2023-05-10,PIB',
        ",mou,MoU on oceans,france,dst,signed,2024-02-01,PIB",
        ",mou,MoU on ice,france,dst,signed,2024-02-01,PIB",
    ]
)


def test_an_unterminated_quote_is_refused_naming_its_line(admin_client, known):
    response = preview(admin_client, text_file(UNCLOSED_QUOTE), CSV_FORMAT)

    refused(response, "Line 3 opens a quoted value that is never closed")
    assert not models.Agreement.objects.exists()


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (',mou,"MoU"on ocean,france,dst,signed,,PIB', "Line 3 is not valid CSV"),
        (",mou,MoU,france,dst,signed,,PIB,extra", "Line 3 has 9 values but the header names 8"),
    ],
)
def test_other_malformed_csv_lines_are_refused_naming_their_line(
    admin_client, known, bad_line, message
):
    lines = [",".join(HEADER), ",".join(good_rows()[0]), bad_line]

    refused(preview(admin_client, text_file("\n".join(lines)), CSV_FORMAT), message)


def test_a_csv_that_is_not_utf8_is_refused_naming_its_line(admin_client, known):
    content = "\n".join(
        [",".join(HEADER), ",".join(good_rows()[0]), ",mou,Café,france,,signed,,PIB"]
    )

    response = preview(admin_client, text_file(content.encode("latin-1")), CSV_FORMAT)

    refused(response, "Line 3 is not UTF-8 text. Save the file as “CSV UTF-8”")
    assert not models.Agreement.objects.exists()


def test_a_utf8_csv_with_a_byte_order_mark_imports(admin_client, known):
    upload = csv_file(good_rows())
    bom = text_file(b"\xef\xbb\xbf" + upload.read())

    response = preview(admin_client, bom, CSV_FORMAT)

    assert "Confirm import" in response.content.decode()


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 not really a zip", ",".join(HEADER).encode(), b"\x00\xff" * 50],
    ids=["broken-zip", "csv-text", "binary"],
)
def test_a_file_that_is_not_a_workbook_is_refused_as_xlsx(admin_client, content):
    upload = SimpleUploadedFile("agreements.xlsx", content)

    response = preview(admin_client, upload, XLSX_FORMAT)

    refused(response, "The file is not a valid Excel workbook (.xlsx).")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The submitted file is empty."),
        ("\n\n", "The first line of the file should name the columns; it is empty."),
        (",".join(HEADER) + "\r\n", "The file has a header but no rows to import."),
        (",".join(HEADER) + "\n\n\n", "The file has a header but no rows to import."),
    ],
    ids=["empty", "blank-lines", "header-only", "header-and-blank-lines"],
)
def test_an_empty_or_header_only_csv_is_refused(admin_client, content, message):
    refused(preview(admin_client, text_file(content), CSV_FORMAT), message)


def test_a_header_only_workbook_is_refused(admin_client):
    refused(preview(admin_client, xlsx_file([]), XLSX_FORMAT), "a header but no rows")
