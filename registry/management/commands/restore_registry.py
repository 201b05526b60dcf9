"""Load a backup_registry file into an empty, migrated database, all or nothing."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from registry import models

# If any of these has rows the database is not empty: restoring would mix two registries.
SENTINELS = [models.Partner, models.Agency, models.Agreement, models.ResearchArea]


class Command(BaseCommand):
    help = "Restore a backup made with backup_registry into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        if any(model.objects.exists() for model in SENTINELS):
            raise CommandError(
                "The database already holds registry records. Restore into an empty database: "
                "create it, run `manage.py migrate`, then restore."
            )
        # The backup holds the history already; loaddata's many-to-many writes must not add
        # history rows of their own (simple_history records m2m changes even for fixtures).
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            call_command("loaddata", str(path), verbosity=0)
        self.stdout.write(f"Restored {path}")
