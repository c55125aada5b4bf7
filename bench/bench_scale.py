"""Scale figures; writes ``bench/results/scale.json`` (figures, not tests).

``throughput``: parse + extraction of the synthetic corpus (``bench/synthetic.py``) at 1×, 4×,
16×: characters/s, documents/s, CPU seconds and the peak RSS of a fresh process per size, so
the sizes do not share a high-water mark. Documents are streamed (parsed, extracted, dropped).

``ingest``: the full ``policykg.graph.ingest.ingest`` (parse, extract, derive, load) of the
synthetic corpus at 10× (and 100× on request) into an emptied bench database, each size in a
fresh process: wall seconds per stage, peak RSS of the Python process, nodes and relationships.
The last size stays loaded, for ``bench_queries.py``.

    POLICYKG_HOME=/tmp/bench-home /tmp/venv/bin/python bench/bench_scale.py [--throughput 1,4,16] [--ingest 1,10]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import time
from pathlib import Path
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from policykg.errors import PolicyKGError

RESULTS = Path(__file__).resolve().parent / "results" / "scale.json"
CORPUS_ROOT = Path(os.environ.get("POLICYKG_BENCH_CORPUS", "/tmp/policykg-bench-corpus"))


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: kilobytes


def _throughput_child(scale: int, out: Any) -> None:
    import synthetic

    from policykg.loaders.extract.pipeline import Extractor
    from policykg.loaders.pipeline import parse
    from policykg.loaders.types import ParsedDocument

    paths = synthetic.write_corpus(scale, CORPUS_ROOT / f"{scale}x")
    extractor = Extractor()
    extractor.run(
        next(p for p in parse(paths[:1]) if isinstance(p, ParsedDocument))
    )  # warm: data files, regexes
    characters = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    documents = records = 0
    started, cpu = time.perf_counter(), time.process_time()
    for item in parse(paths):
        if isinstance(item, ParsedDocument):
            documents += 1
            records += len(item.clauses) + sum(1 for _ in extractor.run(item))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    out.send(
        {
            "files": len(paths),
            "characters": characters,
            "documents": documents,
            "records": records,
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu_seconds, 2),
            "characters_per_s": round(characters / seconds),
            "documents_per_s": round(documents / seconds, 1),
            "characters_per_cpu_s": round(characters / cpu_seconds),
            "peak_rss_mb": _peak_rss_mb(),
        }
    )


def _cpu_s() -> dict[str, float]:
    """CPU seconds so far: this process, its finished children (ingest's worker processes), and
    every java process on the machine (the Neo4j server; other Java work would count too)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    java = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if stat.read_text().split("(", 1)[1].startswith("java"):
                java += (int(fields[1].split()[11]) + int(fields[1].split()[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return {
        "ingest_process": own.ru_utime + own.ru_stime,
        "workers": children.ru_utime + children.ru_stime,
        "neo4j": java,
    }


def _ingest_child(scale: int, workers: int | None, out: Any) -> None:
    import synthetic
    from bench_load import wipe

    from policykg.graph.ingest import ingest
    from policykg.graph.neo4j_writer import Neo4jWriter
    from policykg.server import get_driver

    paths = synthetic.write_corpus(scale, CORPUS_ROOT / f"{scale}x")
    driver, database, _ = get_driver()
    with driver:
        wipe(driver, database)
        rss_before = _peak_rss_mb()
        cpu_before = _cpu_s()
        started = time.perf_counter()
        figures: dict[str, Any] = {
            "files": len(paths),
            "mode": "ingest (streaming: chunks written while the next is parsed, so stage times overlap)",
            "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        }
        try:
            summary = ingest(paths, driver, database, workers=workers)
        except (Neo4jError, DriverError, PolicyKGError, MemoryError) as error:  # a figure too: where, why
            import traceback

            frames = [
                f"{Path(f.filename).name}:{f.lineno} {f.name}"
                for f in traceback.extract_tb(error.__traceback__)
                if "/policykg" in f.filename or "/work/" in f.filename
            ]
            out.send(
                {
                    **figures,
                    "error": f"{type(error).__name__}: {str(error)[:400]}",
                    "where": frames,
                    "seconds_until_error": round(time.perf_counter() - started, 1),
                    "peak_rss_mb": _peak_rss_mb(),
                }
            )
            return
        seconds = time.perf_counter() - started
        cpu = {k: round(v - cpu_before[k], 1) for k, v in _cpu_s().items()}
        labels, types = Neo4jWriter(driver, database).counts()
    out.send(
        {
            **figures,
            "characters": sum(len(p.read_text(encoding="utf-8")) for p in paths),
            "documents": summary.documents,
            "seconds": round(seconds, 1),
            "stages_s": {k: round(v, 1) for k, v in summary.seconds.items()},
            "nodes": sum(labels.values()),
            "relationships": sum(types.values()),
            "errors": sum(1 for e in summary.errors if e.severity == "error"),
            "cpu_s": cpu,
            "workers": workers or "auto",
            "peak_rss_mb": _peak_rss_mb(),
            "rss_before_ingest_mb": rss_before,
            "peak_rss_mb_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        }
    )


def in_child(target: Any, *args: Any) -> dict[str, Any]:
    """Run one size in a fresh (spawned) process and return what it measured."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, send))
    process.start()
    result: dict[str, Any] = receive.recv()
    process.join()
    return result


def _scales(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--throughput", type=_scales, default=[1, 4, 16], help="sizes (× corpus); empty: skip"
    )
    parser.add_argument("--ingest", type=_scales, default=[1, 10], help="sizes (× corpus); empty: skip")
    parser.add_argument("--workers", type=int, default=None, help="ingest's worker processes (default: auto)")
    args = parser.parse_args()

    results: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    if args.throughput:
        sizes = {f"{scale}x": in_child(_throughput_child, scale) for scale in args.throughput}
        base = sizes[f"{args.throughput[0]}x"]
        for figures in sizes.values():  # 1.0 = linear; above 1 = slower per character than the smallest size
            figures["cpu_s_per_char_vs_smallest"] = round(
                (figures["cpu_seconds"] / figures["characters"]) / (base["cpu_seconds"] / base["characters"]),
                2,
            )
        results["parse_extract"] = sizes
    for scale in args.ingest:
        key = f"{scale}x"
        results.setdefault("ingest", {})[key] = in_child(_ingest_child, scale, args.workers)
        print(json.dumps(results["ingest"][key], ensure_ascii=False), flush=True)
    results["goals"] = {"ingest_100x_s": 900, "ingest_100x_peak_rss_mb": 2048}
    results["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    results["when"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
