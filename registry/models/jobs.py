"""Background work claimed in the database, so that it runs once across every process of
every host: each open-data build (registry/builds.py), and the daily reminders and alerts
that `manage.py run_worker` sends.

A run is claimed by inserting its row (unique per kind and key, so of two concurrent claims
one wins), and by nothing else: no new service is needed, and the claim works the same on
SQLite and on PostgreSQL, behind PgBouncer too.
"""

from django.db import models


class JobRun(models.Model):
    """One run of one kind of background work: `key` is the data version it built, or the
    day it sent for."""

    RUNNING, COMPLETE, FAILED = "running", "complete", "failed"
    STATES = [(RUNNING, "running"), (COMPLETE, "complete"), (FAILED, "failed")]

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=STATES, default=RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Host and process id of whoever claimed it (for the logs and the admin shell).
    claimed_by = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    # What a complete run produced: a build's manifest (sizes, checksums, counts).
    result = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "background job run"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="jobrun_once_per_kind_and_key")
        ]
        indexes = [models.Index(fields=["kind", "state", "finished_at"], name="jobrun_latest")]

    def __str__(self):
        return f"{self.kind} {self.key} {self.state}"
