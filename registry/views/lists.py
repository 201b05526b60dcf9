"""The public lists: one FilterSet each, published records only, 50 a page."""

from django.utils.translation import gettext_lazy as _

from registry import filters, models
from registry.views.base import PublicListView


class AgreementListView(PublicListView):
    model = models.Agreement
    filterset_class = filters.AgreementFilterSet
    facets = ("status", "instrument")
    kind = "agreement"
    heading = _("Agreements")


class JointCallListView(PublicListView):
    model = models.JointCall
    filterset_class = filters.JointCallFilterSet
    facets = ("status",)
    kind = "call"
    heading = _("Joint calls")


class PartnerListView(PublicListView):
    model = models.Partner
    filterset_class = filters.PartnerFilterSet
    facets = ("kind",)
    kind = "partner"
    heading = _("Partners")


class ResearchAreaListView(PublicListView):
    model = models.ResearchArea
    filterset_class = filters.ResearchAreaFilterSet
    kind = "area"
    heading = _("Research areas")


class FacilityListView(PublicListView):
    model = models.Facility
    filterset_class = filters.FacilityFilterSet
    facets = ("kind",)
    kind = "facility"
    heading = _("International research facilities")


class JWGReviewListView(PublicListView):
    model = models.JWGReview
    filterset_class = filters.JWGReviewFilterSet
    facets = ("status",)
    kind = "review"
    heading = _("Joint Working Group meetings")


class JointWorkingGroupListView(PublicListView):
    model = models.JointWorkingGroup
    filterset_class = filters.JointWorkingGroupFilterSet
    kind = "jwg"
    heading = _("Joint Working Groups")


class AgencyListView(PublicListView):
    model = models.Agency
    filterset_class = filters.AgencyFilterSet
    facets = ("kind",)
    kind = "agency"
    heading = _("Indian agencies")


# URL path, URL name stem, list view, detail view key: urls.py, exports and tests use this.
LIST_VIEWS = {
    view.kind: view
    for view in (
        AgreementListView,
        JointCallListView,
        PartnerListView,
        ResearchAreaListView,
        FacilityListView,
        JWGReviewListView,
        JointWorkingGroupListView,
        AgencyListView,
    )
}
