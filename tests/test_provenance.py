"""Provenance a reader understands: the source by name with its link and kind, "Not yet
verified" said plainly, and the compilers' file names, row numbers and confidence codes kept
in the data (download, API, admin) but off every public page."""

import csv
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from registry import catalogue, opendata
from registry.models.base import SourceKind
from tests import factories as f

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
INTERNAL = re.compile(r"cited_facts|\.csv row|confidence", re.IGNORECASE)
# Files, feeds and machine surfaces: the data may hold the locator there.
NOT_PAGES = ("/admin", "/api/", "/data/registry", "/static/", "/i18n/", "/feeds/", "/accounts")
NOT_PAGE_ENDINGS = (".csv", ".json", ".xlsx", ".zip", ".ics", ".atom", ".xml", ".txt")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def is_page(path: str) -> bool:
    return not path.startswith(NOT_PAGES) and not path.endswith(NOT_PAGE_ENDINGS)


def crawl(client, start: list[str], limit: int = 3000) -> dict[str, str]:
    """Every public page reachable from `start` through plain links (queries only for
    `?page=`), with its HTML."""
    seen, queue, pages = set(start), list(start), {}
    while queue and len(pages) < limit:
        url = queue.pop()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        parser = Links()
        parser.feed(html)
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.netloc or parts.scheme or not parts.path.startswith("/"):
                continue
            query = parts.query if re.fullmatch(r"page=\d+", parts.query or "") else ""
            target = parts.path + (f"?{query}" if query else "")
            if is_page(parts.path) and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


@pytest.fixture
def fixtures_loaded():
    call_command(
        "loaddata",
        *(str(FIXTURES / n) for n in ("seed.json", "cited_facts.json", "demo.json")),
        verbosity=0,
    )


def test_no_public_page_of_the_fixtures_names_an_internal_file_row_or_confidence(
    client, fixtures_loaded
):
    searches = [f"/search/?q={q}" for q in ("france", "quantam", "gcnep", "pib", "row", "csv")]
    pages = crawl(client, ["/", *searches])
    record_pages = [u for u in pages if re.match(r"^/[a-z-]+/[^/?]+/$", u)]
    # Every list, every published record page of the fixtures, the search pages and home.
    for record_type in catalogue.with_pages():
        assert reverse(f"registry:{record_type.stem}_list") in pages, record_type.stem
        published = record_type.model.objects.published()
        for record in published[:3]:
            assert record.get_absolute_url() in pages, record
    assert len(record_pages) > 200 and set(searches) <= set(pages)
    leaks = {url: INTERNAL.search(html)[0] for url, html in pages.items() if INTERNAL.search(html)}
    assert leaks == {}


def test_the_locator_stays_in_the_data_download_and_the_api(client, fixtures_loaded):
    agreement = catalogue.get("agreement").model.objects.published().get(pk=1015)
    assert agreement.source_locator.startswith("cited_facts.csv row ")
    api = client.get(reverse("api:agreement-detail", kwargs={"pk": agreement.pk})).json()
    assert api["source_locator"] == agreement.source_locator
    assert api["source_kind"] == "institution"
    names = {f.name for f in opendata.download_fields(type(agreement))}
    assert {"source_kind", "source_locator"} <= names


def test_the_record_page_names_its_source_with_link_and_kind_and_says_not_yet_verified(client):
    agreement = f.make_agreement(
        source="Web page on cefipra.org",
        source_url="https://www.cefipra.org/dst-cnrs/",
        source_kind=SourceKind.INSTITUTION,
        last_verified=None,
    )
    body = client.get(agreement.get_absolute_url()).content.decode()
    assert (
        '<a href="https://www.cefipra.org/dst-cnrs/" rel="noopener">Web page on cefipra.org</a>'
        in body
    )
    assert "Institutional source" in body
    assert "<strong>Not yet verified</strong>" in body


def test_a_secondary_source_is_called_a_lead_to_verify(client):
    agreement = f.make_agreement(source="Web page on gktoday.in", source_kind=SourceKind.SECONDARY)
    body = client.get(agreement.get_absolute_url()).content.decode()
    assert "Secondary source: treat as a lead to verify" in body


def test_a_record_of_unknown_kind_says_nothing_about_it(client):
    agreement = f.make_agreement(source="A letter")
    body = client.get(agreement.get_absolute_url()).content.decode()
    assert 'class="source-kind' not in body


@pytest.mark.parametrize("record_type", catalogue.with_pages(), ids=lambda t: t.stem)
def test_every_list_filters_on_the_kind_of_source_on_the_page_and_the_api(client, record_type):
    model = record_type.model
    official = f.one_of_each()[model]
    model.objects.filter(pk=official.pk).update(source_kind=SourceKind.OFFICIAL)
    model.objects.exclude(pk=official.pk).update(source_kind=SourceKind.SECONDARY)
    page = client.get(reverse(f"registry:{record_type.stem}_list"), {"source_kind": "official"})
    assert page.status_code == 200
    assert official.get_absolute_url() in page.content.decode()
    api = client.get(f"/api/v1/{record_type.url_prefix}/", {"source_kind": "official"}).json()
    assert [r["id"] for r in api["results"]] == [official.pk]
    bad = client.get(f"/api/v1/{record_type.url_prefix}/", {"source_kind": "rumour"})
    assert bad.status_code == 400


def test_the_kind_of_source_is_in_the_list_export_and_the_download(client):
    f.make_agreement(title="Kind MoU", source_kind=SourceKind.PRESS)
    rows = list(csv.DictReader(io.StringIO(client.get("/agreements/export.csv").content.decode())))
    assert [r["source_kind"] for r in rows if r["title"] == "Kind MoU"] == ["press"]
    dataset = opendata.build_dataset()
    assert [r["source_kind"] for r in dataset["agreements"] if r["title"] == "Kind MoU"] == [
        "press"
    ]
    out = io.BytesIO()
    opendata.write_zip(out, dataset)
    with zipfile.ZipFile(out) as archive:
        text = archive.read("agreements.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["source_kind"] for r in rows if r["title"] == "Kind MoU"] == ["press"]


def test_the_fixture_builder_fills_the_kind_from_the_csv(fixtures_loaded):
    from registry.fixture_builder.cited import read_rows

    rows = {r["line"]: r for r in read_rows(FIXTURES / "sources" / "cited_facts.csv")}
    model = catalogue.get("agreement").model
    for agreement in model.objects.filter(pk__gte=1000, pk__lt=9000):
        line = int(agreement.source_locator.split(" row ")[1].split(",")[0])
        assert agreement.source_kind == rows[line]["source_kind"], agreement
    assert model.objects.get(pk=1).source_kind == SourceKind.OFFICIAL  # the PIB seed
