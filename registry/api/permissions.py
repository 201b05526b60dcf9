"""Who may do what through the API: anyone reads, staff with the model permission write.

Which records a user sees and may change is decided by the one rule, `registry.permissions`
(`sees_drafts`, `change_refusal`), as in the admin.
"""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly

from registry import permissions


class StaffWritesPublicReads(DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; writes for active staff holding the model's add or change permission.

    A non-staff account is refused even if it holds the permission: API writes are a staff
    tool, like the admin. A write to one record must also pass the one rule: an Editor may
    not change a published record (403, with the rule's reason as `detail`).
    """

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            user = request.user
            if not (user and user.is_authenticated and user.is_active and user.is_staff):
                return False
        return super().has_permission(request, view)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        action = "delete" if request.method == "DELETE" else "change"
        refusal = permissions.change_refusal(request.user, obj, action)
        if refusal:
            self.message = refusal  # DRF answers 403 with this as `detail`
            return False
        return True
