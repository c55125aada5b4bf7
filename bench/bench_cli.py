"""Benchmark (not a test): what a user waits for at the command line, on the bundled corpus.

- ``policykg export --format nt|turtle|jsonld`` of the whole graph (goal: under a minute each;
  Turtle never finished before the streaming writers), wall seconds and peak memory of the process;
  with ``--verify``, each file is parsed back with rdflib and compared with the N-Triples
  (minutes: rdflib's parsers are the slow part);
- ``policykg build`` when nothing changed (goal: no export or pages rewritten);
- ``policykg show RECORD_ID`` for records of each kind (goal: under 3 s); a shared record
  (``agency:…``, ``region:…``) is found through the graph when a server runs (``record_evidence``),
  and also timed with no server at hand (``show_no_graph_s``: every document extracted in turn).
  ``--show-only`` times just these, on the graph already loaded (bench/results/cli_show.json); run
  it with ``PYTHONPATH=/work/main`` to time another checkout's code (``code`` in the results; the
  commands run in the temp dir, so ``python -m`` imports that checkout's package).

Uses the Neo4j that ``policykg`` finds (set ``POLICYKG_HOME`` to a scratch home); builds the
bundled corpus first when it is not loaded. Writes ``bench/results/cli.json``.

    POLICYKG_HOME=/tmp/bench-home python bench/bench_cli.py [--verify]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "cli.json"
QINGDAO, COMPILATION = "004_ce321d0be690c707", "003_a895838ed2e4cd84"
SHOWN = {
    "target (Qingdao)": f"{QINGDAO}/二（一）1/target/0",
    "clause (a plan inside the 1,290-page compilation)": f"{COMPILATION}/110/二",
    "document (compilation)": f"{COMPILATION}/001",
    "agency (shared: looked for document by document)": "agency:青岛市发展和改革委员会",
    "region (shared, first met in the compilation)": "region:370200",
}
SHOW_RESULTS = Path(__file__).parent / "results" / "cli_show.json"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Wall seconds, peak RSS (MB) of the command's process and its result."""
    clock = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "policykg.cli", "-q", *args],
            stdout=out,
            stderr=err,
            env=env,
            cwd=tempfile.gettempdir(),  # not a checkout: `-m` would import its policykg before PYTHONPATH's
        )
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = round(time.perf_counter() - clock, 2)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(child.args, child.returncode, out.read(), err.read())
    if done.returncode != 0:
        raise SystemExit(f"policykg {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, done


def verify(files: dict[str, Path]) -> dict[str, Any]:
    from rdflib import Graph

    formats = {"nt": "nt", "turtle": "turtle", "jsonld": "json-ld"}
    reference = set(Graph().parse(files["nt"], format="nt"))
    out: dict[str, Any] = {}
    for fmt, path in files.items():
        clock = time.perf_counter()
        parsed = set(Graph().parse(path, format=formats[fmt]))
        out[fmt] = {
            "triples": len(parsed),
            "same_as_ntriples": parsed == reference,
            "parse_s": round(time.perf_counter() - clock, 1),
        }
    return out


def show_figures(repeat: int) -> dict[str, Any]:
    """Seconds of ``policykg show`` per record (best of ``repeat``), with the graph and without."""
    with tempfile.TemporaryDirectory(prefix="policykg-bench-nohome-") as nohome:
        alone = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"} | {"POLICYKG_HOME": nohome}
        return {
            "show_s": {
                label: min(run("show", rid)[0] for _ in range(repeat)) for label, rid in SHOWN.items()
            },
            "show_no_graph_s": {
                label: min(run("show", rid, env=alone)[0] for _ in range(repeat))
                for label, rid in SHOWN.items()
                if rid.startswith(("agency:", "region:"))
            },
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verify", action="store_true", help="parse each export back with rdflib")
    parser.add_argument("--show-only", action="store_true", help="time `policykg show` alone")
    parser.add_argument("--repeat", type=int, default=3, help="runs per show command (the best counts)")
    options = parser.parse_args()
    load = os.getloadavg()[0]
    if options.show_only:
        result = {
            "figures": show_figures(options.repeat),
            "goals": {"show_s": 3},
            "code": os.environ.get("PYTHONPATH") or "this checkout",
            "load_average_1m": [round(load, 2), round(os.getloadavg()[0], 2)],
            "cpus": os.cpu_count(),
        }
        SHOW_RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="policykg-bench-cli-") as scratch:
        out = Path(scratch) / "out"
        first, _, _ = run("build", "--out", str(out))  # loads the corpus if needed, writes out/
        figures["build_first_s"] = first
        seconds, _, done = run("build", "--out", str(out))
        figures["build_noop_s"] = seconds
        figures["build_noop_skipped_outputs"] = done.stdout.count("is current")
        files: dict[str, Path] = {}
        for fmt in ("nt", "turtle", "jsonld"):
            files[fmt] = Path(scratch) / f"graph.{fmt}"
            seconds, peak, done = run("export", "--format", fmt, "--out", str(files[fmt]))
            figures[f"export_{fmt}"] = {
                "seconds": seconds,
                "peak_rss_mb": peak,
                "bytes": files[fmt].stat().st_size,
                "triples": int(done.stderr.split()[0]),
            }
        figures.update(show_figures(1))
        if options.verify:
            figures["parse_back"] = verify(files)
    result = {
        "figures": figures,
        "goals": {"export_s": 60, "show_s": 3},
        "load_average_1m": [round(load, 2), round(os.getloadavg()[0], 2)],
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
