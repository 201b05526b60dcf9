"""Screenshots of a list, a record page and a hub (partner page) at phone and desktop widths.

For review by eye, not a test (tests/test_browser_finding.py asserts the layout):

    .venv/bin/python bench/screenshots.py --url http://127.0.0.1:8107 --out /tmp/shots

Drives Debian's Chromium through Playwright. Pages: the agreement list filtered by the
partner with the most agreements (with its chips), that partner's page and its latest
agreement's page, each at 390 x 844 and 1366 x 900, full page.
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
    return {"list": listed, "list-unfiltered": "/agreements/", "detail": detail, "hub": hub}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8107")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--partner", default="france")
    parser.add_argument("--prefix", default="facets")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        for name, path in pages(args.url, args.partner).items():
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
