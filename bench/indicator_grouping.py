"""The harmonised indicators that hold targets from two regions or more, for the grouping check.

An Indicator node groups the targets whose metric has one ``indicator_key``
(``loaders/identity.py``). The target cascade compares regions on such a group, so a group that
mixes two quantities (a share with an amount, a stock with an increase) gives false verdicts. This
lists every indicator with targets from >= 2 regions (a national or ministry plan's region is the
country) with its written metrics, units and regions, and writes a sample for a hand check::

    python bench/indicator_grouping.py --out /tmp/groups.json            # every such indicator
    python bench/indicator_grouping.py --sample 60 --seed 1 --tsv bench/results/indicator_grouping.tsv

The TSV has a ``verdict`` column (``one`` / ``mixed``) and a ``reason`` to fill by hand; a TSV
already holding verdicts keeps them (rows matched on the key). ``--summary`` prints the precision
of the filled TSV.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path
from typing import Any

from policykg.config import Settings
from policykg.queries.run import run_cypher
from policykg.server import get_driver

GROUPS = """
MATCH (i:Indicator)<-[:MEASURES]-(t:Target)
MATCH (p:Plan {id: t.document})
OPTIONAL MATCH (p)-[:APPLIES_TO]->(r:Region)
WITH i, t, CASE WHEN r IS NULL AND p.level IN ['national', 'ministry'] THEN '全国' ELSE r.name END AS region
WHERE region IS NOT NULL
WITH i, collect(DISTINCT region) AS regions, collect(DISTINCT t.metric) AS metrics,
     collect(DISTINCT coalesce(t.unit_normalised, t.unit)) AS units,
     collect(DISTINCT t.direction) AS directions, count(DISTINCT t) AS targets
WHERE size(regions) >= 2
RETURN i.key AS key, i.name AS name, size(regions) AS regions, targets, metrics, units, directions,
       regions AS region_names
ORDER BY regions DESC, targets DESC, key
"""
FIELDS = ("key", "name", "regions", "targets", "metrics", "units", "directions", "verdict", "reason")


def groups() -> list[dict[str, Any]]:
    driver, database, _ = get_driver(Settings.from_env(), start=False)
    with driver:
        return run_cypher(driver, GROUPS, {}, database, timeout=120).rows


def write_tsv(rows: list[dict[str, Any]], path: Path) -> None:
    known: dict[str, dict[str, str]] = {}
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            known = {r["key"]: r for r in csv.DictReader(handle, delimiter="\t")}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(FIELDS)
        for row in rows:
            old = known.get(str(row["key"]), {})
            writer.writerow(
                [
                    row["key"],
                    row["name"],
                    row["regions"],
                    row["targets"],
                    " | ".join(sorted(row["metrics"])),
                    " | ".join(sorted(str(u) for u in row["units"] if u)),
                    " | ".join(sorted(row["directions"])),
                    old.get("verdict", ""),
                    old.get("reason", ""),
                ]
            )


def summary(path: Path) -> None:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    judged = [r for r in rows if r["verdict"]]
    one = sum(1 for r in judged if r["verdict"] == "one")
    print(
        f"{path}: {len(judged)} of {len(rows)} judged; one indicator: {one}; precision {one / len(judged):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="every indicator with targets from >= 2 regions, as JSON")
    parser.add_argument("--sample", type=int, default=0, help="this many indicators, drawn at random")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tsv", type=Path, help="the sample (or all) as TSV, for the hand check")
    parser.add_argument("--summary", type=Path, help="print the precision of a filled TSV and stop")
    args = parser.parse_args()
    if args.summary:
        summary(args.summary)
        return
    rows = groups()
    print(f"{len(rows)} indicators hold targets from >= 2 regions")
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.tsv:
        keys = {str(r["key"]) for r in rows}
        if args.sample:
            keys = set(random.Random(args.seed).sample(sorted(keys), min(args.sample, len(keys))))
        write_tsv([r for r in rows if str(r["key"]) in keys], args.tsv)


if __name__ == "__main__":
    main()
