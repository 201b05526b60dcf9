"""Delete the open-data snapshots the keeping rule no longer keeps (registry/snapshots.py).

The rule, also applied whenever a snapshot is added: keep the ten newest snapshots and the
newest of every calendar month.
"""

from django.core.management.base import BaseCommand

from registry import snapshots


class Command(BaseCommand):
    help = (
        f"Delete open-data snapshots other than the {snapshots.KEEP_LATEST} newest and the "
        "newest of each month."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say which would go, delete nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        gone = snapshots.prune(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        days = ", ".join(day.isoformat() for day in gone) or "none"
        self.stdout.write(f"{verb} {len(gone)} snapshot(s): {days}.")
