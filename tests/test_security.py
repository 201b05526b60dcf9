"""Findings of the outside audit (issue #12): stored links, /healthz headers, the admin login's
fallback, security.txt. (The /data/ zip's formula guard is tested in tests/test_opendata.py.)"""

import datetime
import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models as dj_models
from django.urls import resolve, reverse

from registry import catalogue, models
from registry.templatetags.links import web_link
from tests import factories
from tests.forms import log_in, submit
from tests.test_import_export import CSV_FORMAT, preview, text_file
from tests.test_production import in_production, production_settings  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

# Schemes a browser would run or render as a document if they were a link's target.
HOSTILE_URLS = ["javascript:alert(1)", "data:text/html,x", "vbscript:x"]
# Not a web page either: URLField alone accepts it.
REFUSED_URLS = [*HOSTILE_URLS, "ftp://example.org/file"]


def is_historical(model) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's copies of a model


# Every URL field of every registry model, found by introspection.
URL_FIELDS = [
    (model, field.name)
    for model in apps.get_app_config("registry").get_models()
    if not is_historical(model)
    for field in model._meta.get_fields()
    if isinstance(field, dj_models.URLField)
]
URL_FIELD_IDS = [f"{model.__name__}.{name}" for model, name in URL_FIELDS]


def test_the_url_fields_found_are_the_expected_ones():
    # A guard on the introspection itself: it finds fields, and the ones named in the audit.
    found = set(URL_FIELD_IDS)
    assert {"Partner.url", "Agreement.document_url", "JWGReview.minutes_url"} <= found
    records = [
        m for m in apps.get_app_config("registry").get_models() if issubclass(m, models.Record)
    ]
    assert {f"{m.__name__}.source_url" for m in records} <= found


# --- The models refuse other schemes --------------------------------------------------------


@pytest.mark.parametrize("bad", REFUSED_URLS)
@pytest.mark.parametrize(("model", "name"), URL_FIELDS, ids=URL_FIELD_IDS)
def test_every_url_field_refuses_anything_but_a_web_address(model, name, bad):
    record = factories.one_of_each()[model]
    record.full_clean()  # valid as made

    setattr(record, name, bad)
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert name in refused.value.error_dict

    setattr(record, name, "https://example.org/page")
    record.full_clean()


API_URL_FIELDS = [
    (prefix, name)
    for prefix, viewset in catalogue.endpoints().items()
    for model, name in URL_FIELDS
    if model is viewset.model
]


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://example.org/file"])
@pytest.mark.parametrize(("prefix", "name"), API_URL_FIELDS)
def test_the_api_refuses_the_scheme_on_create_and_update_naming_the_field(
    admin_client, prefix, name, bad
):
    viewset = catalogue.endpoints()[prefix]
    body = factories.body_to_create(viewset.model, viewset.write_serializer_class, **{name: bad})
    created = admin_client.post(f"/api/v1/{prefix}/", body, content_type="application/json")
    assert created.status_code == 400
    assert name in created.json()

    record = factories.MAKERS[viewset.model]()
    changed = admin_client.patch(
        f"/api/v1/{prefix}/{record.pk}/",
        {name: bad, "version": record.version},
        content_type="application/json",
    )
    assert changed.status_code == 400
    assert name in changed.json()
    assert getattr(type(record).objects.get(pk=record.pk), name) == getattr(record, name)


ADMIN_URL_FIELDS = [(model, name) for model, name in URL_FIELDS if model in admin.site._registry]


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://example.org/file"])
@pytest.mark.parametrize(
    ("model", "name"), ADMIN_URL_FIELDS, ids=[f"{m.__name__}.{n}" for m, n in ADMIN_URL_FIELDS]
)
def test_the_admin_form_shows_an_error_on_the_field(admin_client, model, name, bad):
    record = factories.one_of_each()[model]
    meta = model._meta
    page = admin_client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    )

    response = submit(admin_client, page, {name: bad})

    assert response.status_code == 200  # the form again, not a redirect
    assert name in response.context["adminform"].form.errors
    assert "errorlist" in response.content.decode()
    assert getattr(model.objects.get(pk=record.pk), name) == getattr(record, name)


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://example.org/file"])
def test_an_import_shows_the_error_and_saves_nothing(admin_client, bad):
    factories.make_partner(slug="france")
    rows = [
        "id,instrument,title,partners,status,document_url,source_url,source",
        f",mou,MoU on oceans,france,signed,{bad},{bad},PIB",
    ]

    response = preview(admin_client, text_file("\n".join(rows)), CSV_FORMAT)

    result = response.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert {"document_url", "source_url"} <= set(invalid.field_specific_errors)
    assert "Enter a valid URL." in response.content.decode()
    assert not models.Agreement.objects.exists()


# --- The pages link web addresses only -------------------------------------------------------


def pages_of(records) -> list[str]:
    """The home page and the public page of every record (an action item's is in the admin)."""
    paths = {urlsplit(r.get_absolute_url()).path for r in records.values()} | {"/"}
    return sorted(path for path in paths if resolve(path).namespace == "registry")


def hostile_links(html: str) -> list[str]:
    """Every href, src or action whose scheme is not web or mail, as a browser reads it
    (spaces and control characters dropped, any case)."""
    found = []
    for element in lxml.html.fromstring(html).iter():
        for attribute in ("href", "src", "action", "formaction"):
            value = element.get(attribute)
            if value is None:
                continue
            plain = re.sub(r"[\x00-\x20]", "", value).lower()
            if plain.startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{element.tag} {attribute}={value!r}>")
    return found


def test_the_pages_checked_cover_every_detail_page_type_and_the_home_page(client):
    pages = pages_of(factories.one_of_each())
    names = {resolve(page).url_name for page in pages}
    assert names >= {"home", *(f"{t.stem}_detail" for t in catalogue.with_pages())}


@pytest.mark.parametrize("hostile", HOSTILE_URLS)
@pytest.mark.parametrize(("model", "name"), URL_FIELDS, ids=URL_FIELD_IDS)
def test_a_stored_hostile_url_is_never_a_link(client, model, name, hostile):
    records = factories.one_of_each()
    # The ORM writes without validation, as fixtures and a restore do.
    model.objects.update(**{name: hostile})

    for page in pages_of(records):
        response = client.get(page)
        assert response.status_code == 200, page
        assert hostile_links(response.content.decode()) == [], page


def test_a_hostile_website_is_shown_as_text(client):
    partner = factories.make_partner()
    models.Partner.objects.filter(pk=partner.pk).update(url="javascript:alert(1)")

    html = client.get(partner.get_absolute_url()).content.decode()

    assert "javascript:alert(1)" in html  # what is stored, so staff can see and fix it
    assert 'href="javascript:' not in html


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("HTTP://example.org/", True),
        ("mailto:registry@example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("ftp://example.org/", False),
        ("//evil.example/", False),
        ("", False),
    ],
)
def test_the_filter_links_web_and_mail_addresses_only(url, linked):
    html = str(web_link(url))
    assert html.startswith("<a ") is linked
    if not linked:
        assert "<" not in html


def test_the_filter_escapes_the_address_and_its_label():
    html = str(web_link('https://example.org/"><script>', "<b>PIB</b>"))
    assert html == (
        '<a href="https://example.org/&quot;&gt;&lt;script&gt;" rel="noopener">'
        "&lt;b&gt;PIB&lt;/b&gt;</a>"
    )
    assert str(web_link("javascript:x", "<b>")) == "&lt;b&gt;"


# --- /healthz carries the security headers -----------------------------------------------

SECURITY_HEADERS = [
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Security-Policy",
]


def test_healthz_carries_the_security_headers_of_a_page(client, in_production):  # noqa: F811
    page = client.get(reverse("registry:home"), secure=True)
    health = client.get("/healthz", secure=True)

    assert health.status_code == 200
    for header in SECURITY_HEADERS:
        assert page.has_header(header), header
        assert health.get(header) == page[header], header


def test_healthz_over_plain_http_by_ip_carries_them_too_but_hsts(client, in_production):  # noqa: F811
    health = client.get("/healthz", headers={"host": "10.0.0.7"})

    assert health.status_code == 200
    assert health["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in health["Content-Security-Policy"]
    assert not health.has_header("Strict-Transport-Security")  # HTTPS only, as on any page


# --- The admin login's fallback ------------------------------------------------------------


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_a_login_with_an_off_site_or_no_next_lands_on_the_admin_index(client, superuser, next_url):
    response = log_in(client, superuser.username, "pw-admin-1", next_url)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


# --- security.txt ------------------------------------------------------------------------


def security_txt(client, **extra) -> dict[str, str]:
    response = client.get("/.well-known/security.txt", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.endswith("\n")
    return dict(line.split(": ", 1) for line in text.splitlines())


def test_security_txt_names_the_contact_expiry_languages_and_its_address(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@example.org"

    fields = security_txt(client, secure=True)

    assert fields["Contact"] == "mailto:security@example.org"
    assert fields["Preferred-Languages"] == "en, hi"
    assert fields["Canonical"] == "https://testserver/.well-known/security.txt"
    expires = datetime.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ")
    ahead = expires.replace(tzinfo=datetime.UTC) - datetime.datetime.now(datetime.UTC)
    assert datetime.timedelta(days=30) < ahead < datetime.timedelta(days=365)  # RFC 9116


def test_the_default_security_contact_is_the_contact_pages_address(client, settings):
    contact_page = f"mailto:{settings.REGISTRY_CONTACT_EMAIL}"
    assert contact_page == settings.SECURITY_CONTACT
    settings.SECURITY_CONTACT = "security@example.org"  # a bare address from the environment

    assert security_txt(client)["Contact"] == "mailto:security@example.org"
