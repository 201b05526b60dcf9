"""Per-party dates: each party's own signature, entry into force and withdrawal of a
multilateral agreement (registry.models.agreements.Agreement)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from registry.models.agreements import Agreement
from registry.models.base import dates_in_order


class AgreementPartyQuerySet(models.QuerySet):
    def public(self):
        """Rows the public may see: a row naming a draft partner is left out, as a draft
        partner is left out of the agreement's partners."""
        return self.filter(partner__is_published=True)

    def in_table_order(self):
        return self.order_by(Lower("partner__name"), "id")


class AgreementPartyManager(models.Manager.from_queryset(AgreementPartyQuerySet)):
    def get_queryset(self):
        # Every row is shown with its partner's name: joined, never one query a row.
        return super().get_queryset().select_related("partner")


class AgreementParty(models.Model):
    """One party to a multilateral agreement (or to one concluded with a forum), with its own
    signature, entry into force and withdrawal: the Netherlands Treaty Database's table of
    parties. Part of its agreement (published with it); a bilateral agreement has none."""

    class Status(models.TextChoices):
        UNKNOWN = "", _("Not stated")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DENOUNCED = "denounced", _("Denounced")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    partner = models.ForeignKey(
        "registry.Partner",
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("party"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, blank=True, default=Status.UNKNOWN
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    withdrawn_on = models.DateField(
        _("withdrawn or denounced on"),
        null=True,
        blank=True,
        help_text=_("The day its withdrawal or denunciation took effect."),
    )
    source = models.CharField(_("source"), max_length=500, blank=True)

    objects = AgreementPartyManager()

    class Meta:
        ordering = ["agreement_id", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"], name="agreementparty_once_per_agreement"
            ),
            models.CheckConstraint(
                condition=dates_in_order("signed_on", "in_force_from"),
                name="agreementparty_in_force_after_signing",
            ),
            models.CheckConstraint(
                condition=dates_in_order("in_force_from", "withdrawn_on"),
                name="agreementparty_withdrawal_after_in_force",
            ),
            models.CheckConstraint(
                condition=dates_in_order("signed_on", "withdrawn_on"),
                name="agreementparty_withdrawal_after_signing",
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.agreement}"

    def get_absolute_url(self):
        return self.agreement.get_absolute_url()

    def clean(self):
        super().clean()
        errors = {}
        signed, in_force, withdrawn = self.signed_on, self.in_force_from, self.withdrawn_on
        if signed and in_force and in_force < signed:
            errors["in_force_from"] = _("Entry into force cannot be before signature.")
        if withdrawn and in_force and withdrawn < in_force:
            errors["withdrawn_on"] = _("Withdrawal cannot be before entry into force.")
        elif withdrawn and signed and withdrawn < signed:
            errors["withdrawn_on"] = _("Withdrawal cannot be before signature.")
        if errors:
            raise ValidationError(errors)
