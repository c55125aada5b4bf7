"""The policy-diffusion hand check: agreement of the computed classes with the hand-judged ones.

``bench/results/diffusion_handcheck.tsv`` holds the pairs read by hand (sample, local and source
clause ids, the hand class, the class computed when they were read, the measures, a reason;
``docs/policy-diffusion.md`` says how the samples were drawn). This recomputes each pair's class
from the loaded graph with the current code and prints the agreement per sample and the
confusion table; ``--show`` prints the pairs' texts instead, without any computed class, to read
them again blind::

    python bench/diffusion_handcheck.py                 # agreement (after `policykg build`)
    python bench/diffusion_handcheck.py --show A | less
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from policykg.config import Settings
from policykg.queries.diffusion import CLASSES, classify
from policykg.queries.run import run_cypher
from policykg.server import get_driver

TSV = Path(__file__).resolve().parent / "results" / "diffusion_handcheck.tsv"
TEXTS = """
UNWIND $pairs AS pair
MATCH (c:Clause {id: pair[0]})-[:DERIVES_FROM]->(s:Clause {id: pair[1]})
RETURN c.id AS local_id, s.id AS source_id, c.text AS local_text, s.text AS source_text
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=TSV)
    parser.add_argument("--show", metavar="SAMPLE", help="print the texts of one sample (A, B, C), blind")
    args = parser.parse_args()
    with args.tsv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    driver, database, _ = get_driver(Settings.from_env(), start=False)
    with driver:
        pairs = [[r["local_clause"], r["source_clause"]] for r in rows]
        found = run_cypher(driver, TEXTS, {"pairs": pairs}, database, timeout=60).rows
    texts = {(t["local_id"], t["source_id"]): t for t in found}
    if args.show:
        for n, row in enumerate(r for r in rows if r["sample"] == args.show):
            pair = texts.get((row["local_clause"], row["source_clause"]))
            if pair:
                print(f"#### {n} {row['local_clause']} <- {row['source_clause']}")
                print("L:", pair["local_text"].replace("\n", " "))
                print("S:", pair["source_text"].replace("\n", " "))
        return
    missing = [r for r in rows if (r["local_clause"], r["source_clause"]) not in texts]
    if missing:
        print(f"{len(missing)} pair(s) not in the graph (build the bundled corpus first)")
    confusion: Counter[tuple[str, str]] = Counter()
    by_sample: Counter[tuple[str, bool]] = Counter()
    for row in rows:
        pair = texts.get((row["local_clause"], row["source_clause"]))
        if pair is None:
            continue
        computed = classify(pair["local_text"], pair["source_text"]).diffusion_class
        confusion[(row["hand_class"], computed)] += 1
        by_sample[(row["sample"], row["hand_class"] == computed)] += 1
    for sample in sorted({s for s, _ in by_sample}):
        agree, total = by_sample[(sample, True)], by_sample[(sample, True)] + by_sample[(sample, False)]
        print(f"sample {sample}: {agree}/{total}")
    agree = sum(n for (hand, computed), n in confusion.items() if hand == computed)
    total = sum(confusion.values())
    print(f"all: {agree}/{total} ({agree / total:.1%})")
    print("hand \\ computed: " + " | ".join(CLASSES))
    for hand in CLASSES:
        print(f"{hand}: " + " | ".join(str(confusion[(hand, computed)]) for computed in CLASSES))


if __name__ == "__main__":
    main()
