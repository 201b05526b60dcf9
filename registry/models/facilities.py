"""International research facilities and India's membership of them."""

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import hindi
from registry.models.base import (
    WEB_URL,
    Precision,
    Record,
    RecordQuerySet,
    dates_in_order,
    format_partial_date,
    published_prefetch,
)


class FacilityQuerySet(RecordQuerySet):
    def resolve(self, name: str):
        """The facility a name or a source spelling (alias) stands for, or None."""
        name = " ".join(name.split())
        match = self.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()
        return match or self.filter(aliases__name__iexact=name).first()

    def for_list(self):
        """Published hosts and India's published memberships as `public_*` lists."""
        return self._with_public_relations(
            FacilityMembership.objects.select_related("nodal_agency")
        )

    def for_detail(self):
        return self._with_public_relations(
            FacilityMembership.objects.select_related("nodal_agency", "agreement")
        )

    def _with_public_relations(self, memberships):
        return self.prefetch_related(
            published_prefetch(self.model, "host_partners", "public_hosts"),
            published_prefetch(self.model, "memberships", "public_memberships", memberships),
        )


class Facility(Record):
    """A research facility abroad in which India participates (CERN, FAIR, SKA, ...)."""

    class Kind(models.TextChoices):
        ACCELERATOR = "accelerator", _("Accelerator laboratory")
        TELESCOPE = "telescope", _("Telescope")
        RADIO_TELESCOPE = "radio_telescope", _("Radio telescope")
        SYNCHROTRON = "synchrotron", _("Synchrotron light source")
        BEAMLINE = "beamline", _("Beamline")
        OTHER = "other", _("Other facility")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    host_partners = models.ManyToManyField(
        "registry.Partner",
        blank=True,
        related_name="hosted_facilities",
        verbose_name=_("host partners"),
    )
    host_organisation = models.CharField(_("host organisation"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    url = models.URLField(_("website"), blank=True, validators=[WEB_URL])
    description = models.TextField(_("description"), blank=True)
    name_hi = hindi.char_field(_("name in Hindi"), 300)
    description_hi = hindi.text_field(_("description in Hindi"))
    history = HistoricalRecords(m2m_fields=[host_partners])

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["short_name", "id"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        permissions = [("publish_facility", "Can publish facility")]
        constraints = [
            models.UniqueConstraint(Lower("short_name"), name="facility_short_name_unique_ci"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("registry:facility_detail", kwargs={"slug": self.slug})


class FacilityAlias(models.Model):
    """A spelling of a facility's name used in a source ("ELLETRA", "Fermi-Lab")."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=200)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("facility alias")
        verbose_name_plural = _("facility aliases")
        constraints = [models.UniqueConstraint(Lower("name"), name="facility_alias_unique_ci")]

    def __str__(self):
        return f"{self.name} → {self.facility}"

    def get_absolute_url(self):
        return self.facility.get_absolute_url()


class FacilityMembershipQuerySet(RecordQuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=day),
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        )

    def ended_before(self, day: datetime.date):
        return self.filter(ended_on__lt=day)

    def for_list(self):
        return self.select_related("facility", "nodal_agency", "agreement")


class FacilityMembership(Record):
    """India's participation in a facility: its type, dates, scope and nodal agency."""

    class Type(models.TextChoices):
        MEMBER = "member", _("Member")
        ASSOCIATE_MEMBER = "associate_member", _("Associate member")
        OBSERVER = "observer", _("Observer")
        PARTNER = "partner", _("Partner or shareholder")
        BEAMLINE = "beamline", _("Beamline or user access")
        UNSPECIFIED = "unspecified", _("Participation (type not stated in source)")

    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("facility")
    )
    membership_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    started_on = models.DateField(_("from"), null=True, blank=True)
    started_precision = models.CharField(
        _("precision of start date"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    ended_on = models.DateField(_("to"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    nodal_agency = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facility_memberships",
        verbose_name=_("nodal agency"),
    )
    agreement = models.ForeignKey(
        "registry.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facility_memberships",
        verbose_name=_("agreement"),
    )
    history = HistoricalRecords()

    objects = FacilityMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["facility__short_name", "-started_on", "id"]
        verbose_name = _("facility membership")
        verbose_name_plural = _("facility memberships")
        permissions = [("publish_facilitymembership", "Can publish facility membership")]
        constraints = [
            models.CheckConstraint(
                condition=dates_in_order("started_on", "ended_on"),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.facility}: {self.get_membership_type_display()}"

    def get_absolute_url(self):
        return reverse("registry:facility_detail", kwargs={"slug": self.facility.slug})

    @property
    def started_display(self) -> str:
        return format_partial_date(self.started_on, self.started_precision)


class StatedFigure(Record):
    """A number a source states without listing its parts ("MoUs with 16 partners")."""

    label = models.CharField(_("what is counted"), max_length=300)
    value = models.PositiveIntegerField(_("value"), null=True, blank=True)
    value_text = models.CharField(
        _("value as stated"), max_length=100, help_text=_("As the source words it: 'about 15-18'.")
    )
    agency = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stated_figures",
        verbose_name=_("agency"),
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["label", "id"]
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
        permissions = [("publish_statedfigure", "Can publish stated figure")]

    def __str__(self):
        return f"{self.label}: {self.value_text}"

    def get_absolute_url(self):
        return reverse("registry:home") + f"#figure-{self.pk}"
