"""Markdown tables from bench/run.py's JSON files: `python bench/summarize.py FILE [FILE ...]`."""

import json
import sys
from pathlib import Path

COLUMNS = "| page | tier | req/s | p50 ms | p95 ms | errors | queries | CPU ms |"


def page_rows(db, tier):
    for name, row in tier["pages"].items():
        if "rps" not in row:
            yield f"| {name} | {tier['tier']:,} | not measured (status {row['status']}) |||||"
            continue
        yield (
            f"| {name} | {tier['tier']:,} | {row['rps']:.1f} | {row['p50_ms']:.0f} "
            f"| {row['p95_ms']:.0f} | {row['errors']} | {row.get('queries', '')} "
            f"| {row.get('cpu_ms', '')} |"
        )


def database_section(db, entry):
    lines = [f"### {db}", ""]
    for tier in entry["tiers"]:
        lines += [
            f"{tier['tier']:,} agreements (generated in {tier['generate_seconds']} s, "
            f"load average {tier.get('loadavg_1min', '?')} when measuring)",
            "",
            COLUMNS,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *page_rows(db, tier),
            "",
        ]
    if entry.get("ratios"):
        lines += ["Ratios: `" + json.dumps(entry["ratios"]) + "`", ""]
    load = entry.get("load")
    if load:
        lines += [
            f"Load: {load['clients']} clients for {load['seconds']} s over "
            f"{len(load['paths'])} public pages: {load['requests']} requests, "
            f"{load['rps']:.1f} req/s, p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
            f"p99 {load['p99_ms']:.0f} ms, errors {load['errors']} {load['error_detail']}.",
            "",
        ]
    return lines


def main(paths):
    for path in paths:
        report = json.loads(Path(path).read_text())
        print(f"## Run of {report['date']} ({report['cpus']} CPUs)\n")
        for db, entry in report["databases"].items():
            print("\n".join(database_section(db, entry)))


if __name__ == "__main__":
    main(sys.argv[1:])
