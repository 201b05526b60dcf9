"""Back up every table except rebuildable state, in a form restore_registry loads back."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` (content types, permissions) or transient (sessions, login attempts).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    # The cache's data version: a restore must give a new one, never bring back an old one.
    "registry.dataversion",
    # Background runs (open-data builds): the restored database builds its own.
    "registry.jobrun",
    # Readers' e-mail alert addresses: erased on unsubscribe, so never copied into backups
    # that outlive the erasure (privacy page, "E-mail alerts"); a restore loses the alerts.
    "registry.alertsubscriber",
    "registry.alert",
    "registry.alertlog",
]


def default_path() -> Path:
    return (
        Path(settings.BASE_DIR)
        / "backups"
        / f"registry-{datetime.datetime.now():%Y%m%d-%H%M%S}.json.gz"
    )


class Command(BaseCommand):
    help = (
        "Write the whole registry (records, history, users, groups, admin log) to a JSON file "
        "(.gz compresses). Restore with restore_registry into an empty, migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="file (default backups/...)")

    def handle(self, *args, output=None, **options):
        output = output or default_path()
        output.parent.mkdir(parents=True, exist_ok=True)
        excludes = [arg for label in EXCLUDED for arg in ("--exclude", label)]
        # Full-precision timestamps; the file stays a plain JSON fixture for loaddata.
        serializers.register_serializer("json-exact", "registry.backup_format")
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--format",
            "json-exact",
            *excludes,
            "--output",
            str(output),
            verbosity=0,
        )
        self.stdout.write(f"Backed up to {output}")
