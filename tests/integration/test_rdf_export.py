"""The RDF export of the full corpus (parsed, extracted, derived) conforms to ontology/shapes.ttl.

Reads the shared ``corpus_graph`` (the bundled corpus ingested once per module that needs it,
reused when it is already loaded) instead of wiping and re-ingesting; assertions name values
from the real Qingdao pilot plan (``004_…``).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import neo4j
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from policykg.errors import QueryError
from policykg.graph.rdf import export, node_iri, serialize, to_rdf
from policykg.graph.validation import validate_export
from policykg.loaders.pipeline import default_paths
from policykg.ontology.namespace import PKG

Handle = tuple[neo4j.Driver, str]
#: The Qingdao pilot plan: one document per file, so its plan id is the file's stem.
QD = next(path.stem for path in default_paths() if path.name.startswith("004_"))
QD_SOURCE = f"{QD}.txt"


@pytest.fixture(scope="module")
def exported(corpus_graph: Handle) -> Graph:
    return to_rdf(*corpus_graph)


def test_export_conforms_to_the_shapes(exported: Graph) -> None:
    conforms, report = validate_export(exported)
    assert conforms, report[:4000]


def test_typed_literals_and_evidence(exported: Graph) -> None:
    # 到2025年，全市可再生能源装机容量达到600万千瓦 (task 二（一）1 of the Qingdao plan)
    target = node_iri("Target", f"{QD}/二（一）1/target/0")
    assert (target, RDF.type, PKG.Target) in exported
    assert (target, PKG.targetYear, Literal("2025", datatype=XSD.gYear)) in exported
    assert (target, PKG.metric, Literal("可再生能源装机容量", lang="zh")) in exported
    evidence = exported.value(target, PKG.evidence)
    assert exported.value(evidence, PKG.start) == Literal(689, datatype=XSD.nonNegativeInteger)
    assert str(exported.value(evidence, PKG.source)) == QD_SOURCE


def test_citation_becomes_based_on_with_a_reified_statement(exported: Graph) -> None:
    plan = node_iri("Plan", QD)
    # 根据《2030年前碳达峰行动方案》（inside the compilation）and 《国家碳达峰试点建设方案》(not in the corpus).
    bases = set(exported.objects(plan, PKG.basedOn))
    assert len(bases) == 2
    external = {b for b in bases if exported.value(b, PKG.external) == Literal(True)}
    assert external == {node_iri("Plan", "ext:发改环资〔2023〕1409号")}
    (basis,) = bases - external
    assert "2030年前碳达峰行动方案" in str(exported.value(basis, PKG.title))
    assert str(basis).startswith(str(node_iri("Plan", "003_")))  # a plan of the compilation
    statements = [
        s
        for s in exported.subjects(RDF.subject, plan)
        if exported.value(s, RDF.predicate) == PKG.basedOn and exported.value(s, RDF.object) == basis
    ]
    assert len(statements) == 1
    assert exported.value(statements[0], PKG.relation) == Literal("based_on")
    assert exported.value(exported.value(statements[0], PKG.evidence), PKG.start) == Literal(
        130, datatype=XSD.nonNegativeInteger
    )


def test_formats_round_trip(corpus_graph: Handle, exported: Graph, tmp_path: Path) -> None:
    """Every format of the whole corpus, streamed from Neo4j, counts the triples of the graph; the
    N-Triples parse back to exactly that graph, Turtle and JSON-LD of the Qingdao plan (a few
    thousand triples) to exactly its part. (Parsing the whole Turtle and JSON-LD back takes rdflib
    minutes: bench/bench_cli.py does it and records the result.)"""
    out = {fmt: tmp_path / f"graph.{fmt}" for fmt in ("nt", "turtle", "jsonld")}
    counts = {fmt: export(*corpus_graph, fmt, path) for fmt, path in out.items()}
    assert counts == dict.fromkeys(out, len(exported))
    assert set(Graph().parse(out["nt"], format="nt")) == set(exported)
    assert json.loads(out["jsonld"].read_text(encoding="utf-8"))["@context"]["pkg"] == str(PKG._NS)
    part = quote(QD, safe="")
    sample = Graph()
    for triple in exported:
        if any(part in str(term) for term in triple):
            sample.add(triple)
    assert len(sample) > 2000
    for fmt, parse_as in (("turtle", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        parsed = Graph().parse(data=serialize(sample, fmt), format=parse_as)
        assert len(parsed) == len(sample) and isomorphic(parsed, sample), fmt
    assert '"@context"' in serialize(sample, "jsonld")[:200]
    with pytest.raises(QueryError, match="turtle, jsonld, nt"):
        serialize(sample, "xml")
