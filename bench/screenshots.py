"""Screenshots of a list, a record page, a hub (partner page), the world map, a partner
briefing and the review schedule at phone and desktop widths, in English and Hindi.

For review by eye, not a test (tests/test_browser_finding.py asserts the layout):

    .venv/bin/python bench/screenshots.py --url http://127.0.0.1:8107 --out /tmp/shots

Drives Debian's Chromium through Playwright. Pages: the agreement list filtered by the
partner with the most agreements (with its chips), that partner's page and its latest
agreement's page (with its timeline), the home page and /partners/ (the world map), the
partner's briefing and /reviews/ (the review schedule), each at 390 x 844 and 1366 x 900,
full page, at its English address and its /hi/ twin (`--languages en,hi`).
"""

import argparse
import json
import re
import shutil
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

WIDTHS = {"390": (390, 844), "1366": (1366, 900)}


def first_link(base: str, path: str, pattern: str) -> str:
    html = urllib.request.urlopen(base + path).read().decode()
    found = re.search(pattern, html)
    return found.group(1) if found else path


def pages(base: str, partner: str) -> dict:
    hub = f"/partners/{partner}/"
    listed = f"/agreements/?partner={partner}&status=in_force"
    detail = first_link(base, f"/agreements/?partner={partner}", r'href="(/agreements/\d+/)"')
    return {
        "list": listed,
        "list-unfiltered": "/agreements/",
        "detail": detail,
        "hub": hub,
        "home": "/",
        "map": "/partners/",
        "briefing": f"{hub}briefing/",
        "reviews": "/reviews/",
    }


PREFIXES = {"en": "", "hi": "/hi"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8107")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--partner", default="france")
    parser.add_argument("--prefix", default="facets")
    parser.add_argument("--languages", default="en,hi", help="en, hi or both (en,hi)")
    parser.add_argument("--only", default="", help="page names, comma-separated (all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        chosen = pages(args.url, args.partner)
        if args.only:
            chosen = {name: chosen[name] for name in args.only.split(",")}
        shots = [
            (f"{name}-{language}", PREFIXES[language] + path)
            for name, path in chosen.items()
            for language in args.languages.split(",")
        ]
        for name, path in shots:
            for label, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(args.url + path)
                file = args.out / f"{args.prefix}-{name}-{label}.png"
                page.screenshot(path=str(file), full_page=True)
                first = page.locator("main table tbody tr").first
                box = first.bounding_box() if first.count() else None
                report[f"{name}@{label}"] = {
                    "path": path,
                    "first_row_top": box and round(box["y"]),
                    "page_wider_than_screen": page.evaluate(
                        "document.documentElement.scrollWidth > window.innerWidth"
                    ),
                    "file": str(file),
                }
                page.close()
        browser.close()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
