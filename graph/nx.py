"""Any query result or subgraph as a networkx ``MultiDiGraph`` (the viz stage builds on it).

``to_networkx`` accepts a neo4j ``Result``, an ``EagerResult``, a list of ``Record`` s, a
``Graph`` (``result.graph()``), or loose nodes, relationships and paths. Nodes are keyed by
their ``id`` property (our stable ids; the element id when a node has none) with attributes
``label`` (the schema label), ``labels`` and ``props``; edges are keyed by element id with
``type`` and ``props``. Values nested in lists and maps inside records are found too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import neo4j
import networkx as nx
from neo4j.graph import Graph, Node, Path, Relationship

from policykg.graph.schema import NODES


def _node_key(node: Node) -> str:
    return str(node.get("id", node.element_id))


def _label(node: Node) -> str | None:
    """The schema label of a node (a node could carry extra labels; the schema one wins)."""
    labels = sorted(node.labels)
    return next((label for label in labels if label in NODES), labels[0] if labels else None)


def _add_node(graph: nx.MultiDiGraph, node: Node) -> str:
    key = _node_key(node)
    if key not in graph:
        graph.add_node(
            key, label=_label(node), labels=sorted(node.labels), props=dict(node), element_id=node.element_id
        )
    return key


def _add_relationship(graph: nx.MultiDiGraph, rel: Relationship) -> None:
    if rel.start_node is None or rel.end_node is None:
        return
    start = _add_node(graph, rel.start_node)
    end = _add_node(graph, rel.end_node)
    if not graph.has_edge(start, end, key=rel.element_id):
        graph.add_edge(start, end, key=rel.element_id, type=rel.type, props=dict(rel))


def _walk(graph: nx.MultiDiGraph, value: Any) -> None:
    if isinstance(value, Node):
        _add_node(graph, value)
    elif isinstance(value, Relationship):
        _add_relationship(graph, value)
    elif isinstance(value, (Path, Graph)):
        for node in value.nodes:
            _add_node(graph, node)
        for rel in value.relationships:
            _add_relationship(graph, rel)
    elif isinstance(value, (neo4j.Record, Mapping)):
        for item in value.values():
            _walk(graph, item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _walk(graph, item)


def to_networkx(
    result_or_records: neo4j.Result | neo4j.EagerResult | Graph | Iterable[Any],
) -> nx.MultiDiGraph:
    """A MultiDiGraph of every node, relationship and path in a query result or subgraph."""
    graph = nx.MultiDiGraph()
    if isinstance(result_or_records, neo4j.Result):
        _walk(graph, result_or_records.graph())
        return graph
    if isinstance(result_or_records, neo4j.EagerResult):
        result_or_records = result_or_records.records
    _walk(graph, result_or_records if isinstance(result_or_records, Graph) else list(result_or_records))
    return graph
