"""API updates: who may change which record (the one rule), and no silent lost update.

Every write endpoint × every role (and a superuser). An update names the version it is based
on, as `version` in the body or as the ETag in If-Match; without it nothing is saved (428).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from registry import catalogue
from registry.roles import EDITOR, ROLES
from tests import factories

ENDPOINTS = catalogue.endpoints()

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
USERS = [*ROLES, SUPERUSER]
MARKER = "Edited through the API"


@pytest.fixture
def user_as(staff_in_role, django_user_model):
    """A staff user in a role of registry/roles.py, or a superuser."""

    def make(role):
        if role == SUPERUSER:
            return django_user_model.objects.create_superuser("root", "root@example.org", None)
        return staff_in_role(role)

    return make


def record_for(prefix, published=True):
    """One record of the endpoint's model (from one_of_each), published or a draft."""
    model = ENDPOINTS[prefix].model
    record = factories.one_of_each()[model]
    model.objects.filter(pk=record.pk).update(is_published=published)
    record.refresh_from_db()
    return record


def url(prefix, record):
    return f"/api/v1/{prefix}/{record.pk}/"


def write(client, method, path, body, if_match=None):
    send = client.put if method == "PUT" else client.patch
    headers = {"If-Match": if_match} if if_match is not None else {}
    return send(path, body, content_type="application/json", headers=headers)


def patch(client, prefix, record, body, if_match=None):
    return write(client, "PATCH", url(prefix, record), body, if_match)


def may_update(role, model, published) -> bool:
    """What the role table says: the change permission, and for a published record also the
    publish permission."""
    if role == SUPERUSER:
        return True
    name = model._meta.model_name
    return f"change_{name}" in ROLES[role] and (not published or f"publish_{name}" in ROLES[role])


def unchanged(record) -> bool:
    stored = type(record).objects.get(pk=record.pk)
    return (stored.source, stored.version) == (record.source, record.version)


# --- Who may change what ----------------------------------------------------------------------

MATRIX = [
    (prefix, role, published)
    for prefix in ENDPOINTS
    for role in USERS
    for published in (True, False)
]


@pytest.mark.parametrize(
    ("prefix", "role", "published"),
    MATRIX,
    ids=[f"{p}-{r}-{'published' if pub else 'draft'}" for p, r, pub in MATRIX],
)
def test_an_update_with_the_right_version_is_saved_only_if_the_role_may_change_the_record(
    client, user_as, prefix, role, published
):
    record = record_for(prefix, published)
    client.force_login(user_as(role))

    response = patch(client, prefix, record, {"source": MARKER, "version": record.version})

    if may_update(role, type(record), published):
        assert response.status_code == 200, response.json()
        assert response.json()["source"] == MARKER
        assert type(record).objects.get(pk=record.pk).source == MARKER
    else:
        assert response.status_code == 403, response.json()
        assert response.json()["detail"]
        assert unchanged(record)


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_an_editor_may_not_change_a_published_record_and_is_told_why(
    client, staff_in_role, prefix, method
):
    record = record_for(prefix, published=True)
    client.force_login(staff_in_role(EDITOR))

    response = write(
        client, method, url(prefix, record), {"source": MARKER, "version": record.version}
    )

    assert response.status_code == 403
    assert "published; only a publisher may change it" in response.json()["detail"]
    assert unchanged(record)
    public = Client().get(url(prefix, record)).json()
    assert public["source"] == record.source
    assert public["version"] == record.version


def test_an_editors_patch_of_a_published_agreement_leaves_its_public_page_alone(
    client, staff_in_role
):
    agreement = factories.make_agreement(title="As published")
    client.force_login(staff_in_role(EDITOR))

    response = patch(
        client, "agreements", agreement, {"title": "EDITED", "version": agreement.version}
    )

    assert response.status_code == 403
    page = Client().get(agreement.get_absolute_url()).content.decode()
    assert "As published" in page and "EDITED" not in page
    assert Client().get(url("agreements", agreement)).json()["title"] == "As published"


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_an_editor_may_change_a_draft_with_the_right_version(client, staff_in_role, prefix):
    draft = record_for(prefix, published=False)
    client.force_login(staff_in_role(EDITOR))

    response = patch(client, prefix, draft, {"source": MARKER, "version": draft.version})

    assert response.status_code == 200, response.json()
    stored = type(draft).objects.get(pk=draft.pk)
    assert (stored.source, stored.version, stored.is_published) == (
        MARKER,
        draft.version + 1,
        False,
    )
    assert response["ETag"] == f'"v{draft.version + 1}"'


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_token_authentication_meets_the_same_rule(staff_in_role, prefix):
    record = record_for(prefix, published=True)
    token = Token.objects.create(user=staff_in_role(EDITOR))
    client = Client(headers={"Authorization": f"Token {token.key}"})

    response = patch(client, prefix, record, {"source": MARKER, "version": record.version})

    assert response.status_code == 403
    assert "only a publisher may change it" in response.json()["detail"]
    assert unchanged(record)


# --- Versions and ETags -----------------------------------------------------------------------


@pytest.fixture
def root(admin_client):
    """Logged in as a superuser, who may change everything: only the version decides."""
    return admin_client


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_an_update_without_a_version_is_refused_with_428_and_nothing_changes(root, prefix, method):
    record = record_for(prefix)

    response = write(root, method, url(prefix, record), {"source": MARKER})

    assert response.status_code == 428
    assert "version" in response.json()["detail"]
    assert "If-Match" in response.json()["detail"]
    assert unchanged(record)


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_an_update_with_a_stale_version_is_refused_with_409(root, prefix):
    record = record_for(prefix)
    read = record.version
    record.save()  # someone else saved since

    response = patch(root, prefix, record, {"source": MARKER, "version": read})

    assert response.status_code == 409
    assert f"you sent version {read}, it is now version {read + 1}" in response.json()["detail"]
    assert type(record).objects.get(pk=record.pk).source != MARKER


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_a_detail_hands_out_its_version_as_a_strong_etag(client, prefix):
    record = record_for(prefix)

    response = client.get(url(prefix, record))

    assert response["ETag"] == f'"v{record.version}"'
    assert response.json()["version"] == record.version


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_an_update_with_the_etag_of_a_get_in_if_match_succeeds(root, prefix):
    record = record_for(prefix)
    etag = root.get(url(prefix, record))["ETag"]

    response = patch(root, prefix, record, {"source": MARKER}, if_match=etag)

    assert response.status_code == 200, response.json()
    assert type(record).objects.get(pk=record.pk).source == MARKER
    assert response["ETag"] == f'"v{record.version + 1}"'
    assert response.json()["version"] == record.version + 1


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_an_update_with_a_stale_if_match_is_refused_with_412(root, prefix):
    record = record_for(prefix)
    etag = root.get(url(prefix, record))["ETag"]
    record.save()

    response = patch(root, prefix, record, {"source": MARKER}, if_match=etag)

    assert response.status_code == 412
    assert "saved by someone else" in response.json()["detail"]
    assert type(record).objects.get(pk=record.pk).source != MARKER


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_the_etag_of_an_update_is_the_one_to_send_next(root, prefix):
    record = record_for(prefix)
    first = patch(root, prefix, record, {"source": "One"}, if_match=f'"v{record.version}"')

    second = patch(root, prefix, record, {"source": "Two"}, if_match=first["ETag"])
    replayed = patch(root, prefix, record, {"source": "Three"}, if_match=first["ETag"])

    assert (first.status_code, second.status_code, replayed.status_code) == (200, 200, 412)
    assert type(record).objects.get(pk=record.pk).source == "Two"


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_a_created_record_carries_its_etag(client, staff_in_role, prefix):
    client.force_login(staff_in_role(EDITOR))
    viewset = ENDPOINTS[prefix]
    body = factories.body_to_create(viewset.model, viewset.write_serializer_class, source="test")

    response = client.post(f"/api/v1/{prefix}/", body, content_type="application/json")

    assert response.status_code == 201, response.json()
    assert response["ETag"] == '"v1"'


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_a_full_put_with_if_match_replaces_the_record(root, prefix):
    viewset = ENDPOINTS[prefix]
    record = factories.MAKERS[viewset.model](source="Old")
    # Another record's every field (and links), as a client would send it.
    body = factories.body_to_create(viewset.model, viewset.write_serializer_class, source="PIB")

    response = write(root, "PUT", url(prefix, record), body, if_match=f'"v{record.version}"')

    assert response.status_code == 200, response.json()
    record.refresh_from_db()
    assert dict(viewset.write_serializer_class(record).data) == body


@pytest.mark.parametrize(
    "body_version, if_match, status",
    [
        (1, '"v2"', 400),  # two different versions: which one is meant?
        (1, '"v1"', 200),  # the same version twice
        (1, "*", 200),  # `*` names no version; the body does
        (None, "*", 428),
        (None, 'W/"v1"', 200),  # a compressing proxy weakens the tag; it still names v1
        (None, '"v9", "v1"', 200),  # a list matches if it names the current version
        (None, '"something-else"', 412),  # not one of our tags: it cannot match
        ("abc", None, 400),
        (0, None, 400),
        (True, None, 400),
    ],
)
@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_the_version_and_if_match_are_read_strictly(root, prefix, body_version, if_match, status):
    record = factories.MAKERS[ENDPOINTS[prefix].model](source="Original")
    assert record.version == 1
    body = {"source": "Changed"}
    if body_version is not None:
        body["version"] = body_version

    response = patch(root, prefix, record, body, if_match)

    assert response.status_code == status, response.json()
    expected = "Changed" if status == 200 else "Original"
    assert type(record).objects.get(pk=record.pk).source == expected
    if status == 400:
        assert response.json()["version"][0]


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_the_version_is_checked_before_the_body(root, prefix):
    record = record_for(prefix)
    read = record.version
    record.save()
    too_long = "x" * (type(record)._meta.get_field("source").max_length + 1)

    response = patch(root, prefix, record, {"source": too_long, "version": read})

    assert response.status_code == 409
    # The same body from the current version is refused for what it holds.
    assert patch(root, prefix, record, {"source": too_long, "version": read + 1}).status_code == 400


# --- Concurrent updates (PostgreSQL) ----------------------------------------------------------


def concurrent_patches(token, agreement, bodies):
    """Send the PATCHes at the same moment, one thread (and DB connection) each."""
    start = threading.Barrier(len(bodies))
    statuses = []

    def send(body):
        try:
            start.wait(10)
            client = Client(headers={"Authorization": f"Token {token}"})
            statuses.append(patch(client, "agreements", agreement, body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_version", [True, False], ids=["with version", "without version"])
def test_eight_concurrent_updates_from_one_version_let_at_most_one_through(
    django_user_model, with_version
):
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (SQLite's in-memory test DB has none)")
    user = django_user_model.objects.create_superuser("root", "root@example.org", None)
    token = Token.objects.create(user=user).key
    agreement = factories.make_agreement(title="Original")
    version = {"version": agreement.version} if with_version else {}
    bodies = [{"title": f"Editor {n}", **version} for n in range(8)]

    statuses = concurrent_patches(token, agreement, bodies)

    agreement.refresh_from_db()
    if with_version:
        assert statuses == [200] + [409] * 7
        assert agreement.version == 2 and agreement.title.startswith("Editor ")
    else:
        assert statuses == [428] * 8
        assert (agreement.version, agreement.title) == (1, "Original")
