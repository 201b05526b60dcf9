"""The public lists: one FilterSet each, published records only, a page at a time.

Each list is also its export (`/agreements/export.csv`): `export_columns` are the columns of
the file, before the ones every export ends with (registry/exports.py).
"""

from django.utils import timezone

from registry import models, review_schedule, rows, world_map
from registry.exports import iso, names, yes_no
from registry.models import format_partial_date
from registry.models.base import published_or_none
from registry.views.base import PublicListView


class AgreementListView(PublicListView):
    model = models.Agreement
    facets = ("status", "instrument")
    rows_from_ids = staticmethod(rows.html_for_ids)
    export_columns = [
        ("id", lambda o: o.pk),
        ("title", lambda o: o.title),
        ("instrument", lambda o: o.get_instrument_display()),
        ("status", lambda o: o.get_status_display()),
        ("partners", lambda o: names(o.public_partners)),
        ("indian_agency", lambda o: str(published_or_none(o.indian_agency) or "")),
        ("partner_agency", lambda o: o.partner_agency),
        ("areas", lambda o: names(o.public_areas)),
        ("signed", lambda o: format_partial_date(o.signed_on, o.signed_precision)),
        ("signed_on", lambda o: iso(o.signed_on)),
        ("in_force_from", lambda o: iso(o.in_force_from)),
        ("valid_until", lambda o: iso(o.valid_until)),
        ("legally_binding", lambda o: yes_no(o.is_binding)),
        ("reference", lambda o: o.reference),
        ("title_hi", lambda o: o.title_hi),
    ]


class JointCallListView(PublicListView):
    model = models.JointCall
    facets = ("status",)
    export_columns = [
        ("id", lambda o: o.pk),
        ("title", lambda o: o.title),
        ("status", lambda o: o.get_status_display()),
        ("partners", lambda o: names(o.public_partners)),
        ("indian_agencies", lambda o: names(o.public_agencies)),
        ("areas", lambda o: names(o.public_areas)),
        ("opens_at", lambda o: iso(o.opens_at)),
        ("closes_at", lambda o: iso(o.closes_at)),
        ("deadline_precision", lambda o: o.closes_precision),
        ("budget", lambda o: "" if o.budget is None else str(o.budget)),
        ("currency", lambda o: o.currency),
        ("proposals_received", lambda o: o.proposals_received),
        ("projects_funded", lambda o: o.projects_funded),
        ("call_page", lambda o: o.url),
        ("title_hi", lambda o: o.title_hi),
    ]


class PartnerListView(PublicListView):
    model = models.Partner
    facets = ("kind",)
    export_columns = [
        ("name", lambda o: o.name),
        ("kind", lambda o: o.get_kind_display()),
        ("iso_code", lambda o: o.iso_code),
        ("iso_alpha_3", lambda o: o.iso_alpha_3),
        ("iso_numeric", lambda o: o.iso_numeric),
        ("wikidata_id", lambda o: o.wikidata_id),
        ("ror_id", lambda o: o.ror_id),
        ("cross_reference_source", lambda o: o.cross_reference_source),
        ("agreements", lambda o: o.agreement_count),
        ("calls", lambda o: o.call_count),
        ("engagements", lambda o: o.engagement_count),
        # CLDR's Hindi name of a country (registry.hindi), never stored.
        ("name_hi", lambda o: o.name_hi),
    ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            world_map=world_map.world_map(self.request.GET.get("map")), **kwargs
        )


class ResearchAreaListView(PublicListView):
    model = models.ResearchArea
    export_columns = [
        ("name", lambda o: o.name),
        ("label_missing_in_source", lambda o: yes_no(o.is_unlabelled)),
        ("engagements", lambda o: o.engagement_count),
        ("agreements", lambda o: o.agreement_count),
        ("calls", lambda o: o.call_count),
        ("name_hi", lambda o: o.name_hi),
    ]


class FacilityListView(PublicListView):
    model = models.Facility
    facets = ("kind",)
    export_columns = [
        ("short_name", lambda o: o.short_name),
        ("name", lambda o: o.name),
        ("kind", lambda o: o.get_kind_display()),
        ("host_partners", lambda o: names(o.public_hosts)),
        ("location", lambda o: o.location),
        (
            "india_role",
            lambda o: names(m.get_membership_type_display() for m in o.public_memberships),
        ),
        ("name_hi", lambda o: o.name_hi),
    ]


class JWGReviewListView(PublicListView):
    model = models.JWGReview
    facets = ("status",)
    export_columns = [
        ("id", lambda o: o.pk),
        ("working_group", lambda o: str(published_or_none(o.group) or "")),
        ("title", lambda o: o.title),
        ("meeting_number", lambda o: o.sequence_number),
        ("date", lambda o: o.date_display),
        ("status", lambda o: o.get_status_display()),
        ("place", lambda o: o.place),
        ("mode", lambda o: o.get_mode_display() if o.mode else ""),
        ("public_outcomes", lambda o: o.outcomes),
        ("minutes", lambda o: o.minutes_url),
    ]

    def get_context_data(self, **kwargs):
        window = self.request.GET.get("due")
        window = window if window in (review_schedule.DUE_SOON, review_schedule.OVERDUE) else None
        rows = review_schedule.public_schedule(timezone.localdate(), window)
        return super().get_context_data(review_schedule=rows, review_window=window, **kwargs)


class JointWorkingGroupListView(PublicListView):
    model = models.JointWorkingGroup
    export_columns = [
        ("id", lambda o: o.pk),
        ("name", lambda o: o.name),
        ("partners", lambda o: names(o.public_partners)),
        ("review_cadence_months", lambda o: o.cadence_months),
        ("meetings", lambda o: o.review_count),
        ("last_held", lambda o: iso(o.last_held_on)),
        ("next_review_due", lambda o: iso(o.next_review_due)),
    ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class AgencyListView(PublicListView):
    model = models.Agency
    facets = ("kind",)
    export_columns = [
        ("short_name", lambda o: o.short_name),
        ("name", lambda o: o.name),
        ("kind", lambda o: o.get_kind_display()),
        ("part_of", lambda o: str(published_or_none(o.parent) or "")),
        ("location", lambda o: o.location),
        ("agreements", lambda o: o.agreement_count),
        ("wikidata_id", lambda o: o.wikidata_id),
        ("ror_id", lambda o: o.ror_id),
        ("cross_reference_source", lambda o: o.cross_reference_source),
        ("name_hi", lambda o: o.name_hi),
    ]


def amount(value, currency) -> str:
    return "" if value is None else f"{value} {currency}".strip()


class ProjectListView(PublicListView):
    model = models.Project
    facets = ("status",)
    export_columns = [
        ("id", lambda o: o.pk),
        ("title", lambda o: o.title),
        ("status", lambda o: o.get_status_display()),
        ("call", lambda o: str(published_or_none(o.call) or "")),
        ("partners", lambda o: names(o.public_partners)),
        ("areas", lambda o: names(o.public_areas)),
        ("indian_institution", lambda o: str(published_or_none(o.indian_institution) or "")),
        ("partner_institution", lambda o: o.partner_institution),
        ("principal_investigators", lambda o: o.investigators),
        ("started_on", lambda o: iso(o.started_on)),
        ("ended_on", lambda o: iso(o.ended_on)),
        ("indian_funding", lambda o: amount(o.indian_funding, o.indian_currency)),
        ("partner_funding", lambda o: amount(o.partner_funding, o.partner_currency)),
        ("results", lambda o: o.result_count),
        ("project_page", lambda o: o.url),
    ]
