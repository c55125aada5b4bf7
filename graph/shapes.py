"""SHACL shapes and the JSON-LD context, generated from :mod:`policykg.graph.schema`.

The committed ``ontology/shapes.ttl`` and ``ontology/context.jsonld`` are this module's
output; a unit test regenerates them and fails when they drift. Regenerate with::

    python -m policykg.graph.shapes
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD
from rdflib.namespace import Namespace as _NS

from policykg.graph.schema import (
    EVIDENCE,
    ID_BASE,
    NODE_TYPES,
    NODES,
    REL_TYPES,
    NodeType,
    Property,
    markdown_table,
)
from policykg.ontology.namespace import ELI, LRMLMM, OA, PKG

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
SHAPES = Namespace(str(PKG._NS).rstrip("#") + "/shapes#")
ORG = _NS("http://www.w3.org/ns/org#")

#: Prefixes shared by the shapes, the export and the JSON-LD context.
PREFIXES: dict[str, str] = {
    "pkg": str(PKG._NS),
    "id": ID_BASE,
    "eli": str(ELI._NS),
    "oa": str(OA._NS),
    "lrmlmm": str(LRMLMM._NS),
    "prov": str(PROV),
    "org": str(ORG),
    "skos": str(SKOS),
    "schema": str(SDO),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
}


def _property_shape(graph: Graph, shape: URIRef, prop: Property, path: URIRef) -> None:
    node = BNode()
    graph.add((shape, SH.property, node))
    graph.add((node, SH.path, path))
    graph.add((node, SH.name, Literal(prop.name)))
    if prop.terms:  # the value is an ontology term (pkg:deontic → lrmlmm:Obligation …)
        graph.add((node, SH.nodeKind, SH.IRI))
    else:
        graph.add((node, SH.datatype, RDF.langString if prop.lang else prop.datatype))
    if prop.required:
        graph.add((node, SH.minCount, Literal(1)))
    if not prop.many:
        graph.add((node, SH.maxCount, Literal(1)))
    if prop.values:
        items = BNode()
        Collection(graph, items, [iri for _, iri in prop.terms] or [Literal(v) for v in prop.values])
        graph.add((node, SH["in"], items))


def _edge_shape(
    graph: Graph, shape: URIRef, path: Any, cls: URIRef | None, bounds: tuple[int, int | None]
) -> None:
    node = BNode()
    graph.add((shape, SH.property, node))
    graph.add((node, SH.path, path))
    if cls is not None:
        graph.add((node, SH["class"], cls))
    graph.add((node, SH.nodeKind, SH.IRI))
    low, high = bounds
    if low:
        graph.add((node, SH.minCount, Literal(low)))
    if high is not None:
        graph.add((node, SH.maxCount, Literal(high)))


def _node_shape(graph: Graph, node: NodeType) -> None:
    shape = SHAPES[node.label + "Shape"]
    graph.add((shape, RDF.type, SH.NodeShape))
    graph.add((shape, SH.targetClass, node.iri))
    graph.add((shape, SH.nodeKind, SH.IRI))
    for prop in node.properties:
        if not prop.evidence:
            _property_shape(graph, shape, prop, prop.iri)
    _edge_shape(graph, shape, PKG.evidence, PKG.Evidence, (1, 1))
    for rel in REL_TYPES:
        for start, end in rel.pairs:
            # An edge type with several start labels bounds each start label separately.
            if start == node.label:
                for iri in rel.iris():
                    bounds = rel.per_start if len(rel.iris()) == 1 else (0, None)
                    _edge_shape(graph, shape, iri, NODES[end].iri, bounds)
            if end == node.label and rel.per_end != (0, None):
                inverse = BNode()
                graph.add((inverse, SH.inversePath, rel.iri))
                # Any start class: the forward shapes already check the start label.
                _edge_shape(graph, shape, inverse, None, rel.per_end)


def shapes_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.bind("pkgsh", str(SHAPES))
    for node in NODE_TYPES:
        _node_shape(graph, node)

    evidence = SHAPES.EvidenceShape
    graph.add((evidence, RDF.type, SH.NodeShape))
    graph.add((evidence, SH.targetClass, PKG.Evidence))
    for prop in EVIDENCE:
        _property_shape(graph, evidence, prop, prop.iri)

    # Edges with properties are reified as rdf:Statement: evidence required, typed properties.
    statement = SHAPES.StatementShape
    graph.add((statement, RDF.type, SH.NodeShape))
    graph.add((statement, SH.targetClass, RDF.Statement))
    for path in (RDF.subject, RDF.object):
        _edge_shape(graph, statement, path, None, (1, 1))
    predicates = BNode()
    Collection(graph, predicates, [iri for rel in REL_TYPES for iri in rel.iris()])
    predicate_shape = BNode()
    graph.add((statement, SH.property, predicate_shape))
    graph.add((predicate_shape, SH.path, RDF.predicate))
    graph.add((predicate_shape, SH.minCount, Literal(1)))
    graph.add((predicate_shape, SH.maxCount, Literal(1)))
    graph.add((predicate_shape, SH["in"], predicates))
    _edge_shape(graph, statement, PKG.evidence, PKG.Evidence, (1, 1))
    seen: set[URIRef] = set()
    for rel in REL_TYPES:
        for prop in rel.properties:
            if not prop.evidence and prop.iri not in seen:
                seen.add(prop.iri)
                _property_shape(
                    graph,
                    statement,
                    Property(prop.name, prop.iri, prop.datatype, lang=prop.lang, values=prop.values),
                    prop.iri,
                )
    return graph


def _local(iri: URIRef) -> str:
    return str(iri).removeprefix(str(PKG._NS))


def context() -> dict[str, Any]:
    """The JSON-LD context: prefixes, one term per class, relationship and attribute."""
    terms: dict[str, Any] = {k: v for k, v in PREFIXES.items() if k != "sh"}
    for node in NODE_TYPES:
        terms[node.label] = f"pkg:{_local(node.iri)}"
        for prop in node.properties:
            terms[_local(prop.iri)] = _term(prop)
    for rel in REL_TYPES:
        for iri in rel.iris():
            terms[_local(iri)] = {"@id": f"pkg:{_local(iri)}", "@type": "@id"}
        for prop in rel.properties:
            terms[_local(prop.iri)] = _term(prop)
    terms["Evidence"] = "pkg:Evidence"
    terms["evidence"] = {"@id": "pkg:evidence", "@type": "@id"}
    return {"@context": dict(sorted(terms.items()))}


def _term(prop: Property) -> dict[str, str]:
    if prop.terms:
        return {"@id": f"pkg:{_local(prop.iri)}", "@type": "@id"}
    if prop.lang:
        return {"@id": f"pkg:{_local(prop.iri)}", "@language": prop.lang}
    if prop.datatype == XSD.string:  # exported as plain literals: no coercion, or they would not compact
        return {"@id": f"pkg:{_local(prop.iri)}"}
    return {"@id": f"pkg:{_local(prop.iri)}", "@type": "xsd:" + str(prop.datatype).removeprefix(str(XSD))}


def render_shapes() -> str:
    header = (
        "# SHACL shapes of the policykg graph export. GENERATED from graph/schema.py by\n"
        "# `python -m policykg.graph.shapes`; do not edit by hand.\n"
    )
    return header + shapes_graph().serialize(format="turtle")


def render_context() -> str:
    return json.dumps(context(), ensure_ascii=False, indent=2) + "\n"


#: The README of a checkout (absent in an installed package): its schema table is generated too.
README = Path(__file__).resolve().parent.parent / "README.md"
TABLE_BEGIN, TABLE_END = "<!-- schema-table:start -->", "<!-- schema-table:end -->"


def render_readme(text: str) -> str:
    """``text`` (the README) with the schema table between its markers regenerated."""
    start, end = text.index(TABLE_BEGIN) + len(TABLE_BEGIN), text.index(TABLE_END)
    return text[:start] + "\n" + markdown_table() + text[end:]


def main() -> None:
    """Regenerate what graph/schema.py implies: the SHACL shapes, the JSON-LD context and, in a
    checkout, the README's schema table (run ``python -m policykg.ontology.generate_namespace``
    first when the ontology gained a term)."""
    SHAPES_FILE.write_text(render_shapes(), encoding="utf-8")
    CONTEXT_FILE.write_text(render_context(), encoding="utf-8")
    written = [SHAPES_FILE, CONTEXT_FILE]
    if README.is_file():
        README.write_text(render_readme(README.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(README)
    print("wrote " + ", ".join(map(str, written)))


if __name__ == "__main__":
    main()
