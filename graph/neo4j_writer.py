"""Records → Neo4j: batched ``UNWIND … MERGE``, one transaction per document.

After neo4j-graphrag's ``kg_writer.py``: constraints first, rows in batches (one statement
per label or relationship type, never a round trip per record), statistics returned as data.
Each document is written by one ``session.execute_write`` call whose function is idempotent
(MERGE on deterministic ids), so a retried or failed document leaves no half-written graph.

A plan whose ``content_hash`` is already stored is skipped; a plan whose hash changed has
its own subgraph (clauses, targets, obligations, their edges and its outgoing plan edges)
deleted and written again. Shared nodes (agencies, regions, indicators, external plans) are
MERGEd and never deleted with a document.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import neo4j
from neo4j import ManagedTransaction

from policykg.errors import OnError, SchemaViolation
from policykg.graph import cypher
from policykg.graph.rows import DocumentRows, build, citation_rows
from policykg.graph.schema import CLAUSE, DERIVES_FROM, NODE_TYPES, PLAN, REL_TYPES
from policykg.graph.keys import doc_number_key, title_key
from policykg.loaders.types import Document, ErrorRecord

log = logging.getLogger(__name__)

#: A department belongs to the government named after its region: 青岛市 + 人民政府.
GOVERNMENT_SUFFIX = "人民政府"


@runtime_checkable
class DerivationLike(Protocol):
    """A DERIVES_FROM edge as :class:`policykg.graph.derive.Derivation` makes it.

    ``source_id`` (a local plan or clause) derives from ``target_id``; ``level`` is "plan" or
    "clause"; the evidence span is in the local plan's source.
    """

    source_id: str
    target_id: str
    level: str
    score: float
    method: str
    evidence_source: str
    evidence_start: int
    evidence_end: int
    evidence_page: int | None


@runtime_checkable
class ExternalPlanLike(Protocol):
    """A cited plan missing from the corpus, as :class:`policykg.graph.derive.ExternalPlan`."""

    id: str
    title: str | None
    doc_number: str | None
    external: bool


@dataclass
class WriteStats:
    """What a run did, as data (the CLI renders it as a table)."""

    documents: int = 0  # written (new or changed)
    skipped: int = 0  # unchanged content hash
    replaced: int = 0  # changed content hash: old subgraph deleted first
    rows_by_label: Counter[str] = field(default_factory=Counter)
    rows_by_type: Counter[str] = field(default_factory=Counter)
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.rows_by_label.values()) + sum(self.rows_by_type.values())

    def add_counters(self, counters: Mapping[str, int]) -> None:
        self.nodes_created += counters.get("nodes_created", 0)
        self.nodes_deleted += counters.get("nodes_deleted", 0)
        self.relationships_created += counters.get("relationships_created", 0)
        self.relationships_deleted += counters.get("relationships_deleted", 0)
        self.properties_set += counters.get("properties_set", 0)

    def merge(self, other: WriteStats) -> None:
        for name in ("documents", "skipped", "replaced", "nodes_created", "nodes_deleted",
                     "relationships_created", "relationships_deleted", "properties_set"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rows_by_label.update(other.rows_by_label)
        self.rows_by_type.update(other.rows_by_type)
        self.errors.extend(other.errors)
        self.seconds += other.seconds


_COUNTER_NAMES = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                  "properties_set")


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    return {name: getattr(summary.counters, name) for name in _COUNTER_NAMES}


class Neo4jWriter:
    """``Neo4jWriter(driver, database).run(records) -> WriteStats``."""

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j", *, on_error: OnError = OnError.RAISE,
                 force: bool = False, batch_size: int = 5000) -> None:
        self.driver = driver
        self.database = database
        self.on_error = OnError(on_error)
        self.force = force  # rewrite documents even when their content hash is unchanged
        self.batch_size = batch_size
        self._schema_ready = False

    # ------------------------------------------------------------ schema

    def ensure_schema(self) -> None:
        """Constraints first (MERGE leans on them), then the query and full-text indexes."""
        if self._schema_ready:
            return
        for statement in (*cypher.constraints(), *cypher.indexes()):
            self.driver.execute_query(statement, database_=self.database)
        self._schema_ready = True

    # ------------------------------------------------------------ the one entry point

    def run(self, records: Iterable[Any], source_hashes: Mapping[str, str] | None = None) -> WriteStats:
        """Write records (any mix of documents, their records and derivations); returns statistics.

        Records are grouped by the document they belong to; a document is written in one
        transaction with everything that names it. ``source_hashes`` (file name → sha256 of
        its bytes) is stored on the plans so that ingest can skip unchanged files unread.
        """
        started = time.perf_counter()
        documents: dict[str, Document] = {}
        grouped: dict[str, list[Any]] = defaultdict(list)
        derivations: list[DerivationLike] = []
        externals: list[ExternalPlanLike] = []
        stats = WriteStats()
        for record in records:
            if isinstance(record, Document):
                documents[record.id] = record
            elif isinstance(record, DerivationLike):
                derivations.append(record)
            elif isinstance(record, ExternalPlanLike):
                externals.append(record)
            elif isinstance(record, ErrorRecord):
                stats.errors.append(record)
            else:
                grouped[record.document].append(record)
        orphans = set(grouped) - set(documents)
        if orphans:
            raise SchemaViolation(f"records name documents that were not given: {sorted(orphans)[:5]} "
                                  "(pass each Document record with its clauses, targets, …)")
        if externals:  # first, so that citations resolve to them
            stats.merge(self.write_external_plans(externals))
        for doc_id, document in documents.items():
            hashes = source_hashes or {}
            stats.merge(self.write_document(document, grouped[doc_id], hashes.get(document.source)))
        if documents:
            stats.merge(self.link())
        if derivations:
            stats.merge(self.write_derivations(derivations))
        stats.seconds = time.perf_counter() - started
        return stats

    def write_document(self, document: Document, records: Iterable[Any], source_hash: str | None = None,
                       own_texts: Mapping[str, str] | None = None) -> WriteStats:
        """One document, one transaction; on failure nothing of it is left (the policy decides raise/skip).

        ``own_texts``: clause id → its own text without sub-clauses (what full-text search sees).
        """
        self.ensure_schema()
        stats = WriteStats()
        rows = build(document, records, source_hash, own_texts)
        try:
            with self._session() as session:
                outcome = session.execute_write(self._write_document_tx, rows, self.force)
        except neo4j.exceptions.Neo4jError as error:
            if self.on_error is OnError.RAISE:
                raise
            log.warning("document %s not written: %s", document.id, error)
            stats.errors.append(ErrorRecord(source=document.source, reason=f"{document.id}: {error.message}"))
            return stats
        if outcome is None:
            stats.skipped += 1
            return stats
        replaced, counters = outcome
        stats.documents += 1
        stats.replaced += int(replaced)
        stats.add_counters(counters)
        for label, label_rows in rows.nodes.items():
            stats.rows_by_label[label] += len(label_rows)
        for (rel_type, _, _), rel_rows in rows.rels.items():
            stats.rows_by_type[rel_type] += len(rel_rows)
        return stats

    def _write_document_tx(self, tx: ManagedTransaction, rows: DocumentRows,
                           force: bool) -> tuple[bool, dict[str, int]] | None:
        """The transaction function: idempotent, so the driver may retry it."""
        document = rows.document
        counters: Counter[str] = Counter()
        state = tx.run(cypher.plan_state(), id=document.id).single()
        replaced = False
        if state is not None and not state["external"]:
            if state["content_hash"] == document.content_hash and document.content_hash and not force:
                return None
            replaced = True
            for node in NODE_TYPES:
                if node.owned:
                    counters.update(_counters(tx.run(cypher.delete_owned(node), document=document.id).consume()))
            counters.update(_counters(tx.run(cypher.delete_plan_edges(), document=document.id).consume()))

        externals = citation_rows(rows, self._resolve(tx, rows))
        for node in NODE_TYPES:  # nodes before edges: edges MATCH their ends
            for batch in _batches(rows.nodes.get(node.label, []), self.batch_size):
                counters.update(_counters(tx.run(cypher.merge_nodes(node), rows=batch).consume()))
        if externals:
            counters.update(_counters(tx.run(cypher.merge_external_plans(), rows=externals).consume()))
        for rel in REL_TYPES:
            for start, end in rel.pairs:
                for batch in _batches(rows.rels.get((rel.type, start, end), []), self.batch_size):
                    counters.update(_counters(tx.run(cypher.merge_rels(rel, start, end), rows=batch).consume()))
        keys = {"title_key": title_key(document.title), "doc_number": doc_number_key(document.doc_number)}
        if any(r["external"] for r in tx.run(cypher.external_stand_ins(), **keys)):
            for statement in cypher.absorb_external():
                counters.update(_counters(tx.run(statement, id=document.id, **keys).consume()))
        return replaced, dict(counters)

    @staticmethod
    def _resolve(tx: ManagedTransaction, rows: DocumentRows) -> dict[str, tuple[str, bool]]:
        """Title key / 文号 key → (id, external) of a stored plan, corpus plans first."""
        keys = sorted({title_key(c.title) for c in rows.citations if c.title} - {""})
        numbers = sorted({n for c in rows.citations if (n := doc_number_key(c.doc_number))})
        if not keys and not numbers:
            return {}
        resolved: dict[str, tuple[str, bool]] = {}
        for record in tx.run(cypher.resolve_plans(), keys=keys, numbers=numbers):
            hit = (record["id"], bool(record["external"]))
            for value in (record["title_key"], record["doc_number"]):
                if value in keys or value in numbers:
                    resolved.setdefault(value, hit)
        return resolved

    # ------------------------------------------------------------ cross-document edges

    def link(self) -> WriteStats:
        """Edges that need nodes from several documents: region → parent, department → government."""
        stats = WriteStats()
        for statement in (cypher.link_regions(), cypher.link_sub_organizations()):
            _, summary, _ = self.driver.execute_query(statement, suffix=GOVERNMENT_SUFFIX, database_=self.database)
            stats.add_counters(_counters(summary))
        # The full-text index is eventually consistent (see cypher.indexes): searchable from here on.
        self.driver.execute_query(cypher.await_fulltext(), database_=self.database)
        return stats

    def write_external_plans(self, plans: Iterable[ExternalPlanLike]) -> WriteStats:
        """Stand-ins for cited plans missing from the corpus (their evidence comes with the citations)."""
        self.ensure_schema()
        rows = [{"id": p.id, "title": p.title or p.doc_number, "title_key": title_key(p.title) or None,
                 "doc_number": doc_number_key(p.doc_number), "external": True} for p in plans]
        stats = WriteStats()
        _, summary, _ = self.driver.execute_query(cypher.merge_external_plans(), rows=rows,
                                                  database_=self.database)
        stats.add_counters(_counters(summary))
        stats.rows_by_label[PLAN.label] += len(rows)
        return stats

    def write_derivations(self, derivations: Iterable[DerivationLike]) -> WriteStats:
        """DERIVES_FROM edges (plan → plan, clause → clause) in one transaction."""
        self.ensure_schema()
        stats = WriteStats()
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for d in derivations:
            label = PLAN.label if d.level == "plan" else CLAUSE.label
            props = {"score": d.score, "method": d.method, "source": d.evidence_source,
                     "start": d.evidence_start, "end": d.evidence_end, "page": d.evidence_page}
            by_label[label].append({"start": d.source_id, "end": d.target_id, "props": props})

        def write(tx: ManagedTransaction) -> dict[str, int]:
            counters: Counter[str] = Counter()
            for label, label_rows in by_label.items():
                for batch in _batches(label_rows, self.batch_size):
                    summary = tx.run(cypher.merge_rels(DERIVES_FROM, label, label), rows=batch).consume()
                    counters.update(_counters(summary))
            return dict(counters)

        with self._session() as session:
            stats.add_counters(session.execute_write(write))
        stats.rows_by_type[DERIVES_FROM.type] += sum(map(len, by_label.values()))
        return stats

    def _session(self) -> neo4j.Session:
        # Warnings such as "property key does not exist" are expected on an empty database.
        return self.driver.session(database=self.database, notifications_min_severity="OFF")

    # ------------------------------------------------------------ reads used by ingest and tests

    def stored_source_hashes(self, sources: Iterable[str]) -> dict[str, set[str | None]]:
        """Source file name → the source hashes stored on its plans."""
        records, _, _ = self.driver.execute_query(cypher.plans_by_source(), sources=list(sources),
                                                  database_=self.database, routing_=neo4j.RoutingControl.READ)
        return {r["source"]: set(r["hashes"]) for r in records}

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes by label, relationships by type) as stored."""
        labels, _, _ = self.driver.execute_query(cypher.count_labels(), database_=self.database,
                                                 routing_=neo4j.RoutingControl.READ)
        types, _, _ = self.driver.execute_query(cypher.count_types(), database_=self.database,
                                                routing_=neo4j.RoutingControl.READ)
        return ({r["label"]: r["count"] for r in labels}, {r["type"]: r["count"] for r in types})


def _batches(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]
