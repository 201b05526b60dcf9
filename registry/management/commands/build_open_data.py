"""Build the /data/ downloads of the current data version, and its dated snapshot.

Builds in this process, now, unless the current version is built already (or being built
by another process: the build is claimed in the database, registry/builds.py). Readers are
never kept waiting either way: they get the last complete build meanwhile. For a worker that
keeps building as the data changes, see `manage.py run_worker`.
"""

from django.core.management.base import BaseCommand, CommandError

from registry import opendata


class Command(BaseCommand):
    help = (
        "Build the open-data downloads (JSON, CSV zip with datapackage.json) of the current "
        "data version, and keep them as the day's snapshot if the public data changed."
    )

    def handle(self, *args, **options):
        try:
            manifest = opendata.build_open_data()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        for artefact, file in manifest["files"].items():
            self.stdout.write(
                f"{artefact}: {file['name']}, {file['bytes']} bytes, sha256 {file['sha256']}"
            )
        self.stdout.write(f"Last change of the public data: {manifest['modified']}")
