"""The background worker: builds the /data/ downloads when the data changes (and, with
FACET_WARMING=worker, warms the agreement list's caches, registry/warming.py) and, with
--daily-at, sends the day's reminders and alerts once (registry/builds.py).

Optional: with the default OPENDATA_BUILDS=thread the web processes build the downloads
themselves, in a background thread. Set OPENDATA_BUILDS=worker to keep builds out of the
web processes and run this (one or several, on any host: each build and each day's e-mails
are claimed in the database, so they happen once). docs/deploy.md has a systemd unit.
"""

import datetime
import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from registry import builds, warming
from registry.alerts import send_alerts
from registry.reminders import send_reminders

log = logging.getLogger("registry.builds")


class Command(BaseCommand):
    help = (
        "Build the open-data downloads whenever the data changes (checked every --interval "
        "seconds) and, with --daily-at HH:MM (India), send the day's reminders and alerts once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between checks.")
        parser.add_argument(
            "--daily-at",
            help="Send reminders and alerts each day from this time (HH:MM, India time).",
        )
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")

    def handle(self, *args, interval=5.0, daily_at=None, once=False, **options):
        daily = self._time(daily_at) if daily_at else None
        while True:
            self.tick(daily)
            if once:
                return
            connections.close_all()  # no connection held idle between checks
            time.sleep(interval)

    def tick(self, daily: datetime.time | None) -> None:
        if warming.mode() == "worker":
            warming.warm_pending()  # first: a few seconds at most; errors are logged
        try:
            builds.build_pending()
        except Exception:
            log.exception("The open-data build failed")
        if daily is not None and timezone.localtime().time() >= daily:
            self.send_daily(timezone.localdate())

    def send_daily(self, day: datetime.date) -> None:
        """The day's reminders, then its alerts: each claimed once across all workers."""
        for kind, send in (("reminders", send_reminders), ("alerts", send_alerts)):
            run = builds.claim(kind, day.isoformat())
            if run is None:
                continue
            try:
                send(day)
            except Exception as error:
                log.exception("Sending the %s of %s failed", kind, day)
                builds.fail(run, error)
            else:
                builds.finish(run)
                self.stdout.write(f"Sent the {kind} of {day}.")

    def _time(self, raw: str) -> datetime.time:
        try:
            return datetime.time.fromisoformat(raw)
        except ValueError:
            raise CommandError(f"--daily-at: {raw!r} is not a time; use HH:MM.") from None
