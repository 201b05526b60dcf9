"""The FilterSets: the query contract shared by the public lists and the API."""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from registry import catalogue, filters, models
from tests import factories as f

pytestmark = pytest.mark.django_db


def run(filterset_class, **params):
    """The published records a query string selects; fails on an invalid one."""
    data = QueryDict(urlencode(params, doseq=True))
    model = filterset_class._meta.model
    filterset = filterset_class(data, queryset=model.objects.published())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def errors(filterset_class, query):
    model = filterset_class._meta.model
    filterset = filterset_class(QueryDict(query), queryset=model.objects.published())
    assert not filterset.is_valid()
    return filterset.errors


class TestAgreementFilterSet:
    def test_partner_is_named_by_iso_code_or_slug(self):
        france = f.make_partner(name="France", slug="france", iso_code="FR")
        with_france = f.make_agreement(partners=[france])
        f.make_agreement()
        assert run(filters.AgreementFilterSet, partner="fr") == [with_france]
        assert run(filters.AgreementFilterSet, partner="FR") == [with_france]
        assert run(filters.AgreementFilterSet, partner="france") == [with_france]

    def test_several_values_of_one_filter_are_ored(self):
        signed = f.make_agreement(status="signed")
        in_force = f.make_agreement(status="in_force")
        f.make_agreement(status="expired")
        found = run(filters.AgreementFilterSet, status=["signed", "in_force"])
        assert set(found) == {signed, in_force}

    def test_an_agreement_with_two_chosen_partners_is_listed_once(self):
        a, b = f.make_partner(), f.make_partner()
        both = f.make_agreement(partners=[a, b])
        assert run(filters.AgreementFilterSet, partner=[a.slug, b.slug]) == [both]

    def test_filters_combine(self):
        area = f.make_area()
        match = f.make_agreement(instrument="loi", status="signed")
        match.areas.add(area)
        f.make_agreement(instrument="loi", status="signed")
        f.make_agreement(instrument="mou", status="signed").areas.add(area)
        found = run(filters.AgreementFilterSet, instrument="loi", area=area.slug)
        assert found == [match]

    def test_signing_date_range_is_inclusive(self):
        early = f.make_agreement(signed_on=datetime.date(2019, 12, 31))
        first = f.make_agreement(signed_on=datetime.date(2020, 1, 1))
        last = f.make_agreement(signed_on=datetime.date(2020, 12, 31))
        found = run(
            filters.AgreementFilterSet, signed_after="2020-01-01", signed_before="2020-12-31"
        )
        assert set(found) == {first, last}
        assert early not in found

    def test_text_search_matches_every_word_in_any_field(self):
        japan = f.make_partner(name="Japan")
        match = f.make_agreement(partners=[japan], title="Cooperation in ocean science")
        f.make_agreement(title="Ocean survey")
        assert run(filters.AgreementFilterSet, q="ocean japan") == [match]

    def test_sort_orders_and_reverses(self):
        b = f.make_agreement(title="Bravo")
        a = f.make_agreement(title="Alpha")
        assert run(filters.AgreementFilterSet, sort="title") == [a, b]
        assert run(filters.AgreementFilterSet, sort="-title") == [b, a]

    def test_sample_filter_separates_samples(self):
        real = f.make_agreement()
        sample = f.make_agreement(is_sample=True)
        assert run(filters.AgreementFilterSet, sample="true") == [sample]
        assert run(filters.AgreementFilterSet, sample="false") == [real]

    def test_invalid_values_are_reported_per_field(self):
        found = errors(filters.AgreementFilterSet, "status=bogus&signed_after=notadate&partner=zz")
        assert set(found) == {"status", "signed_after", "partner"}

    def test_a_draft_partner_is_not_a_valid_choice(self):
        draft = f.make_partner(is_published=False)
        assert "partner" in errors(filters.AgreementFilterSet, f"partner={draft.slug}")


class TestJointCallFilterSet:
    def test_open_now_selects_calls_taking_proposals(self):
        now = timezone.now()
        open_call = f.make_call()
        f.make_call(status="closed", closes_at=now - datetime.timedelta(days=1))
        assert run(filters.JointCallFilterSet, open="true") == [open_call]
        assert open_call not in run(filters.JointCallFilterSet, open="false")

    def test_deadline_range_uses_the_date(self):
        moment = timezone.make_aware(datetime.datetime(2025, 3, 31, 17, 0))
        call = f.make_call(opens_at=None, closes_at=moment)
        f.make_call(opens_at=None, closes_at=moment + datetime.timedelta(days=2))
        found = run(
            filters.JointCallFilterSet, closes_after="2025-03-31", closes_before="2025-03-31"
        )
        assert found == [call]

    def test_agency_filter_goes_through_the_agencies(self):
        dst = f.make_agency(slug="dst")
        call = f.make_call()
        call.agencies.add(dst)
        f.make_call()
        assert run(filters.JointCallFilterSet, agency="dst") == [call]


class TestPartnerFilterSet:
    def test_kind_and_area(self):
        area = f.make_area(slug="astronomy")
        country = f.make_engagement(area=area).partner
        f.make_engagement(area=area, partner=f.make_partner(kind="forum"))
        f.make_partner()
        assert run(filters.PartnerFilterSet, kind="country", area="astronomy") == [country]

    def test_forum_membership(self):
        forum = f.make_partner(kind="forum", slug="brics")
        member = f.make_partner()
        forum.members.add(member)
        f.make_partner()
        assert run(filters.PartnerFilterSet, forum="brics") == [member]

    def test_search_finds_a_partner_by_a_source_spelling(self):
        korea = f.make_partner(name="Republic of Korea")
        models.PartnerAlias.objects.create(partner=korea, name="S. Korea")
        assert run(filters.PartnerFilterSet, q="s. korea") == [korea]

    def test_counts_stay_right_when_a_filter_crosses_a_relation(self):
        area, other = f.make_area(slug="a1"), f.make_area(slug="a2")
        partner = f.make_partner()
        f.make_engagement(partner=partner, area=area)
        f.make_engagement(partner=partner, area=other)
        for _ in range(3):
            f.make_agreement(partners=[partner])
        filterset = filters.PartnerFilterSet(
            QueryDict("area=a1&area=a2"), queryset=models.Partner.objects.published().for_list()
        )
        (found,) = filterset.qs
        assert (found.agreement_count, found.engagement_count) == (3, 2)


class TestOtherFilterSets:
    def test_facilities_by_india_role_are_listed_once(self):
        facility = f.make_facility()
        f.make_membership(facility=facility, membership_type="member")
        f.make_membership(facility=facility, membership_type="member")
        f.make_membership(membership_type="observer")
        assert run(filters.FacilityFilterSet, membership_type="member") == [facility]

    def test_memberships_active_on_a_day(self):
        active = f.make_membership(started_on=datetime.date(2010, 1, 1))
        f.make_membership(started_on=datetime.date(2000, 1, 1), ended_on=datetime.date(2005, 1, 1))
        assert run(filters.FacilityMembershipFilterSet, active_on="2020-01-01") == [active]

    def test_reviews_by_partner_status_and_date(self):
        partner = f.make_partner(slug="japan")
        group = f.make_group(partners=[partner])
        held = f.make_review(group=group, held_on=datetime.date(2024, 5, 1))
        f.make_review(group=group, status="planned", held_on=datetime.date(2024, 6, 1))
        f.make_review(held_on=datetime.date(2024, 5, 1))
        found = run(
            filters.JWGReviewFilterSet, partner="japan", status="held", held_after="2024-01-01"
        )
        assert found == [held]

    def test_working_groups_by_agreement(self):
        agreement = f.make_agreement()
        group = f.make_group()
        group.agreements.add(agreement, f.make_agreement())
        f.make_group()
        assert run(filters.JointWorkingGroupFilterSet, agreement=agreement.pk) == [group]

    def test_engagements_by_mode_and_agency(self):
        dbt = f.make_agency(slug="dbt")
        match = f.make_engagement(mode="multilateral", indian_agency=dbt)
        f.make_engagement(mode="bilateral", indian_agency=dbt)
        found = run(filters.EngagementFilterSet, mode="multilateral", agency="dbt")
        assert found == [match]

    def test_agencies_by_kind_and_parent(self):
        most = f.make_agency(slug="most", kind="ministry")
        dst = f.make_agency(parent=most, kind="department")
        f.make_agency(kind="department")
        assert run(filters.AgencyFilterSet, kind="department", parent="most") == [dst]

    def test_areas_without_a_label_in_the_source(self):
        unlabelled = f.make_area(is_unlabelled=True)
        f.make_area()
        assert run(filters.ResearchAreaFilterSet, unlabelled="true") == [unlabelled]

    @pytest.mark.parametrize(
        "filterset_class", sorted(set(catalogue.filtersets().values()), key=str)
    )
    def test_an_unknown_sort_is_an_error_not_a_crash(self, filterset_class):
        assert "sort" in errors(filterset_class, "sort=bogus")


def test_filters_through_engagements_and_memberships_ignore_drafts():
    area = f.make_area(slug="oceans")
    f.make_engagement(area=area, is_published=False)
    assert run(filters.PartnerFilterSet, area="oceans") == []
    agency = f.make_agency(slug="moes")
    f.make_membership(nodal_agency=agency, membership_type="observer", is_published=False)
    assert run(filters.FacilityFilterSet, agency="moes") == []
    assert run(filters.FacilityFilterSet, membership_type="observer") == []


def test_search_does_not_match_through_a_draft_related_record():
    secret = f.make_partner(name="Atlantis", is_published=False)
    f.make_agreement(partners=[secret, f.make_partner()])
    assert run(filters.AgreementFilterSet, q="atlantis") == []
    shown = f.make_agreement(partners=[f.make_partner(name="Lemuria")])
    assert run(filters.AgreementFilterSet, q="lemuria") == [shown]


def test_related_filters_and_their_counts_pass_only_through_published_records(client):
    """A draft engagement or a draft working group never links a record to a filter value."""
    india_area, partner = f.make_area(name="Quantum"), f.make_partner(name="Chile")
    f.make_engagement(partner=partner, area=india_area, is_published=False)
    response = client.get(reverse("registry:partner_list"), {"area": india_area.slug})
    assert list(response.context["object_list"]) == []
    options = client.get(reverse("registry:partner_list")).content.decode()
    # No record reaches the area through a published engagement: the option is left out.
    assert f'value="{india_area.slug}"' not in options
    draft_group = f.make_group(partners=[partner], is_published=False)
    f.make_review(group=draft_group)
    response = client.get(reverse("registry:review_list"), {"partner": partner.slug})
    assert list(response.context["object_list"]) == []
