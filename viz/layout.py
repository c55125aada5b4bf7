"""What a view draws and where: the cap (which nodes, how many hidden) and the layers of the
hierarchical layout. Pure networkx; :mod:`policykg.viz.page` turns the result into a page."""

from __future__ import annotations

from typing import Any

import networkx as nx

from policykg.graph import schema

ROW_NODES = 12  # hierarchical layout: nodes per row before a layer wraps onto the next row
MAX_PLACEHOLDERS = 40  # "+N more" nodes; hidden neighbours of further nodes go to one global note

#: For the hierarchical layout: edge types whose END node is drawn above the start (the more
#: general thing: the plan over its clause, the national clause over the local one). The others
#: put their start above (plan → its clauses, region, issuer; target → its indicator).
END_ABOVE: frozenset[str] = frozenset(
    r.type
    for r in (
        schema.PART_OF,
        schema.DERIVES_FROM,
        schema.QUANTIFIES,
        schema.STATED_IN,
        schema.LOCATED_IN,
        schema.SUB_ORGANIZATION_OF,
        schema.CITES,
        schema.RESPONSIBLE_FOR,
        schema.BEARS,
    )
)


# ---------------------------------------------------------------- the cap


def select(
    graph: nx.MultiDiGraph, cap: int, focus: list[Any]
) -> tuple[list[Any], list[tuple[Any, int]], int]:
    """Which nodes to draw: (kept, [(anchor or None, hidden count)], hidden total).

    Kept = the ``cap`` nodes nearest the focus (breadth first, ties by degree), so a view keeps its
    centre and cuts at the rim; each hidden node is counted on its nearest kept neighbour, which
    gets a "+N more" placeholder.
    """
    nodes = list(graph.nodes)
    if len(nodes) <= cap:
        return nodes, [], 0
    undirected = graph.to_undirected(as_view=True)
    distance: dict[Any, int] = {}
    for seed in focus:
        for node, hops in nx.single_source_shortest_path_length(undirected, seed).items():
            distance[node] = min(hops, distance.get(node, hops))
    far = len(nodes) + 1
    order = sorted(nodes, key=lambda n: (distance.get(n, far), -graph.degree(n), str(n)))
    kept = order[: max(cap, 1)]
    kept_set = set(kept)
    counts: dict[Any, int] = {}
    unattached = 0
    for node in order[len(kept) :]:
        anchors = [m for m in undirected.neighbors(node) if m in kept_set]
        if anchors:
            anchor = min(anchors, key=lambda m: (distance.get(m, far), str(m)))
            counts[anchor] = counts.get(anchor, 0) + 1
        else:
            unattached += 1
    # a "+1 more" on every rim node is clutter: singles and the long tail go to one global note
    ranked = sorted(((a, c) for a, c in counts.items() if c > 1), key=lambda item: (-item[1], str(item[0])))
    placeholders: list[tuple[Any, int]] = list(ranked[:MAX_PLACEHOLDERS])
    unattached += sum(counts.values()) - sum(count for _, count in placeholders)
    if unattached:
        placeholders.append((None, unattached))
    return kept, placeholders, len(nodes) - len(kept)


def levels(graph: nx.MultiDiGraph, end_above: frozenset[str] = END_ABOVE) -> dict[Any, int]:
    """Layer numbers for the hierarchical layout: general things (national plans) on top.

    Edges are oriented upper → lower (see END_ABOVE; a view may tell another story); cycles (a plan citing one that cites it)
    are broken by dropping the edges that close them, then each node sits one below its lowest parent.
    """
    oriented = nx.DiGraph()
    oriented.add_nodes_from(graph.nodes)
    for start, end, data in graph.edges(data=True):
        upper, lower = (end, start) if data.get("type") in end_above else (start, end)
        if upper == lower:
            continue
        oriented.add_edge(upper, lower)
        if not nx.is_directed_acyclic_graph(oriented):
            oriented.remove_edge(upper, lower)
    level: dict[Any, int] = {}
    for node in nx.topological_sort(oriented):
        parents = [level[p] for p in oriented.predecessors(node)]
        level[node] = max(parents) + 1 if parents else 0
    return _wrap_rows(oriented, level)


def _wrap_rows(oriented: nx.DiGraph, level: dict[Any, int]) -> dict[Any, int]:
    """Break a layer wider than ROW_NODES into several rows.

    A national plan has a hundred implementing plans: one row of a hundred nodes is a strip too
    wide to read once fitted to the screen. Nodes are ordered by their parents' positions, so
    siblings stay together, then cut into rows.
    """
    rows: dict[Any, int] = {}
    position: dict[Any, int] = {}
    row = 0
    for layer in sorted(set(level.values())):
        members = sorted(
            (n for n in level if level[n] == layer),
            key=lambda n: (
                min((position[p] for p in oriented.predecessors(n) if p in position), default=0),
                str(n),
            ),
        )
        for index, node in enumerate(members):
            rows[node] = row + index // ROW_NODES
            position[node] = index
        row += -(-len(members) // ROW_NODES)
    return rows
