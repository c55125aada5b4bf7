"""The streaming RDF writers (no database): every format parses back with rdflib to the same triples,
N-Triples character for character as rdflib writes it, awkward literals and IRIs included."""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from policykg.graph.rdf import EXPORT_PREFIXES, node_iri, serialize
from policykg.graph.rdf_writers import Triple, write_jsonld, write_ntriples, write_turtle
from policykg.graph.shapes import context
from policykg.ontology.namespace import PKG

CLAUSE = node_iri("Clause", "004_ce321d0be690c707/二（一）1")
TARGET = node_iri("Target", "004_ce321d0be690c707/二（一）1/target/0")
STATEMENT = URIRef("https://policykg.org/id/statement/0a1b2c")
EVIDENCE = URIRef(f"{STATEMENT}/evidence")  # the IRI shape rdflib's Turtle made a namespace of

TRIPLES: list[Triple] = [
    (CLAUSE, RDF.type, PKG.Clause),
    (CLAUSE, PKG.text, Literal('第一行\n第二行 "引号" \\ 反斜杠\r', lang="zh")),
    (CLAUSE, PKG.path, Literal("二（一）1")),
    (CLAUSE, PKG.depth, Literal(2, datatype=XSD.nonNegativeInteger)),
    (TARGET, RDF.type, PKG.Target),
    (TARGET, PKG.targetYear, Literal("2025", datatype=XSD.gYear)),
    (TARGET, PKG.value, Literal(600.0, datatype=XSD.double)),
    (TARGET, PKG.metric, Literal("可再生能源装机容量", lang="zh")),
    (TARGET, PKG.metric, Literal("plain, not @zh")),  # a plain string under a term coerced to @zh
    (TARGET, PKG.unit, Literal("万千瓦", lang="zh")),  # @zh under a term with no coercion
    (TARGET, PKG.quantifies, CLAUSE),
    (STATEMENT, RDF.type, RDF.Statement),
    (STATEMENT, RDF.subject, TARGET),
    (STATEMENT, RDF.predicate, PKG.quantifies),
    (STATEMENT, RDF.object, CLAUSE),
    (STATEMENT, PKG.evidence, EVIDENCE),
    (EVIDENCE, RDF.type, PKG.Evidence),
    (EVIDENCE, PKG.draft, Literal(True, datatype=XSD.boolean)),
    (EVIDENCE, PKG.source, Literal("004_ce321d0be690c707.txt")),
    (EVIDENCE, SKOS.prefLabel, Literal("指标", lang="zh")),
    (CLAUSE, PKG.heading, Literal("大力发展新能源", lang="zh")),  # the clause again, later in the stream
]


def _expected() -> Graph:
    graph = Graph()
    for triple in TRIPLES:
        graph.add(triple)
    return graph


@pytest.mark.parametrize(
    ("writer", "parse_as"),
    [
        (lambda out: write_ntriples(TRIPLES, out), "nt"),
        (lambda out: write_turtle(TRIPLES, out, EXPORT_PREFIXES), "turtle"),
        (lambda out: write_jsonld(TRIPLES, out, context()["@context"]), "json-ld"),
    ],
    ids=["nt", "turtle", "jsonld"],
)
def test_each_format_parses_back_to_the_same_triples(writer: object, parse_as: str) -> None:
    out = io.StringIO()
    assert writer(out) == len(TRIPLES)  # type: ignore[operator]
    parsed = Graph().parse(data=out.getvalue(), format=parse_as)
    assert len(parsed) == len(TRIPLES)
    assert set(parsed) == set(TRIPLES)


def test_ntriples_is_what_rdflib_writes() -> None:
    out = io.StringIO()
    write_ntriples(TRIPLES, out)
    ours = sorted(out.getvalue().splitlines())
    theirs = sorted(line for line in _expected().serialize(format="nt").splitlines() if line)
    assert ours == theirs


def test_turtle_uses_prefixes_only_where_they_fit() -> None:
    out = io.StringIO()
    write_turtle(TRIPLES, out, EXPORT_PREFIXES)
    text = out.getvalue()
    assert "@prefix ns1:" not in text  # no namespace made up per evidence IRI
    assert f"<{EVIDENCE}>" in text and 'pkg:targetYear "2025"^^xsd:gYear' in text
    assert f"<{CLAUSE}>" in text and quote("二（一）1", safe="") in text


def test_jsonld_compacts_by_the_context_terms() -> None:
    out = io.StringIO()
    write_jsonld(TRIPLES, out, context()["@context"])
    document = json.loads(out.getvalue())
    target = next(n for n in document["@graph"] if n["@id"] == str(TARGET))
    assert target["@type"] == "Target" and target["targetYear"] == "2025"
    assert target["quantifies"] == str(CLAUSE)  # coerced to @id
    assert target["metric"] == ["可再生能源装机容量", {"@value": "plain, not @zh"}]
    assert target["unit"] == {"@value": "万千瓦", "@language": "zh"}


def test_serialize_of_a_graph_goes_through_the_same_writers() -> None:
    graph = _expected()
    for fmt, parse_as in (("turtle", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        assert isomorphic(Graph().parse(data=serialize(graph, fmt), format=parse_as), graph), fmt
