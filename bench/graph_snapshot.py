"""What the bundled build makes, as one JSON file: to show that a refactoring changed no behaviour.

Wipes the database (``get_driver()``: ``NEO4J_URI``, else the managed server of
``$POLICYKG_HOME`` — give it a scratch home), ingests the bundled corpus
(``policykg.graph.ingest.ingest``), then records

* nodes by label and relationships by (type, start label, end label);
* a digest of every label's node ids and of every node's properties, and of every relationship
  type's (start id, end id, properties): equal digests mean the same graph, not just the same counts;
* every canned query's rows for its header's example parameters (``run_example``), floats rounded.

``--compare A.json B.json`` prints the differences and exits 1 when there are any (the ``when``,
``seconds`` and ``code`` fields are not compared; a query's rows compare in order, the lists in
them as multisets, since ``collect()`` has no order).

    POLICYKG_HOME=/tmp/snap-home python bench/graph_snapshot.py --out /tmp/after.json
    python bench/graph_snapshot.py --compare /work/notes/snapshot_before.json /tmp/after.json

To snapshot another revision, put its tree first on the path (the editable install's finder comes
after ``PYTHONPATH``): ``git archive REV | tar -x -C /tmp/rev && PYTHONPATH=/tmp/rev python … --revision REV``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import neo4j

import policykg
from policykg.graph.ingest import ingest
from policykg.queries.catalog import load_catalog
from policykg.queries.run import run_example
from policykg.server import get_driver

#: Fields that say when and how fast, not what: left out of --compare.
VOLATILE = ("when", "seconds", "code")


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def _json(value: Any) -> str:
    return json.dumps(_rounded(value), ensure_ascii=False, sort_keys=True, default=str)


def _wipe(driver: neo4j.Driver, database: str) -> None:
    while driver.execute_query(
        "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted", database_=database
    ).records[0]["deleted"]:
        pass


def graph_figures(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    labels = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label", database_=database
    ).records
    types = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS start, labels(b)[0] AS end, "
        "count(*) AS n ORDER BY type, start, end",
        database_=database,
    ).records
    nodes: dict[str, list[str]] = {}
    ids: dict[str, list[str]] = {}
    for record in driver.execute_query(
        "MATCH (n) RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props", database_=database
    ).records:
        nodes.setdefault(record["label"], []).append(_json(record["props"]))
        ids.setdefault(record["label"], []).append(str(record["id"]))
    rels: dict[str, list[str]] = {}
    for record in driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props",
        database_=database,
    ).records:
        rels.setdefault(record["type"], []).append(_json([record["start"], record["end"], record["props"]]))
    return {
        "nodes": {r["label"]: r["n"] for r in labels},
        "relationships": {f"{r['type']} ({r['start']}→{r['end']})": r["n"] for r in types},
        "node_id_digests": {label: _digest(values) for label, values in sorted(ids.items())},
        "node_property_digests": {label: _digest(values) for label, values in sorted(nodes.items())},
        "relationship_digests": {kind: _digest(values) for kind, values in sorted(rels.items())},
    }


def query_rows(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(load_catalog()):
        result = run_example(driver, name, database)
        out[name] = {"columns": result.columns, "rows": _rounded(result.rows)}
    return out


def snapshot(revision: str | None = None) -> dict[str, Any]:
    driver, database, where = get_driver()
    with driver:
        _wipe(driver, database)
        started = time.perf_counter()
        summary = ingest(None, driver, database)
        errors = [f"{e.source}: {e.reason}" for e in summary.errors if e.severity == "error"]
        seconds = round(time.perf_counter() - started, 1)
        figures = graph_figures(driver, database)
        rows = query_rows(driver, database)
    code = Path(policykg.__file__).resolve().parent.parent
    revision = (
        revision
        or subprocess.run(
            ["git", "-C", str(code), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    )
    return {
        "code": {"path": str(code), "revision": revision or None, "neo4j": where},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": {"ingest": seconds},
        "documents": summary.documents,
        "errors": errors,
        **figures,
        "queries": rows,
    }


def _unordered(value: Any) -> Any:
    """Lists compared as multisets: ``collect()`` gives no order, so a row's lists may come in any."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=_json)
    return value


def differences(before: dict[str, Any], after: dict[str, Any], path: str = "") -> list[str]:
    found: list[str] = []
    for key in sorted(set(before) | set(after)):
        if not path and key in VOLATILE:
            continue
        where = f"{path}.{key}" if path else key
        if key not in before or key not in after:
            found.append(f"{where}: only in {'after' if key not in before else 'before'}")
        elif isinstance(before[key], dict) and isinstance(after[key], dict):
            found.extend(differences(before[key], after[key], where))
        elif _unordered(before[key]) != _unordered(after[key]):
            a, b = _json(before[key]), _json(after[key])
            found.append(f"{where}: {a[:300]} → {b[:300]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, help="where to write the snapshot (JSON)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--revision", help="what the code is (default: git rev-parse HEAD of its tree)")
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        found = differences(before, after)
        print("\n".join(found) if found else "no difference")
        sys.exit(1 if found else 0)
    if not args.out:
        parser.error("give --out FILE (or --compare BEFORE AFTER)")
    result = snapshot(args.revision)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {sum(result['nodes'].values())} nodes, {sum(result['relationships'].values())} "
        f"relationships, {len(result['queries'])} queries, ingest {result['seconds']['ingest']} s"
    )


if __name__ == "__main__":
    main()
