"""The admin reads as the registry's own: its name, Indian time, View on site, date rules.

Pages are read from their rendered HTML and forms posted back as rendered (tests/forms.py).
The layout at 1366 px and the browser's time-zone note are checked in a real browser in
tests/test_admin_browser_polish.py.
"""

import datetime

import lxml.html
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import DateTimeField
from django.urls import reverse
from django.utils.translation import override
from rest_framework.authtoken.models import Token

from registry import models, permissions
from registry.admin.base import RecordAdmin
from registry.admin.site import SITE_HEADER, SITE_TITLE
from registry.models.base import Record
from tests import factories as f
from tests.factories import one_of_each
from tests.forms import rendered_data, submit

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
RECORD_ADMINS = [m for m, ma in admin.site._registry.items() if isinstance(ma, RecordAdmin)]
DATETIME_FIELDS = [
    (model, field.name)
    for model in admin.site._registry
    if issubclass(model, Record)  # change requests show their dates read only
    for field in model._meta.fields
    if isinstance(field, DateTimeField) and field.editable
]


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def page(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def text(element) -> str:
    return " ".join(element.text_content().split())


def field_errors(response, name: str) -> str:
    """The errors the page shows for field `name` (an inline row's `prefix-0-name` too)."""
    lists = page(response).xpath(f'//ul[@id="id_{name}_error"]')
    return " ".join(text(ul) for ul in lists)


# --- 1. The registry's name ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [reverse("admin:index"), admin_url(models.JointCall, "changelist")],
    ids=["index", "changelist"],
)
def test_the_admin_header_and_tab_name_the_registry(admin_client, url):
    document = page(admin_client.get(url))

    assert text(document.get_element_by_id("site-name")) == str(SITE_HEADER)
    assert document.findtext(".//title").strip().endswith(f"| {SITE_TITLE}")
    assert "Django" not in text(document.find(".//header"))


def test_the_login_page_names_the_registry(client):
    document = page(client.get(reverse("admin:login")))

    assert document.findtext(".//title").strip() == f"Log in | {SITE_TITLE}"
    assert text(document.get_element_by_id("site-name")) == str(SITE_HEADER)


def test_the_admin_header_is_in_hindi_in_the_hindi_interface(hindi, superuser):
    hindi.force_login(superuser)
    document = page(hindi.get(reverse("admin:index")))

    with override("hi"):
        header = str(SITE_HEADER)
    assert header.startswith("विज्ञान एवं प्रौद्योगिकी सहयोग रजिस्ट्री")
    assert text(document.get_element_by_id("site-name")) == header


# --- 2. Indian time -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "name"),
    DATETIME_FIELDS,
    ids=[f"{m._meta.model_name}-{n}" for m, n in DATETIME_FIELDS],
)
def test_every_datetime_input_says_it_is_indian_time(admin_client, model, name):
    record = one_of_each()[model]
    document = page(admin_client.get(admin_url(model, "change", record.pk)))

    (widget,) = document.xpath(f'//input[@name="{name}_1"]/ancestor::p[@class="datetime"]')
    assert text(widget).endswith("Indian time (IST)")


def test_a_time_entered_in_the_admin_is_indian_time_stored_as_utc(admin_client):
    call = one_of_each()[models.JointCall]
    url = admin_url(models.JointCall, "change", call.pk)

    changes = {"closes_at_0": "2027-02-28", "closes_at_1": "17:00:00"}
    response = submit(admin_client, admin_client.get(url), changes)

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.closes_at == datetime.datetime(2027, 2, 28, 11, 30, tzinfo=UTC)
    assert rendered_data(admin_client.get(url))["closes_at_1"] == ["17:00:00"]


def test_read_only_times_are_shown_in_indian_time_with_the_zone(admin_client):
    agreement = one_of_each()[models.Agreement]
    stored = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    models.Agreement.objects.filter(pk=agreement.pk).update(created_at=stored)

    document = page(admin_client.get(admin_url(models.Agreement, "change", agreement.pk)))

    (created,) = document.xpath(
        '//div[contains(@class, "field-created_at")]//div[@class="readonly"]'
    )
    assert text(created) == "Jan. 1, 2026, 5:30 a.m. IST"


def test_history_dates_are_shown_in_indian_time_with_the_zone(admin_client):
    agreement = one_of_each()[models.Agreement]
    stored = datetime.datetime(2026, 3, 1, 18, 45, tzinfo=UTC)
    agreement.history.update(history_date=stored)

    document = page(admin_client.get(admin_url(models.Agreement, "history", agreement.pk)))

    cells = [text(td) for td in document.xpath('//table[@id="change-history"]//td')]
    assert "March 2, 2026, 12:15 a.m. IST" in cells


# --- 4. View on site ----------------------------------------------------------------------


def view_on_site_links(response) -> list[str]:
    return page(response).xpath('//a[contains(@class, "viewsitelink")]/@href')


@pytest.mark.parametrize("model", RECORD_ADMINS, ids=lambda m: m._meta.model_name)
def test_view_on_site_only_for_a_record_the_public_can_see(admin_client, model):
    record = one_of_each()[model]
    url = admin_url(model, "change", record.pk)

    model.objects.filter(pk=record.pk).update(is_published=True)
    record.refresh_from_db()
    expected = [record.get_absolute_url()] if permissions.is_public(record) else []
    assert view_on_site_links(admin_client.get(url)) == expected

    model.objects.filter(pk=record.pk).update(is_published=False)
    assert view_on_site_links(admin_client.get(url)) == []


def test_an_action_item_never_has_view_on_site_even_flagged_published(admin_client):
    item = f.make_action_item(is_published=True)

    assert (
        view_on_site_links(admin_client.get(admin_url(models.ActionItem, "change", item.pk))) == []
    )


def inline_site_links(response) -> list[str]:
    return page(response).xpath(
        '//td[contains(@class, "original")]//a[text()="View on site"]/@href'
    )


def test_inline_rows_offer_view_on_site_only_for_public_records(admin_client):
    group = f.make_group()
    published = f.make_review(group=group, sequence_number=1)
    f.make_review(group=group, sequence_number=2, is_published=False)
    f.make_action_item(review=published, is_published=True)

    group_page = admin_client.get(admin_url(models.JointWorkingGroup, "change", group.pk))
    review_page = admin_client.get(admin_url(models.JWGReview, "change", published.pk))

    assert inline_site_links(group_page) == [published.get_absolute_url()]
    assert inline_site_links(review_page) == []


# --- 5. Date rules: the model -------------------------------------------------------------


def group_reviewing(*signings):
    """A working group reviewing agreements signed on `signings` ((date, precision) pairs)."""
    group = f.make_group()
    for signed_on, precision in signings:
        agreement = f.make_agreement(signed_on=signed_on, signed_precision=precision)
        group.agreements.add(agreement)
    return group


def messages_of(record) -> dict:
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    return refused.value.message_dict


DAY = models.Precision.DAY


def test_a_meeting_before_the_first_signing_is_refused_on_its_date():
    group = group_reviewing((datetime.date(2021, 3, 4), DAY), (datetime.date(2023, 1, 1), DAY))
    meeting = models.JWGReview(group=group, held_on=datetime.date(2021, 3, 3), source="t")

    errors = messages_of(meeting)

    assert list(errors) == ["held_on"]
    assert "before its working group's first agreement was signed" in errors["held_on"][0]
    assert "4 March 2021" in errors["held_on"][0]


@pytest.mark.parametrize(
    ("held_on", "precision"),
    [
        (datetime.date(2021, 3, 4), DAY),  # the signing day itself
        (datetime.date(2022, 6, 1), DAY),  # between the two signings: the first one counts
        (datetime.date(2021, 1, 1), models.Precision.YEAR),  # "2021" may be after 4 March
        (datetime.date(2021, 3, 1), models.Precision.MONTH),  # "March 2021" may be too
        (datetime.date(2019, 1, 1), models.Precision.CIRCA),  # an estimate refuses nothing
        (None, DAY),
    ],
)
def test_a_meeting_that_may_be_after_the_first_signing_is_accepted(held_on, precision):
    group = group_reviewing((datetime.date(2021, 3, 4), DAY), (datetime.date(2023, 1, 1), DAY))
    status = models.JWGReview.Status.PLANNED
    meeting = models.JWGReview(
        group=group, held_on=held_on, date_precision=precision, status=status, source="t"
    )

    meeting.full_clean()


def test_a_month_precise_signing_counts_from_the_first_of_its_month():
    group = group_reviewing((datetime.date(2021, 3, 1), models.Precision.MONTH))
    meeting = models.JWGReview(group=group, held_on=datetime.date(2021, 2, 28), source="t")

    assert list(messages_of(meeting)) == ["held_on"]


@pytest.mark.parametrize(
    "signings",
    [(), ((None, DAY),), ((datetime.date(2025, 1, 1), models.Precision.CIRCA),)],
    ids=["no agreements", "no signing date", "estimated signing"],
)
def test_a_group_without_a_known_signing_date_refuses_no_meeting_date(signings):
    meeting = models.JWGReview(
        group=group_reviewing(*signings), held_on=datetime.date(2000, 1, 1), source="t"
    )

    meeting.full_clean()


def test_an_action_item_due_before_its_meeting_is_refused_on_its_due_date():
    review = f.make_review(held_on=datetime.date(2024, 1, 15))
    item = models.ActionItem(review=review, description="d", due_on=datetime.date(2024, 1, 14))

    errors = messages_of(item)

    assert list(errors) == ["due_on"]
    assert errors["due_on"] == [
        "An action item cannot fall due before its meeting (15 January 2024)."
    ]


@pytest.mark.parametrize(
    ("held_on", "precision", "due_on"),
    [
        (datetime.date(2024, 1, 15), DAY, datetime.date(2024, 1, 15)),
        (datetime.date(2024, 1, 1), models.Precision.MONTH, datetime.date(2024, 1, 2)),
        (datetime.date(2024, 1, 1), models.Precision.CIRCA, datetime.date(2020, 1, 1)),
        (None, DAY, datetime.date(2020, 1, 1)),
        (datetime.date(2024, 1, 15), DAY, None),
    ],
)
def test_an_action_item_that_may_fall_due_after_its_meeting_is_accepted(held_on, precision, due_on):
    review = f.make_review(held_on=held_on, date_precision=precision, status="planned")

    models.ActionItem(review=review, description="d", due_on=due_on).full_clean()


# --- 5. Date rules: the admin pages -------------------------------------------------------


def meeting_with_item():
    group = group_reviewing((datetime.date(2021, 3, 4), DAY))
    review = f.make_review(group=group, held_on=datetime.date(2024, 1, 15))
    item = f.make_action_item(review=review, due_on=datetime.date(2024, 6, 1))
    return review, item


def test_the_meeting_change_form_refuses_a_date_before_the_signing(admin_client):
    review, _item = meeting_with_item()
    url = admin_url(models.JWGReview, "change", review.pk)

    response = submit(admin_client, admin_client.get(url), {"held_on": "2021-03-03"})

    assert response.status_code == 200
    assert "first agreement was signed" in field_errors(response, "held_on")
    review.refresh_from_db()
    assert review.held_on == datetime.date(2024, 1, 15)


def test_the_action_item_change_form_refuses_a_due_date_before_the_meeting(admin_client):
    _review, item = meeting_with_item()
    url = admin_url(models.ActionItem, "change", item.pk)

    response = submit(admin_client, admin_client.get(url), {"due_on": "2024-01-14"})

    assert response.status_code == 200
    assert "cannot fall due before its meeting" in field_errors(response, "due_on")
    item.refresh_from_db()
    assert item.due_on == datetime.date(2024, 6, 1)


def test_the_action_item_inline_refuses_a_due_date_before_the_meeting(admin_client):
    review, item = meeting_with_item()
    url = admin_url(models.JWGReview, "change", review.pk)
    rendered = admin_client.get(url)
    assert rendered_data(rendered)["action_items-0-id"] == [str(item.pk)]

    response = submit(admin_client, rendered, {"action_items-0-due_on": "2024-01-14"})

    assert response.status_code == 200
    assert "cannot fall due before its meeting" in field_errors(response, "action_items-0-due_on")
    item.refresh_from_db()
    assert item.due_on == datetime.date(2024, 6, 1)


def test_moving_the_meeting_after_its_items_due_dates_is_refused_in_the_inline(admin_client):
    """The inline rows are checked against the meeting's date as edited, not as stored."""
    review, item = meeting_with_item()
    url = admin_url(models.JWGReview, "change", review.pk)

    response = submit(admin_client, admin_client.get(url), {"held_on": "2024-07-01"})

    assert response.status_code == 200
    assert "(1 July 2024)" in field_errors(response, "action_items-0-due_on")
    review.refresh_from_db()
    assert review.held_on == datetime.date(2024, 1, 15)


def with_one_new_inline_row(response, prefix: str) -> dict:
    """The rendered form with one row added, as the page's "Add another" script adds it: the
    empty row's fields (`prefix-__prefix__-…`) under the next number, the count raised."""
    data = rendered_data(response)
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for name, values in list(data.items()):
        if "__prefix__" in name:
            data[name.replace("__prefix__", str(total))] = values
            del data[name]
    data[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]
    return data


def test_the_add_page_refuses_a_new_item_due_before_the_new_meeting(admin_client):
    group = group_reviewing((datetime.date(2021, 3, 4), DAY))
    add_page = admin_client.get(admin_url(models.JWGReview, "add"))
    data = with_one_new_inline_row(add_page, "action_items")
    changes = {
        "group": group.pk,
        "held_on": "2024-01-15",
        "status": "held",
        "action_items-0-description": "Exchange the minutes",
        "action_items-0-due_on": "2024-01-10",
    }
    data.update({name: [str(value)] for name, value in changes.items()})
    data["_save"] = ["Save"]

    response = admin_client.post(admin_url(models.JWGReview, "add"), data)

    assert response.status_code == 200
    assert "(15 January 2024)" in field_errors(response, "action_items-0-due_on")
    assert not models.JWGReview.objects.filter(group=group).exists()

    data["action_items-0-due_on"] = ["2024-02-10"]
    assert admin_client.post(admin_url(models.JWGReview, "add"), data).status_code == 302
    assert models.ActionItem.objects.get(review__group=group).due_on == datetime.date(2024, 2, 10)


def test_the_api_refuses_a_meeting_before_the_signing_with_a_reason(client, superuser):
    group = group_reviewing((datetime.date(2021, 3, 4), DAY))
    token = Token.objects.create(user=superuser)
    payload = {"group": group.pk, "held_on": "2021-03-03", "status": "held", "source": "t"}

    response = client.post(
        "/api/v1/reviews/",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )

    assert response.status_code == 400, response.content
    assert "first agreement was signed" in " ".join(response.json()["held_on"])
    assert not models.JWGReview.objects.filter(group=group).exists()


@pytest.mark.parametrize("model", [models.JWGReview, models.ActionItem], ids=["review", "item"])
def test_every_meeting_and_action_item_of_the_fixtures_keeps_the_date_rules(model):
    fixtures = sorted(str(path) for path in (settings.BASE_DIR / "fixtures").glob("*.json"))
    call_command("loaddata", *fixtures, verbosity=0)
    refused = {}
    for record in model.objects.select_related():
        try:
            record.full_clean()
        except ValidationError as error:
            refused[record.pk] = error.message_dict

    assert model.objects.count() > 5
    assert refused == {}
