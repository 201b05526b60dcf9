"""Agreements: the instruments of cooperation."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry import models
from registry.admin.base import (
    ImportExportRecordAdmin,
    RecordForm,
    count_of,
    counted,
    names_of,
)
from registry.admin.filters import AgreementAttentionFilter
from registry.admin.resources import AgreementResource
from registry.models.agreements import is_multilateral


class AgreementForm(RecordForm):
    def clean(self):
        cleaned = super().clean()
        # The party rows are checked against the partners chosen on this form, not those
        # saved before it (registry.admin.agreements.PartyFormSet reads them here).
        if "partners" in cleaned:
            self.instance.partners_chosen = list(cleaned["partners"])
        return cleaned


class PartyFormSet(forms.BaseInlineFormSet):
    """Party rows only for an agreement with several parties (several partners, or a forum):
    a bilateral agreement keeps its one set of dates."""

    def clean(self):
        super().clean()
        rows = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and form.cleaned_data.get("partner")
        ]
        if not rows:
            return
        agreement = self.instance
        partners = getattr(agreement, "partners_chosen", None)
        if partners is None:
            partners = list(agreement.partners.all()) if agreement.pk else []
        if partners and not is_multilateral(partners):
            raise forms.ValidationError(
                _(
                    "A bilateral agreement keeps its own dates above; party rows are for an "
                    "agreement with several partners or with a forum."
                )
            )


class AgreementPartyInline(admin.TabularInline):
    """Each party's own dates, for a multilateral agreement (one row per party)."""

    model = models.AgreementParty
    formset = PartyFormSet
    verbose_name = _("party's own dates")
    verbose_name_plural = _("Each party's own dates (multilateral agreements)")
    extra = 0
    fields = ["partner", "status", "signed_on", "in_force_from", "withdrawn_on", "source"]
    autocomplete_fields = ["partner"]


@admin.register(models.Agreement)
class AgreementAdmin(ImportExportRecordAdmin):
    form = AgreementForm
    inlines = [AgreementPartyInline]
    resource_classes = [AgreementResource]
    list_display = [
        "title",
        "instrument",
        names_of("partners", _("partners")),
        "indian_agency",
        "status",
        "signed_on",
        "valid_until",
        counted("group_count", _("working groups")),
        "is_published",
        "is_sample",
    ]
    list_filter = ["status", "instrument", AgreementAttentionFilter, "indian_agency"]
    list_select_related = ["indian_agency"]
    search_fields = ["title", "reference", "partner_agency", "summary", "partners__name"]
    autocomplete_fields = ["partners", "indian_agency", "areas", "supersedes", "amends"]
    date_hierarchy = "signed_on"
    main_fieldsets = [
        (None, {"fields": ["instrument", "title", "reference", "partners", "is_binding"]}),
        (_("Parties"), {"fields": ["indian_agency", "partner_agency", "areas"]}),
        (
            _("Dates and status"),
            {
                "fields": [
                    ("signed_on", "signed_precision"),
                    "in_force_from",
                    "valid_until",
                    "status",
                    "review_cadence_months",
                ]
            },
        ),
        (
            _("Term and renewal"),
            {
                "description": _(
                    "Only as the agreement's text or a source states them; leave empty what is "
                    "not known. The next expiry and the last day to give notice are computed."
                ),
                "fields": [
                    ("initial_term", "initial_term_unit"),
                    "renewal_kind",
                    ("renewal_term", "renewal_term_unit"),
                    "notice_months",
                    "renewal_rule",
                ],
            },
        ),
        (_("Related instruments"), {"fields": ["supersedes", "amends"]}),
        (_("Content"), {"fields": ["summary", "document_url"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("partners")
            .annotate(
                group_count=count_of(models.JointWorkingGroup.agreements.through, "agreement")
            )
        )
