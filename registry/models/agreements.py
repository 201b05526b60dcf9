"""Agreements: MoUs, letters of intent, programmes of cooperation and other instruments."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import schedule
from registry.models.base import (
    WEB_URL,
    Precision,
    Record,
    ReviewDueQuerySet,
    dates_in_order,
    format_partial_date,
    published_prefetch,
)


class AgreementQuerySet(ReviewDueQuerySet):
    def live(self):
        """Agreements in effect as far as the registry knows: signed or in force."""
        return self.filter(status__in=[Agreement.Status.SIGNED, Agreement.Status.IN_FORCE])

    def existing_on(self, day: datetime.date):
        """Agreements signed by `day`; one with no signing date, if created by then."""
        signed = models.Q(signed_on__lte=day)
        created = models.Q(signed_on__isnull=True, created_at__lt=schedule.end_of_day(day))
        return self.filter(signed | created)

    def expiring_within(self, days: int, today: datetime.date):
        """Agreements whose validity ends in the next `days` days (today included)."""
        end = schedule.days_after(today, days)
        return self.live().filter(valid_until__gte=today, valid_until__lte=end)

    def signed_not_in_force(self):
        return self.filter(status=Agreement.Status.SIGNED)

    def review_due_dates(self, day: datetime.date) -> dict:
        """pk → when each live agreement with a review cadence falls due for review as of
        `day`: the last meeting held by then of a group reviewing it, or its start (entry
        into force, else signing) when later or when none was held, plus its own cadence."""
        held = models.Q(
            working_groups__reviews__status="held", working_groups__reviews__held_on__lte=day
        )
        rows = (
            self.live()
            .filter(review_cadence_months__isnull=False)
            .annotate(last_held_on=models.Max("working_groups__reviews__held_on", filter=held))
            .values_list(
                "pk", "last_held_on", "review_cadence_months", "in_force_from", "signed_on"
            )
        )
        dues = {
            pk: schedule.review_due(held_on, cadence, in_force or signed)
            for pk, held_on, cadence, in_force, signed in rows
        }
        return {pk: due for pk, due in dues.items() if due is not None}

    def with_public_relations(self):
        """Published partners and areas as `public_partners` / `public_areas` lists."""
        return self.prefetch_related(
            published_prefetch(self.model, "partners", "public_partners"),
            published_prefetch(self.model, "areas", "public_areas"),
        )

    def for_list(self):
        """Public lists, hubs and exports: only published related records are attached."""
        return self.select_related("indian_agency").with_public_relations()

    def for_detail(self):
        """An agreement page: its chain of groups, meetings, calls, memberships and versions."""
        from registry.models.calls import JointCall
        from registry.models.facilities import FacilityMembership
        from registry.models.reviews import JointWorkingGroup, JWGReview

        def linked_by(field):
            # Redundant with the prefetch's own `field IN (...)`, and there for SQLite: when
            # almost every row has no `field`, ANALYZE says an equality on its index matches
            # ~all rows, so SQLite walks agreement_pub_order_idx for ORDER BY instead (~200 ms
            # at 100k). `id IN (rows with a non-null field)` is a range over that index
            # (NULLs sort first) and leaves the displayed order (Meta.ordering) unchanged.
            linking = Agreement.objects.filter(**{f"{field}__isnull": False}).values("pk")
            return Agreement.objects.filter(pk__in=linking)

        reviews = JWGReview.objects.prefetch_related(
            published_prefetch(JWGReview, "calls", "public_calls")
        )
        groups = JointWorkingGroup.objects.prefetch_related(
            published_prefetch(JointWorkingGroup, "reviews", "public_reviews", reviews)
        )
        calls = JointCall.objects.select_related("review")
        memberships = FacilityMembership.objects.select_related("facility")
        return (
            self.select_related("indian_agency", "supersedes", "amends")
            .with_public_relations()
            .prefetch_related(
                published_prefetch(
                    self.model, "superseded_by", "public_superseded_by", linked_by("supersedes")
                ),
                published_prefetch(
                    self.model, "amendments", "public_amendments", linked_by("amends")
                ),
                published_prefetch(self.model, "working_groups", "public_groups", groups),
                published_prefetch(self.model, "calls", "public_calls", calls),
                published_prefetch(
                    self.model, "facility_memberships", "public_memberships", memberships
                ),
            )
        )


class Agreement(Record):
    """An instrument of cooperation between India and one or more partners."""

    class Instrument(models.TextChoices):
        MOU = "mou", _("Memorandum of Understanding (MoU)")
        LOI = "loi", _("Letter of Intent (LoI)")
        POC = "poc", _("Programme of Cooperation (PoC)")
        AGREEMENT = "agreement", _("Agreement")
        OTHER = "other", _("Other instrument")

    class Status(models.TextChoices):
        UNDER_NEGOTIATION = "under_negotiation", _("Under negotiation")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")
        SUPERSEDED = "superseded", _("Superseded")

    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    is_binding = models.BooleanField(
        _("legally binding"), null=True, blank=True, help_text=_("Empty when not known.")
    )
    title = models.CharField(_("title"), max_length=400)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        "registry.Partner",
        related_name="agreements",
        verbose_name=_("partners"),
        help_text=_("One for a bilateral agreement; several, or a forum, for a multilateral one."),
    )
    indian_agency = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("Indian agency"),
    )
    partner_agency = models.CharField(_("partner agency"), max_length=300, blank=True)
    areas = models.ManyToManyField(
        "registry.ResearchArea", blank=True, related_name="agreements", verbose_name=_("areas")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_precision = models.CharField(
        _("precision of signing date"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    renewal_rule = models.CharField(_("renewal rule"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SIGNED
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    review_cadence_months = models.PositiveSmallIntegerField(
        _("review cadence (months)"), null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    document_url = models.URLField(
        _("document link"), max_length=500, blank=True, validators=[WEB_URL]
    )
    history = HistoricalRecords(m2m_fields=[partners, areas])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "title", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        permissions = [("publish_agreement", "Can publish agreement")]
        constraints = [
            models.CheckConstraint(
                condition=dates_in_order("signed_on", "in_force_from"),
                name="agreement_in_force_after_signing",
            ),
            models.CheckConstraint(
                condition=dates_in_order("in_force_from", "valid_until"),
                name="agreement_valid_until_after_in_force",
            ),
            models.CheckConstraint(
                condition=dates_in_order("signed_on", "valid_until"),
                name="agreement_valid_until_after_signing",
            ),
            models.CheckConstraint(
                condition=~models.Q(supersedes=models.F("id")),
                name="agreement_not_superseding_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(review_cadence_months__isnull=True)
                | models.Q(review_cadence_months__gte=1),
                name="agreement_review_cadence_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "signed_on"], name="agreement_status_signed_idx"),
            models.Index(fields=["valid_until"], name="agreement_valid_until_idx"),
            models.Index(fields=["is_published", "signed_on"], name="agreement_pub_signed_idx"),
            # The public list's order (Meta.ordering) over published rows: its pages'
            # ids come from an index-only scan, so a deep page is not O(offset) row reads.
            models.Index(
                models.F("signed_on").desc(),
                "title",
                "id",
                condition=models.Q(is_published=True),
                name="agreement_pub_order_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:agreement_detail", kwargs={"pk": self.pk})

    @property
    def signed_display(self) -> str:
        return format_partial_date(self.signed_on, self.signed_precision)
