"""The graph as RDF: read from Neo4j, typed by the ontology, shaped by ``ontology/shapes.ttl``.

Every node becomes ``<https://policykg.org/id/{label}/{id}>`` typed with its class; its
properties become literals of the declared datatype (Chinese text as ``@zh``); its evidence a
``pkg:Evidence`` (an ``oa:TextPositionSelector``). Every edge becomes a triple with its
predicate and, because edges carry evidence and properties (role, score, method), a reified
``rdf:Statement`` holding them. ``export(driver, database, "turtle"|"jsonld"|"nt", out)``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, LiteralString
from urllib.parse import quote

import neo4j
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from policykg.errors import QueryError
from policykg.graph.schema import EVIDENCE, ID_BASE, INDICATOR, NODE_TYPES, REL_TYPES, NodeType, Property
from policykg.graph.shapes import CONTEXT_FILE, PREFIXES
from policykg.ontology.namespace import PKG

FORMATS: dict[str, str] = {
    "turtle": "turtle",
    "ttl": "turtle",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "nt": "nt",
    "ntriples": "nt",
}
_NODE_LABELS = {n.label: n for n in NODE_TYPES}
INDICATOR_SCHEME = URIRef(ID_BASE + "indicators")


def node_iri(label: str, node_id: str) -> URIRef:
    """The IRI of a node: label folder + percent-encoded id (ids hold Chinese and slashes)."""
    return URIRef(f"{ID_BASE}{label.lower()}/{quote(str(node_id), safe='')}")


def literal(prop: Property, value: Any) -> Literal:
    """A Neo4j value as the declared RDF literal."""
    if prop.lang:
        return Literal(str(value), lang=prop.lang)
    if prop.datatype == XSD.gYear:
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    if prop.datatype == XSD.date:
        return Literal(str(value), datatype=XSD.date)
    if prop.datatype == XSD.boolean:
        return Literal(bool(value), datatype=XSD.boolean)
    if prop.datatype in (XSD.integer, XSD.nonNegativeInteger):
        return Literal(int(value), datatype=prop.datatype)
    if prop.datatype == XSD.double:
        return Literal(float(value), datatype=XSD.double)
    return Literal(str(value))  # xsd:string as a plain literal (RDF 1.1: the same thing)


def _add_properties(
    graph: Graph, subject: URIRef, props: Mapping[str, Any], declared: tuple[Property, ...]
) -> None:
    evidence = [p for p in declared if p.evidence]
    for prop in declared:
        value = props.get(prop.name)
        if value is None or prop.evidence:
            continue
        for item in value if prop.many and isinstance(value, list) else [value]:
            graph.add((subject, prop.iri, literal(prop, item)))
    if evidence and props.get("source") is not None:
        selector = URIRef(f"{subject}/evidence")
        graph.add((subject, PKG.evidence, selector))
        graph.add((selector, RDF.type, PKG.Evidence))
        for prop in evidence:
            if props.get(prop.name) is not None:
                graph.add((selector, prop.iri, literal(prop, props[prop.name])))


def _q(text: str) -> LiteralString:
    # Built from schema constants only (labels, types); values travel as parameters.
    return text  # type checkers that know LiteralString: this is the vetted boundary


def _read(session: neo4j.Session, query: LiteralString) -> Iterator[neo4j.Record]:
    yield from session.run(query)


def add_node(graph: Graph, node: NodeType, props: Mapping[str, Any]) -> URIRef:
    subject = node_iri(node.label, props[node.key])
    graph.add((subject, RDF.type, node.iri))
    _add_properties(graph, subject, props, node.properties)
    if node is INDICATOR:
        graph.add((subject, SKOS.inScheme, INDICATOR_SCHEME))
    return subject


def add_edge(
    graph: Graph, rel_type: str, start: tuple[str, str], end: tuple[str, str], props: Mapping[str, Any]
) -> URIRef:
    rel = next(r for r in REL_TYPES if r.type == rel_type)
    predicate = rel.iri
    if rel.refine and props.get(rel.refine[0]) in rel.refine[1]:
        predicate = rel.refine[1][props[rel.refine[0]]]
    subject, obj = node_iri(*start), node_iri(*end)
    graph.add((subject, predicate, obj))
    identity = "|".join([str(subject), rel.type, str(obj), *(str(props.get(k)) for k in rel.key)])
    statement = URIRef(f"{ID_BASE}statement/{hashlib.sha1(identity.encode('utf-8')).hexdigest()}")
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    _add_properties(graph, statement, props, rel.properties)
    return statement


def to_rdf(driver: neo4j.Driver, database: str = "neo4j") -> Graph:
    """The whole graph, read from Neo4j, as an rdflib Graph."""
    # Only our prefixes: rdflib's default set of ~30 makes Turtle's qname lookup crawl on big graphs.
    graph = Graph(bind_namespaces="core")
    for prefix, iri in PREFIXES.items():
        if prefix != "sh":
            graph.bind(prefix, iri)
    graph.add((INDICATOR_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((INDICATOR_SCHEME, SKOS.prefLabel, Literal("指标", lang="zh")))
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for node in NODE_TYPES:
            for record in _read(session, _q(f"MATCH (n:{node.label}) RETURN properties(n) AS props")):
                add_node(graph, node, record["props"])
        for rel in REL_TYPES:
            for start, end in rel.pairs:
                query = _q(
                    f"MATCH (a:{start})-[r:{rel.type}]->(b:{end}) "
                    f"RETURN a.{_NODE_LABELS[start].key} AS a, b.{_NODE_LABELS[end].key} AS b, "
                    "properties(r) AS props"
                )
                for record in _read(session, query):
                    add_edge(graph, rel.type, (start, record["a"]), (end, record["b"]), record["props"])
    return graph


def serialize(graph: Graph, fmt: str) -> str:
    try:
        rdflib_format = FORMATS[fmt.lower()]
    except KeyError:
        raise QueryError(f"unknown RDF format {fmt!r}: use one of turtle, jsonld, nt") from None
    if rdflib_format == "json-ld":
        context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
        return graph.serialize(format="json-ld", context=context, auto_compact=True)
    return graph.serialize(format=rdflib_format)


def export(driver: neo4j.Driver, database: str, fmt: str, out: str | Path | IO[str]) -> int:
    """Write the whole graph as RDF (turtle, jsonld or nt) to a path or text stream; returns triples."""
    graph = to_rdf(driver, database)
    text = serialize(graph, fmt)
    if isinstance(out, (str, Path)):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return len(graph)


EVIDENCE_NAMES = tuple(p.name for p in EVIDENCE)
