"""Wall-clock time of parse + extraction over the bundled corpus; writes bench/results/extract.json.

    /tmp/venv/bin/python bench/bench_extract.py [--repeat N] [--tokens char|jieba]

Times each stage separately (pipeline construction, parse, extraction) and the record
counts; the goal is parse + extraction < 15 s for the whole corpus. Figures, not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from policykg.loaders.extract.pipeline import Extractor, build_nlp
from policykg.loaders.pipeline import parse
from policykg.loaders.types import Obligation, ParsedDocument

RESULTS = Path(__file__).resolve().parent / "results" / "extract.json"


def run_once(tokens: str) -> dict[str, Any]:
    started = time.perf_counter()
    extractor = Extractor(build_nlp(), tokens=tokens)
    built, built_cpu = time.perf_counter(), time.process_time()
    documents = [item for item in parse() if isinstance(item, ParsedDocument)]
    parsed = time.perf_counter()
    counts: Counter[str] = Counter()
    modalities: Counter[str] = Counter()
    for record in extractor.extract(documents):
        counts[record.type] += 1
        if isinstance(record, Obligation):
            modalities[record.modality] += 1
    extracted, extracted_cpu = time.perf_counter(), time.process_time()
    characters = sum(end - start for doc in documents for start, end in doc.own_spans.values())
    return {
        "build_nlp_s": round(built - started, 3),
        "parse_s": round(parsed - built, 3),
        "extract_s": round(extracted - parsed, 3),
        "parse_plus_extract_s": round(extracted - built, 3),
        # CPU time of this process: what the code costs when other work shares the machine.
        "parse_plus_extract_cpu_s": round(extracted_cpu - built_cpu, 3),
        "documents": len(documents),
        "clauses": sum(len(doc.clauses) for doc in documents),
        "clause_characters": characters,
        "records": dict(sorted(counts.items())),
        "obligation_modalities": dict(sorted(modalities.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--tokens",
        default="char",
        choices=["char", "jieba"],
        help="how the Extractor segments Docs (components match characters)",
    )
    args = parser.parse_args(argv)
    runs = [run_once(args.tokens) for _ in range(args.repeat)]
    totals = [run["parse_plus_extract_s"] for run in runs]
    cpu = [run["parse_plus_extract_cpu_s"] for run in runs]
    result = {
        "command": f"/tmp/venv/bin/python bench/bench_extract.py --repeat {args.repeat} --tokens {args.tokens}",
        "tokens": args.tokens,
        "pipeline": build_nlp().pipe_names,
        "parse_plus_extract_s_median": round(statistics.median(totals), 3),
        "parse_plus_extract_s_min": round(min(totals), 3),
        "parse_plus_extract_cpu_s_median": round(statistics.median(cpu), 3),
        "load_average_1min": os.getloadavg()[0],
        "goal_s": 15.0,
        "runs": runs,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        f"parse + extraction: median {result['parse_plus_extract_s_median']} s "
        f"(min {result['parse_plus_extract_s_min']} s, CPU median "
        f"{result['parse_plus_extract_cpu_s_median']} s) over {args.repeat} runs; "
        f"records {runs[-1]['records']}; modalities {runs[-1]['obligation_modalities']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
