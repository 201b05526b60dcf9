"""Create the staff roles (Django groups) with their permissions; running it again is safe.

A command rather than a data migration: Django creates model permissions after the
migrations have run (post_migrate), and the role table in registry/roles.py grows with the
models, so re-running one idempotent command keeps the groups right without a new migration
each time. `make migrate` runs it.
"""

from django.core.management.base import BaseCommand, CommandError

from registry.roles import create_roles


class Command(BaseCommand):
    help = "Create or update the Editor, Publisher, Review secretariat and Viewer groups."

    def handle(self, *args, **options):
        try:
            counts = create_roles()
        except LookupError as error:
            raise CommandError(str(error)) from None
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} permissions")
