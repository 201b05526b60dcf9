"""E-mail readers the news their confirmed alerts follow (registry/alerts.py).

Run it daily (see README, "E-mail alerts"); a second run on the same day sends nothing twice.
It also deletes alerts never confirmed within ALERTS_CONFIRM_DAYS.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry.alerts import send_alerts


class Command(BaseCommand):
    help = (
        "E-mail each address with confirmed alerts its news: daily ones every day, weekly "
        "ones every seventh day. Deletes sign-ups never confirmed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Send for this day (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        day = self._day(date)
        if not getattr(settings, "REGISTRY_BASE_URL", ""):
            self.stderr.write(
                "REGISTRY_BASE_URL is not set: links in the e-mails will not be absolute."
            )
        report = send_alerts(day, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        if dry_run:
            for email, items in report.sent:
                self.stdout.write(f"{verb} {items} item(s) to {email}")
        for email, error in report.failed:
            self.stderr.write(f"Not sent to {email}: {error}")
        total = sum(items for _email, items in report.sent)
        self.stdout.write(
            f"{verb} {total} item(s) in {len(report.sent)} e-mail(s) for {day}; "
            f"{report.nothing_new} address(es) had no news; "
            f"{report.pruned} unconfirmed address(es) deleted."
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} e-mail(s) could not be sent; rerun later.")

    def _day(self, raw):
        if raw is None:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise CommandError(f"--date: {raw!r} is not a date; use YYYY-MM-DD.") from None
