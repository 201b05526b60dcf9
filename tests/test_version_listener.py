"""PAGE_CACHE_VERSION_SOURCE=notify (registry/version_listener.py): each process learns each
new data version from PostgreSQL's notifications, so a page-cache hit needs no query, and a
change committed anywhere retires the cached pages as soon as its notification arrives."""

import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from registry import caching, version_listener
from registry.models import DataVersion
from registry.version_listener import Listener
from registry.views.page_cache import HEADER
from tests import factories

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's"
)


def eventually(check, seconds=10.0):
    """Wait for `check()` to hold (a notification's delivery takes a moment)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.02)


def stored_token() -> str:
    return DataVersion.objects.get(pk=DataVersion.ROW).token


def write_as_another_host(token: str):
    """A new version committed through a connection of its own, as another host's would be."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        assert version_listener.write_and_notify(other_connection(other), token)


def other_connection(raw):
    """What write_and_notify needs of a Django connection, over a raw one."""

    class Other:
        vendor = "postgresql"
        ops = connection.ops

        @staticmethod
        def cursor():
            return raw.cursor()

    return Other()


@pytest.fixture
def listener():
    caching.read_token()  # the version row exists
    started = Listener("default").start()
    assert started.connected.wait(10)
    yield started
    started.stop()


@pytest.fixture
def notify_source(settings):
    settings.PAGE_CACHE_VERSION_SOURCE = "notify"
    yield
    version_listener.stop_all()


# What a listener knows, in the order its notifications and own changes come ----------------
def connected_listener(token="t0") -> Listener:
    quiet = Listener("default")  # never started: only its bookkeeping
    quiet.reset(token)
    return quiet


def test_a_notification_gives_the_new_version():
    known = connected_listener()
    known.heard("t1")
    assert known.token == "t1"


def test_its_own_change_is_known_at_once_and_earlier_notifications_do_not_undo_it():
    known = connected_listener()
    known.note_own("t2")
    known.heard("t1")  # committed before t2, delivered after t2 was noted
    assert known.token == "t2"
    known.heard("t2")
    known.heard("t3")  # committed after t2
    assert known.token == "t3"


def test_an_own_change_noted_after_its_notification_does_not_hide_later_ones():
    known = connected_listener()
    known.heard("t1")
    known.heard("t2")
    known.note_own("t1")
    assert known.token == "t2"
    known.heard("t3")
    assert known.token == "t3"


def test_while_not_connected_it_knows_nothing_and_own_changes_wait_for_the_reconnect():
    known = connected_listener(token=None)
    known.note_own("t1")
    assert known.token is None
    assert known.own == []


# A real listener on the test database ---------------------------------------------------------
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_starts_with_the_stored_version_and_hears_each_committed_change(listener):
    assert listener.token == stored_token()
    factories.make_agreement()  # committed: the version is bumped and notified
    new = stored_token()
    eventually(lambda: listener.token == new)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_hears_a_change_another_host_commits(listener):
    write_as_another_host("from-another-host")
    eventually(lambda: listener.token == "from-another-host")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_never_heard(listener):
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params) as other:  # a transaction, rolled back
        version_listener.write_and_notify(other_connection(other), "rolled-back")
        other.rollback()
    write_as_another_host("after-the-rollback")
    eventually(lambda: listener.token == "after-the-rollback")
    assert "rolled-back" not in listener.recent


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_lost_connection_means_no_version_until_it_is_back(listener, monkeypatch):
    monkeypatch.setattr(version_listener, "RETRY_FIRST", 0.2)
    lost = listener.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [lost])
    eventually(lambda: listener.backend_pid != lost and listener.connected.is_set())
    assert listener.token == stored_token()


# The fast path with `notify` ----------------------------------------------------------------
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_fast_hit_costs_no_query_and_a_change_shows_on_the_next_request(
    notify_source, django_assert_num_queries
):
    agreement = factories.make_agreement(title="Before the change")
    url = reverse("registry:agreement_list")
    for _ in range(3):  # the first hit of the whole stack records the headers
        Client().get(url)
    eventually(lambda: version_listener.current("default") == stored_token())
    with django_assert_num_queries(0):
        assert Client().get(url)[HEADER] == "hit"
    agreement.title = "After the change"
    agreement.save()  # this process's own change: known before its notification arrives
    response = Client().get(url)
    assert response[HEADER] == "miss"
    assert "After the change" in response.content.decode()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_another_hosts_change_retires_the_cached_page_once_heard(notify_source):
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    for _ in range(3):
        Client().get(url)
    eventually(lambda: version_listener.current("default") == stored_token())
    write_as_another_host("from-another-host")
    eventually(lambda: version_listener.current("default") == "from-another-host")
    assert Client().get(url)[HEADER] == "miss"


@on_postgresql
@pytest.mark.django_db(transaction=True)
@override_settings(PAGE_CACHE_VERSION_SECONDS=0)
def test_before_the_listener_connects_a_hit_reads_the_version(
    notify_source, django_assert_num_queries, monkeypatch
):
    factories.make_agreement()
    url = reverse("registry:agreement_list")
    for _ in range(3):
        Client().get(url)
    monkeypatch.setattr(version_listener, "current", lambda alias: None)
    with django_assert_num_queries(1):  # the data version's read
        assert Client().get(url)[HEADER] == "hit"


# Settings ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "environment, message",
    [
        ({"PAGE_CACHE_VERSION_SOURCE": "nofity"}, "must be notify or query"),
        (
            {"PAGE_CACHE_VERSION_SOURCE": "notify", "DATABASE_URL": "sqlite:///:memory:"},
            "needs PostgreSQL without a read replica",
        ),
    ],
)
def test_a_wrong_source_stops_the_site_starting_with_a_reason(environment, message):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coop_site.settings", **environment}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert message in done.stderr


def test_the_default_is_notify_on_postgresql_alone_and_query_elsewhere():
    script = "from django.conf import settings; print(settings.PAGE_CACHE_VERSION_SOURCE)"
    for url, replica, expected in [
        ("postgres://127.0.0.1/test", "", "notify"),
        ("postgres://127.0.0.1/test", "postgres://127.0.0.1/test", "query"),
        ("sqlite:///:memory:", "", "query"),
    ]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coop_site.settings"}
        env.pop("PAGE_CACHE_VERSION_SOURCE", None)
        env.update(DATABASE_URL=url, DATABASE_REPLICA_URL=replica)
        done = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.stdout.strip() == expected, done.stderr
