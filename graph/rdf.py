"""The graph as RDF: read from Neo4j, typed by the ontology, shaped by ``ontology/shapes.ttl``.

Every node becomes ``<https://policykg.org/id/{label}/{id}>`` typed with its class; its
properties become literals of the declared datatype (Chinese text as ``@zh``); its evidence a
``pkg:Evidence`` (an ``oa:TextPositionSelector``). Every edge becomes a triple with its
predicate and, because edges carry evidence and properties (role, score, method), a reified
``rdf:Statement`` holding them. ``export(driver, database, "turtle"|"jsonld"|"nt", out)`` streams
:func:`triples` through the writers of :mod:`policykg.graph.rdf_writers` (rdflib's Turtle and
JSON-LD serializers take minutes to hours on the bundled graph); :func:`to_rdf` builds an rdflib
Graph of the same triples (SHACL validation, tests).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, LiteralString
from urllib.parse import quote

import neo4j
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from policykg.errors import QueryError
from policykg.graph.rdf_writers import Triple, write_jsonld, write_ntriples, write_turtle
from policykg.graph.schema import (
    AGENCY,
    EVIDENCE,
    ID_BASE,
    INDICATOR,
    NODE_TYPES,
    REGION,
    REL_TYPES,
    NodeType,
    Property,
)
from policykg.graph.shapes import CONTEXT_FILE, PREFIXES
from policykg.loaders import glossary
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
#: The prefixes of the export (the shapes' own ``sh:`` is not needed in data).
EXPORT_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "sh"}


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


def _property_triples(
    subject: URIRef, props: Mapping[str, Any], declared: tuple[Property, ...]
) -> Iterator[Triple]:
    evidence = [p for p in declared if p.evidence]
    for prop in declared:
        value = props.get(prop.name)
        if value is None or prop.evidence:
            continue
        for item in value if prop.many and isinstance(value, list) else [value]:
            yield subject, prop.iri, dict(prop.terms)[item] if prop.terms else literal(prop, item)
    if evidence and props.get("source") is not None:
        selector = URIRef(f"{subject}/evidence")
        yield subject, PKG.evidence, selector
        yield selector, RDF.type, PKG.Evidence
        for prop in evidence:
            if props.get(prop.name) is not None:
                yield selector, prop.iri, literal(prop, props[prop.name])


def _q(text: str) -> LiteralString:
    # Built from schema constants only (labels, types); values travel as parameters.
    return text  # type checkers that know LiteralString: this is the vetted boundary


def _read(session: neo4j.Session, query: LiteralString) -> Iterator[neo4j.Record]:
    yield from session.run(query)


def node_triples(node: NodeType, props: Mapping[str, Any]) -> list[Triple]:
    """A node's triples (type, properties, evidence), each once, its own triples first."""
    subject = node_iri(node.label, props[node.key])
    out = [(subject, RDF.type, node.iri), *_property_triples(subject, props, node.properties)]
    if node is INDICATOR:
        out.append((subject, SKOS.inScheme, INDICATOR_SCHEME))
    out.extend((subject, RDFS.label, label) for label in labels(node, props))
    return _unique(out)


def labels(node: NodeType, props: Mapping[str, Any]) -> list[Literal]:
    """``rdfs:label``s of an agency, region or indicator: its name ``@zh`` and, when the glossary
    (:mod:`policykg.loaders.glossary`) has or composes one, its English name ``@en``. Plans,
    clauses and targets are the documents' own text: they keep their Chinese properties only."""
    name = props.get("name")
    if not name:
        return []
    if node is AGENCY:
        english = glossary.agency_en(str(name), props.get("region_code") or props.get("region"))
    elif node is REGION:
        english = glossary.region_en(str(props.get("code") or name))
    elif node is INDICATOR:
        english = glossary.indicator_en(str(props.get("key") or name)) or glossary.indicator_en(str(name))
    else:
        return []
    found = [Literal(str(name), lang="zh")]
    if english:
        found.append(Literal(english, lang="en"))
    return found


def edge_triples(
    rel_type: str, start: tuple[str, str], end: tuple[str, str], props: Mapping[str, Any]
) -> tuple[Triple, list[Triple]]:
    """An edge's triple and its reified ``rdf:Statement`` (with the edge's properties and evidence)."""
    rel = next(r for r in REL_TYPES if r.type == rel_type)
    predicate = rel.iri
    if rel.refine and props.get(rel.refine[0]) in rel.refine[1]:
        predicate = rel.refine[1][props[rel.refine[0]]]
    subject, obj = node_iri(*start), node_iri(*end)
    identity = "|".join([str(subject), rel.type, str(obj), *(str(props.get(k)) for k in rel.key)])
    statement = URIRef(f"{ID_BASE}statement/{hashlib.sha1(identity.encode('utf-8')).hexdigest()}")
    reified = [
        (statement, RDF.type, RDF.Statement),
        (statement, RDF.subject, subject),
        (statement, RDF.predicate, predicate),
        (statement, RDF.object, obj),
        *_property_triples(statement, props, rel.properties),
    ]
    return (subject, predicate, obj), _unique(reified)


def _unique(triples: list[Triple]) -> list[Triple]:
    return list(dict.fromkeys(triples))  # a list property may repeat a value: one triple


def triples(driver: neo4j.Driver, database: str = "neo4j") -> Iterator[Triple]:
    """The whole graph as triples, read from Neo4j and yielded as they come (nothing is held but
    the edges' own triples, to write each once): a subject's triples are consecutive, except the
    edges starting at a node, which follow all nodes."""
    yield INDICATOR_SCHEME, RDF.type, SKOS.ConceptScheme
    yield INDICATOR_SCHEME, SKOS.prefLabel, Literal("指标", lang="zh")
    yield INDICATOR_SCHEME, SKOS.prefLabel, Literal("indicators", lang="en")
    edges: set[Triple] = set()
    statements: set[URIRef] = set()
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for node in NODE_TYPES:
            for record in _read(session, _q(f"MATCH (n:{node.label}) RETURN properties(n) AS props")):
                yield from node_triples(node, record["props"])
        for rel in REL_TYPES:
            for start, end in rel.pairs:
                query = _q(
                    f"MATCH (a:{start})-[r:{rel.type}]->(b:{end}) "
                    f"RETURN a.{_NODE_LABELS[start].key} AS a, b.{_NODE_LABELS[end].key} AS b, "
                    "properties(r) AS props"
                )
                for record in _read(session, query):
                    edge, reified = edge_triples(
                        rel.type, (start, record["a"]), (end, record["b"]), record["props"]
                    )
                    if edge not in edges:
                        edges.add(edge)
                        yield edge
                    statement = reified[0][0]
                    if statement in statements:  # two edges of one identity: one rdf:Statement
                        reified = reified[4:]
                    statements.add(statement)
                    yield from reified


def to_rdf(driver: neo4j.Driver, database: str = "neo4j") -> Graph:
    """The whole graph, read from Neo4j, as an rdflib Graph."""
    # Only our prefixes: rdflib's default set of ~30 makes Turtle's qname lookup crawl on big graphs.
    graph = Graph(bind_namespaces="core")
    for prefix, iri in EXPORT_PREFIXES.items():
        graph.bind(prefix, iri)
    for triple in triples(driver, database):
        graph.add(triple)
    return graph


def serialize(graph: Graph, fmt: str) -> str:
    """A graph as Turtle, JSON-LD (ontology/context.jsonld) or N-Triples text, by the streaming
    writers of :mod:`policykg.graph.rdf_writers` (the same output as :func:`export`)."""
    buffer = io.StringIO()
    _write(_format(fmt), _subject_ordered(graph), buffer)
    return buffer.getvalue()


def _subject_ordered(graph: Graph) -> Iterator[Triple]:
    """The graph's triples, subject by subject (as :func:`triples` yields them), in a fixed order."""
    for subject in sorted(set(graph.subjects()), key=str):
        for p, o in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
            yield URIRef(str(subject)), URIRef(str(p)), o


def _format(fmt: str) -> str:
    try:
        return FORMATS[fmt.lower()]
    except KeyError:
        raise QueryError(f"unknown RDF format {fmt!r}: use one of turtle, jsonld, nt") from None


def _write(rdf_format: str, stream: Iterable[Triple], out: IO[str]) -> int:
    if rdf_format == "json-ld":
        context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
        return write_jsonld(stream, out, context)
    if rdf_format == "turtle":
        return write_turtle(stream, out, EXPORT_PREFIXES)
    return write_ntriples(stream, out)


def export(driver: neo4j.Driver, database: str, fmt: str, out: str | Path | IO[str]) -> int:
    """Write the whole graph as RDF (turtle, jsonld or nt) to a path or text stream, streaming from
    Neo4j (no graph held in memory); returns the number of triples. A file is written next to its
    final name and renamed when complete, so an interrupted export leaves the previous one."""
    rdf_format = _format(fmt)
    if not isinstance(out, (str, Path)):
        return _write(rdf_format, triples(driver, database), out)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as stream:
            count = _write(rdf_format, triples(driver, database), stream)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


EVIDENCE_NAMES = tuple(p.name for p in EVIDENCE)
