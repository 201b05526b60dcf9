"""The one rule for who may change what; the admin, inlines, revert, imports and the API ask it.

A user may change a record when they hold the model's `change` permission and, if the record
is published (and its model is one that is ever published), also its `publish` permission:
an Editor's edits to a published record reach the public only through a Publisher.
"""

from django.utils.translation import gettext as _

from registry.publishing import NEVER_PUBLISHED


def perm_name(model, action: str) -> str:
    """`registry.change_agreement` and the like, for a model class or instance."""
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def may(user, action: str, model) -> bool:
    return bool(user) and user.has_perm(perm_name(model, action))


def may_publish(user, model) -> bool:
    """May `user` publish and unpublish records of `model` (never, for staff-only models)?"""
    model = model if isinstance(model, type) else type(model)
    return model not in NEVER_PUBLISHED and may(user, "publish", model)


def is_public(obj) -> bool:
    """Is `obj` a published record of a model that is ever published?"""
    return type(obj) not in NEVER_PUBLISHED and bool(getattr(obj, "is_published", False))


def change_refusal(user, obj, action: str = "change") -> str | None:
    """Why `user` may not `action` ("change" or "delete") `obj`; None when they may."""
    if not may(user, action, obj):
        return _("You do not have permission to %(action)s %(what)s.") % {
            "action": action,
            "what": obj._meta.verbose_name_plural,
        }
    if is_public(obj) and not may_publish(user, obj):
        return _(
            "This record is published; only a publisher may %(action)s it. "
            "Propose a change instead."
        ) % {"action": action}
    return None


def may_change(user, obj, action: str = "change") -> bool:
    """The rule: may `user` change (or delete) this record as it is stored now?"""
    return change_refusal(user, obj, action) is None


def sees_drafts(user, model) -> bool:
    """Staff who may change a model see its drafts (API, previews); everyone else sees
    published records only."""
    if not (user and user.is_authenticated and user.is_staff):
        return False
    return may(user, "change", model)
