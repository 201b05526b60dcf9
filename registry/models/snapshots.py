"""Dated snapshots of the open data: the files of /data/ as they were on a given day.

Kept in the database, not on disk: every worker of every host sees the same snapshots, they
survive restarts and redeployments, are written in one transaction (never half a file), and
go into `backup_registry` with the records they describe, so a citation of "the registry as of
1 March" can still be followed after a restore. The files are small (tens to hundreds of
kilobytes for the whole registry), well within what a row of PostgreSQL or SQLite holds.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataSnapshotQuerySet(models.QuerySet):
    def current_on(self, day):
        """The snapshot that was the public data at the end of `day` (India), if one is kept."""
        return (
            self.filter(day__lte=day)
            .filter(models.Q(superseded_on__isnull=True) | models.Q(superseded_on__gt=day))
            .order_by("-day")
            .first()
        )


class DataSnapshot(models.Model):
    """The public data from `day` (India) until `superseded_on`, the day a change replaced it.

    One snapshot a day at most: a second change on the same day replaces that day's files, so
    a snapshot is the data as it stood at the end of its day. A day with no change of its own
    is covered by the snapshot current then, which is why a snapshot knows when it ended.
    """

    day = models.DateField(_("day"), unique=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"))
    # The data version (registry.caching) the files were built from.
    version = models.CharField(_("data version"), max_length=32)
    # SHA-256 of the records and their schema, without build times: equal when nothing
    # public changed, so a new version that changes no public record adds no snapshot.
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64)
    record_count = models.PositiveIntegerField(_("records"), default=0)

    objects = DataSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("open data snapshot")
        verbose_name_plural = _("open data snapshots")

    def __str__(self):
        return self.day.isoformat()


class SnapshotFile(models.Model):
    """One file of a snapshot ("zip" or "json", as in registry.opendata.ARTEFACTS)."""

    snapshot = models.ForeignKey(DataSnapshot, on_delete=models.CASCADE, related_name="files")
    artefact = models.CharField(_("file"), max_length=20)
    content = models.BinaryField(_("content"))
    size = models.PositiveBigIntegerField(_("bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["snapshot", "artefact"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "artefact"], name="snapshotfile_one_per_artefact"
            )
        ]

    def __str__(self):
        return f"{self.snapshot} {self.artefact}"
