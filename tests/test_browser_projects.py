"""Projects in a real browser: an Editor records a project with its results on one admin page,
a Publisher publishes them, and a reader follows the chain from an agreement to the results.

Headless Debian Chromium driven by Playwright; skipped when Chromium is absent.
"""

import datetime

import pytest

from registry import models
from registry.roles import EDITOR, PUBLISHER
from tests import factories as f
from tests import test_browser_staff
from tests.conftest import CHROMIUM
from tests.test_browser_staff import pick, success_message

# The logged-in staff page of the staff journeys, shared as a fixture.
staff = test_browser_staff.staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


def publish_selected(page, live_server, model: str, what: str, labels: list[str]):
    """Tick the rows showing `labels` in a changelist and run its publish action."""
    page.goto(f"{live_server.url}/admin/registry/{model}/")
    for label in labels:
        page.locator("#result_list tr", has_text=label).locator("input.action-select").check()
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    done = page.locator("ul.messagelist li").first.inner_text()
    assert done == f"{len(labels)} {what} published.", done


def test_an_editor_adds_a_project_with_two_results_on_one_page_and_it_is_published(
    staff, live_server
):
    partner = f.make_partner(name="Atlantis", slug="atlantis")
    f.make_call(partners=[partner], title="Atlantis ocean call")
    editor = staff(EDITOR)

    editor.goto(f"{live_server.url}/admin/registry/project/add/")
    editor.fill("#id_title", "Tidal turbines for island grids")
    pick(editor, "id_call", "Atlantis ocean call")
    pick(editor, "id_partners", "Atlantis")
    editor.select_option("#id_status", "ongoing")
    editor.fill("#id_started_on", "2025-04-01")
    editor.fill("#id_ended_on", "2028-03-31")
    editor.fill("#id_source", "Journey test")
    add_row = editor.locator(".add-row a")
    rows = [
        ("publication", "2026-01-15", "A joint paper on tidal arrays", "10.5555/12345678"),
        ("workshop", "2025-09-10", "A workshop in Port Louis", ""),
    ]
    for number, (kind, day, text, doi) in enumerate(rows):
        add_row.click()
        editor.select_option(f"#id_results-{number}-kind", kind)
        editor.fill(f"#id_results-{number}-occurred_on", day)
        editor.fill(f"#id_results-{number}-description", text)
        editor.fill(f"#id_results-{number}-doi", doi)
        editor.fill(f"#id_results-{number}-source", "Journey test")
    editor.click("input[name=_save]")

    assert "was added successfully" in success_message(editor)
    project = models.Project.objects.get(title="Tidal turbines for island grids")
    assert not project.is_published
    assert project.results.filter(is_published=False).count() == 2

    publisher = staff(PUBLISHER)
    publish_selected(
        publisher, live_server, "project", "joint R&D project", ["Tidal turbines for island grids"]
    )
    publish_selected(
        publisher,
        live_server,
        "projectresult",
        "project results",
        ["A joint paper on tidal arrays", "A workshop in Port Louis"],
    )
    publisher.goto(f"{live_server.url}{project.get_absolute_url()}")

    results = publisher.locator("#results li")
    assert results.count() == 2
    # In date order: the workshop came first.
    assert "A workshop in Port Louis" in results.nth(0).inner_text()
    assert "A joint paper on tidal arrays" in results.nth(1).inner_text()
    assert publisher.locator("#results a[href='https://doi.org/10.5555/12345678']").count() == 1


@pytest.fixture
def reader(transactional_db, browser):
    context = browser.new_context(locale="en-GB", timezone_id="Asia/Kolkata")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_reader_goes_from_an_agreement_to_a_call_to_a_project_and_its_results(
    reader, live_server
):
    partner = f.make_partner(name="Atlantis", slug="atlantis")
    agreement = f.make_agreement(partners=[partner], title="Atlantis MoU")
    call = f.make_call(partners=[partner], agreement=agreement, title="Atlantis ocean call")
    project = f.make_project(partners=[partner], call=call, title="Coral reef genomics")
    f.make_result(
        project=project,
        kind=models.ProjectResult.Kind.DATASET,
        occurred_on=datetime.date(2026, 2, 1),
        description="Reef genome dataset",
    )

    reader.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    assert "1 result recorded" in reader.locator(".result-counts").first.inner_text()
    reader.locator("ol.chain").get_by_role("link", name="Atlantis ocean call").click()
    reader.wait_for_url(f"{live_server.url}{call.get_absolute_url()}")
    assert "1 project recorded here" in reader.locator("main").inner_text()
    reader.locator("#projects").get_by_role("link", name="Coral reef genomics").click()
    reader.wait_for_url(f"{live_server.url}{project.get_absolute_url()}")

    assert reader.locator("h1").inner_text().startswith("Coral reef genomics")
    assert "Reef genome dataset" in reader.locator("#results").inner_text()
    assert "Dataset" in reader.locator("#results").inner_text()
