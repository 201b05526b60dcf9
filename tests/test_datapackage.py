"""The zip's datapackage.json: a Frictionless Data Package derived from the models, checked
against the files it describes by the `frictionless` library itself."""

import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import models as dj_models

from registry import catalogue, datapackage, opendata
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURES = [
    Path(settings.BASE_DIR) / "fixtures" / f"{name}.json"
    for name in ("seed", "cited_facts", "demo")
]
DRAFT_MARKER = "DRAFT-MARKER-7f3a"


@pytest.fixture
def fixtures_loaded():
    call_command("loaddata", *FIXTURES, verbosity=0)


def the_zip(client) -> zipfile.ZipFile:
    response = client.get("/data/registry-csv.zip")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def validate_extracted(archive: zipfile.ZipFile, directory: Path) -> frictionless.Report:
    archive.extractall(directory)
    # Offline, and only the files inside the package's own directory.
    return frictionless.Package(str(directory / "datapackage.json")).validate()


def errors_of(report) -> list:
    return [error for task in report.tasks for error in task.errors] + list(report.errors)


def test_the_package_built_from_the_fixtures_is_valid(client, fixtures_loaded, tmp_path):
    archive = the_zip(client)

    report = validate_extracted(archive, tmp_path)

    assert report.valid, [e.message for e in errors_of(report)][:20]
    names = {task.name for task in report.tasks}
    assert names == {*opendata.DATASETS, datapackage.DICTIONARY}
    # Not a vacuous pass: the fixtures' records were read and checked.
    rows = {task.name: task.stats.get("rows", 0) for task in report.tasks}
    assert rows["agreements"] > 10 and rows["partners"] > 10


def test_a_file_that_drifts_from_its_schema_fails_validation(client, fixtures_loaded, tmp_path):
    archive = the_zip(client)
    archive.extractall(tmp_path)
    path = tmp_path / "agreements.csv"
    lines = path.read_text().splitlines()
    lines[1] = "not-an-id" + lines[1][lines[1].index(",") :]
    path.write_text("\n".join(lines) + "\n")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    for resource in descriptor["resources"]:  # the hash would fail first; check the schema
        resource.pop("hash"), resource.pop("bytes")
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))

    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()

    assert not report.valid
    assert "type-error" in {e.type for e in errors_of(report)}


def test_a_changed_byte_fails_the_checksum(client, tmp_path):
    factories.make_agreement(title="Checked")
    archive = the_zip(client)
    archive.extractall(tmp_path)
    path = tmp_path / "agreements.csv"
    path.write_text(path.read_text().replace("Checked", "Chequed"))

    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()

    assert not report.valid
    assert "hash-count" in {e.type for e in errors_of(report)}


def test_every_public_type_is_a_resource_with_every_download_field():
    resources = {r["name"]: r for r in datapackage.resources()}

    for record_type in catalogue.public():
        model = record_type.model
        schema = resources[record_type.dataset]["schema"]
        fields = {f.name for f in [*model._meta.local_fields, *model._meta.local_many_to_many]}
        left_out = {"is_published", "is_sample", "version"}
        left_out |= {f.name for f in model._meta.get_fields() if opendata.is_staff_only(f)}
        assert [f["name"] for f in schema["fields"]] == [
            f.name for f in opendata.download_fields(model)
        ]
        assert {f["name"] for f in schema["fields"]} == fields - left_out, record_type.dataset
        assert schema["primaryKey"] == [model._meta.pk.name]


def test_a_new_field_appears_in_the_schema_with_no_code_of_its_own(monkeypatch):
    # As a parallel change adds a column (a permanent identifier) to every record type.
    model = models_with_extra_field(monkeypatch)

    schema = datapackage.table_schema(model)

    (field,) = [f for f in schema["fields"] if f["name"] == "permanent_id"]
    assert field == {
        "name": "permanent_id",
        "title": "permanent identifier",
        "description": "Never reused.",
        "type": "string",
        "constraints": {"required": True, "unique": True, "maxLength": 26},
    }


def models_with_extra_field(monkeypatch):
    from registry.models import Agency

    extra = dj_models.CharField(
        "permanent identifier", max_length=26, unique=True, help_text="Never reused."
    )
    extra.set_attributes_from_name("permanent_id")
    extra.model = Agency
    real = opendata.download_fields
    monkeypatch.setattr(
        opendata,
        "download_fields",
        lambda model: [*real(model), extra] if model is Agency else real(model),
    )
    return Agency


def test_types_constraints_and_keys_come_from_the_model_fields():
    resources = {r["name"]: r for r in datapackage.resources()}
    agreements = resources["agreements"]["schema"]
    fields = {f["name"]: f for f in agreements["fields"]}

    assert fields["id"]["type"] == "integer" and fields["id"]["constraints"]["required"]
    assert fields["status"]["constraints"]["enum"][:2] == ["under_negotiation", "signed"]
    assert fields["title"]["constraints"] == {"required": True, "maxLength": 400}
    assert fields["is_binding"]["type"] == "boolean" and "constraints" not in fields["is_binding"]
    assert fields["signed_on"]["type"] == "date"
    assert fields["created_at"]["type"] == "datetime"
    assert fields["document_url"]["format"] == "uri"
    assert fields["partners"]["type"] == "list" and fields["partners"]["delimiter"] == ";"
    assert fields["review_cadence_months"]["constraints"] == {"minimum": 0}
    assert {
        "fields": ["indian_agency"],
        "reference": {"resource": "agencies", "fields": ["id"]},
    } in (agreements["foreignKeys"])
    # An agreement supersedes another agreement: a key into its own file.
    assert {"fields": ["supersedes"], "reference": {"resource": "", "fields": ["id"]}} in (
        agreements["foreignKeys"]
    )
    calls = {f["name"]: f for f in resources["calls"]["schema"]["fields"]}
    assert calls["budget"]["type"] == "number"
    partners = {f["name"]: f for f in resources["partners"]["schema"]["fields"]}
    assert partners["slug"]["constraints"]["unique"] is True


def test_the_package_names_its_licence_publisher_and_cited_sources(client):
    factories.make_agreement(source_url="https://pib.gov.in/PressReleasePage.aspx?PRID=1")
    factories.make_partner(source_url="https://pib.gov.in/x")

    package = json.loads(the_zip(client).read("datapackage.json"))

    assert package["licenses"][0]["path"] == opendata.LICENCE_URL
    assert package["contributors"][0]["title"] == datapackage.PUBLISHER
    assert package["sources"][0] == {
        "title": "pib.gov.in (2 records)",
        "path": "https://pib.gov.in/",
    }


def test_the_package_holds_no_draft_and_no_staff_only_field(client, django_user_model):
    contact = django_user_model.objects.create_user("secretary", "secretary@example.org")
    factories.make_group(secretariat_contact=contact)
    factories.make_agreement(title=DRAFT_MARKER, is_published=False)
    factories.make_partner(
        name=DRAFT_MARKER + " partner",
        is_published=False,
        source_url=f"https://{DRAFT_MARKER.lower()}.example/",
    )

    archive = the_zip(client)
    text = "".join(archive.read(name).decode() for name in archive.namelist())
    served = client.get("/data/datapackage.json").content.decode()

    assert DRAFT_MARKER not in text and DRAFT_MARKER.lower() not in text
    assert "secretariat_contact" not in text
    assert DRAFT_MARKER.lower() not in served and "secretariat_contact" not in served


def test_the_served_descriptor_is_the_zips_with_paths_to_the_served_files(client):
    factories.make_agreement(title="Served")
    archive = the_zip(client)
    inside = json.loads(archive.read("datapackage.json"))

    response = client.get("/data/datapackage.json")
    served = json.loads(response.content)

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    for ours, theirs in zip(inside["resources"], served["resources"], strict=True):
        assert theirs["path"] == f"csv/{ours['path']}"
        assert {**theirs, "path": ours["path"]} == ours
        csv_file = client.get(f"/data/{theirs['path']}")
        assert csv_file.status_code == 200 and csv_file["Content-Type"].startswith("text/csv")
        assert csv_file.content == archive.read(ours["path"])


@pytest.mark.parametrize(
    "name", ["LICENCE.txt", "nothing.csv", "..%2Fsettings.csv", "datapackage.json"]
)
def test_only_the_packages_csv_files_are_served_by_name(client, name):
    assert client.get(f"/data/csv/{name}").status_code == 404


def test_the_dictionary_columns_are_the_declared_ones():
    assert tuple(opendata.data_dictionary()[0]) == opendata.DICTIONARY_COLUMNS


def test_a_new_record_type_in_the_catalogue_becomes_a_resource(monkeypatch):
    # As a parallel change adds projects: any type the download holds is a resource. Action
    # items stand in for it here (a real model the download leaves out today).
    from registry.models import ActionItem

    monkeypatch.setitem(opendata.RECORD_TYPES, "action_items", ActionItem)

    resources = {r["name"]: r for r in datapackage.resources()}

    schema = resources["action_items"]["schema"]
    assert [f["name"] for f in schema["fields"]] == [
        f.name for f in opendata.download_fields(ActionItem)
    ]
    assert {"fields": ["review"], "reference": {"resource": "reviews", "fields": ["id"]}} in (
        schema["foreignKeys"]
    )
