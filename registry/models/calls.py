"""Joint calls for R&D proposals, their deadlines and outcomes."""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import hindi
from registry.models.base import WEB_URL, Precision, Record, RecordQuerySet, published_prefetch


class JointCallQuerySet(RecordQuerySet):
    def open_at(self, moment: datetime.datetime | None = None):
        """Calls taking proposals at `moment`: status open and the deadline not passed."""
        moment = moment or timezone.now()
        return self.filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=moment),
            Q(closes_at__isnull=True) | Q(closes_at__gte=moment),
            status=JointCall.Status.OPEN,
        )

    def in_list_order(self):
        """Open calls, then forecast ones (soonest deadline first), then the rest, latest first."""
        upcoming = [JointCall.Status.OPEN, JointCall.Status.FORECAST]
        rank = models.Case(
            models.When(status=JointCall.Status.OPEN, then=0),
            models.When(status=JointCall.Status.FORECAST, then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        soonest = models.Case(models.When(status__in=upcoming, then="closes_at"))
        return self.annotate(status_rank=rank).order_by(
            "status_rank",
            soonest.asc(nulls_last=True),
            models.F("closes_at").desc(nulls_last=True),
            "title",
            "id",
        )

    def with_public_relations(self):
        """Published partners, areas and agencies as `public_*` lists."""
        return self.prefetch_related(
            published_prefetch(self.model, "partners", "public_partners"),
            published_prefetch(self.model, "areas", "public_areas"),
            published_prefetch(self.model, "agencies", "public_agencies"),
        )

    def for_list(self):
        return self.with_public_relations()

    def for_detail(self):
        return self.select_related("agreement", "review", "review__group").with_public_relations()


class JointCall(Record):
    """A joint call for R&D proposals launched with one or more partners."""

    class Status(models.TextChoices):
        FORECAST = "forecast", _("Forecast")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        RESULTS_ANNOUNCED = "results_announced", _("Results announced")
        CANCELLED = "cancelled", _("Cancelled")

    class DeadlinePrecision(models.TextChoices):
        TIME = "time", _("date and time")
        DAY = Precision.DAY.value, _("day")
        MONTH = Precision.MONTH.value, _("month")
        YEAR = Precision.YEAR.value, _("year")

    title = models.CharField(_("title"), max_length=400)
    partners = models.ManyToManyField(
        "registry.Partner", related_name="calls", verbose_name=_("partners")
    )
    agreement = models.ForeignKey(
        "registry.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("agreement"),
    )
    review = models.ForeignKey(
        "registry.JWGReview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("JWG review that decided it"),
    )
    agencies = models.ManyToManyField(
        "registry.Agency", blank=True, related_name="calls", verbose_name=_("Indian agencies")
    )
    partner_agency = models.CharField(_("partner agency"), max_length=300, blank=True)
    areas = models.ManyToManyField(
        "registry.ResearchArea", blank=True, related_name="calls", verbose_name=_("areas")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FORECAST
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closes_precision = models.CharField(
        _("precision of deadline"),
        max_length=5,
        choices=DeadlinePrecision.choices,
        default=DeadlinePrecision.TIME,
        help_text=_("'day' when the source gives a date but no time."),
    )
    time_zone = models.CharField(
        _("time zone of the deadline"), max_length=64, default="Asia/Kolkata"
    )
    budget = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    url = models.URLField(_("call page"), max_length=500, blank=True, validators=[WEB_URL])
    scope = models.TextField(_("scope"), blank=True)
    title_hi = hindi.char_field(_("title in Hindi"), 400)
    scope_hi = hindi.text_field(_("scope in Hindi"))
    proposals_received = models.PositiveIntegerField(_("proposals received"), null=True, blank=True)
    projects_funded = models.PositiveIntegerField(_("projects funded"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[partners, agencies, areas])

    objects = JointCallQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "title", "id"]
        verbose_name = _("joint call")
        verbose_name_plural = _("joint calls")
        permissions = [("publish_jointcall", "Can publish joint call")]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="jointcall_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(projects_funded__isnull=True)
                | Q(proposals_received__isnull=True)
                | Q(projects_funded__lte=models.F("proposals_received")),
                name="jointcall_funded_not_above_received",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(currency=""),
                name="jointcall_budget_has_currency",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "closes_at"], name="jointcall_status_closes_idx"),
            # Meta.ordering over every row: the staff changelist's pages read it in order.
            models.Index(fields=["-closes_at", "title", "id"], name="jointcall_order_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:call_detail", kwargs={"pk": self.pk})
