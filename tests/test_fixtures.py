"""The fixtures: they load, reload unchanged, and state what the sources state and no more."""

import datetime
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from registry import models
from registry.fixture_builder import BuildError, build_all
from registry.fixture_builder.cited import build_cited, read_rows
from registry.fixture_builder.common import RELEASE_SOURCE, RELEASE_URL
from registry.fixture_builder.demo import DEMO_DATA, build_demo
from registry.fixture_builder.readings import READINGS, load_readings
from registry.fixture_builder.seed import build_seed

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FILES = ["seed.json", "cited_facts.json", "demo.json"]
SOURCES = FIXTURES / "sources"
SEED_TEXT = SOURCES / "pib-2085957.txt"
CITED_CSV = SOURCES / "cited_facts.csv"
TODAY = datetime.date(2026, 11, 25)

# Counted by hand from the release's annexure (bilateral table, 17 rows):
# Applied Mathematics 5, Advanced Manufacturing 4, (label missing) 7, Agri Biotech 6,
# Biomedical Devices 7, Clean Energy 12, Climate Research 5, Cyber Physical Systems 8,
# Quantum Technologies 5, Engineering Sciences 5, (label missing) 3, New and Advanced
# Materials 11, Robotics 8, Seismology 6, Smart Grids 4, Smart City 4, Water Technologies 9
# ("Netherlands Singapore" read as two) = 109 area-country pairs.
AREA_ROWS = 17
UNLABELLED_ROWS = (3, 11)
BILATERAL_PAIRS = 109
# Distinct countries in those rows, with Korea = South Korea, S. Africa = South Africa,
# UK, USA as one each: 35. China is named only as a BRICS member: one more.
ANNEXURE_COUNTRIES = 35
COUNTRY_PARTNERS = ANNEXURE_COUNTRIES + 1
ORGANISATIONS = 1  # IAEA, a GCNEP MoU partner
FORUMS = 6  # ASEAN, BIMSTEC, BRICS, EU, IORA, SCO
# Forum table: ASEAN, BIMSTEC, BRICS "All areas of S&T" (one engagement each, no area),
# EU three areas, IORA and SCO one activity each = 8 multilateral engagements.
MULTILATERAL_ENGAGEMENTS = 8
# The 17 area rows and "E-mobility", the EU's one area the bilateral table does not have.
AREAS = AREA_ROWS + 1
# FAIR, TMT, SKA, CERN, ELETTRA, SPring-8, KEK, Fermilab, the synchrotron light sources in
# Brazil and in Singapore, the synchrotron radiation beamline in Russia.
FACILITIES = 11
GCNEP_MOUS = 4  # USA, Russia, IAEA, France
GCNEP_PARTNERS_STATED = 16
SEED_PKS = range(1, 1000)
CITED_PKS = range(1000, 9000)
DEMO_FIRST_PK = 90000


def fixture_objects(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def load_all():
    call_command("loaddata", *(str(FIXTURES / name) for name in FILES), verbosity=0)


def record_models():
    return [m for m in apps.get_app_config("registry").get_models() if issubclass(m, models.Record)]


def table_digest():
    """Row count and a digest of every row of every registry table, history included."""
    digest = {}
    config = apps.get_app_config("registry")
    for model in config.get_models(include_auto_created=True):
        names = [f.attname for f in model._meta.concrete_fields]
        rows = list(model._default_manager.order_by("pk").values_list(*names))
        digest[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return digest


@pytest.fixture
def loaded():
    load_all()


# -- loading -------------------------------------------------------------------------------


def test_the_fixtures_load_into_an_empty_database():
    assert models.Partner.objects.count() == 0
    load_all()
    for name in FILES:
        for label in {o["model"] for o in fixture_objects(name)}:
            expected = {o["pk"] for o in fixture_objects(name) if o["model"] == label}
            model = apps.get_model(label)
            assert set(model.objects.filter(pk__in=expected).values_list("pk", flat=True)) == (
                expected
            ), label


def test_loading_the_fixtures_again_changes_nothing(loaded):
    before = table_digest()
    load_all()
    assert table_digest() == before


def test_the_primary_keys_of_the_three_files_never_clash():
    ranges = {"seed.json": SEED_PKS, "cited_facts.json": CITED_PKS}
    for name, allowed in ranges.items():
        assert all(o["pk"] in allowed for o in fixture_objects(name)), name
    assert all(o["pk"] >= DEMO_FIRST_PK for o in fixture_objects("demo.json"))


# -- the seed: counts ------------------------------------------------------------------------


def test_the_seed_has_one_partner_per_country_forum_and_organisation(loaded):
    partners = models.Partner.objects.filter(pk__in=SEED_PKS)
    assert partners.countries().count() == COUNTRY_PARTNERS
    assert partners.forums().count() == FORUMS
    assert partners.filter(kind=models.Partner.Kind.ORGANISATION).count() == ORGANISATIONS
    assert not partners.filter(name__iexact="India").exists()
    assert partners.countries().exclude(iso_code="").count() == COUNTRY_PARTNERS


def test_the_seed_has_every_area_row_in_table_order(loaded):
    areas = models.ResearchArea.objects.filter(pk__in=SEED_PKS)
    assert areas.count() == AREAS
    rows = sorted(areas.exclude(source_row=None).values_list("source_row", flat=True))
    assert rows == list(range(1, AREA_ROWS + 1))
    assert areas.get(source_row=1).name == "Applied Mathematics"
    assert areas.get(source_row=AREA_ROWS).name == "Water Technologies"
    assert areas.filter(name="E-mobility", source_row=None).exists()
    assert not areas.filter(name__icontains="all areas").exists()


def test_the_seed_has_every_area_country_pair_and_forum_row(loaded):
    engagements = models.Engagement.objects.filter(pk__in=SEED_PKS)
    assert engagements.filter(mode="bilateral").count() == BILATERAL_PAIRS
    multilateral = engagements.filter(mode="multilateral")
    assert multilateral.count() == MULTILATERAL_ENGAGEMENTS
    assert set(multilateral.values_list("partner__name", flat=True)) == {
        "ASEAN",
        "BIMSTEC",
        "BRICS",
        "EU",
        "IORA",
        "SCO",
    }
    eu_areas = multilateral.filter(partner__name="EU").values_list("area__name", flat=True)
    assert set(eu_areas) == {"Water Technologies", "Clean Energy", "E-mobility"}


def test_the_forum_activities_keep_the_release_text_and_agency(loaded):
    iora = models.Engagement.objects.get(partner__name="IORA")
    assert iora.area is None
    assert iora.activity.startswith("INCOIS, Hyderabad has extended their training programs")
    assert iora.indian_agency.short_name == "INCOIS"
    sco = models.Engagement.objects.get(partner__name="SCO")
    assert sco.activity == "Young Scientist Conclave at JNCASR, Bangalore"
    assert sco.indian_agency.short_name == "JNCASR"


def test_netherlands_singapore_is_read_as_two_countries_with_the_spelling_noted(loaded):
    water = models.Engagement.objects.filter(area__name="Water Technologies", mode="bilateral")
    for name in ("Netherlands", "Singapore"):
        assert '"Netherlands Singapore"' in water.get(partner__name=name).note
    assert models.Partner.objects.resolve("Netherlands Singapore") is None


def test_brics_lists_only_the_members_the_release_names(loaded):
    brics = models.Partner.objects.get(name="BRICS")
    members = set(brics.members.values_list("name", flat=True))
    assert members == {"Brazil", "Russia", "China", "South Africa"}
    assert not models.Partner.objects.get(name="ASEAN").members.exists()
    assert "BRICS" in models.Partner.objects.get(name="China").note


def test_the_seed_has_the_facilities_with_an_unspecified_membership_each(loaded):
    facilities = models.Facility.objects.filter(pk__in=SEED_PKS)
    assert facilities.count() == FACILITIES
    memberships = models.FacilityMembership.objects.filter(pk__in=SEED_PKS)
    assert memberships.count() == FACILITIES
    assert set(memberships.values_list("membership_type", flat=True)) == {"unspecified"}
    assert not memberships.exclude(started_on=None).exists()


def test_the_ska_has_two_host_partners(loaded):
    ska = models.Facility.objects.get(short_name="SKA")
    assert set(ska.host_partners.values_list("name", flat=True)) == {"Australia", "South Africa"}


def test_gcnep_has_four_named_mous_and_the_stated_figure_of_sixteen(loaded):
    gcnep = models.Agency.objects.get(short_name="GCNEP")
    assert gcnep.parent.short_name == "DAE"
    mous = models.Agreement.objects.filter(pk__in=SEED_PKS, indian_agency=gcnep)
    assert mous.count() == GCNEP_MOUS
    assert set(mous.values_list("partners__name", flat=True)) == {
        "United States",
        "Russia",
        "IAEA",
        "France",
    }
    assert not mous.exclude(signed_on=None).exists()
    figure = models.StatedFigure.objects.get(agency=gcnep, pk__in=SEED_PKS)
    assert (figure.value, figure.value_text) == (GCNEP_PARTNERS_STATED, "16")


def test_the_approximate_number_of_calls_is_kept_as_words(loaded):
    figure = models.StatedFigure.objects.get(label="Joint R&D calls DST launches a year")
    assert figure.value_text == "about 15-18"
    assert figure.value is None


def test_agencies_have_only_the_parents_the_release_states(loaded):
    with_parent = models.Agency.objects.filter(pk__in=SEED_PKS).exclude(parent=None)
    assert list(with_parent.values_list("short_name", flat=True)) == ["GCNEP"]


# -- the seed: provenance and honesty -----------------------------------------------------


def test_every_seed_record_cites_the_release(loaded):
    for model in record_models():
        for record in model.objects.filter(pk__in=SEED_PKS):
            assert record.source == RELEASE_SOURCE, record
            assert record.source_url == RELEASE_URL, record
            assert record.last_verified == TODAY, record
            assert record.is_published and not record.is_sample, record
    for alias in models.PartnerAlias.objects.all():
        assert alias.source == RELEASE_SOURCE


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("S. Africa", "South Africa"),
        ("Korea", "Republic of Korea"),
        ("South Korea", "Republic of Korea"),
        ("UK", "United Kingdom"),
        ("USA", "United States"),
        ("US", "United States"),
    ],
)
def test_the_release_spellings_of_partners_resolve_to_one_record(loaded, spelling, name):
    assert models.Partner.objects.resolve(spelling).name == name


@pytest.mark.parametrize(
    ("spelling", "short_name"),
    [
        ("ELLETRA", "ELETTRA"),
        ("ELLETRA Synchrotron", "ELETTRA"),
        ("Sp-Ring-8", "SPring-8"),
        ("KEK Accelerator", "KEK"),
        ("Fermi-Lab", "Fermilab"),
        ("Square Kilometer Array", "SKA"),
    ],
)
def test_the_release_spellings_of_facilities_resolve_to_one_record(loaded, spelling, short_name):
    assert models.Facility.objects.resolve(spelling).short_name == short_name


def test_the_unlabelled_rows_have_no_guessed_name_even_after_the_cited_facts(loaded):
    unlabelled = models.ResearchArea.objects.filter(is_unlabelled=True)
    assert sorted(unlabelled.values_list("source_row", flat=True)) == list(UNLABELLED_ROWS)
    for area in unlabelled:
        assert area.name == f"Area label missing in source (row {area.source_row})"
    assert not models.ResearchArea.objects.filter(pk__gte=CITED_PKS.start).exists()


def test_the_unnamed_facilities_keep_a_neutral_name(loaded):
    for country in ("Brazil", "Singapore"):
        facility = models.Facility.objects.get(short_name=f"Synchrotron light source ({country})")
        assert list(facility.host_partners.values_list("name", flat=True)) == [country]


# -- cited facts -----------------------------------------------------------------------------


def test_low_confidence_rows_are_unpublished_drafts_and_the_others_published(loaded):
    seen = set()
    for model in record_models():
        for record in model.objects.filter(pk__in=CITED_PKS):
            confidence = record.source_locator.split(" confidence")[0].rsplit(", ", 1)[1]
            seen.add(confidence)
            assert record.is_published is (confidence != "low"), record
            assert record.note.startswith("Awaiting verification") is (confidence == "low")
            assert record.last_verified is None and not record.is_sample
            assert "cited_facts.csv row" in record.source_locator and record.source_url
            assert record.source and "cited_facts" not in record.source
    assert seen == {"high", "medium", "low"}


def test_the_cited_facts_add_no_duplicate_gcnep_mou(loaded):
    gcnep_mous = models.Agreement.objects.filter(indian_agency__short_name="GCNEP")
    for name in ("IAEA", "France"):
        assert gcnep_mous.filter(partners__name=name).count() == 1
    extension = gcnep_mous.get(pk__in=CITED_PKS, partners__name="United States")
    assert extension.amends.pk in SEED_PKS
    assert (extension.signed_on, extension.signed_precision) == (
        datetime.date(2020, 10, 1),
        "month",
    )


def test_cited_dates_keep_the_precision_the_row_gives(loaded):
    ska = models.FacilityMembership.objects.get(pk__in=CITED_PKS, started_on="2015-10-01")
    assert ska.started_display == "October 2015"
    brics = models.JointCall.objects.get(title__startswith="BRICS STI Framework Programme")
    assert (brics.closes_precision, brics.time_zone) == ("time", "Europe/Moscow")
    assert brics.closes_at == datetime.datetime(2017, 12, 27, 12, 0, tzinfo=datetime.UTC)
    # Row 121 gives only "c.2015": an estimate, shown as one, not as the year 2015.
    za_10 = models.JWGReview.objects.get(title="10th India-South Africa Joint Committee on S&T")
    assert (za_10.date_precision, za_10.date_display) == ("circa", "c. 2015")


def test_the_facilities_not_in_the_release_are_flagged(loaded):
    for short_name in ("DESY PETRA III", "ESRF"):
        facility = models.Facility.objects.get(short_name=short_name)
        assert facility.pk in CITED_PKS
        assert "Not in the PIB list" in facility.note


# -- samples -------------------------------------------------------------------------------


def test_no_sample_record_is_in_the_real_fixtures_and_every_demo_record_is_one():
    for name in ("seed.json", "cited_facts.json"):
        assert not any(o["fields"].get("is_sample") for o in fixture_objects(name)), name
    for obj in fixture_objects("demo.json"):
        assert obj["fields"]["is_sample"] is True, obj
        assert obj["fields"]["note"] == "Illustrative sample record, not a real fact."
        fields = obj["fields"]
        label = next(fields[k] for k in ("title", "name", "description", "scope") if k in fields)
        assert label.startswith("Sample:"), obj
        assert fields["source"] == "Illustrative sample (not a real record)"


def test_the_demo_shows_every_status_and_dashboard_case(loaded):
    samples = models.Agreement.objects.samples()
    assert set(samples.values_list("status", flat=True)) == set(models.Agreement.Status.values)
    assert set(samples.values_list("instrument", flat=True)) == set(
        models.Agreement.Instrument.values
    )
    assert samples.expiring_within(180, TODAY).exists()
    assert samples.exclude(supersedes=None).exists()
    assert samples.filter(is_published=False).count() == 1
    calls = models.JointCall.objects.samples()
    assert set(calls.values_list("status", flat=True)) == set(models.JointCall.Status.values)
    now = timezone.make_aware(datetime.datetime(2026, 11, 25, 12))
    assert calls.open_at(now).get().closes_at.year == 2027
    reviews = models.JWGReview.objects.samples()
    assert set(reviews.values_list("status", flat=True)) == set(models.JWGReview.Status.values)
    assert reviews.overdue_on(TODAY).exists() and reviews.upcoming(TODAY, 90).exists()
    items = models.ActionItem.objects.samples()
    assert set(items.values_list("status", flat=True)) == set(models.ActionItem.Status.values)
    assert items.overdue_on(TODAY).exists()
    assert models.FacilityMembership.objects.samples().ended_before(TODAY).exists()


# -- the builder ---------------------------------------------------------------------------


def test_the_committed_fixtures_are_byte_for_byte_a_fresh_build_from_the_sources(tmp_path):
    call_command("build_fixtures", out=tmp_path, stdout=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_the_sources_readme_names_every_source_with_its_digest():
    readme = (SOURCES / "README.md").read_text(encoding="utf-8")
    for path in (SEED_TEXT, CITED_CSV):
        assert f"`{path.name}`" in readme
        assert hashlib.sha256(path.read_bytes()).hexdigest() in readme, path.name


def test_the_builder_refuses_a_country_it_cannot_map():
    text = SEED_TEXT.read_text(encoding="utf-8").replace("Peru,", "Atlantis,")
    with pytest.raises(BuildError):
        build_seed(text)


def test_every_csv_row_is_cited_by_a_record_or_reported_with_a_reason():
    rows = read_rows(CITED_CSV)
    _, report = build_all(SEED_TEXT, CITED_CSV)
    reported = {int(re.match(r"row (\d+) ", line)[1]) for line in report}
    sources = " ".join(o["fields"]["source_locator"] for o in fixture_objects("cited_facts.json"))
    cited = {int(n) for n in re.findall(r"cited_facts\.csv row (\d+)", sources)}
    assert cited | reported == {data["line"] for data in rows}
    assert not cited & reported
    not_found = {data["line"] for data in rows if data["confidence"] == "not_found"}
    assert not_found <= reported


def edited_copy(tmp_path, source, old, new):
    """A copy of a data file with one passage changed (the passage must be there once)."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


IJCSP = "  - row: IJCSP call for proposals 2018 (DST-JSPS)\n"
BRICS = "  - row: BRICS STI Framework Programme\n"


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            IJCSP + "    records:\n      - call:\n          key: ijcsp-2018\n",
            IJCSP + "    records:\n      - call:\n          kye: ijcsp-2018\n",
            r"row 'IJCSP call for proposals 2018 \(DST-JSPS\)', call: call has no field 'kye'",
        ),
        (
            IJCSP + "    records:\n      - call:\n",
            IJCSP + "    records:\n      - cal:\n",
            r"row 'IJCSP call for proposals 2018 \(DST-JSPS\)': a record is one of",
        ),
        (
            "          signed: '2015'\n    remark: The row says the MoU was adopted in 2015",
            "          signed: 2015\n    remark: The row says the MoU was adopted in 2015",
            r"row 'BRICS STI Framework Programme', agreement: signed 2015 must be quoted",
        ),
        (
            BRICS + "    records:\n      - agreement:\n          key: brics-sti-mou\n",
            BRICS + "    records:\n      - agreement:\n          key: brics-sti-mou\n"
            "          key: brics\n",
            r"'key' is given twice",
        ),
        (BRICS, BRICS + "    skip: both read and skipped\n", r"give one of records, merge, skip"),
        (
            IJCSP,
            "  - row: IJCSP call (DST-JSPS) 2025\n",
            r"row 'IJCSP call \(DST-JSPS\) 2025' is read twice",
        ),
        (
            "    cites_row: 103\n",
            "    cites_row: 103\n    chair: Someone\n",
            r"group 'norway': group has no field 'chair'",
        ),
    ],
)
def test_a_mistake_in_the_readings_stops_the_build_naming_the_entry(tmp_path, old, new, message):
    with pytest.raises(BuildError, match=message):
        load_readings(edited_copy(tmp_path, READINGS, old, new))


def test_a_csv_row_without_a_reading_stops_the_build(tmp_path):
    entry = "  - row: FAIR shareholding\n    records:\n      - membership:\n"
    path = edited_copy(tmp_path, READINGS, entry, entry.replace("FAIR shareholding", "FAIR"))
    seed = build_seed(SEED_TEXT.read_text(encoding="utf-8"))
    with pytest.raises(BuildError, match=r"rows without a reading: \['FAIR shareholding'\]"):
        build_cited(CITED_CSV, seed.pks, path)


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "    instrument: loi\n",
            "    instrumnet: loi\n",
            r"agreement 'smart-grids-loi': .*'instrumnet'",
        ),
        (
            "      fr-1:\n        seq: 1\n",
            "      fr-1:\n        sequence: 1\n",
            r"review 'fr-1': .*'sequence'",
        ),
        ("    area: 'area:10'\n", "", r"call 'cancelled': .*'area'"),
    ],
)
def test_a_mistake_in_the_demo_records_stops_the_build_naming_the_entry(
    tmp_path, old, new, message
):
    with pytest.raises(BuildError, match=message):
        build_demo({}, edited_copy(tmp_path, DEMO_DATA, old, new))


def test_the_build_command_reports_a_missing_source(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("build_fixtures", seed=tmp_path / "missing.txt", out=tmp_path)
