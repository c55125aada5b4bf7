"""Benchmark (not a test): time ``policykg.loaders.pipeline.records`` on the bundled corpus.

Wall-clock and CPU seconds are both recorded: on a shared machine wall-clock time also
measures the neighbours. Runs the corpus once (goal: < 3 s) and at 1×, 4× and 16× its size to check that parsing is
linear in the input. Copies get a distinct last line so the duplicate check does not skip
them. Writes ``bench/results/parse.json``.

    /tmp/venv/bin/python bench/bench_parse.py
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from policykg.loaders.pipeline import default_paths, records

RESULTS = Path(__file__).parent / "results" / "parse.json"
SCALES = (1, 4, 16)


def run(paths: list[Path]) -> dict[str, object]:
    started, cpu_started = time.perf_counter(), time.process_time()
    counts = Counter(record.type for record in records(paths))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    characters = sum(len(path.read_text(encoding="utf-8")) for path in paths)
    return {
        "files": len(paths),
        "characters": characters,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "characters_per_second": round(characters / seconds),
        "records": dict(counts),
    }


def scaled_corpus(directory: Path, scale: int) -> list[Path]:
    paths = []
    for copy in range(scale):
        for source in default_paths():
            target = directory / f"{source.stem}__{copy:02d}.txt"
            target.write_text(source.read_text(encoding="utf-8") + f"\n（副本{copy}）\n", encoding="utf-8")
            paths.append(target)
    return paths


def main() -> None:
    results: dict[str, object] = {"python": sys.version.split()[0], "machine": platform.machine()}
    run(default_paths())  # warm up: imports, regex compilation, data files
    results["corpus"] = run(default_paths())
    scaling = {}
    with tempfile.TemporaryDirectory() as directory:
        for scale in SCALES:
            scaling[f"{scale}x"] = run(scaled_corpus(Path(directory), scale))
            for path in Path(directory).iterdir():
                path.unlink()
    results["scaling"] = scaling
    base = scaling["1x"]["seconds"]  # type: ignore[index]
    cpu_base = scaling["1x"]["cpu_seconds"]  # type: ignore[index]
    results["seconds_per_corpus"] = {
        key: round(value["seconds"] / int(key[:-1]), 3)  # type: ignore[index]
        for key, value in scaling.items()
    }
    results["cpu_seconds_per_corpus"] = {
        key: round(value["cpu_seconds"] / int(key[:-1]), 3)  # type: ignore[index]
        for key, value in scaling.items()
    }
    results["ratio_16x_to_1x"] = round(scaling["16x"]["seconds"] / base, 2)  # type: ignore[index]
    results["cpu_ratio_16x_to_1x"] = round(scaling["16x"]["cpu_seconds"] / cpu_base, 2)  # type: ignore[index]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
