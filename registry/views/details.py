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
    """An agreement and its chain: groups, their meetings, the calls that followed, the
    projects each call funded and their results, each in date order."""

    model = models.Agreement

    def get_context_data(self, **kwargs):
        agreement = self.object
        calls = sorted(agreement.public_calls, key=call_date)
        projects = published(models.Project).filter(call__in=[c.pk for c in calls])
        by_call = {}
        for project in projects.for_chain().in_date_order():
            by_call.setdefault(project.call_id, []).append(project)
        for call in calls:
            call.public_projects = by_call.get(call.pk, [])
        for group in agreement.public_groups:
            # The chain reads forward in time: first meeting first.
            group.public_reviews.sort(key=lambda r: (r.held_on is None, r.held_on, r.pk))
        return super().get_context_data(
            chain_calls=calls,
            timeline=agreement_timeline(agreement),
            review_due=review_schedule.agreement_due(agreement, timezone.localdate()),
            **result_counts(call__agreement=agreement, call__is_published=True),
            **kwargs,
        )


def call_date(call):
    """A call's place in the chain: when it opened (else closed); undated calls last."""
    moment = call.opens_at or call.closes_at
    return (moment is None, moment.timestamp() if moment else 0, call.pk)


class JointCallDetailView(PublicDetailView):
    """A call and what it led to: the projects recorded under it and their results."""

    model = models.JointCall

    def get_context_data(self, **kwargs):
        call = self.object
        projects = published(models.Project).filter(call=call).for_chain().in_date_order()
        return super().get_context_data(
            projects=list(projects), **result_counts(call=call), **kwargs
        )


class PartnerDetailView(PublicDetailView):
    """The partner hub: everything the registry holds with one partner, as a briefing."""

    model = models.Partner

    def get_context_data(self, **kwargs):
        partner = self.object
        groups = published(models.JointWorkingGroup).filter(partners=partner)
        hosted = published(models.Facility).filter(host_partners=partner)
        agreements = published(models.Agreement).filter(partners=partner)
        # The table's rows only (registry/rows.py): no areas or agency to load.
        agreements = agreements.for_table().in_list_order()
        calls = published(models.JointCall).filter(partners=partner).for_list().in_list_order()
        reviews = published(models.JWGReview).filter(group__in=groups).for_list()
        projects = published(models.Project).filter(partners=partner).for_list().in_list_order()
        return super().get_context_data(
            **latest_with_totals(
                agreements=agreements, calls=calls, reviews=reviews, projects=projects
            ),
            **result_counts(partners=partner),
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
        projects = published(models.Project).filter(areas=area).for_list().in_list_order()
        return super().get_context_data(
            engagements=published(models.Engagement).filter(area=area).for_list(),
            **latest_with_totals(agreements=agreements, calls=calls, projects=projects),
            **result_counts(areas=area),
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


def result_counts(**project_lookup):
    """Public results of the matching projects, counted by kind, and their total."""
    counts = models.ProjectResult.objects.counts_by_kind(**project_lookup)
    return {"result_counts": counts, "result_total": sum(n for _k, _label, n in counts)}


class ProjectDetailView(PublicDetailView):
    """A project, its call (and through it the agreement) and its results in date order."""

    model = models.Project
