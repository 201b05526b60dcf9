"""No lost edits: optimistic locking refuses a save made from a stale copy of a record."""

import re
import threading
import time

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.urls import path, reverse

from registry import models
from registry.locking import OptimisticLockAdminMixin, StaleVersion, claim_version
from tests.factories import make_agreement, make_partner

pytestmark = pytest.mark.django_db


class LockedAgreementAdmin(OptimisticLockAdminMixin, admin.ModelAdmin):
    fields = ["title", "instrument", "status", "partners", "signed_on"]


class LockedPartnerAdmin(OptimisticLockAdminMixin, admin.ModelAdmin):
    fieldsets = [(None, {"fields": ["name", "slug", "kind"]})]


site = admin.AdminSite(name="admin")
site.register(models.Agreement, LockedAgreementAdmin)
site.register(models.Partner, LockedPartnerAdmin)
urlpatterns = [path("admin/", site.urls)]


def change_url(obj):
    return reverse(f"admin:registry_{obj._meta.model_name}_change", args=[obj.pk])


def loaded_version(html: str) -> str:
    match = re.search(r'name="loaded_version" value="(\d+)"', html)
    assert match, "the change form carries no loaded_version"
    return match.group(1)


def agreement_post(agreement, title, version):
    return {
        "title": title,
        "instrument": agreement.instrument,
        "status": agreement.status,
        "partners": [p.pk for p in agreement.partners.all()],
        "signed_on": "2020-01-01",
        "loaded_version": version,
    }


@pytest.mark.urls(__name__)
def test_the_change_form_carries_the_version_it_was_loaded_at(admin_client):
    agreement = make_agreement()
    response = admin_client.get(change_url(agreement))
    assert loaded_version(response.content.decode()) == str(agreement.version)


@pytest.mark.urls(__name__)
def test_a_save_from_a_fresh_copy_succeeds_and_bumps_the_version(admin_client):
    agreement = make_agreement()
    before = agreement.version
    response = admin_client.post(
        change_url(agreement), agreement_post(agreement, "Renamed", before)
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == ("Renamed", before + 1)


@pytest.mark.urls(__name__)
def test_the_second_of_two_editors_is_refused_and_nothing_is_overwritten(admin_client):
    agreement = make_agreement(title="Original")
    # Both editors open the form at the same version.
    version_a = loaded_version(admin_client.get(change_url(agreement)).content.decode())
    version_b = loaded_version(admin_client.get(change_url(agreement)).content.decode())
    first = admin_client.post(change_url(agreement), agreement_post(agreement, "A", version_a))
    assert first.status_code == 302
    second = admin_client.post(change_url(agreement), agreement_post(agreement, "B", version_b))
    assert second.status_code == 200
    assert "Someone else saved this record" in second.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "A"
    assert agreement.version == int(version_a) + 1


@pytest.mark.urls(__name__)
def test_a_post_without_the_version_stamp_is_refused(admin_client):
    agreement = make_agreement(title="Original")
    data = agreement_post(agreement, "Changed", "")
    response = admin_client.post(change_url(agreement), data)
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.title == "Original"


@pytest.mark.urls(__name__)
def test_it_works_with_fieldsets_too(admin_client):
    partner = make_partner(name="Ruritania", slug="ruritania")
    html = admin_client.get(change_url(partner)).content.decode()
    stale = loaded_version(html)
    partner.description = "edited elsewhere"
    partner.save()
    data = {"name": "Ruritania 2", "slug": "ruritania", "kind": "country"}
    response = admin_client.post(change_url(partner), {**data, "loaded_version": stale})
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.name == "Ruritania"


@pytest.mark.urls(__name__)
def test_adding_a_record_needs_no_version(admin_client):
    response = admin_client.post(
        reverse("admin:registry_partner_add"), {"name": "New", "slug": "new", "kind": "country"}
    )
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
    from django.contrib.admin import site as real_site

    from registry.models.base import Record

    record_admins = {
        model: model_admin
        for model, model_admin in real_site._registry.items()
        if issubclass(model, Record)
    }
    assert models.Agreement in record_admins
    unlocked = [
        m.__name__ for m, a in record_admins.items() if not isinstance(a, OptimisticLockAdminMixin)
    ]
    assert unlocked == []
