"""Build the /data/ downloads of the current data version, and its dated snapshot.

Run after a bulk change, from cron, or from a task queue after each change: the first
download request then finds the files built (registry.opendata.build_open_data).
"""

from django.core.management.base import BaseCommand

from registry import opendata


class Command(BaseCommand):
    help = (
        "Build the open-data downloads (JSON, CSV zip with datapackage.json) of the current "
        "data version, and keep them as the day's snapshot if the public data changed."
    )

    def handle(self, *args, **options):
        manifest = opendata.build_open_data()
        for artefact, file in manifest["files"].items():
            self.stdout.write(
                f"{artefact}: {file['name']}, {file['bytes']} bytes, sha256 {file['sha256']}"
            )
        self.stdout.write(f"Last change of the public data: {manifest['modified']}")
