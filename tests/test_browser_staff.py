"""Staff journeys in a real browser: headless Debian Chromium driven by Playwright.

Each journey logs in through the admin's login page as a user in one of the roles, does
what that person does, and asserts what the next page shows. Skipped when Chromium is absent.
"""

import datetime

import pytest
from django.contrib.auth.models import Group

from registry import models
from registry.roles import EDITOR, PUBLISHER, SECRETARIAT, create_roles
from tests import factories as f
from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
PASSWORD = "pw-journey-1!"


@pytest.fixture
def staff(transactional_db, live_server, browser, django_user_model):
    """Opens a logged-in browser page for a new staff user in `role`."""
    create_roles()
    contexts = []

    def login(role: str):
        username = role.lower().replace(" ", "_")
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        context = browser.new_context(locale="en-GB", timezone_id="Asia/Kolkata")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield login
    for context in contexts:
        context.close()


def pick(page, field_id: str, text: str):
    """Choose `text` in an admin autocomplete (select2) widget, as a person types and clicks."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def success_message(page) -> str:
    return page.locator("ul.messagelist li.success").first.inner_text()


def test_an_editor_creates_a_draft_agreement_with_two_partners_and_two_areas(staff, live_server):
    for name in ["Atlantis", "Lemuria"]:
        f.make_partner(name=name, slug=name.lower())
    for name in ["Ocean science", "Quantum computing"]:
        f.make_area(name=name, slug=name.lower().replace(" ", "-"))
    page = staff(EDITOR)

    page.goto(f"{live_server.url}/admin/registry/agreement/add/")
    page.select_option("#id_instrument", "mou")
    page.fill("#id_title", "MoU on ocean and quantum science")
    pick(page, "id_partners", "Atlantis")
    pick(page, "id_partners", "Lemuria")
    pick(page, "id_areas", "Ocean science")
    pick(page, "id_areas", "Quantum computing")
    page.select_option("#id_status", "signed")
    page.fill("#id_signed_on", "2024-03-01")
    page.fill("#id_source", "Journey test")
    page.click("input[name=_save]")

    assert "was added successfully" in success_message(page)
    agreement = models.Agreement.objects.get(title="MoU on ocean and quantum science")
    assert {p.name for p in agreement.partners.all()} == {"Atlantis", "Lemuria"}
    assert {a.name for a in agreement.areas.all()} == {"Ocean science", "Quantum computing"}
    assert not agreement.is_published
    assert page.locator("#result_list").get_by_text("MoU on ocean and quantum science").count()


def test_the_secretariat_records_a_meeting_with_two_action_items(staff, live_server):
    group = f.make_group(name="Atlantis JWG")
    agreement = f.make_agreement(title="Atlantis MoU", signed_on=datetime.date(2020, 1, 1))
    group.agreements.add(agreement)
    page = staff(SECRETARIAT)

    page.goto(f"{live_server.url}/admin/registry/jwgreview/add/")
    pick(page, "id_group", "Atlantis JWG")
    page.fill("#id_title", "Third Atlantis JWG meeting")
    page.select_option("#id_status", "held")
    page.fill("#id_held_on", "2024-05-10")
    page.fill("#id_source", "Journey test")
    add_row = page.locator(".add-row a")
    for number, text in enumerate(["Exchange data sets", "Draft a joint call"]):
        add_row.click()
        page.fill(f"#id_action_items-{number}-description", text)
        page.fill(f"#id_action_items-{number}-due_on", f"2024-0{number + 7}-01")
    page.click("input[name=_save]")

    assert "was added successfully" in success_message(page)
    review = models.JWGReview.objects.get(title="Third Atlantis JWG meeting")
    assert sorted(review.action_items.values_list("description", flat=True)) == [
        "Draft a joint call",
        "Exchange data sets",
    ]
    assert review.group == group


def test_a_publisher_publishes_a_draft_and_the_public_page_shows_it_at_once(
    staff, live_server, browser
):
    draft = f.make_agreement(title="Lemuria space MoU", is_published=False)
    public = browser.new_context(locale="en-GB")
    reader = public.new_page()
    assert reader.goto(f"{live_server.url}{draft.get_absolute_url()}").status == 404
    page = staff(PUBLISHER)

    page.goto(f"{live_server.url}/admin/registry/agreement/{draft.pk}/change/")
    page.check("#id_is_published")
    page.fill("#id_change_reason", "Checked against the PIB release")
    page.click("input[name=_save]")

    assert "was changed successfully" in success_message(page)
    response = reader.goto(f"{live_server.url}{draft.get_absolute_url()}")
    assert response.status == 200
    assert "Lemuria space MoU" in reader.get_by_role("heading", level=1).inner_text()
    public.close()


def test_a_publisher_reverts_an_edit_from_the_history(staff, live_server):
    agreement = f.make_agreement(title="Original title")
    page = staff(PUBLISHER)
    change_url = f"{live_server.url}/admin/registry/agreement/{agreement.pk}/change/"
    page.goto(change_url)
    page.fill("#id_title", "A wrong title")
    page.click("input[name=_save]")
    assert "was changed successfully" in success_message(page)

    page.goto(change_url)
    page.get_by_role("link", name="History").click()
    page.locator("#change-history a", has_text="Original title").first.click()
    page.fill("#id_change_reason", "Undo the wrong title")
    page.get_by_role("button", name="Revert").click()

    assert "was changed successfully" in success_message(page)
    agreement.refresh_from_db()
    assert agreement.title == "Original title"
    latest = agreement.history.first()
    assert latest.history_change_reason == "Undo the wrong title"
    assert latest.history_user.username == "publisher"


def test_an_editor_imports_agreements_after_a_preview(staff, live_server, tmp_path):
    f.make_partner(name="Atlantis", slug="atlantis")
    upload = tmp_path / "agreements.csv"
    upload.write_text(
        "id,instrument,title,partners,status,signed_on,source\n"
        ",mou,Imported ocean MoU,atlantis,signed,2024-02-01,PIB\n"
    )
    page = staff(EDITOR)

    page.goto(f"{live_server.url}/admin/registry/agreement/import/")
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")

    preview = page.locator("table.import-preview")
    assert "Imported ocean MoU" in preview.inner_text()
    assert not models.Agreement.objects.filter(title="Imported ocean MoU").exists()
    page.click("input[name=confirm]")

    assert "Import finished" in success_message(page)
    assert models.Agreement.objects.get(title="Imported ocean MoU").partners.get().slug == (
        "atlantis"
    )


def test_a_renamed_partner_shows_at_once_on_every_cached_page_a_reader_has_seen(
    staff, live_server, browser
):
    """The hub body, search explanations and list rows are cached (per data version, per
    row version): a reader who has seen them gets the new name on the next visit."""
    partner = f.make_partner(name="Lemuria", slug="lemuria")
    f.make_agreement(partners=[partner], title="Lemuria ocean MoU")
    public = browser.new_context(locale="en-GB")
    reader = public.new_page()
    pages = {
        "hub": f"{live_server.url}/partners/lemuria/",
        "search": f"{live_server.url}/search/?q=lemuria",
        "list": f"{live_server.url}/agreements/?partner=lemuria",
    }
    for url in pages.values():  # seen once and again: now served from the caches
        reader.goto(url)
        reader.goto(url)
    assert reader.get_by_role("heading", level=1).inner_text() == "Agreements"
    page = staff(PUBLISHER)

    page.goto(f"{live_server.url}/admin/registry/partner/{partner.pk}/change/")
    page.fill("#id_name", "Lemuria Republic")
    if page.locator("#id_change_reason").count():
        page.fill("#id_change_reason", "Name as in the treaty")
    page.click("input[name=_save]")
    assert "was changed successfully" in success_message(page)

    reader.goto(pages["hub"])
    assert reader.get_by_role("heading", level=1).inner_text() == "Lemuria Republic"
    assert "Lemuria Republic" in reader.locator("#agreements").inner_text()
    reader.goto(pages["search"])
    assert "Partners: Lemuria Republic" in reader.locator(".search-why").first.inner_text()
    reader.goto(pages["list"])
    assert "Lemuria Republic" in reader.locator("main table").inner_text()
    public.close()
