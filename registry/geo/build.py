"""Build registry/geo/world.json from Natural Earth country shapes (run once, by hand).

Input: `countries-50m.json` of the npm package `world-atlas` 2.x (TopoJSON of Natural Earth's
1:50m Admin 0 countries; Natural Earth is public domain, world-atlas is ISC-licensed):

    npm install world-atlas@2
    python -m registry.geo.build node_modules/world-atlas/countries-50m.json

Output: one SVG path per country in an Equal Earth projection, keyed by ISO 3166-1 alpha-2
(from the shapes' numeric codes, through pycountry), simplified to a fraction of a pixel at
1000 px wide. Antarctica is left out. Nothing is fetched at run time: the site reads the
committed JSON file. See registry/geo/LICENSE.md.
"""

import json
import math
import sys
from pathlib import Path

import pycountry

WIDTH = 1000
TOLERANCE = 0.35  # pixels: Douglas-Peucker tolerance at WIDTH
SMALL = 6.0  # pixels: a country narrower and shorter than this also gets a marker circle
MIN_RING_AREA = 1.0  # square pixels: smaller islands are dropped, except a country's largest
ANTARCTICA = "010"
# Shapes Natural Earth draws apart from the country that administers them.
MERGED_INTO = {"Siachen Glacier": "IN"}
OUTPUT = Path(__file__).with_name("world.json")


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Šavrič, Patterson and Jenny (2018), in units of the sphere's radius."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    theta = math.asin(math.sqrt(3) / 2 * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * math.radians(lon)
        * math.cos(theta)
        / (3 * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    )
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantised, delta-encoded TopoJSON arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, keeping both ends (shared arcs stay joined)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=False) if k]


def simplify_ring(ring: list) -> list:
    """A closed ring simplified; a ring too small to simplify keeps its own points."""
    simple = simplify(ring + ring[:1], TOLERANCE)[:-1]
    return simple if len(simple) >= 3 else ring


def ring_points(ring: list[int], arcs: list) -> list:
    """A ring's (lon, lat) points from its arcs (a negative index is an arc reversed)."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area(points: list) -> float:
    closed = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in closed)) / 2


def path_data(rings: list) -> str:
    parts = []
    for ring in rings:
        x0, y0 = ring[0]
        moves = [f"M{x0:.1f} {y0:.1f}"]
        for (xa, ya), (xb, yb) in zip(ring, ring[1:], strict=False):
            moves.append(f"l{xb - xa:.1f} {yb - ya:.1f}")
        parts.append("".join(moves) + "z")
    return "".join(parts).replace("-0.0", "0.0").replace(".0 ", " ").replace(".0l", "l")


def polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def alpha_2(numeric: str | None) -> str:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else ""


def unwrap(ring: list) -> list:
    """A ring that crosses the antimeridian, with longitudes made continuous (past ±180)."""
    points = [ring[0]]
    for lon, lat in ring[1:]:
        previous = points[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        points.append((lon, lat))
    return points


def clip(ring: list, edge: float, keep_below: bool) -> list:
    """Sutherland-Hodgman against the meridian `edge`, keeping the side towards zero."""

    def inside(point):
        return point[0] <= edge if keep_below else point[0] >= edge

    out = []
    for current, following in zip(ring, ring[1:] + ring[:1], strict=False):
        if inside(current):
            out.append(current)
        if inside(current) != inside(following):
            (x1, y1), (x2, y2) = current, following
            out.append((edge, y1 + (y2 - y1) * (edge - x1) / (x2 - x1)))
    return out


def split_at_antimeridian(ring: list) -> list[list]:
    if all(abs(b[0] - a[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False)):
        return [ring]
    ring = unwrap(ring)
    east = clip(ring, 180, keep_below=True)
    west = [(lon - 360, lat) for lon, lat in clip(ring, 180, keep_below=False)]
    if min(lon for lon, _ in ring) < -180:
        east = clip(ring, -180, keep_below=False)
        west = [(lon + 360, lat) for lon, lat in clip(ring, -180, keep_below=True)]
    return [r for r in (east, west) if len(r) >= 3]


def build(topology: dict) -> dict:
    geometries = [
        g for g in topology["objects"]["countries"]["geometries"] if g.get("id") != ANTARCTICA
    ]
    arcs = decode_arcs(topology)
    # One shape per ISO code: islands Natural Earth draws apart (Ashmore and Cartier, with
    # Australia's code) join their country, as do the MERGED_INTO shapes.
    groups: dict[str, dict] = {}
    for geometry in geometries:
        name = geometry["properties"]["name"]
        iso = MERGED_INTO.get(name) or alpha_2(geometry.get("id"))
        group = groups.setdefault(iso or name, {"iso": iso, "names": [], "parts": []})
        group["names"].append((len(str(geometry["arcs"])), name))
        group["parts"].extend(polygons(geometry))
    shapes = []
    for group in groups.values():
        rings = [ring_points(ring, arcs) for polygon in group["parts"] for ring in polygon]
        rings = [piece for ring in rings for piece in split_at_antimeridian(ring)]
        shapes.append((group, [[equal_earth(lon, lat) for lon, lat in r] for r in rings]))
    xs = [x for _, rings in shapes for r in rings for x, _ in r]
    ys = [y for _, rings in shapes for r in rings for _, y in r]
    left, top = min(xs), max(ys)
    scale = WIDTH / (max(xs) - left)
    countries = []
    for group, rings in shapes:
        pixels = [[((x - left) * scale, (top - y) * scale) for x, y in r] for r in rings]
        pixels = [simplify_ring(r) for r in pixels]
        if not pixels:
            continue
        largest = max(pixels, key=area)
        kept = [r for r in pixels if r is largest or area(r) >= MIN_RING_AREA]
        bx = [x for x, _ in largest]
        by = [y for _, y in largest]
        entry = {
            "iso": group["iso"],
            "name": max(group["names"])[1],  # the name of its largest part
            "d": path_data(kept),
        }
        if max(bx) - min(bx) < SMALL and max(by) - min(by) < SMALL:
            entry["marker"] = [round(sum(bx) / len(bx), 1), round(sum(by) / len(by), 1)]
        countries.append(entry)
    countries.sort(key=lambda c: (c["iso"] == "", c["iso"], c["name"]))
    return {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), via world-atlas 2.0.2"
        " (ISC licence); Equal Earth projection; built by registry/geo/build.py",
        "width": WIDTH,
        "height": math.ceil((top - min(ys)) * scale),
        "countries": countries,
    }


def main(path: str) -> None:
    world = build(json.loads(Path(path).read_text()))
    OUTPUT.write_text(json.dumps(world, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUTPUT}: {len(world['countries'])} countries, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
