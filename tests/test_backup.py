"""Backup and restore: a round trip through backup_registry and restore_registry loses nothing."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from registry import models, opendata
from registry.synthetic import generate
from tests import factories as f

# Rebuilt by migrate or transient; backup_registry leaves them out on purpose.
NOT_BACKED_UP = {"contenttypes", "sessions", "axes"}
NOT_BACKED_UP_MODELS = (
    models.DataVersion,  # the cache's key: any restore gives a new one
    models.JobRun,  # background runs (open-data builds): a restored database builds its own
    # Readers' alert addresses: erased on unsubscribe, so kept out of backups.
    models.AlertSubscriber,
    models.Alert,
    models.AlertLog,
)
BY_NATURAL_KEY = (ContentType, Permission)


def comparable(value, field):
    """Content types and permissions are compared by natural key: their ids are rebuilt."""
    if value is not None and field.is_relation and field.related_model in BY_NATURAL_KEY:
        return field.related_model.objects.get(pk=value).natural_key()
    return value


def snapshot():
    """Every row of every backed-up table (through tables included), ordered by pk."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in NOT_BACKED_UP or model in BY_NATURAL_KEY:
            continue
        if model in NOT_BACKED_UP_MODELS:
            continue
        fields = model._meta.concrete_fields
        if model._meta.auto_created:
            # A many-to-many link's own id is a surrogate that loaddata renumbers.
            fields = [f for f in fields if not f.primary_key]
        table = [
            {f.attname: comparable(getattr(obj, f.attname), f) for f in fields}
            for obj in model._base_manager.order_by("pk")
        ]
        rows[model._meta.label] = sorted(table, key=lambda row: sorted(map(str, row.items())))
    return rows


@pytest.fixture
def registry_data(django_user_model):
    """Synthetic rows in bulk, plus at least one row in every other table the backup keeps."""
    generate(50, seed=3)
    editor = django_user_model.objects.create_user("editor", password="pw-editor-1")
    group = Group.objects.create(name="Editors")
    group.permissions.set(Permission.objects.filter(codename__startswith="change_")[:5])
    editor.groups.add(group)
    editor.user_permissions.add(Permission.objects.get(codename="view_agreement"))
    Token.objects.create(user=editor)
    # Two-factor devices are kept: a restore must not make every staff user enrol again.
    TOTPDevice.objects.create(user=editor, name="Authenticator app")
    recovery = StaticDevice.objects.create(user=editor, name="Recovery codes")
    recovery.token_set.create(token="x2y3z4a5")
    agreement = f.make_agreement(title="Accord with history")
    agreement.title = "Accord, amended"
    agreement.save()  # a second history row, version 2
    LogEntry.objects.log_actions(
        editor.pk, [agreement], CHANGE, change_message="Changed title.", single_object=True
    )
    area, agency, forum = f.make_area(), f.make_agency(), f.make_partner(kind="forum")
    agreement.areas.add(area)
    forum.members.add(*agreement.partners.all())
    f.make_engagement(partner=forum, area=area)
    call = f.make_call(agreement=agreement)
    call.areas.add(area)
    call.agencies.add(agency)
    f.make_group().agreements.add(agreement)
    facility = f.make_membership(agreement=agreement).facility
    facility.host_partners.add(forum)
    models.FacilityAlias.objects.create(facility=facility, name="An alias")
    models.PartnerAlias.objects.create(partner=forum, name="Another alias")
    models.AgreementParty.objects.create(agreement=agreement, partner=forum, status="signed")
    f.make_figure(agency=agency)
    f.make_action_item(responsible_user=editor)
    project = f.make_project(call=call, indian_institution=agency)
    project.areas.add(area)
    f.make_result(project=project)
    withdrawn = f.make_area()
    withdrawn.is_published = False
    withdrawn.save()  # its identifier's tombstone (RetiredIdentifier)
    models.ReminderLog.objects.create(
        recipient=editor, kind="action_due", object_key="actionitem:1", day="2025-06-01"
    )
    models.ChangeRequest.objects.create(
        record=agreement,
        base_version=2,
        proposed={"title": "Proposed"},
        reason="Typo",
        proposed_by=editor,
    )
    # An open-data snapshot with its files: kept, so a cited snapshot survives a restore.
    opendata.build_open_data()
    return agreement


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_equals_the_original(registry_data, tmp_path):
    before = snapshot()
    assert [label for label, rows in before.items() if not rows] == []
    assert len(before["registry.Agreement"]) > 50
    assert before["registry.HistoricalAgreement"]
    backup = tmp_path / "registry.json.gz"
    call_command("backup_registry", output=backup)

    call_command("flush", interactive=False, verbosity=0)
    assert not models.Agreement.objects.exists()
    call_command("restore_registry", backup)

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], f"{label} differs after the round trip"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_already_has_records(registry_data, tmp_path):
    backup = tmp_path / "registry.json"
    call_command("backup_registry", output=backup)
    count = models.Agreement.objects.count()
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore_registry", backup)
    assert models.Agreement.objects.count() == count


@pytest.mark.django_db
def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore_registry", tmp_path / "nope.json")
