"""The JWG review tracker lists exactly the records that need attention on a given day, in a
page the secretariat can work from: who, with whom, due when, sorted, paged, exported."""

import csv
import datetime
import io
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import models, schedule, tracker
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)
PLANNED, HELD = "planned", "held"
URL = "/admin/registry/tracker/"
OVERDUE_KEYS = ["reviews_overdue", "groups_overdue", "agreements_review_overdue", "actions_overdue"]


def days(n: int) -> datetime.date:
    return DAY + datetime.timedelta(days=n)


def quiet_group(**fields):
    """A group with no cadence: it never falls due itself, so it only hosts meetings."""
    return f.make_group(cadence_months=None, **fields)


def planned(held_on, title="", **group_fields):
    group = quiet_group(**group_fields)
    return f.make_review(group=group, status=PLANNED, held_on=held_on, title=title)


def action(due_on, status="open", description="Follow up", **fields):
    # Not f.make_action_item: its default review (built even when one is given) would add
    # a working group that falls due.
    review = f.make_review(group=quiet_group())
    return models.ActionItem.objects.create(
        review=review, description=description, due_on=due_on, status=status, **fields
    )


def group_last_held(cadence, held_on, **fields):
    group = f.make_group(cadence_months=cadence, **fields)
    f.make_review(group=group, status=HELD, held_on=held_on)
    return group


def agreement_reviewed(held_on=None, **fields):
    agreement = f.make_agreement(review_cadence_months=12, **fields)
    if held_on:
        group = quiet_group()
        group.agreements.add(agreement)
        f.make_review(group=group, status=HELD, held_on=held_on)
    return agreement


def listed(day, user=None) -> dict:
    """Every row of every section on `day`: section key → records."""
    return {
        check.key: {row.obj for row in tracker.all_rows(check, day)}
        for check in tracker.visible_checks(user)
    }


def page(client, **params):
    response = client.get(URL, {"on": DAY.isoformat(), **params})
    assert response.status_code == 200
    return response, lxml.html.fromstring(response.content.decode())


def section_of(document, key):
    [element] = document.xpath(f'//details[@id="tracker-{key}"]')
    return element


def table_rows(document, key) -> list[dict]:
    """The rows of a section as shown: column heading → cell text."""
    element = section_of(document, key)
    headings = [th.text_content().strip() for th in element.xpath(".//thead//th")]
    return [
        dict(zip(headings, (c.text_content().strip() for c in tr.xpath("./th|./td")), strict=True))
        for tr in element.xpath(".//tbody/tr")
    ]


def records_shown(document, key) -> list[str]:
    return [a.text_content() for a in section_of(document, key).xpath(".//tbody/tr/th/a")]


def follow(client, document, xpath):
    [link] = document.xpath(xpath)
    href = link.get("href")
    response = client.get(URL + href.split("#")[0])
    assert response.status_code == 200
    return response, lxml.html.fromstring(response.content.decode())


@pytest.fixture
def world():
    """Records on both sides of every boundary; `expected` names those the tracker must list."""
    # Signed (by the factory) on 1 January 2020 with nothing since: dormant on DAY.
    never_reviewed = agreement_reviewed()
    expiring = f.make_agreement(valid_until=days(180))
    notice_soon = f.make_agreement(
        renewal_kind="automatic", valid_until=days(200), renewal_term=1, notice_months=6
    )
    f.make_review(group=quiet_group(), status=HELD, held_on=days(-30)).group.agreements.add(
        notice_soon
    )
    expected = {
        "reviews_overdue": {planned(days(-12))},
        "groups_overdue": {group_last_held(6, datetime.date(2024, 10, 1))},  # due 1 Apr 2025
        "agreements_review_overdue": {
            agreement_reviewed(held_on=datetime.date(2024, 1, 1)),
            never_reviewed,
        },
        "actions_overdue": {
            action(days(-1)),
            action(days(-200), status="in_progress"),
        },
        "reviews_upcoming": {planned(DAY), planned(days(90))},
        "groups_due": {group_last_held(6, datetime.date(2025, 1, 15))},  # due 15 Jul 2025
        "agreements_expiring": {expiring},
        "notice_deadlines": {notice_soon},  # notice by 18 December 2025
        "agreements_dormant": {
            never_reviewed,
            expiring,
            f.make_agreement(valid_until=days(181)),
            f.make_agreement(valid_until=days(-1)),
        },
        "agreements_not_in_force": {f.make_agreement(status="signed", signed_on=None)},
    }
    # Near misses: none of these may appear anywhere.
    planned(days(91))
    f.make_review(group=quiet_group(), status=HELD, held_on=days(-12))
    group_last_held(12, datetime.date(2024, 10, 1))  # due 1 Oct 2025: beyond 90 days
    action(DAY)
    action(days(-5), status="done")
    action(days(-5), status="dropped")
    f.make_agreement(valid_until=days(30), status="expired")
    f.make_agreement(renewal_kind="automatic", valid_until=days(400), renewal_term=1,
                     notice_months=6, signed_on=datetime.date(2024, 1, 1))  # fmt: skip
    agreement_reviewed(held_on=datetime.date(2024, 12, 1))  # reviewed within 12 months
    agreement_reviewed(signed_on=datetime.date(2025, 1, 1))  # not yet one cadence old
    agreement_reviewed(status="terminated", signed_on=None)
    f.backdate()
    return expected


def test_the_tracker_lists_exactly_the_right_records_for_a_fixed_day(world):
    assert listed(DAY) == world


def test_overdue_sections_come_first_and_open_the_long_signed_list_is_closed(admin_client, world):
    _response, document = page(admin_client)
    keys = [d.get("id").removeprefix("tracker-") for d in document.xpath("//details")]
    assert keys == [check.key for check in tracker.CHECKS]
    assert keys[:4] == OVERDUE_KEYS
    opened = {k for k in keys if section_of(document, k).get("open") is not None}
    assert opened == set(keys) - {"agreements_not_in_force", "agreements_dormant"}


def test_each_row_shows_partners_responsible_due_date_days_and_status(
    admin_client, django_user_model
):
    asha = django_user_model.objects.create_user("asha", first_name="Asha", last_name="Rao")
    france = f.make_partner(name="France")
    group = group_last_held(
        6, datetime.date(2024, 10, 1), partners=[france], secretariat_contact=asha
    )
    agreement = f.make_agreement(partners=[france], valid_until=days(10))
    group.agreements.add(agreement)
    review = planned(days(3), partners=[f.make_partner(name="Japan")], secretariat_contact=asha)
    models.ActionItem.objects.create(
        review=review, description="Send the list", due_on=days(-2), owner="Desk officer (DST)"
    )
    models.ActionItem.objects.create(
        review=review,
        description="Book the hall",
        due_on=days(-1),
        status="in_progress",
        owner="Desk officer (DST)",
        responsible_user=asha,
    )
    f.backdate()
    _response, document = page(admin_client)

    [group_row] = table_rows(document, "groups_overdue")
    assert group_row == {
        "Record": str(group),
        "Partners": "France",
        "Responsible": "Asha Rao",
        "Due": "1 April 2025",
        "Days": "61 days overdue",
        "Status": "Meets every 6 months",
    }
    [review_row] = table_rows(document, "reviews_upcoming")
    assert review_row["Partners"] == "Japan"
    assert (review_row["Days"], review_row["Status"]) == ("3 days left", "Planned")
    [expiring] = table_rows(document, "agreements_expiring")
    assert expiring["Responsible"] == "Asha Rao"  # the contact of the group reviewing it
    assert (expiring["Due"], expiring["Days"], expiring["Status"]) == (
        "11 June 2025",
        "10 days left",
        "In force",
    )
    actions = table_rows(document, "actions_overdue")
    assert [(a["Responsible"], a["Days"], a["Status"]) for a in actions] == [
        ("Desk officer (DST)", "2 days overdue", "Open"),
        ("Asha Rao", "1 day overdue", "In progress"),
    ]
    # Action items are never published: no "draft" badge, no publication column.
    assert [a["Record"] for a in actions] == ["Send the list", "Book the hall"]
    headings = section_of(document, "actions_overdue").xpath(".//thead//th")
    assert "Published" not in [th.text_content() for th in headings]


def test_a_draft_record_is_marked_draft(admin_client):
    f.make_agreement(title="Unpublished MoU", status="signed", is_published=False)
    f.backdate()
    _response, document = page(admin_client)
    [row] = table_rows(document, "agreements_not_in_force")
    assert row["Status"] == "Signed 1 January 2020"
    badges = section_of(document, "agreements_not_in_force").xpath('.//*[@class="draft-badge"]')
    assert [b.text_content() for b in badges] == ["draft"]


def test_each_row_links_to_its_admin_change_page(admin_client, world):
    _response, document = page(admin_client)
    for key, records in world.items():
        links = set(section_of(document, key).xpath(".//tbody/tr/th/a/@href"))
        expected = {
            reverse(f"admin:registry_{r._meta.model_name}_change", args=[r.pk]) for r in records
        }
        assert links == expected, key


def test_the_page_shows_the_day_it_is_computed_for(admin_client, world):
    response, document = page(admin_client)
    assert response.context["day"] == DAY
    assert document.xpath('//time[@datetime="2025-06-01"]')
    # The sources rarely say whether an agreement is in force: the list must not claim it is not.
    html = response.content.decode()
    assert "Agreements signed, with no entry into force recorded" in html
    assert "not in force" not in html


def test_without_a_date_it_computes_for_today(admin_client):
    from django.utils import timezone

    response = admin_client.get(reverse("admin:registry_tracker"))
    assert response.context["day"] == timezone.localdate()


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "2025-02-30", "x" * 500])
def test_a_bad_date_gives_a_message_not_an_error(admin_client, bad):
    from django.utils import timezone

    response = admin_client.get(reverse("admin:registry_tracker"), {"on": bad})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    messages = [str(m) for m in response.context["messages"]]
    assert any("is not a date" in m for m in messages)


def test_a_bad_date_for_the_export_is_refused_with_its_reason(admin_client):
    response = admin_client.get(URL, {"on": "2025-02-30", "format": "csv"})
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()


def test_records_signed_or_created_after_the_day_are_left_out(admin_client):
    ist = schedule.INDIA
    late_evening = datetime.datetime(2025, 6, 1, 23, 30, tzinfo=ist)
    after_midnight = datetime.datetime(2025, 6, 2, 0, 30, tzinfo=ist)  # 1 June 19:00 UTC
    existing = action(days(-1), description="Existing")
    created_later = action(days(-1), description="Created later")
    signed_later = f.make_agreement(status="signed", signed_on=days(1))
    signed_before = f.make_agreement(status="signed", signed_on=DAY)
    undated_later = f.make_agreement(status="signed", signed_on=None)
    f.backdate()
    models.ActionItem.objects.filter(pk=existing.pk).update(created_at=late_evening)
    models.ActionItem.objects.filter(pk=created_later.pk).update(created_at=after_midnight)
    models.Agreement.objects.filter(pk=undated_later.pk).update(created_at=after_midnight)

    shown = listed(DAY)
    assert shown["actions_overdue"] == {existing}
    assert shown["agreements_not_in_force"] == {signed_before}
    assert listed(days(1))["agreements_not_in_force"] == {
        signed_before,
        signed_later,
        undated_later,
    }
    _response, document = page(admin_client)
    assert records_shown(document, "actions_overdue") == ["Existing"]


def test_the_tracker_is_for_staff_only(client, django_user_model):
    url = reverse("admin:registry_tracker")
    assert client.get(url).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("public", "p@example.org", None)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_the_tracker_is_a_url_of_the_registry_admin_site_which_holds_every_admin():
    from django.contrib import admin

    from registry.admin.site import RegistryAdminSite

    # admin.site is the registry's site (RegistryAdminConfig), with the tracker among its
    # URLs; the admins registered while the site's own package loaded are on it, not lost.
    assert isinstance(admin.site, RegistryAdminSite)
    assert reverse("admin:registry_tracker") == URL
    assert {models.Agreement, models.ReminderLog, models.ChangeRequest} <= set(admin.site._registry)


def test_a_viewer_sees_every_section_a_role_without_view_rights_sees_none(
    client, staff_in_role, django_user_model
):
    client.force_login(staff_in_role("Viewer"))
    _response, document = page(client)
    assert len(document.xpath("//details")) == len(tracker.CHECKS)
    bare = django_user_model.objects.create_user("bare", "b@example.org", None, is_staff=True)
    client.force_login(bare)
    _response, document = page(client)
    assert document.xpath("//details") == []
    assert not list(csv.reader(io.StringIO(export(client))))[1:]


# -- sorting and pages -----------------------------------------------------------------


@pytest.fixture
def signed_agreements():
    """Three agreements signed, no entry into force: by date C, A, B; by partner B, C, A."""
    made = [
        ("Cotton MoU", datetime.date(2019, 1, 1), "Brazil"),
        ("Almond MoU", datetime.date(2020, 1, 1), "Chile"),
        ("Barley MoU", datetime.date(2021, 1, 1), "Austria"),
    ]
    for title, signed_on, partner in made:
        f.make_agreement(
            title=title,
            status="signed",
            signed_on=signed_on,
            partners=[f.make_partner(name=partner)],
        )
    f.backdate()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("date", ["Cotton MoU", "Almond MoU", "Barley MoU"]),
        ("partner", ["Barley MoU", "Cotton MoU", "Almond MoU"]),
        ("record", ["Almond MoU", "Barley MoU", "Cotton MoU"]),
    ],
)
def test_a_section_sorts_by_the_link_the_page_offers(
    admin_client, signed_agreements, sort, expected
):
    _response, document = page(admin_client)
    key = "agreements_not_in_force"
    assert records_shown(document, key) == ["Cotton MoU", "Almond MoU", "Barley MoU"]
    labels = {"date": "date signed", "partner": "partner", "record": "record"}
    xpath = f'//details[@id="tracker-{key}"]//p[@class="tracker-sort"]/a[.="{labels[sort]}"]'
    _response, sorted_page = follow(admin_client, document, xpath)
    assert records_shown(sorted_page, key) == expected
    current = section_of(sorted_page, key).xpath('.//a[@aria-current="true"]/text()')
    assert current == [labels[sort]]
    # Sorting one section leaves the others, and the day, as they were; the sorted one opens.
    assert sorted_page.xpath('//input[@name="on"]/@value') == ["2025-06-01"]
    assert section_of(sorted_page, key).get("open") is not None


def test_an_unknown_sort_is_by_date(admin_client, signed_agreements):
    _response, document = page(admin_client, **{"agreements_not_in_force-sort": "evil"})
    assert records_shown(document, "agreements_not_in_force")[0] == "Cotton MoU"


def test_a_long_section_is_paged_with_its_own_page_links(admin_client, monkeypatch):
    monkeypatch.setattr(tracker, "PAGE_SIZE", 2)
    for n in range(3):
        f.make_agreement(
            title=f"Signed {n}", status="signed", signed_on=datetime.date(2020, 1, n + 1)
        )
    for n in range(3):
        planned(days(n), title=f"Meeting {n}")
    f.backdate()
    _response, document = page(admin_client)
    key = "agreements_not_in_force"
    assert records_shown(document, key) == ["Signed 0", "Signed 1"]
    assert "Page 1 of 2" in section_of(document, key).text_content()
    # A section longer than a page starts closed, unless it is overdue work.
    assert section_of(document, "reviews_upcoming").get("open") is None

    xpath = f'//details[@id="tracker-{key}"]//a[@rel="next"]'
    _response, second = follow(admin_client, document, xpath)
    assert records_shown(second, key) == ["Signed 2"]
    assert "Page 2 of 2" in section_of(second, key).text_content()
    assert section_of(second, key).get("open") is not None
    assert records_shown(second, "reviews_upcoming") == ["Meeting 0", "Meeting 1"]
    assert not section_of(second, key).xpath('.//a[@rel="next"]')


@pytest.mark.parametrize(
    ("number", "first"), [("abc", "Signed 0"), ("99", "Signed 2"), ("-1", "Signed 2")]
)
def test_a_page_number_out_of_range_shows_the_nearest_page(
    admin_client, monkeypatch, number, first
):
    monkeypatch.setattr(tracker, "PAGE_SIZE", 2)
    for n in range(3):
        f.make_agreement(
            title=f"Signed {n}", status="signed", signed_on=datetime.date(2020, 1, n + 1)
        )
    f.backdate()
    _response, document = page(admin_client, **{"agreements_not_in_force-page": number})
    assert records_shown(document, "agreements_not_in_force")[0] == first


# -- export ------------------------------------------------------------------------------


def export(client, **params) -> str:
    response = client.get(URL, {"on": DAY.isoformat(), "format": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="tracker-' in response["Content-Disposition"]
    return response.content.decode()


def test_the_page_links_its_csv_export_with_one_row_per_tracker_row(admin_client, world):
    _response, document = page(admin_client)
    [href] = document.xpath('//a[@id="tracker-csv"]/@href')
    assert parse_qs(urlsplit(href).query) == {"on": ["2025-06-01"], "format": ["csv"]}
    response = admin_client.get(URL + href)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "section",
        "record",
        "partners",
        "responsible",
        "due_date",
        "days",
        "status",
        "draft",
        "sample",
        "link",
    ]
    assert len(rows) == sum(len(records) for records in world.values())
    titles = {tracker.title_of(c): c.key for c in tracker.CHECKS}
    by_section = {}
    for row in rows:
        by_section.setdefault(titles[row["section"]], set()).add(row["link"])
    assert by_section == {
        key: {
            "http://testserver"
            + reverse(f"admin:registry_{r._meta.model_name}_change", args=[r.pk])
            for r in records
        }
        for key, records in world.items()
    }
    [overdue_group] = [r for r in rows if titles[r["section"]] == "groups_overdue"]
    assert (overdue_group["due_date"], overdue_group["days"]) == ("2025-04-01", "-61")


def test_the_export_keeps_spreadsheet_formulas_as_text(admin_client):
    f.make_agreement(
        title='=HYPERLINK("https://evil.example","x")',
        status="signed",
        partners=[f.make_partner(name="+Atlantis")],
    )
    action(days(-3), owner="@owner")
    f.backdate()
    rows = {r["record"]: r for r in csv.DictReader(io.StringIO(export(admin_client)))}
    agreement = rows['\'=HYPERLINK("https://evil.example","x")']
    assert agreement["partners"] == "'+Atlantis"
    assert rows["Follow up"]["responsible"] == "'@owner"
    assert rows["Follow up"]["days"] == "-3"  # a number, not text


# -- cost --------------------------------------------------------------------------------


def add_rows_to_every_section(n, user):
    partner = f.make_partner()
    for _ in range(n):
        planned(days(-12), partners=[partner], secretariat_contact=user)
        group_last_held(6, datetime.date(2024, 10, 1), secretariat_contact=user)
        reviewed = agreement_reviewed(held_on=datetime.date(2024, 1, 1))
        reviewed.working_groups.first().partners.add(partner)
        action(days(-1), responsible_user=user)
        planned(days(5), partners=[partner])
        group_last_held(6, datetime.date(2025, 1, 15))
        f.make_agreement(valid_until=days(100))  # also dormant: nothing since 2020
        f.make_agreement(status="signed", signed_on=None)
        renewing = f.make_agreement(
            renewal_kind="automatic", valid_until=days(200), renewal_term=1, notice_months=6
        )
        f.make_review(group=quiet_group(), status=HELD, held_on=days(-30)).group.agreements.add(
            renewing
        )
    f.backdate()


def test_the_page_and_the_export_cost_the_same_queries_for_n_or_3n_rows(admin_client, superuser):
    # Session and user (2); per section the count, the page's rows and their partners (3),
    # the groups (with contacts) of the agreements of the 3 agreement sections (+1), and the
    # due dates of the 3 working-group and agreement review sections (+1), and of the notice
    # days (+1): 2 + 30 + 5 + 4 (two agreement sections, notice days and dormant, added 9).
    # The export: no count, the rest the same (for up to 500 rows a section).
    def queries(**params):
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(URL, {"on": DAY.isoformat(), **params})
        assert response.status_code == 200
        return len(captured)

    add_rows_to_every_section(2, superuser)
    assert all(len(records) == 2 for records in listed(DAY).values())
    before = queries(), queries(format="csv")
    add_rows_to_every_section(4, superuser)
    assert all(len(records) == 6 for records in listed(DAY).values())
    assert (queries(), queries(format="csv")) == before
    assert before == (41, 31)


def test_section_titles_state_the_horizons_the_checks_use(monkeypatch):
    monkeypatch.setattr(schedule, "REVIEW_HORIZON_DAYS", 30)
    monkeypatch.setattr(schedule, "EXPIRY_HORIZON_DAYS", 365)
    titles = {c.key: tracker.title_of(c) for c in tracker.CHECKS}
    assert titles["reviews_upcoming"] == "Review meetings planned in the next 30 days"
    assert titles["groups_due"] == "Working groups whose review falls due in the next 30 days"
    assert titles["agreements_expiring"] == "Agreements expiring in the next 365 days"
    assert titles["actions_overdue"] == "Action items overdue"
    planned(days(30))
    planned(days(31))
    f.make_agreement(valid_until=days(365))
    f.make_agreement(valid_until=days(366))
    f.backdate()
    shown = listed(DAY)
    assert [r.held_on for r in shown["reviews_upcoming"]] == [days(30)]
    assert [a.valid_until for a in shown["agreements_expiring"]] == [days(365)]
