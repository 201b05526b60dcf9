"""Who India cooperates with, and in which areas: partners, agencies, areas, engagements."""

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import hindi
from registry.models.base import (
    WEB_URL,
    Record,
    RecordQuerySet,
    counts_by,
    published_prefetch,
)


def validate_iso_alpha_2(value: str) -> None:
    """An ISO 3166-1 alpha-2 code that pycountry knows (its data is the ISO list)."""
    if value and pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code."),
            code="invalid_iso_code",
            params={"value": value},
        )


# Wikidata item ids (Q42) and ROR ids (the 9 characters after https://ror.org/: a 0, six
# characters of Crockford's base 32, two check digits).
WIKIDATA_ID = RegexValidator(
    r"^Q[1-9][0-9]{0,11}$", _("A Wikidata id is Q followed by digits, such as Q668.")
)
ROR_ID = RegexValidator(
    r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$",
    _("A ROR id is 9 characters, such as 02f6dcw23 (the end of its https://ror.org/ address)."),
)


def wikidata_id_field():
    return models.CharField(
        _("Wikidata id"),
        max_length=13,
        blank=True,
        validators=[WIKIDATA_ID],
        help_text=_("The Wikidata item of the same body (Q668), only with its source."),
    )


def ror_id_field():
    return models.CharField(
        _("ROR id"),
        max_length=9,
        blank=True,
        validators=[ROR_ID],
        help_text=_("The Research Organization Registry id (02f6dcw23), only with its source."),
    )


def cross_reference_source_field():
    return models.CharField(
        _("source of the Wikidata and ROR ids"),
        max_length=500,
        blank=True,
        help_text=_("Where the Wikidata and ROR ids were found (a page or document)."),
    )


def same_as(record) -> list[str]:
    """The web addresses of the same body in Wikidata and ROR (schema.org sameAs)."""
    urls = []
    if record.wikidata_id:
        urls.append(f"https://www.wikidata.org/entity/{record.wikidata_id}")
    if record.ror_id:
        urls.append(f"https://ror.org/{record.ror_id}")
    return urls


def cross_references_cited(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(wikidata_id="", ror_id="") | ~models.Q(cross_reference_source=""),
        name=name,
        violation_error_message=_("Give the source of the Wikidata or ROR id."),
    )


class PartnerQuerySet(RecordQuerySet):
    def resolve(self, name: str):
        """The partner a name or a source spelling (alias) stands for, or None."""
        name = " ".join(name.split())
        if not name:
            return None
        match = self.filter(models.Q(name__iexact=name) | models.Q(iso_code__iexact=name))
        return match.first() or self.filter(aliases__name__iexact=name).first()

    def countries(self):
        return self.filter(kind=Partner.Kind.COUNTRY)

    def forums(self):
        return self.filter(kind=Partner.Kind.FORUM)

    def for_list(self):
        """Counts of the partner's published agreements, calls and engagements."""
        counted = self
        for name, (model, field) in list_counts().items():
            counted = counted.with_published_count(name, model, field)
        return counted

    def with_list_counts(self) -> list:
        """The partners, each with for_list()'s counts, for many partners at once (the world
        map draws them all): one GROUP BY per count, where for_list() runs a subquery per
        partner and count (bench/RESULTS.md)."""
        partners = list(self)
        for name, (model, field) in list_counts().items():
            by_partner = counts_by(model.objects.published(), field)
            for partner in partners:
                setattr(partner, name, by_partner.get(partner.pk, 0))
        return partners

    def for_detail(self):
        return self.prefetch_related(*detail_prefetches())


def list_counts() -> dict:
    """The counts of a partner's published records the lists and the map show: the name each
    is annotated as, the model counted and its field that points at the partner."""
    from registry.models.agreements import Agreement
    from registry.models.calls import JointCall

    return {
        "agreement_count": (Agreement, "partners"),
        "call_count": (JointCall, "partners"),
        "engagement_count": (Engagement, "partner"),
    }


def detail_prefetches() -> list:
    """What a partner's page shows of its own links: published members and forums, aliases."""
    return [
        published_prefetch(Partner, "members", "public_members"),
        published_prefetch(Partner, "forums", "public_forums"),
        "aliases",
    ]


def partner_detail_lookups(partner, limit: int) -> dict:
    """Everything the partner hub's body shows (registry/includes/partner_hub.html), published
    records only: the partner's members, forums and aliases loaded onto it, and the context of
    each section, the first `limit` rows of the long ones with their totals
    (`first_and_total`). One place, so the hub's view stays thin and its body is rendered
    once per data version (registry/views/details.py)."""
    from registry.models.agreements import Agreement
    from registry.models.base import first_and_total
    from registry.models.calls import JointCall
    from registry.models.facilities import Facility, FacilityMembership
    from registry.models.projects import Project, ProjectResult
    from registry.models.reviews import JointWorkingGroup, JWGReview

    models.prefetch_related_objects([partner], *detail_prefetches())
    groups = JointWorkingGroup.objects.published().filter(partners=partner)
    hosted = Facility.objects.published().filter(host_partners=partner)
    # What the hub's tables show and no more (the lists' for_list() load more): a call's
    # partners and areas, a project's partners and count of results, a group's name.
    latest = {
        # The table's rows only (registry/rows.py): no areas or agency to load.
        "agreements": Agreement.objects.published()
        .filter(partners=partner)
        .for_table()
        .in_list_order(),
        "calls": JointCall.objects.published()
        .filter(partners=partner)
        .prefetch_related(
            published_prefetch(JointCall, "partners", "public_partners"),
            published_prefetch(JointCall, "areas", "public_areas"),
        )
        .in_list_order(),
        "reviews": JWGReview.objects.published().filter(group__in=groups).for_list(),
        "projects": Project.objects.published()
        .filter(partners=partner)
        .prefetch_related(published_prefetch(Project, "partners", "public_partners"))
        .with_published_count("result_count", ProjectResult, "project")
        .in_list_order(),
    }
    context = {"object": partner}
    for name, queryset in latest.items():
        context[name], context[f"{name}_total"] = first_and_total(queryset, limit)
    counts = ProjectResult.objects.counts_by_kind(partners=partner)
    context.update(
        result_counts=counts,
        result_total=sum(n for _kind, _label, n in counts),
        engagements=list(Engagement.objects.published().filter(partner=partner).for_list()),
        memberships=list(
            FacilityMembership.objects.published().filter(facility__in=hosted).for_list()
        ),
        groups=list(groups),
    )
    return context


class AgencyQuerySet(RecordQuerySet):
    def for_list(self):
        from registry.models.agreements import Agreement

        return self.select_related("parent").with_published_count(
            "agreement_count", Agreement, "indian_agency"
        )

    def for_detail(self):
        return self.select_related("parent").prefetch_related(
            published_prefetch(self.model, "children", "public_children")
        )


class ResearchAreaQuerySet(RecordQuerySet):
    def for_list(self):
        """Counts of the area's published engagements, agreements and calls."""
        from registry.models.agreements import Agreement
        from registry.models.calls import JointCall

        return (
            self.with_published_count("engagement_count", Engagement, "area")
            .with_published_count("agreement_count", Agreement, "areas")
            .with_published_count("call_count", JointCall, "areas")
        )

    def for_detail(self):
        return self


class EngagementQuerySet(RecordQuerySet):
    def for_list(self):
        return self.select_related("partner", "area", "indian_agency")


class Partner(Record):
    """A country, a multilateral forum (with member partners) or an international organisation."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        FORUM = "forum", _("Multilateral forum")
        ORGANISATION = "organisation", _("International organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    official_name = models.CharField(_("official name"), max_length=300, blank=True)
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        blank=True,
        validators=[validate_iso_alpha_2],
        help_text=_("Alpha-2, for countries."),
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="forums",
        verbose_name=_("member partners"),
        help_text=_("For a forum: the member partners the source names."),
    )
    url = models.URLField(_("website"), blank=True, validators=[WEB_URL])
    description = models.TextField(_("description"), blank=True)
    # Optional ids of the same body elsewhere, each only with its source (a constraint).
    cross_reference_source = cross_reference_source_field()
    wikidata_id = wikidata_id_field()
    ror_id = ror_id_field()
    history = HistoricalRecords(m2m_fields=[members])

    objects = PartnerQuerySet.as_manager()

    class Meta:
        # Case-insensitive, so "Belarus" comes before "BRICS" on SQLite and PostgreSQL alike.
        ordering = [Lower("name"), "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [("publish_partner", "Can publish partner")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="partner_name_unique_ci"),
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="partner_iso_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(iso_code="") | models.Q(kind="country"),
                name="partner_iso_code_only_for_countries",
            ),
            cross_references_cited("partner_cross_references_cited"),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="partner_kind_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:partner_detail", kwargs={"slug": self.slug})

    @property
    def country(self):
        """The ISO 3166-1 entry (pycountry) of a country partner's alpha-2 code, or None."""
        return pycountry.countries.get(alpha_2=self.iso_code) if self.iso_code else None

    @property
    def name_hi(self) -> str:
        """A country's name in Hindi, from CLDR (registry.hindi); "" for other partners."""
        return hindi.cldr_name(self.iso_code) if self.kind == self.Kind.COUNTRY else ""

    @property
    def iso_alpha_3(self) -> str:
        return self.country.alpha_3 if self.country else ""

    @property
    def iso_numeric(self) -> str:
        """Three digits, kept as text: "004" is Afghanistan's."""
        return self.country.numeric if self.country else ""


class PartnerAlias(models.Model):
    """A spelling of a partner's name used in a source ("S. Africa", "Korea")."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=200)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner alias")
        verbose_name_plural = _("partner aliases")
        constraints = [models.UniqueConstraint(Lower("name"), name="partner_alias_unique_ci")]

    def __str__(self):
        return f"{self.name} → {self.partner}"

    def get_absolute_url(self):
        return self.partner.get_absolute_url()


class Agency(Record):
    """An Indian ministry, department or unit (MoST, DST, DAE, GCNEP, ...)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        UNIT = "unit", _("Unit or centre")
        INSTITUTE = "institute", _("Institute")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=50)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    url = models.URLField(_("website"), blank=True, validators=[WEB_URL])
    cross_reference_source = cross_reference_source_field()
    wikidata_id = wikidata_id_field()
    ror_id = ror_id_field()
    name_hi = hindi.char_field(_("name in Hindi"), 300)
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["short_name", "id"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        permissions = [("publish_agency", "Can publish agency")]
        constraints = [
            models.UniqueConstraint(Lower("short_name"), name="agency_short_name_unique_ci"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="agency_not_own_parent"
            ),
            cross_references_cited("agency_cross_references_cited"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("registry:agency_detail", kwargs={"slug": self.slug})


class ResearchArea(Record):
    """A field of S&T named in a source; rows whose label the source lost are kept, flagged."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    is_unlabelled = models.BooleanField(
        _("label missing in source"),
        default=False,
        help_text=_("The source lists partners for this row but no area name; none is guessed."),
    )
    source_row = models.PositiveSmallIntegerField(_("row in source table"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    name_hi = hindi.char_field(_("name in Hindi"), 200)
    description_hi = hindi.text_field(_("description in Hindi"))
    history = HistoricalRecords()

    objects = ResearchAreaQuerySet.as_manager()

    class Meta:
        ordering = ["is_unlabelled", "name", "id"]
        verbose_name = _("research area")
        verbose_name_plural = _("research areas")
        permissions = [("publish_researcharea", "Can publish research area")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="area_name_unique_ci"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:area_detail", kwargs={"slug": self.slug})


class Engagement(Record):
    """A partner engaged with India in an area, bilaterally or through a forum."""

    class Mode(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral")
        MULTILATERAL = "multilateral", _("Multilateral")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("partner")
    )
    area = models.ForeignKey(
        ResearchArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("area"),
        help_text=_("Empty when the source names an activity rather than an area."),
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    indian_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("Indian agency"),
    )
    activity = models.CharField(_("activity"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name", "area__name", "id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        permissions = [("publish_engagement", "Can publish engagement")]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "area", "mode"],
                condition=models.Q(area__isnull=False),
                name="engagement_partner_area_mode_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(area__isnull=False) | ~models.Q(activity=""),
                name="engagement_has_area_or_activity",
            ),
        ]

    def __str__(self):
        what = self.area.name if self.area_id else self.activity
        return f"{self.partner} – {what}"

    def get_absolute_url(self):
        return self.partner.get_absolute_url()
