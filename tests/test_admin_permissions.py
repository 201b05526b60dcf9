"""Staff roles: what each role may do with each model, checked through the admin itself."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from registry import catalogue, models
from registry.roles import ROLES

pytestmark = pytest.mark.django_db

RECORD_MODELS = [t.model for t in catalogue.TYPES]
REVIEW_MODELS = {models.JointWorkingGroup, models.JWGReview, models.ActionItem}

# v=view a=add c=change d=delete p=publish. Written out here, independently of
# registry/roles.py, so that a change to the roles has to be made on purpose in both.
EXPECTED = {
    "Editor": lambda model: "vac",
    "Publisher": lambda model: "vcd" if model is models.ActionItem else "vcdp",
    "Review secretariat": lambda model: (
        ("vacd" if model is models.ActionItem else "vacdp") if model in REVIEW_MODELS else "v"
    ),
    "Viewer": lambda model: "v",
}
ACTIONS = {"v": "view", "a": "add", "c": "change", "d": "delete", "p": "publish"}

MATRIX = [(role, model) for role in EXPECTED for model in RECORD_MODELS]


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize(
    ("role", "model"), MATRIX, ids=[f"{r}-{m._meta.model_name}" for r, m in MATRIX]
)
def test_each_role_may_do_exactly_what_the_table_says(staff_in_role, role, model):
    request = _request_for(staff_in_role(role))
    model_admin = admin.site._registry[model]
    allowed = {
        action: getattr(model_admin, f"has_{action}_permission")(request)
        for action in ACTIONS.values()
    }
    expected = {action: letter in EXPECTED[role](model) for letter, action in ACTIONS.items()}
    assert allowed == expected


@pytest.mark.parametrize("role", list(EXPECTED))
def test_pages_open_only_for_roles_that_may_use_them(client, staff_in_role, role):
    client.force_login(staff_in_role(role))
    for model in RECORD_MODELS:
        opts = model._meta
        may = EXPECTED[role](model)
        changelist = client.get(reverse(f"admin:registry_{opts.model_name}_changelist"))
        add = client.get(reverse(f"admin:registry_{opts.model_name}_add"))
        assert changelist.status_code == (200 if "v" in may else 403), model
        assert add.status_code == (200 if "a" in may else 403), model


def test_a_viewer_cannot_import_but_can_export(client, staff_in_role):
    client.force_login(staff_in_role("Viewer"))
    assert client.get(reverse("admin:registry_agreement_import")).status_code == 403
    assert client.get(reverse("admin:registry_agreement_export")).status_code == 200


def test_create_roles_can_run_again_without_changing_anything():
    call_command("create_roles", stdout=None)
    first = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    call_command("create_roles", stdout=None)
    second = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert first == second
    assert set(first) == {"Editor", "Publisher", "Review secretariat", "Viewer"}
    assert first["Editor"] == ROLES["Editor"]


def test_create_roles_puts_back_a_permission_removed_by_hand():
    call_command("create_roles", stdout=None)
    editor = Group.objects.get(name="Editor")
    editor.permissions.remove(editor.permissions.get(codename="add_agreement"))
    call_command("create_roles", stdout=None)
    assert editor.permissions.filter(codename="add_agreement").exists()


def test_a_user_with_no_role_sees_no_registry_model(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", "n@example.org", None, is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:registry_agreement_changelist"))
    assert response.status_code == 403


def test_the_secretariat_picks_the_responsible_person_from_active_staff(
    client, staff_in_role, django_user_model
):
    secretariat = staff_in_role("Review secretariat")
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", None)
    client.force_login(secretariat)
    for name, field in [
        ("actionitem", "responsible_user"),
        ("jointworkinggroup", "secretariat_contact"),
    ]:
        response = client.get(reverse(f"admin:registry_{name}_add"))
        choices = response.context["adminform"].form.fields[field].queryset
        assert secretariat in choices
        assert outsider not in choices
