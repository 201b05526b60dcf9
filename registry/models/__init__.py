"""The registry's domain model, split by concern."""

from registry.models.agreements import Agreement
from registry.models.alerts import Alert, AlertLog, AlertSubscriber
from registry.models.audit import AuditEvent
from registry.models.base import (
    Precision,
    Record,
    RecordQuerySet,
    first_and_total,
    format_partial_date,
)
from registry.models.calls import JointCall
from registry.models.changes import ChangeRequest
from registry.models.facilities import Facility, FacilityAlias, FacilityMembership, StatedFigure
from registry.models.identifiers import IdentifierCounter, RetiredIdentifier
from registry.models.jobs import JobRun
from registry.models.parties import AgreementParty
from registry.models.partners import (
    Agency,
    Engagement,
    Partner,
    PartnerAlias,
    ResearchArea,
    partner_detail_lookups,
)
from registry.models.projects import Project, ProjectResult
from registry.models.reminders import ReminderLog
from registry.models.reviews import ActionItem, JointWorkingGroup, JWGReview
from registry.models.snapshots import DataSnapshot, SnapshotFile
from registry.models.versions import DataVersion

__all__ = [
    "ActionItem",
    "Agency",
    "Agreement",
    "AgreementParty",
    "Alert",
    "AlertLog",
    "AlertSubscriber",
    "AuditEvent",
    "ChangeRequest",
    "DataSnapshot",
    "DataVersion",
    "JobRun",
    "Engagement",
    "Facility",
    "FacilityAlias",
    "FacilityMembership",
    "IdentifierCounter",
    "JWGReview",
    "JointCall",
    "JointWorkingGroup",
    "Partner",
    "PartnerAlias",
    "Precision",
    "Project",
    "ProjectResult",
    "Record",
    "RecordQuerySet",
    "ReminderLog",
    "ResearchArea",
    "SnapshotFile",
    "RetiredIdentifier",
    "StatedFigure",
    "first_and_total",
    "format_partial_date",
    "partner_detail_lookups",
]
