"""The export column chooser: `?columns=` on any list's export chooses the file's columns, in
the order named; an unknown name is a 400 listing the valid ones; the list page offers the
columns as a plain GET form."""

import csv
import io
import json

import lxml.html
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registry import catalogue
from tests import factories as f
from tests.forms import form_fields

pytestmark = pytest.mark.django_db

TYPES = catalogue.with_pages()


def export_url(record_type, fmt="csv"):
    return reverse(f"registry:{record_type.stem}_export", kwargs={"fmt": fmt})


def header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("record_type", TYPES, ids=lambda t: t.stem)
def test_the_csv_header_is_the_chosen_columns_in_the_order_named(client, record_type):
    f.one_of_each()
    full = header(client.get(export_url(record_type)))
    chosen = [full[-1], full[0]]  # against the default order, to show the order is kept
    response = client.get(export_url(record_type), {"columns": ",".join(chosen)})
    assert response.status_code == 200
    assert header(response) == chosen


@pytest.mark.parametrize("record_type", TYPES, ids=lambda t: t.stem)
def test_the_json_keys_are_the_chosen_columns(client, record_type):
    f.one_of_each()
    response = client.get(export_url(record_type, "json"), {"columns": "url,sample"})
    results = json.loads(response.content)["results"]
    assert results and all(list(row) == ["url", "sample"] for row in results)


def test_the_xlsx_header_is_the_chosen_columns(client):
    f.make_agreement(title="Chosen MoU")
    response = client.get(export_url(catalogue.get("agreement"), "xlsx"), {"columns": "title"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()][:1] == [["title"]]


def test_repeated_columns_parameters_as_the_checkboxes_send_them_work_too(client):
    f.make_agreement(title="Chosen MoU", status="in_force")
    agreement = catalogue.get("agreement")
    response = client.get(export_url(agreement) + "?columns=title&columns=status&status=in_force")
    assert header(response) == ["title", "status"]
    assert "Chosen MoU" in response.content.decode()


def test_without_columns_the_file_has_every_column_in_the_default_order(client):
    response = client.get(export_url(catalogue.get("agreement")))
    assert header(response)[:3] == ["id", "title", "instrument"]
    assert "source_kind" in header(response)


@pytest.mark.parametrize("bad", ["password", "title,nope", "__class__", "a\x00b", "x" * 1000])
def test_an_unknown_column_is_a_400_listing_the_valid_ones(client, bad):
    response = client.get(export_url(catalogue.get("agreement")), {"columns": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Unknown column" in body and "title, instrument, status" in body


def test_the_list_page_offers_the_columns_as_a_get_form_keeping_the_filter(client):
    f.make_agreement(title="Chosen MoU", status="in_force")
    response = client.get(reverse("registry:agreement_list"), {"status": "in_force", "page": "1"})
    body = response.content.decode()
    assert "<summary>Choose columns</summary>" in body
    form = lxml.html.fromstring(body).get_element_by_id("column-chooser")
    assert form.method.lower() == "get" and form.action == export_url(catalogue.get("agreement"))
    sent = form_fields(form)
    assert sent["status"] == ["in_force"] and "page" not in sent
    assert sent["columns"][:3] == ["id", "title", "instrument"] and "source_kind" in sent["columns"]
    # Ticking two boxes and pressing CSV sends them in the form's (the default) order.
    response = client.get(form.action, {"status": "in_force", "columns": ["title", "status"]})
    assert header(response) == ["title", "status"]


def test_the_chooser_keeps_the_choice_of_a_shared_link_ticked(client):
    response = client.get(reverse("registry:agreement_list"), {"columns": "title,status"})
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id("column-chooser")
    assert form_fields(form)["columns"] == ["title", "status"]
