"""Aggregates for the public charts, and the geometry of their server-rendered SVG.

Charts count published, real records only: sample (illustrative) records are left out and the
page says how many were left out. Every chart is computed in a fixed number of queries,
whatever the size of the registry.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.http import urlencode

from registry.models import Agreement, Engagement, Partner, ResearchArea

# Horizontal positions are percentages of the SVG's width and vertical ones are pixels, and the
# SVG has no viewBox: it fills its container while its text keeps the page's font size, so
# labels stay readable on a phone instead of shrinking with the drawing.
ROW = 40  # px: one horizontal bar, a label line and the bar below it
BAR = 16  # px
LONGEST_BAR = 85.0  # % of the width; the rest is room for the number after the bar
COLUMN_HEIGHT = 200  # px: the tallest column
NARROWEST = 320  # px: year labels are thinned so they do not overlap at this width
YEAR_LABEL = 40  # px a year label needs
MAX_BARS = 30


@dataclass
class Row:
    label: str
    value: int
    url: str = ""


@dataclass
class Bar:
    """One drawn bar: x, width, label_x and value_x in %; y, height, label_y, value_y in px."""

    row: Row
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True
    show_value: bool = True


@dataclass
class Chart:
    slug: str
    rows: list[Row]
    height: int = 0
    bars: list[Bar] = field(default_factory=list)
    axis_y: float = 0
    omit_zero_rows: bool = False  # in the table only: a long run of empty years helps nobody

    @property
    def first_label(self) -> str:
        return self.rows[0].label if self.rows else ""

    @property
    def last_label(self) -> str:
        return self.rows[-1].label if self.rows else ""

    @property
    def total(self) -> int:
        return sum(row.value for row in self.rows)


def public_engagement(prefix: str = "") -> Q:
    """An engagement the public may count: published, real, with a published partner and area."""
    p = prefix
    return (
        Q(**{f"{p}is_published": True, f"{p}is_sample": False})
        & Q(**{f"{p}partner__is_published": True, f"{p}partner__is_sample": False})
        & (
            Q(**{f"{p}area__isnull": True})
            | Q(**{f"{p}area__is_published": True, f"{p}area__is_sample": False})
        )
    )


def engagements_by_area() -> list[Row]:
    """Engagements per research area, most first. One query."""
    areas = (
        ResearchArea.objects.published()
        .real()
        .annotate(n=Count("engagements", filter=public_engagement("engagements__")))
        .filter(n__gt=0)
        .order_by("-n", "name", "id")
    )
    return [Row(area.name, area.n, area.get_absolute_url()) for area in areas]


def engagements_by_partner() -> list[Row]:
    """Engagements per partner, most first. One query."""
    partners = (
        Partner.objects.published()
        .real()
        .annotate(n=Count("engagements", filter=public_engagement("engagements__")))
        .filter(n__gt=0)
        .order_by("-n", "name", "id")
    )
    return [Row(partner.name, partner.n, partner.get_absolute_url()) for partner in partners]


def engagement_totals() -> dict:
    """Counts for the notes under the engagement charts. One query."""
    published = Engagement.objects.published()
    return published.aggregate(
        counted=Count("id", filter=public_engagement()),
        without_area=Count("id", filter=public_engagement() & Q(area__isnull=True)),
        samples=Count("id", filter=Q(is_sample=True)),
    )


def agreements_by_year() -> list[Row]:
    """Published real agreements per year signed, every year from the first to the last."""
    counts = dict(
        Agreement.objects.published()
        .real()
        .filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .values_list("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
        .order_by()
    )
    if not counts:
        return []
    years = range(min(counts), max(counts) + 1)
    return [Row(str(year), counts.get(year, 0), _year_url(year)) for year in years]


def _year_url(year: int) -> str:
    query = {"signed_after": f"{year}-01-01", "signed_before": f"{year}-12-31", "sample": "false"}
    return f"{reverse('registry:agreement_list')}?{urlencode(query)}"


def agreement_totals() -> dict:
    """Counts for the note under the agreements chart. One query."""
    return Agreement.objects.published().aggregate(
        dated=Count("id", filter=Q(is_sample=False, signed_on__isnull=False)),
        undated=Count("id", filter=Q(is_sample=False, signed_on__isnull=True)),
        samples=Count("id", filter=Q(is_sample=True)),
    )


def horizontal(slug: str, rows: list[Row]) -> Chart:
    """A bar per row, label above its bar, so long area names need no truncation."""
    chart = Chart(slug=slug, rows=rows, height=max(ROW * len(rows), ROW))
    top = max((row.value for row in rows), default=0) or 1
    for i, row in enumerate(rows):
        y = i * ROW + 18
        width = max(row.value * LONGEST_BAR / top, 0.2)
        chart.bars.append(Bar(row, 0, y, width, BAR, 0, y - 4, width + 1, y + BAR - 3))
    return chart


def columns(slug: str, rows: list[Row]) -> Chart:
    """A column per year; year labels thinned so they do not overlap even on a narrow screen."""
    chart = Chart(
        slug=slug,
        rows=rows,
        height=COLUMN_HEIGHT + 60,
        axis_y=COLUMN_HEIGHT + 24,
        omit_zero_rows=True,
    )
    if not rows:
        return chart
    top = max(row.value for row in rows) or 1
    step = 100 / len(rows)
    every = math.ceil(len(rows) * YEAR_LABEL / NARROWEST)
    for i, row in enumerate(rows):
        height = row.value * COLUMN_HEIGHT / top
        bar_y = chart.axis_y - height
        centre = i * step + step / 2
        bar = Bar(row, i * step + step * 0.1, bar_y, step * 0.8, height, centre, 0, centre, 0)
        bar.label_y, bar.value_y = chart.axis_y + 18, bar_y - 4
        bar.show_label = i % every == 0
        bar.show_value = every == 1 and row.value > 0  # only when every column has room
        chart.bars.append(bar)
    return chart


def all_charts() -> dict:
    """Everything the charts page shows: five queries in all."""
    by_partner = engagements_by_partner()
    return {
        "area_chart": horizontal("engagements-by-area", engagements_by_area()),
        "partner_chart": horizontal("engagements-by-partner", by_partner[:MAX_BARS]),
        "partners_not_shown": max(len(by_partner) - MAX_BARS, 0),
        "engagement_totals": engagement_totals(),
        "year_chart": columns("agreements-by-year", agreements_by_year()),
        "agreement_totals": agreement_totals(),
    }
