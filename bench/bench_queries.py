"""Latency of every canned query, with and without the indexes; merges into ``bench/results/queries.json``.

``--scale N`` (or ``Nx``) first makes sure the database holds the N× corpus: the bundled corpus
for 1, the synthetic corpus of ``bench/synthetic.py`` (real corpus + N-1 copies of its local
plans) otherwise, written to ``$POLICYKG_BENCH_CORPUS/Nx`` (default /tmp/policykg-bench-corpus,
shared with ``bench_scale.py``). When the loaded plans come from other files, the database is
wiped and the corpus ingested (``policykg.graph.ingest.ingest``; its wall time is recorded as
``build_s``); ``--no-build`` times whatever is loaded.

Each query runs with its header's example parameters through ``policykg.queries.run.run_query``
(the same path as the CLI and the Python API: a managed read transaction, rows materialised),
``--warmup`` times unmeasured (plan cache, page cache), then ``--repeat`` times: p50 (the median)
and p95 of the client-side wall time. Then the property indexes and the key uniqueness
constraints are dropped, the queries are timed again, and the schema is recreated
(``Neo4jWriter.ensure_schema``) and awaited. The full-text index stays: ``search`` cannot run
without it.

    POLICYKG_HOME=/tmp/bench-home /tmp/venv/bin/python bench/bench_queries.py --scale 1x
    POLICYKG_HOME=/tmp/bench-home /tmp/venv/bin/python bench/bench_queries.py --scale 100   # builds 100x first
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

from policykg.errors import QueryError
from policykg.graph.neo4j_writer import Neo4jWriter
from policykg.graph.schema import FULLTEXT_INDEX
from policykg.queries.catalog import load_catalog
from policykg.queries.run import run_query
from policykg.server import get_driver

RESULTS = Path(__file__).resolve().parent / "results" / "queries.json"
CORPUS_ROOT = Path(os.environ.get("POLICYKG_BENCH_CORPUS", "/tmp/policykg-bench-corpus"))
# The goal: p95 < 50 ms, except multi-hop provenance and full-text search (< 200 ms).
SLOW_ALLOWED = {"target_provenance", "clause_implementations", "plan_lineage", "search"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queries(driver: neo4j.Driver, database: str, warmup: int, repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, query in sorted(load_catalog().items()):
        params = query.example_params()
        try:
            for _ in range(warmup):
                started = time.perf_counter()
                rows = len(run_query(driver, name, params, database))
        except QueryError as error:  # e.g. the library's transaction timeout: report it, go on
            out[name] = {"error": error.message, "goal_p95_ms": 200 if name in SLOW_ALLOWED else 50}
            continue
        # A query slower than a second gets fewer runs (at least 5): ~30 s of timing per query at most.
        last = time.perf_counter() - started
        samples = []
        for _ in range(repeat if last < 1 else max(5, min(repeat, int(30 / last)))):
            started = time.perf_counter()
            rows = len(run_query(driver, name, params, database))
            samples.append((time.perf_counter() - started) * 1000)
        goal = 200 if name in SLOW_ALLOWED else 50
        p95 = round(percentile(samples, 0.95), 1)
        out[name] = {
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": p95,
            "rows": rows,
            "runs": len(samples),
            "goal_p95_ms": goal,
            "meets_goal": p95 < goal,
        }
    return out


def _count(driver: neo4j.Driver, database: str, label: str) -> int:
    return int(
        driver.execute_query(f"MATCH (n:{label}) RETURN count(n) AS n", database_=database).records[0]["n"]
    )


def drop_indexes(driver: neo4j.Driver, database: str) -> list[str]:
    """Drop key constraints and property indexes (not the lookup indexes nor the full-text one)."""
    dropped = []
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records:
        driver.execute_query(f"DROP CONSTRAINT `{record['name']}`", database_=database)
        dropped.append(record["name"])
    records = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type IN ['RANGE', 'TEXT', 'POINT']", database_=database
    ).records
    for record in records:
        if record["name"] != FULLTEXT_INDEX:
            driver.execute_query(f"DROP INDEX `{record['name']}`", database_=database)
            dropped.append(record["name"])
    return dropped


def corpus(scale: int) -> list[Path]:
    """The files of the N× corpus: the bundled corpus for 1, else the synthetic one (written lazily)."""
    from policykg.loaders.pipeline import default_paths

    if scale == 1:
        return list(default_paths())
    import synthetic

    return synthetic.write_corpus(scale, CORPUS_ROOT / f"{scale}x")


def loaded_sources(driver: neo4j.Driver, database: str) -> set[str]:
    records = driver.execute_query(
        "MATCH (p:Plan) WHERE NOT coalesce(p.external, false) RETURN collect(DISTINCT p.source) AS sources",
        database_=database,
    ).records
    return set(records[0]["sources"])


def ensure_corpus(driver: neo4j.Driver, database: str, scale: int) -> dict[str, Any] | None:
    """Load the N× corpus unless the database already holds exactly its files; figures of the build."""
    from bench_load import wipe

    from policykg.graph.ingest import ingest

    paths = corpus(scale)
    if loaded_sources(driver, database) == {p.name for p in paths}:
        return None
    print(f"loading the {scale}x corpus ({len(paths)} files) into an emptied database", flush=True)
    wipe(driver, database)
    started = time.perf_counter()
    summary = ingest(paths, driver, database)
    figures = {
        "build_s": round(time.perf_counter() - started, 1),
        "documents": summary.documents,
        "stages_s": {k: round(v, 1) for k, v in summary.seconds.items()},
    }
    print(json.dumps(figures), flush=True)
    return figures


def _scale(text: str) -> int:
    return int(text.strip().lower().removesuffix("x"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", required=True, help="corpus size: 1, 10, 100 (or 1x, 10x …); the key in queries.json"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="time the loaded graph as it is (--scale only names it)"
    )
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-drop", action="store_true", help="skip the run without indexes")
    args = parser.parse_args()

    scale = _scale(args.scale)
    driver, database, where = get_driver()
    with driver:
        build = None if args.no_build else ensure_corpus(driver, database, scale)
        counts = driver.execute_query(
            "MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r", database_=database
        ).records[0]
        driver.execute_query("CALL db.awaitIndexes(600)", database_=database)
        figures: dict[str, Any] = {
            "nodes": counts["n"],
            "relationships": counts["r"],
            "plans": _count(driver, database, "Plan"),
            "with_indexes": time_queries(driver, database, args.warmup, args.repeat),
        }
        if build is not None:
            figures["build"] = build
        if not args.no_drop:
            try:
                figures["dropped"] = drop_indexes(driver, database)
                figures["without_indexes"] = time_queries(driver, database, args.warmup, args.repeat)
            finally:
                started = time.perf_counter()
                Neo4jWriter(driver, database).ensure_schema()
                driver.execute_query("CALL db.awaitIndexes(600)", database_=database)
                figures["recreate_indexes_s"] = round(time.perf_counter() - started, 1)
            figures["index_speedup_p50"] = {
                name: round(figures["without_indexes"][name]["p50_ms"] / max(f["p50_ms"], 0.1), 1)
                for name, f in figures["with_indexes"].items()
                if "p50_ms" in f and "p50_ms" in figures["without_indexes"].get(name, {})
            }
    figures["runs"] = {"warmup": args.warmup, "repeat": args.repeat}
    figures["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "neo4j": where,
    }
    figures["when"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    results: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results[f"{scale}x"] = figures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
