"""Rebuild fixtures/seed.json, cited_facts.json and demo.json from fixtures/sources/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.fixture_builder import BuildError, build_all, write_fixtures

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCES = FIXTURES / "sources"


class Command(BaseCommand):
    help = "Build the fixtures from the PIB release and cited_facts.csv (see fixture_builder)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=Path,
            default=SOURCES / "pib-2085957.txt",
            help="The text of PIB release 2085957 with its annexure.",
        )
        parser.add_argument(
            "--cited",
            type=Path,
            default=SOURCES / "cited_facts.csv",
            help="The cited facts table (see fixtures/sources/README.md).",
        )
        parser.add_argument("--out", type=Path, default=FIXTURES, help="Output folder.")

    def handle(self, *args, seed, cited, out, **options):
        for path in (seed, cited):
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        try:
            fixtures, report = build_all(seed, cited)
        except BuildError as error:
            raise CommandError(f"Cannot build the fixtures: {error}") from error
        for path in write_fixtures(fixtures, out):
            self.stdout.write(f"wrote {path} ({len(fixtures[path.name])} objects)")
        for line in report:
            self.stdout.write(f"not loaded: {line}")
