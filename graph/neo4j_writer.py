"""Records → Neo4j: each document written whole by one transaction, several documents per transaction.

After neo4j-graphrag's ``kg_writer.py``: constraints first, rows batched (``UNWIND``, never a
round trip per record), statistics returned as data. A document is never split across
transactions: its rows, and the deletion of its old subgraph, commit together or not at all,
and the transaction function is idempotent (delete first, then write), so the driver may
retry it.

Bulk loads (:meth:`Neo4jWriter.write_documents`) MERGE the shared nodes (agencies, regions,
indicators) of all documents first, in their own batched transaction, then write *groups*
of whole documents (about :data:`GROUP_ELEMENTS` nodes + relationships each): the rows of a
group go to the server in one statement (see :func:`cypher.write_document`), so a bulk load
pays one round trip and one commit per group instead of per document (measured: 2× the
throughput of a transaction per document, ``bench/bench_load.py``). When a group fails for a
reason other than a lost connection, its documents are written again one transaction each,
so one bad document is reported on its own and never stops the others.

A plan whose ``content_hash`` is already stored is skipped; a plan whose hash changed has
its own subgraph (clauses, targets, obligations, their edges and its outgoing plan edges)
deleted and written again. Shared nodes are MERGEd and never deleted with a document.
A lost connection stops the load with :class:`policykg.errors.LoadInterrupted`, which names
the documents that were committed and those that were not.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, LiteralString

import neo4j
from neo4j import ManagedTransaction

from policykg.errors import LoadInterrupted, OnError, SchemaViolation, first_line
from policykg.graph import cypher
from policykg.graph.rows import (
    EVIDENCE_KEYS,
    DocumentRows,
    batch_plans,
    build,
    citation_rows,
    cited_batch_plans,
    resolver_for,
)
from policykg.graph.schema import CLAUSE, DERIVES_FROM, PLAN
from policykg.loaders.identity import PlanKeys, doc_number_key, title_key
from policykg.loaders.types import Derivation, Document, DocumentBatch, ErrorRecord, ExternalPlan, Record

log = logging.getLogger(__name__)

#: A bulk write closes a group of documents (one transaction) once it holds this many rows
#: (nodes + relationships): big enough that the per-transaction cost (round trip, commit) is
#: small, small enough that a transaction stays far below the server's memory limit.
GROUP_ELEMENTS = 5000
#: ... or this many documents.
GROUP_DOCUMENTS = 50

#: A department belongs to the government named after its region: 青岛市 + 人民政府.
GOVERNMENT_SUFFIX = "人民政府"


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
    loaded: list[str] = field(default_factory=list)  # ids of documents now stored (written or unchanged)

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
        for name in (
            "documents",
            "skipped",
            "replaced",
            "nodes_created",
            "nodes_deleted",
            "relationships_created",
            "relationships_deleted",
            "properties_set",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rows_by_label.update(other.rows_by_label)
        self.rows_by_type.update(other.rows_by_type)
        self.errors.extend(other.errors)
        self.seconds += other.seconds
        self.loaded.extend(other.loaded)


_COUNTER_NAMES = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
)


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    return {name: getattr(summary.counters, name) for name in _COUNTER_NAMES}


class Neo4jWriter:
    """``Neo4jWriter(driver, database).run(records) -> WriteStats``."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str = "neo4j",
        *,
        on_error: OnError = OnError.RAISE,
        force: bool = False,
        batch_size: int = 5000,
    ) -> None:
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
        derivations: list[Derivation] = []
        externals: list[ExternalPlan] = []
        stats = WriteStats()
        for record in records:
            if isinstance(record, Document):
                documents[record.id] = record
            elif isinstance(record, Derivation):
                derivations.append(record)
            elif isinstance(record, ExternalPlan):
                externals.append(record)
            elif isinstance(record, ErrorRecord):
                stats.errors.append(record)
            else:
                grouped[record.document].append(record)
        orphans = set(grouped) - set(documents)
        if orphans:
            raise SchemaViolation(
                f"records name documents that were not given: {sorted(orphans)[:5]} "
                "(pass each Document record with its clauses, targets, …)"
            )
        if externals:  # first, so that citations resolve to them
            stats.merge(self.write_external_plans(externals))
        hashes = source_hashes or {}
        stats.merge(
            self.write_documents(
                [
                    DocumentBatch(document, tuple(grouped[doc_id]), hashes.get(document.source))
                    for doc_id, document in documents.items()
                ]
            )
        )
        if documents:
            stats.merge(self.link())
        if derivations:
            stats.merge(self.write_derivations(derivations))
        stats.seconds = time.perf_counter() - started
        return stats

    def write_document(
        self,
        document: Document,
        records: Iterable[Record],
        source_hash: str | None = None,
        own_texts: Mapping[str, str] | None = None,
    ) -> WriteStats:
        """One document, one transaction; on failure nothing of it is left (the policy decides raise/skip).

        ``own_texts``: clause id → its own text without sub-clauses (what full-text search sees).
        """
        return self.write_documents([DocumentBatch(document, tuple(records), source_hash, own_texts or {})])

    def write_documents(
        self, items: Sequence[DocumentBatch], progress: Callable[[int, int], None] | None = None
    ) -> WriteStats:
        """Many documents, each written whole, in groups of about :data:`GROUP_ELEMENTS` rows per transaction.

        A pipeline: while one thread writes a group, this one builds the rows of the next, so
        the server's work and the client's overlap. Groups are written one after the other
        (never two transactions at once): they MERGE the shared nodes (agencies, regions,
        indicators) they name, and concurrent transactions would deadlock on them. Citations
        resolve against the stored plans AND the plans of this batch, so the result does not
        depend on the order in which groups commit. A lost connection raises
        :class:`LoadInterrupted` naming the documents loaded so far and the rest.
        """
        self.ensure_schema()
        stats = WriteStats()
        todo = list(items) if self.force else self._changed(items)
        unchanged = {id(item) for item in items} - {id(item) for item in todo}
        stats.skipped += len(unchanged)
        stats.loaded += [item.document.id for item in items if id(item) in unchanged]
        if not todo:
            return stats
        planned = batch_plans(item.document for item in todo)
        done = 0

        def finish(future: Future[WriteStats], size: int) -> None:
            nonlocal done
            stats.merge(future.result())
            done += size
            if progress:
                progress(done, len(todo))

        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykg-writer") as pool:
                pending: tuple[Future[WriteStats], int] | None = None
                for group in _groups(todo):
                    built = [
                        build(item.document, item.records, item.source_hash, item.own_texts) for item in group
                    ]
                    if pending is not None:
                        finish(*pending)
                    pending = (pool.submit(self._write_group, built, planned), len(built))
                if pending is not None:
                    finish(*pending)
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            loaded = set(stats.loaded)
            raise LoadInterrupted(
                stats.loaded,
                [item.document.id for item in todo if item.document.id not in loaded],
                first_line(error),
            ) from None
        return stats

    def stored_content_hashes(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Plan id → its stored content hash (plans not stored are absent)."""
        records, _, _ = self.driver.execute_query(
            cypher.content_hashes(),
            ids=list(ids),
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return {r["id"]: r["content_hash"] for r in records}

    def stored_content_hashes_of(self, source: str) -> dict[str, str | None]:
        """Plan id → stored content hash, for the plans of one source file."""
        records, _, _ = self.driver.execute_query(
            cypher.content_hashes_of_source(),
            source=source,
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return {r["id"]: r["content_hash"] for r in records}

    def _changed(self, items: Sequence[DocumentBatch]) -> list[DocumentBatch]:
        """Documents whose content hash is not stored yet (the transaction checks again)."""
        stored = self.stored_content_hashes(item.document.id for item in items)
        return [
            item
            for item in items
            if not item.document.content_hash or stored.get(item.document.id) != item.document.content_hash
        ]

    def _write_group(self, group: list[DocumentRows], batch_plans: Sequence[PlanKeys]) -> WriteStats:
        """Whole documents in one transaction; if it fails, each again in its own (errors per document)."""
        stats = WriteStats()
        try:
            with self._session() as session:
                outcomes = session.execute_write(self._write_group_tx, group, self.force, batch_plans)
        except neo4j.exceptions.Neo4jError as error:
            if len(group) > 1:
                log.info(
                    "a group of %d documents failed (%s): writing them one by one", len(group), error.message
                )
                for rows in group:
                    stats.merge(self._write_group([rows], batch_plans))
                return stats
            if self.on_error is OnError.RAISE:
                raise
            document = group[0].document
            log.warning("document %s not written: %s", document.id, error)
            stats.errors.append(ErrorRecord(source=document.source, reason=f"{document.id}: {error.message}"))
            return stats
        counters, results = outcomes
        stats.add_counters(counters)
        for document_id, replaced, written in results:
            stats.loaded.append(document_id)
            if written is None:
                stats.skipped += 1
                continue
            stats.documents += 1
            stats.replaced += int(replaced)
            for label, label_rows in written.nodes.items():
                stats.rows_by_label[label] += len(label_rows)
            for (rel_type, _, _), rel_rows in written.rels.items():
                stats.rows_by_type[rel_type] += len(rel_rows)
        return stats

    def _write_group_tx(
        self,
        tx: ManagedTransaction,
        group: list[DocumentRows],
        force: bool,
        batch_plans: Sequence[PlanKeys],
    ) -> tuple[dict[str, int], list[tuple[str, bool, DocumentRows | None]]]:
        """The transaction function: idempotent (delete first, then write), so the driver may retry it.

        One read for the whole group (each document's stored state and the plans its citations
        name), one delete per changed document, then ONE write statement for the rows of the
        whole group, shared nodes included (see :func:`cypher.write_document`), and the
        stand-in absorption where one existed.
        Returns the counters and, per document, (id, replaced, rows written or None if unchanged).
        """
        counters: Counter[str] = Counter()
        results: list[tuple[str, bool, DocumentRows | None]] = []
        nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        externals: dict[str, dict[str, Any]] = {}
        absorb: list[dict[str, Any]] = []
        asked: list[dict[str, Any]] = []
        for rows in group:
            keys = sorted({title_key(c.title) for c in rows.citations if c.title} - {""})
            numbers = sorted({n for c in rows.citations if (n := doc_number_key(c.doc_number))})
            asked.append(
                {
                    "id": rows.document.id,
                    "title_key": title_key(rows.document.title),
                    "doc_number": doc_number_key(rows.document.doc_number),
                    "cited": {"keys": keys, "numbers": numbers},
                }
            )
        states = {r["id"]: r for r in tx.run(cypher.documents_state(), docs=asked)}
        for rows, ask in zip(group, asked, strict=True):
            document = rows.document
            state = states.get(document.id)
            if state is None:  # OPTIONAL MATCH + aggregates yield one row per document
                raise SchemaViolation(f"{document.id}: the document state query returned nothing")
            own = {"title_key": ask["title_key"], "doc_number": ask["doc_number"]}
            replaced = False
            if state["stored"] and not state["external"]:
                if state["content_hash"] == document.content_hash and document.content_hash and not force:
                    results.append((document.id, False, None))
                    continue
                replaced = True
                counters.update(_counters(tx.run(cypher.delete_document(), document=document.id).consume()))
            # A copy per attempt: citation_rows adds CITES rows, and a retried transaction starts again.
            attempt = rows.copy()
            found = citation_rows(attempt, resolver_for(state["hits"], batch_plans))
            # Plans of this batch a citation names are MERGEd as stand-ins until their own group
            # commits (which sets every property), so the edge never depends on the commit order.
            found += [
                {"id": plan_id, "title": None, "title_key": None, "doc_number": None, "external": True}
                for plan_id in cited_batch_plans(attempt, batch_plans, document.id)
            ]
            for row in found:
                externals.setdefault(row["id"], row)
            for label, label_rows in attempt.nodes.items():
                nodes[label].extend(label_rows)
            for key, rel_rows in attempt.rels.items():
                rels[key].extend(rel_rows)
            if state["stand_in"]:
                absorb.append({"id": document.id, **own})
            results.append((document.id, replaced, attempt))
        if any(written is not None for _, _, written in results):
            params = cypher.document_params(nodes, rels, list(externals.values()), True)
            counters.update(_counters(tx.run(cypher.write_document(True), params).consume()))
        for own_params in absorb:
            for statement in cypher.absorb_external():
                counters.update(_counters(tx.run(statement, **own_params).consume()))
        return dict(counters), results

    # ------------------------------------------------------------ cross-document edges

    def link(self) -> WriteStats:
        """Edges that need nodes from several documents: region → parent, department → government."""
        stats = WriteStats()
        for statement in (cypher.link_regions(), cypher.link_sub_organizations()):
            _, summary, _ = self.driver.execute_query(
                statement, suffix=GOVERNMENT_SUFFIX, database_=self.database
            )
            stats.add_counters(_counters(summary))
        # The full-text index is eventually consistent (see cypher.indexes): searchable from here on.
        self.driver.execute_query(cypher.await_fulltext(), database_=self.database)
        return stats

    def write_external_plans(self, plans: Iterable[ExternalPlan]) -> WriteStats:
        """Stand-ins for cited plans missing from the corpus (evidence: their first basis citation).

        Written after the documents, so title-only stand-ins their citations made are merged
        into the stand-in with a 文号 of the same title (:func:`cypher.merge_title_only_stand_ins`).
        """
        self.ensure_schema()
        rows = [
            {
                "id": p.id,
                "title": p.title or p.doc_number,
                "title_key": title_key(p.title) or None,
                "doc_number": doc_number_key(p.doc_number),
                "external": True,
                **{name: getattr(p, name, None) for name in EVIDENCE_KEYS},
            }
            for p in plans
        ]
        stats = WriteStats()
        _, summary, _ = self.driver.execute_query(
            cypher.merge_external_plans(), rows=rows, database_=self.database
        )
        stats.add_counters(_counters(summary))
        for statement in cypher.merge_title_only_stand_ins():
            _, summary, _ = self.driver.execute_query(statement, database_=self.database)
            stats.add_counters(_counters(summary))
        stats.rows_by_label[PLAN.label] += len(rows)
        return stats

    def write_derivations(self, derivations: Iterable[Derivation]) -> WriteStats:
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
            props = {
                "score": d.score,
                "method": d.method,
                "source": d.evidence_source,
                "start": d.evidence_start,
                "end": d.evidence_end,
                "page": d.evidence_page,
            }
            by_label[label].append({"start": d.source_id, "end": d.target_id, "props": props})

        with self._session() as session:
            for label, label_rows in by_label.items():
                query = cypher.merge_rels(DERIVES_FROM, label, label)
                for batch in _batches(label_rows, self.batch_size):

                    def write(
                        tx: ManagedTransaction,
                        rows: list[dict[str, Any]] = batch,
                        statement: LiteralString = query,
                    ) -> dict[str, int]:
                        return _counters(tx.run(statement, rows=rows).consume())

                    stats.add_counters(session.execute_write(write))
        stats.rows_by_type[DERIVES_FROM.type] += sum(map(len, by_label.values()))
        return stats

    def _session(self) -> neo4j.Session:
        # Warnings such as "property key does not exist" are expected on an empty database.
        return self.driver.session(database=self.database, notifications_min_severity="OFF")

    # ------------------------------------------------------------ reads used by ingest and tests

    def stored_source_hashes(self, sources: Iterable[str]) -> dict[str, set[str | None]]:
        """Source file name → the source hashes stored on its plans."""
        records, _, _ = self.driver.execute_query(
            cypher.plans_by_source(),
            sources=list(sources),
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return {r["source"]: set(r["hashes"]) for r in records}

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes by label, relationships by type) as stored."""
        labels, _, _ = self.driver.execute_query(
            cypher.count_labels(), database_=self.database, routing_=neo4j.RoutingControl.READ
        )
        types, _, _ = self.driver.execute_query(
            cypher.count_types(), database_=self.database, routing_=neo4j.RoutingControl.READ
        )
        return ({r["label"]: r["count"] for r in labels}, {r["type"]: r["count"] for r in types})


def _groups(todo: list[DocumentBatch]) -> Iterable[list[DocumentBatch]]:
    """Consecutive documents, a group closing at about GROUP_ELEMENTS rows or GROUP_DOCUMENTS documents.

    A document's records are the estimate of its rows (a record is a node or an edge, and
    most records give one node and one or two edges)."""
    group: list[DocumentBatch] = []
    size = 0
    for item in todo:
        group.append(item)
        size += 1 + len(item.records)
        if size >= GROUP_ELEMENTS or len(group) >= GROUP_DOCUMENTS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _batches(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
