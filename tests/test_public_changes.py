"""registry.public_changes: what the public saw change, read from the records' history."""

import datetime

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from registry import catalogue, models
from registry.public_changes import public_changes
from tests import factories as f
from tests import syndication_checks as checks

pytestmark = pytest.mark.django_db

MARKER = "DRAFT-ONLY-MARKER"
MAKERS = {
    "partner": f.make_partner,
    "agency": f.make_agency,
    "area": f.make_area,
    "agreement": f.make_agreement,
    "call": f.make_call,
    "working_group": f.make_group,
    "review": f.make_review,
    "facility": f.make_facility,
    "project": f.make_project,
}


def backdate(record, minutes=10):
    """Move the record's history so far back that the next save is a separate edit."""
    rows = record.history.all()
    for row in rows:
        rows.filter(history_id=row.history_id).update(
            history_date=row.history_date - datetime.timedelta(minutes=minutes)
        )


def edit(record, reason=None, **values):
    backdate(record)
    for name, value in values.items():
        setattr(record, name, value)
    if reason:
        record._change_reason = reason
    record.save()
    if reason:
        del record._change_reason
    return record


def of(record):
    return public_changes(record=record)


def everything_said(changes) -> str:
    parts = []
    for c in changes:
        parts += [c.title, c.reason, c.url]
        for row in c.fields:
            parts += list(row)
    return " ".join(parts)


def test_a_published_record_shows_as_published_with_its_public_values():
    agreement = f.make_agreement(title="MoU on oceans", summary="Blue economy")
    [change] = of(agreement)
    assert change.kind == "published"
    assert change.record == agreement
    assert change.record_type is catalogue.get("agreement")
    assert change.changed_at.tzinfo is not None
    values = {name: new for name, _label, _old, new in change.fields}
    assert values["title"] == "MoU on oceans"
    assert values["summary"] == "Blue economy"
    assert values["instrument"] == "Memorandum of Understanding (MoU)"  # the label, not the code
    assert values["signed_on"] == "1 January 2020"
    assert values["partners"] == str(agreement.partners.get())  # the link set in the same edit


def test_a_change_shows_old_and_new_values_and_the_reason():
    agreement = f.make_agreement(title="MoU on oceans")
    edit(agreement, reason="Typo in PIB", title="MoU on ocean science")
    change, published = of(agreement)
    assert published.kind == "published"
    assert change.kind == "changed"
    assert change.fields == [("title", "title", "MoU on oceans", "MoU on ocean science")]
    assert change.reason == "Typo in PIB"
    assert change.changed_at > published.changed_at


def test_a_save_that_changes_no_public_field_is_no_change():
    agreement = f.make_agreement()
    edit(agreement, last_verified=None)  # unchanged
    assert [c.kind for c in of(agreement)] == ["published"]


def test_staff_only_fields_never_show():
    user = models.JointWorkingGroup._meta.get_field("secretariat_contact")
    assert str(user.help_text).startswith("Staff only")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("sec", "s@example.org", None)
    group = f.make_group()
    edit(group, secretariat_contact=staff)
    assert [c.kind for c in of(group)] == ["published"]
    assert all(name != "secretariat_contact" for c in of(group) for name, *_ in c.fields)


def test_a_draft_never_shows_and_its_publication_shows_only_the_published_values():
    agreement = f.make_agreement(title=f"{MARKER} first", is_published=False)
    edit(agreement, reason=f"{MARKER} reason", summary=f"{MARKER} summary")
    assert of(agreement) == []
    edit(agreement, reason="Checked", title="Clean title", summary="Clean", is_published=True)
    [change] = of(agreement)
    assert change.kind == "published"
    assert change.reason == "Checked"
    assert ("summary", "summary", "", "Clean") in change.fields
    assert MARKER not in everything_said(of(agreement))


def test_a_withdrawn_record_shows_withdrawn_with_no_content_and_its_draft_stays_hidden():
    agreement = f.make_agreement(title="Was public")
    edit(agreement, is_published=False)
    edit(agreement, title=f"{MARKER} while withdrawn", summary=MARKER)
    withdrawn, published = of(agreement)
    assert withdrawn.kind == "withdrawn"
    assert withdrawn.fields == []
    assert withdrawn.record is None and withdrawn.url == ""
    assert withdrawn.title == "Was public"  # its name as last published
    assert MARKER not in everything_said(of(agreement))
    # Published again: "published" with its values, compared with nothing draft.
    edit(agreement, title="Public again", summary="", is_published=True)
    again = of(agreement)[0]
    assert again.kind == "published"
    assert ("title", "title", "", "Public again") in again.fields
    assert MARKER not in everything_said(of(agreement))


def test_a_deleted_public_record_shows_withdrawn():
    call = f.make_call(title="Gone call")
    pk = call.pk
    backdate(call)
    call.delete()
    changes = public_changes(record_types=["call"])
    assert [(c.kind, c.record_pk, c.title, c.record) for c in changes][0] == (
        "withdrawn",
        pk,
        "Gone call",
        None,
    )


def test_many_to_many_changes_are_followed():
    old, new = f.make_partner(name="Old partner"), f.make_partner(name="New partner")
    call = f.make_call(partners=[old])
    backdate(call)
    call.partners.set([old, new])
    change = of(call)[0]
    assert change.kind == "changed"
    assert change.fields == [("partners", "partners", "Old partner", "New partner, Old partner")]


def test_a_draft_related_record_is_never_named():
    secret = f.make_partner(name=f"{MARKER} partner", is_published=False)
    public = f.make_partner(name="Public partner")
    call = f.make_call(partners=[public])
    backdate(call)
    call.partners.add(secret)  # no public change: the draft reads as nothing
    agency = f.make_agency(short_name=f"{MARKER}AG", is_published=False)
    agreement = f.make_agreement()
    edit(agreement, indian_agency=agency)
    assert [c.kind for c in of(call)] == ["published"]
    assert [c.kind for c in of(agreement)] == ["published"]
    assert MARKER not in everything_said(public_changes())


def test_a_date_is_shown_as_precisely_as_its_source_gives_it():
    agreement = f.make_agreement(signed_on=datetime.date(2019, 3, 1), signed_precision="month")
    values = {name: new for name, _l, _o, new in of(agreement)[0].fields}
    assert values["signed_on"] == "March 2019"
    assert "signed_precision" not in values


def test_a_deadline_moment_is_shown_in_india_time():
    closes = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)
    call = f.make_call(closes_at=closes)
    values = {name: new for name, _l, _o, new in of(call)[0].fields}
    assert values["closes_at"] == "1 May 2030, 17:30 IST"


def test_changes_are_filtered_by_type_partner_record_and_time():
    france = f.make_partner(name="France", slug="france")
    other = f.make_partner()
    ours = f.make_call(partners=[france])
    theirs = f.make_call(partners=[other])
    agreement = f.make_agreement(partners=[france])
    agency = f.make_agency()  # a type with no partner filter

    assert {c.record for c in public_changes(record_types=["call"])} == {ours, theirs}
    by_partner = {c.record for c in public_changes(partner=france)}
    assert by_partner == {ours, agreement, france}
    assert {c.record for c in public_changes(record=theirs)} == {theirs}

    assert public_changes(since=timezone.now() + datetime.timedelta(seconds=1)) == []
    for record in (france, other, theirs, agreement, agency):
        backdate(record)
    edit(ours, title="Retitled")  # its earlier history moves 10 minutes back too
    edited_at = ours.history.first().history_date
    before = edited_at - datetime.timedelta(minutes=1)
    assert [(c.record, c.kind) for c in public_changes(since=before)] == [(ours, "changed")]
    assert "changed" not in {c.kind for c in public_changes(until=before)}
    assert len(public_changes(until=before)) == 6  # each record's publication


def test_changes_come_newest_first_across_types():
    call = f.make_call()
    backdate(call, minutes=60)
    area = f.make_area()
    changes = public_changes()
    assert changes[0].record == area
    assert [c.changed_at for c in changes] == sorted((c.changed_at for c in changes), reverse=True)
    assert call in {c.record for c in changes}


@pytest.mark.parametrize("record_type", catalogue.with_pages(), ids=lambda t: t.stem)
def test_every_type_with_pages_is_followed(record_type):
    assert record_type.model.history.model.objects.model is not None
    record = MAKERS[record_type.stem]()
    assert [c.kind for c in of(record)] == ["published"]


# The change log: /changes/, its feed and each record's public history.


def _admin_change(client, agreement, **changes):
    """A change made by staff through the admin form, as test_history does."""
    from tests.forms import rendered_data

    url = reverse("admin:registry_agreement_change", args=[agreement.pk])
    data = rendered_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement.refresh_from_db()


def test_the_change_log_shows_a_staff_change_with_old_and_new_values_and_the_reason(
    client, admin_client
):
    agreement = f.make_agreement(title="MoU on oceans")
    backdate(agreement)
    _admin_change(admin_client, agreement, title="MoU on ocean science", change_reason="PIB typo")
    client.logout()

    page = client.get(reverse("registry:changes"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "MoU on oceans" in html and "MoU on ocean science" in html
    assert "PIB typo" in html
    assert f'href="{agreement.get_absolute_url()}"' in html
    document = lxml.html.fromstring(html)
    first = document.xpath("//ol[contains(@class, 'change-log')]/li")[0]
    assert [c.text_content() for c in first.xpath(".//del | .//ins")] == [
        "MoU on oceans",
        "MoU on ocean science",
    ]


def test_the_change_log_never_shows_a_drafts_content(client):
    draft = f.make_agreement(title=f"{MARKER} never public", is_published=False)
    edit(draft, summary=f"{MARKER} summary", reason=f"{MARKER} reason")
    once = f.make_call(title="Once public")
    edit(once, is_published=False, reason="Withdrawn for checking")
    edit(once, title=f"{MARKER} call", scope=MARKER, reason=f"{MARKER} why")
    secret_partner = f.make_partner(name=f"{MARKER} partner", is_published=False)
    shown = f.make_agreement(title="Shown")
    backdate(shown)
    shown.partners.add(secret_partner)
    republished = f.make_agreement(title="Back again")
    edit(republished, is_published=False)
    edit(republished, title=f"{MARKER} between", reason=MARKER)
    edit(republished, title="Back again, checked", is_published=True)

    urls = [reverse("registry:changes"), reverse("registry:changes_feed")]
    for record in (draft, once, shown, republished):
        key = f"{catalogue.of(type(record)).stem}:{record.pk}"
        urls += [
            f"{reverse('registry:changes')}?record={key}",
            f"{reverse('registry:changes_feed')}?record={key}",
        ]
    urls += [f"{reverse('registry:changes')}?type={t.stem}" for t in catalogue.with_pages()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in response.content.decode(), url
    page = client.get(reverse("registry:changes")).content.decode()
    assert "Once public" in page and "Withdrawn for checking" in page
    assert "Back again, checked" in page


def test_the_change_log_filters_by_record_type_and_partner(client):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    call = f.make_call(title="French call", partners=[france])
    f.make_call(title="Other call")
    f.make_agreement(title="French agreement", partners=[france])

    calls = client.get(reverse("registry:changes") + "?type=call").content.decode()
    assert "French call" in calls and "Other call" in calls and "French agreement" not in calls
    for query in ("?partner=france", "?partner=fr"):
        french = client.get(reverse("registry:changes") + query).content.decode()
        assert "French call" in french and "French agreement" in french
        assert "Other call" not in french
    both = client.get(reverse("registry:changes") + "?partner=fr&type=call").content.decode()
    assert "French call" in both and "French agreement" not in both
    own = client.get(reverse("registry:changes") + f"?record=call:{call.pk}").content.decode()
    assert "Public history of French call" in own and "Other call" not in own


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?type=nonsense", 400, "Select a valid choice"),
        ("?partner=atlantis", 400, "Select a valid choice"),
        ("?record=call", 400, "type:number"),
        ("?record=action_item:1", 400, "type:number"),
        ("?record=call:99999999999999999999999", 400, "type:number"),
        ("?record=call:%00", 400, "Null characters are not allowed"),
        ("?page=x", 400, "whole number"),
        ("?page=99", 404, "There is no page 99"),
    ],
)
def test_bad_filter_values_are_clear_errors(client, query, status, message):
    f.make_call()
    response = client.get(reverse("registry:changes") + query)
    assert response.status_code == status
    assert message in response.content.decode()
    if status == 400 and "page" not in query:
        feed = client.get(reverse("registry:changes_feed") + query)
        assert feed.status_code == 400 and message in feed.content.decode()


def test_a_record_never_public_has_an_empty_history(client):
    draft = f.make_call(is_published=False, title=MARKER)
    response = client.get(reverse("registry:changes") + f"?record=call:{draft.pk}")
    assert response.status_code == 200
    assert MARKER not in response.content.decode()
    assert "No changes match this filter" in response.content.decode()
    assert "<h1>Public history of this record</h1>" in response.content.decode()


def test_the_change_log_is_paginated_newest_first(client, settings):
    for n in range(3):
        area = f.make_area(name=f"Area number {n}")
        backdate(area, minutes=10 * (3 - n))
    from registry.views.changes import ChangeLogView

    ChangeLogView.paginate_by = 2
    try:
        first = client.get(reverse("registry:changes")).content.decode()
        second = client.get(reverse("registry:changes") + "?page=2").content.decode()
    finally:
        ChangeLogView.paginate_by = settings.REGISTRY_PAGE_SIZE
    assert first.index("Area number 2") < first.index("Area number 1")
    assert "Area number 0" not in first and "Area number 0" in second


def test_the_change_feed_is_valid_atom_with_the_filter(client):
    france = f.make_partner(name="France", slug="france", iso_code="FR")
    call = f.make_call(title="French call", partners=[france])
    edit(call, title="French call, extended", reason="Deadline extended")
    f.make_call(title="Other call")

    feed = checks.atom(client.get(reverse("registry:changes_feed") + "?partner=fr&type=call"))
    titles = [e.find(f"{checks.ATOM}title").text for e in checks.entries(feed)]
    assert titles == ["Changed: French call, extended", "Published: French call, extended"]
    content = checks.entries(feed)[0].find(f"{checks.ATOM}summary").text
    assert "French call → French call, extended" in content and "Deadline extended" in content
    self_link = [x for x in feed.findall(f"{checks.ATOM}link") if x.get("rel") == "self"][0]
    assert "partner=fr" in self_link.get("href") and "type=call" in self_link.get("href")
    assert checks.entry_links(feed)[0] == f"http://testserver{call.get_absolute_url()}"


def test_every_record_page_links_to_its_public_history(client):
    for record_type in catalogue.with_pages():
        record = MAKERS[record_type.stem]()
        html = client.get(record.get_absolute_url()).content.decode()
        assert f'href="/changes/?record={record_type.stem}:{record.pk}"' in html, record_type


def test_the_footer_links_to_the_change_log(client):
    assert 'href="/changes/"' in client.get("/").content.decode()


def test_the_change_log_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(3):
        f.make_agreement()
        f.make_call()
        f.make_review()
    # 1 the partner options; then per type with history rows (agreements, calls, partners,
    # areas, facilities, reviews, groups, agencies, projects: 9) its history rows, and for
    # those that have rows one per many-to-many field kept in the history (2 + 3 + 1 + 2), one
    # per
    # related model named (partners for 4 types, groups for reviews) and its published
    # records now (6): 27 whatever the number of records.
    with django_assert_num_queries(27):
        client.get(reverse("registry:changes"))
    for _ in range(30):
        f.make_agreement()
        f.make_call()
        f.make_review()
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(27):
        client.get(reverse("registry:changes"))
