"""Staff roles: Django groups and the permissions each holds. `manage.py create_roles` applies them.

| role | may |
| --- | --- |
| Editor | view everything; add records and change drafts (not publish, not delete) |
| Publisher | view everything; change, publish, unpublish and delete records |
| Review secretariat | view everything; keep working groups, review meetings and action items |
| Viewer | view everything, change nothing |

Every role may read the audit log (registry.models.AuditEvent); no role may change it.

A published record can be changed only by someone who may publish it (registry.permissions), so
an Editor's edits reach the public only through a Publisher. Give a person several roles by
putting them in several groups; staff users also need "staff status" to open the admin.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from registry import catalogue, publishing

EDITOR = "Editor"
PUBLISHER = "Publisher"
SECRETARIAT = "Review secretariat"
VIEWER = "Viewer"

RECORD_MODELS = [t.model_name for t in catalogue.TYPES]
ALIAS_MODELS = ["partneralias", "facilityalias", "agreementparty"]
REVIEW_MODELS = [m._meta.model_name for m in catalogue.secretariat_models()]
NEVER_PUBLISHED = {model._meta.model_name for model in publishing.NEVER_PUBLISHED}
# Every role reads the audit trail (logins, publishes, approvals, reverts); nobody edits it.
AUDIT_LOG = {"view_auditevent"}


def _grant(models, actions) -> set[str]:
    return {
        f"{action}_{model}"
        for model in models
        for action in actions
        if not (action == "publish" and model in NEVER_PUBLISHED)
    }


ROLES: dict[str, set[str]] = {
    EDITOR: _grant(RECORD_MODELS, ["view", "add", "change"])
    | _grant(ALIAS_MODELS, ["view", "add", "change", "delete"])
    | AUDIT_LOG,
    PUBLISHER: _grant(RECORD_MODELS, ["view", "change", "delete", "publish"])
    | _grant(ALIAS_MODELS, ["view", "add", "change", "delete"])
    | AUDIT_LOG,
    SECRETARIAT: _grant(RECORD_MODELS + ALIAS_MODELS, ["view"])
    | _grant(REVIEW_MODELS, ["add", "change", "delete", "publish"])
    | _grant(["reminderlog"], ["view"])
    | AUDIT_LOG,
    VIEWER: _grant(RECORD_MODELS + ALIAS_MODELS, ["view"]) | AUDIT_LOG,
}


@transaction.atomic
def create_roles() -> dict[str, int]:
    """Create or update every role's group to hold exactly its permissions; safe to repeat."""
    counts = {}
    for name, codenames in ROLES.items():
        perms = list(
            Permission.objects.filter(content_type__app_label="registry", codename__in=codenames)
        )
        missing = codenames - {p.codename for p in perms}
        if missing:
            raise LookupError(f"permissions not found (run migrate first): {sorted(missing)}")
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)
        counts[name] = len(perms)
    return counts
