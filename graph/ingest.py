"""read → parse → extract → derive → write, skipping what Neo4j already holds.

``ingest(paths, driver, database) -> IngestSummary`` is what ``policykg ingest`` and
``policykg build`` call (through ``policykg/api.py``). It composes the stages of
:mod:`policykg.graph.stages` (each a typed ``run``); what goes from one to the next is a record
type of ``loaders/types.py`` (``SourceText``, ``ParsedDocument``, ``DocumentBatch``). Two levels
of skipping keep a re-ingest of an unchanged corpus cheap: a file whose bytes hash (sha256) is
stored on its plans is not even parsed, and a parsed plan whose ``content_hash`` is stored is
neither extracted nor written.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import neo4j

from policykg.errors import InputError, LoadInterrupted, NoTextLayer, OnError, first_line
from policykg.graph import cypher
from policykg.graph.neo4j_writer import Neo4jWriter, WriteStats
from policykg.graph.schema import AGENCY, CLAUSE, REGION, TARGET
from policykg.graph.stages import DocumentWriter, Stages
from policykg.loaders.types import Document, DocumentBatch, ErrorRecord, ParsedDocument
from policykg.pool import ordered_map

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
        out = [
            ("files", self.files),
            ("files unchanged", self.files_skipped),
            ("documents", self.documents),
            ("documents unchanged", self.skipped),
            ("clauses", self.clauses),
            ("targets", self.targets),
            ("agencies", self.agencies),
            ("regions", self.regions),
        ]
        out += [(f"edges {t}", n) for t, n in sorted(self.edges_by_type.items())]
        out.append(("errors", sum(1 for e in self.errors if e.severity == "error")))
        out.append(("warnings", sum(1 for e in self.errors if e.severity == "warning")))
        return out


def _sha256(path: Path) -> str | None:
    """The file's bytes hash, or None for a path that is no readable regular file (missing,
    unreadable, a directory or FIFO…): :func:`prepare_file` then reports why, as an error record."""
    try:
        if not path.is_file():  # a FIFO is never opened here: reading it would wait for a writer
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class Prepared:
    """One parsed (and extracted) document ready for the writer: plain data, it crosses processes."""

    batch: DocumentBatch  # the document with its clauses, citations and extracted records
    digest: ParsedDocument | None  # what DERIVES_FROM keeps of it (None: no derive)
    unchanged: bool = False  # stored with this content hash: neither extracted nor written

    @property
    def document(self) -> Document:
        return self.batch.document


@dataclass
class PreparedFile:
    """One file's documents (and its error/warning records), with the seconds spent on it."""

    name: str
    items: list[Prepared | ErrorRecord]
    sha256: str | None = None  # of the decoded text: two files with the same text are one document
    parse_s: float = 0.0
    extract_s: float = 0.0


def prepare_file(
    path: Path,
    stored: Mapping[str, str | None],
    *,
    force: bool = False,
    stages: Stages | None = None,
    on_error: OnError | str = OnError.SKIP,
) -> PreparedFile:
    """Read, parse and extract one file (its new or changed documents): the unit of work of ingest.

    ``stored``: plan id → the content hash Neo4j holds (a document with the same hash is passed
    on as ``unchanged``, not extracted). Runs in the ingest process or in a worker process.
    """
    stages = stages or Stages()
    out = PreparedFile(Path(path).name, [])
    clock = time.perf_counter()
    try:
        source = stages.read.run(Path(path))
    except InputError as exc:
        if OnError(on_error) is OnError.RAISE and not isinstance(exc, NoTextLayer):
            raise
        # a scan (no text layer) is a warning: nothing wrong with the file, only nothing to read
        severity: Literal["error", "warning"] = "warning" if isinstance(exc, NoTextLayer) else "error"
        out.items.append(ErrorRecord(source=out.name, reason=exc.detail, severity=severity))
        return out
    out.parse_s += time.perf_counter() - clock
    out.sha256 = source.sha256
    stream = stages.parse.run(source)
    raise_errors = OnError(on_error) is OnError.RAISE
    while True:
        clock = time.perf_counter()
        try:
            item = next(stream, None)
        except Exception as exc:  # a parser bug on odd input: this file stops here, the batch goes on
            if raise_errors:
                raise
            reason = f"parsing stopped: {type(exc).__name__}: {first_line(exc)}"
            out.items.append(
                ErrorRecord(
                    source=out.name,
                    reason=reason + " (the documents before it are loaded; please report this file)",
                )
            )
            return out
        out.parse_s += time.perf_counter() - clock
        if item is None:
            return out
        if isinstance(item, ErrorRecord):
            out.items.append(item)
            continue
        document = item.document
        unchanged = bool(
            not force and document.content_hash and stored.get(document.id) == document.content_hash
        )
        clock = time.perf_counter()
        try:
            batch = DocumentBatch(document) if unchanged else stages.extract.run(item)
        except Exception as exc:  # one document is not loaded, the others are
            if raise_errors:
                raise
            reason = f"{document.id}: extraction failed: {type(exc).__name__}: {first_line(exc)}"
            out.items.append(
                ErrorRecord(
                    source=out.name, reason=reason + "; the document is not loaded (please report it)"
                )
            )
            continue
        finally:
            out.extract_s += time.perf_counter() - clock
        digest = stages.derive.digest(item) if stages.derive is not None else None
        out.items.append(Prepared(batch, digest, unchanged))


#: Changed files of at least this many bytes in all are parsed and extracted in worker processes
#: (one per CPU); below it, starting the workers costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024


def _workers(requested: int | None, changed: list[Path], on_error: OnError) -> int:
    if on_error is OnError.RAISE:
        return 1  # the first error stops the run where it happens
    if requested is not None:
        return max(1, min(requested, len(changed)))
    size = sum(_size(f) for f in changed)
    return min(os.cpu_count() or 1, len(changed)) if size >= PARALLEL_MIN_BYTES else 1


def _unreadable(path: Path, errors: list[ErrorRecord], policy: OnError) -> bool:
    """True (and its error record in ``errors``) when the file cannot be read."""
    from policykg.loaders.read import read_source

    try:
        read_source(path)
    except InputError as exc:
        if policy is OnError.RAISE:
            raise
        errors.append(ErrorRecord(source=exc.file, reason=exc.detail))
        return True
    return False  # readable after all (it appeared meanwhile): parsed with the others


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:  # gone meanwhile: prepare_file reports it
        return 0


def _prepared_files(
    files: list[Path], stored: Callable[[Path], Mapping[str, str | None]], workers: int, **options: Any
) -> Iterator[PreparedFile]:
    """:func:`prepare_file` over the files, in order; with workers > 1, in worker processes."""
    jobs = ((path, stored(path)) for path in files)  # stored hashes read when a file is submitted
    for _, prepared in ordered_map(functools.partial(prepare_file, **options), jobs, workers):
        yield prepared


#: Documents parsed and extracted before they are written and forgotten: memory stays bounded by
#: this many documents (plus a small digest of every document for DERIVES_FROM), whatever the corpus size.
CHUNK_DOCUMENTS = 200


def ingest(
    paths: Iterable[str | Path] | None,
    driver: neo4j.Driver,
    database: str = "neo4j",
    progress: Progress | None = None,
    *,
    on_error: OnError | str = OnError.SKIP,
    force: bool = False,
    extract: bool = True,
    derive: bool = True,
    workers: int | None = None,
    wait: float = 0.0,
    where: str = "",
    stages: Stages | None = None,
) -> IngestSummary:
    """Load files (default: the bundled corpus) into Neo4j; returns what was done.

    One ingest at a time per database (:mod:`policykg.graph.lock`): while another holds the
    database, this one waits up to ``wait`` seconds, then raises
    :class:`policykg.errors.IngestLocked` (``where`` names the database in that message).

    Streams: files are parsed and extracted one by one (:func:`prepare_file`) and their documents
    written in chunks of :data:`CHUNK_DOCUMENTS`, a chunk written in the background while the
    next is prepared (the stage times in the summary overlap, so they add up to more than the
    wall time); only a digest of each document (plan, citations, task clauses' own text) is kept
    until the end, when DERIVES_FROM is computed over all of them and written, batch by batch,
    each batch in the background while the next is computed. ``workers``: processes that parse
    and extract files side by side (default: one per CPU when the changed files hold at least
    :data:`PARALLEL_MIN_BYTES`, else none); the writer stays one. ``extract=False`` /
    ``derive=False`` load the parsed structure only (plans, clauses, citations): quicker, for
    tests and for looking at the parser's output. ``stages``: other read, parse, extract or derive
    stages (:mod:`policykg.graph.stages`; default :meth:`Stages.default` of ``extract`` and
    ``derive``); with ``workers`` > 1 they must pickle.

    A lost connection raises :class:`policykg.errors.LoadInterrupted` naming the documents
    that were loaded and those that were not (and the files not read yet).
    """
    from policykg.graph.lock import ingest_lock

    with ingest_lock(driver, database, wait=wait, where=where):
        return _ingest(
            paths,
            driver,
            database,
            progress,
            on_error=on_error,
            force=force,
            extract=extract,
            derive=derive,
            workers=workers,
            stages=stages,
        )


def _ingest(
    paths: Iterable[str | Path] | None,
    driver: neo4j.Driver,
    database: str,
    progress: Progress | None,
    *,
    on_error: OnError | str,
    force: bool,
    extract: bool,
    derive: bool,
    workers: int | None,
    stages: Stages | None,
) -> IngestSummary:
    """:func:`ingest`, the lock held."""
    from policykg.loaders.pipeline import default_paths, expand_paths

    started = time.perf_counter()
    policy = OnError(on_error)
    summary = IngestSummary()
    report = progress or (lambda stage, done, total: None)
    stages = stages or Stages.default(extract=extract, derive=derive)
    writer = Neo4jWriter(driver, database, on_error=policy, force=force)
    writer.ensure_schema()
    files = default_paths() if paths is None else expand_paths(paths)
    summary.files = len(files)
    hashes = {f.name: digest for f in files if (digest := _sha256(f)) is not None}

    clock = time.perf_counter()
    stored = writer.stored_source_hashes(hashes)
    changed = [f for f in files if force or stored.get(f.name) != {hashes.get(f.name)}]
    # A path that could not be hashed (missing, dangling link, unreadable, a directory or FIFO)
    # gives its error record now; it adds no plan, so it alone never makes the corpus be re-parsed.
    unreadable = [f for f in changed if f.name not in hashes and _unreadable(f, summary.errors, policy)]
    files = [f for f in files if f not in unreadable]
    changed = [f for f in changed if f not in unreadable]
    summary.files_skipped = len(files) - len(changed)
    if summary.files_skipped:
        summary.skipped += _plans_of(driver, database, [f.name for f in files if f not in changed])
    summary.seconds["parse"] = time.perf_counter() - clock
    if not changed:
        return summary
    # DERIVES_FROM needs every plan (a changed city plan links to an unchanged national one), so
    # once anything changed, every file is parsed; only the changed plans are extracted and written.
    todo = files
    run = _Run(
        summary,
        writer,
        DocumentWriter(writer),
        report,
        counted={f.name for f in files} - {f.name for f in changed},
    )
    digests: list[ParsedDocument] = []
    chunk: list[Prepared] = []
    count = extracted = 0
    seen: dict[str, str] = {}  # text sha256 → the first file with that text
    try:
        known = (lambda path: {}) if force else (lambda path: writer.stored_content_hashes_of(path.name))
        processes = _workers(workers, changed, policy)
        for prepared in _prepared_files(todo, known, processes, force=force, stages=stages, on_error=policy):
            run.reading, run.unhanded, run.handed = prepared.name, prepared.items, 0
            summary.seconds["parse"] += prepared.parse_s
            summary.seconds["extract"] = summary.seconds.get("extract", 0.0) + prepared.extract_s
            if prepared.sha256 is not None and prepared.sha256 in seen:  # as `policykg parse` reports it
                summary.errors.append(
                    ErrorRecord(
                        source=prepared.name,
                        severity="warning",
                        reason=f"duplicate of {seen[prepared.sha256]} (same sha256); skipped",
                    )
                )
                continue
            if prepared.sha256 is not None:
                seen[prepared.sha256] = prepared.name
            for item in prepared.items:
                run.handed += 1
                if isinstance(item, ErrorRecord):
                    summary.errors.append(item)
                    continue
                if item.digest is not None:
                    digests.append(item.digest)
                    item.digest = None
                chunk.append(item)
                count += 1
                report("parse", count, 0)
                if extract and not item.unchanged:  # counted as the CLI's progress shows it
                    extracted += 1
                    report("extract", extracted, 0)
                if len(chunk) >= CHUNK_DOCUMENTS:
                    run.write(chunk)
                    chunk = []
        run.write(chunk)
        chunk = []
        run.wait()

        clock = time.perf_counter()
        # Derive even when every plan is already stored: a run cut off after its last document but
        # before its DERIVES_FROM edges left the plans without them (the MERGEs are idempotent).
        deriver = stages.derive if digests else None
        externals = deriver.external_plans(digests) if deriver else []
        summary.seconds["derive"] = time.perf_counter() - clock

        clock = time.perf_counter()
        if externals:  # cited plans missing from the corpus (the writer MERGEs the same ids)
            run.stats.merge(writer.write_external_plans(externals))
        run.stats.merge(writer.link())
        summary.seconds["load"] = summary.seconds.get("load", 0.0) + time.perf_counter() - clock
        # DERIVES_FROM batch by batch (one per matching shard): each written in the background
        # while the next is computed, never all held.
        batches = iter(deriver.batches(digests, workers=processes) if deriver else ())
        pending: list[Any] = []
        while True:
            clock = time.perf_counter()
            batch = next(batches, None)
            summary.seconds["derive"] += time.perf_counter() - clock
            if batch is not None:
                pending.extend(batch)
            if pending and (batch is None or len(pending) >= writer.batch_size):
                run.write_derivations(pending)
                pending = []
            if batch is None:
                break
        run.wait()
        del digests
        clock = time.perf_counter()
        # File hashes are recorded only once everything of the run is written: a run killed
        # part-way leaves them unset, so the rerun parses those files again instead of skipping them.
        done = [{"id": doc_id, "hash": hashes.get(source)} for doc_id, source in run.sources.items()]
        if done:
            driver.execute_query(cypher.set_source_hashes(), rows=done, database_=database)
        summary.seconds["load"] = summary.seconds.get("load", 0.0) + time.perf_counter() - clock
    except (LoadInterrupted, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
        raise run.interrupted(error, chunk, todo) from None
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
    """The writing side of one ingest: chunks of prepared documents, then DERIVES_FROM batches,
    each written in the background (one at a time) while the next is prepared."""

    summary: IngestSummary
    writer: Neo4jWriter  # cross-document edges, stand-ins, DERIVES_FROM
    write_stage: DocumentWriter  # the documents
    report: Progress
    stats: WriteStats = field(default_factory=WriteStats)
    sources: dict[str, str] = field(default_factory=dict)  # document id → source file, of every written chunk
    counted: set[str] = field(default_factory=set)  # files whose plans are counted as skipped already
    reading: str | None = None  # the file whose documents are being handed over
    unhanded: list[Prepared | ErrorRecord] = field(default_factory=list)  # that file's documents…
    handed: int = 0  # … of which this many are handed over (in a chunk)
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="policykg-load")
    )
    in_flight: tuple[Future[WriteStats], list[Prepared]] | None = None

    def write(self, chunk: list[Prepared]) -> None:
        """Write a chunk in the background; the previous chunk's write is waited for first (one
        chunk at a time is in flight, memory stays bounded)."""
        if not chunk:
            return
        todo = [p for p in chunk if not p.unchanged]
        self.summary.skipped += sum(1 for p in chunk if p.unchanged and p.document.source not in self.counted)
        self.stats.loaded += [p.document.id for p in chunk if p.unchanged]
        items = [p.batch for p in todo]
        self.wait()
        base = len(self.stats.loaded)
        self.in_flight = (self.pool.submit(self._write, items, base), chunk)

    def write_derivations(self, rows: list[Any]) -> None:
        """DERIVES_FROM rows in the background, after the write in flight."""
        self.wait()
        self.in_flight = (self.pool.submit(self._timed, self.writer.write_derivations, rows), [])

    def _write(self, items: list[DocumentBatch], base: int) -> WriteStats:
        return self._timed(
            self.write_stage.run,
            items,
            progress=lambda done, total: self.report("load", base + done, 0),
        )

    @staticmethod
    def _timed(write: Callable[..., WriteStats], *args: Any, **kwargs: Any) -> WriteStats:
        clock = time.perf_counter()
        stats = write(*args, **kwargs)
        stats.seconds = time.perf_counter() - clock
        return stats

    def wait(self) -> None:
        """The write in flight, done (its LoadInterrupted, if any, is raised here)."""
        if self.in_flight is None:
            return
        future, chunk = self.in_flight
        stats = future.result()
        self.in_flight = None
        self.summary.seconds["load"] = self.summary.seconds.get("load", 0.0) + stats.seconds
        stats.seconds = 0.0
        self.stats.merge(stats)
        self.sources.update((p.document.id, p.document.source) for p in chunk)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def interrupted(self, error: Exception, chunk: list[Prepared], files: list[Path]) -> LoadInterrupted:
        """The documents loaded and not loaded when the connection went away.

        ``chunk``: the documents prepared but not handed to the writer yet; the chunk in flight
        (if any) counts as loaded as far as its write got (``error.loaded``)."""
        in_flight = self.in_flight[1] if self.in_flight is not None else []
        self.in_flight = None
        if isinstance(error, LoadInterrupted):
            loaded, reason = [*self.stats.loaded, *error.loaded], error.reason
        else:
            loaded, reason = list(self.stats.loaded), first_line(error)
        done = set(loaded)
        rest = [p for p in self.unhanded[self.handed :] if isinstance(p, Prepared)]
        pending = [*in_flight, *chunk, *rest]
        missing = [p.document.id for p in pending if p.document.id not in done]
        unread = _files_after(files, self.reading)
        return LoadInterrupted(loaded, missing + [f"{name} (not read yet)" for name in unread], reason)


def _files_after(files: list[Path], source: str | None) -> list[str]:
    """Names of the files after the one being read (all of them when none was reached)."""
    names = [f.name for f in files]
    if source is None or source not in names:
        return names if source is None else []
    return names[names.index(source) + 1 :]


def _plans_of(driver: neo4j.Driver, database: str, sources: list[str]) -> int:
    records, _, _ = driver.execute_query(
        cypher.count_plans_of_sources(),
        sources=sources,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return int(records[0]["count"]) if records else 0


# --------------------------------------------------------------------------- the no-op build

#: What ``policykg build`` notes in its output folder: which graph (and which exporter code) each
#: output was made from, so a build of an unchanged corpus rewrites nothing.
BUILD_STAMP = ".policykg-build.json"
#: The modules whose code shapes the outputs: a change to them makes the outputs stale.
_OUTPUT_CODE = ("rdf.py", "rdf_writers.py", "viz.py", "viz_index.py", "viz_layout.py", "viz_views.py")


def outputs_fingerprint(driver: neo4j.Driver, database: str) -> str:
    """A hash of what the RDF export and the pages are made from: every plan's id and content and
    source hashes, the number of nodes and relationships (from Neo4j's count store: instant), and
    the code that writes them."""
    plans, _, _ = driver.execute_query(
        cypher.plan_fingerprints(), database_=database, routing_=neo4j.RoutingControl.READ
    )
    counts, _, _ = driver.execute_query(
        cypher.graph_counts(), database_=database, routing_=neo4j.RoutingControl.READ
    )
    digest = hashlib.sha256()
    for record in plans:
        digest.update("|".join(str(v) for v in record.values()).encode("utf-8") + b"\n")
    digest.update(f"{counts[0]['nodes']}|{counts[0]['relationships']}|{database}\n".encode())
    here = Path(__file__).resolve().parent
    for name in _OUTPUT_CODE:
        path = here / name
        digest.update(path.read_bytes() if path.is_file() else name.encode())
    assets = here / "viz_assets"
    for asset in sorted(assets.iterdir()) if assets.is_dir() else []:
        digest.update(asset.name.encode() + asset.read_bytes())
    return digest.hexdigest()


def _signature(path: Path) -> list[int] | None:
    """Size and modification time of an output (and of every file in a folder of pages)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _read_stamp(out: Path) -> dict[str, Any]:
    import json

    try:
        stamp = json.loads((out / BUILD_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def output_current(
    out: Path, name: str, fingerprint: str, also: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """What the stamp says of ``out/name`` (and the ``also`` files beside it) when they are still
    the ones made from this fingerprint, untouched since; None when they must be written."""
    entry = _read_stamp(out).get(name)
    if not isinstance(entry, dict) or entry.get("fingerprint") != fingerprint:
        return None
    files = entry.get("files", {})
    for item in (name, *also):
        if files.get(item) is None or files.get(item) != _signature(out / item):
            return None
    return entry


def record_output(out: Path, name: str, fingerprint: str, also: tuple[str, ...] = (), **facts: Any) -> None:
    """Note in the stamp that ``out/name`` (and ``also``) was written from this fingerprint."""
    import json

    stamp = _read_stamp(out)
    files = {item: _signature(out / item) for item in (name, *also)}
    stamp[name] = {"fingerprint": fingerprint, "files": files, **facts}
    partial = out / f"{BUILD_STAMP}.partial"
    partial.write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(out / BUILD_STAMP)
