"""Shared personas for the tests."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
    test's rolled-back data, and no API throttle counts."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
