"""Shared personas for the tests."""

import os
import shutil
import time

import pytest
from django.db import OperationalError
from django.db.backends.signals import connection_created

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# pytest-django's SQLite test database is in memory, shared between the threads of a test in
# SQLite's shared-cache mode. There a reader of a table another connection is writing fails at
# once with "database table is locked" (SQLITE_LOCKED): the busy timeout that a database file
# (make run, production SQLite) applies to the same wait does not apply to table locks. Tests
# that run a build or a warm in a thread beside requests would fail by chance, so in the test
# database a statement that meets such a lock is tried again until the other connection's
# short transaction ends, as SQLite would wait on a file.
LOCKED_WAIT_SECONDS = 10


def _wait_for_table_locks(execute, sql, params, many, context):
    deadline = time.monotonic() + LOCKED_WAIT_SECONDS
    while True:
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "is locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _shared_cache_waits(sender, connection, **kwargs):
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if in_memory and _wait_for_table_locks not in connection.execute_wrappers:
        connection.execute_wrappers.append(_wait_for_table_locks)


connection_created.connect(_shared_cache_waits, dispatch_uid="tests-sqlite-shared-cache-waits")


def pytest_configure(config):
    """The settings begin each SQLite transaction with BEGIN IMMEDIATE (its write lock at
    once), right for processes sharing a database file. In the shared in-memory test database
    each test runs inside one transaction that other connections of the test (threads, a
    backup) must read beside; there the lock is taken at the first write, as before. The
    server and shell processes of tests/test_workers.py read the settings as they are."""
    from django.conf import settings

    settings.DATABASES["default"].get("OPTIONS", {}).pop("transaction_mode", None)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def staff_in_role(django_user_model):
    """Makes a staff user in one of the roles of registry/roles.py (groups created first)."""
    from django.contrib.auth.models import Group

    from registry.roles import create_roles

    def make(role: str, username: str | None = None):
        create_roles()
        name = username or role.lower().replace(" ", "_")
        # No password: tests log in with force_login, and hashing one costs ~0.3 s a user.
        user = django_user_model.objects.create_user(
            name, f"{name}@example.org", None, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no page, count or option cached for an earlier
    test's rolled-back data, no API throttle counts, and no fast-path header record."""
    from django.core.cache import cache

    from registry.views.page_cache import RECORDS

    cache.clear()
    RECORDS.clear()
    yield
    cache.clear()
    RECORDS.clear()


@pytest.fixture
def hindi(client, settings):
    """The test client of a reader who chose Hindi (the switcher's cookie): an unprefixed
    public page redirects it to the page's /hi/ address (coop_site/i18n.py); the admin,
    /api/ and /data/ answer it in Hindi at their one address."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    return client


@pytest.fixture(autouse=True)
def _opendata_in_a_temporary_directory(settings, tmp_path):
    """/data/ downloads are built on disk; tests must not write into the working tree."""
    settings.REGISTRY_OPENDATA_DIR = str(tmp_path / "opendata")
    # Built in the caller, so a test's request sees its data (inside its transaction);
    # tests/test_data_builds.py runs the default background builds.
    settings.REGISTRY_OPENDATA_BUILDS = "immediate"
    # No warming of the list's caches after each change (registry/warming.py): tests count
    # the queries of cold requests; tests/test_facet_warming.py turns it on.
    settings.REGISTRY_FACET_WARMING = "off"
    # Each fast hit reads the data version with a query (tests count it, and a test's own
    # transaction sends no notifications); tests/test_version_listener.py tests `notify`.
    settings.PAGE_CACHE_VERSION_SOURCE = "query"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
    # inside one unless told it is safe (the test database is used from this thread only).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in Hindi leaves Hindi active in this thread (LocaleMiddleware activates the
    reader's language and nothing resets it); the next test starts in the default language."""
    from django.utils import translation

    yield
    translation.deactivate()
