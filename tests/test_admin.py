"""The staff workspace: every admin page loads with a bounded number of queries; publishing."""


import pytest
from django.contrib import admin
from django.urls import reverse

from registry import models
from tests import factories as f

pytestmark = pytest.mark.django_db

REGISTRY_ADMINS = [model for model in admin.site._registry if model._meta.app_label == "registry"]


def _admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def one_of_each():
    """One record of every registry model, linked together the way staff would link them."""
    partner = f.make_partner()
    agency = f.make_agency()
    area = f.make_area()
    agreement = f.make_agreement(partners=[partner], indian_agency=agency)
    group = f.make_group(partners=[partner])
    group.agreements.add(agreement)
    review = f.make_review(group=group)
    facility = f.make_facility()
    return {
        models.Partner: partner,
        models.PartnerAlias: models.PartnerAlias.objects.create(partner=partner, name="Alias"),
        models.Agency: agency,
        models.ResearchArea: area,
        models.Engagement: f.make_engagement(partner=partner, area=area),
        models.Agreement: agreement,
        models.JointWorkingGroup: group,
        models.JWGReview: review,
        models.ActionItem: f.make_action_item(review=review),
        models.JointCall: f.make_call(partners=[partner], agreement=agreement),
        models.Facility: facility,
        models.FacilityAlias: models.FacilityAlias.objects.create(facility=facility, name="FA"),
        models.FacilityMembership: f.make_membership(facility=facility, nodal_agency=agency),
        models.StatedFigure: models.StatedFigure.objects.create(label="MoUs", value_text="16"),
    }


def test_every_registry_model_has_an_admin():
    expected = {
        models.Partner,
        models.PartnerAlias,
        models.Agency,
        models.ResearchArea,
        models.Engagement,
        models.Agreement,
        models.JointWorkingGroup,
        models.JWGReview,
        models.ActionItem,
        models.JointCall,
        models.Facility,
        models.FacilityAlias,
        models.FacilityMembership,
        models.StatedFigure,
        models.ReminderLog,
    }
    assert expected <= set(REGISTRY_ADMINS)


@pytest.mark.parametrize("model", REGISTRY_ADMINS, ids=lambda m: m._meta.model_name)
def test_every_changelist_add_and_change_page_loads_for_a_superuser(
    model, admin_client, django_assert_max_num_queries
):
    records = one_of_each()
    # Session, user, then the page's own queries: counts, the rows, filter choices, related
    # rows prefetched once, inline rows. 30 is well above any page today and far below a
    # query per row.
    with django_assert_max_num_queries(30):
        assert admin_client.get(_admin_url(model, "changelist")).status_code == 200
    if model is models.ReminderLog:
        return  # read only: no add or change form
    with django_assert_max_num_queries(30):
        assert admin_client.get(_admin_url(model, "add")).status_code == 200
    with django_assert_max_num_queries(30):
        url = _admin_url(model, "change", records[model].pk)
        assert admin_client.get(url).status_code == 200
