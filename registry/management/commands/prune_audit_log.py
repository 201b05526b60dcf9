"""Delete audit events older than AUDIT_RETENTION_DAYS (at least 180: CERT-In).

Run it daily or weekly (docs/deploy.md, "Logs and their retention").
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.audit import prune


class Command(BaseCommand):
    help = (
        "Delete audit log events older than AUDIT_RETENTION_DAYS (default 365; refused below "
        "180 days, CERT-In's minimum)."
    )

    def handle(self, *args, **options):
        days = settings.AUDIT_RETENTION_DAYS
        try:
            deleted = prune(days)
        except ValueError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Deleted {deleted} audit event(s) older than {days} days.")
