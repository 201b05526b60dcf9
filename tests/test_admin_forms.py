"""Every admin change form, add form, inline and revert saves when posted back as rendered.

Each test GETs the real admin page (the production URLconf and admin site), parses the form
from its HTML and posts that back; see tests/forms.py. Parametrised over every model the
admin registers and every role of registry/roles.py that may change it.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db.models import CharField, F, PositiveSmallIntegerField, UniqueConstraint
from django.urls import reverse

from registry import models, permissions
from registry.publishing import NEVER_PUBLISHED
from registry.roles import ROLES
from tests.factories import one_of_each
from tests.forms import form_fields, page_form, submit

pytestmark = pytest.mark.django_db

EDITABLE = [
    model
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "registry"
    and model not in (models.ReminderLog, models.ChangeRequest, models.AuditEvent)
]
SUPERUSER = "superuser"
FIXTURES = [
    str(Path(settings.BASE_DIR) / "fixtures" / f"{name}.json")
    for name in ("seed", "cited_facts", "demo")
]


def roles_that_change(model) -> list[str]:
    return [role for role, perms in ROLES.items() if f"change_{model._meta.model_name}" in perms]


CASES = [(model, role) for model in EDITABLE for role in [SUPERUSER, *roles_that_change(model)]]


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def login(client, role, superuser, staff_in_role):
    user = superuser if role == SUPERUSER else staff_in_role(role)
    client.force_login(user)
    return user


def record_for(model, role, user):
    """The record of `model` this role edits: a draft unless the role may publish it."""
    record = one_of_each()[model]
    if hasattr(record, "is_published") and not permissions.may_publish(user, model):
        type(record).objects.filter(pk=record.pk).update(is_published=False)
        record.refresh_from_db()
    return record


def text_field(model) -> str:
    """A free-text field every change form of `model` shows, to change in the test."""
    names = {f.name for f in model._meta.get_fields()}
    return "note" if "note" in names else "name"


def success(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "success"]


def errors_of(response) -> str:
    if response.status_code != 200 or response.context is None:
        return f"status {response.status_code}"
    adminform = response.context.get("adminform")
    inline_errors = [fs.formset.errors for fs in response.context.get("inline_admin_formsets", [])]
    return f"{adminform and adminform.form.errors} {inline_errors}"


@pytest.mark.parametrize(
    ("model", "role"), CASES, ids=[f"{m._meta.model_name}-{r}" for m, r in CASES]
)
def test_a_change_form_saves_as_rendered_and_saves_a_change(
    model, role, client, superuser, staff_in_role
):
    user = login(client, role, superuser, staff_in_role)
    record = record_for(model, role, user)
    url = admin_url(model, "change", record.pk)

    unchanged = submit(client, client.get(url))
    assert unchanged.status_code == 302, errors_of(unchanged)
    assert success(unchanged), "no success message"

    field = text_field(model)
    changed = submit(client, client.get(url), {field: "Changed in the rendered form"})
    assert changed.status_code == 302, errors_of(changed)
    record.refresh_from_db()
    assert getattr(record, field) == "Changed in the rendered form"


@pytest.mark.parametrize("model", EDITABLE, ids=lambda m: m._meta.model_name)
def test_an_add_form_saves_when_filled_like_an_existing_record(model, admin_client):
    """The add page, filled in with the values an existing record's change page shows
    (its unique values made new), saves a new record."""
    existing = one_of_each()[model]
    values = form_fields(page_form(admin_client.get(admin_url(model, "change", existing.pk))))
    add_page = admin_client.get(admin_url(model, "add"))
    # The add page's own fields (inline rows left as rendered, empty), filled in.
    rendered = {control.get("name") for control in page_form(add_page).inputs}
    changes = {name: values[name] for name in rendered if name in values and "-" not in name}
    changes.update(unique_values(model, changes))
    before = model.objects.count()

    response = submit(admin_client, add_page, changes)

    assert response.status_code == 302, errors_of(response)
    assert model.objects.count() == before + 1


def unique_names(model) -> set[str]:
    """The fields of `model` that a unique field or constraint covers."""
    names = {f.name for f in model._meta.fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            names.update(constraint.fields)
            for expression in constraint.expressions:
                names.update(e.name for e in expression.flatten() if isinstance(e, F))
    return names


def unique_values(model, values) -> dict:
    """New values for the fields of `model` that must be unique."""
    fresh = {}
    for name in unique_names(model) & set(values):
        field = model._meta.get_field(name)
        value = values[name][0]
        if field.choices:
            fresh[name] = next(c for c, _label in field.flatchoices if c and c != value)
        elif isinstance(field, CharField) and value:
            fresh[name] = ("N" + value)[: field.max_length]
        elif isinstance(field, PositiveSmallIntegerField):
            fresh[name] = ""
    return fresh


@pytest.mark.parametrize(
    "model", [m for m in EDITABLE if hasattr(m, "history")], ids=lambda m: m._meta.model_name
)
def test_a_revert_from_history_saves_as_rendered_and_names_who_and_why(model, admin_client):
    record = one_of_each()[model]
    field = text_field(model)
    original = getattr(record, field)
    record_url = admin_url(model, "change", record.pk)
    submit(admin_client, admin_client.get(record_url), {field: "A later edit"})
    oldest = record.history.order_by("history_date", "history_id").first()
    revert_url = admin_url(model, "simple_history", record.pk, oldest.history_id)

    response = submit(admin_client, admin_client.get(revert_url), {"change_reason": "Undo"})

    assert response.status_code == 302, errors_of(response)
    record.refresh_from_db()
    assert getattr(record, field) == original
    latest = record.history.first()
    assert latest.history_change_reason == "Undo"
    assert latest.history_user.username == "admin"


def test_a_revert_without_a_reason_says_it_was_a_revert(admin_client):
    record = one_of_each()[models.Agreement]
    url = admin_url(models.Agreement, "change", record.pk)
    submit(admin_client, admin_client.get(url), {"title": "Later title"})
    oldest = record.history.order_by("history_date", "history_id").first()
    revert_url = admin_url(models.Agreement, "simple_history", record.pk, oldest.history_id)

    assert submit(admin_client, admin_client.get(revert_url)).status_code == 302

    assert record.history.first().history_change_reason.startswith("Reverted to the version of")


def test_an_editor_may_not_revert_a_published_record_and_is_told_why(client, staff_in_role):
    client.force_login(staff_in_role("Editor"))
    record = one_of_each()[models.Agreement]
    oldest = record.history.order_by("history_date", "history_id").first()
    revert_url = admin_url(models.Agreement, "simple_history", record.pk, oldest.history_id)
    page = client.get(revert_url)
    assert page.status_code == 200

    response = client.post(revert_url, form_fields(page_form(page)), follow=True)

    assert response.status_code == 200
    assert "only a publisher may change it" in response.content.decode()


@pytest.mark.parametrize(
    "model", [m for m in EDITABLE if m not in NEVER_PUBLISHED and hasattr(m, "is_published")]
)
def test_an_editor_sees_a_published_record_read_only(model, client, staff_in_role):
    client.force_login(staff_in_role("Editor"))
    record = one_of_each()[model]
    response = client.get(admin_url(model, "change", record.pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_a_record_of_every_model_in_the_committed_fixtures_saves_unchanged(admin_client):
    """What `make run` loads: the first, and the most recently added, record of each model."""
    call_command("loaddata", *FIXTURES, verbosity=0)
    refused = {}
    for model in EDITABLE:
        for record in {model.objects.order_by("pk").first(), model.objects.order_by("pk").last()}:
            if record is None:
                continue
            response = submit(admin_client, admin_client.get(admin_url(model, "change", record.pk)))
            if response.status_code != 302:
                refused[f"{model._meta.model_name} {record.pk}"] = errors_of(response)
    assert refused == {}


def test_an_untouched_multi_line_text_is_saved_as_it_was(admin_client):
    """Browsers send a textarea's line breaks as CR LF; the stored text keeps its LF."""
    record = one_of_each()[models.Agreement]
    record.summary = "First line\nSecond line"
    record.save()
    url = admin_url(models.Agreement, "change", record.pk)

    assert submit(admin_client, admin_client.get(url), {"title": "New title"}).status_code == 302

    record.refresh_from_db()
    assert record.summary == "First line\nSecond line"
    assert record.history.first().diff_against(record.history.all()[1]).changed_fields == ["title"]
