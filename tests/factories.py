"""Small factories: plain functions that build valid records with overridable fields."""

import datetime
import itertools

from django.utils import timezone

from registry import models

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_partner(**fields) -> models.Partner:
    n = _n()
    values = {"kind": models.Partner.Kind.COUNTRY, "name": f"Partner {n}", "slug": f"partner-{n}"}
    values.update(is_published=True, source="test factory")
    values.update(fields)
    return models.Partner.objects.create(**values)


def make_agency(**fields) -> models.Agency:
    n = _n()
    values = {"name": f"Agency {n}", "short_name": f"AG{n}", "slug": f"ag{n}"}
    values.update(is_published=True, kind=models.Agency.Kind.DEPARTMENT)
    values.setdefault("source", "test factory")
    values.update(fields)
    return models.Agency.objects.create(**values)


def make_area(**fields) -> models.ResearchArea:
    n = _n()
    values = {"name": f"Area {n}", "slug": f"area-{n}", "is_published": True}
    values.setdefault("source", "test factory")
    values.update(fields)
    return models.ResearchArea.objects.create(**values)


def make_engagement(**fields) -> models.Engagement:
    values = {"mode": models.Engagement.Mode.BILATERAL, "is_published": True}
    values.setdefault("source", "test factory")
    values.update(fields)
    if "partner" not in values:
        values["partner"] = make_partner()
    if "area" not in values:
        values["area"] = make_area()
    return models.Engagement.objects.create(**values)


def make_agreement(partners=(), **fields) -> models.Agreement:
    n = _n()
    values = {
        "instrument": models.Agreement.Instrument.MOU,
        "title": f"Agreement {n}",
        "status": models.Agreement.Status.IN_FORCE,
        "signed_on": datetime.date(2020, 1, 1),
        "is_published": True,
        "source": "test factory",
    }
    values.update(fields)
    agreement = models.Agreement.objects.create(**values)
    agreement.partners.set(partners or [make_partner()])
    return agreement


def make_group(partners=(), **fields) -> models.JointWorkingGroup:
    n = _n()
    values = {"name": f"Joint Working Group {n}", "cadence_months": 12, "is_published": True}
    values.setdefault("source", "test factory")
    values.update(fields)
    group = models.JointWorkingGroup.objects.create(**values)
    group.partners.set(partners or [make_partner()])
    return group


def make_review(**fields) -> models.JWGReview:
    values = {
        "status": models.JWGReview.Status.HELD,
        "held_on": datetime.date(2024, 1, 15),
        "is_published": True,
    }
    values.setdefault("source", "test factory")
    values.update(fields)
    if "group" not in values:
        values["group"] = make_group()
    return models.JWGReview.objects.create(**values)


def make_action_item(**fields) -> models.ActionItem:
    values = {"description": f"Action {_n()}", "due_on": datetime.date(2024, 6, 1)}
    values.update(fields)
    if "review" not in values:
        values["review"] = make_review()
    return models.ActionItem.objects.create(**values)


def make_call(partners=(), **fields) -> models.JointCall:
    now = timezone.now()
    values = {
        "title": f"Joint call {_n()}",
        "status": models.JointCall.Status.OPEN,
        "opens_at": now - datetime.timedelta(days=10),
        "closes_at": now + datetime.timedelta(days=20),
        "is_published": True,
    }
    values.setdefault("source", "test factory")
    values.update(fields)
    call = models.JointCall.objects.create(**values)
    call.partners.set(partners or [make_partner()])
    return call


def make_facility(**fields) -> models.Facility:
    n = _n()
    values = {
        "name": f"Facility {n}",
        "short_name": f"F{n}",
        "slug": f"facility-{n}",
        "kind": models.Facility.Kind.ACCELERATOR,
        "is_published": True,
    }
    values.setdefault("source", "test factory")
    values.update(fields)
    return models.Facility.objects.create(**values)


def make_membership(**fields) -> models.FacilityMembership:
    values = {"membership_type": models.FacilityMembership.Type.MEMBER, "is_published": True}
    values.setdefault("source", "test factory")
    values.update(fields)
    if "facility" not in values:
        values["facility"] = make_facility()
    return models.FacilityMembership.objects.create(**values)


def make_figure(**fields) -> models.StatedFigure:
    values = {"label": f"Figure {_n()}", "value": 16, "value_text": "16", "is_published": True}
    values.setdefault("source", "test factory")
    values.update(fields)
    return models.StatedFigure.objects.create(**values)


def make_project(partners=(), **fields) -> models.Project:
    values = {
        "title": f"Joint project {_n()}",
        "status": models.Project.Status.ONGOING,
        "started_on": datetime.date(2024, 4, 1),
        "ended_on": datetime.date(2027, 3, 31),
        "is_published": True,
    }
    values.setdefault("source", "test factory")
    values.update(fields)
    if "call" not in values:
        values["call"] = make_call()
    project = models.Project.objects.create(**values)
    project.partners.set(partners or [make_partner()])
    return project


def make_result(**fields) -> models.ProjectResult:
    values = {
        "kind": models.ProjectResult.Kind.PUBLICATION,
        "occurred_on": datetime.date(2025, 6, 1),
        "description": f"Result {_n()}",
        "is_published": True,
    }
    values.setdefault("source", "test factory")
    values.update(fields)
    if "project" not in values:
        values["project"] = make_project()
    return models.ProjectResult.objects.create(**values)


# The factory of each record model with an API endpoint.
MAKERS = {
    models.Agreement: make_agreement,
    models.JointCall: make_call,
    models.Partner: make_partner,
    models.ResearchArea: make_area,
    models.Engagement: make_engagement,
    models.Facility: make_facility,
    models.FacilityMembership: make_membership,
    models.JointWorkingGroup: make_group,
    models.JWGReview: make_review,
    models.Agency: make_agency,
    models.Project: make_project,
    models.ProjectResult: make_result,
}


def body_to_create(model, write_serializer, **changes) -> dict:
    """A valid API body to create a `model` record: a factory's record in the write shape,
    that record then deleted (the records it links to stay, its unique names are free)."""
    record = MAKERS[model]()
    body = dict(write_serializer(record).data)
    record.delete()
    return {**body, **changes}


def one_of_each():
    """One record of every registry model, linked together the way staff would link them."""
    partner = make_partner()
    agency = make_agency()
    area = make_area()
    agreement = make_agreement(partners=[partner], indian_agency=agency)
    group = make_group(partners=[partner])
    group.agreements.add(agreement)
    review = make_review(group=group)
    facility = make_facility()
    records = {
        models.Partner: partner,
        models.PartnerAlias: models.PartnerAlias.objects.create(partner=partner, name="Alias"),
        models.Agency: agency,
        models.ResearchArea: area,
        models.Engagement: make_engagement(partner=partner, area=area),
        models.Agreement: agreement,
        # A party row belongs to an agreement with several parties (here, with a forum).
        models.AgreementParty: models.AgreementParty.objects.create(
            agreement=make_agreement(partners=[make_partner(kind=models.Partner.Kind.FORUM)]),
            partner=partner,
            source="test factory",
        ),
        models.JointWorkingGroup: group,
        models.JWGReview: review,
        models.ActionItem: make_action_item(review=review),
        models.JointCall: make_call(partners=[partner], agreement=agreement),
        models.Facility: facility,
        models.FacilityAlias: models.FacilityAlias.objects.create(facility=facility, name="FA"),
        models.FacilityMembership: make_membership(facility=facility, nodal_agency=agency),
        models.StatedFigure: make_figure(label="MoUs", value_text="16"),
    }
    project = make_project(partners=[partner], call=records[models.JointCall])
    project.areas.add(area)
    records[models.Project] = project
    records[models.ProjectResult] = make_result(project=project)
    return records


def backdate(when=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)):
    """Stamp every record made so far as created at `when` (records are stamped at creation):
    for pages computed as of a past day, which leave out what was created after it."""
    from django.apps import apps

    for model in apps.get_app_config("registry").get_models():
        if issubclass(model, models.Record):
            model.objects.update(created_at=when)
