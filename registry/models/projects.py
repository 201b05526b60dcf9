"""Joint R&D projects funded under calls, and their results (the outcomes of a call).

A project is a Record with pages of its own; its results are Records shown on the project's
page (the FacilityMembership pattern), kept as inline rows of the project in the admin.
Counts shown to the public take published results of published projects only.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import (
    WEB_URL,
    Precision,
    Record,
    RecordQuerySet,
    dates_in_order,
    format_partial_date,
    published_prefetch,
)

# A DOI as printed ("10.18520/cs/v113/i04/631-638"), without the https://doi.org/ prefix.
DOI = RegexValidator(
    r"^10\.\d{4,9}/\S+$",
    _("Enter a DOI such as 10.18520/cs/v113/i04/631-638 (no https://doi.org/)."),
)


class ProjectQuerySet(RecordQuerySet):
    def in_list_order(self):
        """Latest start first; projects with no start date last."""
        return self.order_by(models.F("started_on").desc(nulls_last=True), "title", "id")

    def in_date_order(self):
        """Earliest start first, as a chain of events reads; undated projects last."""
        return self.order_by(models.F("started_on").asc(nulls_last=True), "title", "id")

    def with_public_relations(self):
        return self.prefetch_related(
            published_prefetch(self.model, "partners", "public_partners"),
            published_prefetch(self.model, "areas", "public_areas"),
        )

    def for_list(self):
        return (
            self.select_related("call", "indian_institution")
            .with_public_relations()
            .with_published_count("result_count", ProjectResult, "project")
        )

    def for_detail(self):
        return (
            self.select_related("call", "call__agreement", "indian_institution")
            .with_public_relations()
            .prefetch_related(published_prefetch(self.model, "results", "public_results"))
        )

    def for_chain(self):
        """Projects as a call's or an agreement's page lists them: with published results."""
        return self.select_related("indian_institution").prefetch_related(
            published_prefetch(self.model, "results", "public_results")
        )


class Project(Record):
    """A joint R&D project funded under a call, with its lead institutions and funding."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        FUNDED = "funded", _("Funded")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")

    title = models.CharField(_("title"), max_length=400)
    call = models.ForeignKey(
        "registry.JointCall",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("call"),
        help_text=_("The joint call that funded it; the agreement is the call's."),
    )
    partners = models.ManyToManyField(
        "registry.Partner", blank=True, related_name="projects", verbose_name=_("partners")
    )
    areas = models.ManyToManyField(
        "registry.ResearchArea", blank=True, related_name="projects", verbose_name=_("areas")
    )
    # Indian institutions are agencies (kind "institute"); the registry keeps no records of
    # partner-side institutions, so that one is a name as the source gives it.
    indian_institution = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Indian lead institution"),
    )
    partner_institution = models.CharField(
        _("partner lead institution"), max_length=300, blank=True
    )
    investigators = models.CharField(
        _("principal investigators"),
        max_length=500,
        blank=True,
        help_text=_("Only where a source publishes their names."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FUNDED
    )
    started_on = models.DateField(_("start"), null=True, blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    indian_funding = models.DecimalField(
        _("Indian funding"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    indian_currency = models.CharField(_("currency of Indian funding"), max_length=3, blank=True)
    partner_funding = models.DecimalField(
        _("partner funding"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    partner_currency = models.CharField(_("currency of partner funding"), max_length=3, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("project page"), max_length=500, blank=True, validators=[WEB_URL])
    history = HistoricalRecords(m2m_fields=[partners, areas])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "title", "id"]
        verbose_name = _("joint R&D project")
        verbose_name_plural = _("joint R&D projects")
        permissions = [("publish_project", "Can publish joint R&D project")]
        constraints = [
            models.CheckConstraint(
                condition=dates_in_order("started_on", "ended_on"),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(indian_funding__isnull=True) | ~Q(indian_currency=""),
                name="project_indian_funding_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(partner_funding__isnull=True) | ~Q(partner_currency=""),
                name="project_partner_funding_has_currency",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_on"], name="project_status_start_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:project_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A project cannot end before it starts.")
        for amount, currency in (
            ("indian_funding", "indian_currency"),
            ("partner_funding", "partner_currency"),
        ):
            if getattr(self, amount) is not None and not getattr(self, currency):
                errors[currency] = _("Give the currency of the amount (INR, EUR, ...).")
        if errors:
            raise ValidationError(errors)


class ProjectResultQuerySet(RecordQuerySet):
    def published(self):
        """Published results of published projects: a draft project's results are as hidden
        as it is (pages, counts, the API and the download all start from here)."""
        return self.filter(is_published=True, project__is_published=True)

    def for_list(self):
        return self.select_related("project")

    def counts_by_kind(self, **project_lookup) -> list[tuple[str, str, int]]:
        """(kind, label, n) of the public results of the projects matching `project_lookup`
        (`call=...`, `call__agreement=...`, `partners=...`), in the order of the kinds."""
        lookup = {f"project__{name}": value for name, value in project_lookup.items()}
        # A lookup through a call asks for the call to be published too (the caller adds
        # `call__is_published`). A result reached twice (a project with two matching
        # partners) is counted once.
        matching = ProjectResult.objects.filter(**lookup).values("pk")
        rows = dict(
            self.published()
            .filter(pk__in=matching)
            .order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
        )
        return [(k, label, rows[k]) for k, label in ProjectResult.Kind.choices if rows.get(k)]


class ProjectResult(Record):
    """One result of a project: a publication, a patent, a visit, a workshop, ..."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        PATENT = "patent", _("Patent")
        EXCHANGE_VISIT = "exchange_visit", _("Exchange visit")
        WORKSHOP = "workshop", _("Workshop")
        FELLOWSHIP = "fellowship", _("Fellowship")
        DATASET = "dataset", _("Dataset")
        TECHNOLOGY_TRANSFER = "technology_transfer", _("Technology transfer")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="results", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of date"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    description = models.TextField(_("description"))
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[DOI],
        help_text=_("For a publication or dataset, where the source gives one."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[WEB_URL])
    history = HistoricalRecords()

    objects = ProjectResultQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("project result")
        verbose_name_plural = _("project results")
        permissions = [("publish_projectresult", "Can publish project result")]
        indexes = [models.Index(fields=["kind", "occurred_on"], name="projectresult_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:80]}"

    def get_absolute_url(self):
        return reverse("registry:project_detail", kwargs={"pk": self.project_id}) + (
            f"#result-{self.pk}"
        )

    @property
    def date_display(self) -> str:
        return format_partial_date(self.occurred_on, self.date_precision)

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""
