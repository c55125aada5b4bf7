"""Precision and recall of extraction against the hand-labelled sets in ``tests/data/gold``.

Targets match on (year, value, unit) as a multiset per document; responsibilities on
(clause path, agency as written) once the responsibilities component is installed.
Gold entries marked ``optional`` are neither rewarded nor penalised.

    /tmp/venv/bin/python bench/quality.py [--show-errors]

Writes ``bench/results/quality.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from policykg.loaders.extract.pipeline import Extractor
from policykg.loaders.extract.sample import parsed_document
from policykg.loaders.types import Responsibility, Target

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "data" / "gold"
CORPUS_DIR = ROOT / "data" / "corpus"
RESULTS = ROOT / "bench" / "results" / "quality.json"

TargetKey = tuple[int | None, float, str | None]


def unit_key(unit: str | None) -> str | None:
    return unit.replace("％", "%") if unit else unit


def target_key(year: int | None, value: float, unit: str | None) -> TargetKey:
    return (year, round(float(value), 6), unit_key(unit))


def scores(gold: Counter[Any], found: Counter[Any], optional: Counter[Any]) -> dict[str, Any]:
    true_positive = sum((gold & found).values())
    # An optional gold item found is not a false positive; missing it is not a false negative.
    extra = found - gold
    false_positive = sum((extra - optional).values())
    return {
        "gold": sum(gold.values()),
        "found": sum(found.values()),
        "true_positive": true_positive,
        "precision": round(true_positive / (true_positive + false_positive), 4)
        if true_positive + false_positive
        else 1.0,
        "recall": round(true_positive / sum(gold.values()), 4) if gold else 1.0,
        "missed": sorted(map(str, (gold - found).elements())),
        "spurious": sorted(map(str, (extra - optional).elements())),
    }


def evaluate(gold_file: Path, extractor: Extractor) -> dict[str, Any]:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    span = (int(gold["span"][0]), int(gold["span"][1])) if gold.get("span") else None
    parsed = parsed_document(CORPUS_DIR / gold["source"], span)
    records = extractor.run(parsed)
    clause_path = {clause.id: clause.path for clause in parsed.clauses}

    def required(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item for item in items if not item.get("optional")]

    def optional(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item for item in items if item.get("optional")]

    gold_targets = Counter(target_key(t["year"], t["value"], t["unit"]) for t in required(gold["targets"]))
    optional_targets = Counter(
        target_key(t["year"], t["value"], t["unit"]) for t in optional(gold["targets"])
    )
    found_targets = Counter(target_key(r.year, r.value, r.unit) for r in records if isinstance(r, Target))
    result: dict[str, Any] = {
        "document": gold.get("document_title", gold_file.stem),
        "targets": scores(gold_targets, found_targets, optional_targets),
    }
    responsibilities = [r for r in records if isinstance(r, Responsibility)]
    if responsibilities:

        def key(path: str, agency: str) -> tuple[str, str]:
            return (path, agency)

        gold_resp = Counter(
            key(r["clause_path"], r["agency_text"]) for r in required(gold["responsibilities"])
        )
        optional_resp = Counter(
            key(r["clause_path"], r["agency_text"]) for r in optional(gold["responsibilities"])
        )
        found_resp = Counter(
            key(clause_path.get(r.clause, r.clause), r.agency_text) for r in responsibilities
        )
        result["responsibilities"] = scores(gold_resp, found_resp, optional_resp)
        # Roles on the matched (clause, agency) pairs: the gold role of each pair against the found one.
        gold_roles: dict[tuple[str, str], Counter[str]] = {}
        for r in required(gold["responsibilities"]):
            gold_roles.setdefault(key(r["clause_path"], r["agency_text"]), Counter())[r["role"]] += 1
        right = total = 0
        role_errors = []
        for r in responsibilities:
            pair = key(clause_path.get(r.clause, r.clause), r.agency_text)
            roles = gold_roles.get(pair)
            if not roles or not sum(roles.values()):
                continue
            total += 1
            if roles[r.role] > 0:
                right += 1
                roles[r.role] -= 1
            else:
                role_errors.append(f"{pair}: gold {sorted(roles.elements())} found {r.role}")
                roles.subtract([next(roles.elements())])
        result["responsibilities"]["role_accuracy"] = round(right / total, 4) if total else None
        result["responsibilities"]["role_errors"] = role_errors
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list missed and spurious items")
    args = parser.parse_args(argv)
    extractor = Extractor()
    results = [evaluate(path, extractor) for path in sorted(GOLD_DIR.glob("*.json"))]
    for result in results:
        for kind in ("targets", "responsibilities"):
            if kind not in result:
                continue
            figures = result[kind]
            print(
                f"{result['document']:<32} {kind:<16} P={figures['precision']:.3f} "
                f"R={figures['recall']:.3f} (gold {figures['gold']}, found {figures['found']})"
                + (f" roles {figures['role_accuracy']}" if figures.get("role_accuracy") is not None else "")
            )
            if args.show_errors:
                for item in figures["missed"]:
                    print(f"    missed   {item}")
                for item in figures["spurious"]:
                    print(f"    spurious {item}")
                for item in figures.get("role_errors", []):
                    print(f"    role     {item}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
