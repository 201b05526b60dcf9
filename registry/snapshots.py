"""Dated snapshots of the open data, so that "the registry as of 1 March" can be followed.

Each build of the /data/ downloads (registry.opendata) hands its files to `record()`. When
the public data differs from the newest snapshot, the files become the snapshot of the day
(India time): a new one, or the day's existing one replaced, as a snapshot is the data at the
end of its day. A build that changes nothing public (a draft edited) adds nothing. A snapshot
knows the day a newer one replaced it, so a date with no snapshot of its own is answered by
the snapshot current then (`for_day`), and stays answered correctly when others are pruned.

The pruning rule (`days_to_keep`), applied after each new snapshot and by
`manage.py prune_snapshots`: keep the newest KEEP_LATEST snapshots, and the newest snapshot of
every calendar month (the data as it stood at the month's end) for good.
"""

import datetime
import hashlib

from django.db import router, transaction
from django.db.models import Prefetch
from django.utils import timezone

from registry.models import DataSnapshot, SnapshotFile

KEEP_LATEST = 10


def days_to_keep(days) -> set[datetime.date]:
    """Of snapshots taken on `days`, the days whose snapshot the rule keeps."""
    newest_first = sorted(set(days), reverse=True)
    keep = set(newest_first[:KEEP_LATEST])
    months = set()
    for day in newest_first:
        if (day.year, day.month) not in months:
            months.add((day.year, day.month))
            keep.add(day)
    return keep


def _primary() -> str:
    """Snapshots are read for writing from the primary: a replica's rows may lag, and
    SELECT ... FOR UPDATE needs the database that is written."""
    return router.db_for_write(DataSnapshot)


def prune(dry_run: bool = False) -> list[datetime.date]:
    """Delete the snapshots the rule does not keep; the days they were of."""
    db = _primary()
    days = list(DataSnapshot.objects.using(db).values_list("day", flat=True))
    gone = sorted(set(days) - days_to_keep(days))
    if gone and not dry_run:
        # The files first, without their bytes: a cascade would read every blob it deletes
        # (the data-version signals make Django fetch the rows).
        SnapshotFile.objects.using(db).filter(snapshot__day__in=gone).defer("content").delete()
        DataSnapshot.objects.using(db).filter(day__in=gone).delete()
    return gone


def record(
    *,
    version: str,
    built_at: datetime.datetime,
    content_sha256: str,
    record_count: int,
    files: dict[str, bytes],
) -> DataSnapshot:
    """Keep `files` (artefact -> bytes) as the snapshot of `built_at`'s day, unless the newest
    snapshot already holds this content; the snapshot that holds it."""
    day = timezone.localdate(built_at)
    db = _primary()
    with transaction.atomic(using=db):
        # Locked on PostgreSQL: two builds at once (two hosts) do not both add the day.
        latest = DataSnapshot.objects.using(db).select_for_update().order_by("-day").first()
        if latest is not None and (latest.content_sha256 == content_sha256 or latest.day > day):
            return latest  # nothing public changed (or this host's clock is behind)
        replacing = latest is not None and latest.day == day
        if replacing:
            snapshot = latest
        else:
            if latest is not None:
                latest.superseded_on = day
                latest.save(using=db, update_fields=["superseded_on"])
            snapshot = DataSnapshot(day=day)
        snapshot.built_at = built_at
        snapshot.version = version
        snapshot.content_sha256 = content_sha256
        snapshot.record_count = record_count
        snapshot.save(using=db)
        rows = {
            artefact: {
                "content": data,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for artefact, data in files.items()
        }
        if replacing:  # the day's files replaced in place: update() reads no old bytes
            for artefact, values in rows.items():
                files_of = SnapshotFile.objects.using(db).filter(snapshot=snapshot)
                files_of.filter(artefact=artefact).update(**values)
        else:
            SnapshotFile.objects.using(db).bulk_create(
                SnapshotFile(snapshot=snapshot, artefact=artefact, **values)
                for artefact, values in rows.items()
            )
    prune()
    return snapshot


def latest_with(content_sha256: str) -> DataSnapshot | None:
    """The newest snapshot if it holds this content (so its build time is the last change)."""
    latest = DataSnapshot.objects.order_by("-day").first()
    return latest if latest is not None and latest.content_sha256 == content_sha256 else None


def listed():
    """Every kept snapshot, newest first, with its files' sizes and checksums (not their
    bytes): two queries."""
    files = SnapshotFile.objects.defer("content").order_by("artefact")
    return DataSnapshot.objects.order_by("-day").prefetch_related(Prefetch("files", files))


def for_day(day: datetime.date) -> DataSnapshot | None:
    """The snapshot that was the public data at the end of `day`, if one is kept."""
    if day > timezone.localdate():
        return None
    return DataSnapshot.objects.current_on(day)


def file_of(snapshot: DataSnapshot, artefact: str) -> SnapshotFile | None:
    return SnapshotFile.objects.filter(snapshot=snapshot, artefact=artefact).first()
