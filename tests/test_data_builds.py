"""/data/ downloads built off the request path (registry/builds.py): once per data version
across processes, made current only when complete, a failure logged and the previous kept,
and no request waiting for a build."""

import datetime
import json
import threading
from unittest import mock

import lxml.html
import pytest
from django.core.management import call_command
from django.utils import timezone

from registry import builds, opendata
from registry.management.commands import run_worker
from registry.models import JobRun
from tests import factories
from tests.helpers import at_once


@pytest.fixture
def download_dir(settings, tmp_path):
    settings.REGISTRY_OPENDATA_DIR = str(tmp_path / "opendata")
    return tmp_path / "opendata"


@pytest.fixture
def background(settings):
    """The default: builds run in a background thread of the process that asks for one."""
    settings.REGISTRY_OPENDATA_BUILDS = "thread"
    yield
    builds.wait_for_thread(10)


@pytest.fixture
def blocked_builder(monkeypatch):
    """opendata.build_version held until the test releases it; `started` is set once it runs."""
    started, release = threading.Event(), threading.Event()
    real = opendata.build_version

    def held(version):
        started.set()
        assert release.wait(10), "the test never released the build"
        return real(version)

    monkeypatch.setattr(opendata, "build_version", held)
    yield started, release
    release.set()


def titles(response) -> list[str]:
    return [a["title"] for a in json.loads(response.getvalue())["records"]["agreements"]]


@pytest.mark.django_db(transaction=True)
def test_a_fresh_install_says_being_prepared_and_no_request_waits_for_the_build(
    client, background, blocked_builder
):
    started, release = blocked_builder
    factories.make_agreement(title="First")

    download = client.get("/data/registry.json")
    page = client.get("/data/")

    # Both answered while the build is still held (it has started, in another thread).
    assert started.wait(5) and not release.is_set()
    assert download.status_code == 503 and download["Retry-After"] == "60"
    assert "being prepared" in download.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "60"
    assert 'id="being-prepared"' in page.content.decode()
    assert client.get("/data/datapackage.json").status_code == 503
    assert client.get("/data/catalog.jsonld").status_code == 503

    release.set()
    builds.wait_for_thread(10)
    assert titles(client.get("/data/registry.json")) == ["First"]


@pytest.mark.django_db(transaction=True)
def test_while_a_new_build_runs_readers_get_the_last_one_marked_behind(
    client, background, blocked_builder
):
    started, release = blocked_builder
    factories.make_agreement(title="Old")
    release.set()
    client.get("/data/registry.json")
    builds.wait_for_thread(10)
    release.clear()
    started.clear()
    factories.make_agreement(title="New")

    stale = client.get("/data/registry.json")
    page = client.get("/data/")

    assert started.wait(5)
    assert stale.status_code == 200 and titles(stale) == ["Old"]
    assert stale["X-Data-Behind"] == "1"
    as_of = datetime.datetime.fromisoformat(stale["X-Data-As-Of"])
    html = page.content.decode()
    assert page.status_code == 200 and 'class="behind"' in html
    # "As of": when the served build read the data, shown in India time.
    (shown,) = lxml.html.fromstring(html).get_element_by_id("as-of").iter("time")
    shown_at = datetime.datetime.fromisoformat(shown.get("datetime"))
    assert shown_at == as_of and shown_at.utcoffset() == datetime.timedelta(hours=5, minutes=30)

    release.set()
    builds.wait_for_thread(10)
    fresh = client.get("/data/registry.json")
    assert sorted(titles(fresh)) == ["New", "Old"] and "X-Data-Behind" not in fresh
    assert 'class="behind"' not in client.get("/data/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_attempts_build_a_version_once(monkeypatch):
    factories.make_agreement()
    calls = []
    real = opendata.build_version

    def counted(version):
        calls.append(version)
        return real(version)

    monkeypatch.setattr(opendata, "build_version", counted)
    results = at_once(builds.build_pending)

    assert len(calls) == 1
    assert JobRun.objects.filter(kind=builds.OPENDATA, state=JobRun.COMPLETE).count() == 1
    built = [run for run in results if run is not None]
    # The loser returns at once (None), or, if it looked after the winner finished, the
    # winner's run: either way no second build.
    assert len(results) == 2 and {run.key for run in built} == {calls[0]}


@pytest.mark.django_db
def test_a_claim_is_taken_once_and_a_stale_or_failed_one_again_later():
    first = builds.claim("opendata", "v1")
    assert first is not None and builds.claim("opendata", "v1") is None

    JobRun.objects.filter(pk=first.pk).update(
        started_at=timezone.now() - builds.STALE - datetime.timedelta(seconds=1)
    )
    assert builds.claim("opendata", "v1") is not None  # its process died: taken over
    assert builds.claim("opendata", "v1") is None

    builds.fail(JobRun.objects.get(), OSError("disk full"))
    assert builds.claim("opendata", "v1") is None  # not at once after a failure
    JobRun.objects.update(finished_at=timezone.now() - builds.RETRY)
    assert builds.claim("opendata", "v1") is not None


@pytest.mark.django_db
def test_a_failed_build_is_logged_and_the_previous_one_kept(client, monkeypatch, caplog):
    factories.make_agreement(title="Kept")
    opendata.build_open_data()
    before = builds.latest()
    factories.make_agreement(title="Lost")

    def broken(out, dataset, *args):
        out.write(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(opendata, "write_zip", broken)
    response = client.get("/data/registry.json")

    assert response.status_code == 200 and titles(response) == ["Kept"]
    assert response["X-Data-Behind"] == "1"
    assert builds.latest() == before
    failed = JobRun.objects.get(state=JobRun.FAILED)
    assert "disk full" in failed.error
    assert "failed; the previous is kept" in caplog.text


@pytest.mark.django_db
def test_a_build_is_current_only_once_every_file_is_written(client, download_dir, monkeypatch):
    factories.make_agreement(title="Old")
    opendata.build_open_data()
    factories.make_agreement(title="New")
    seen = []
    write_zip = opendata.write_zip

    def watched(out, dataset, *args):
        seen.append(
            (
                titles(client.get("/data/registry.json")),
                sorted(p.name for p in download_dir.glob("registry-manifest-*")),
            )
        )
        return write_zip(out, dataset, *args)

    monkeypatch.setattr(opendata, "write_zip", watched)
    opendata.build_open_data()

    # Mid-build (its JSON already renamed into place), readers still got the old build, and
    # the new manifest was not yet written.
    ((served, manifests),) = seen
    assert served == ["Old"] and len(manifests) == 1
    assert sorted(titles(client.get("/data/registry.json"))) == ["New", "Old"]


@pytest.mark.django_db
def test_a_build_made_on_another_host_is_served_from_its_snapshot(client, download_dir):
    factories.make_agreement(title="Elsewhere")
    opendata.build_open_data()
    first = client.get("/data/registry-csv.zip").getvalue()
    for path in download_dir.glob("registry-*"):
        path.unlink()  # this host never had them

    assert client.get("/data/registry-csv.zip").getvalue() == first
    assert titles(client.get("/data/registry.json")) == ["Elsewhere"]


@pytest.mark.django_db
def test_in_worker_mode_requests_start_nothing_and_the_worker_builds(client, settings):
    settings.REGISTRY_OPENDATA_BUILDS = "worker"
    factories.make_agreement(title="By the worker")

    assert client.get("/data/registry.json").status_code == 503
    assert not JobRun.objects.exists()

    call_command("run_worker", "--once")
    assert titles(client.get("/data/registry.json")) == ["By the worker"]


@pytest.mark.django_db
def test_the_worker_sends_the_days_reminders_and_alerts_once(settings):
    settings.REGISTRY_OPENDATA_BUILDS = "worker"
    sent = []
    with (
        mock.patch.object(run_worker, "send_reminders", lambda day: sent.append(("r", day))),
        mock.patch.object(run_worker, "send_alerts", lambda day: sent.append(("a", day))),
    ):
        call_command("run_worker", "--once", "--daily-at", "00:00")
        call_command("run_worker", "--once", "--daily-at", "00:00")

    today = timezone.localdate()
    assert sent == [("r", today), ("a", today)]
    assert set(JobRun.objects.values_list("kind", "state")) >= {
        ("reminders", JobRun.COMPLETE),
        ("alerts", JobRun.COMPLETE),
    }


@pytest.mark.django_db
def test_a_download_served_from_a_build_costs_one_query(client, django_assert_num_queries):
    factories.make_agreement()
    opendata.build_open_data()

    with django_assert_num_queries(1):  # the last complete build
        assert client.get("/data/registry-csv.zip").status_code == 200
