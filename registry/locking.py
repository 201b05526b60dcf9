"""Optimistic locking: two staff editing the same record cannot silently overwrite each other.

Every `Record` carries a `version` that `Record.save()` increments. An edit form remembers the
version it was loaded at; saving is refused when the row's version has moved on since.

The check is a compare-and-set done inside the save's transaction:

    UPDATE <table> SET version = version WHERE id = <pk> AND version = <loaded>

One affected row means nobody saved in between, and the statement holds the row's write
lock (PostgreSQL: a row lock; SQLite: the database write lock) until the transaction commits,
so a second editor waits and then sees the new version. Zero rows means a stale form.

Admin usage (the admin's change view already runs in a transaction)::

    from registry.locking import OptimisticLockAdminMixin

    @admin.register(Agreement)
    class AgreementAdmin(OptimisticLockAdminMixin, admin.ModelAdmin):
        ...

The form gets a hidden `loaded_version` field; a stale save shows a form error, and nothing is
saved (neither the record nor its inlines). Elsewhere (API serializers, scripts) call
`claim_version(instance, loaded_version)` inside `transaction.atomic()` before saving, and
turn `StaleVersion` into a 409 or a validation error.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "loaded_version"
STALE_MESSAGE = _(
    "Someone else saved this record while you were editing it (your copy is version "
    "%(loaded)s, the saved one is version %(current)s). Nothing was saved: open the record "
    "again, re-apply your changes and save."
)


class StaleVersion(Exception):
    """The record was saved by someone else since it was loaded."""

    def __init__(self, loaded, current):
        super().__init__(f"stale version {loaded}, current {current}")
        self.loaded, self.current = loaded, current


def claim_version(instance, loaded_version) -> None:
    """Lock the row if its version is still `loaded_version`, else raise StaleVersion.

    Must run inside transaction.atomic(): the lock lasts until the transaction ends.
    """
    model = type(instance)
    db = router.db_for_write(model, instance=instance)
    if not transaction.get_connection(db).in_atomic_block:
        raise RuntimeError("claim_version() must run inside transaction.atomic()")
    rows = model._base_manager.using(db).filter(pk=instance.pk, version=loaded_version)
    if rows.update(version=loaded_version) == 1:
        instance.version = loaded_version
        return
    current = model._base_manager.using(db).filter(pk=instance.pk).values_list("version")
    raise StaleVersion(loaded_version, current.first()[0] if current.exists() else None)


class OptimisticLockFormMixin(forms.Form):
    """Adds the hidden loaded version to a ModelForm and refuses a stale save in clean()."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # An inline formset saves only the rows that changed, so it claims only those.
    claims_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not (self.claims_unchanged or self.has_changed()):
            return cleaned
        loaded = cleaned.get(VERSION_FIELD)
        if loaded is None:
            raise ValidationError(_("The form lost its version stamp; reload the page."))
        try:
            claim_version(self.instance, loaded)
        except StaleVersion as stale:
            raise ValidationError(
                STALE_MESSAGE, code="stale", params={"loaded": loaded, "current": stale.current}
            ) from None
        return cleaned


def locked_form(form_class):
    """`form_class` with OptimisticLockFormMixin mixed in (once)."""
    if issubclass(form_class, OptimisticLockFormMixin):
        return form_class
    return type(form_class.__name__, (OptimisticLockFormMixin, form_class), {})


class OptimisticLockAdminMixin:
    """ModelAdmin mixin: the change form carries the loaded version and refuses stale saves.

    Put it first among the bases. It works with `fields`, `fieldsets` or neither.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "form" not in kwargs:
            readonly = self.get_readonly_fields(request, obj)
            attrs = dict.fromkeys(f for f in readonly if f in self.form.declared_fields)
            kwargs["form"] = type(self.form.__name__, (locked_form(self.form),), attrs)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {name for _title, opts in fieldsets for name in _flatten(opts["fields"])}
        if VERSION_FIELD in names:
            return fieldsets
        return [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]


def _flatten(fields):
    for field in fields:
        if isinstance(field, list | tuple):
            yield from field
        else:
            yield field
