"""What every registry ModelAdmin shares: drafts and publishing, provenance, history reasons."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import DateTimeField, TextField
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from registry import audit, catalogue, permissions
from registry.admin.actions import publish, unpublish
from registry.admin.changes import ProposalAdminMixin, admin_url
from registry.admin.filters import PublicationFilter, SampleFilter
from registry.admin.imports import ImportLimitsMixin
from registry.admin.widgets import IndianSplitDateTime
from registry.locking import VERSION_FIELD, OptimisticLockAdminMixin, OptimisticLockFormMixin
from registry.models import base
from registry.publishing import NEVER_PUBLISHED, publish_problems

RECORD_READONLY = ("identifier", "created_at", "updated_at", "version")
PROVENANCE_FIELDS = (
    "source",
    "source_url",
    "source_kind",
    "last_verified",
    "note",
    "source_locator",
)


class TextareaField(forms.CharField):
    """A textarea's text with LF line breaks: browsers send them as CR LF (the HTML rule),
    so without this an untouched multi-line field would count as changed at every save."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


# Datetimes in Indian time; text areas stored as they were typed, with LF line breaks.
FORMFIELD_OVERRIDES = {
    DateTimeField: {"widget": IndianSplitDateTime},
    TextField: {"form_class": TextareaField, "widget": admin_widgets.AdminTextareaWidget},
}


def public_url(obj) -> str | None:
    """ "View on site" only for a record the public can see: never a draft or a staff-only one."""
    if not (permissions.is_public(obj) and hasattr(obj, "get_absolute_url")):
        return None
    return obj.get_absolute_url()


def staff_users():
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")


class RecordForm(forms.ModelForm):
    """A change form with an optional reason, kept in the record's history."""

    change_reason = forms.CharField(
        label=_("Reason for change"),
        required=False,
        max_length=100,
        help_text=_("Optional. Kept in the history with your name and the time."),
    )

    def _post_clean(self):
        super()._post_clean()
        if not permissions.is_public(self.instance):
            return  # a draft, or a staff-only record whose flag means nothing
        unsaved_m2m = {
            f.name: self.cleaned_data[f.name]
            for f in self.instance._meta.many_to_many
            if f.name in self.cleaned_data
        }
        problems = publish_problems(self.instance, unsaved_m2m)
        if problems:
            message = _("Cannot publish: %(problems)s.") % {"problems": "; ".join(problems)}
            field = "is_published" if "is_published" in self.fields else None
            self.add_error(field, message)


class DraftOnlyInlineForm(OptimisticLockFormMixin, forms.ModelForm):
    """An inline row: changed only by users the one rule lets change it (registry.permissions),
    and, like the main form, refused when someone saved the row since the page was loaded."""

    user = None  # set per request by RecordInline.get_formset
    claims_unchanged = False  # Django saves only the rows that changed

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            refusal = permissions.change_refusal(self.user, self.instance)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


class RecordInlineFormSet(forms.BaseInlineFormSet):
    """Deleting a row is a change of it too: the formset skips the errors of rows marked for
    deletion, so the rule is asked here."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.instance.pk and self._should_delete_form(form):
                refusal = permissions.change_refusal(form.user, form.instance, "delete")
                if refusal:
                    raise forms.ValidationError(refusal)


class RecordInline(admin.TabularInline):
    """Inline child records: new rows start as drafts; publishing happens on their own page."""

    form = DraftOnlyInlineForm
    formset = RecordInlineFormSet
    extra = 0
    show_change_link = True
    formfield_overrides = FORMFIELD_OVERRIDES
    view_on_site = staticmethod(public_url)

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), VERSION_FIELD]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type("DraftOnlyForm", (self.form,), {"user": request.user})
        return super().get_formset(request, obj, **kwargs)


class RecordAdmin(OptimisticLockAdminMixin, ProposalAdminMixin, SimpleHistoryAdmin):
    """Base admin of a Record: main fieldsets come from `main_fieldsets` on the subclass.

    OptimisticLockAdminMixin (registry/locking.py) comes first, as its docstring asks: a
    stale change form is refused rather than overwriting someone else's edit.
    ProposalAdminMixin (registry/admin/changes.py) adds the propose page of change requests.
    """

    form = RecordForm
    main_fieldsets: tuple = ()
    list_per_page = 50
    # A filtered changelist says how many rows match, not also how many there are in all:
    # that second count read every row of the table on every filtered page.
    show_full_result_count = False
    actions = [publish, unpublish]
    formfield_overrides = FORMFIELD_OVERRIDES
    view_on_site = staticmethod(public_url)

    # Publishing
    def has_publish_permission(self, request, obj=None) -> bool:
        return permissions.may_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        # Editors change drafts; a published record is changed by those who may publish it.
        if obj is not None:
            return permissions.may_change(request.user, obj)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None:
            return permissions.may_change(request.user, obj, "delete")
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *RECORD_READONLY]
        if not self.has_publish_permission(request, obj):
            readonly.append("is_published")
        return readonly

    def get_list_filter(self, request):
        publication = [] if self.model in NEVER_PUBLISHED else [PublicationFilter]
        return [*super().get_list_filter(request), *publication, SampleFilter]

    # Layout
    @property
    def fieldsets(self):
        # An attribute, not get_fieldsets(): OptimisticLockAdminMixin.get_fieldsets adds the
        # hidden loaded version to whatever fieldsets an admin has.
        publication = (
            ("is_sample",) if self.model in NEVER_PUBLISHED else ("is_published", "is_sample")
        )
        return [
            *self.main_fieldsets,
            *self.hindi_fieldsets(),
            (_("Publication"), {"fields": publication}),
            (_("Provenance"), {"fields": PROVENANCE_FIELDS}),
            (_("Record"), {"fields": RECORD_READONLY, "classes": ["collapse"]}),
            (_("Reason for change"), {"fields": ("change_reason",)}),
        ]

    def hindi_fieldsets(self) -> list:
        """The type's optional Hindi fields (the catalogue's `hindi_fields`), in one fieldset."""
        names = catalogue.hindi_field_names(self.model)
        if not names:
            return []
        note = _(
            "Optional. The Hindi pages show these where they are filled in, and the English "
            "text marked “English only” where they are not. Type Hindi from a source; do not "
            "machine-translate."
        )
        return [(_("Hindi"), {"fields": names, "description": note})]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in catalogue.hindi_field_names(self.model):
            # Typed in Hindi: spell-checkers and screen readers use the right language.
            formfield.widget.attrs["lang"] = "hi"
        return formfield

    def get_search_fields(self, request):
        names = catalogue.hindi_field_names(self.model)
        return [*super().get_search_fields(request), *names]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None):
            self._prepare_revert(request, obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def _prepare_revert(self, request, old):
        """Reverting loads an old version on purpose; two things still come from today's row.

        The version, or the lock would refuse every revert as a stale edit; and, for someone
        who may not publish, the published flag, so a revert never publishes or unpublishes.
        """
        current = self.model._base_manager.filter(pk=old.pk).values("version", "is_published")
        current = current.first()
        if current is None:
            return
        old.version = current["version"]
        if not self.has_publish_permission(request):
            old.is_published = current["is_published"]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history lets anyone who may view the history post a revert; reverting is a
        # change of today's record, so the one rule is asked of today's record.
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None:
                raise Http404(_("This record no longer exists; there is nothing to revert."))
            refusal = permissions.change_refusal(request.user, current)
            if refusal:
                messages.error(request, refusal)
                return HttpResponseRedirect(admin_url(self.model, "history", current.pk))
        # The form claims the version it was loaded at, which needs a transaction.
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Responsible staff are picked from a plain list of active staff: an autocomplete
        # would need every role to hold the permission to view all user accounts.
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = staff_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # History
    def save_model(self, request, obj, form, change):
        reason = typed = form.cleaned_data.get("change_reason") or None
        old = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if reason is None and old is not None:
            reason = _("Reverted to the version of %(when)s") % {
                "when": date_format(localtime(old.history_date), "DATETIME_FORMAT")
            }
        obj._change_reason = reason
        super().save_model(request, obj, form, change)
        if old is not None:
            detail = reverted(old, typed)
            audit.record(audit.Action.REVERTED, obj=obj, request=request, detail=detail)


def reverted(old, typed: str | None) -> str:
    """The audit trail's detail of a revert: which version, and the reason typed, if any."""
    detail = f"to the version of {localtime(old.history_date):%Y-%m-%d %H:%M} IST"
    return f"{detail}: {typed}" if typed else detail


def count_of(model, field: str):
    """How many `model` rows (drafts included: staff see them) point at the outer row."""
    return base.count_of(model._default_manager.all(), field)


def counted(attr: str, label):
    """A changelist column showing a count annotated in get_queryset (no query per row)."""

    @admin.display(description=label, ordering=attr)
    def column(obj):
        return getattr(obj, attr)

    return column


def names_of(attr: str, label):
    """A changelist column listing prefetched related records (one query for the page)."""

    @admin.display(description=label)
    def column(obj):
        return ", ".join(str(related) for related in getattr(obj, attr).all())

    return column


class ImportExportRecordAdmin(ImportLimitsMixin, ImportExportMixin, ExportActionMixin, RecordAdmin):
    """A RecordAdmin with import (preview first, within the limits of registry/admin/imports.py)
    and export of the filtered changelist."""

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def get_import_data_kwargs(self, **kwargs):
        # The confirm step re-runs the import for real; roll back on any invalid row there too
        # (import-export only does so by default in the preview).
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        # import-export reports success even when the confirm step rolled back; say instead
        # which rows failed and why, and that nothing was saved.
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        for line in import_failures(result):
            messages.error(request, line)
        messages.error(request, _("Nothing was imported; correct the file and import it again."))
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))


def import_failures(result) -> list[str]:
    """One line per failed row: its number and what is wrong with it."""
    lines = [
        _("Row %(row)s: %(errors)s")
        % {
            "row": row.number,
            "errors": "; ".join(
                f"{field}: {' '.join(map(str, errors))}" for field, errors in row.error_dict.items()
            ),
        }
        for row in result.invalid_rows
    ]
    for number, errors in result.row_errors():
        lines.append(
            _("Row %(row)s: %(errors)s")
            % {"row": number, "errors": "; ".join(str(e.error) for e in errors)}
        )
    return lines
