"""The partner briefing: one partner on two printed pages, real records only."""

from django.db.models import Q
from django.utils import timezone

from registry import models, schedule
from registry.views.base import PublicDetailView

# Longer lists are cut in the briefing (it must fit two A4 pages) and link to the full list.
BRIEFING_LIMIT = 12
UPCOMING = [models.JointCall.Status.OPEN, models.JointCall.Status.FORECAST]


def real(model):
    """Published records that are not samples: a briefing is sent on, so it holds no demo data."""
    return model.objects.published().filter(is_sample=False)


def samples_left_out(partner) -> int:
    with_partner = (
        (models.Agreement, "partners"),
        (models.JointCall, "partners"),
        (models.JointWorkingGroup, "partners"),
        (models.Engagement, "partner"),
    )
    return sum(
        model.objects.published().filter(is_sample=True, **{field: partner}).count()
        for model, field in with_partner
    )


def sources_of(*groups) -> list[tuple[str, str]]:
    """Each (source, source URL) the briefing's records cite, once, in order of first use."""
    seen = {}
    for records in groups:
        for record in records:
            if record.source:
                seen.setdefault((record.source, record.source_url), None)
    return list(seen)


def agreements_by_status(agreements) -> list[tuple[str, int]]:
    counts = {}
    for agreement in agreements:
        label = agreement.get_status_display()
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def with_review_due(groups, today):
    """Each group's next review due (the one rule: schedule.review_due, from published
    held meetings), soonest first; groups without a cadence or a held meeting last."""
    for group in groups:
        group.review_due_on = schedule.review_due(group.last_held_on, group.cadence_months)
        group.review_overdue = schedule.is_overdue(group.review_due_on, today)
    return sorted(groups, key=lambda g: (g.review_due_on is None, g.review_due_on, g.name))


class PartnerBriefingView(PublicDetailView):
    model = models.Partner
    template_name = "registry/partner_briefing.html"

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        partner, today, now = self.object, timezone.localdate(), timezone.now()
        agreements = list(
            real(models.Agreement).filter(partners=partner).for_list().in_list_order()
        )
        calls = list(
            real(models.JointCall)
            .filter(partners=partner)
            .filter(Q(closes_at__gte=now) | Q(closes_at__isnull=True, status__in=UPCOMING))
            .exclude(status=models.JointCall.Status.CANCELLED)
            .for_list()
            .order_by("closes_at", "id")
        )
        groups = with_review_due(
            list(real(models.JointWorkingGroup).filter(partners=partner).for_list()), today
        )
        meetings = list(
            real(models.JWGReview)
            .filter(group__partners=partner, group__is_published=True, held_on__gte=today)
            .for_list()
            .order_by("held_on", "id")
        )
        memberships = list(
            real(models.FacilityMembership)
            .filter(facility__host_partners=partner, facility__is_published=True)
            .for_list()
        )
        return super().get_context_data(
            today=today,
            agreements=agreements[:BRIEFING_LIMIT],
            agreements_total=len(agreements),
            by_status=agreements_by_status(agreements),
            calls=calls,
            groups=groups,
            meetings=meetings,
            memberships=memberships,
            samples_left_out=samples_left_out(partner),
            sources=sources_of([partner], agreements, calls, groups, meetings, memberships),
            **kwargs,
        )
