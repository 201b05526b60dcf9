"""Joint Working Groups, their review meetings and the action items those meetings set."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import schedule
from registry.models.base import (
    WEB_URL,
    Precision,
    Record,
    RecordQuerySet,
    ReviewDueQuerySet,
    format_partial_date,
    possible_days,
    published_prefetch,
)


class JointWorkingGroupQuerySet(ReviewDueQuerySet):
    def with_last_held(self, published_only: bool = False, on: datetime.date | None = None):
        """`last_held_on`: the date of the last held meeting (on or before `on` when given);
        `published_only` for public pages, which must reveal no draft."""
        held = Q(reviews__status="held")
        if published_only:
            held &= Q(reviews__is_published=True)
        if on is not None:
            held &= Q(reviews__held_on__lte=on)
        return self.annotate(last_held_on=Max("reviews__held_on", filter=held))

    def review_due_dates(self, day: datetime.date, published_only: bool = False) -> dict:
        """pk → when each group's next review falls due as of `day`: the last meeting held
        by then plus the group's cadence. Groups with no cadence or no held meeting have none.
        `published_only` counts published meetings only (the public schedule)."""
        held = self.with_last_held(published_only=published_only, on=day)
        rows = held.values_list("pk", "last_held_on", "cadence_months")
        dues = {pk: schedule.review_due(held, cadence) for pk, held, cadence in rows}
        return {pk: due for pk, due in dues.items() if due is not None}

    def for_list(self):
        return (
            # A grouped query ignores Meta.ordering, so the order is restated.
            self.with_last_held(published_only=True)
            .order_by("name", "id")
            .with_published_count("review_count", JWGReview, "group")
            .prefetch_related(published_prefetch(self.model, "partners", "public_partners"))
        )

    def for_detail(self):
        reviews = JWGReview.objects.prefetch_related(
            published_prefetch(JWGReview, "calls", "public_calls")
        )
        return self.with_last_held(published_only=True).prefetch_related(
            published_prefetch(self.model, "partners", "public_partners"),
            published_prefetch(self.model, "agreements", "public_agreements"),
            published_prefetch(self.model, "reviews", "public_reviews", reviews),
        )


class JointWorkingGroup(Record):
    """A standing group that periodically reviews one or more agreements."""

    name = models.CharField(_("name"), max_length=300)
    agreements = models.ManyToManyField(
        "registry.Agreement",
        blank=True,
        related_name="working_groups",
        verbose_name=_("agreements reviewed"),
    )
    partners = models.ManyToManyField(
        "registry.Partner", related_name="working_groups", verbose_name=_("partners")
    )
    india_co_chair = models.CharField(_("Indian co-chair"), max_length=300, blank=True)
    partner_co_chair = models.CharField(_("partner co-chair"), max_length=300, blank=True)
    cadence_months = models.PositiveSmallIntegerField(
        _("review cadence (months)"), null=True, blank=True
    )
    secretariat_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("responsible staff member"),
        help_text=_("Staff only: receives review reminders."),
    )
    history = HistoricalRecords(m2m_fields=[agreements, partners])

    objects = JointWorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("joint working group")
        verbose_name_plural = _("joint working groups")
        permissions = [("publish_jointworkinggroup", "Can publish joint working group")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_months__isnull=True) | Q(cadence_months__gte=1),
                name="jwg_cadence_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:working_group_detail", kwargs={"pk": self.pk})

    @property
    def last_held_review_date(self) -> datetime.date | None:
        if hasattr(self, "last_held_on"):
            return self.last_held_on
        held = self.reviews.filter(status=JWGReview.Status.HELD)
        return held.aggregate(last=Max("held_on"))["last"]

    @property
    def next_review_due(self) -> datetime.date | None:
        return schedule.review_due(self.last_held_review_date, self.cadence_months)


class JWGReviewQuerySet(RecordQuerySet):
    def overdue_on(self, day: datetime.date):
        """Planned meetings whose date has passed without being recorded as held."""
        return self.filter(status=JWGReview.Status.PLANNED, held_on__lt=day)

    def upcoming(self, day: datetime.date, days: int | None = None):
        """Planned meetings from `day` to `days` later (the review horizon by default)."""
        end = schedule.days_after(day, schedule.REVIEW_HORIZON_DAYS if days is None else days)
        return self.filter(status=JWGReview.Status.PLANNED, held_on__gte=day, held_on__lte=end)

    def for_list(self):
        """Meetings with their group and the group's published partners (`public_partners`)."""
        return self.select_related("group").prefetch_related(
            published_prefetch(self.model, "group__partners", "public_partners")
        )

    def for_detail(self):
        return self.for_list().prefetch_related(
            published_prefetch(self.model, "calls", "public_calls")
        )


class JWGReview(Record):
    """One meeting of a Joint Working Group (or joint committee, council) and its outcomes."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")
        UNKNOWN = "", _("Not stated")

    group = models.ForeignKey(
        JointWorkingGroup,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("working group"),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    sequence_number = models.PositiveSmallIntegerField(_("meeting number"), null=True, blank=True)
    held_on = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of date"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    outcomes = models.TextField(_("public outcomes"), blank=True)
    minutes_url = models.URLField(
        _("minutes link"), max_length=500, blank=True, validators=[WEB_URL]
    )
    history = HistoricalRecords()

    objects = JWGReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("JWG review meeting")
        verbose_name_plural = _("JWG review meetings")
        permissions = [("publish_jwgreview", "Can publish JWG review meeting")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "sequence_number"],
                condition=Q(sequence_number__isnull=False),
                name="jwgreview_group_sequence_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False),
                name="jwgreview_held_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "held_on"], name="jwgreview_status_date_idx"),
            # Meta.ordering over every row: the staff changelist's pages read it in order.
            models.Index(fields=["-held_on", "id"], name="jwgreview_order_idx"),
        ]

    def __str__(self):
        if self.title:
            return self.title
        # A draft group's name is not public, and this name is shown wherever the meeting is.
        group = self.group if self.group_id and self.group.is_published else None
        name = str(group) if group else _("Joint Working Group meeting")
        return f"{name} – {self.date_display or _('date not set')}"

    def get_absolute_url(self):
        return reverse("registry:review_detail", kwargs={"pk": self.pk})

    @property
    def date_display(self) -> str:
        return format_partial_date(self.held_on, self.date_precision)

    def clean(self):
        """A meeting is not dated before the first signing of the agreements its group reviews
        (a partial date is refused only when all the days it may stand for are before)."""
        super().clean()
        held = possible_days(self.held_on, self.date_precision)
        first = self._first_signed_agreement()
        if held is None or first is None:
            return
        if held[1] < possible_days(first.signed_on, first.signed_precision)[0]:
            message = _(
                "The meeting is dated before its working group's first agreement was signed "
                "(“%(agreement)s”, signed %(signed)s)."
            )
            raise ValidationError(
                {"held_on": message % {"agreement": first, "signed": first.signed_display}}
            )

    def _first_signed_agreement(self):
        """The earliest-signed agreement the group reviews, drafts included; a signing date
        the source only estimates does not count."""
        if self.group_id is None:
            return None
        agreements = self.group.agreements.exclude(signed_on=None)
        return agreements.exclude(signed_precision=Precision.CIRCA).order_by("signed_on").first()


class ActionItemQuerySet(RecordQuerySet):
    def pending(self):
        return self.filter(status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS])

    def overdue_on(self, day: datetime.date):
        return self.pending().filter(due_on__lt=day)

    def due_between(self, start: datetime.date, end: datetime.date):
        return self.pending().filter(due_on__gte=start, due_on__lte=end)


class ActionItem(Record):
    """A decision of a review meeting someone must carry out. Staff only, never public."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    review = models.ForeignKey(
        JWGReview,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("review meeting"),
    )
    description = models.TextField(_("description"))
    owner = models.CharField(_("owner"), max_length=300, blank=True)
    owner_agency = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owning agency"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible staff member"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        permissions = [("publish_actionitem", "Can publish action item")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done") | Q(completed_on__isnull=True),
                name="actionitem_completed_only_when_done",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="actionitem_status_due_idx"),
            # Meta.ordering over every row: the staff changelist's pages read it in order.
            models.Index(fields=["due_on", "id"], name="actionitem_order_idx"),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("admin:registry_actionitem_change", args=[self.pk])

    def clean(self):
        """An action item does not fall due before the meeting that set it."""
        super().clean()
        try:
            review = self.review  # the meeting being edited, when this is one of its inline rows
        except JWGReview.DoesNotExist:
            return
        meeting = possible_days(review.held_on, review.date_precision)
        if self.due_on and meeting and self.due_on < meeting[0]:
            message = _("An action item cannot fall due before its meeting (%(date)s).")
            raise ValidationError({"due_on": message % {"date": review.date_display}})
