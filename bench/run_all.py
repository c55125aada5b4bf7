"""Run the benchmark suite in order, then rewrite the tables in ``docs/performance.md``.

    POLICYKG_HOME=/tmp/bench-home /tmp/venv/bin/python bench/run_all.py [--quick] [--scales 1,10] [--tables-only]

Uses (and may wipe) the Neo4j that ``policykg.server.get_driver`` gives: set ``POLICYKG_HOME`` to
a scratch home (or ``NEO4J_URI`` to a scratch server), never your own graph. Order matters:
the load benchmark leaves the 1× graph loaded for the 1× query latencies; each ingest size
is followed by the query latencies at that size. Figures, not tests: nothing asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
DOC = BENCH.parent / "docs" / "performance.md"
BEGIN, END = "<!-- bench:tables:begin -->", "<!-- bench:tables:end -->"


def step(*args: str) -> None:
    print(f"$ python bench/{' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(BENCH / args[0]), *args[1:]], check=True, cwd=BENCH)


def _load(name: str) -> dict[str, Any]:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _latency(figures: dict[str, Any]) -> str:
    if "error" in figures:
        return "timed out" if "timeout" in figures["error"].lower() else "error"
    return f"{figures['p50_ms']} / {figures['p95_ms']}" if figures else "–"


def tables() -> str:
    """The markdown tables, from ``bench/results/*.json`` as they are now."""
    out: list[str] = []
    load = _load("load.json")
    if load:
        base = load["policykg"]["elements_per_s"]
        out += [
            "### Load: the same graph four ways (nodes + relationships per second)",
            "",
            "| loader | elements | seconds | elements/s | policykg is … × faster |",
            "|---|---:|---:|---:|---:|",
        ]
        names = {
            "policykg": "policykg `Neo4jWriter` (UNWIND batches, whole documents ~5 000 rows per tx)",
            "naive": "naive: 1 auto-commit MERGE per record",
            "rdflib_neo4j": "rdflib-neo4j (RDF export)",
            "neo4j_admin_import": "`neo4j-admin database import full` (CSV, empty db)",
        }
        for key, label in names.items():
            if key in load:
                f = load[key]
                note = " (extrapolated from a sample)" if f.get("extrapolated") else ""
                note += (
                    " (earlier run: compare with that run's policykg in load.json)"
                    if f.get("measured_in")
                    else ""
                )
                out.append(
                    f"| {label}{note} | {f['elements']} | {f['seconds']} | {f['elements_per_s']} | "
                    f"{base / f['elements_per_s']:.2f} |"
                )
        out.append("")
    scale = _load("scale.json")
    if scale.get("parse_extract"):
        out += [
            "### Parse + extraction throughput (synthetic corpus, one fresh process per size)",
            "",
            (
                "| size | documents | characters | seconds | CPU s | chars/s | docs/s | CPU s per char vs 1× | "
                "peak RSS MB |"
            ),
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size, f in scale["parse_extract"].items():
            out.append(
                f"| {size} | {f['documents']} | {f['characters']} | {f['seconds']} | {f['cpu_seconds']} | "
                f"{f['characters_per_s']} | {f['documents_per_s']} | {f['cpu_s_per_char_vs_smallest']} | "
                f"{f['peak_rss_mb']} |"
            )
        out.append("")
    if scale.get("ingest"):
        out += [
            "### Full ingest (parse, extract, derive, load) at scale",
            "",
            (
                "| size | documents | nodes | relationships | seconds | parse | extract | derive | load | "
                "peak RSS MB |"
            ),
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size, f in scale["ingest"].items():
            if "error" in f:
                where = f["where"][-1] if f.get("where") else "?"
                out.append(
                    f"| {size} | – | – | – | failed after {f['seconds_until_error']} s: "
                    f"`{f['error'][:60]}…` at `{where}` | | | | | {f['peak_rss_mb']} |"
                )
                continue
            stages = dict(f["stages_s"])
            chunked = f.get("derive_chunked_s")
            if chunked:  # the workaround re-parses to derive, then writes DERIVES_FROM after the load stage
                stages["derive"] = f"{chunked['reparse_and_derive']} (incl. re-parse)"
                stages["load"] = f"{stages['load']} + {chunked['write_derivations']}"
            out.append(
                f"| {size} | {f['documents']} | {f['nodes']} | {f['relationships']} | {f['seconds']} | "
                f"{stages.get('parse')} | {stages.get('extract')} | {stages.get('derive')} | {stages.get('load')} | "
                f"{f['peak_rss_mb']} |"
            )
        out.append("")
    queries = _load("queries.json")
    if queries:
        sizes = list(queries)
        out += [
            "### Query latency, ms (p50 / p95; without indexes: p50 / p95)",
            "",
            "| query | goal p95 | "
            + " | ".join(f"{s} | {s} no index" for s in sizes)
            + " | rows returned ("
            + " / ".join(sizes)
            + ") |",
            "|---|---:|" + "---:|---:|" * len(sizes) + "---:|",
        ]
        for name in queries[sizes[0]]["with_indexes"]:
            cells = []
            for s in sizes:
                w = queries[s]["with_indexes"].get(name, {})
                wo = queries[s].get("without_indexes", {}).get(name, {})
                cells += [_latency(w), _latency(wo)]
            goal = queries[sizes[0]]["with_indexes"][name]["goal_p95_ms"]
            rows = " / ".join(str(queries[s]["with_indexes"].get(name, {}).get("rows", "–")) for s in sizes)
            out.append(f"| `{name}` | {goal} | " + " | ".join(cells) + f" | {rows} |")
        out.append("")
        out.append(
            "Graph sizes: "
            + "; ".join(
                f"{s}: {queries[s]['nodes']} nodes, {queries[s]['relationships']} relationships"
                + (f", {queries[s]['plans']} plans" if "plans" in queries[s] else "")
                for s in sizes
            )
            + "."
        )
        out.append("")
    return "\n".join(out)


def write_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOC} lacks the {BEGIN} … {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{tables()}\n{END}{tail}", encoding="utf-8")
    print(f"tables written to {DOC}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1,10", help="ingest sizes (× corpus), e.g. 1,10,100")
    parser.add_argument("--quick", action="store_true", help="one run of each, short naive sample")
    parser.add_argument("--tables-only", action="store_true", help="only rewrite docs/performance.md")
    args = parser.parse_args()
    if not args.tables_only:
        runs, repeat = ("1", "10") if args.quick else ("3", "30")
        step("bench_load.py", "--runs", runs, *(["--naive-budget", "5"] if args.quick else []))
        step("bench_queries.py", "--scale", "1x", "--repeat", repeat)
        for scale in (s.strip() for s in args.scales.split(",") if s.strip()):
            step("bench_scale.py", "--throughput", "", "--ingest", scale)
            if "error" in _load("scale.json").get("ingest", {}).get(f"{scale}x", {}):
                # Recorded as a finding; then the bench-side workaround, so the queries have a graph.
                step("bench_scale.py", "--throughput", "", "--ingest", scale, "--derive-chunk", "5000")
            if scale != "1":  # the 1× latencies were taken on the graph the load benchmark left
                step("bench_queries.py", "--scale", f"{scale}x", "--repeat", repeat)
        step("bench_scale.py", "--throughput", "1,4" if args.quick else "1,4,16", "--ingest", "")
    write_doc()


if __name__ == "__main__":
    main()
