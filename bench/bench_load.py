"""Load the same graph into Neo4j four ways, in one run; writes ``bench/results/load.json``.

(a) ``policykg``: the ingest's load stage (``Neo4jWriter``: batched ``UNWIND … MERGE``, one
    transaction per document, then the region/agency links and DERIVES_FROM), median of runs;
(b) ``naive``: one auto-commit ``MERGE`` round trip per node and per relationship, as most
    tutorials write it, with the same uniqueness constraints in place; timed on a sample and
    extrapolated to the whole graph (the JSON says so: ``"extrapolated": true``);
(c) ``rdflib_neo4j``: Neo4j Labs' RDFLib store (no n10s plugin needed: it only asks for a
    uniqueness constraint on ``Resource.uri``) parsing policykg's own RDF export;
(d) ``neo4j_admin_import``: ``neo4j-admin database import full`` from CSV files of the same
    graph into an empty database of a scratch home (the practical upper limit: no transactions).

"The same graph" is the graph (a) wrote, read back from Neo4j: (b) and (d) write those very
nodes and relationships, (c) loads its RDF export; ``elements`` is that graph's nodes +
relationships for all four, so ``elements_per_s`` compares the time to load the same content.
Parse, extraction and derivation run once, before any clock starts.

    POLICYKG_HOME=/tmp/bench-home /tmp/venv/bin/python bench/bench_load.py [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import platform
import re
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from policykg.config import Settings
from policykg.graph.neo4j_writer import Neo4jWriter
from policykg.graph.schema import NODE_TYPES, REL_TYPES
from policykg.java import find_java
from policykg.loaders.types import DocumentBatch, ParsedDocument
from policykg.server import get_driver

RESULTS = Path(__file__).resolve().parent / "results" / "load.json"
KEYS = {n.label: n.key for n in NODE_TYPES}
REL_KEYS = {r.type: tuple(r.key) for r in REL_TYPES}


@dataclass
class Prepared:
    """Everything the load stage needs, computed once (parse, extraction, derivation)."""

    parsed: list[ParsedDocument]
    extracted: dict[str, list[Any]]
    derived: list[Any]
    hashes: dict[str, str] = field(default_factory=dict)


def prepare(paths: list[Path]) -> Prepared:
    import hashlib

    from policykg.graph.derive import Deriver
    from policykg.loaders.extract.pipeline import Extractor
    from policykg.loaders.pipeline import parse

    parsed = [p for p in parse(paths) if isinstance(p, ParsedDocument)]
    extractor = Extractor()
    extracted = {p.document.id: list(extractor.run(p)) for p in parsed}
    deriver = Deriver()
    derived = [*deriver.external_plans(parsed), *deriver.run(parsed)]
    hashes = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in paths}
    return Prepared(parsed, extracted, derived, hashes)


def wipe(driver: neo4j.Driver, database: str) -> None:
    """Every node and relationship, in bounded transactions (the 100× graph does not fit one).

    Relationships first: a node's DETACH DELETE takes all its edges into one transaction, and the
    national plan's clauses have thousands (1,000 such nodes per transaction exceeded the memory pool)."""
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def drop_schema(driver: neo4j.Driver, database: str) -> None:
    """Drop every constraint and index, so a foreign loader starts from a truly empty database."""
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records:
        driver.execute_query(f"DROP CONSTRAINT `{record['name']}`", database_=database)
    for record in driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'", database_=database
    ).records:
        driver.execute_query(f"DROP INDEX `{record['name']}`", database_=database)


def load_policykg(driver: neo4j.Driver, database: str, prepared: Prepared) -> float:
    """The ingest's load stage exactly as ``graph/ingest.py`` runs it; returns seconds."""
    writer = Neo4jWriter(driver, database)
    writer.ensure_schema()  # outside the clock: done once per database, not per load
    started = time.perf_counter()
    externals = [d for d in prepared.derived if getattr(d, "external", False) is True]
    if externals:
        writer.write_external_plans(externals)
    items = [
        dataclasses.replace(
            DocumentBatch.of(p, prepared.extracted[p.document.id]),
            source_hash=prepared.hashes.get(p.document.source),
        )
        for p in prepared.parsed
    ]
    writer.write_documents(items)
    writer.link()
    links = [d for d in prepared.derived if d not in externals]
    if links:
        writer.write_derivations(links)
    return time.perf_counter() - started


@dataclass
class Dump:
    """The graph as stored: nodes (element id, label, properties) and relationships."""

    nodes: list[tuple[str, str, dict[str, Any]]]
    rels: list[tuple[str, str, str, dict[str, Any]]]

    @property
    def elements(self) -> int:
        return len(self.nodes) + len(self.rels)


def dump(driver: neo4j.Driver, database: str) -> Dump:
    with driver.session(database=database) as session:
        nodes = [
            (r["id"], r["labels"][0], dict(r["props"]))
            for r in session.run(
                "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
            )
        ]
        rels = [
            (r["a"], r["b"], r["type"], dict(r["props"]))
            for r in session.run(
                "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, "
                "properties(r) AS props"
            )
        ]
    return Dump(nodes, rels)


def load_naive(driver: neo4j.Driver, database: str, graph: Dump, budget_s: float) -> dict[str, Any]:
    """One auto-commit MERGE per record; nodes then relationships, each for ``budget_s`` at most."""
    Neo4jWriter(driver, database).ensure_schema()  # tutorials create the key constraints too
    key_of = {eid: (label, props[KEYS[label]]) for eid, label, props in graph.nodes}

    def timed(items: Iterable[Any], write: Any) -> tuple[int, float]:
        done, started = 0, time.perf_counter()
        for item in items:
            write(item)
            done += 1
            if time.perf_counter() - started > budget_s:
                break
        return done, time.perf_counter() - started

    with driver.session(database=database) as session:

        def node(item: tuple[str, str, dict[str, Any]]) -> None:
            _, label, props = item
            session.run(
                f"MERGE (n:{label} {{{KEYS[label]}: $key}}) SET n += $props",
                key=props[KEYS[label]],
                props=props,
            ).consume()

        def rel(item: tuple[str, str, str, dict[str, Any]]) -> None:
            a, b, rel_type, props = item
            (la, ka), (lb, kb) = key_of[a], key_of[b]
            identity = ", ".join(f"{k}: $props.{k}" for k in REL_KEYS.get(rel_type, ()))
            session.run(
                f"MATCH (a:{la} {{{KEYS[la]}: $a}}) MATCH (b:{lb} {{{KEYS[lb]}: $b}}) "
                f"MERGE (a)-[r:{rel_type}{' {' + identity + '}' if identity else ''}]->(b) SET r += $props",
                a=ka,
                b=kb,
                props=props,
            ).consume()

        nodes_done, nodes_s = timed(graph.nodes, node)
        rels_done, rels_s = timed(graph.rels, rel)
    node_rate, rel_rate = nodes_done / nodes_s, rels_done / rels_s
    seconds = len(graph.nodes) / node_rate + len(graph.rels) / rel_rate
    complete = nodes_done == len(graph.nodes) and rels_done == len(graph.rels)
    return {
        "elements": graph.elements,
        "seconds": round(seconds, 2),
        "elements_per_s": round(graph.elements / seconds),
        "extrapolated": not complete,
        "sample": {
            "nodes": nodes_done,
            "nodes_s": round(nodes_s, 2),
            "relationships": rels_done,
            "relationships_s": round(rels_s, 2),
        },
    }


def load_rdflib_neo4j(driver: neo4j.Driver, database: str, rdf_file: Path, elements: int) -> dict[str, Any]:
    """rdflib-neo4j's store parsing policykg's N-Triples export into an empty database."""
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    config = Neo4jStoreConfig(handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE, batching=True)
    started = time.perf_counter()
    store = Neo4jStore(config=config, neo4j_driver=driver)
    graph = Graph(store=store)
    graph.parse(str(rdf_file), format="nt")
    graph.close(True)
    seconds = time.perf_counter() - started
    created = driver.execute_query(
        "MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r", database_=database
    ).records[0]
    return {
        "elements": elements,
        "seconds": round(seconds, 2),
        "elements_per_s": round(elements / seconds),
        "triples": sum(1 for _ in rdf_file.open(encoding="utf-8")),
        "created": {"nodes": created["n"], "relationships": created["r"]},
    }


def _csv_type(values: list[Any]) -> str:
    """The import tool's column type for a property, from the values the graph holds."""
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, list):
        inner = next((x for v in values if v for x in v), "")
        return _csv_type([inner]) + "[]"
    if isinstance(sample, bool):
        return "boolean"
    if isinstance(sample, int) and all(isinstance(v, int) for v in values if v is not None):
        return "long"
    if isinstance(sample, (int, float)):
        return "double"
    return "string"


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]], delimiter: str) -> None:
    def cell(value: Any) -> Any:
        if isinstance(value, list):
            return delimiter.join(str(x) for x in value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else value

    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([cell(v) for v in row] for row in rows)


def write_import_csvs(
    nodes: list[tuple[str, str, dict[str, Any]]],
    rels: list[tuple[str, str, str, dict[str, Any]]],
    directory: Path,
) -> list[str]:
    """One node file per label and one relationship file per type; returns the tool's file options."""
    directory.mkdir(parents=True, exist_ok=True)
    used = {str(x) for _, _, p in nodes for v in p.values() if isinstance(v, list) for x in v}
    delimiter = next(d for d in ("|", ";", "^", "~", "¦") if not any(d in x for x in used))
    options = ["--multiline-fields=true", f"--array-delimiter={delimiter}"]
    ids = {eid: str(i) for i, (eid, _, _) in enumerate(nodes)}
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for eid, label, props in nodes:
        groups[("node", label)].append((ids[eid], props))
    for a, b, rel_type, props in rels:
        groups[("rel", rel_type)].append((ids[a], ids[b], props))
    for (kind, name), items in groups.items():
        names = sorted({k for item in items for k in item[-1]})
        types = {k: _csv_type([item[-1].get(k) for item in items]) for k in names}
        columns = [f"{k}:{types[k]}" for k in names]
        path = directory / f"{kind}_{name}.csv"
        if kind == "node":
            _write_csv(
                path, [":ID", *columns], ([i, *(p.get(k) for k in names)] for i, p in items), delimiter
            )
            options.append(f"--nodes={name}={path}")
        else:
            _write_csv(
                path,
                [":START_ID", ":END_ID", *columns],
                ([a, b, *(p.get(k) for k in names)] for a, b, p in items),
                delimiter,
            )
            options.append(f"--relationships={name}={path}")
    return options


def admin_import(
    nodes: list[tuple[str, str, dict[str, Any]]],
    rels: list[tuple[str, str, str, dict[str, Any]]],
    workdir: Path,
) -> dict[str, Any]:
    """``neo4j-admin database import full`` (``org.neo4j.cli.AdminTool``, from the managed server's
    jars) into the ``neo4j`` database of a new scratch home. The clock covers the command (JVM
    start included), not the CSV writing: a user of the tool has CSVs already."""
    runtime = find_java()
    if runtime is None:
        raise SystemExit("no Java 17+: neo4j-admin cannot run")
    home = workdir / "home"
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text("server.memory.pagecache.size=256m\n", encoding="utf-8")
    options = write_import_csvs(nodes, rels, workdir / "csv")
    command = [
        str(runtime.java),
        "-Xmx1g",
        "-cp",
        str(Settings.from_env().neo4j_lib_dir / "*"),
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        *options,
        "--overwrite-destination=true",
        "neo4j",
    ]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=home, check=False)
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise SystemExit(f"neo4j-admin import failed (exit {done.returncode}): {output[-2000:]}")
    imported = re.search(r"Imported:\s*(\d+) nodes\s*(\d+) relationships\s*(\d+) properties", output)
    tool = re.search(r"IMPORT DONE in ([\dhms .]+?)\. ", output)
    return {
        "seconds": round(seconds, 2),
        "tool_reported": tool.group(1).strip() if tool else None,
        "imported": {
            "nodes": int(imported.group(1)),
            "relationships": int(imported.group(2)),
            "properties": int(imported.group(3)),
        }
        if imported
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of (a) and (d); the median is reported")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="untimed loads of (a) first: a server's first loads after start run while its "
        "JIT compiles (measured: the first load here takes up to twice as long)",
    )
    parser.add_argument(
        "--naive-budget", type=float, default=20.0, help="seconds per naive sample (nodes, rels)"
    )
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args()

    from policykg.graph.rdf import export
    from policykg.loaders.pipeline import default_paths

    paths = list(default_paths())
    prepared = prepare(paths)
    results: dict[str, Any] = {}
    driver, database, where = get_driver()
    with driver, tempfile.TemporaryDirectory(prefix="policykg-load-") as scratch:
        for _ in range(args.warmup):
            wipe(driver, database)
            load_policykg(driver, database, prepared)
        times = []
        for _ in range(args.runs):
            wipe(driver, database)
            times.append(load_policykg(driver, database, prepared))
        graph = dump(driver, database)
        seconds = statistics.median(times)
        results["policykg"] = {
            "elements": graph.elements,
            "seconds": round(seconds, 2),
            "elements_per_s": round(graph.elements / seconds),
            "runs_s": [round(t, 2) for t in times],
            "warmup_runs": args.warmup,
        }
        rdf_file = Path(scratch) / "graph.nt"
        export(driver, database, "nt", rdf_file)

        wipe(driver, database)
        results["naive"] = load_naive(driver, database, graph, args.naive_budget)

        if not args.skip_rdflib:
            wipe(driver, database)
            drop_schema(driver, database)
            try:
                results["rdflib_neo4j"] = load_rdflib_neo4j(driver, database, rdf_file, graph.elements)
            finally:
                wipe(driver, database)
                drop_schema(driver, database)

        imports = [
            admin_import(graph.nodes, graph.rels, Path(scratch) / f"import-{i}") for i in range(args.runs)
        ]
        best = sorted(imports, key=lambda r: r["seconds"])[len(imports) // 2]
        results["neo4j_admin_import"] = {
            "elements": graph.elements,
            "seconds": best["seconds"],
            "elements_per_s": round(graph.elements / best["seconds"]),
            "runs_s": [r["seconds"] for r in imports],
            **{k: v for k, v in best.items() if k != "seconds"},
        }
        # Leave the bench database as policykg writes it, for the query benchmark.
        wipe(driver, database)
        load_policykg(driver, database, prepared)

    base = results["policykg"]["elements_per_s"]
    results["ratios"] = {
        "policykg_over_naive": round(base / results["naive"]["elements_per_s"], 1),
        **(
            {"policykg_over_rdflib_neo4j": round(base / results["rdflib_neo4j"]["elements_per_s"], 1)}
            if "rdflib_neo4j" in results
            else {}
        ),
        "admin_import_over_policykg": round(results["neo4j_admin_import"]["elements_per_s"] / base, 2),
    }
    results["goals"] = {
        "policykg_over_naive": 30,
        "policykg_over_rdflib_neo4j": 10,
        "admin_import_over_policykg": 3,
    }
    results["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "neo4j": where,
    }
    results["when"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
