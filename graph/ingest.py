"""parse → extract → derive → load, skipping what Neo4j already holds.

``ingest(paths, driver, database) -> IngestSummary`` is what ``policykg ingest`` and
``policykg build`` call. Two levels of skipping keep a re-ingest of an unchanged corpus
cheap: a file whose bytes hash (sha256) is stored on its plans is not even parsed, and a
parsed plan whose ``content_hash`` is stored is neither extracted nor written.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from policykg.graph import cypher
from policykg.graph.neo4j_writer import Neo4jWriter, WriteStats
from policykg.graph.schema import AGENCY, CLAUSE, REGION, TARGET
from policykg.loaders.types import ErrorRecord, ParsedDocument

from policykg.errors import LoadInterrupted, OnError, first_line

log = logging.getLogger(__name__)

#: progress(stage, done, total): called as work advances (the CLI drives a progress bar with it).
Progress = Callable[[str, int, int], None]


@dataclass
class IngestSummary:
    files: int = 0
    files_skipped: int = 0  # unchanged bytes: not parsed
    documents: int = 0  # plans written (new or changed)
    skipped: int = 0  # plans unchanged (content hash), plus the plans of skipped files
    clauses: int = 0
    targets: int = 0
    agencies: int = 0
    regions: int = 0
    edges_by_type: Counter[str] = field(default_factory=Counter)
    errors: list[ErrorRecord] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # parse, extract, derive, load
    write: WriteStats = field(default_factory=WriteStats)

    def rows(self) -> list[tuple[str, int]]:
        """(what, how many) for the CLI's summary table."""
        out = [("files", self.files), ("files unchanged", self.files_skipped), ("documents", self.documents),
               ("documents unchanged", self.skipped), ("clauses", self.clauses), ("targets", self.targets),
               ("agencies", self.agencies), ("regions", self.regions)]
        out += [(f"edges {t}", n) for t, n in sorted(self.edges_by_type.items())]
        out.append(("errors", sum(1 for e in self.errors if e.severity == "error")))
        out.append(("warnings", sum(1 for e in self.errors if e.severity == "warning")))
        return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extractor() -> Any | None:
    """The extraction stage when it is installed (targets, agencies, regions, obligations)."""
    try:
        from policykg.loaders.extract.pipeline import Extractor
    except ImportError:
        log.warning("policykg.loaders.extract.pipeline is missing: loading documents without extraction")
        return None
    return Extractor()


def _deriver() -> Any | None:
    """The derive stage (DERIVES_FROM edges, external plans), when it is installed."""
    try:
        from policykg.graph.derive import Deriver
    except ImportError:
        log.warning("policykg.graph.derive is missing: no DERIVES_FROM edges")
        return None
    return Deriver()


def _digest(parsed: ParsedDocument) -> ParsedDocument:
    from policykg.graph.derive import digest

    return digest(parsed)


#: Documents parsed and extracted before they are written and forgotten: memory stays bounded by
#: this many documents (plus a small digest of every document for DERIVES_FROM), whatever the corpus size.
CHUNK_DOCUMENTS = 200


def ingest(paths: Iterable[str | Path] | None, driver: neo4j.Driver, database: str = "neo4j",
           progress: Progress | None = None, *, on_error: OnError | str = OnError.SKIP,
           force: bool = False, extract: bool = True, derive: bool = True) -> IngestSummary:
    """Load files (default: the bundled corpus) into Neo4j; returns what was done.

    Streams: documents are parsed, extracted and written in chunks of :data:`CHUNK_DOCUMENTS`,
    a chunk written in the background while the next is parsed and extracted (the stage times
    in the summary overlap, so they add up to more than the wall time); only a digest of each (plan, citations, task clauses' own text) is kept until the end,
    when DERIVES_FROM is computed over all of them and written. ``extract=False`` /
    ``derive=False`` load the parsed structure only (plans, clauses, citations): quicker,
    for tests and for looking at the parser's output.

    A lost connection raises :class:`policykg.errors.LoadInterrupted` naming the documents
    that were loaded and those that were not (and the files not read yet).
    """
    from policykg.loaders.pipeline import default_paths, parse

    started = time.perf_counter()
    summary = IngestSummary()
    report = progress or (lambda stage, done, total: None)
    writer = Neo4jWriter(driver, database, on_error=OnError(on_error), force=force)
    writer.ensure_schema()
    files = [Path(p) for p in (default_paths() if paths is None else paths)]
    summary.files = len(files)
    hashes = {f.name: _sha256(f) for f in files if f.is_file()}

    clock = time.perf_counter()
    stored = writer.stored_source_hashes(hashes)
    changed = [f for f in files if force or stored.get(f.name) != {hashes.get(f.name)}]
    summary.files_skipped = len(files) - len(changed)
    if summary.files_skipped:
        summary.skipped += _plans_of(driver, database, [f.name for f in files if f not in changed])
    summary.seconds["parse"] = time.perf_counter() - clock
    if not changed:
        return summary

    run = _Run(summary, writer, report, _extractor() if extract else None, force)
    # DERIVES_FROM needs every plan (a changed city plan links to an unchanged national one),
    # so once anything changed, every file is parsed; only the changed plans are extracted and written.
    digests: list[ParsedDocument] = []
    chunk: list[ParsedDocument] = []
    try:
        stream = iter(parse(files, on_error=on_error))
        while True:
            clock = time.perf_counter()
            item = next(stream, None)
            summary.seconds["parse"] += time.perf_counter() - clock
            if item is None:
                break
            if isinstance(item, ErrorRecord):
                summary.errors.append(item)
                continue
            if derive:
                digests.append(_digest(item))
            chunk.append(item)
            report("parse", len(digests) or run.parsed + len(chunk), 0)
            if len(chunk) >= CHUNK_DOCUMENTS:
                run.write(chunk)
                chunk = []
        run.write(chunk)
        chunk = []
        run.wait()

        clock = time.perf_counter()
        # Derive even when every plan is already stored: a run cut off after its last document but
        # before its DERIVES_FROM edges left the plans without them (the MERGEs are idempotent).
        deriver = _deriver() if derive and digests else None
        externals = deriver.external_plans(digests) if deriver else []
        summary.seconds["derive"] = time.perf_counter() - clock

        clock = time.perf_counter()
        if externals:  # cited plans missing from the corpus (the writer MERGEs the same ids)
            run.stats.merge(writer.write_external_plans(externals))
        run.stats.merge(writer.link())
        summary.seconds["load"] = summary.seconds.get("load", 0.0) + time.perf_counter() - clock
        # DERIVES_FROM batch by batch (one per matching shard): written as they come, never all held.
        batches = iter(deriver.batches(digests) if deriver else ())
        pending: list[Any] = []
        while True:
            clock = time.perf_counter()
            batch = next(batches, None)
            summary.seconds["derive"] += time.perf_counter() - clock
            if batch is not None:
                pending.extend(batch)
            if pending and (batch is None or len(pending) >= writer.batch_size):
                clock = time.perf_counter()
                run.stats.merge(writer.write_derivations(pending))
                summary.seconds["load"] += time.perf_counter() - clock
                pending = []
            if batch is None:
                break
        del digests
        clock = time.perf_counter()
        # File hashes are recorded only once everything of the run is written: a run killed
        # part-way leaves them unset, so the rerun parses those files again instead of skipping them.
        done = [{"id": doc_id, "hash": hashes.get(source)} for doc_id, source in run.sources.items()]
        if done:
            driver.execute_query(cypher.set_source_hashes(), rows=done, database_=database)
        summary.seconds["load"] = summary.seconds.get("load", 0.0) + time.perf_counter() - clock
    except (LoadInterrupted, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
        raise run.interrupted(error, chunk, files) from None
    finally:
        run.close()

    summary.seconds["total"] = time.perf_counter() - started
    stats = run.stats
    summary.write = stats
    summary.documents = stats.documents
    summary.skipped += stats.skipped
    summary.errors.extend(stats.errors)
    summary.clauses = stats.rows_by_label[CLAUSE.label]
    summary.targets = stats.rows_by_label[TARGET.label]
    summary.agencies = stats.rows_by_label[AGENCY.label]
    summary.regions = stats.rows_by_label[REGION.label]
    summary.edges_by_type = Counter(stats.rows_by_type)
    return summary


@dataclass
class _Run:
    """The streaming part of one ingest: chunks of parsed documents → extracted → written."""

    summary: IngestSummary
    writer: Neo4jWriter
    report: Progress
    extractor: Any | None
    force: bool
    stats: WriteStats = field(default_factory=WriteStats)
    sources: dict[str, str] = field(default_factory=dict)  # document id → source file, of every parsed plan
    parsed: int = 0
    extracted: int = 0
    last_source: str | None = None
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="policykg-load"))
    in_flight: tuple[Future[WriteStats], list[ParsedDocument]] | None = None

    def write(self, chunk: list[ParsedDocument]) -> None:
        """Extract a chunk here, then write it in the background while the next one is parsed.

        One chunk at a time is in flight (memory stays bounded): the previous chunk's write is
        waited for before this one is handed over.
        """
        if not chunk:
            return
        self.parsed += len(chunk)
        stored = self.writer.stored_content_hashes(p.document.id for p in chunk)
        todo = [p for p in chunk if self.force or stored.get(p.document.id) != p.document.content_hash
                or not p.document.content_hash]
        self.summary.skipped += len(chunk) - len(todo)
        self.stats.loaded += [p.document.id for p in chunk if p not in todo]

        clock = time.perf_counter()
        extracted: dict[str, list[Any]] = defaultdict(list)
        if self.extractor is not None:
            for p in todo:
                extracted[p.document.id].extend(self.extractor.run(p))
                self.extracted += 1
                self.report("extract", self.extracted, 0)
        self.summary.seconds["extract"] = self.summary.seconds.get("extract", 0.0) + time.perf_counter() - clock

        items = [(p.document, [*p.clauses, *p.citations, *extracted[p.document.id]], None,
                  {cid: p.text.text[s:e] for cid, (s, e) in p.own_spans.items()}) for p in todo]
        self.wait()
        base = len(self.stats.loaded)
        future = self.pool.submit(self._write, items, base)
        self.in_flight = (future, chunk)

    def _write(self, items: list[Any], base: int) -> WriteStats:
        clock = time.perf_counter()
        stats = self.writer.write_documents(items, progress=lambda done, total: self.report("load", base + done, 0))
        stats.seconds = time.perf_counter() - clock
        return stats

    def wait(self) -> None:
        """The chunk in flight, written (its LoadInterrupted, if any, is raised here)."""
        if self.in_flight is None:
            return
        future, chunk = self.in_flight
        stats = future.result()
        self.in_flight = None
        self.summary.seconds["load"] = self.summary.seconds.get("load", 0.0) + stats.seconds
        stats.seconds = 0.0
        self.stats.merge(stats)
        self.sources.update((p.document.id, p.document.source) for p in chunk)
        self.last_source = chunk[-1].document.source

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def interrupted(self, error: Exception, chunk: list[ParsedDocument], files: list[Path]) -> LoadInterrupted:
        """The documents loaded and not loaded when the connection went away.

        ``chunk``: the documents parsed but not handed to the writer yet; the chunk in flight (if
        any) counts as loaded as far as its write got (``error.loaded``)."""
        in_flight = self.in_flight[1] if self.in_flight is not None else []
        self.in_flight = None
        if isinstance(error, LoadInterrupted):
            loaded, reason = [*self.stats.loaded, *error.loaded], error.reason
        else:
            loaded, reason = list(self.stats.loaded), first_line(error)
        done = set(loaded)
        pending = [*in_flight, *chunk]
        missing = [p.document.id for p in pending if p.document.id not in done]
        unread = _files_after(files, pending[-1].document.source if pending else self.last_source)
        return LoadInterrupted(loaded, missing + [f"{name} (not read yet)" for name in unread], reason)


def _files_after(files: list[Path], source: str | None) -> list[str]:
    """Names of the files after the one being read (all of them when none was reached)."""
    names = [f.name for f in files]
    if source is None or source not in names:
        return names if source is None else []
    return names[names.index(source) + 1:]


def _plans_of(driver: neo4j.Driver, database: str, sources: list[str]) -> int:
    records, _, _ = driver.execute_query(cypher.count_plans_of_sources(), sources=sources, database_=database,
                                         routing_=neo4j.RoutingControl.READ)
    return int(records[0]["count"]) if records else 0
