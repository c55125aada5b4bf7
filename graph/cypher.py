"""The writer's Cypher, built only from :mod:`policykg.graph.schema` constants.

Labels, relationship types and property keys come from the schema; every value travels as a
``$parameter``. The driver wants a ``LiteralString`` query; :func:`_q` is the one place that
vouches for a string assembled here (schema constants + Cypher keywords, never data).
"""

from __future__ import annotations

from typing import LiteralString

from policykg.graph.schema import (
    AGENCY,
    EVIDENCE,
    FULLTEXT,
    FULLTEXT_ANALYZER,
    FULLTEXT_INDEX,
    INDEXES,
    LOCATED_IN,
    NODE_TYPES,
    NODES,
    PLAN,
    REGION,
    REL_TYPES,
    SUB_ORGANIZATION_OF,
    NodeType,
    RelType,
)


def _q(text: str) -> LiteralString:
    # Assembled from schema constants only (see module docstring), so it is as safe as a literal.
    return text  # type checkers that know LiteralString: this is the vetted boundary


def constraints() -> list[LiteralString]:
    """Uniqueness of every label's key: created before any write (MERGE relies on it)."""
    return [
        _q(
            f"CREATE CONSTRAINT {n.label.lower()}_{n.key}_unique IF NOT EXISTS "
            f"FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
        )
        for n in NODE_TYPES
    ]


def indexes() -> list[LiteralString]:
    """Property indexes for the canned queries and the CJK full-text index."""
    statements = [
        _q(f"CREATE INDEX {n.label.lower()}_{prop} IF NOT EXISTS FOR (n:{n.label}) ON (n.{prop})")
        for n, prop in INDEXES
    ]
    labels = "|".join(n.label for n in FULLTEXT[0])
    props = ", ".join(f"n.{p}" for p in FULLTEXT[1])
    statements.append(
        _q(
            f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{props}] "
            # Eventually consistent: Lucene is refreshed after commit, not inside it, which takes most of
            # a document transaction's commit time; ingest waits for the refresh once at the end.
            f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{FULLTEXT_ANALYZER}', "
            "`fulltext.eventually_consistent`: true}}"
        )
    )
    return statements


def merge_nodes(node: NodeType) -> LiteralString:
    """One ``UNWIND … MERGE`` for a batch of rows of one label.

    Document-owned nodes and plans take the row as it is (``SET n += row``: a null removes a
    stale property). Shared nodes keep their first evidence (a later document must not move
    it) and accumulate list properties (every written form of an agency).
    """
    head = f"UNWIND $rows AS row MERGE (n:{node.label} {{{node.key}: row.{node.key}}}) "
    if not node.shared:
        return _q(head + "SET n += row")
    return _q("UNWIND $rows AS row " + _merge_body(node))


def _merge_body(node: NodeType) -> str:
    head = f"MERGE (n:{node.label} {{{node.key}: row.{node.key}}}) "
    unions = [
        f"n.{p.name} = reduce(acc = coalesce(n.{p.name}, []), x IN row.{p.name} | "
        f"CASE WHEN x IN acc THEN acc ELSE acc + x END)"
        for p in node.properties
        if p.many
    ]
    fill = [
        f"n.{p.name} = coalesce(n.{p.name}, row.{p.name})"
        for p in node.properties
        if not p.many and not p.evidence and p.name != node.key
    ]
    return head + "ON CREATE SET n += row SET " + ", ".join(fill + unions)


def merge_external_plans() -> LiteralString:
    """Cited plans missing from the corpus: created once, never overwrite a corpus plan.

    A stand-in created without a span (from DERIVES_FROM) takes its first citation's evidence.
    """
    return _q("UNWIND $rows AS row " + _external_body())


def _external_body() -> str:
    fill = ", ".join(f"n.{p.name} = coalesce(n.{p.name}, row.{p.name})" for p in EVIDENCE)
    return (
        f"MERGE (n:{PLAN.label} {{{PLAN.key}: row.{PLAN.key}}}) "
        f"ON CREATE SET n += row WITH n, row WHERE n.external SET {fill}"
    )


def merge_rels(rel: RelType, start: str, end: str) -> LiteralString:
    """One ``UNWIND … MERGE`` for a batch of edges of one type between two labels."""
    start_key = _key_of(start)
    end_key = _key_of(end)
    return _q(
        f"UNWIND $rows AS row MATCH (a:{start} {{{start_key}: row.start}}) "
        f"MATCH (b:{end} {{{end_key}: row.end}}) " + _merge_rel_body(rel)
    )


def _merge_rel_body(rel: RelType) -> str:
    identity = ", ".join(f"{k}: row.props.{k}" for k in rel.key)
    return f"MERGE (a)-[r:{rel.type}{' {' + identity + '}' if identity else ''}]->(b) SET r += row.props"


def node_param(label: str) -> str:
    """The key of ``$doc`` that carries a label's rows in :func:`write_document`."""
    return f"n_{label}"


def rel_param(rel_type: str, start: str, end: str) -> str:
    """The key of ``$doc`` that carries one (type, start, end) combination's rows in :func:`write_document`."""
    return f"r_{rel_type}_{start}_{end}"


def owned_end(start: str, end: str) -> bool:
    """An edge touching a document-owned node is new after the document's old subgraph was deleted."""
    return bool(NODES[start].owned or NODES[end].owned)


def write_document(with_shared: bool) -> LiteralString:
    """A whole document in ONE statement: one ``UNWIND`` stage per label and per edge combination.

    Stages are chained with ``WITH count(*) AS _`` (an aggregate always yields one row, so an
    empty list does not stop the later stages), and the text never depends on the data, so the
    server plans it once. The transaction deletes the document's old subgraph first, so owned
    nodes and every edge touching one are ``CREATE``d (no index probe per MERGE); plans, shared
    nodes and edges between them are MERGEd. ``with_shared=False`` when a bulk load wrote the
    shared nodes (and the edges among them) beforehand: the document then only MATCHes them,
    which takes no write locks other documents would wait for.

    All rows travel in ONE map parameter, ``$doc``: the server caches a plan per query text
    AND parameter types, and an empty list is typed differently from a list of maps, so
    separate list parameters made it re-plan this long query for most documents (~1 s each).
    """
    plan = (
        f"UNWIND $doc.{node_param(PLAN.label)} AS row MERGE (n:{PLAN.label} {{{PLAN.key}: row.{PLAN.key}}}) "
    )
    stages = [plan + "SET n += row"]
    for node in NODE_TYPES:
        if node.owned:
            stages.append(f"UNWIND $doc.{node_param(node.label)} AS row CREATE (n:{node.label}) SET n = row")
        elif node.shared and with_shared:
            stages.append(f"UNWIND $doc.{node_param(node.label)} AS row " + _merge_body(node))
    stages.append("UNWIND $doc.externals AS row " + _external_body())
    for rel in REL_TYPES:
        for start, end in rel.pairs:
            if not with_shared and NODES[start].shared and NODES[end].shared:
                continue
            # rel_param(), spelled out so that the Cypher scan (tests/unit/test_security_scan.py) sees schema names
            match = (
                f"UNWIND $doc.r_{rel.type}_{start}_{end} AS row MATCH (a:{start} {{{NODES[start].key}: row.start}}) "
                f"MATCH (b:{end} {{{NODES[end].key}: row.end}}) "
            )
            if owned_end(start, end):
                stages.append(match + f"CREATE (a)-[r:{rel.type}]->(b) SET r = row.props")
            else:
                stages.append(match + _merge_rel_body(rel))
    return _q(" WITH count(*) AS _ ".join(stages))


def document_params(
    nodes: dict[str, list[dict[str, object]]],
    rels: dict[tuple[str, str, str], list[dict[str, object]]],
    externals: list[dict[str, object]],
    with_shared: bool,
) -> dict[str, object]:
    """``{"doc": …}``: the rows :func:`write_document` reads, every key present (an empty list for none)."""
    params: dict[str, object] = {"externals": externals, node_param(PLAN.label): nodes.get(PLAN.label, [])}
    for node in NODE_TYPES:
        if node.owned or (node.shared and with_shared):
            params[node_param(node.label)] = nodes.get(node.label, [])
    for rel in REL_TYPES:
        for start, end in rel.pairs:
            if with_shared or not (NODES[start].shared and NODES[end].shared):
                params[rel_param(rel.type, start, end)] = rels.get((rel.type, start, end), [])
    return {"doc": params}


def shared_rel_pairs() -> list[tuple[RelType, str, str]]:
    """Edge combinations between two shared nodes (agency → region): written with the shared nodes."""
    return [(rel, s, e) for rel in REL_TYPES for s, e in rel.pairs if NODES[s].shared and NODES[e].shared]


def documents_state() -> LiteralString:
    """One read before a group of documents is written: per document (``$docs`` rows of
    {id, title_key, doc_number, cited: {keys, numbers}}) its stored state, the plans its
    citations name, and whether an external stand-in for it exists (then its edges move to it).

    ``cited`` is one map, not two lists that are sometimes empty (see :func:`write_document`
    on plans cached per parameter type)."""
    return _q(
        f"UNWIND $docs AS d OPTIONAL MATCH (p:{PLAN.label} {{{PLAN.key}: d.id}}) "
        f"CALL (d) {{ MATCH (x:{PLAN.label}) WHERE x.title_key IN d.cited.keys OR x.doc_number IN d.cited.numbers "
        "RETURN collect({id: x.id, title: x.title, title_key: x.title_key, doc_number: x.doc_number, "
        "external: x.external}) AS hits } "
        f"CALL (d) {{ OPTIONAL MATCH (x:{PLAN.label} {{external: true}}) "
        "WHERE x.title_key = d.title_key OR x.doc_number = d.doc_number RETURN count(x) > 0 AS stand_in } "
        "RETURN d.id AS id, p IS NOT NULL AS stored, p.content_hash AS content_hash, p.external AS external, "
        "hits, stand_in"
    )


def delete_document() -> LiteralString:
    """A changed document's own nodes (with all their edges) and its outgoing plan edges, in one statement."""
    types = "|".join(r.type for r in REL_TYPES if any(s == PLAN.label for s, _ in r.pairs))
    parts = [
        f"CALL {{ MATCH (n:{node.label} {{document: $document}}) DETACH DELETE n }}"
        for node in NODE_TYPES
        if node.owned
    ]
    parts.append(f"CALL {{ MATCH (:{PLAN.label} {{{PLAN.key}: $document}})-[r:{types}]->() DELETE r }}")
    return _q(" ".join(parts))


def _key_of(label: str) -> str:
    key: str = NODES[label].key
    return key


def plans_by_source() -> LiteralString:
    """Source file hashes stored per source: ingest skips files whose bytes did not change."""
    return _q(
        f"MATCH (p:{PLAN.label}) WHERE p.source IN $sources AND NOT p.external "
        "RETURN p.source AS source, collect(DISTINCT p.source_hash) AS hashes"
    )


def delete_owned(node: NodeType) -> LiteralString:
    """A changed document's own nodes (and all their edges) go before it is written again."""
    return _q(f"MATCH (n:{node.label} {{document: $document}}) DETACH DELETE n")


def delete_plan_edges() -> LiteralString:
    """A changed document's outgoing plan edges; shared end nodes stay."""
    types = "|".join(r.type for r in REL_TYPES if any(s == PLAN.label for s, _ in r.pairs))
    return _q(f"MATCH (p:{PLAN.label} {{{PLAN.key}: $document}})-[r:{types}]->() DELETE r")


def resolve_plans() -> LiteralString:
    """Plans of the corpus a citation can point to, by normalised title or 文号."""
    return _q(
        f"MATCH (p:{PLAN.label}) WHERE p.title_key IN $keys OR p.doc_number IN $numbers "
        "RETURN p.id AS id, p.title_key AS title_key, p.doc_number AS doc_number, "
        "p.external AS external ORDER BY p.external, p.id"
    )


def external_stand_ins() -> LiteralString:
    """Does an external stand-in for this plan exist? (Most plans have none: skip the moves.)"""
    return _q(
        f"MATCH (x:{PLAN.label}) WHERE x.title_key = $title_key RETURN x.external AS external UNION ALL "
        f"MATCH (x:{PLAN.label}) WHERE x.doc_number = $doc_number RETURN x.external AS external"
    )


def absorb_external() -> list[LiteralString]:
    """Once a plan is in the corpus, edges to its external stand-in move to it; the stand-in goes.

    No APOC in Community Edition, so one statement per relationship type and direction.
    """
    return _move_edges(
        f"MATCH (p:{PLAN.label} {{{PLAN.key}: $id}}) "
        f"MATCH (x:{PLAN.label} {{external: true}}) "
        "WHERE x <> p AND (x.title_key = $title_key "
        "OR (x.doc_number IS NOT NULL AND x.doc_number = $doc_number)) "
    )


def merge_title_only_stand_ins() -> list[LiteralString]:
    """A plan cited by its title alone is the plan cited by that title with its 文号.

    A title-only stand-in (``ext:<title>``) is merged into the external plan that has the same
    title key and a 文号 (the smallest id when several do); it lends its evidence if that plan
    has none. Run once a load has written all its stand-ins: a document may cite the 文号 only
    after another cited the title alone.
    """
    return _move_edges(
        f"MATCH (x:{PLAN.label} {{external: true}}) "
        "WHERE x.doc_number IS NULL AND x.title_key IS NOT NULL AND x.title_key <> '' "
        f"MATCH (c:{PLAN.label} {{external: true}}) "
        "WHERE c.doc_number IS NOT NULL AND c.title_key = x.title_key "
        f"WITH x, min(c.{PLAN.key}) AS target "
        f"MATCH (p:{PLAN.label} {{{PLAN.key}: target}}) ",
        fill="SET " + ", ".join(f"p.{e.name} = coalesce(p.{e.name}, x.{e.name})" for e in EVIDENCE) + " ",
    )


def _move_edges(match: str, fill: str = "") -> list[LiteralString]:
    """Every edge of the stand-in x (matched with its plan p by ``match``) moved to p; then x deleted."""
    statements: list[LiteralString] = []
    for rel in REL_TYPES:
        identity = ", ".join(f"{k}: r.{k}" for k in rel.key)
        ident = " {" + identity + "}" if identity else ""
        if any(e == PLAN.label for _, e in rel.pairs):
            statements.append(
                _q(
                    match + f"MATCH (s)-[r:{rel.type}]->(x) WHERE s <> p "
                    f"MERGE (s)-[r2:{rel.type}{ident}]->(p) SET r2 += properties(r) DELETE r"
                )
            )
        if any(s == PLAN.label for s, _ in rel.pairs):
            statements.append(
                _q(
                    match + f"MATCH (x)-[r:{rel.type}]->(o) WHERE o <> p "
                    f"MERGE (p)-[r2:{rel.type}{ident}]->(o) SET r2 += properties(r) DELETE r"
                )
            )
    statements.append(_q(match + fill + "DETACH DELETE x"))
    return statements


def _evidence_from(var: str) -> str:
    return ", ".join(f"x.{p.name} = {var}.{p.name}" for p in EVIDENCE)


def link_regions() -> LiteralString:
    """Region → parent region (GB/T 2260), wherever both are in the graph."""
    return _q(
        f"MATCH (r:{REGION.label}) WHERE r.parent_code IS NOT NULL "
        f"MATCH (p:{REGION.label} {{code: r.parent_code}}) "
        f"MERGE (r)-[x:{LOCATED_IN.type}]->(p) ON CREATE SET {_evidence_from('r')}"
    )


def link_sub_organizations() -> LiteralString:
    """A department (部门) belongs to the people's government (``$suffix`` = 人民政府) of its region.

    That is how Chinese local administration is organised (政府组成部门), so the edge needs
    no textual claim beyond the department's own mention, which is its evidence.
    """
    return _q(
        f"MATCH (a:{AGENCY.label} {{agency_type: 'department'}}) WHERE a.region_code IS NOT NULL "
        f"MATCH (g:{AGENCY.label} {{agency_type: 'local_government', region_code: a.region_code}}) "
        "WHERE g.region IS NOT NULL AND g.name = g.region + $suffix "
        f"MERGE (a)-[x:{SUB_ORGANIZATION_OF.type}]->(g) ON CREATE SET {_evidence_from('a')}"
    )


def count_labels() -> LiteralString:
    return _q("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count")


def count_types() -> LiteralString:
    return _q("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count")


def content_hashes() -> LiteralString:
    return _q(
        f"MATCH (p:{PLAN.label}) WHERE p.{PLAN.key} IN $ids "
        f"RETURN p.{PLAN.key} AS id, p.content_hash AS content_hash"
    )


def content_hashes_of_source() -> LiteralString:
    return _q(
        f"MATCH (p:{PLAN.label} {{source: $source}}) WHERE NOT p.external "
        f"RETURN p.{PLAN.key} AS id, p.content_hash AS content_hash"
    )


def count_plans_of_sources() -> LiteralString:
    return _q(
        f"MATCH (p:{PLAN.label}) WHERE p.source IN $sources AND NOT p.external RETURN count(p) AS count"
    )


def set_source_hashes() -> LiteralString:
    """Unchanged plans of a file whose bytes changed: record the new file hash, so the next run skips it."""
    return _q(
        f"UNWIND $rows AS row MATCH (p:{PLAN.label} {{{PLAN.key}: row.id}}) SET p.source_hash = row.hash"
    )


def await_fulltext() -> LiteralString:
    return _q("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()")


def plan_fingerprints() -> LiteralString:
    """Every plan's id and hashes, in id order: with the counts below, what a build's outputs depend on."""
    return _q(
        f"MATCH (p:{PLAN.label}) RETURN p.{PLAN.key} AS id, p.content_hash AS content, "
        f"p.source_hash AS source, coalesce(p.external, false) AS external ORDER BY id"
    )


def graph_counts() -> LiteralString:
    """Nodes and relationships, read from Neo4j's count store (no scan)."""
    return _q(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
        "RETURN nodes, relationships"
    )
