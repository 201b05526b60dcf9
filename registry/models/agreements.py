"""Agreements: MoUs, letters of intent, programmes of cooperation and other instruments."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import hindi, schedule
from registry.models.base import (
    WEB_URL,
    Precision,
    Record,
    ReviewDueQuerySet,
    dates_by_pk,
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

    def notice_deadlines(self, day: datetime.date) -> dict:
        """pk → the last day to give notice, as of `day`, of each live agreement that renews
        automatically (registry.schedule.renewal_outlook, through Agreement.renewal)."""
        rows = self.live().filter(renewal_kind=Agreement.RenewalKind.AUTOMATIC)
        # Only the fields of the rule: what the rows are fetched with is for the rows chosen.
        rows = rows.select_related(None).prefetch_related(None)
        dues = {agreement.pk: agreement.renewal(day).notice_by for agreement in rows}
        return {pk: due for pk, due in dues.items() if due is not None}

    def notice_due_between(self, start: datetime.date, end: datetime.date):
        """Live agreements whose last day to give notice (as of `start`) is in [start, end],
        annotated `notice_by`."""
        dues = {
            pk: due
            for pk, due in self.notice_deadlines(start).items()
            if schedule.falls_due_between(due, start, end)
        }
        return self.filter(pk__in=list(dues)).annotate(notice_by=dates_by_pk(dues))

    def with_activity(self, day: datetime.date, public: bool = False):
        """Annotate `last_activity` (registry.models.agreements.last_activity) and
        `is_dormant` (live, and nothing since its start or its last activity for
        REGISTRY_DORMANT_AFTER_DAYS days) as of `day`; with `public`, published rows only."""
        latest = Greatest(*(Coalesce(date, NEVER) for date in activity_dates(day, public)))
        cutoff = day - datetime.timedelta(days=settings.REGISTRY_DORMANT_AFTER_DAYS)
        since = Greatest(latest, Coalesce("in_force_from", NEVER), Coalesce("signed_on", NEVER))
        live = models.Q(status__in=[Agreement.Status.SIGNED, Agreement.Status.IN_FORCE])
        # Nothing known at all (no date of any kind) is not called dormant: it is unknown.
        dormant = live & models.Q(_since__lt=cutoff) & models.Q(_since__gt=NEVER)
        return self.annotate(last_activity=NullIf(latest, NEVER), _since=since).annotate(
            is_dormant=models.ExpressionWrapper(dormant, output_field=models.BooleanField())
        )

    def dormant_on(self, day: datetime.date):
        return self.with_activity(day).filter(is_dormant=True)

    def with_public_relations(self):
        """Published partners and areas as `public_partners` / `public_areas` lists."""
        return self.prefetch_related(
            published_prefetch(self.model, "partners", "public_partners"),
            published_prefetch(self.model, "areas", "public_areas"),
        )

    def for_list(self):
        """Public lists, hubs and exports: only published related records are attached."""
        return self.select_related("indian_agency").with_public_relations()

    def for_table(self):
        """The agreements table's rows (registry/rows.py): their published partners only."""
        return self.prefetch_related(published_prefetch(self.model, "partners", "public_partners"))

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
        from registry.models.parties import AgreementParty

        parties = AgreementParty.objects.public().in_table_order()
        return (
            self.select_related("indian_agency", "supersedes", "amends")
            .with_public_relations()
            .prefetch_related(
                models.Prefetch("parties", parties, to_attr="public_parties"),
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


class TermUnit(models.TextChoices):
    MONTHS = schedule.MONTHS, _("months")
    YEARS = schedule.YEARS, _("years")


class Agreement(Record):
    """An instrument of cooperation between India and one or more partners."""

    class Instrument(models.TextChoices):
        MOU = "mou", _("Memorandum of Understanding (MoU)")
        LOI = "loi", _("Letter of Intent (LoI)")
        POC = "poc", _("Programme of Cooperation (PoC)")
        AGREEMENT = "agreement", _("Agreement")
        OTHER = "other", _("Other instrument")

    class RenewalKind(models.TextChoices):
        UNKNOWN = "", _("Not known")
        AUTOMATIC = "automatic", _("Renews automatically")
        NONE = "none", _("No automatic renewal")

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
    renewal_kind = models.CharField(
        _("automatic renewal"),
        max_length=10,
        choices=RenewalKind.choices,
        blank=True,
        default=RenewalKind.UNKNOWN,
        help_text=_("Only as the text or a source states it; empty when not known."),
    )
    initial_term = models.PositiveSmallIntegerField(
        _("initial term"),
        null=True,
        blank=True,
        help_text=_(
            "How long it is valid from entry into force (else signing), as a source states it."
        ),
    )
    initial_term_unit = models.CharField(
        _("unit of the initial term"), max_length=6, choices=TermUnit.choices, default="years"
    )
    renewal_term = models.PositiveSmallIntegerField(
        _("renewal period"),
        null=True,
        blank=True,
        help_text=_("For automatic renewal: how long each renewal lasts."),
    )
    renewal_term_unit = models.CharField(
        _("unit of the renewal period"), max_length=6, choices=TermUnit.choices, default="years"
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"),
        null=True,
        blank=True,
        help_text=_(
            "For automatic renewal: how many months before the end of a term notice must be "
            "given to stop the renewal."
        ),
    )
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
    title_hi = hindi.char_field(_("title in Hindi"), 400)
    summary_hi = hindi.text_field(_("summary in Hindi"))
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
            models.CheckConstraint(
                condition=models.Q(initial_term__isnull=True) | models.Q(initial_term__gte=1),
                name="agreement_initial_term_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_term__isnull=True) | models.Q(renewal_term__gte=1),
                name="agreement_renewal_term_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(renewal_kind="automatic")
                | models.Q(renewal_term__isnull=False),
                name="agreement_automatic_renewal_has_period",
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_kind="automatic")
                | models.Q(renewal_term__isnull=True, notice_months__isnull=True),
                name="agreement_renewal_period_only_if_automatic",
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
            # The same order over every row, drafts included: the staff changelist's pages
            # (and its date drill-down's seeks) read it instead of sorting the table.
            models.Index(fields=["-signed_on", "title", "id"], name="agreement_order_idx"),
            # The list's facets on its own columns, counted together in one GROUP BY
            # (registry/views/facets.py) from an index-only scan of the published rows.
            models.Index(
                fields=["status", "instrument", "indian_agency"],
                condition=models.Q(is_published=True),
                name="agreement_pub_facets_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:agreement_detail", kwargs={"pk": self.pk})

    @property
    def signed_display(self) -> str:
        return format_partial_date(self.signed_on, self.signed_precision)

    def clean(self):
        super().clean()
        errors = {}
        automatic = self.renewal_kind == self.RenewalKind.AUTOMATIC
        if automatic and self.renewal_term is None:
            errors["renewal_term"] = _("Say how long each automatic renewal lasts.")
        if not automatic:
            for name in ("renewal_term", "notice_months"):
                if getattr(self, name) is not None:
                    errors[name] = _("Only for an agreement that renews automatically.")
        for name in ("initial_term", "renewal_term"):
            if getattr(self, name) == 0:
                errors[name] = _("A term is at least one month or year.")
        if errors:
            raise ValidationError(errors)

    @property
    def term_start(self) -> datetime.date | None:
        """The day its initial term starts: entry into force, else a signing date known to
        the day (a month or a year alone would put a false day on every date computed)."""
        if self.in_force_from:
            return self.in_force_from
        return self.signed_on if self.signed_precision == Precision.DAY else None

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.SIGNED, self.Status.IN_FORCE)

    def renewal(self, today: datetime.date) -> schedule.RenewalOutlook:
        """Its next expiry and last day to give notice as of `today`: the one place they are
        derived (the page, the tracker and the reminders ask it)."""
        return schedule.renewal_outlook(
            kind=self.renewal_kind,
            live=self.is_live,
            valid_until=self.valid_until,
            start=self.term_start,
            initial_months=schedule.term_months(self.initial_term, self.initial_term_unit),
            renewal_months=schedule.term_months(self.renewal_term, self.renewal_term_unit),
            notice_months=self.notice_months,
            today=today,
        )

    @property
    def initial_term_display(self) -> str:
        return schedule.term_display(self.initial_term, self.initial_term_unit)

    @property
    def renewal_term_display(self) -> str:
        return schedule.term_display(self.renewal_term, self.renewal_term_unit)

    @property
    def is_multilateral(self) -> bool:
        return is_multilateral(self.partners.all())


def is_multilateral(partners) -> bool:
    """Several partners, or a forum or organisation: its parties may have dates of their own
    (the party table); a bilateral agreement (one country) has one set of dates, its own."""
    partners = list(partners)
    return len(partners) > 1 or any(p.kind != "country" for p in partners)


# -- last activity -----------------------------------------------------------------------------

NEVER = datetime.date(1, 1, 1)  # stands for "no date" inside GREATEST (NULL there is not ignored)


def activity_dates(day: datetime.date, public: bool = False) -> list:
    """Expressions, one per kind of activity, each the latest day of that activity of the outer
    agreement by `day`: a meeting held by one of its working groups, a call launched under it,
    a project under one of its calls started, a result of such a project. Add a kind of
    activity here and every surface counts it."""
    from registry.models.calls import JointCall
    from registry.models.projects import Project, ProjectResult
    from registry.models.reviews import JWGReview

    meetings = JWGReview.objects.filter(
        group__agreements=models.OuterRef("pk"), status="held", held_on__lte=day
    )
    calls = JointCall.objects.filter(
        agreement=models.OuterRef("pk"), opens_at__lt=schedule.end_of_day(day)
    ).exclude(status__in=["forecast", "cancelled"])
    projects = Project.objects.filter(call__agreement=models.OuterRef("pk"), started_on__lte=day)
    results = ProjectResult.objects.filter(
        project__call__agreement=models.OuterRef("pk"), occurred_on__lte=day
    )
    if public:
        meetings = meetings.published().filter(group__is_published=True)
        calls = calls.published()
        projects = projects.published().filter(call__is_published=True)
        results = results.published().filter(project__call__is_published=True)
    launched = TruncDate("opens_at", tzinfo=schedule.INDIA)
    return [
        models.Subquery(meetings.order_by("-held_on").values("held_on")[:1]),
        models.Subquery(projects.order_by("-started_on").values("started_on")[:1]),
        models.Subquery(results.order_by("-occurred_on").values("occurred_on")[:1]),
        models.Subquery(
            calls.annotate(day=launched).order_by("-opens_at").values("day")[:1],
            output_field=models.DateField(),
        ),
    ]


def last_activity(agreement, day: datetime.date | None = None, public: bool = False):
    """The agreement's last activity by `day` (today in India): its latest meeting held, call
    launched, project started or result (see `activity_dates`), and whether it is dormant;
    one query.

    Returns (date or None, is_dormant)."""
    from django.utils import timezone

    day = day or timezone.localdate()
    row = (
        Agreement.objects.filter(pk=agreement.pk)
        .with_activity(day, public=public)
        .values_list("last_activity", "is_dormant")
        .first()
    )
    return row or (None, False)


def dormant_span(days: int | None = None) -> str:
    """REGISTRY_DORMANT_AFTER_DAYS in words: "3 years" for 1095 days, else "500 days"."""
    days = settings.REGISTRY_DORMANT_AFTER_DAYS if days is None else days
    years, rest = divmod(days, 365)
    if rest == 0 and years:
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def dormant_text(days: int | None = None) -> str:
    """What "dormant" means, in words, for the page and the tracker."""
    span = dormant_span(days)
    return gettext(
        "No meeting of its working groups, and no joint call, project or project result under "
        "it, is recorded in the registry in the last %(span)s, nor did it start in that time."
    ) % {"span": span}
