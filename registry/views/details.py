"""The public record pages. Related lists hold published records only."""

from django.utils import timezone

from registry import models, review_schedule, schedule
from registry.timelines import agreement_timeline, membership_periods
from registry.views.base import PublicDetailView

# A hub lists at most this many of each kind and links to the full, filtered list.
HUB_LIMIT = 20


def published(model):
    return model.objects.published()


def latest_with_totals(**querysets) -> dict:
    """`name` (the first HUB_LIMIT records) and `name_total` for each queryset."""
    context = {}
    for name, queryset in querysets.items():
        context[name], context[f"{name}_total"] = models.first_and_total(queryset, HUB_LIMIT)
    return context


class AgreementDetailView(PublicDetailView):
    """An agreement and its chain: groups, their meetings, the calls that followed."""

    model = models.Agreement

    def get_context_data(self, **kwargs):
        due = review_schedule.agreement_due(self.object, timezone.localdate())
        return super().get_context_data(
            timeline=agreement_timeline(self.object), review_due=due, **kwargs
        )


class JointCallDetailView(PublicDetailView):
    model = models.JointCall


class PartnerDetailView(PublicDetailView):
    """The partner hub: everything the registry holds with one partner, as a briefing."""

    model = models.Partner

    def get_context_data(self, **kwargs):
        partner = self.object
        groups = published(models.JointWorkingGroup).filter(partners=partner)
        hosted = published(models.Facility).filter(host_partners=partner)
        agreements = published(models.Agreement).filter(partners=partner).for_list().in_list_order()
        calls = published(models.JointCall).filter(partners=partner).for_list().in_list_order()
        reviews = published(models.JWGReview).filter(group__in=groups).for_list()
        return super().get_context_data(
            **latest_with_totals(agreements=agreements, calls=calls, reviews=reviews),
            engagements=published(models.Engagement).filter(partner=partner).for_list(),
            memberships=published(models.FacilityMembership).filter(facility__in=hosted).for_list(),
            groups=groups.for_list(),
            **kwargs,
        )


class AgencyDetailView(PublicDetailView):
    model = models.Agency

    def get_context_data(self, **kwargs):
        agency = self.object
        agreements = (
            published(models.Agreement).filter(indian_agency=agency).for_list().in_list_order()
        )
        calls = published(models.JointCall).filter(agencies=agency).for_list().in_list_order()
        return super().get_context_data(
            **latest_with_totals(agreements=agreements, calls=calls),
            engagements=published(models.Engagement).filter(indian_agency=agency).for_list(),
            memberships=published(models.FacilityMembership).filter(nodal_agency=agency).for_list(),
            **kwargs,
        )


class ResearchAreaDetailView(PublicDetailView):
    model = models.ResearchArea

    def get_context_data(self, **kwargs):
        area = self.object
        agreements = published(models.Agreement).filter(areas=area).for_list().in_list_order()
        calls = published(models.JointCall).filter(areas=area).for_list().in_list_order()
        return super().get_context_data(
            engagements=published(models.Engagement).filter(area=area).for_list(),
            **latest_with_totals(agreements=agreements, calls=calls),
            **kwargs,
        )


class FacilityDetailView(PublicDetailView):
    model = models.Facility

    def get_context_data(self, **kwargs):
        periods = membership_periods(self.object.public_memberships)
        return super().get_context_data(today=timezone.localdate(), periods=periods, **kwargs)


class JWGReviewDetailView(PublicDetailView):
    """A meeting and its public outcomes. Action items are staff only and never shown."""

    model = models.JWGReview


class JointWorkingGroupDetailView(PublicDetailView):
    model = models.JointWorkingGroup

    def get_context_data(self, **kwargs):
        group, today = self.object, timezone.localdate()
        due = group.next_review_due
        overdue = schedule.is_overdue(due, today)
        row = review_schedule.Due(group, due, group.last_held_on, overdue) if due else None
        return super().get_context_data(next_due=due, overdue=overdue, review_due=row, **kwargs)
