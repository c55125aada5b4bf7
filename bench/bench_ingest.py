"""Ingest figures: full ingest of the bundled corpus, load throughput, unchanged re-ingest.

Needs a Neo4j it may wipe (``NEO4J_URI`` of a scratch database, or the policykg-managed one)::

    NEO4J_URI=bolt://127.0.0.1:17687 python bench/bench_ingest.py --wipe

The full ingest runs ``--repeat`` times (wiping between runs) and the median run is reported;
load throughput = (nodes + relationships created) / seconds of the load stage (writes of
external plans, documents, cross-document links and DERIVES_FROM). Then an unchanged re-ingest.

Writes ``bench/results/ingest.json``. Figures, not tests: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import neo4j

from policykg.graph.ingest import IngestSummary, ingest
from policykg.graph.neo4j_writer import Neo4jWriter
from policykg.server import get_driver

RESULTS = Path(__file__).resolve().parent / "results" / "ingest.json"


def _wipe(driver: neo4j.Driver, database: str) -> None:
    while True:
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n", database_=database
        )
        if records[0]["n"] == 0:
            return


def _figures(summary: IngestSummary, seconds: float) -> dict[str, Any]:
    written = summary.write.nodes_created + summary.write.relationships_created
    load = summary.seconds.get("load", 0.0)
    return {
        "seconds": round(seconds, 2),
        "stages": {k: round(v, 2) for k, v in summary.seconds.items()},
        "documents": summary.documents,
        "documents_unchanged": summary.skipped,
        "files_unchanged": summary.files_skipped,
        "nodes_created": summary.write.nodes_created,
        "relationships_created": summary.write.relationships_created,
        "load_throughput_per_s": round(written / load) if load else None,
        "errors": sum(1 for e in summary.errors if e.severity == "error"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--wipe", action="store_true", help="empty the database first (required if not empty)"
    )
    parser.add_argument("--no-extract", action="store_true", help="load the parsed structure only")
    parser.add_argument("--repeat", type=int, default=3, help="full ingests (wiped between), median reported")
    args = parser.parse_args()

    driver, database, where = get_driver()
    with driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
        if records[0]["n"] and not args.wipe:
            raise SystemExit(f"{where} holds {records[0]['n']} nodes: pass --wipe to empty it first")
        runs: list[tuple[IngestSummary, float]] = []
        for _ in range(max(1, args.repeat)):
            _wipe(driver, database)
            started = time.perf_counter()
            summary = ingest(None, driver, database, extract=not args.no_extract)
            runs.append((summary, time.perf_counter() - started))
        throughputs = [_figures(summary, seconds)["load_throughput_per_s"] or 0 for summary, seconds in runs]
        median = statistics.median_low(throughputs)
        full, full_seconds = runs[throughputs.index(median)]

        started = time.perf_counter()
        again = ingest(None, driver, database, extract=not args.no_extract)
        again_seconds = time.perf_counter() - started

        labels, types = Neo4jWriter(driver, database).counts()
        result = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average_1m": os.getloadavg()[0],
            },
            "neo4j": where,
            "full_ingest": _figures(full, full_seconds),
            "runs": [
                {
                    "seconds": round(seconds, 2),
                    "load_s": round(summary.seconds.get("load", 0.0), 2),
                    "load_throughput_per_s": t,
                }
                for (summary, seconds), t in zip(runs, throughputs)
            ],
            "reingest_unchanged": _figures(again, again_seconds),
            "graph": {
                "nodes": sum(labels.values()),
                "relationships": sum(types.values()),
                "by_label": labels,
                "by_type": types,
            },
            "goals": {"full_ingest_s": 30, "load_throughput_per_s": 20000, "reingest_unchanged_s": 5},
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
