"""What every registry record shares: publication, provenance, timestamps."""

import calendar
import datetime
from collections import defaultdict

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry import schedule

# Every stored link becomes an <a href> on the public pages: web addresses only, never
# javascript:, data:, vbscript: (or ftp:, which URLField alone allows). On every URL field,
# so full_clean refuses them on each write path (admin, API, import).
WEB_URL = URLValidator(schemes=["http", "https"])


class Precision(models.TextChoices):
    """How much of a stored date the source actually states."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    # The source itself only estimates the year ("c.2015"): shown as "c. 2015".
    CIRCA = "circa", _("year, approximate")


def format_partial_date(value: datetime.date | None, precision: str = Precision.DAY) -> str:
    """Show a date only as precisely as its source gives it (1974, not 1 Jan 1974)."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.CIRCA:
        return gettext("c. %(year)s") % {"year": value.year}
    # Django's month names follow the active language (Hindi pages get Hindi months).
    if precision == Precision.MONTH:
        return f"{MONTHS[value.month]} {value.year}"
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def possible_days(
    value: datetime.date | None, precision: str = Precision.DAY
) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a partial date may stand for (1974: 1 Jan to 31 Dec 1974);
    None when there is no date or the source only estimates it ("c. 2015")."""
    if value is None or precision == Precision.CIRCA:
        return None
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    if precision == Precision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value


def dates_in_order(earlier: str, later: str) -> models.Q:
    """A check constraint's condition: either date is missing or `later` is not before
    `earlier` (agreements' signing, entry into force and expiry; memberships' start and end)."""
    return (
        models.Q(**{f"{earlier}__isnull": True})
        | models.Q(**{f"{later}__isnull": True})
        | models.Q(**{f"{later}__gte": models.F(earlier)})
    )


def count_of(rows, field: str):
    """How many of `rows` point at the outer row through `field`, as a correlated subquery.

    Several counts on one queryset stay independent, unlike Count() over joins, which
    multiplies the rows of each relation by the others'.
    """
    counted = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def counts_by(rows, field: str) -> dict:
    """count_of() for every outer row at once, from one GROUP BY: {pk: how many of `rows`
    point at it through `field`}; rows pointed at by none are absent."""
    grouped = (
        rows.filter(**{f"{field}__isnull": False})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )
    return dict(grouped)


def first_and_total(queryset, limit: int) -> tuple[list, int]:
    """The first `limit` rows and how many there are in all; the COUNT runs only when there
    are more than `limit`."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, len(rows)
    return rows[:limit], queryset.count()


def dates_by_pk(dates: dict) -> models.Case:
    """An expression that is each row's date in `dates` (pk → date), NULL for other rows:
    for a date the rules compute in Python (a review due date) to be filtered and sorted on."""
    pks_by_date = defaultdict(list)
    for pk, day in dates.items():
        pks_by_date[day].append(pk)
    whens = [models.When(pk__in=pks, then=models.Value(day)) for day, pks in pks_by_date.items()]
    return models.Case(*whens, default=None, output_field=models.DateField())


def related_model(model, path: str):
    """The model a relation path leads to from `model` ("group__partners" from JWGReview:
    Partner)."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def published_prefetch(model, path: str, to_attr: str | None = None, rows=None) -> Prefetch:
    """Prefetch `path` from `model`, keeping the published related rows only: the one way a
    to-many link leaves drafts out for the public (pages, exports and the API alike).

    `rows` is a queryset of the related model to start from, for its own select_related or
    prefetches; its drafts are left out here. Rows of a model with no publication of its own
    (aliases) are all kept: they are part of the record that has them.
    """
    related = related_model(model, path)
    rows = related._default_manager.all() if rows is None else rows
    if issubclass(related, Record):
        rows = rows.published()
    return Prefetch(path, rows, to_attr=to_attr)


def published_or_none(record):
    """A to-one link as the public sees it: None when it points at a draft (the rule of
    `published_prefetch` for a foreign key, which is joined rather than prefetched)."""
    return record if record is not None and record.is_published else None


class RecordQuerySet(models.QuerySet):
    """The one place that says which records the public may see."""

    def published(self):
        return self.filter(is_published=True)

    def samples(self):
        return self.filter(is_sample=True)

    def real(self):
        return self.filter(is_sample=False)

    def existing_on(self, day: datetime.date):
        """Records that existed on `day`: created by its end in India."""
        return self.filter(created_at__lt=schedule.end_of_day(day))

    def in_list_order(self):
        """The order of the public list and the API list: Meta.ordering unless overridden."""
        return self

    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, giving each new record its permanent identifier first (bulk_create
        sends no pre_save, which gives it on every other path)."""
        from registry.models.identifiers import reserve

        objs = list(objs)
        missing = [obj for obj in objs if not obj.identifier]
        if missing:
            for obj, identifier in zip(missing, reserve(self.model, len(missing)), strict=True):
                obj.identifier = identifier
        return super().bulk_create(objs, *args, **kwargs)

    def with_published_count(self, name: str, model, field: str):
        """Annotate `name`: how many published `model` rows point at each record via `field`.

        A subquery rather than Count(): it stays right when a filter later joins a
        multi-valued relation, which would multiply a joined Count.
        """
        return self.annotate(**{name: count_of(model.objects.published(), field)})


class ReviewDueQuerySet(RecordQuerySet):
    """Records reviewed on a cadence; `review_due_dates(day)` says when each falls due
    (registry.schedule.review_due). The rows chosen carry it as `review_due_on`."""

    def review_due_dates(self, day: datetime.date) -> dict:
        raise NotImplementedError

    def review_overdue_on(self, day: datetime.date):
        """Those whose review fell due before `day` with no review held since."""
        return self._review_due_where(day, lambda due: schedule.is_overdue(due, day))

    def review_due_between(self, start: datetime.date, end: datetime.date):
        """Those whose review (as of `start`) falls due in [start, end]."""
        return self._review_due_where(
            start, lambda due: schedule.falls_due_between(due, start, end)
        )

    def _review_due_where(self, day, keep):
        dues = {pk: due for pk, due in self.review_due_dates(day).items() if keep(due)}
        return self.filter(pk__in=list(dues)).annotate(review_due_on=dates_by_pk(dues))


class SourceKind(models.TextChoices):
    """What kind of publisher a record's source is (../shared/data/README.md says how each is
    judged from the source's web address); blank when nobody has judged it."""

    OFFICIAL = "official", _("Official source (government or intergovernmental body)")
    INSTITUTION = "institution", _("Institutional source (research body or funding agency)")
    PRESS = "press", _("News report")
    SECONDARY = "secondary", _("Secondary source")


class Record(models.Model):
    """Abstract base: publication flag, sample flag, source citation and timestamps."""

    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Drafts are invisible to the public.")
    )
    is_sample = models.BooleanField(
        _("sample record"),
        default=False,
        help_text=_("Illustrative demo data, not a real fact. Shown with a 'sample' badge."),
    )
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Citation of the source document.")
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True, validators=[WEB_URL])
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    source_kind = models.CharField(
        _("kind of source"),
        max_length=12,
        choices=SourceKind.choices,
        blank=True,
        help_text=_(
            "Official, institution, press or secondary (a lead to verify); blank if not judged."
        ),
    )
    source_locator = models.CharField(
        _("source locator"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the compilers read this fact in the registry's own working files: in the "
            "data download and the admin, never on the public pages."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Edit counter used to refuse lost updates.")
    )
    # Given on the first save (registry/models/identifiers.py), then never changed or reused.
    identifier = models.CharField(
        _("identifier"),
        max_length=20,
        unique=True,
        blank=True,
        editable=False,
        help_text=_(
            "Permanent public identifier (such as AGR-000123): it never changes and is never "
            "given to another record; /id/<identifier> leads to the record."
        ),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)
