"""Change requests in the admin: the propose page beside each published record, the list of
proposals and the review page where a publisher approves or rejects one.

The rules (who may propose, who may decide, applying a proposal) live in
registry/models/changes.py; the views here only show pages and pass decisions on.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import catalogue, permissions
from registry.locking import VERSION_FIELD
from registry.models import ChangeRequest
from registry.models.changes import (
    Refused,
    may_propose,
    models_decided_by,
    models_proposed_by,
    to_json,
)

# Never proposed: publishing is a publisher's own decision; the change form's reason and
# version stamp are replaced by the proposal's reason and base version.
NOT_PROPOSED = {"is_published", "change_reason", VERSION_FIELD}
Status = ChangeRequest.Status


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def when(moment) -> str:
    return date_format(localtime(moment), "DATETIME_FORMAT")


# -- proposing --------------------------------------------------------------------------


class ProposalFormMixin(forms.Form):
    """Turns a record's change form into a proposal: a required reason, the version the
    page was loaded at, and only the fields that differ."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required. The publisher reads it; the record's history keeps it."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        base = cleaned.get("base_version")
        if base is None:
            raise ValidationError(_("The form lost its version stamp; reload the page."))
        if base != self.instance.version:
            raise ValidationError(
                _(
                    "The record changed while you wrote your proposal (version %(base)s → "
                    "%(now)s). Open the propose page again and re-apply your changes."
                )
                % {"base": base, "now": self.instance.version}
            )
        if not self.proposed_names():
            raise ValidationError(
                _("Nothing changed: change at least one field to propose a change."),
                code="nothing_changed",
            )
        return cleaned

    def proposed_names(self) -> list[str]:
        fields = {f.name for f in self.instance._meta.get_fields()}
        return [name for name in self.changed_data if name in fields]

    def proposed(self) -> dict:
        opts = self.instance._meta
        return {
            name: to_json(opts.get_field(name), self.cleaned_data[name])
            for name in self.proposed_names()
        }

    def save_proposal(self, user) -> ChangeRequest:
        """Store the proposal; the record itself is not touched."""
        return ChangeRequest.objects.create(
            record=self.instance,
            base_version=self.cleaned_data["base_version"],
            proposed=self.proposed(),
            reason=self.cleaned_data["reason"].strip(),
            proposed_by=user,
        )


def _kept(line, names: set):
    """A fieldset line (a name or a tuple of names) without the names not in `names`."""
    if isinstance(line, list | tuple):
        kept = tuple(name for name in line if name in names)
        return kept if len(kept) > 1 else (kept[0] if kept else None)
    return line if line in names else None


class ProposalAdminMixin:
    """RecordAdmin part: the propose page and, on a record's change page, the "Propose a
    change" link and what became of the user's own proposals."""

    def get_urls(self):
        opts = self.model._meta
        propose = path(
            "<path:object_id>/propose/",
            self.admin_site.admin_view(self.propose_view),
            name=f"{opts.app_label}_{opts.model_name}_propose",
        )
        return [propose, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if change and obj is not None and self.model in catalogue.publishable_models():
            # The page the admin would show (import-export's, Django's), with the links added.
            response.context_data["change_form_base"] = select_template(
                [response.template_name]
                if isinstance(response.template_name, str)
                else response.template_name
            )
            response.context_data.update(self._proposal_context(request, obj))
            response.template_name = "admin/registry/record_change_form.html"
        return response

    def _proposal_context(self, request, record) -> dict:
        user = request.user
        context = {}
        if may_propose(user, record):
            context["propose_url"] = admin_url(self.model, "propose", record.pk)
            own = ChangeRequest.objects.for_record(record).filter(proposed_by=user)
            tell_about_own_proposal(request, own.exclude(status=Status.WITHDRAWN).first())
        if self.model in models_decided_by(user):
            waiting = ChangeRequest.objects.for_record(record).decidable_by(user).count()
            if waiting:
                context["waiting_proposals"] = waiting
                context["waiting_url"] = proposals_url(record)
        return context

    def proposal_form(self, request):
        """The change form's fields (widgets included) as a proposal form, without inlines."""
        fieldsets = self.get_fieldsets(request, None)
        readonly = set(self.get_readonly_fields(request, None))
        fields = [
            name
            for name in flatten_fieldsets(fieldsets)
            if name not in NOT_PROPOSED and name not in readonly
        ]
        base = type("ProposalForm", (ProposalFormMixin, self.form), {"change_reason": None})
        return self.get_form(request, None, change=False, fields=fields, form=base)

    def proposal_fieldsets(self, request, form):
        names = set(form.base_fields) - {"reason", "base_version"}
        fieldsets = []
        for title, options in self.get_fieldsets(request, None):
            lines = [kept for line in options["fields"] if (kept := _kept(line, names))]
            if lines:
                fieldsets.append((title, {**options, "fields": lines}))
        proposal = (_("Your proposal"), {"fields": ["reason", "base_version"]})
        return [*fieldsets, proposal]

    def propose_view(self, request, object_id):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404(_("No such record."))
        if not may_propose(request.user, record):
            return self._not_proposable(request, record)
        form_class = self.proposal_form(request)
        form = form_class(request.POST or None, instance=record)
        if request.method == "POST" and form.is_valid():
            proposal = form.save_proposal(request.user)
            messages.success(
                request,
                _(
                    "Your proposal (%(proposal)s) waits for a publisher's decision; the "
                    "published record is unchanged until it is approved."
                )
                % {"proposal": proposal},
            )
            return HttpResponseRedirect(admin_url(self.model, "change", record.pk))
        return self._render_proposal(request, record, form)

    def _not_proposable(self, request, record):
        if permissions.may_change(request.user, record):
            messages.info(request, _("You may change this record directly."))
            return HttpResponseRedirect(admin_url(self.model, "change", record.pk))
        raise PermissionDenied

    def _render_proposal(self, request, record, form):
        fieldsets = self.proposal_fieldsets(request, form)
        adminform = helpers.AdminForm(form, fieldsets, {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Propose a change to %(record)s") % {"record": record},
            "opts": self.model._meta,
            "original": record,
            "adminform": adminform,
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + adminform.media,
            "change_url": admin_url(self.model, "change", record.pk),
            "has_view_permission": self.has_view_permission(request, record),
        }
        return TemplateResponse(request, "admin/registry/propose.html", context)


def tell_about_own_proposal(request, proposal) -> None:
    """A message on the record's page about the user's latest proposal for it."""
    if proposal is None or proposal.status == Status.APPROVED:
        return
    values = {"date": when(proposal.created_at), "note": proposal.decision_note}
    if proposal.status == Status.PENDING:
        messages.info(request, _("Your proposal of %(date)s waits for a decision.") % values)
    else:
        messages.warning(request, _("Your proposal of %(date)s was rejected: %(note)s") % values)


def proposals_url(record=None) -> str:
    url = reverse("admin:registry_changerequest_changelist") + "?waiting=me"
    if record is not None:
        url += f"&record_type={catalogue.of(type(record)).stem}&object_id={record.pk}"
    return url


# -- the list and the review page --------------------------------------------------------


class WaitingForMeFilter(admin.SimpleListFilter):
    title = gettext_lazy("waiting for")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("me", _("my decision"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.decidable_by(request.user)
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = gettext_lazy("proposed by")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("me"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(proposed_by=request.user)
        return queryset


class RecordTypeFilter(admin.SimpleListFilter):
    title = gettext_lazy("kind of record")
    parameter_name = "record_type"

    def lookups(self, request, model_admin):
        return [(t.stem, t.model._meta.verbose_name_plural) for t in catalogue.public()]

    def queryset(self, request, queryset):
        chosen = [t.model for t in catalogue.public() if t.stem == self.value()]
        return queryset.of_models(chosen) if chosen else queryset


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the proposer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required to reject: the proposer reads it."),
    )


DECISIONS = {"_approve", "_reject", "_withdraw"}


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """Proposals: staff who may propose or decide see them; the review page decides."""

    list_display = [
        "__str__",
        "record_link",
        "record_type",
        "proposed_by",
        "created_at",
        "status",
        "decided_by",
        "decision_note",
    ]
    list_display_links = ["__str__"]
    list_filter = [WaitingForMeFilter, "status", RecordTypeFilter, MineFilter]
    list_select_related = ["content_type", "proposed_by", "decided_by"]
    search_fields = ["reason", "decision_note", "proposed_by__username"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def changelist_view(self, request, extra_context=None):
        """Links sent before the filter was renamed said `?kind=<model name>`: follow them."""
        if "kind" in request.GET:
            query = request.GET.copy()
            name = query.pop("kind")[-1]
            found = [t for t in catalogue.public() if t.model_name == name]
            if found:
                query["record_type"] = found[0].stem
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    # Permissions: derived from the records' own (registry.permissions), no roles of their own.
    def has_view_permission(self, request, obj=None):
        user = request.user
        if obj is not None:
            return permissions.may(user, "change", obj.model)
        return bool(models_proposed_by(user) or models_decided_by(user))

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False  # proposals are made on the record's own propose page

    def has_change_permission(self, request, obj=None):
        return False  # decisions go through the review page's buttons, not a form

    def has_delete_permission(self, request, obj=None):
        return False  # kept as the record of staff work

    @admin.display(description=gettext_lazy("record"))
    def record_link(self, proposal):
        record = proposal.record
        if record is None:
            return _("(deleted)")
        return format_html(
            '<a href="{}">{}</a>', admin_url(type(record), "change", record.pk), record
        )

    @admin.display(description=gettext_lazy("kind of record"), ordering="content_type")
    def record_type(self, proposal):
        return proposal.model._meta.verbose_name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: the diff, and the decisions the user may take."""
        queryset = ChangeRequest.objects.select_related("content_type", "proposed_by")
        proposal = get_object_or_404(queryset, pk=unquote(object_id))
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return self._decide(request, proposal, form.cleaned_data["note"])
        return self._render_review(request, proposal, form)

    def _decide(self, request, proposal, note: str):
        action = next((name for name in DECISIONS if name in request.POST), None)
        try:
            if action == "_approve":
                proposal.approve(request.user)
                messages.success(request, _("Approved: the record now shows the change."))
            elif action == "_reject":
                proposal.reject(request.user, note)
                messages.success(request, _("Rejected; the proposer sees your note."))
            elif action == "_withdraw":
                proposal.withdraw(request.user)
                messages.success(request, _("Withdrawn."))
            else:
                raise Refused(_("Choose approve, reject or withdraw."))
        except Refused as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("admin:registry_changerequest_changelist"))

    def _render_review(self, request, proposal, form):
        user = request.user
        record = proposal.current_record()
        outdated = ChangeRequest.is_outdated(record, proposal.base_version)
        refusal = proposal.decision_refusal(user)
        context = {
            **self.admin_site.each_context(request),
            "title": str(proposal),
            "opts": self.opts,
            "original": proposal,
            "proposal": proposal,
            "record": record,
            "record_url": record and admin_url(type(record), "change", record.pk),
            "record_type": proposal.model._meta.verbose_name,
            "diff": proposal.diff(record),
            "outdated": proposal.is_pending and outdated,
            "outdated_message": proposal.outdated_message(record),
            "may_decide": proposal.is_pending and refusal is None,
            "may_approve": proposal.is_pending and refusal is None and not outdated,
            "may_withdraw": proposal.is_pending and user.pk == proposal.proposed_by_id,
            "refusal": proposal.is_pending and refusal,
            "form": form,
            "has_view_permission": True,
            "proposed_at": when(proposal.created_at),
            "decided_at": proposal.decided_at and when(proposal.decided_at),
        }
        return TemplateResponse(request, "admin/registry/changerequest/review.html", context)


# -- the admin index: how many proposals wait for this user --------------------------------


def waiting_count(user) -> int | None:
    """How many proposals wait for `user`'s decision; None when they may decide none."""
    if not models_decided_by(user):
        return None
    return ChangeRequest.objects.decidable_by(user).count()
