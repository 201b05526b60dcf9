"""Change requests (maker-checker): an Editor proposes a change to a published record, beside
it and invisible to the public; someone who may publish the record approves it (applied in
one transaction, named in the record's history) or rejects it with a note the Editor sees.

A proposal remembers the record's version it was made from. Once the record has changed
since, the proposal is outdated: it is never applied over the newer record (reject it, or
the Editor proposes again from today's record).

Staff only: no public page, no API, not in the /data/ downloads; backups keep them.
"""

import datetime
import decimal
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.models.audit import AuditEvent

# The history's reason field holds at most 100 characters (django-simple-history's default).
HISTORY_REASON_LENGTH = 100
EMPTY = "—"


class Refused(Exception):
    """A decision that cannot be taken; the message says why."""


# -- values: model value <-> the JSON stored in `proposed` ---------------------------------


def to_json(field, value):
    """A form's cleaned value of `field` as stored in a proposal: ids for relations, ISO
    dates and times (UTC), decimals as text."""
    if field.many_to_many:
        return sorted(obj.pk for obj in value)
    if field.many_to_one:
        return None if value is None else value.pk
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def from_json(field, raw):
    """The model value of a stored proposal value: a list of related rows for many-to-many
    (the rows that still exist), the related id for a foreign key, else the field's type."""
    if field.many_to_many:
        return list(field.related_model._base_manager.filter(pk__in=raw).order_by("pk"))
    return field.to_python(raw)


def shown(field, value) -> str:
    """A value as staff read it in the review page."""
    if field.many_to_many:
        return ", ".join(str(obj) for obj in value) or EMPTY
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


@dataclass
class DiffRow:
    label: str
    current: str
    proposed: str


class ChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ChangeRequest.Status.PENDING)

    def for_record(self, record):
        content_type = ContentType.objects.get_for_model(type(record))
        return self.filter(content_type=content_type, object_id=record.pk)

    def of_models(self, model_list):
        types = ContentType.objects.get_for_models(*model_list).values()
        return self.filter(content_type__in=list(types))

    def decidable_by(self, user):
        """Pending proposals `user` may approve or reject (not their own)."""
        return self.pending().of_models(models_decided_by(user)).exclude(proposed_by=user)

    def waiting_on(self, day: datetime.date):
        """Pending proposals made on or before `day` (Indian time)."""
        return self.pending().filter(created_at__date__lte=day)


def models_decided_by(user) -> list:
    from registry.catalogue import publishable_models
    from registry.permissions import may_publish

    return [model for model in publishable_models() if may_publish(user, model)]


def models_proposed_by(user) -> list:
    """The models whose published records `user` would change through a proposal: they may
    change the model's drafts but not publish it."""
    from registry.catalogue import publishable_models
    from registry.permissions import may, may_publish

    # Every model that is ever published: a published record is read only to an Editor.
    models = publishable_models()
    return [m for m in models if may(user, "change", m) and not may_publish(user, m)]


def may_propose(user, record) -> bool:
    """May `user` propose a change to `record`? Only to a published record they may not
    change themselves (registry.permissions decides who may change what)."""
    from registry.permissions import is_public

    return is_public(record) and type(record) in models_proposed_by(user)


def deciders(model) -> list:
    """Active staff with an e-mail address who may decide proposals for `model`."""
    from django.contrib.auth import get_user_model

    from registry.permissions import perm_name

    users = get_user_model().objects.with_perm(
        perm_name(model, "publish"), backend="django.contrib.auth.backends.ModelBackend"
    )
    return list(users.filter(is_staff=True, is_active=True).exclude(email="").order_by("pk"))


class ChangeRequest(models.Model):
    """A proposed change to one published record, waiting for a publisher's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    base_version = models.PositiveIntegerField(
        _("proposed from version"), help_text=_("The record's version the proposal was made from.")
    )
    proposed = models.JSONField(
        _("proposed values"),
        help_text=_("Field name → proposed value; many-to-many fields as lists of ids."),
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="change_requests",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(
        _("decision note"), blank=True, help_text=_("Why it was rejected; the proposer sees it.")
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        # Waiting proposals first, the newest first within each.
        ordering = [
            models.Case(
                models.When(status="pending", then=models.Value(0)), default=models.Value(1)
            ),
            "-created_at",
            "-id",
        ]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="changerequest_record_idx"),
            models.Index(fields=["status", "created_at"], name="changerequest_status_idx"),
        ]

    def __str__(self):
        return gettext("Change request #%(id)s") % {"id": self.pk}

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def current_record(self):
        """Today's record, or None when it has been deleted."""
        return self.model._base_manager.filter(pk=self.object_id).first()

    @staticmethod
    def is_outdated(record, base_version) -> bool:
        return record is None or record.version != base_version

    def outdated_message(self, record) -> str:
        if record is None:
            return gettext("The record no longer exists; this proposal cannot be applied.")
        return gettext(
            "The record changed since this proposal (version %(base)s → %(now)s); it cannot be "
            "applied over the newer record. Reject it, or ask the proposer to propose again."
        ) % {"base": self.base_version, "now": record.version}

    # -- the review page ---------------------------------------------------------------

    def diff(self, record) -> list[DiffRow]:
        """Each proposed field: its label, today's value and the proposed value."""
        rows = []
        for name, raw in self.proposed.items():
            field = self.model._meta.get_field(name)
            rows.append(
                DiffRow(
                    capfirst(field.verbose_name),
                    EMPTY if record is None else shown(field, current_value(record, field)),
                    shown(field, related_value(field, raw)),
                )
            )
        return rows

    # -- decisions ---------------------------------------------------------------------

    def decision_refusal(self, user) -> str | None:
        """Why `user` may not approve or reject this proposal; None when they may."""
        from registry.permissions import may_publish

        if not may_publish(user, self.model):
            return gettext("Only someone who may publish %(what)s may decide this proposal.") % {
                "what": self.model._meta.verbose_name_plural
            }
        if user.pk == self.proposed_by_id:
            return gettext("You proposed this change; someone else must decide it.")
        return None

    def approve(self, user) -> None:
        """Apply the proposal to the record, all or nothing; raise Refused with the reason."""
        from registry.locking import StaleVersion, claim_version

        self._check_decider(user)
        try:
            with transaction.atomic():
                self._close(self.Status.APPROVED, user)
                record = self.current_record()
                if record is None:
                    raise Refused(self.outdated_message(None))
                try:
                    claim_version(record, self.base_version)
                except StaleVersion:
                    record.refresh_from_db(fields=["version"])
                    raise Refused(self.outdated_message(record)) from None
                self._apply(record, user)
                self._audit(AuditEvent.Action.APPROVED, user, record)
        except IntegrityError as error:
            self.refresh_from_db()
            raise Refused(
                gettext("The database refused the change: %(e)s") % {"e": error}
            ) from None
        except Refused:
            self.refresh_from_db()  # nothing was applied, the proposal still waits
            raise

    def reject(self, user, note: str) -> None:
        self._check_decider(user)
        if not note.strip():
            raise Refused(gettext("Say why you reject it: the proposer reads this note."))
        with transaction.atomic():
            self._close(self.Status.REJECTED, user, note.strip())
            self._audit(AuditEvent.Action.REJECTED, user, self.current_record(), note.strip())

    def withdraw(self, user) -> None:
        if user.pk != self.proposed_by_id:
            raise Refused(gettext("Only the proposer may withdraw a proposal."))
        self._close(self.Status.WITHDRAWN, user)

    def history_reason(self, approver) -> str:
        reason = gettext(
            "Change request #%(id)s by %(proposer)s, approved by %(approver)s: %(why)s"
        )
        text = reason % {
            "id": self.pk,
            "proposer": self.proposed_by or gettext("a former user"),
            "approver": approver,
            "why": " ".join(self.reason.split()),
        }
        if len(text) <= HISTORY_REASON_LENGTH:
            return text
        return text[: HISTORY_REASON_LENGTH - 1] + "…"

    def _check_decider(self, user):
        refusal = self.decision_refusal(user)
        if refusal:
            raise Refused(refusal)

    def _audit(self, action, user, record, note: str = "") -> None:
        from registry import audit

        detail = f"{self}: {note}" if note else str(self)
        audit.record(action, user=user, obj=record, detail=detail)

    def _close(self, status, user, note: str = "") -> None:
        """Pending → `status`, once: a second decision (another tab, another publisher) is
        refused rather than applied twice."""
        now = timezone.now()
        closed = ChangeRequest.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
            status=status, decided_by=user, decided_at=now, decision_note=note, updated_at=now
        )
        if closed != 1:
            raise Refused(gettext("This proposal has already been decided or withdrawn."))
        self.status, self.decided_by, self.decided_at, self.decision_note = status, user, now, note

    def _apply(self, record, user) -> None:
        from registry.publishing import publish_problems

        many = {}
        for name, raw in self.proposed.items():
            field = record._meta.get_field(name)
            if field.many_to_many:
                many[name] = from_json(field, raw)
                if len(many[name]) != len(raw):
                    raise Refused(
                        gettext("Some of the proposed %(field)s no longer exist.")
                        % {"field": field.verbose_name}
                    )
            else:
                setattr(record, field.attname, from_json(field, raw))
        try:
            record.full_clean()
        except ValidationError as error:
            raise Refused(describe(record, error)) from None
        problems = publish_problems(record, many) if record.is_published else []
        if problems:
            raise Refused(gettext("Cannot publish: %(p)s.") % {"p": "; ".join(problems)})
        record._change_reason = self.history_reason(user)
        record._history_user = user
        record.save()
        for name, values in many.items():
            getattr(record, name).set(values)


def current_value(record, field):
    if field.many_to_many:
        return list(getattr(record, field.name).all())
    return getattr(record, field.name)


def related_value(field, raw):
    """A stored value as the model holds it, related rows fetched (for showing it)."""
    value = from_json(field, raw)
    if field.many_to_one and value is not None:
        return field.related_model._base_manager.filter(pk=value).first() or value
    return value


def describe(record, error: ValidationError) -> str:
    """A model validation error as one line: "Title: This field cannot be blank."."""
    parts = []
    for name, messages in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else f"{capfirst(_label(record, name))}: "
        parts.append(label + " ".join(messages))
    return "; ".join(parts)


def _label(record, name):
    try:
        return record._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name
