"""API viewsets: the published rule, the shared FilterSets, staff writes that start as drafts."""

from contextlib import contextmanager
from urllib.parse import quote

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from registry import filters, models
from registry.api import serializers
from registry.api.preconditions import based_on, etag
from registry.api.throttling import AnonApiThrottle
from registry.caching import data_version
from registry.models.base import Record, published_prefetch
from registry.permissions import may_publish, sees_drafts
from registry.views.page_cache import page_cache_seconds, page_key


@contextmanager
def saving():
    """One transaction; a constraint that another save broke meanwhile is a 400, not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise ValidationError(
            {
                api_settings.NON_FIELD_ERRORS_KEY: [
                    "This conflicts with another record; nothing was saved."
                ]
            }
        ) from None


class RecordViewSet(viewsets.ModelViewSet):
    """List, read, create and update one kind of record. Deleting is left to the admin.

    The public sees published records only (`Model.objects.published()`); staff who may change
    the model also see its drafts. `select` and `prefetch` keep the query count of a page
    independent of its size; for the public, prefetched links hold published records only
    (`published_prefetch`) and joined ones to drafts read as null (RecordRefSerializer).
    """

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    # Any id reaches the view, so a malformed one is a JSON 404 rather than the HTML page.
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]
    throttle_classes = [AnonApiThrottle]
    model: type[Record]
    write_serializer_class: type
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()

    def shows_drafts(self) -> bool:
        return sees_drafts(self.request.user, self.model)

    def get_queryset(self):
        drafts = self.shows_drafts()
        queryset = self.model.objects.all() if drafts else self.model.objects.published()
        return self._with_links(queryset.in_list_order(), drafts)

    def _with_links(self, queryset, drafts: bool):
        return queryset.select_related(*self.select).prefetch_related(
            *(path if drafts else published_prefetch(self.model, path) for path in self.prefetch)
        )

    def list(self, request, *args, **kwargs):
        """A page of records, cached whole (its JSON) per data version and address for the
        readers who see no drafts; staff who do are always answered afresh. Authentication,
        permissions and the throttle run before, so a cached page counts as any request."""
        key = self.list_cache_key(request)
        stored = cache.get(key) if key else None
        if stored is not None:
            content_type, content = stored
            return HttpResponse(content, content_type=content_type)
        self.store_list_under = key
        return super().list(request, *args, **kwargs)

    def list_cache_key(self, request) -> str | None:
        if not (
            page_cache_seconds() > 0
            and request.method in ("GET", "HEAD")
            and "no-cache" not in request.headers.get("Cache-Control", "")
            and not self.shows_drafts()
            and data_version() is not None  # no cache configured (CACHE_URL=dummy://)
        ):
            return None
        # The data version, language and full address; and the media type, as JSONRenderer
        # indents as the Accept header's parameters ask (quoted: a key holds no spaces, which
        # memcached refuses and Django warns of).
        media_type = quote(request.accepted_media_type, safe="/=")
        return f"api:{media_type}:{page_key(request)}"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "store_list_under", None)
        if key and response.status_code == 200 and isinstance(response, Response):
            response.render()
            stored = (response["Content-Type"], response.content)
            cache.set(key, stored, page_cache_seconds())
        return response

    def get_serializer_class(self):
        if self.request and self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self.write_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user if self.request else None
        context["show_drafts"] = bool(user) and self.shows_drafts()
        context["may_publish"] = bool(user) and may_publish(user, self.model)
        return context

    def retrieve(self, request, *args, **kwargs):
        return self._respond(self.get_object())

    def create(self, request, *args, **kwargs):
        write = self.get_serializer(data=request.data)
        write.is_valid(raise_exception=True)
        with saving():
            instance = write.save()
        return self._respond(self._fresh(instance), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        """Change a record the user may change (403), from the version it is at (428, 409, 412).

        The version is checked before the body, so a stale client hears that first, and again
        in the save's transaction, so two updates from one version never both succeed.
        """
        instance = self.get_object()
        partial = kwargs.get("partial", False)
        write = self.get_serializer(instance, data=request.data, partial=partial)
        based = based_on(request, instance, write.fields["version"])
        based.check(instance)
        write.is_valid(raise_exception=True)
        with saving():
            based.claim(instance)
            instance = write.save()
        return self._respond(self._fresh(instance))

    def _fresh(self, instance):
        """The saved record read again with its links (a new draft included, for its author)."""
        return self._with_links(self.model.objects.all(), self.shows_drafts()).get(pk=instance.pk)

    def _respond(self, instance, status_code=status.HTTP_200_OK):
        """The record in the read shape, with its ETag: the version an update is based on."""
        data = self.serializer_class(instance, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers={"ETag": etag(instance)})


class AgreementViewSet(RecordViewSet):
    """Agreements: MoUs, letters of intent, programmes of cooperation and other instruments."""

    model = models.Agreement
    serializer_class = serializers.AgreementSerializer
    write_serializer_class = serializers.AgreementWriteSerializer
    filterset_class = filters.AgreementFilterSet
    select = ("indian_agency", "supersedes", "amends")
    # Party rows come with their partner joined (AgreementParty's manager).
    prefetch = ("partners", "areas", "parties")


class JointCallViewSet(RecordViewSet):
    """Joint calls for R&D proposals: open ones first, as on the website."""

    model = models.JointCall
    serializer_class = serializers.JointCallSerializer
    write_serializer_class = serializers.JointCallWriteSerializer
    filterset_class = filters.JointCallFilterSet
    select = ("agreement", "review")
    prefetch = ("partners", "agencies", "areas")


class PartnerViewSet(RecordViewSet):
    """Partner countries, multilateral forums and international organisations."""

    model = models.Partner
    serializer_class = serializers.PartnerSerializer
    write_serializer_class = serializers.PartnerWriteSerializer
    filterset_class = filters.PartnerFilterSet
    prefetch = ("members", "aliases")


class ResearchAreaViewSet(RecordViewSet):
    """Fields of science and technology named in the sources."""

    model = models.ResearchArea
    serializer_class = serializers.ResearchAreaSerializer
    write_serializer_class = serializers.ResearchAreaWriteSerializer
    filterset_class = filters.ResearchAreaFilterSet


class EngagementViewSet(RecordViewSet):
    """A partner engaged with India in an area, bilaterally or through a forum."""

    model = models.Engagement
    serializer_class = serializers.EngagementSerializer
    write_serializer_class = serializers.EngagementWriteSerializer
    filterset_class = filters.EngagementFilterSet
    select = ("partner", "area", "indian_agency")


class FacilityViewSet(RecordViewSet):
    """International research facilities in which India participates."""

    model = models.Facility
    serializer_class = serializers.FacilitySerializer
    write_serializer_class = serializers.FacilityWriteSerializer
    filterset_class = filters.FacilityFilterSet
    prefetch = ("host_partners", "aliases")


class FacilityMembershipViewSet(RecordViewSet):
    """India's membership of (participation in) research facilities."""

    model = models.FacilityMembership
    serializer_class = serializers.FacilityMembershipSerializer
    write_serializer_class = serializers.FacilityMembershipWriteSerializer
    filterset_class = filters.FacilityMembershipFilterSet
    select = ("facility", "nodal_agency", "agreement")


class JointWorkingGroupViewSet(RecordViewSet):
    """Joint Working Groups that review agreements (public fields only)."""

    model = models.JointWorkingGroup
    serializer_class = serializers.JointWorkingGroupSerializer
    write_serializer_class = serializers.JointWorkingGroupWriteSerializer
    filterset_class = filters.JointWorkingGroupFilterSet
    prefetch = ("agreements", "partners")


class JWGReviewViewSet(RecordViewSet):
    """JWG review meetings and their public outcomes. Action items are never public."""

    model = models.JWGReview
    serializer_class = serializers.JWGReviewSerializer
    write_serializer_class = serializers.JWGReviewWriteSerializer
    filterset_class = filters.JWGReviewFilterSet
    select = ("group",)


class AgencyViewSet(RecordViewSet):
    """Indian ministries, departments and units."""

    model = models.Agency
    serializer_class = serializers.AgencySerializer
    write_serializer_class = serializers.AgencyWriteSerializer
    filterset_class = filters.AgencyFilterSet
    select = ("parent",)


class ProjectViewSet(RecordViewSet):
    """Joint R&D projects funded under calls (their results are under project-results)."""

    model = models.Project
    serializer_class = serializers.ProjectSerializer
    write_serializer_class = serializers.ProjectWriteSerializer
    filterset_class = filters.ProjectFilterSet
    select = ("call", "indian_institution")
    prefetch = ("partners", "areas")


class ProjectResultViewSet(RecordViewSet):
    """Results of joint R&D projects: publications, patents, visits, workshops, ..."""

    model = models.ProjectResult
    serializer_class = serializers.ProjectResultSerializer
    write_serializer_class = serializers.ProjectResultWriteSerializer
    filterset_class = filters.ProjectResultFilterSet
    select = ("project",)
