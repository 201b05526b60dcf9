"""Import and export (CSV, XLSX) of agreements, calls, memberships, review meetings, action
items, joint R&D projects and their results.

Related records are named the way staff know them: partners, agencies and areas by slug (a
partner also by its ISO code), facilities by slug, users by username; other records by id.
An import is all or nothing (IMPORT_EXPORT_USE_TRANSACTIONS), and every row is checked with
the model's own validation and the publishing rule before anything is saved.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from registry import models, permissions
from registry.publishing import publish_problems

RECORD_FIELDS = ["is_published", "is_sample", "source", "source_url", "last_verified", "note"]


class SlugListWidget(widgets.ManyToManyWidget):
    """Many records named by slug (a partner also by ISO code), separated by commas."""

    def __init__(self, model, by_iso_code=False):
        super().__init__(model, separator=",", field="slug")
        self.by_iso_code = by_iso_code

    def clean(self, value, row=None, **kwargs):
        tokens = [token.strip() for token in str(value or "").split(self.separator)]
        return [self._find(token) for token in tokens if token]

    def _find(self, token):
        match = Q(slug=token)
        if self.by_iso_code:
            match |= Q(iso_code__iexact=token)
        found = self.model.objects.filter(match).first()
        if found is None:
            raise ValueError(
                _("unknown %(what)s “%(token)s”")
                % {"what": self.model._meta.verbose_name, "token": token}
            )
        return found


def by_slug(model, attribute, column=None):
    return fields.Field(
        attribute=attribute,
        column_name=column or attribute,
        widget=widgets.ForeignKeyWidget(model, field="slug"),
    )


def slug_list(model, attribute, by_iso_code=False):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=SlugListWidget(model, by_iso_code)
    )


class RecordResource(resources.ModelResource):
    """Shared checks: model validation, many-to-many names, and who may publish."""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance._import_m2m = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance._import_m2m[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)

    def after_init_instance(self, instance, new, row, **kwargs):
        """A row that updates a record the user may not change is refused before it is read.

        The one rule (registry.permissions) is asked of the record as stored, so a row cannot
        unpublish a record to get past it.
        """
        user = kwargs.get("user")
        refusal = None if new or user is None else permissions.change_refusal(user, instance)
        if refusal:
            raise ValidationError(refusal)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        publishing = user is not None and permissions.is_public(instance)
        if publishing and not permissions.may_publish(user, instance):
            message = _("You may not publish %(what)s; import them as drafts.")
            raise ValidationError(
                {"is_published": message % {"what": instance._meta.verbose_name_plural}}
            )
        if instance.is_published:
            problems = publish_problems(instance, getattr(instance, "_import_m2m", {}))
            if problems:
                raise ValidationError({"is_published": "; ".join(problems)})
        instance._change_reason = _("Imported from a file")


class AgreementResource(RecordResource):
    partners = slug_list(models.Partner, "partners", by_iso_code=True)
    areas = slug_list(models.ResearchArea, "areas")
    indian_agency = by_slug(models.Agency, "indian_agency")

    class Meta:
        model = models.Agreement
        fields = [
            "id",
            "instrument",
            "title",
            "reference",
            "partners",
            "indian_agency",
            "partner_agency",
            "areas",
            "signed_on",
            "signed_precision",
            "in_force_from",
            "valid_until",
            "renewal_rule",
            "status",
            "review_cadence_months",
            "is_binding",
            "summary",
            "document_url",
            "title_hi",
            "summary_hi",
            *RECORD_FIELDS,
        ]
        import_id_fields = ["id"]
        clean_model_instances = True


class JointCallResource(RecordResource):
    partners = slug_list(models.Partner, "partners", by_iso_code=True)
    agencies = slug_list(models.Agency, "agencies")
    areas = slug_list(models.ResearchArea, "areas")

    class Meta:
        model = models.JointCall
        fields = [
            "id",
            "title",
            "partners",
            "agreement",
            "review",
            "agencies",
            "partner_agency",
            "areas",
            "status",
            "opens_at",
            "closes_at",
            "closes_precision",
            "time_zone",
            "budget",
            "currency",
            "url",
            "scope",
            "proposals_received",
            "projects_funded",
            "title_hi",
            "scope_hi",
            *RECORD_FIELDS,
        ]
        import_id_fields = ["id"]
        clean_model_instances = True


class FacilityMembershipResource(RecordResource):
    facility = by_slug(models.Facility, "facility")
    nodal_agency = by_slug(models.Agency, "nodal_agency")

    class Meta:
        model = models.FacilityMembership
        fields = [
            "id",
            "facility",
            "membership_type",
            "started_on",
            "started_precision",
            "ended_on",
            "scope",
            "nodal_agency",
            "agreement",
            *RECORD_FIELDS,
        ]
        import_id_fields = ["id"]
        clean_model_instances = True


class JWGReviewResource(RecordResource):
    class Meta:
        model = models.JWGReview
        fields = [
            "id",
            "group",
            "title",
            "sequence_number",
            "held_on",
            "date_precision",
            "place",
            "mode",
            "status",
            "outcomes",
            "minutes_url",
            *RECORD_FIELDS,
        ]
        import_id_fields = ["id"]
        clean_model_instances = True


class ActionItemResource(RecordResource):
    owner_agency = by_slug(models.Agency, "owner_agency")
    responsible_user = fields.Field(
        attribute="responsible_user",
        column_name="responsible_user",
        widget=widgets.ForeignKeyWidget(get_user_model(), field="username"),
    )

    class Meta:
        model = models.ActionItem
        fields = [
            "id",
            "review",
            "description",
            "owner",
            "owner_agency",
            "responsible_user",
            "due_on",
            "status",
            "completed_on",
            *[name for name in RECORD_FIELDS if name != "is_published"],
        ]
        import_id_fields = ["id"]
        clean_model_instances = True


class ProjectResource(RecordResource):
    partners = slug_list(models.Partner, "partners", by_iso_code=True)
    areas = slug_list(models.ResearchArea, "areas")
    indian_institution = by_slug(models.Agency, "indian_institution")

    class Meta:
        model = models.Project
        fields = [
            "id",
            "title",
            "call",
            "partners",
            "areas",
            "indian_institution",
            "partner_institution",
            "investigators",
            "status",
            "started_on",
            "ended_on",
            "indian_funding",
            "indian_currency",
            "partner_funding",
            "partner_currency",
            "summary",
            "url",
            *RECORD_FIELDS,
        ]
        import_id_fields = ["id"]
        clean_model_instances = True


class ProjectResultResource(RecordResource):
    class Meta:
        model = models.ProjectResult
        fields = [
            "id",
            "project",
            "kind",
            "occurred_on",
            "date_precision",
            "description",
            "doi",
            "url",
            *RECORD_FIELDS,
        ]
        import_id_fields = ["id"]
        clean_model_instances = True
