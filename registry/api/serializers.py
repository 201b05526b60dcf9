"""Serializers: a read shape (links as small objects) and a write shape (links as ids).

Both take their fields from `registry.opendata.public_fields`, so a field marked "Staff only"
in its help text can never reach the API, and the API and the data dictionary list the same
fields.

Drafts stay out of the public's read shape wherever they are linked: a link to a draft is null
(in a list of links it is not there: the view prefetches published rows only), and so is the
`html_url` of a record shown on the page of a linked draft (an engagement on its partner's
page, a membership on its facility's): that page is a 404, and its address would name the
draft. Staff who see drafts get every link and address.
"""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from registry import models
from registry.models.base import published_or_none
from registry.opendata import public_fields
from registry.publishing import publish_problems

# Set by the server, never by clients.
READ_ONLY = ("id", "identifier", "created_at", "updated_at")


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


class RecordRefSerializer(serializers.Serializer):
    """A link to another record: its id, its name and its page on the website."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    html_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())

    def to_representation(self, instance):
        # A link to a draft shows as null to the public, as if the draft did not exist.
        if not self.context.get("show_drafts") and published_or_none(instance) is None:
            return None
        return super().to_representation(instance)


class RecordSerializer(serializers.ModelSerializer):
    """The read shape of a record: public fields, its page on the website and its version."""

    html_url = serializers.SerializerMethodField(help_text="The record's page on the website.")
    # For a record with no page of its own: the link whose page shows it (its html_url).
    page_of = ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj) -> str | None:
        page = getattr(obj, self.page_of) if self.page_of else obj
        if not self.context.get("show_drafts") and published_or_none(page) is None:
            return None
        return absolute(self.context.get("request"), obj.get_absolute_url())

    def build_relational_field(self, field_name, relation_info):
        many = relation_info.to_many
        kwargs = {"read_only": True, "many": many}
        if not many:
            kwargs["allow_null"] = True
        return RecordRefSerializer, kwargs


def read_fields(model, *extra) -> list[str]:
    # The permanent identifier beside the id it outlives (registry/models/identifiers.py).
    names = [f.name for f in public_fields(model) if f.name != "identifier"]
    return [names[0], "identifier", "html_url", *names[1:], "version", *extra]


class RecordWriteSerializer(serializers.ModelSerializer):
    """The write shape: links by id; the model's own validation and constraints are applied.

    `is_published` is forced off on create (and left as it was on update) unless the user may
    publish this model; a publisher's record must pass `publish_problems` before it is public.
    `version` is the lost-update guard (registry/api/preconditions.py): an update names the
    version it was based on, here or in If-Match.
    """

    version = serializers.IntegerField(
        required=False,
        write_only=True,
        min_value=1,
        help_text=(
            "On update, the version of the record you read (its `version`, or the number in "
            'its ETag "v<version>"); send it here or as an If-Match header. Without either '
            "the update is refused with 428; if the record changed since, with 409 (412 for "
            "If-Match). Ignored on create."
        ),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self._apply_publish_rule(attrs)
        candidate = self._candidate(attrs)
        many = {k: v for k, v in attrs.items() if self._is_many(k)}
        self._full_clean(candidate, exclude=list(many))
        if candidate.is_published:
            problems = publish_problems(candidate, m2m=many)
            if problems:
                raise serializers.ValidationError({"is_published": problems})
        return attrs

    def _apply_publish_rule(self, attrs):
        if self.context.get("may_publish"):
            return
        if self.instance is None:
            attrs["is_published"] = False
        else:
            attrs.pop("is_published", None)

    def _is_many(self, name) -> bool:
        field = self.Meta.model._meta.get_field(name) if name != "version" else None
        return bool(field and field.many_to_many)

    def _candidate(self, attrs):
        """The record as it would be saved (without its many-to-many links)."""
        candidate = copy.copy(self.instance) if self.instance else self.Meta.model()
        for name, value in attrs.items():
            if name != "version" and not self._is_many(name):
                setattr(candidate, name, value)
        return candidate

    @staticmethod
    def _full_clean(candidate, exclude):
        try:
            candidate.full_clean(exclude=exclude)
        except DjangoValidationError as error:
            detail = serializers.as_serializer_error(error)
            if "__all__" in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
            raise serializers.ValidationError(detail) from None

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("version", None)
        return super().update(instance, validated_data)


def write_fields(model) -> list[str]:
    names = [f.name for f in public_fields(model) if f.name not in READ_ONLY]
    return [*names, "version"]


def aliases_field():
    return serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Other spellings used in sources."
    )


def shown_on_the_page_of(link: str):
    """`html_url` of a record shown on the page of its `link` (it has none of its own)."""
    return serializers.SerializerMethodField(
        allow_null=True,
        help_text=f"The page of its {link} on the website, which shows it; null while the "
        f"{link} is a draft.",
    )


# One read and one write serializer per record type. They carry no docstring on purpose: the
# schema describes each with RecordSerializer's / RecordWriteSerializer's.


class PartnerSerializer(RecordSerializer):
    aliases = aliases_field()
    # Derived from iso_code with pycountry (ISO 3166-1), never typed in.
    iso_alpha_3 = serializers.CharField(
        read_only=True, help_text="ISO 3166-1 alpha-3 code, from the alpha-2 iso_code."
    )
    iso_numeric = serializers.CharField(
        read_only=True, help_text="ISO 3166-1 numeric code (three digits), from iso_code."
    )

    # A country's name in Hindi from CLDR (registry.hindi), never typed in.
    name_hi = serializers.CharField(
        read_only=True, help_text="The country's name in Hindi, from CLDR; empty otherwise."
    )

    class Meta:
        model = models.Partner
        fields = read_fields(models.Partner, "aliases", "iso_alpha_3", "iso_numeric", "name_hi")


class PartnerWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.Partner
        fields = write_fields(models.Partner)


class AgencySerializer(RecordSerializer):
    class Meta:
        model = models.Agency
        fields = read_fields(models.Agency)


class AgencyWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.Agency
        fields = write_fields(models.Agency)


class ResearchAreaSerializer(RecordSerializer):
    class Meta:
        model = models.ResearchArea
        fields = read_fields(models.ResearchArea)


class ResearchAreaWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.ResearchArea
        fields = write_fields(models.ResearchArea)


class EngagementSerializer(RecordSerializer):
    page_of = "partner"
    html_url = shown_on_the_page_of("partner")

    class Meta:
        model = models.Engagement
        fields = read_fields(models.Engagement)


class EngagementWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.Engagement
        fields = write_fields(models.Engagement)


class AgreementPartySerializer(serializers.ModelSerializer):
    """One party's own dates (a multilateral agreement's table of parties)."""

    partner = RecordRefSerializer(read_only=True)

    class Meta:
        model = models.AgreementParty
        fields = ["partner", "status", "signed_on", "in_force_from", "withdrawn_on", "source"]


class PartiesField(serializers.ListSerializer):
    """The party rows, leaving out (for the public) a row whose partner is a draft: the row
    would name it, as the agreement's list of partners does not."""

    def to_representation(self, data):
        rows = data.all() if hasattr(data, "all") else data
        if not self.context.get("show_drafts"):
            rows = [row for row in rows if row.partner.is_published]
        rows = sorted(rows, key=lambda row: (row.partner.name.lower(), row.pk))
        return [self.child.to_representation(row) for row in rows]


class AgreementSerializer(RecordSerializer):
    parties = PartiesField(
        child=AgreementPartySerializer(),
        read_only=True,
        help_text="Each party's own dates, for an agreement with several parties (empty for "
        "a bilateral one). Edited in the admin.",
    )

    class Meta:
        model = models.Agreement
        fields = read_fields(models.Agreement, "parties")


class AgreementWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.Agreement
        fields = write_fields(models.Agreement)


class JointCallSerializer(RecordSerializer):
    class Meta:
        model = models.JointCall
        fields = read_fields(models.JointCall)


class JointCallWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.JointCall
        fields = write_fields(models.JointCall)


class JointWorkingGroupSerializer(RecordSerializer):
    class Meta:
        model = models.JointWorkingGroup
        fields = read_fields(models.JointWorkingGroup)


class JointWorkingGroupWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.JointWorkingGroup
        fields = write_fields(models.JointWorkingGroup)


class JWGReviewSerializer(RecordSerializer):
    class Meta:
        model = models.JWGReview
        fields = read_fields(models.JWGReview)


class JWGReviewWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.JWGReview
        fields = write_fields(models.JWGReview)


class FacilitySerializer(RecordSerializer):
    aliases = aliases_field()

    class Meta:
        model = models.Facility
        fields = read_fields(models.Facility, "aliases")


class FacilityWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.Facility
        fields = write_fields(models.Facility)


class FacilityMembershipSerializer(RecordSerializer):
    page_of = "facility"
    html_url = shown_on_the_page_of("facility")

    class Meta:
        model = models.FacilityMembership
        fields = read_fields(models.FacilityMembership)


class FacilityMembershipWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.FacilityMembership
        fields = write_fields(models.FacilityMembership)


class ProjectSerializer(RecordSerializer):
    class Meta:
        model = models.Project
        fields = read_fields(models.Project)


class ProjectWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.Project
        fields = write_fields(models.Project)


class ProjectResultSerializer(RecordSerializer):
    page_of = "project"
    html_url = shown_on_the_page_of("project")

    class Meta:
        model = models.ProjectResult
        fields = read_fields(models.ProjectResult)


class ProjectResultWriteSerializer(RecordWriteSerializer):
    class Meta:
        model = models.ProjectResult
        fields = write_fields(models.ProjectResult)
