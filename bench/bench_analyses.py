"""Latency of the issue-21 analyses on the loaded graph: ``target_cascade``, ``policy_diffusion``,
``agency_duties``, ``obligation_profile``.

Times each analysis with the parameters of the issue's figures, through
``policykg.queries.run.run_query`` (the CLI's and the API's path, verdicts and diffusion classes
included; one page of a paged query), and the diffusion API ``policykg.queries.diffusion.diffusion``
(every page, then the summaries: what ``policykg diffusion`` and the workbench run). ``--warmup``
unmeasured runs then ``--repeat`` measured ones: p50 and p95 of the client-side wall time, and the
row count. The diffusion's cache of masked texts is emptied before every run, so each is timed as
a fresh process would run it. Writes ``bench/results/analyses.json`` under ``--label``. Load the
graph first (``policykg build`` for the bundled corpus; ``bench/bench_queries.py --scale 10`` for
10x)::

    POLICYKG_HOME=/tmp/bench-home python bench/bench_analyses.py --label 1x
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import neo4j

from policykg.config import Settings
from policykg.queries import diffusion
from policykg.queries.run import run_query
from policykg.server import get_driver

RESULTS = Path(__file__).resolve().parent / "results" / "analyses.json"
CASES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("target_cascade", {"indicator": "非化石能源消费比重", "year": 2025}),
    ("target_cascade", {"indicator": "非化石能源消费比重", "year": 2030}),
    ("target_cascade", {"indicator": "单位地区生产总值二氧化碳排放", "year": 2025}),
    ("target_cascade", {"indicator": "单位地区生产总值二氧化碳排放", "year": 2030}),
    ("policy_diffusion", {"plan": "上海市碳达峰实施方案"}),
    ("policy_diffusion", {"region": "上海"}),
    ("diffusion (API: all pages + summaries)", {"region": "上海"}),
    ("diffusion (API: all pages + summaries)", {"region": "湖南"}),
    ("agency_duties", {"agency": "青岛市发展和改革委员会"}),
    ("agency_duties", {"agency": "市发展改革委", "region": "青岛"}),
    ("obligation_profile", {"region": "青岛"}),
    ("obligation_profile", {"plan": "碳达峰实施方案"}),
    ("obligation_profile", {}),
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


API = "diffusion (API: all pages + summaries)"


def run(driver: neo4j.Driver, name: str, params: dict[str, Any], database: str) -> int:
    """One run of an analysis; the number of rows (pairs for the diffusion API)."""
    diffusion.mask.cache_clear()
    if name == API:
        return len(diffusion.diffusion(driver, database=database, **params).pairs.rows)
    return len(run_query(driver, name, params, database))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--label", default="1x", help="the graph's name in the results (1x, 10x)")
    args = parser.parse_args()
    driver, database, _ = get_driver(Settings.from_env())
    out: list[dict[str, Any]] = []
    try:
        for name, params in CASES:
            for _ in range(args.warmup):
                run(driver, name, params, database)
            times, count = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                count = run(driver, name, params, database)
                times.append((time.perf_counter() - started) * 1000)
            entry = {
                "query": name,
                "params": params,
                "rows": count,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
            }
            out.append(entry)
            print(json.dumps(entry, ensure_ascii=False))
    finally:
        driver.close()
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results[args.label] = out
    # the machine is shared: the load says how much the figures are worth
    machine = results.setdefault("machine", {})
    machine[args.label] = {"cpus": os.cpu_count(), "load_average_1m_after": round(os.getloadavg()[0], 2)}
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
