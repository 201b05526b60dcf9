"""/data/: the published dataset as JSON and CSV, its licence and its data dictionary."""

import csv
import decimal
import io
import itertools
import json
import os
import time
import zipfile
from pathlib import Path

import lxml.html
import pytest
from django.db import models as dj_models
from django.utils import translation

from registry import exports, models, opendata
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def download_dir(settings, tmp_path) -> Path:
    """Each test builds its downloads in a directory of its own."""
    settings.REGISTRY_OPENDATA_DIR = str(tmp_path / "opendata")
    return tmp_path / "opendata"


def download_json(client) -> dict:
    response = client.get("/data/registry.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.getvalue())


def download_zip(client) -> zipfile.ZipFile:
    response = client.get("/data/registry-csv.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def read_csv(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def test_the_json_holds_published_real_records_only(client):
    shown = factories.make_agreement(title="Shown")
    factories.make_agreement(title="Draft", is_published=False)
    factories.make_agreement(title="Sample", is_sample=True)

    records = download_json(client)["records"]

    assert [row["id"] for row in records["agreements"]] == [shown.pk]
    assert records["agreements"][0]["title"] == "Shown"


def test_the_zip_has_one_csv_per_record_type_with_the_same_rows(client):
    partner = factories.make_partner(name="Japan")
    factories.make_partner(name="Draft partner", is_published=False)
    factories.make_partner(name="Sample partner", is_sample=True)

    archive = download_zip(client)

    expected = {f"{name}.csv" for name in opendata.DATASETS}
    assert expected | {"data_dictionary.csv", "LICENCE.txt"} == set(archive.namelist())
    assert [row["name"] for row in read_csv(archive, "partners.csv")] == ["Japan"]
    assert read_csv(archive, "partners.csv")[0]["id"] == str(partner.pk)


def test_links_are_ids_and_links_to_drafts_or_samples_are_dropped(client):
    japan = factories.make_partner(name="Japan")
    draft = factories.make_partner(name="Draft", is_published=False)
    sample_agency = factories.make_agency(is_sample=True)
    agreement = factories.make_agreement(partners=[japan, draft], indian_agency=sample_agency)

    row = download_json(client)["records"]["agreements"][0]
    csv_row = read_csv(download_zip(client), "agreements.csv")[0]

    assert row["id"] == agreement.pk
    assert row["partners"] == [japan.pk]
    assert row["indian_agency"] is None
    assert csv_row["partners"] == str(japan.pk) and csv_row["indian_agency"] == ""


def test_several_links_are_joined_by_semicolons_in_the_csv(client):
    a, b = factories.make_partner(), factories.make_partner()
    factories.make_agreement(partners=[a, b])

    row = read_csv(download_zip(client), "agreements.csv")[0]

    assert row["partners"] == f"{min(a.pk, b.pk)};{max(a.pk, b.pk)}"


def test_the_download_never_holds_staff_only_fields_or_action_items(client, django_user_model):
    contact = django_user_model.objects.create_user("secretary", "secretary@example.org")
    group = factories.make_group(secretariat_contact=contact)
    factories.make_action_item(review=factories.make_review(group=group), description="Secret")

    text = client.get("/data/registry.json").getvalue().decode()
    archive = download_zip(client)

    assert "secretariat_contact" not in text and "Secret" not in text
    assert "action" not in " ".join(archive.namelist())
    assert "secretariat_contact" not in archive.read("working_groups.csv").decode()


def test_the_csv_header_and_the_dictionary_list_the_same_fields(client):
    archive = download_zip(client)
    dictionary = read_csv(archive, "data_dictionary.csv")

    for name in opendata.RECORD_TYPES:
        header = next(csv.reader(io.StringIO(archive.read(f"{name}.csv").decode())))
        assert header == [row["field"] for row in dictionary if row["dataset"] == name]


def test_the_dictionary_describes_every_model_field_but_the_internal_ones():
    for name, model in opendata.RECORD_TYPES.items():
        described = {row["field"] for row in opendata.data_dictionary() if row["dataset"] == name}
        fields = {f.name for f in [*model._meta.local_fields, *model._meta.local_many_to_many]}
        left_out = {"is_published", "is_sample", "version"}
        left_out |= {f.name for f in model._meta.get_fields() if opendata.is_staff_only(f)}
        assert described == fields - left_out, name


def test_the_dictionary_takes_labels_help_and_choices_from_the_models():
    rows = {(r["dataset"], r["field"]): r for r in opendata.data_dictionary()}

    assert rows[("agreements", "is_binding")]["description"] == "Empty when not known."
    assert rows[("agreements", "partners")]["type"] == "list of partners ids"
    assert "in_force = In force" in rows[("agreements", "status")]["allowed_values"]
    assert rows[("calls", "closes_at")]["label"] == "closes at"


def test_the_page_states_the_licence_the_sample_rule_and_the_dictionary(client):
    factories.make_agreement()

    response = client.get("/data/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Government Open Data License" in html
    assert "Sample records" in html and "excluded" in html
    assert 'href="/data/registry.json"' in html and 'href="/data/registry-csv.zip"' in html
    assert "<code>signed_on</code>" in html
    assert 'id="dataset-agreements"' in html


def test_the_json_and_zip_carry_the_licence(client):
    document = download_json(client)

    assert document["licence"]["url"] == opendata.LICENCE_URL
    assert document["samples_excluded"] is True
    assert "GODL" in download_zip(client).read("LICENCE.txt").decode()


def test_a_write_to_the_downloads_is_refused(client):
    assert client.post("/data/registry.json").status_code == 405


def one_of_each():
    factories.make_agreement(partners=[factories.make_partner(), factories.make_partner()])
    factories.make_call()
    factories.make_review()
    factories.make_membership(nodal_agency=factories.make_agency())
    factories.make_engagement()


def test_the_download_query_count_does_not_grow_with_the_data(client, django_assert_num_queries):
    one_of_each()
    # One SELECT per record type (11), plus one per many-to-many field prefetched:
    # partners.members, agreements.partners/areas, calls.partners/agencies/areas,
    # working_groups.agreements/partners, facilities.host_partners (9); one for the parties
    # of agreements (1).
    with django_assert_num_queries(21):
        client.get("/data/registry.json")
    for _ in range(4):
        one_of_each()
    with django_assert_num_queries(21):
        client.get("/data/registry.json")


def test_staff_only_fields_stay_out_when_the_reader_uses_hindi(hindi, django_user_model):
    # The Hindi help text does not begin with "Staff only"; the rule must not depend on it.
    contact = django_user_model.objects.create_user("secretary", "secretary@example.org")
    factories.make_group(secretariat_contact=contact)

    page = hindi.get("/data/")
    text = hindi.get("/data/registry.json").getvalue().decode()

    assert page.status_code == 200 and '<html lang="hi"' in page.content.decode()
    assert "secretariat_contact" not in page.content.decode()
    assert "secretariat_contact" not in text
    assert "secretariat_contact" not in download_zip(hindi).read("working_groups.csv").decode()


def test_the_downloads_are_the_same_file_in_every_interface_language(client, hindi):
    english = download_zip(client).read("data_dictionary.csv")

    assert download_zip(hindi).read("data_dictionary.csv") == english


def test_a_staff_only_field_is_recognised_in_any_active_language():
    # The API builds its serializers at import, maybe inside a Hindi request: same answer.
    field = models.JointWorkingGroup._meta.get_field("secretariat_contact")

    with translation.override("hi"):
        assert opendata.is_staff_only(field)
        assert "secretariat_contact" not in [f.name for f in opendata.public_fields(field.model)]


def built_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("registry-"))


def test_a_second_download_is_served_from_the_built_file(
    client, download_dir, django_assert_num_queries
):
    one_of_each()
    first = client.get("/data/registry.json").getvalue()
    (json_file,) = download_dir.glob("registry-*.json")
    built_at = json_file.stat().st_mtime_ns

    with django_assert_num_queries(0):
        second = client.get("/data/registry.json").getvalue()
        archive = download_zip(client)  # built together with the JSON, from the same reading

    assert second == first
    assert json_file.stat().st_mtime_ns == built_at
    assert len(built_files(download_dir)) == 2
    assert [row["id"] for row in read_csv(archive, "agreements.csv")] == [
        str(row["id"]) for row in json.loads(first)["records"]["agreements"]
    ]


def test_an_unpublish_or_a_publish_shows_in_the_next_download(client):
    agreement = factories.make_agreement(title="Soon withdrawn")
    draft = factories.make_agreement(title="Soon published", is_published=False)
    assert [a["id"] for a in download_json(client)["records"]["agreements"]] == [agreement.pk]

    agreement.is_published = False
    agreement.save()
    assert download_json(client)["records"]["agreements"] == []
    assert read_csv(download_zip(client), "agreements.csv") == []

    draft.is_published = True
    draft.save()
    assert [a["title"] for a in download_json(client)["records"]["agreements"]] == [
        "Soon published"
    ]
    assert [r["title"] for r in read_csv(download_zip(client), "agreements.csv")] == [
        "Soon published"
    ]


def test_the_downloads_stream_from_disk_with_length_and_validators(client):
    factories.make_agreement()

    response = client.get("/data/registry-csv.zip")
    body = response.getvalue()

    assert response.streaming
    assert int(response["Content-Length"]) == len(body)
    assert response["Content-Disposition"].startswith('attachment; filename="registry-csv-')
    assert response["ETag"] and response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    json_response = client.get("/data/registry.json")
    assert json_response["Content-Disposition"].startswith('inline; filename="registry-')
    assert int(json_response["Content-Length"]) == len(json_response.getvalue())

    unchanged = client.get("/data/registry-csv.zip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert unchanged.status_code == 304 and unchanged["ETag"] == response["ETag"]

    factories.make_agreement()
    changed = client.get("/data/registry-csv.zip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


def test_a_file_being_written_is_never_at_the_served_name(client, download_dir, monkeypatch):
    factories.make_agreement()
    seen = []
    write_json = opendata.write_json

    def watched(out, dataset, *args):
        write_json(out, dataset, *args)
        seen.append((built_files(download_dir), len(list(download_dir.glob(".tmp-*.json")))))

    monkeypatch.setattr(opendata, "write_json", watched)

    download_json(client)

    assert seen == [([], 1)]  # written to a temporary name beside it, renamed when complete
    assert len(built_files(download_dir)) == 2 and not list(download_dir.glob(".tmp-*"))


def test_a_failed_build_leaves_no_file_and_the_next_request_builds_again(
    client, download_dir, monkeypatch
):
    factories.make_agreement()

    def broken(out, dataset):
        out.write(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(opendata, "write_zip", broken)
    with pytest.raises(OSError):
        client.get("/data/registry-csv.zip")
    assert [p.name for p in download_dir.iterdir() if p.name != ".lock"] == [
        next(download_dir.glob("registry-*.json")).name
    ]

    monkeypatch.undo()
    assert "agreements.csv" in download_zip(client).namelist()


def test_old_versions_are_removed_when_a_new_one_is_built(client, download_dir):
    factories.make_agreement()
    download_json(client)
    old = built_files(download_dir)
    long_ago = time.time() - opendata.TTL - 1
    for name in old:
        os.utime(download_dir / name, (long_ago, long_ago))

    factories.make_agreement()
    download_json(client)

    current = built_files(download_dir)
    assert len(current) == 2 and not set(current) & set(old)


def test_a_file_older_than_the_cache_ttl_is_rebuilt(client, download_dir):
    # Another worker's save, or a bulk write, does not change this worker's data version.
    factories.make_agreement()
    download_json(client)
    models.Agreement.objects.update(is_published=False)  # no signal, no new data version
    long_ago = time.time() - opendata.TTL - 1
    for name in built_files(download_dir):
        os.utime(download_dir / name, (long_ago, long_ago))

    assert download_json(client)["records"]["agreements"] == []


def test_without_a_cache_each_download_is_built_for_its_request(client, download_dir, monkeypatch):
    monkeypatch.setattr("registry.opendata.data_version", lambda: None)
    factories.make_agreement(title="Shown")

    assert download_json(client)["records"]["agreements"][0]["title"] == "Shown"
    assert "agreements.csv" in download_zip(client).namelist()
    assert not download_dir.exists() or built_files(download_dir) == []


# --- Formula injection: the zip is guarded like the list exports --------------------------

FORMULA = '=HYPERLINK("http://evil.example/","x")'


def zip_linked_from_the_data_page(client) -> zipfile.ZipFile:
    """The CSV zip fetched at the address the /data/ page links to, as a reader would."""
    page = lxml.html.fromstring(client.get("/data/").content.decode())
    (href,) = [a.get("href") for a in page.iter("a") if a.get("href", "").endswith(".zip")]
    response = client.get(href)
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def formula_in_every_text_field():
    """One record of every kind, each of its downloaded text fields set (past validation, as
    a fixture or a restore would) to text that starts with one of the formula characters."""
    factories.one_of_each()
    starts = itertools.cycle(exports.FORMULA_STARTS)
    for model in opendata.dataset_models().values():
        for field in opendata.download_fields(model):
            if isinstance(field, dj_models.CharField | dj_models.TextField) and not field.choices:
                pks = model.objects.values_list("pk", flat=True)
                for n, pk in enumerate(pks):  # unique names stay so
                    start = next(starts)
                    value = f"{start}1+1 {field.name} {pk}"
                    if field.max_length and len(value) > field.max_length:
                        # A short field (an ISO code) still starts with the formula character;
                        # PostgreSQL refuses what is longer than the column.
                        value = f"{start}{n}"[: field.max_length]
                    model.objects.filter(pk=pk).update(**{field.attname: value})


def test_no_cell_of_any_csv_in_the_zip_starts_a_formula(client):
    formula_in_every_text_field()
    for start in [FORMULA, *(f"{c}cmd|' /C calc'!A0" for c in exports.FORMULA_STARTS)]:
        factories.make_area(name=start)

    archive = zip_linked_from_the_data_page(client)

    names = [name for name in archive.namelist() if name.endswith(".csv")]
    assert set(names) == {f"{name}.csv" for name in opendata.DATASETS} | {"data_dictionary.csv"}
    for name in names:
        for row in csv.reader(io.StringIO(archive.read(name).decode(), newline="")):
            for cell in row:
                assert not cell.startswith(exports.FORMULA_STARTS), (name, cell)
    areas = [row["name"] for row in read_csv(archive, "areas.csv")]
    assert f"'{FORMULA}" in areas  # kept, as text: the quote only stops the formula


def test_the_json_download_keeps_the_text_as_it_is(client):
    factories.make_area(name=FORMULA)

    records = download_json(client)["records"]

    assert FORMULA in [row["name"] for row in records["areas"]]


def test_a_negative_number_in_the_zip_is_a_number_not_text(client):
    # As in the list exports, only text is prefixed: a number cannot hold a formula.
    factories.make_call(budget=decimal.Decimal("-5.00"), currency="EUR")

    (row,) = read_csv(download_zip(client), "calls.csv")

    assert row["budget"] == "-5.00"
    assert exports.spreadsheet_safe([-5, decimal.Decimal("-5"), "-5"]) == [-5, -5, "'-5"]
