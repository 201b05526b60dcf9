"""Who may do what through the API: anyone reads, staff with the model permission write."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class StaffWritesPublicReads(DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; writes for active staff holding the model's add or change permission.

    A non-staff account is refused even if it holds the permission: API writes are a staff
    tool, like the admin.
    """

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            user = request.user
            if not (user and user.is_authenticated and user.is_active and user.is_staff):
                return False
        return super().has_permission(request, view)


def can_publish(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def sees_drafts(user, model) -> bool:
    """Staff who may change a model see its drafts in the API; everyone else sees published."""
    if not (user and user.is_authenticated and user.is_staff):
        return False
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
