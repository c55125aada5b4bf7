"""Records → Neo4j: one transaction per document, one write statement per document.

After neo4j-graphrag's ``kg_writer.py``: constraints first, rows batched (``UNWIND``, never a
round trip per record), statistics returned as data. Each document is written by one
``session.execute_write`` call whose function is idempotent (it deletes the document's old
subgraph before writing), so a retried or failed document leaves no half-written graph.

Bulk loads (:meth:`Neo4jWriter.write_documents`) MERGE the shared nodes (agencies, regions,
indicators) of all documents first, in their own batched transaction, then write the
documents from a few concurrent sessions: a small transaction is mostly commit, and
documents then only MATCH shared nodes, so they do not queue on each other's MERGE locks
(a transient deadlock is retried by the driver). Within a document, every label and edge
combination is one ``UNWIND`` stage of a single statement (see :func:`cypher.write_document`).

A plan whose ``content_hash`` is already stored is skipped; a plan whose hash changed has
its own subgraph (clauses, targets, obligations, their edges and its outgoing plan edges)
deleted and written again. Shared nodes are MERGEd and never deleted with a document.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import neo4j
from neo4j import ManagedTransaction
from policykg.graph import cypher
from policykg.graph.keys import doc_number_key, title_key
from policykg.graph.rows import (
    DocumentRows,
    batch_plans,
    build,
    citation_rows,
    cited_batch_plans,
    resolve_citations,
)
from policykg.graph.schema import CLAUSE, DERIVES_FROM, NODE_TYPES, PLAN
from policykg.loaders.types import Document, ErrorRecord

from policykg.errors import OnError, SchemaViolation

log = logging.getLogger(__name__)

#: (document, its records, its source file's hash, clause id → own text): one item of a bulk write.
DocumentInput = tuple[Document, Sequence[Any], str | None, Mapping[str, str] | None]
#: Concurrent sessions for a bulk write: enough to overlap commits, few enough not to fight over locks.
WORKERS = 3

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
        hashes = source_hashes or {}
        stats.merge(self.write_documents([(document, grouped[doc_id], hashes.get(document.source), None)
                                          for doc_id, document in documents.items()]))
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
        return self.write_documents([(document, list(records), source_hash, own_texts)], workers=1)

    def write_documents(self, items: Sequence[DocumentInput], workers: int = WORKERS,
                        progress: Callable[[int, int], None] | None = None) -> WriteStats:
        """Many documents, still one transaction each, written by a few concurrent sessions.

        The server spends most of a small transaction on its commit, so documents are written
        ``workers`` at a time. Shared nodes (agencies, regions, indicators) and the edges among
        them are MERGEd first in their own batched transaction, so a document's transaction
        only MATCHes them: concurrent documents then never wait on each other's MERGE locks.
        Citations resolve against the stored plans AND the plans of this batch, so the result
        does not depend on the order in which documents commit.
        """
        self.ensure_schema()
        stats = WriteStats()
        built = [build(document, records, source_hash, own) for document, records, source_hash, own in items]
        todo = built if self.force else self._changed(built)
        stats.skipped += len(built) - len(todo)
        if not todo:
            return stats
        with_shared = len(todo) == 1  # a single document MERGEs its shared nodes in its own transaction
        if not with_shared:
            stats.merge(self._write_shared(todo))
        planned = {} if with_shared else batch_plans(todo)
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
            futures = [pool.submit(self._write_one, rows, with_shared, planned) for rows in todo]
            try:
                for done, future in enumerate(as_completed(futures), 1):
                    stats.merge(future.result())
                    if progress:
                        progress(done, len(todo))
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        return stats

    def _changed(self, built: list[DocumentRows]) -> list[DocumentRows]:
        """Documents whose content hash is not stored yet (the transaction checks again)."""
        records, _, _ = self.driver.execute_query(cypher.content_hashes(), ids=[r.document.id for r in built],
                                                  database_=self.database, routing_=neo4j.RoutingControl.READ)
        stored = {r["id"]: r["content_hash"] for r in records}
        return [r for r in built if not r.document.content_hash or stored.get(r.document.id) != r.document.content_hash]

    def _write_shared(self, todo: list[DocumentRows]) -> WriteStats:
        """Shared nodes of all documents, and the edges among them, in one transaction.

        Rows keep document order, so the first mention's evidence wins as it would one by one.
        """
        stats = WriteStats()
        nodes = {n.label: [row for rows in todo for row in rows.nodes.get(n.label, [])] for n in NODE_TYPES if n.shared}
        rels = [(rel, s, e, [row for rows in todo for row in rows.rels.get((rel.type, s, e), [])])
                for rel, s, e in cypher.shared_rel_pairs()]

        def write(tx: ManagedTransaction) -> dict[str, int]:
            counters: Counter[str] = Counter()
            for node in NODE_TYPES:
                for batch in _batches(nodes.get(node.label, []), self.batch_size):
                    counters.update(_counters(tx.run(cypher.merge_nodes(node), rows=batch).consume()))
            for rel, s, e, rel_rows in rels:
                for batch in _batches(rel_rows, self.batch_size):
                    counters.update(_counters(tx.run(cypher.merge_rels(rel, s, e), rows=batch).consume()))
            return dict(counters)

        with self._session() as session:
            stats.add_counters(session.execute_write(write))
        return stats

    def _write_one(self, rows: DocumentRows, with_shared: bool,
                   batch_plans: Mapping[str, tuple[str, bool]]) -> WriteStats:
        stats = WriteStats()
        document = rows.document
        try:
            with self._session() as session:
                outcome = session.execute_write(self._write_document_tx, rows, self.force, with_shared, batch_plans)
        except neo4j.exceptions.Neo4jError as error:
            if self.on_error is OnError.RAISE:
                raise
            log.warning("document %s not written: %s", document.id, error)
            stats.errors.append(ErrorRecord(source=document.source, reason=f"{document.id}: {error.message}"))
            return stats
        if outcome is None:
            stats.skipped += 1
            return stats
        replaced, counters, written = outcome
        stats.documents += 1
        stats.replaced += int(replaced)
        stats.add_counters(counters)
        for label, label_rows in written.nodes.items():
            stats.rows_by_label[label] += len(label_rows)
        for (rel_type, _, _), rel_rows in written.rels.items():
            stats.rows_by_type[rel_type] += len(rel_rows)
        return stats

    def _write_document_tx(self, tx: ManagedTransaction, rows: DocumentRows, force: bool, with_shared: bool,
                           batch_plans: Mapping[str, tuple[str, bool]]
                           ) -> tuple[bool, dict[str, int], DocumentRows] | None:
        """The transaction function: idempotent (delete first, then write), so the driver may retry it.

        At most three round trips: read the state, delete the old subgraph (changed documents
        only), write everything in one statement (see :func:`cypher.write_document`).
        """
        document = rows.document
        counters: Counter[str] = Counter()
        keys = sorted({title_key(c.title) for c in rows.citations if c.title} - {""})
        numbers = sorted({n for c in rows.citations if (n := doc_number_key(c.doc_number))})
        own = {"title_key": title_key(document.title), "doc_number": doc_number_key(document.doc_number)}
        state = tx.run(cypher.document_state(), id=document.id, cited={"keys": keys, "numbers": numbers},
                       **own).single()
        if state is None:  # OPTIONAL MATCH + aggregates always yield one row
            raise SchemaViolation(f"{document.id}: the document state query returned nothing")
        replaced = False
        if state["stored"] and not state["external"]:
            if state["content_hash"] == document.content_hash and document.content_hash and not force:
                return None
            replaced = True
            counters.update(_counters(tx.run(cypher.delete_document(), document=document.id).consume()))

        # A copy per attempt: citation_rows adds CITES rows, and a retried transaction starts again.
        attempt = rows.copy()
        externals = citation_rows(attempt, resolve_citations(state["hits"], batch_plans, set(keys) | set(numbers)))
        # Plans of this batch a citation names are MERGEd as stand-ins until their own transaction
        # commits (which sets every property), so the edge never depends on the commit order.
        externals += [{"id": plan_id, "title": None, "title_key": None, "doc_number": None, "external": True}
                      for plan_id in cited_batch_plans(attempt, batch_plans, document.id)]
        params = cypher.document_params(attempt.nodes, attempt.rels, externals, with_shared)
        counters.update(_counters(tx.run(cypher.write_document(with_shared), params).consume()))
        if state["stand_in"]:
            for statement in cypher.absorb_external():
                counters.update(_counters(tx.run(statement, id=document.id, **own).consume()))
        return replaced, dict(counters), attempt

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
        """DERIVES_FROM edges (plan → plan, clause → clause), one transaction per batch.

        The edges are MERGEd (idempotent) and belong to no single document, so they need not be
        atomic together; one transaction for all of them exhausted Neo4j's memory pool at 10×
        the corpus (bench/results/scale.json). A rerun completes a run cut off part-way.
        """
        self.ensure_schema()
        stats = WriteStats()
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for d in derivations:
            label = PLAN.label if d.level == "plan" else CLAUSE.label
            props = {"score": d.score, "method": d.method, "source": d.evidence_source,
                     "start": d.evidence_start, "end": d.evidence_end, "page": d.evidence_page}
            by_label[label].append({"start": d.source_id, "end": d.target_id, "props": props})

        with self._session() as session:
            for label, label_rows in by_label.items():
                query = cypher.merge_rels(DERIVES_FROM, label, label)
                for batch in _batches(label_rows, self.batch_size):
                    def write(tx: ManagedTransaction, rows: list[dict[str, Any]] = batch) -> dict[str, int]:
                        return _counters(tx.run(query, rows=rows).consume())

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

