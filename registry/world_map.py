"""The world map of cooperation: partner countries shaded by their published records.

The shapes are a committed file (world.json, built once by registry/geo/build.py from Natural
Earth); the numbers are the partner list's own published counts (list_counts() in
registry/models/partners.py, which for_list() counts per partner and with_list_counts() for
all at once), so the map, its table and the partner list cannot disagree. Server-rendered
SVG: no script, no tiles, nothing fetched.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry import hindi, models
from registry.caching import cached

# What a country is shaded by: the URL value, the partner list's count, its label.
METRICS = {
    "agreements": ("agreement_count", _("agreements")),
    "engagements": ("engagement_count", _("engagements")),
    "calls": ("call_count", _("joint calls")),
}
# A country's name for screen readers and its tooltip.
TITLES = {
    "agreements": ngettext_lazy(
        "%(name)s: %(count)d published agreement",
        "%(name)s: %(count)d published agreements",
        "count",
    ),
    "engagements": ngettext_lazy(
        "%(name)s: %(count)d published engagement",
        "%(name)s: %(count)d published engagements",
        "count",
    ),
    "calls": ngettext_lazy(
        "%(name)s: %(count)d published joint call",
        "%(name)s: %(count)d published joint calls",
        "count",
    ),
}
DEFAULT_METRIC = "agreements"
# Lower bounds of the shades above zero: 1, 2–4, 5–9, 10 and more.
LEVELS = (1, 2, 5, 10)
HOME = "IN"
# The record type each metric counts, to say when sample (demo) records are among them.
COUNTED = {
    "agreements": models.Agreement,
    "engagements": models.Engagement,
    "calls": models.JointCall,
}


@cache
def world() -> dict:
    return json.loads((Path(__file__).parent / "geo" / "world.json").read_text())


@dataclass
class Shape:
    d: str
    marker: list | None
    partner: models.Partner | None
    count: int
    level: int
    home: bool = False
    title: str = ""

    @property
    def linked(self) -> bool:
        """Drawn as a link to the partner's page: a published partner with records."""
        return bool(self.partner and self.count)


def level(count: int) -> int:
    return sum(1 for bound in LEVELS if count >= bound)


def legend() -> list[tuple[int, str]]:
    ranges = []
    for index, low in enumerate(LEVELS):
        high = LEVELS[index + 1] - 1 if index + 1 < len(LEVELS) else None
        if high is None:
            ranges.append((index + 1, f"{low}+"))
        elif high == low:
            ranges.append((index + 1, str(low)))
        else:
            ranges.append((index + 1, f"{low}–{high}"))
    return [(0, "0")] + ranges


def metric_of(value: str | None) -> str:
    return value if value in METRICS else DEFAULT_METRIC


def world_map(metric: str | None = None) -> dict:
    """Everything the map template draws, for one metric ("agreements" by default), cached
    per data version and language (five queries when it is built)."""
    metric = metric_of(metric)
    return cached(f"world-map:{metric}", lambda: build(metric), per_language=True)


def reader_name(partner) -> str:
    """The partner's name in the language of the page (its CLDR name on Hindi pages)."""
    return hindi.reader_text(partner, "name")[0]


def build(metric: str) -> dict:
    field, label = METRICS[metric]
    partners = models.Partner.objects.published().order_by("name", "id").with_list_counts()
    countries = [p for p in partners if p.kind == models.Partner.Kind.COUNTRY]
    by_iso = {p.iso_code.upper(): p for p in countries if p.iso_code}
    shapes, drawn = [], set()
    for country in world()["countries"]:
        partner = by_iso.get(country["iso"]) if country["iso"] else None
        count = getattr(partner, field) if partner else 0
        if partner:
            drawn.add(partner.pk)
        home = country["iso"] == HOME
        title = TITLES[metric] % {"name": reader_name(partner), "count": count} if partner else ""
        shapes.append(
            Shape(country["d"], country.get("marker"), partner, count, level(count), home, title)
        )
    return {
        "metric": metric,
        "label": label,
        "metrics": [(key, value[1]) for key, value in METRICS.items()],
        "width": world()["width"],
        "height": world()["height"],
        "shapes": shapes,
        "legend": legend(),
        "countries": [p for p in countries if getattr(p, field)],
        "not_drawn": [p for p in countries if p.pk not in drawn and getattr(p, field)],
        "forums": [p for p in partners if p.kind != models.Partner.Kind.COUNTRY],
        "field": field,
        "samples": COUNTED[metric].objects.published().filter(is_sample=True).exists(),
    }
