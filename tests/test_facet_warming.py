"""The agreement list's caches warmed when the data gets a new version (registry/warming.py):
the first reader after a change reads the facet counts, form and total from the cache, once
per version across processes; a failed warm is logged and breaks nothing; drafts never
show."""

import logging
import threading
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from registry import builds, caching, warming
from registry.models import JobRun
from registry.views.page_cache import PLACEHOLDER
from tests import factories as f
from tests.helpers import at_once, reverse_in

pytestmark = pytest.mark.django_db

LIST = "registry:agreement_list"
# A no-cache request of the list once its version is warmed: the version's read, the page's
# ids and its rows' versions (the rows themselves are cached, tests/test_row_cache.py).
WARM_QUERIES = 3
# The same request with nothing warmed: also the total, 3 facet counts (one for the facets
# on the agreement's own columns), 3 option lists and the loading of the rows (2)
# (tests/test_list_caching.py).
COLD_QUERIES = WARM_QUERIES + 9


@pytest.fixture
def immediate(settings):
    settings.REGISTRY_FACET_WARMING = "immediate"


def changed(capture, make):
    """Run `make()` as a committed change: the version is bumped (and warmed) on commit."""
    with capture(execute=True):
        return make()


def warm_runs(state=None):
    runs = JobRun.objects.filter(kind=warming.FACETS)
    return runs.filter(state=state) if state else runs


def test_after_a_change_the_first_no_cache_reader_reads_the_warmed_caches(
    immediate, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    japan = f.make_partner(name="Japan")
    changed(
        django_capture_on_commit_callbacks,
        lambda: f.make_agreement(partners=[japan], status="signed", title="Warm agreement"),
    )
    run = warm_runs().get()
    assert run.state == JobRun.COMPLETE and run.key == caching.read_token()
    assert run.result["pages"] == [reverse_in("en", LIST), reverse_in("hi", LIST)]
    for language in ("en", "hi"):
        url = reverse_in(language, LIST)
        with django_assert_num_queries(WARM_QUERIES):
            response = client.get(url, HTTP_CACHE_CONTROL="no-cache")
        html = response.content.decode()
        assert "Warm agreement" in html
        assert "Japan (1)" in html


def test_the_next_change_is_warmed_too(
    immediate, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    japan = f.make_partner(name="Japan")
    agreement = changed(
        django_capture_on_commit_callbacks, lambda: f.make_agreement(partners=[japan])
    )
    korea = changed(django_capture_on_commit_callbacks, lambda: f.make_partner(name="Korea"))
    changed(django_capture_on_commit_callbacks, lambda: agreement.partners.add(korea))
    assert warm_runs(JobRun.COMPLETE).count() == 1  # earlier versions' runs are forgotten
    with django_assert_num_queries(WARM_QUERIES):
        html = client.get(reverse(LIST), HTTP_CACHE_CONTROL="no-cache").content.decode()
    assert "Korea (1)" in html and "Japan (1)" in html


def test_with_warming_off_the_first_reader_computes_everything(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    changed(django_capture_on_commit_callbacks, lambda: f.make_agreement(title="Cold one"))
    assert not warm_runs().exists()
    with django_assert_num_queries(COLD_QUERIES):
        response = client.get(reverse(LIST), HTTP_CACHE_CONTROL="no-cache")
    assert "Cold one" in response.content.decode()


def test_with_no_cache_nothing_is_warmed(immediate, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    changed(django_capture_on_commit_callbacks, f.make_agreement)
    assert not warm_runs().exists()
    assert warming.warm_pending() is None


def test_the_site_address_known_the_page_cache_is_primed_too(
    immediate, settings, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.REGISTRY_BASE_URL = "http://testserver"
    changed(django_capture_on_commit_callbacks, lambda: f.make_agreement(title="Primed"))
    for language in ("en", "hi"):
        with django_assert_num_queries(1):  # the version's read
            response = client.get(reverse_in(language, LIST))
        assert response["X-Page-Cache"] == "hit"
        assert "Primed" in response.content.decode()
        # The page was stored with the placeholder each reader's own CSRF token replaces.
        assert PLACEHOLDER not in response.content.decode()
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_without_it_no_page_is_stored_under_a_guessed_host(
    immediate, client, django_capture_on_commit_callbacks
):
    changed(django_capture_on_commit_callbacks, f.make_agreement)
    response = client.get(reverse(LIST))
    assert response["X-Page-Cache"] == "miss"


def test_unpublished_changes_never_show_in_what_is_warmed(
    immediate, client, admin_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    f.make_agreement(status="signed", title="Public one")

    def drafts():
        secret = f.make_partner(name="Secret draft partner", is_published=False)
        f.make_agreement(
            partners=[secret], status="expired", title="Draft agreement", is_published=False
        )

    # Made by a logged-in staff member: the warm is still an anonymous reader's.
    changed(django_capture_on_commit_callbacks, drafts)
    assert warm_runs(JobRun.COMPLETE).exists()
    client.logout()
    with django_assert_num_queries(WARM_QUERIES):
        html = client.get(reverse(LIST), HTTP_CACHE_CONTROL="no-cache").content.decode()
    for secret in ("Secret draft partner", "Draft agreement", "Expired ("):
        assert secret not in html
    assert "Signed (1)" in html and "Public one" in html


def test_a_failing_warm_is_logged_and_breaks_neither_the_write_nor_the_next_request(
    immediate, client, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken():
        raise RuntimeError("the warm broke")

    monkeypatch.setattr(warming, "warm", broken)
    with caplog.at_level(logging.ERROR, logger="registry.warming"):
        agreement = changed(
            django_capture_on_commit_callbacks, lambda: f.make_agreement(title="Still saved")
        )
    assert agreement.pk is not None
    assert "Warming the agreement list" in caplog.text
    run = warm_runs().get()
    assert run.state == JobRun.FAILED and "the warm broke" in run.error
    response = client.get(reverse(LIST), HTTP_CACHE_CONTROL="no-cache")
    assert response.status_code == 200 and "Still saved" in response.content.decode()


def test_a_failing_receiver_of_the_new_version_is_logged_not_raised_into_the_write(caplog):
    def broken(**kwargs):
        raise RuntimeError("receiver broke")

    caching.data_version_changed.connect(broken, dispatch_uid="test-broken")
    try:
        with caplog.at_level(logging.ERROR, logger="registry.caching"):
            before = caching.read_token()
            caching.bump_data_version()
        assert caching.read_token() != before
        assert "receiver broke" in caplog.text
    finally:
        caching.data_version_changed.disconnect(dispatch_uid="test-broken")


def test_a_warm_in_a_request_leaves_its_language_alone(
    immediate, django_capture_on_commit_callbacks
):
    with translation.override("hi"):
        changed(django_capture_on_commit_callbacks, f.make_agreement)
        assert translation.get_language() == "hi"
    assert warm_runs(JobRun.COMPLETE).exists()


def test_in_worker_mode_a_change_starts_nothing_and_the_worker_warms(
    settings, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.REGISTRY_FACET_WARMING = "worker"
    changed(django_capture_on_commit_callbacks, lambda: f.make_agreement(title="By the worker"))
    assert not warm_runs().exists()
    call_command("run_worker", "--once")
    assert warm_runs(JobRun.COMPLETE).get().key == caching.read_token()
    with django_assert_num_queries(WARM_QUERIES):
        response = client.get(reverse(LIST), HTTP_CACHE_CONTROL="no-cache")
    assert "By the worker" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_by_default_a_background_thread_warms_after_the_commit(
    settings, client, django_assert_num_queries
):
    settings.REGISTRY_FACET_WARMING = "thread"
    # One transaction, one new version at its commit (and no write of this thread racing
    # the warm's reads: the in-memory test database locks whole tables).
    with transaction.atomic():
        f.make_agreement(title="Warmed in the background")
    builds.wait_for_thread(20, name=warming.THREAD)
    run = warm_runs(JobRun.COMPLETE).get()
    assert run.key == caching.read_token()
    with django_assert_num_queries(WARM_QUERIES):
        response = client.get(reverse(LIST), HTTP_CACHE_CONTROL="no-cache")
    assert "Warmed in the background" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_warms_of_a_version_run_once(monkeypatch):
    f.make_agreement()
    calls = []
    real = warming.warm

    def counted():
        calls.append(caching.read_token())
        return real()

    monkeypatch.setattr(warming, "warm", counted)
    results = at_once(warming.warm_pending)
    assert len(calls) == 1
    assert warm_runs(JobRun.COMPLETE).count() == 1
    assert len(results) == 2
    assert {run.key for run in results if run is not None} == {calls[0]}


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_comes_during_the_warm_waits_for_it_rather_than_computing(
    settings, client, monkeypatch, django_assert_num_queries
):
    settings.REGISTRY_FACET_WARMING = "thread"
    started, real = threading.Event(), warming.warm

    def slow():
        started.set()
        time.sleep(0.3)  # the reader arrives while the warm runs
        return real()

    monkeypatch.setattr(warming, "warm", slow)
    with transaction.atomic():
        f.make_agreement(title="Read from the warm")
    assert started.wait(10)
    # Only this thread's queries are counted: none of the counts is computed here, and the
    # Hindi reader waits for the Hindi page (its option labels).
    for language in ("en", "hi"):
        with django_assert_num_queries(WARM_QUERIES):
            response = client.get(reverse_in(language, LIST), HTTP_CACHE_CONTROL="no-cache")
        assert "Read from the warm" in response.content.decode()
    builds.wait_for_thread(20, name=warming.THREAD)
