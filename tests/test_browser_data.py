"""A reader on /data/: sees the files' sizes, checksums and last change, and the dated
snapshots, and follows a snapshot link to a zip whose checksum is the one the page shows."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from registry import opendata
from tests import factories
from tests.conftest import CHROMIUM
from tests.test_browser import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]

FIXTURES = ["seed.json", "cited_facts.json", "demo.json"]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(transactional_db, live_server):
    fixture_dir = Path(settings.BASE_DIR) / "fixtures"
    call_command("loaddata", *[str(fixture_dir / name) for name in FIXTURES], verbosity=0)
    factories.make_agreement(title="Browser snapshot MoU")
    opendata.build_open_data()  # today's snapshot, as `manage.py build_open_data` makes it
    return live_server.url


def test_a_reader_checks_a_download_and_follows_a_snapshot_to_its_zip(site, page):
    page.goto(site + "/data/")

    files = page.locator("#download-files")
    assert "KB" in files.inner_text() or "bytes" in files.inner_text()
    shown_checksum = files.locator("tr", has_text="All records as CSV").locator("code.checksum")
    assert len(shown_checksum.inner_text()) == 64
    assert page.locator("#last-change time").get_attribute("datetime")
    snapshots = page.locator("#snapshot-list")
    assert snapshots.locator("tbody tr").count() >= 1
    assert blocking_violations(page) == []

    row = snapshots.locator("tbody tr").first
    listed_checksum = row.locator("li", has_text="CSV (zip)").locator("code.checksum").inner_text()
    with page.expect_download() as download_info:
        row.get_by_role("link", name="CSV (zip)").click()
    download = download_info.value
    body = Path(download.path()).read_bytes()

    assert download.suggested_filename.startswith("registry-csv-")
    assert hashlib.sha256(body).hexdigest() == listed_checksum
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert "datapackage.json" in archive.namelist()
    assert "Browser snapshot MoU" in archive.read("agreements.csv").decode()
