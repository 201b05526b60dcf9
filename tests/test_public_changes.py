"""registry.public_changes: what the public saw change, read from the records' history."""

import datetime

import pytest
from django.utils import timezone

from registry import catalogue, models
from registry.public_changes import public_changes
from tests import factories as f

pytestmark = pytest.mark.django_db

MARKER = "DRAFT-ONLY-MARKER"


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
    maker = {
        "partner": f.make_partner,
        "agency": f.make_agency,
        "area": f.make_area,
        "agreement": f.make_agreement,
        "call": f.make_call,
        "working_group": f.make_group,
        "review": f.make_review,
        "facility": f.make_facility,
    }[record_type.stem]
    record = maker()
    assert [c.kind for c in of(record)] == ["published"]
