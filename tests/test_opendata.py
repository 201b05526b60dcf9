"""/data/: the published dataset as JSON and CSV, its licence and its data dictionary."""

import csv
import datetime
import decimal
import hashlib
import io
import itertools
import json
import zipfile
from pathlib import Path
from unittest import mock

import lxml.html
import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db import models as dj_models
from django.utils import timezone, translation

from registry import builds, caching, exports, models, opendata, snapshots
from registry.models import DataSnapshot
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
    assert expected | {"data_dictionary.csv", "LICENCE.txt", "datapackage.json"} == set(
        archive.namelist()
    )
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


def test_the_download_query_count_does_not_grow_with_the_data(django_assert_num_queries):
    # The build (registry.builds runs it off the request path; tests/test_data_builds.py
    # counts the queries of a request served from it).
    one_of_each()
    # One SELECT per record type (13), plus one per many-to-many field prefetched:
    # partners.members, agreements.partners/areas, calls.partners/agencies/areas,
    # working_groups.agreements/partners, facilities.host_partners, projects.partners/areas
    # (11); one for the parties of agreements (1). The newest snapshot, to stamp the files
    # with the last change (1). Then the day's snapshot (6): a savepoint, the newest snapshot
    # (locked), its insert, its files' one insert, the release of the savepoint, and the days
    # the pruning rule looks at.
    with django_assert_num_queries(32):
        opendata.build_version(builds.current_version())
    for _ in range(4):
        one_of_each()
    # The same day's snapshot replaced: its row and each of its two files updated (+1).
    with django_assert_num_queries(33):
        opendata.build_version(builds.current_version())


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
    """The JSON, the zip and their manifest (sizes, checksums, Data Package), once built."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("registry-"))


def built_json(directory: Path) -> Path:
    (path,) = [p for p in directory.glob("registry-*.json") if "manifest" not in p.name]
    return path


def test_a_second_download_is_served_from_the_built_file(
    client, download_dir, django_assert_num_queries
):
    one_of_each()
    first = client.get("/data/registry.json").getvalue()
    json_file = built_json(download_dir)
    built_at = json_file.stat().st_mtime_ns

    # One query a request: the last complete build (registry.builds.latest).
    with django_assert_num_queries(2):
        second = client.get("/data/registry.json").getvalue()
        archive = download_zip(client)  # built together with the JSON, from the same reading

    assert second == first
    assert json_file.stat().st_mtime_ns == built_at
    assert len(built_files(download_dir)) == 3
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
    assert len(built_files(download_dir)) == 3 and not list(download_dir.glob(".tmp-*"))


def test_a_failed_build_leaves_no_half_file_and_the_next_version_builds_again(
    client, download_dir, monkeypatch
):
    factories.make_agreement()

    def broken(out, dataset, *args):
        out.write(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(opendata, "write_zip", broken)
    response = client.get("/data/registry-csv.zip")
    # Logged, not raised; never built before, so the reader is asked to come back.
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert [p.name for p in download_dir.iterdir()] == [built_json(download_dir).name]

    monkeypatch.undo()
    factories.make_agreement()  # a new data version (the failed one is retried later)
    assert "agreements.csv" in download_zip(client).namelist()


def test_the_files_of_all_but_the_last_two_builds_are_removed(client, download_dir):
    factories.make_agreement()
    download_json(client)
    first = set(built_files(download_dir))

    factories.make_agreement()
    download_json(client)
    factories.make_agreement()
    download_json(client)

    current = set(built_files(download_dir))
    assert len(first) == 3 and len(current) == 6 and not current & first


def test_a_bulk_write_that_calls_data_changed_shows_in_the_next_download(client):
    factories.make_agreement()
    download_json(client)
    models.Agreement.objects.update(is_published=False)  # no signal
    caching.data_changed()

    assert download_json(client)["records"]["agreements"] == []


def test_without_a_cache_the_downloads_are_built_once_all_the_same(
    client, download_dir, monkeypatch
):
    monkeypatch.setattr("registry.caching.data_version", lambda: None)
    factories.make_agreement(title="Shown")

    assert download_json(client)["records"]["agreements"][0]["title"] == "Shown"
    assert "agreements.csv" in download_zip(client).namelist()
    assert len(built_files(download_dir)) == 3


# --- Formula injection: the zip is guarded like the list exports --------------------------

FORMULA = '=HYPERLINK("http://evil.example/","x")'


def zip_linked_from_the_data_page(client) -> zipfile.ZipFile:
    """The CSV zip fetched at the address the /data/ page links to, as a reader would."""
    page = lxml.html.fromstring(client.get("/data/").content.decode())
    files = page.get_element_by_id("download-files")
    (href,) = [a.get("href") for a in files.iter("a") if a.get("href", "").endswith(".zip")]
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
                    try:  # a value the database's own constraints refuse cannot be exported
                        with transaction.atomic():
                            model.objects.filter(pk=pk).update(**{field.attname: value})
                    except IntegrityError:  # an ISO code on a forum (countries only)
                        pass


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


# --- Dated snapshots ---------------------------------------------------------------------

DRAFT_MARKER = "DRAFT-MARKER-51c2"


def build_on(day: datetime.date, hour: int = 12) -> dict:
    """Build the downloads as `build_open_data` would on `day` (India)."""
    moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=INDIA)
    with mock_now(moment):
        return opendata.build_open_data()


INDIA = datetime.timezone(datetime.timedelta(hours=5, minutes=30))


def mock_now(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC))


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_the_rule_keeps_the_ten_newest_and_the_last_of_every_month():
    days = [d("2025-11-03"), d("2025-11-20"), d("2025-12-31"), d("2026-01-01")]
    days += [d(f"2026-02-{n:02}") for n in range(1, 16)]

    kept = snapshots.days_to_keep(days)

    assert kept == {
        d("2025-11-20"),  # the last of November
        d("2025-12-31"),
        d("2026-01-01"),
        *(d(f"2026-02-{n:02}") for n in range(6, 16)),  # the ten newest, 15 February the last
    }


def test_the_rule_keeps_everything_while_there_are_ten_or_fewer():
    days = [d("2026-03-01"), d("2026-03-02"), d("2024-07-09")]

    assert snapshots.days_to_keep(days) == set(days)
    assert snapshots.days_to_keep([]) == set()


def test_a_build_on_a_new_day_with_changed_data_adds_a_snapshot_and_closes_the_last():
    factories.make_agreement(title="First")
    build_on(d("2026-03-01"))
    factories.make_agreement(title="Second")
    build_on(d("2026-03-05"))

    first, second = DataSnapshot.objects.order_by("day")
    assert (first.day, first.superseded_on) == (d("2026-03-01"), d("2026-03-05"))
    assert (second.day, second.superseded_on) == (d("2026-03-05"), None)
    assert second.record_count > first.record_count > 0


def test_a_build_that_changes_nothing_public_adds_no_snapshot():
    factories.make_agreement()
    build_on(d("2026-03-01"))
    draft_partner = factories.make_partner(is_published=False)
    # A new data version, and nothing public changed.
    factories.make_agreement(title=DRAFT_MARKER, partners=[draft_partner], is_published=False)
    manifest = build_on(d("2026-03-04"))

    assert list(DataSnapshot.objects.values_list("day", flat=True)) == [d("2026-03-01")]
    # The last change is the build that first held this content, not the latest build.
    assert manifest["modified"].startswith("2026-03-01T06:30")


def test_a_rebuild_of_unchanged_data_gives_the_same_bytes_as_its_snapshot(download_dir):
    factories.make_agreement()
    first = build_on(d("2026-03-01"), hour=9)
    for path in download_dir.glob("registry-*"):
        path.unlink()  # as on another host

    with mock_now(datetime.datetime(2026, 3, 1, 15, tzinfo=INDIA)):
        again = opendata.build_version(builds.current_version())  # the same version again

    (snapshot,) = snapshots.listed()
    kept = {f.artefact: f.sha256 for f in snapshot.files.all()}
    assert again["files"] == first["files"]
    assert {a: f["sha256"] for a, f in again["files"].items()} == kept
    assert again["modified"] == first["modified"]


def test_a_second_change_on_the_same_day_replaces_that_days_files():
    factories.make_agreement(title="Morning")
    build_on(d("2026-03-01"), hour=9)
    factories.make_agreement(title="Evening")
    build_on(d("2026-03-01"), hour=20)

    (snapshot,) = DataSnapshot.objects.all()
    data = json.loads(bytes(snapshots.file_of(snapshot, "json").content))
    assert {a["title"] for a in data["records"]["agreements"]} == {"Morning", "Evening"}


def snapshot_zip(client, day: str) -> zipfile.ZipFile:
    response = client.get(f"/data/snapshots/{day}/registry-csv.zip")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="registry-csv-{day}.zip"'
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_a_snapshot_is_downloadable_by_its_date_and_holds_that_days_data(client):
    factories.make_agreement(title="Old")
    build_on(d("2026-03-01"))
    factories.make_agreement(title="New")
    build_on(d("2026-03-05"))

    with mock_now(datetime.datetime(2026, 3, 20, 12, tzinfo=INDIA)):
        old = read_csv(snapshot_zip(client, "2026-03-01"), "agreements.csv")
        new = read_csv(snapshot_zip(client, "2026-03-05"), "agreements.csv")
        as_json = client.get("/data/snapshots/2026-03-01/registry.json")
        # A day with no snapshot of its own: sent on to the one current then.
        between = client.get("/data/snapshots/2026-03-03/registry-csv.zip")
        later = client.get("/data/snapshots/2026-03-19/registry.json")

    assert [row["title"] for row in old] == ["Old"]
    assert sorted(row["title"] for row in new) == ["New", "Old"]
    assert json.loads(as_json.content)["records"]["agreements"][0]["title"] == "Old"
    assert between.status_code == 302
    assert between["Location"] == "/data/snapshots/2026-03-01/registry-csv.zip"
    assert later["Location"] == "/data/snapshots/2026-03-05/registry.json"


def test_a_snapshots_checksum_is_that_of_its_bytes(client):
    factories.make_agreement()
    build_on(d("2026-03-01"))
    (snapshot,) = snapshots.listed()
    listed = {f.artefact: f for f in snapshot.files.all()}

    with mock_now(datetime.datetime(2026, 3, 2, tzinfo=INDIA)):
        body = client.get("/data/snapshots/2026-03-01/registry-csv.zip").content

    assert hashlib.sha256(body).hexdigest() == listed["zip"].sha256
    assert len(body) == listed["zip"].size


@pytest.mark.parametrize(
    "address",
    [
        "/data/snapshots/2026-02-30/registry-csv.zip",  # no such day
        "/data/snapshots/2026-13-01/registry-csv.zip",
        "/data/snapshots/yesterday/registry-csv.zip",
        "/data/snapshots/20260301/registry-csv.zip",  # a date, but not as the list writes it
        "/data/snapshots/2026-03-01/registry.xlsx",  # no such file
        "/data/snapshots/2026-03-01/..%2F..%2Fsettings.py",
        "/data/snapshots/2026-02-28/registry-csv.zip",  # before the first snapshot
        "/data/snapshots/2099-01-01/registry-csv.zip",  # in the future
        "/data/snapshots/99999-01-01/registry-csv.zip",
    ],
)
def test_a_bad_or_unknown_snapshot_date_is_a_404(client, address):
    factories.make_agreement()
    build_on(d("2026-03-01"))

    with mock_now(datetime.datetime(2026, 3, 2, tzinfo=INDIA)):
        assert client.get(address).status_code == 404


def test_a_pruned_day_is_no_longer_served_and_a_kept_one_still_is(client):
    for n in range(1, 14):  # 13 days of March, each with a change
        factories.make_agreement(title=f"Day {n}")
        build_on(datetime.date(2026, 3, n))

    days = list(DataSnapshot.objects.order_by("day").values_list("day", flat=True))
    assert days == [datetime.date(2026, 3, n) for n in range(4, 14)]  # pruned on each add
    with mock_now(datetime.datetime(2026, 3, 20, tzinfo=INDIA)):
        assert client.get("/data/snapshots/2026-03-02/registry.json").status_code == 404
        assert client.get("/data/snapshots/2026-03-04/registry.json").status_code == 200


def test_the_prune_command_applies_the_rule_and_can_only_say_what_it_would_do():
    for day in ["2026-01-10", "2026-01-20", *(f"2026-02-{n:02}" for n in range(1, 12))]:
        DataSnapshot.objects.create(
            day=d(day),
            built_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            version="v",
            content_sha256=day,
        )
    out = io.StringIO()

    call_command("prune_snapshots", "--dry-run", stdout=out)
    assert "Would delete 2 snapshot(s): 2026-01-10, 2026-02-01." in out.getvalue()
    assert DataSnapshot.objects.count() == 13

    call_command("prune_snapshots", stdout=io.StringIO())
    assert d("2026-01-20") in set(DataSnapshot.objects.values_list("day", flat=True))
    assert DataSnapshot.objects.count() == 11


def test_the_build_command_builds_the_files_and_the_days_snapshot(download_dir):
    factories.make_agreement()
    out = io.StringIO()

    call_command("build_open_data", stdout=out)

    assert len(built_files(download_dir)) == 3
    assert DataSnapshot.objects.get().day == timezone.localdate()
    assert "sha256" in out.getvalue()


def test_snapshots_hold_no_draft(client):
    factories.make_agreement(title="Public")
    factories.make_agreement(title=DRAFT_MARKER, is_published=False)
    factories.make_partner(name=DRAFT_MARKER + " partner", is_published=False)
    build_on(d("2026-03-01"))

    for file in (
        snapshots.file_of(DataSnapshot.objects.get(), "zip"),
        snapshots.file_of(DataSnapshot.objects.get(), "json"),
    ):
        data = bytes(file.content)
        if file.artefact == "zip":
            archive = zipfile.ZipFile(io.BytesIO(data))
            data = b"".join(archive.read(name) for name in archive.namelist())
        assert DRAFT_MARKER.encode() not in data


# --- The DCAT catalogue ------------------------------------------------------------------


def catalogue(client) -> dict:
    response = client.get("/data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def nodes_of(document: dict, kind: str) -> list[dict]:
    return [n for n in document["@graph"] if kind in n.get("@type", []) or n.get("@type") == kind]


def test_the_catalogue_describes_each_download_with_size_checksum_and_dates(client):
    factories.make_agreement()
    manifest = opendata.read_manifest()

    document = catalogue(client)

    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert document["@context"]["schema"] == "https://schema.org/"
    (catalog,) = nodes_of(document, "dcat:Catalog")
    assert "schema:DataCatalog" in catalog["@type"]
    current = next(n for n in nodes_of(document, "dcat:Dataset") if n["@id"].endswith("#dataset"))
    assert "schema:Dataset" in current["@type"]
    publisher = next(n for n in document["@graph"] if n["@id"] == current["dct:publisher"]["@id"])
    assert publisher["foaf:name"] == "Ministry of Science and Technology, Government of India"
    assert current["dct:license"]["@id"] == opendata.LICENCE_URL
    assert current["dct:modified"]["@value"] == manifest["modified"]
    assert current["dct:issued"]["@type"] == "xsd:date"
    downloads = {n["@id"].rsplit("/", 1)[1]: n for n in current["dcat:distribution"]}
    assert set(downloads) == {"registry-csv.zip", "registry.json", "datapackage.json"}
    zip_node = downloads["registry-csv.zip"]
    assert "schema:DataDownload" in zip_node["@type"]
    assert zip_node["dcat:mediaType"]["@id"].endswith("application/zip")
    assert zip_node["dcat:byteSize"]["@value"] == manifest["files"]["zip"]["bytes"]
    assert (
        zip_node["spdx:checksum"]["spdx:checksumValue"]["@value"]
        == (manifest["files"]["zip"]["sha256"])
    )
    body = client.get("/data/registry-csv.zip").getvalue()
    assert hashlib.sha256(body).hexdigest() == manifest["files"]["zip"]["sha256"]


def test_the_catalogue_carries_the_ndsap_fields(client):
    factories.make_agreement()

    current = next(
        n for n in nodes_of(catalogue(client), "dcat:Dataset") if n["@id"].endswith("#dataset")
    )

    for prop in [
        "dct:title",
        "dct:description",
        "dcat:keyword",
        "ndsap:sector",
        "ndsap:jurisdiction",
        "dct:spatial",
        "dct:accrualPeriodicity",
        "ndsap:frequency",
        "ndsap:granularity",
        "dcat:contactPoint",
        "dct:license",
        "dct:rights",
        "dcat:landingPage",
        "dct:references",
        "dct:publisher",
        "dct:modified",
    ]:
        assert current.get(prop), prop
    assert current["dcat:contactPoint"]["vcard:hasEmail"]["@id"].startswith("mailto:")


def test_the_catalogue_lists_the_snapshots_as_a_series(client):
    factories.make_agreement()
    build_on(d("2026-03-01"))

    document = catalogue(client)

    (series,) = nodes_of(document, "dcat:DatasetSeries")
    members = [n for n in nodes_of(document, "dcat:Dataset") if n.get("dcat:inSeries")]
    by_version = {n["dcat:version"]: n for n in members}
    assert "2026-03-01" in by_version
    snapshot = by_version["2026-03-01"]
    assert snapshot["dcat:inSeries"] == {"@id": series["@id"]}
    addresses = [n["@id"] for n in snapshot["dcat:distribution"]]
    assert "http://testserver/data/snapshots/2026-03-01/registry-csv.zip" in addresses
    assert all(n["dcat:byteSize"]["@value"] > 0 for n in snapshot["dcat:distribution"])


def test_the_catalogue_holds_no_draft(client):
    factories.make_agreement(title="Shown")
    factories.make_agreement(title=DRAFT_MARKER, is_published=False)
    build_on(d("2026-03-01"))

    assert DRAFT_MARKER not in client.get("/data/catalog.jsonld").content.decode()


# --- The /data/ page ---------------------------------------------------------------------


def test_the_page_shows_sizes_checksums_the_last_change_and_the_snapshots(client):
    factories.make_agreement()
    build_on(d("2026-03-01"))
    manifest = opendata.read_manifest()

    html = client.get("/data/").content.decode()
    page = lxml.html.fromstring(html)

    files = page.get_element_by_id("download-files").text_content()
    assert manifest["files"]["zip"]["sha256"] in files
    assert manifest["files"]["json"]["sha256"] in files
    assert page.get_element_by_id("last-change").find(".//time") is not None
    snapshot_links = [a.get("href") for a in page.get_element_by_id("snapshot-list").iter("a")]
    assert "/data/snapshots/2026-03-01/registry-csv.zip" in snapshot_links
    assert 'href="/data/datapackage.json"' in html and 'href="/data/catalog.jsonld"' in html


def test_the_page_query_count_does_not_grow_with_the_snapshots(client, django_assert_num_queries):
    factories.make_agreement()
    opendata.read_manifest()  # the files built
    for n in range(1, 6):
        DataSnapshot.objects.create(
            day=datetime.date(2026, 3, n),
            built_at=datetime.datetime(2026, 3, n, tzinfo=datetime.UTC),
            version="v",
            content_sha256=str(n),
        )

    # The last complete build (1), the snapshots and their files (2). The counts per record
    # type are the build's (its manifest); the data version is this test transaction's own,
    # read from memory.
    with django_assert_num_queries(3):
        assert client.get("/data/").status_code == 200


def compact_iris(node) -> set[str]:
    """Every "prefix:term" the document uses as a key, a type or an @id."""
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                found.add(key)
            if key in ("@type", "@id"):
                values = value if isinstance(value, list) else [value]
                found |= {v for v in values if ":" in v and "//" not in v}
            found |= compact_iris(value)
    elif isinstance(node, list):
        for item in node:
            found |= compact_iris(item)
    return found


def test_every_prefix_the_catalogue_uses_is_in_its_context(client):
    factories.make_agreement()
    build_on(d("2026-03-01"))
    document = catalogue(client)

    used = {iri.split(":", 1)[0] for iri in compact_iris(document["@graph"])}

    assert used - {"mailto"} <= set(document["@context"])
    assert {"dcat", "dct", "schema", "spdx", "ndsap"} <= used
