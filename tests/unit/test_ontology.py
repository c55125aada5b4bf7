"""graph/schema.py and ontology/policykg.ttl agree; the generated files are up to date."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace

from policykg.graph import schema
from policykg.graph.shapes import CONTEXT_FILE, SHAPES_FILE, render_context, shapes_graph
from policykg.ontology.generate_namespace import OUT as NAMESPACE_FILE
from policykg.ontology.generate_namespace import TTL, render
from policykg.ontology.namespace import ELI, LRMLMM, OA, PKG

ORG = Namespace("http://www.w3.org/ns/org#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(TTL, format="turtle")


def _pkg_terms(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {
        s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(PKG._NS))
    }


def test_every_label_is_a_class(ontology: Graph) -> None:
    declared = _pkg_terms(ontology, OWL.Class)
    assert {n.iri for n in schema.NODE_TYPES} <= declared
    # The only class without a label is the evidence selector (a node's and an edge's span).
    assert declared - {n.iri for n in schema.NODE_TYPES} == {PKG.Evidence}


def test_every_relationship_type_is_an_object_property(ontology: Graph) -> None:
    declared = _pkg_terms(ontology, OWL.ObjectProperty)
    used = {iri for r in schema.REL_TYPES for iri in r.iris()}
    assert used <= declared
    # besides the evidence link, the properties whose values are ontology terms (pkg:deontic)
    term_valued = {p.iri for n in schema.NODE_TYPES for p in n.properties if p.terms}
    assert term_valued == {PKG.deontic}
    assert declared - used == {PKG.evidence, *term_valued}


def test_every_property_is_a_datatype_property_with_the_same_range(ontology: Graph) -> None:
    declared = _pkg_terms(ontology, OWL.DatatypeProperty)
    props = [p for n in schema.NODE_TYPES for p in n.properties if not p.terms] + [
        p for r in schema.REL_TYPES for p in r.properties
    ]
    assert {p.iri for p in props} == declared
    for prop in props:
        ranges = set(ontology.objects(prop.iri, RDFS.range))
        if prop.lang:
            assert ranges == set(), f"{prop.name}: text in a language has no xsd range"
        else:
            assert ranges == {prop.datatype}, (
                f"{prop.name} ({prop.iri}): ttl {ranges} vs schema {prop.datatype}"
            )


def test_alignment_to_established_vocabularies(ontology: Graph) -> None:
    expected_classes = {
        PKG.Plan: ELI.LegalResource,
        PKG.Clause: ELI.LegalResourceSubdivision,
        PKG.Agency: ORG.Organization,
        PKG.Indicator: SKOS.Concept,
        PKG.Target: SDO.QuantitativeValue,
        PKG.Evidence: OA.TextPositionSelector,
        PKG.Region: DCTERMS.Location,
        PKG.Obligation: PROV.Entity,
    }
    for cls, parent in expected_classes.items():
        assert (cls, RDFS.subClassOf, parent) in ontology, cls
    expected_properties = {
        PKG.partOf: ELI.is_part_of,
        PKG.basedOn: ELI.based_on,
        PKG.cites: ELI.cites,
        PKG.issuedBy: ELI.passed_by,
        PKG.date: ELI.date_document,
        PKG.appliesTo: ELI.jurisdiction,
        PKG.derivesFrom: PROV.wasDerivedFrom,
        PKG.subOrganizationOf: ORG.subOrganizationOf,
        PKG.start: OA.start,
        PKG.end: OA.end,
        PKG.value: SDO.value,
        PKG.name: SKOS.prefLabel,
        PKG.source: DCTERMS.source,
    }
    for prop, parent in expected_properties.items():
        assert (prop, RDFS.subPropertyOf, parent) in ontology, prop
    assert (PKG.targetYear, RDFS.range, XSD.gYear) in ontology


def test_labels_in_chinese_and_english(ontology: Graph) -> None:
    terms = set().union(
        *(_pkg_terms(ontology, k) for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty))
    )
    for term in terms:
        languages = {getattr(label, "language", None) for label in ontology.objects(term, RDFS.label)}
        assert {"en", "zh"} <= languages, term
    assert (PKG.Indicator, RDFS.label, None) in ontology
    assert any(str(label) == "指标" for label in ontology.objects(PKG.Indicator, RDFS.label))


def test_namespace_module_is_generated_from_the_ttl(ontology: Graph) -> None:
    assert NAMESPACE_FILE.read_text(encoding="utf-8") == render(ontology), (
        "run: python -m policykg.ontology.generate_namespace"
    )


def test_defined_namespace_fails_on_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        _ = PKG.Plann


def test_shapes_and_context_are_generated_from_the_schema() -> None:
    committed = Graph().parse(SHAPES_FILE, format="turtle")
    assert isomorphic(committed, shapes_graph()), "run: python -m policykg.graph.shapes"
    assert json.loads(CONTEXT_FILE.read_text(encoding="utf-8")) == json.loads(render_context())


def test_every_class_has_a_shape() -> None:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    targets = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    assert {n.iri for n in schema.NODE_TYPES} | {PKG.Evidence, RDF.Statement} == targets


def test_chinese_names_are_declared_once_in_the_schema_and_the_ontology_agrees(ontology: Graph) -> None:
    """graph/schema.py declares each label's and type's Chinese name; the ontology's rdfs:label @zh
    is the same, and viz's legend reads the schema (Plan was 规划 there, 政策文件 here)."""
    from policykg.viz.page import name_zh

    for element in (*schema.NODE_TYPES, *schema.REL_TYPES):
        labels = {str(label) for label in ontology.objects(element.iri, RDFS.label) if label.language == "zh"}
        assert element.name_zh and labels == {element.name_zh}, (element, labels)
    assert name_zh(schema.PLAN.label) == "政策文件" and name_zh("Unknown") == "其他"


def test_deontic_terms_are_legalruleml_or_our_documented_encouragement(ontology: Graph) -> None:
    terms = dict(schema.OBLIGATION.prop("deontic").terms)
    assert terms == {
        "obligation": LRMLMM.Obligation,
        "prohibition": LRMLMM.Prohibition,
        "encouragement": PKG.Encouragement,
    }
    assert (PKG.Encouragement, RDF.type, OWL.NamedIndividual) in ontology
    assert any("LegalRuleML" in str(c) for c in ontology.objects(PKG.Encouragement, RDFS.comment))
