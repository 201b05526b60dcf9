"""Generate (or clear) a synthetic dataset for benchmarks and load tests."""

import time

from django.core.management.base import BaseCommand, CommandError

from registry import synthetic


class Command(BaseCommand):
    help = (
        "Replace the synthetic dataset with N agreements and related partners, areas, calls, "
        "reviews and memberships, all flagged is_sample and named 'Synthetic: ...'. "
        "Real and demo records are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", nargs="?", type=int, default=1000, help="agreements (1000)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument(
            "--clear", action="store_true", help="only delete the synthetic records"
        )

    def handle(self, *args, count, seed, clear, **options):
        started = time.monotonic()
        log = self.stdout.write if options["verbosity"] > 1 else _quiet
        if clear:
            deleted = synthetic.clear(log)
            self.stdout.write(f"Deleted {deleted} synthetic rows.")
            return
        if count < 1:
            raise CommandError("count must be at least 1")
        made = synthetic.generate(count, seed=seed, log=log)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n} {name}" for name, n in made.items())
        self.stdout.write(f"Generated {summary} in {elapsed:.1f} s.")


def _quiet(message):
    pass
