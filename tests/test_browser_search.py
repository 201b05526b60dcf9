"""Browser journeys of search and export: a reader misspells a word, is shown the corrected
search with the field each hit matched in, narrows it to one record type and downloads it;
another chooses two columns of a list's download."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests import factories as f
from tests.conftest import CHROMIUM
from tests.test_browser import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(transactional_db, live_server):
    names = ("seed.json", "cited_facts.json", "demo.json")
    call_command("loaddata", *(str(FIXTURES / n) for n in names), verbosity=0)
    f.make_agreement(title="Browserland quantum MoU")
    return live_server.url


def downloaded_csv(download) -> list[list[str]]:
    return list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))


def test_a_reader_searches_a_misspelt_word_and_downloads_one_type_of_its_results(site, page):
    page.goto(site + "/")
    search = page.get_by_role("search").first
    search.get_by_role("searchbox").fill("quantam")
    search.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=quantam*")

    status = page.locator(".search-corrected")
    assert "Showing results for quantum" in status.inner_text()
    assert status.get_by_role("link", name="search instead for quantam").count() == 1
    hit = page.locator(".search-hit", has_text="Browserland quantum MoU")
    assert hit.locator("mark").first.inner_text().lower() == "quantum"
    assert "Title:" in hit.locator(".search-why").inner_text()
    page.get_by_text("Narrow the search").click()
    assert blocking_violations(page) == []

    page.get_by_role("navigation", name="Results by record type").get_by_role(
        "link", name="Agreements"
    ).click()
    page.wait_for_url("**type=agreement*")
    headings = page.locator("main h2").all_inner_texts()
    assert any(h.startswith("Agreements (") for h in headings)
    assert not any(h.startswith("Research areas") for h in headings)

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    rows = downloaded_csv(info.value)
    assert rows[0][:3] == ["type", "title", "matched_in"]
    assert {r[0] for r in rows[1:]} == {"agreement"}
    assert "Browserland quantum MoU" in {r[1] for r in rows[1:]}


def test_a_reader_chooses_two_columns_of_a_list_and_downloads_them(site, page):
    page.goto(site + "/agreements/?status=in_force")
    page.get_by_text("Choose columns").click()
    chooser = page.locator("#column-chooser")
    assert blocking_violations(page) == []
    boxes = chooser.locator('input[name="columns"]')
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    chooser.get_by_label("title", exact=True).check()
    chooser.get_by_label("partners", exact=True).check()
    with page.expect_download() as info:
        chooser.get_by_role("button", name="CSV").click()
    rows = downloaded_csv(info.value)
    assert rows[0] == ["title", "partners"]
    assert len(rows) > 2 and all(len(r) == 2 for r in rows)
