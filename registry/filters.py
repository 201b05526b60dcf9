"""One FilterSet per public model: the query contract shared by the pages and the API.

`?partner=fr&status=in_force&status=signed` means the same on /agreements/ and on the API.
Related records are named by slug (or ISO code for partners), choices by their stored code,
and several values of one parameter are ORed. Invalid values become form errors: the pages
show them with a 400, DRF's DjangoFilterBackend turns them into a 400 response.
"""

from django import forms
from django.db.models import F, Q
from django.db.models.lookups import In
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.widgets import BooleanWidget

from registry import hindi, models, review_schedule
from registry.models.base import SourceKind
from registry.models.identifiers import format_identifier, parse_identifier


class SlugOrCodeField(forms.ModelMultipleChoiceField):
    """Multi-select of related records named by slug; partners also by ISO code (`fr`)."""

    def _check_values(self, value):
        for v in value:
            if "\x00" in str(v):
                # A NUL byte names no record, and PostgreSQL refuses it in a query (a 500).
                raise forms.ValidationError(
                    _("Unknown value: %(value)s."),
                    code="invalid_choice",
                    params={"value": str(v).replace("\x00", "")},
                )
        keys = {str(v).strip() for v in value if str(v).strip()}
        wanted = Q(slug__in=keys)
        if hasattr(self.queryset.model, "iso_code"):
            wanted |= Q(iso_code__in=[k.upper() for k in keys if len(k) == 2])
        found = list(self.queryset.filter(wanted))
        known = {o.slug for o in found} | {getattr(o, "iso_code", "").lower() for o in found}
        unknown = sorted(k for k in keys if k.lower() not in known)
        if unknown:
            raise forms.ValidationError(
                _("Unknown value: %(value)s."), code="invalid_choice", params={"value": unknown[0]}
            )
        return found


class RelatedSlugFilter(filters.ModelMultipleChoiceFilter):
    """Records linked to any of the chosen related records (through FK or M2M).

    Filtering through a pk subquery keeps rows unique without DISTINCT, so count annotations
    made by `for_list()` stay correct.
    """

    field_class = SlugOrCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        # Records in between (engagements, memberships, a review's group) must be published
        # too, or a draft one would show through the filter.
        lookup = {f"{self.field_name}__in": value}
        lookup.update(published_through(qs.model, self.field_name))
        return qs.filter(pk__in=qs.model.objects.filter(**lookup).values("pk"))


def published(model):
    """Choices for a related filter: only what the public may see."""

    def queryset(request):
        return model.objects.published()

    return queryset


class InSubquery(In):
    """`pk IN (SELECT ...)`, written `pk = ANY(ARRAY(SELECT ...))` on PostgreSQL.

    Same rows either way. PostgreSQL runs the ARRAY(...) once (an InitPlan) and can then
    look the ids up in the primary key index inside a BitmapOr, next to the trigram index
    scans of the other fields; an `IN (subquery)` arm of an OR can only be checked row by
    row, which makes the whole OR a sequential scan.
    """

    def get_rhs_op(self, connection, rhs):
        if connection.vendor == "postgresql":
            return f"= ANY(ARRAY{rhs})"
        return super().get_rhs_op(connection, rhs)


def word_matches(model, search_fields, word) -> Q:
    """`word` is in one of `search_fields` of a `model` row (icontains, on every database).

    The model's own fields make one OR on its own table: on PostgreSQL a BitmapOr over the
    trigram indexes of migration 0004 (words of 3 characters or more). Each relation
    (`partners__name`) adds one id subquery to that OR (`related_match`), so a word found
    in both a title and a partner name still needs no join of the outer query.
    """
    own, related = Q(), {}
    for field in search_fields:
        if "__" in field:
            # Fields behind the same relation share one subquery (`facility__name`,
            # `facility__short_name`).
            relation, rest = field.split("__", 1)
            related.setdefault(relation, []).append(rest)
        else:
            own |= Q(**{f"{field}__icontains": word})
    for relation, fields in related.items():
        own |= related_match(model, relation, fields, word)
    return own | country_name_match(model, search_fields, word)


def country_name_match(model, search_fields, word) -> Q:
    """Rows of the countries whose Hindi name (CLDR's, not stored: registry.hindi) holds
    `word`, where `search_fields` search a partner's name: the partner itself, or the
    records linked to a published one (an id subquery, as `related_match`)."""
    codes = hindi.codes_named(word)
    if not codes:
        return Q()
    countries = models.Partner.objects.countries().filter(iso_code__in=codes)
    found = Q()
    if model is models.Partner and "name" in search_fields:
        found |= Q(pk__in=countries.values("pk"))
    for field in search_fields:
        relation, _, rest = field.partition("__")
        if rest == "name" and model._meta.get_field(relation).related_model is models.Partner:
            linked = countries.published().values("pk")
            ids = model._default_manager.filter(**{f"{relation}__in": linked}).values("pk")
            found |= Q(pk__in=ids)
    return found


def related_match(model, relation: str, fields: list[str], word) -> Q:
    """`model` rows linked through `relation` to a *published* row with `word` in `fields`.

    The subquery reads only the relation's own table where it can (the M2M link table, the
    foreign key column), not `model` again; the word and the publication are checked on
    the same related row, so a draft partner's name never finds the agreements linked to it.
    """
    field = model._meta.get_field(relation)
    if field.many_to_many and field.concrete:  # agreement.partners: the link table
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        searched, prefix, column, key = field.remote_field.through, f"{target}__", source, "pk"
    elif field.many_to_one:  # review.group: the foreign key column
        searched, prefix, column = field.related_model, "", field.target_field.name
        key = relation
    elif field.one_to_many:  # partner.aliases: the reverse foreign key
        searched, prefix, column, key = field.related_model, "", field.field.name, "pk"
    else:  # any other relation: through `model` itself
        searched, prefix, column, key = model, f"{relation}__", "pk", "pk"
    any_field = Q()
    for rest in fields:
        lookup = f"{prefix}{rest}"
        only_published = published_through(searched, lookup, own=not prefix)
        any_field |= Q(**{f"{lookup}__icontains": word}, **only_published)
    ids = searched._default_manager.filter(any_field).order_by().values(column)
    return Q(InSubquery(F(key), ids))


def published_through(model, field: str, own: bool = False) -> dict:
    """For a search across a relation (`partners__name`): only published related rows count.

    `own`: `field` is `model`'s own field, and `model` is the related model itself.
    """
    path = field.split("__")[:-1]
    for part in path:
        model = model._meta.get_field(part).related_model
    if (path or own) and issubclass(model, models.Record):
        return {"__".join([*path, "is_published"]): True}
    return {}


class AnyYesNoWidget(BooleanWidget):
    """`?sample=true` / `false`; the empty choice reads "Any" rather than "Unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


def yes_no_filter(**kwargs):
    return filters.BooleanFilter(widget=AnyYesNoWidget(), **kwargs)


def descending(label) -> str:
    return gettext("%s (descending)") % label


lazy_descending = lazy(descending, str)


class StableOrderingFilter(filters.OrderingFilter):
    """`?sort=title`, with the id as the last tie-breaker: equal titles keep one order, so
    consecutive pages neither repeat nor skip a record."""

    def build_choices(self, fields, labels):
        """django-filter's choices, but "(descending)" is translated when shown, not at import."""
        choices = []
        for field, param in fields.items():
            label = labels.get(field) or _(pretty_name(param))
            descending = labels.get(f"-{param}") or lazy_descending(label)
            choices += [(param, label), (f"-{param}", descending)]
        return choices

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value and qs.query.order_by and "pk" not in qs.query.order_by:
            return qs.order_by(*qs.query.order_by, "pk")
        return qs


def sort_filter(**kwargs):
    return StableOrderingFilter(empty_label=_("Default order"), label=_("Sort by"), **kwargs)


class RegistryFilterSet(filters.FilterSet):
    """What every list has: `?q=` free-text search over `search_fields` (case-insensitive,
    any word order) first, and after the type's own filters `?sample=` and `?sort=` (the
    `sort_fields` choices: (model field, parameter) pairs, in the order they are offered)."""

    search_fields: tuple[str, ...] = ()
    sort_fields: tuple[tuple[str, str], ...] = ()

    q = filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    sample = yes_no_filter(field_name="is_sample", label=_("Sample record"))
    # `?source_kind=official&source_kind=institution`: the kind of publisher of the source.
    source_kind = filters.MultipleChoiceFilter(
        field_name="source_kind",
        choices=SourceKind.choices,
        label=_("Kind of source"),
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def get_filters(cls):
        # Inherited filters come first; the form lists sample and sort after the type's own.
        found = super().get_filters()
        found.move_to_end("source_kind")
        found.move_to_end("sample")
        if cls.sort_fields:
            found["sort"] = sort_filter(field_name="sort", fields=cls.sort_fields)
        return found

    def filter_q(self, qs, name, value):
        """Every word (at most 10) must be in some search field, case-insensitively.

        One condition per word on the model's own rows, so no join multiplies them (and
        count annotations stay right): see `word_matches` for its index-friendly shape.
        """
        for word in value.split()[:10]:
            matches = word_matches(qs.model, self.search_fields, word)
            identifier = parse_identifier(word)
            if identifier:  # AGR-000123, agr-123: the record of that permanent identifier
                matches |= Q(identifier=format_identifier(*identifier))
            qs = qs.filter(matches)
        return qs


def choices_filter(choices, field_name, label):
    return filters.MultipleChoiceFilter(
        field_name=field_name, choices=choices, label=label, widget=forms.CheckboxSelectMultiple
    )


def date_range(field_name, label_after, label_before, lookup=""):
    """Two filters: on or after, on or before (dates as YYYY-MM-DD)."""
    return tuple(
        filters.DateFilter(
            field_name=field_name,
            lookup_expr=f"{lookup}{op}",
            label=label,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        for op, label in (("gte", label_after), ("lte", label_before))
    )


class AgreementFilterSet(RegistryFilterSet):
    search_fields = (
        "title",
        "title_hi",
        "reference",
        "summary",
        "summary_hi",
        "partner_agency",
        "partners__name",
    )
    sort_fields = (
        ("signed_on", "signed"),
        ("title", "title"),
        ("status", "status"),
        ("valid_until", "expires"),
    )

    status = choices_filter(models.Agreement.Status.choices, "status", _("Status"))
    instrument = choices_filter(models.Agreement.Instrument.choices, "instrument", _("Instrument"))
    partner = RelatedSlugFilter(
        field_name="partners", queryset=published(models.Partner), label=_("Partner")
    )
    area = RelatedSlugFilter(
        field_name="areas", queryset=published(models.ResearchArea), label=_("Research area")
    )
    agency = RelatedSlugFilter(
        field_name="indian_agency", queryset=published(models.Agency), label=_("Indian agency")
    )
    signed_after, signed_before = date_range(
        "signed_on", _("Signed on or after"), _("Signed on or before")
    )
    expires_after, expires_before = date_range(
        "valid_until", _("Valid until on or after"), _("Valid until on or before")
    )

    class Meta:
        model = models.Agreement
        fields = []


class JointCallFilterSet(RegistryFilterSet):
    search_fields = ("title", "title_hi", "scope", "scope_hi", "partner_agency", "partners__name")
    sort_fields = (("closes_at", "deadline"), ("opens_at", "opens"), ("title", "title"))

    status = choices_filter(models.JointCall.Status.choices, "status", _("Status"))
    partner = RelatedSlugFilter(
        field_name="partners", queryset=published(models.Partner), label=_("Partner")
    )
    area = RelatedSlugFilter(
        field_name="areas", queryset=published(models.ResearchArea), label=_("Research area")
    )
    agency = RelatedSlugFilter(
        field_name="agencies", queryset=published(models.Agency), label=_("Indian agency")
    )
    agreement = filters.NumberFilter(field_name="agreement", label=_("Agreement number"))
    open = yes_no_filter(method="filter_open", label=_("Open now"))
    closes_after, closes_before = date_range(
        "closes_at", _("Deadline on or after"), _("Deadline on or before"), lookup="date__"
    )

    class Meta:
        model = models.JointCall
        fields = []

    def filter_open(self, qs, name, value):
        if value is None:
            return qs
        open_ids = models.JointCall.objects.open_at().values("pk")
        return qs.filter(pk__in=open_ids) if value else qs.exclude(pk__in=open_ids)


class PartnerFilterSet(RegistryFilterSet):
    search_fields = ("name", "official_name", "iso_code", "aliases__name")
    sort_fields = (("name", "name"), ("kind", "kind"))

    kind = choices_filter(models.Partner.Kind.choices, "kind", _("Kind"))
    area = RelatedSlugFilter(
        field_name="engagements__area",
        queryset=published(models.ResearchArea),
        label=_("Research area"),
    )
    forum = RelatedSlugFilter(
        field_name="forums", queryset=published(models.Partner), label=_("Member of forum")
    )

    class Meta:
        model = models.Partner
        fields = []


class ResearchAreaFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_hi", "description", "description_hi")
    sort_fields = (("name", "name"),)

    partner = RelatedSlugFilter(
        field_name="engagements__partner",
        queryset=published(models.Partner),
        label=_("Partner"),
    )
    unlabelled = yes_no_filter(field_name="is_unlabelled", label=_("Label missing in source"))

    class Meta:
        model = models.ResearchArea
        fields = []


class FacilityFilterSet(RegistryFilterSet):
    search_fields = (
        "name",
        "name_hi",
        "short_name",
        "host_organisation",
        "location",
        "aliases__name",
    )
    sort_fields = (("short_name", "name"), ("kind", "kind"))

    kind = choices_filter(models.Facility.Kind.choices, "kind", _("Kind"))
    host = RelatedSlugFilter(
        field_name="host_partners", queryset=published(models.Partner), label=_("Host partner")
    )
    membership_type = filters.MultipleChoiceFilter(
        choices=models.FacilityMembership.Type.choices,
        method="filter_membership_type",
        label=_("India's role"),
        widget=forms.CheckboxSelectMultiple,
    )
    agency = RelatedSlugFilter(
        field_name="memberships__nodal_agency",
        queryset=published(models.Agency),
        label=_("Nodal agency"),
    )

    class Meta:
        model = models.Facility
        fields = []

    def filter_membership_type(self, qs, name, value):
        if not value:
            return qs
        memberships = models.FacilityMembership.objects.published()
        facilities = memberships.filter(membership_type__in=value).values("facility")
        return qs.filter(pk__in=facilities)


class FacilityMembershipFilterSet(RegistryFilterSet):
    search_fields = ("facility__name", "facility__short_name", "scope")
    sort_fields = (("started_on", "started"), ("facility__short_name", "facility"))

    facility = RelatedSlugFilter(
        field_name="facility", queryset=published(models.Facility), label=_("Facility")
    )
    membership_type = choices_filter(
        models.FacilityMembership.Type.choices, "membership_type", _("Type")
    )
    agency = RelatedSlugFilter(
        field_name="nodal_agency", queryset=published(models.Agency), label=_("Nodal agency")
    )
    active_on = filters.DateFilter(method="filter_active_on", label=_("Active on"))
    started_after, started_before = date_range(
        "started_on", _("Started on or after"), _("Started on or before")
    )

    class Meta:
        model = models.FacilityMembership
        fields = []

    def filter_active_on(self, qs, name, value):
        return qs.active_on(value) if value else qs


class JWGReviewFilterSet(RegistryFilterSet):
    search_fields = ("title", "outcomes", "place", "group__name")
    sort_fields = (("held_on", "date"),)

    status = choices_filter(models.JWGReview.Status.choices, "status", _("Status"))
    mode = choices_filter(
        [c for c in models.JWGReview.Mode.choices if c[0]], "mode", _("Meeting mode")
    )
    group = filters.NumberFilter(field_name="group", label=_("Working group number"))
    partner = RelatedSlugFilter(
        field_name="group__partners", queryset=published(models.Partner), label=_("Partner")
    )
    held_after, held_before = date_range("held_on", _("Held on or after"), _("Held on or before"))

    class Meta:
        model = models.JWGReview
        fields = []


class JointWorkingGroupFilterSet(RegistryFilterSet):
    search_fields = ("name", "india_co_chair", "partner_co_chair", "partners__name")
    sort_fields = (("name", "name"),)

    partner = RelatedSlugFilter(
        field_name="partners", queryset=published(models.Partner), label=_("Partner")
    )
    agreement = filters.NumberFilter(field_name="agreements", label=_("Agreement number"))
    due = filters.ChoiceFilter(
        choices=[
            (review_schedule.DUE_SOON, _("Due within 90 days")),
            (review_schedule.OVERDUE, _("Overdue")),
        ],
        method="filter_due",
        label=_("Next review"),
        empty_label=_("Any"),
    )

    class Meta:
        model = models.JointWorkingGroup
        fields = []

    def filter_due(self, queryset, name, value):
        """The public schedule's rule: due dates from published held meetings only."""
        today = timezone.localdate()
        dues = review_schedule.group_dues(today).items()
        return queryset.filter(
            pk__in=[pk for pk, due in dues if review_schedule.in_window(due, today, value)]
        )

    def filter_queryset(self, queryset):
        # `agreement` crosses an M2M: keep each group once.
        qs = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("agreement") is not None:
            return queryset.filter(pk__in=qs.values("pk"))
        return qs


class EngagementFilterSet(RegistryFilterSet):
    search_fields = ("activity", "partner__name", "area__name")
    sort_fields = (("partner__name", "partner"), ("area__name", "area"))

    partner = RelatedSlugFilter(
        field_name="partner", queryset=published(models.Partner), label=_("Partner")
    )
    area = RelatedSlugFilter(
        field_name="area", queryset=published(models.ResearchArea), label=_("Research area")
    )
    mode = choices_filter(models.Engagement.Mode.choices, "mode", _("Mode"))
    agency = RelatedSlugFilter(
        field_name="indian_agency", queryset=published(models.Agency), label=_("Indian agency")
    )

    class Meta:
        model = models.Engagement
        fields = []


class AgencyFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_hi", "short_name", "location")
    sort_fields = (("short_name", "name"), ("kind", "kind"))

    kind = choices_filter(models.Agency.Kind.choices, "kind", _("Kind"))
    parent = RelatedSlugFilter(
        field_name="parent", queryset=published(models.Agency), label=_("Part of")
    )

    class Meta:
        model = models.Agency
        fields = []


class ProjectFilterSet(RegistryFilterSet):
    search_fields = (
        "title",
        "summary",
        "partner_institution",
        "investigators",
        "call__title",
        "partners__name",
    )
    sort_fields = (("started_on", "start"), ("ended_on", "end"), ("title", "title"))

    status = choices_filter(models.Project.Status.choices, "status", _("Status"))
    partner = RelatedSlugFilter(
        field_name="partners", queryset=published(models.Partner), label=_("Partner")
    )
    area = RelatedSlugFilter(
        field_name="areas", queryset=published(models.ResearchArea), label=_("Research area")
    )
    institution = RelatedSlugFilter(
        field_name="indian_institution",
        queryset=published(models.Agency),
        label=_("Indian lead institution"),
    )
    # By number, through published calls only: a draft call's projects are not grouped.
    call = filters.NumberFilter(method="filter_call", label=_("Call number"))
    agreement = filters.NumberFilter(method="filter_agreement", label=_("Agreement number"))
    year = filters.NumberFilter(
        method="filter_year", label=_("Running in year"), min_value=1900, max_value=2200
    )

    class Meta:
        model = models.Project
        fields = []

    def filter_call(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(call=value, call__is_published=True)

    def filter_agreement(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(
            call__agreement=value, call__is_published=True, call__agreement__is_published=True
        )

    def filter_year(self, qs, name, value):
        """Projects running at some time in `value`: started by its end, not ended before it."""
        if value is None:
            return qs
        year = int(value)
        return qs.filter(
            Q(started_on__year__lte=year), Q(ended_on__isnull=True) | Q(ended_on__year__gte=year)
        )


class ProjectResultFilterSet(RegistryFilterSet):
    search_fields = ("description", "doi", "project__title")
    sort_fields = (("occurred_on", "date"), ("kind", "kind"))

    kind = choices_filter(models.ProjectResult.Kind.choices, "kind", _("Kind"))
    project = filters.NumberFilter(method="filter_project", label=_("Project number"))
    partner = RelatedSlugFilter(
        field_name="project__partners", queryset=published(models.Partner), label=_("Partner")
    )
    year = filters.NumberFilter(
        field_name="occurred_on",
        lookup_expr="year",
        label=_("Year"),
        min_value=1900,
        max_value=2200,
    )

    class Meta:
        model = models.ProjectResult
        fields = []

    def filter_project(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(project=value, project__is_published=True)
