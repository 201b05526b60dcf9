"""No lost edits: optimistic locking refuses a save made from a stale copy of a record."""

import threading
import time

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.urls import reverse

from registry import models
from registry.locking import VERSION_FIELD, OptimisticLockAdminMixin, StaleVersion, claim_version
from registry.models.base import Record
from tests.factories import make_agreement, one_of_each
from tests.forms import rendered_data, submit

pytestmark = pytest.mark.django_db

RECORD_ADMINS = [model for model in admin.site._registry if issubclass(model, Record)]


def change_url(obj):
    return reverse(f"admin:registry_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_change_form_carries_the_version_it_was_loaded_at(admin_client):
    agreement = make_agreement()
    page = admin_client.get(change_url(agreement))
    assert rendered_data(page)[VERSION_FIELD] == [str(agreement.version)]


def test_a_save_from_a_fresh_copy_succeeds_and_bumps_the_version(admin_client):
    agreement = make_agreement()
    before = agreement.version
    response = submit(admin_client, admin_client.get(change_url(agreement)), {"title": "Renamed"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == ("Renamed", before + 1)


@pytest.mark.parametrize("model", RECORD_ADMINS, ids=lambda m: m._meta.model_name)
def test_the_second_of_two_editors_is_refused_and_nothing_is_overwritten(model, admin_client):
    record = one_of_each()[model]
    # Both editors open the form at the same version.
    page_a = admin_client.get(change_url(record))
    page_b = admin_client.get(change_url(record))
    first = submit(admin_client, page_a, {"note": "A"})
    assert first.status_code == 302
    second = submit(admin_client, page_b, {"note": "B"})
    assert second.status_code == 200
    assert "Someone else saved this record" in second.content.decode()
    record.refresh_from_db()
    assert record.note == "A"


def test_a_post_without_the_version_stamp_is_refused(admin_client):
    agreement = make_agreement(title="Original")
    page = admin_client.get(change_url(agreement))
    response = submit(admin_client, page, {"title": "Changed", VERSION_FIELD: None})
    assert response.status_code == 200
    assert "lost its version stamp" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Original"


def test_adding_a_record_needs_no_version(admin_client):
    page = admin_client.get(reverse("admin:registry_partner_add"))
    assert VERSION_FIELD not in rendered_data(page) or rendered_data(page)[VERSION_FIELD] == [""]
    response = submit(admin_client, page, {"name": "New", "slug": "new", "kind": "country"})
    assert response.status_code == 302
    assert models.Partner.objects.get(slug="new").version == 1


def test_claim_version_refuses_a_stale_version():
    agreement = make_agreement()
    current = agreement.version
    with transaction.atomic():
        claim_version(agreement, current)
    with pytest.raises(StaleVersion) as stale, transaction.atomic():
        claim_version(agreement, current - 1)
    assert stale.value.current == current


@pytest.mark.django_db(transaction=True)
def test_claim_version_outside_a_transaction_is_a_programming_error():
    agreement = make_agreement()
    with pytest.raises(RuntimeError):
        claim_version(agreement, agreement.version)


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_let_exactly_one_through():
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (SQLite's in-memory test DB has none)")
    agreement = make_agreement(title="Original")
    loaded = agreement.version
    outcomes = []
    first_holds_lock = threading.Event()

    def editor(title, holds=None):
        try:
            with transaction.atomic():
                copy = models.Agreement.objects.get(pk=agreement.pk)
                claim_version(copy, loaded)
                if holds:
                    holds.set()
                    time.sleep(0.3)  # the other editor arrives while we hold the row
                copy.title = title
                copy.save()
            outcomes.append(title)
        except StaleVersion:
            outcomes.append("refused")
        finally:
            connection.close()

    first = threading.Thread(target=editor, args=("A", first_holds_lock))
    first.start()
    assert first_holds_lock.wait(10)
    second = threading.Thread(target=editor, args=("B",))
    second.start()
    first.join(10)
    second.join(10)
    assert sorted(outcomes) == ["A", "refused"]
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == ("A", loaded + 1)


def test_every_record_admin_of_the_real_site_refuses_stale_saves():
    assert models.Agreement in RECORD_ADMINS
    unlocked = [
        m.__name__
        for m in RECORD_ADMINS
        if not isinstance(admin.site._registry[m], OptimisticLockAdminMixin)
    ]
    assert unlocked == []
