"""Permanent public identifiers of records (AGR-000123) and the tombstones of retired ones.

A record's identifier is stored (`Record.identifier`), given once, on its first save, from a
counter per record type that only goes up. It is not the primary key: a key can come back
(a PostgreSQL sequence reset to MAX(id) after `loaddata`, a restore into a new database, a
raw delete of the highest rows), and the identifier travels with the record through backups
and fixtures, which keep the counters too.

An identifier that has been public keeps answering after its record goes: when a published
record is unpublished or deleted, a tombstone says so, and /id/<identifier> answers
410 Gone instead of 404 (registry/views/identifiers.py).
"""

import re

from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from registry.models.base import Record

IDENTIFIER = re.compile(r"(?P<prefix>[A-Za-z]{2,8})-(?P<number>\d{1,12})")


def format_identifier(prefix: str, number: int) -> str:
    return f"{prefix}-{number:06d}"


def parse_identifier(text: str) -> tuple[str, int] | None:
    """("AGR", 123) for "AGR-000123" (any case, surrounding spaces allowed), else None."""
    match = IDENTIFIER.fullmatch(text.strip())
    if not match:
        return None
    return match["prefix"].upper(), int(match["number"])


def prefix_of(model) -> str:
    from registry import catalogue

    return catalogue.of(model).identifier_prefix


class IdentifierCounter(models.Model):
    """The last number given to a record type's identifiers: it never goes down, so no
    number is given twice, whatever is deleted."""

    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    last_number = models.PositiveBigIntegerField(_("last number given"), default=0)

    class Meta:
        ordering = ["prefix"]
        verbose_name = _("identifier counter")
        verbose_name_plural = _("identifier counters")

    def __str__(self):
        return f"{self.prefix}: {self.last_number}"


class RetiredIdentifier(models.Model):
    """A tombstone: an identifier that was public, whose record is no longer published
    (unpublished) or no longer exists (deleted). Its /id/ address answers 410 Gone."""

    class Reason(models.TextChoices):
        UNPUBLISHED = "unpublished", _("unpublished")
        DELETED = "deleted", _("deleted")

    identifier = models.CharField(_("identifier"), max_length=20, unique=True)
    model = models.CharField(_("kind of record"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record id"))
    label = models.CharField(_("record"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    retired_at = models.DateTimeField(_("retired at"), auto_now=True)

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("retired identifier")
        verbose_name_plural = _("retired identifiers")

    def __str__(self):
        return f"{self.identifier} ({self.get_reason_display()})"


def reserve(model, count: int = 1) -> list[str]:
    """`count` new identifiers for records of `model`, never given before."""
    prefix = prefix_of(model)
    # The UPDATE locks the counter's row until the transaction ends: concurrent saves of
    # one type wait for each other instead of reading the same number.
    with transaction.atomic(savepoint=False):
        counters = IdentifierCounter.objects.filter(prefix=prefix)
        if not counters.update(last_number=F("last_number") + count):
            start = highest_number(model, prefix)
            IdentifierCounter.objects.create(prefix=prefix, last_number=start + count)
        last = counters.values_list("last_number", flat=True).get()
    return [format_identifier(prefix, n) for n in range(last - count + 1, last + 1)]


def highest_number(model, prefix: str) -> int:
    """The highest number in use or retired: where a type without a counter starts."""
    taken = [
        *model._base_manager.filter(identifier__startswith=f"{prefix}-").values_list(
            "identifier", flat=True
        ),
        *RetiredIdentifier.objects.filter(identifier__startswith=f"{prefix}-").values_list(
            "identifier", flat=True
        ),
    ]
    return max((parsed[1] for parsed in map(parse_identifier, taken) if parsed), default=0)


def note_loaded(model, identifier: str) -> None:
    """A record loaded with its identifier (a fixture, a restore): the counter moves past
    it, so the next record of the type gets a new number."""
    parsed = parse_identifier(identifier)
    if parsed is None:
        return
    prefix, number = parsed
    counters = IdentifierCounter.objects.filter(prefix=prefix)
    if not counters.filter(last_number__gte=number).exists():
        with transaction.atomic(savepoint=False):
            if not counters.update(last_number=number):
                IdentifierCounter.objects.create(prefix=prefix, last_number=number)


def retire(instance, reason: str) -> None:
    RetiredIdentifier.objects.update_or_create(
        identifier=instance.identifier,
        defaults={
            "model": instance._meta.label_lower,
            "object_id": instance.pk,
            "label": str(instance)[:300],
            "reason": reason,
        },
    )


# Receivers for every model: the identifier is given by any path that saves a record,
# `loaddata` included (its raw saves skip Model.save but not pre_save); bulk_create goes
# through RecordQuerySet.bulk_create.


@receiver(pre_save, dispatch_uid="registry_identifier_assign")
def _assign(sender, instance, raw=False, **kwargs):
    if not isinstance(instance, Record):
        return
    if instance.identifier:
        if raw:
            note_loaded(sender, instance.identifier)
        return
    if instance.pk is not None:
        # A row saved again without its identifier (a fixture loaded a second time, an
        # object built with its pk): it keeps the one it has.
        stored = sender._base_manager.filter(pk=instance.pk).values_list("identifier", flat=True)
        instance.identifier = stored.first() or ""
        if instance.identifier:
            return
    instance.identifier = reserve(sender)[0]


@receiver(pre_save, dispatch_uid="registry_identifier_unpublishing")
def _remember_unpublishing(sender, instance, raw=False, **kwargs):
    """Before a save that leaves a record a draft: was it published until now?"""
    if raw or not isinstance(instance, Record) or instance.is_published:
        return
    if instance._state.adding or instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk, is_published=True)
    instance._identifier_unpublishing = stored.exists()


@receiver(post_save, dispatch_uid="registry_identifier_unpublished")
def _retire_unpublished(sender, instance, raw=False, **kwargs):
    if instance.__dict__.pop("_identifier_unpublishing", False):
        retire(instance, RetiredIdentifier.Reason.UNPUBLISHED)


@receiver(post_delete, dispatch_uid="registry_identifier_deleted")
def _retire_deleted(sender, instance, **kwargs):
    if isinstance(instance, Record) and instance.is_published and instance.identifier:
        retire(instance, RetiredIdentifier.Reason.DELETED)


@receiver(pre_save, sender=IdentifierCounter, dispatch_uid="registry_identifier_counter_loaded")
def _merge_loaded_counter(sender, instance, raw=False, **kwargs):
    """A counter loaded from a backup after records of its type (whose loading already moved
    a counter of the same prefix past them) replaces that row, keeping the higher number."""
    if not raw:
        return
    existing = IdentifierCounter.objects.filter(prefix=instance.prefix).exclude(pk=instance.pk)
    for other in existing:
        instance.last_number = max(instance.last_number, other.last_number)
        other.delete()
