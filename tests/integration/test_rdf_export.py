"""The RDF export of the loaded corpus conforms to ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

import io

import neo4j
import pytest
from graph_records import QD, load_corpus
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from policykg.errors import QueryError
from policykg.graph.rdf import export, node_iri, serialize, to_rdf
from policykg.graph.shapes import SHAPES_FILE
from policykg.ontology.namespace import PKG

Handle = tuple[neo4j.Driver, str]


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
    national = node_iri("Plan", "nat")
    assert (plan, PKG.basedOn, national) in exported
    statements = list(exported.subjects(RDF.subject, plan))
    based_on = [s for s in statements if exported.value(s, RDF.predicate) == PKG.basedOn
                and exported.value(s, RDF.object) == national]
    assert len(based_on) == 1
    assert exported.value(based_on[0], PKG.relation) == Literal("based_on")


def test_formats_round_trip(clean_graph: Handle, exported: Graph) -> None:
    for fmt, parse_as in (("nt", "nt"), ("turtle", "turtle"), ("jsonld", "json-ld")):
        buffer = io.StringIO()
        triples = export(*clean_graph, fmt, buffer)
        assert triples == len(exported)
        assert len(Graph().parse(data=buffer.getvalue(), format=parse_as)) == triples, fmt
    assert '"@context"' in serialize(exported, "jsonld")[:200]
    with pytest.raises(QueryError, match="turtle, jsonld, nt"):
        serialize(exported, "xml")
