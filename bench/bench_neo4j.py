"""Benchmark (not a test): how long the policykg-managed Neo4j takes to provision, start and stop.

Provisioning is timed into a NEW jar cache, so Maven copies from ``~/.m2`` (warm) or downloads
from Maven Central (cold, e.g. with a fresh HOME). Then, in a temporary home: first start
(creates the databases, sets the password), a second start that reuses the running server,
stop, and a warm start on the existing data. The machine's load average is recorded beside
the figures because Neo4j's start is CPU-bound. Writes ``bench/results/neo4j.json``.

    /tmp/venv/bin/python bench/bench_neo4j.py
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policykg.server import ManagedNeo4j

RESULTS = Path(__file__).parent / "results" / "neo4j.json"


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 2)


def main() -> None:
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as scratch:
        cache, home = Path(scratch) / "cache", Path(scratch) / "home"
        server = ManagedNeo4j(home, cache)
        figures = {"provision_s": timed(server.provision)}
        figures["first_start_s"] = timed(server.start)
        figures["reuse_start_s"] = timed(server.start)
        figures["stop_s"] = timed(server.stop)
        figures["warm_start_s"] = timed(server.start)
        figures["stop_again_s"] = timed(server.stop)
    result = {
        "figures": figures,
        "load_average_1m": [round(load_at_start, 2), round(os.getloadavg()[0], 2)],  # start, end
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "neo4j": ManagedNeo4j.version,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
