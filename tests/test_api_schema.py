"""The OpenAPI schema: it validates, its docs use local assets, and the API keeps to it."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from coop_site.wsgi import application
from registry import catalogue
from tests import factories

ENDPOINTS = catalogue.endpoints()

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn: an unresolvable filter or serializer field fails the suite.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))

    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3")


def test_the_schema_is_served_and_lists_every_endpoint(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for prefix in ("agreements", "calls", "partners", "areas", "engagements", "facilities"):
        assert {f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{{id}}/"} <= paths
    for prefix in ("memberships", "reviews", "agencies", "working-groups"):
        assert f"/api/v1/{prefix}/" in paths


def test_the_schema_documents_the_shared_filters(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    params = {p["name"] for p in schema["paths"]["/api/v1/agreements/"]["get"]["parameters"]}

    assert {"partner", "status", "area", "q", "sort", "page", "page_size"} <= params


def test_the_schema_never_mentions_staff_only_fields(client):
    text = client.get("/api/schema/", {"format": "json"}).content.decode()

    assert "secretariat_contact" not in text
    assert "action_item" not in text


def test_the_docs_page_loads_only_local_assets(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert response.status_code == 200
    assert urls, "the page should load Swagger UI's files"
    assert not [u for u in urls if re.match(r"(https?:)?//", u)], urls
    assert "<script>" not in html and "<style>" not in html  # no inline code for the CSP
    for url in urls:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
        else:
            assert client.get(url).status_code == 200, url


def test_the_docs_script_points_at_the_local_schema(client):
    html = client.get("/api/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/docs/[^"]+)"', html).group(1)

    script = client.get(script_url).content.decode()

    assert "/api/schema/" in script
    assert "http://" not in script and "https://" not in script
    assert '"validatorUrl": null' in script  # no badge fetched from validator.swagger.io


# Generating the schema needs no database; schemathesis' lazy from_fixture() loader does not
# work with pytest 9, so the schema is read once at import. Only the examples and fuzzing
# phases run: the coverage phase sends hundreds of requests per operation, unbounded by
# max_examples (about 200 instead of 10 here).
BOUNDED = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=BOUNDED)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Call the WSGI app as Django's test client does: without closing the DB connection.

    The real handler closes "obsolete" connections around each request, and a connection
    inside the test's transaction counts as one on PostgreSQL, which would end the test.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def some_records():
    """A few published records, so that some generated ids and filter values hit real rows."""
    france = factories.make_partner(name="France", slug="fr-partner", iso_code="FR")
    agreement = factories.make_agreement(partners=[france])
    factories.make_call(partners=[france], agreement=agreement)
    factories.make_membership(agreement=agreement)
    factories.make_review()
    factories.make_engagement(partner=france)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, some_records, wsgi_keeps_the_test_connection):
    """Anonymous requests: no 5xx, documented status codes and content types, conforming bodies.

    Two checks are left out on purpose. positive_data_acceptance: a filter naming an unknown
    slug is schema-valid (any string) but is a 400 by design. negative_data_rejection:
    django-filter reads an unknown boolean (`?sample=null`) as "no filter" instead of a 400.
    """
    case.call_and_validate(excluded_checks=[negative_data_rejection, positive_data_acceptance])


@pytest.fixture
def superuser_token(django_user_model):
    user = django_user_model.objects.create_superuser("api-admin", "api-admin@example.org")
    return Token.objects.create(user=user).key


@pytest.fixture
def one_of_each():
    return factories.one_of_each()


def aimed_at_a_record(case, headers):
    """Point an update at a real record and, if the case names no version (neither `version`
    nor If-Match), name its current one: a random id or version only ever meets a 404 or a
    409/412/428, and the update itself would go untested."""
    if "id" not in (case.path_parameters or {}):
        return headers
    prefix = case.path.split("/")[3]
    record = ENDPOINTS[prefix].model.objects.order_by("pk").first()
    case.path_parameters["id"] = record.pk
    names_version = isinstance(case.body, dict) and "version" in case.body
    if names_version or "If-Match" in (case.headers or {}):
        return headers
    return {**headers, "If-Match": f'"v{record.version}"'}


@schema.include(method=["POST", "PUT", "PATCH"]).parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_staff_writes_keep_to_the_schema(
    case, one_of_each, superuser_token, wsgi_keeps_the_test_connection
):
    """Writes by a superuser (every permission): no 5xx, and what is saved reads back as typed.

    Updates go to a record of each endpoint (one_of_each), some of them from its current
    version, so they are saved, refused as stale (409, 412) or as naming no version (428).
    """
    headers = aimed_at_a_record(case, {"Authorization": f"Token {superuser_token}"})
    case.call_and_validate(
        headers=headers, excluded_checks=[negative_data_rejection, positive_data_acceptance]
    )
