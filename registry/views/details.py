"""The public record pages. Related lists hold published records only."""

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe

from registry import models, review_schedule, schedule
from registry.caching import cached, data_version
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
    """The partner hub: everything the registry holds with one partner, as a briefing.

    Its body (registry/includes/partner_hub.html) is the same for every reader: published
    records only, no form, nothing of the request. So it is rendered once per data version
    and language (`partner_hub_html`), for readers the whole-page cache does not serve too
    (`Cache-Control: no-cache`, staff, readers with messages): a warm hub is the partner's
    query and the version's. What depends on the reader stays outside it, in the page around
    it: the language form's CSRF token, messages, and the JSON-LD's absolute links (cached
    per site address by its tag).
    """

    model = models.Partner

    def get_queryset(self):
        # The body's own links (members, forums, aliases) are loaded when it is rendered.
        return self.model.objects.published()

    def get_object(self, queryset=None):
        # The version first: a change committed between the two reads retires the body
        # rendered from the partner as it was (registry/caching.py reads data after it).
        data_version()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(hub_html=partner_hub_html(self.object), **kwargs)


HUB_TEMPLATE = "registry/includes/partner_hub.html"


def partner_hub_html(partner) -> str:
    """The hub's body, once per data version, language and script prefix (its links)."""

    def compute():
        context = models.partner_detail_lookups(partner, HUB_LIMIT)
        return render_to_string(HUB_TEMPLATE, context)

    key = f"hub:partner:{partner.pk}:{get_script_prefix()}"
    return mark_safe(cached(key, compute, per_language=True))


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
