"""No drift: every label, relationship type and property in Neo4j after ingest is declared in
graph/schema.py (and so has an ontology term), with the declared value type and end labels.

Reads the shared ``corpus_graph`` (the full corpus with extraction uses every label and
relationship type) instead of wiping and re-ingesting."""

from __future__ import annotations

import neo4j
import pytest
from rdflib.namespace import XSD

from policykg.graph import schema
from policykg.graph.schema import Property

Handle = tuple[neo4j.Driver, str]

_VALUE_TYPES = {
    XSD.string: "STRING",
    XSD.date: "STRING",
    XSD.boolean: "BOOLEAN",
    XSD.double: "FLOAT",
    XSD.integer: "INTEGER",
    XSD.nonNegativeInteger: "INTEGER",
    XSD.gYear: "INTEGER",
}


def _value_type(prop: Property) -> str:
    scalar = "STRING" if prop.lang else _VALUE_TYPES[prop.datatype]
    return f"LIST<{scalar} NOT NULL> NOT NULL" if prop.many else f"{scalar} NOT NULL"


@pytest.fixture(scope="module")
def loaded(corpus_graph: Handle) -> Handle:
    return corpus_graph


def _rows(handle: Handle, query: str) -> list[dict[str, object]]:
    driver, database = handle
    records, _, _ = driver.execute_query(query, database_=database)
    return [r.data() for r in records]


def test_every_label_and_node_property_is_declared_with_its_type(loaded: Handle) -> None:
    found = _rows(
        loaded,
        "MATCH (n) UNWIND labels(n) AS label UNWIND keys(n) AS key "
        "RETURN DISTINCT label, key, valueType(n[key]) AS type",
    )
    assert {r["label"] for r in found} == set(schema.NODES)  # every label is used, none undeclared
    for row in found:
        node = schema.NODES[str(row["label"])]
        prop = node.prop(str(row["key"]))  # KeyError = an undeclared property
        assert row["type"] == _value_type(prop), (node.label, prop.name, row["type"])


def test_every_relationship_type_property_and_end_labels_are_declared(loaded: Handle) -> None:
    found = _rows(
        loaded,
        "MATCH (a)-[r]->(b) UNWIND labels(a) AS start UNWIND labels(b) AS end "
        "RETURN DISTINCT type(r) AS type, start, end",
    )
    assert {r["type"] for r in found} == set(schema.RELS)
    for row in found:
        assert (row["start"], row["end"]) in schema.RELS[str(row["type"])].pairs, row
    props = _rows(
        loaded,
        "MATCH ()-[r]->() UNWIND keys(r) AS key "
        "RETURN DISTINCT type(r) AS type, key, valueType(r[key]) AS value_type",
    )
    for row in props:
        prop = schema.RELS[str(row["type"])].prop(str(row["key"]))
        assert row["value_type"] == _value_type(prop), row


def test_required_properties_are_present(loaded: Handle) -> None:
    driver, database = loaded
    for node in schema.NODE_TYPES:
        for prop in node.properties:
            if prop.required:
                records, _, _ = driver.execute_query(
                    f"MATCH (n:{node.label}) WHERE n.{prop.name} IS NULL RETURN count(n) AS missing",
                    database_=database,
                )
                assert records[0]["missing"] == 0, (node.label, prop.name)


def test_declared_indexes_are_online(loaded: Handle) -> None:
    rows = _rows(loaded, "SHOW INDEXES YIELD name, state, type WHERE type <> 'LOOKUP' RETURN name, state")
    names = {r["name"] for r in rows}
    assert schema.FULLTEXT_INDEX in names
    assert {f"{n.label.lower()}_{p}" for n, p in schema.INDEXES} <= names
    assert all(r["state"] == "ONLINE" for r in rows), rows
