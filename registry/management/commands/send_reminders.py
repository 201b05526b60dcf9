"""E-mail the responsible staff about reviews, action items and agreements that need attention.

Run it daily (see README, "Reminders"); a second run on the same day sends nothing twice.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry import schedule
from registry.reminders import send_reminders


class Command(BaseCommand):
    help = (
        f"E-mail reminders: reviews and action items due within {schedule.DUE_SOON_DAYS} days "
        f"or overdue, agreements expiring within {schedule.EXPIRY_REMINDER_DAYS} days, last "
        f"days to give notice on agreements within {schedule.NOTICE_REMINDER_DAYS} days (once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Compute for this day (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        day = self._day(date)
        sent, orphans = send_reminders(day, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for user, reminders in sent:
            self.stdout.write(f"{verb} {len(reminders)} reminder(s) to {user.email}")
            if dry_run:
                for r in reminders:
                    self.stdout.write(f"  {r.kind} {r.object_key} {r.obj}")
        total = sum(len(reminders) for _user, reminders in sent)
        self.stdout.write(f"{verb} {total} reminder(s) in {len(sent)} e-mail(s) for {day}.")
        if orphans:
            self.stderr.write(
                f"{len(orphans)} record(s) need a reminder but nobody can receive it: name a "
                "responsible staff member with an e-mail address, or add staff to the "
                "Review secretariat group."
            )

    def _day(self, raw):
        if raw is None:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise CommandError(f"--date: {raw!r} is not a date; use YYYY-MM-DD.") from None
