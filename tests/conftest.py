"""Shared personas for the tests."""

import pytest


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def staff_in_role(django_user_model):
    """Makes a staff user in one of the roles of registry/roles.py (groups created first)."""
    from django.contrib.auth.models import Group

    from registry.roles import create_roles

    def make(role: str, username: str | None = None):
        create_roles()
        name = username or role.lower().replace(" ", "_")
        user = django_user_model.objects.create_user(
            name, f"{name}@example.org", "pw-staff-1", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make
