"""Reuse of the registry: list exports, Atom feeds, iCalendar files, sitemap, robots.txt."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from registry import calendars, catalogue
from tests import factories as f

pytestmark = pytest.mark.django_db

KINDS = [t.stem for t in catalogue.with_pages()]


def export(client, kind, fmt, query=""):
    return client.get(reverse(f"registry:{kind}_export", kwargs={"fmt": fmt}) + query)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


class TestExports:
    def test_csv_follows_the_list_filter_with_plain_columns(self, client):
        france = f.make_partner(name="France", slug="france", iso_code="FR")
        f.make_agreement(partners=[france], title="In force", status="in_force")
        f.make_agreement(partners=[france], title="Expired", status="expired")
        f.make_agreement(title="Elsewhere", status="in_force")
        response = export(client, "agreement", "csv", "?status=in_force&partner=fr")
        assert response["Content-Type"].startswith("text/csv")
        (row,) = csv_rows(response)
        assert row["title"] == "In force"
        assert row["partners"] == "France"
        assert row["status"] == "In force"
        assert row["sample"] == "no"
        assert row["url"].startswith("http://testserver/agreements/")

    def test_exports_include_every_page_not_just_the_first(self, client):
        for _ in range(55):
            f.make_area()
        assert len(csv_rows(export(client, "area", "csv"))) == 55

    def test_json_has_the_same_rows(self, client):
        f.make_call(title="Water call", is_sample=True)
        data = json.loads(export(client, "call", "json").content)
        assert data["count"] == 1
        assert data["results"][0]["title"] == "Water call"
        assert data["results"][0]["sample"] == "yes"

    def test_xlsx_opens_as_a_workbook(self, client):
        f.make_facility(short_name="CERN")
        response = export(client, "facility", "xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        header, first = list(sheet.iter_rows(values_only=True))
        assert header[0] == "short_name" and first[0] == "CERN"

    @pytest.mark.parametrize("kind", KINDS)
    @pytest.mark.parametrize("fmt", ["csv", "json"])
    def test_exports_never_contain_drafts(self, client, kind, fmt):
        draft_partner = f.make_partner(name="Hidden Partner", is_published=False)
        f.make_agreement(title="Hidden Agreement", is_published=False)
        f.make_agreement(partners=[draft_partner, f.make_partner()])
        f.make_call(title="Hidden Call", is_published=False)
        f.make_area(name="Hidden Area", is_published=False)
        f.make_facility(name="Hidden Facility", is_published=False)
        f.make_review(title="Hidden Review", is_published=False)
        f.make_group(name="Hidden Group", is_published=False)
        f.make_agency(name="Hidden Agency", is_published=False)
        response = export(client, kind, fmt)
        assert response.status_code == 200
        assert "Hidden" not in response.content.decode()

    def test_an_invalid_filter_is_a_400_with_the_reason(self, client):
        response = export(client, "agreement", "csv", "?status=bogus")
        assert response.status_code == 400
        assert "status" in response.content.decode()

    def test_an_unknown_format_is_a_404(self, client):
        assert export(client, "agreement", "pdf").status_code == 404


class TestFeeds:
    def test_agreement_feed_lists_published_agreements_and_marks_samples(self, client):
        f.make_agreement(title="Real MoU")
        f.make_agreement(title="Demo MoU", is_sample=True)
        f.make_agreement(title="Draft MoU", is_published=False)
        body = client.get(reverse("registry:agreement_feed")).content.decode()
        assert 'xmlns="http://www.w3.org/2005/Atom"' in body
        assert "Real MoU" in body and "[Sample] Demo MoU" in body
        assert "Draft MoU" not in body

    def test_call_feed_lists_published_calls(self, client):
        f.make_call(title="Open call")
        f.make_call(title="Draft call", is_published=False)
        body = client.get(reverse("registry:call_feed")).content.decode()
        assert "Open call" in body and "Draft call" not in body

    @pytest.mark.parametrize("name", ["registry:agreement_feed", "registry:call_feed"])
    def test_a_feed_names_no_draft_partner_of_a_published_record(self, client, name):
        shown, hidden = (
            f.make_partner(name="Shown Partner"),
            f.make_partner(name="Hidden Partner", is_published=False),
        )
        f.make_agreement(partners=[shown, hidden])
        f.make_call(partners=[shown, hidden])
        body = client.get(reverse(name)).content.decode()
        assert "Shown Partner" in body and "Hidden Partner" not in body


class TestCalendars:
    def test_it_lists_deadlines_meetings_and_expiries_in_rfc5545_form(self, client):
        f.make_call(title="Water, energy; and more")
        f.make_review(status="planned", held_on=datetime.date(2026, 5, 4))
        f.make_agreement(valid_until=datetime.date(2030, 1, 31))
        response = client.get(reverse("registry:calendar"))
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/calendar")
        assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
        assert "\n" not in body.replace("\r\n", "")
        assert body.count("BEGIN:VEVENT") == 3
        assert body.count("DTSTAMP:") == 3
        assert "Water\\, energy\\; and more" in body
        assert "DTSTART;VALUE=DATE:20260504" in body
        assert "DTSTART;VALUE=DATE:20300131" in body
        uids = [line for line in body.split("\r\n") if line.startswith("UID:")]
        assert len(set(uids)) == 3

    def test_it_never_shows_drafts(self, client):
        f.make_call(title="Draft call", is_published=False)
        f.make_agreement(valid_until=datetime.date(2030, 1, 1), is_published=False)
        hidden_group = f.make_group(is_published=False)
        f.make_review(group=hidden_group)
        body = client.get(reverse("registry:calendar")).content.decode()
        assert "BEGIN:VEVENT" not in body

    def test_a_partner_calendar_holds_only_that_partner(self, client):
        japan = f.make_partner(slug="japan")
        f.make_call(partners=[japan], title="Japan call")
        f.make_call(title="Other call")
        body = client.get(reverse("registry:partner_calendar", kwargs={"slug": "japan"}))
        assert "Japan call" in body.content.decode()
        assert "Other call" not in body.content.decode()

    def test_a_draft_partner_has_no_calendar(self, client):
        f.make_partner(slug="hidden", is_published=False)
        url = reverse("registry:partner_calendar", kwargs={"slug": "hidden"})
        assert client.get(url).status_code == 404

    def test_a_deadline_known_only_to_the_month_is_not_put_on_a_day(self, client):
        f.make_call(title="Some time in March", closes_precision="month")
        assert "Some time in March" not in client.get(reverse("registry:calendar")).content.decode()

    def test_long_lines_are_folded_at_75_octets(self):
        title = "Indo-German call on " + "quantum " * 20
        event = calendars.Event("x", title, timezone.now())
        body = calendars.render([event], "Test", "example.org")
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
        assert body.replace("\r\n ", "").count("quantum") == 20

    def test_folding_never_splits_a_multibyte_character(self):
        line = "SUMMARY:" + "भारत" * 30
        folded = calendars.fold(line)
        assert folded.replace("\r\n ", "") == line
        assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


class TestSitemapAndRobots:
    def test_sitemap_lists_published_records_only(self, client):
        shown = f.make_agreement()
        hidden = f.make_agreement(is_published=False)
        partner = f.make_partner(slug="visible-partner")
        body = client.get("/sitemap.xml").content.decode()
        assert f"http://testserver{shown.get_absolute_url()}" in body
        assert f"http://testserver{partner.get_absolute_url()}" in body
        assert f"http://testserver{hidden.get_absolute_url()}<" not in body
        assert "http://testserver/agreements/<" in body

    def test_sitemap_lists_the_charts_and_information_pages(self, client):
        body = client.get("/sitemap.xml").content.decode()
        for path in ["/charts/", "/search/", "/accessibility/"]:
            assert f"http://testserver{path}</loc>" in body

    def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(self, client):
        body = client.get("/robots.txt").content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in body
        assert "Disallow: /admin/" in body


def test_spreadsheet_exports_keep_formula_like_text_as_text(client):
    f.make_agreement(title='=HYPERLINK("http://evil.example","click")')
    (row,) = csv_rows(export(client, "agreement", "csv"))
    assert row["title"].startswith("'=HYPERLINK")
    sheet = load_workbook(io.BytesIO(export(client, "agreement", "xlsx").content)).active
    cell = list(sheet.iter_rows(min_row=2, values_only=True))[0][1]
    assert cell.startswith("'=")
    data = json.loads(export(client, "agreement", "json").content)
    assert data["results"][0]["title"].startswith("=HYPERLINK")
