"""The RDF export of the loaded corpus conforms to ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from graph_records import QD, load_corpus
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from policykg.errors import QueryError
from policykg.graph.rdf import export, node_iri, serialize, to_rdf
from policykg.graph.shapes import SHAPES_FILE
from policykg.ontology.namespace import PKG

Handle = tuple[neo4j.Driver, str]
QD_SOURCE_IRI_PART = "/qd"  # the synthetic Qingdao plan, its clauses and targets


@pytest.fixture(scope="module")
def exported(clean_graph: Handle) -> Graph:
    load_corpus(*clean_graph)
    return to_rdf(*clean_graph)


def test_export_conforms_to_the_shapes(exported: Graph) -> None:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, _, report = validate(exported, shacl_graph=shapes)
    assert conforms, report[:4000]


def test_typed_literals_and_evidence(exported: Graph) -> None:
    target = node_iri("Target", "qd/三（一）/target/0")
    assert (target, RDF.type, PKG.Target) in exported
    assert (target, PKG.targetYear, Literal("2025", datatype=XSD.gYear)) in exported
    assert (target, PKG.metric, Literal("可再生能源装机容量", lang="zh")) in exported
    evidence = exported.value(target, PKG.evidence)
    assert exported.value(evidence, PKG.start) == Literal(130, datatype=XSD.nonNegativeInteger)
    assert str(exported.value(evidence, PKG.source)) == "004_qingdao.txt"


def test_citation_becomes_based_on_with_a_reified_statement(exported: Graph) -> None:
    plan = node_iri("Plan", QD)
    # The national 2030 plan is in the corpus (inside the compilation) as well as among the synthetic
    # plans: the citation resolves to one of them; the pilot-scheme basis stays external.
    bases = set(exported.objects(plan, PKG.basedOn))
    assert len(bases) == 2
    external = {b for b in bases if exported.value(b, PKG.external) == Literal(True)}
    assert external == {node_iri("Plan", "ext:发改环资〔2023〕1409号")}
    (basis,) = bases - external
    assert "2030年前碳达峰行动方案" in str(exported.value(basis, PKG.title))
    statements = [s for s in exported.subjects(RDF.subject, plan)
                  if exported.value(s, RDF.predicate) == PKG.basedOn and exported.value(s, RDF.object) == basis]
    assert len(statements) == 1
    assert exported.value(statements[0], PKG.relation) == Literal("based_on")
    assert exported.value(exported.value(statements[0], PKG.evidence), PKG.start) is not None


def test_formats_round_trip(clean_graph: Handle, exported: Graph, tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    assert export(*clean_graph, "nt", out) == len(exported)
    assert len(Graph().parse(out, format="nt")) == len(exported)
    # Turtle and JSON-LD (with ontology/context.jsonld) on the synthetic plan's triples: rdflib's
    # JSON-LD is too slow for the whole corpus in a test.
    sample = Graph()
    for triple in exported:
        if any(QD_SOURCE_IRI_PART in str(term) for term in triple):
            sample.add(triple)
    assert len(sample) > 50
    for fmt, parse_as in (("turtle", "turtle"), ("jsonld", "json-ld")):
        text = serialize(sample, fmt)
        assert isomorphic(Graph().parse(data=text, format=parse_as), sample), fmt
    assert '"@context"' in serialize(sample, "jsonld")[:200]
    with pytest.raises(QueryError, match="turtle, jsonld, nt"):
        serialize(sample, "xml")
