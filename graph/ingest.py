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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from policykg.graph import cypher
from policykg.graph.neo4j_writer import Neo4jWriter, WriteStats
from policykg.graph.schema import AGENCY, CLAUSE, REGION, TARGET
from policykg.loaders.types import ErrorRecord, ParsedDocument

from policykg.errors import OnError

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


def _derive(parsed: Sequence[ParsedDocument]) -> list[Any]:
    """DERIVES_FROM edges and external plans, when the derive stage is installed."""
    try:
        from policykg.graph.derive import Deriver
    except ImportError:
        log.warning("policykg.graph.derive is missing: no DERIVES_FROM edges")
        return []
    deriver = Deriver()
    return [*deriver.external_plans(parsed), *deriver.run(list(parsed))]


def ingest(paths: Iterable[str | Path] | None, driver: neo4j.Driver, database: str = "neo4j",
           progress: Progress | None = None, *, on_error: OnError | str = OnError.SKIP,
           force: bool = False, extract: bool = True, derive: bool = True) -> IngestSummary:
    """Load files (default: the bundled corpus) into Neo4j; returns what was done.

    ``extract=False`` / ``derive=False`` load the parsed structure only (plans, clauses,
    citations): quicker, for tests and for looking at the parser's output.
    """
    from policykg.loaders.pipeline import default_paths, parse

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
    if not changed:
        summary.seconds["parse"] = time.perf_counter() - clock
        return summary

    # DERIVES_FROM needs every plan (a changed city plan links to an unchanged national one),
    # so once anything changed, every file is parsed; only the changed plans are extracted.
    parsed: list[ParsedDocument] = []
    for item in parse(files, on_error=on_error):
        if isinstance(item, ErrorRecord):
            summary.errors.append(item)
        else:
            parsed.append(item)
            report("parse", len(parsed), 0)
    summary.seconds["parse"] = time.perf_counter() - clock

    stored_hashes = _content_hashes(driver, database, [p.document.id for p in parsed])
    todo = [p for p in parsed if force or stored_hashes.get(p.document.id) != p.document.content_hash
            or not p.document.content_hash]
    summary.skipped += len(parsed) - len(todo)

    clock = time.perf_counter()
    extracted: dict[str, list[Any]] = defaultdict(list)
    extractor = _extractor() if todo and extract else None
    if extractor is not None:
        for done, p in enumerate(todo, 1):
            extracted[p.document.id].extend(extractor.run(p))
            report("extract", done, len(todo))
    summary.seconds["extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    # Derive even when every plan is already stored: a run cut off after its last document but
    # before its DERIVES_FROM edges left the plans without them (the MERGEs are idempotent).
    derived = _derive(parsed) if derive else []
    summary.seconds["derive"] = time.perf_counter() - clock

    clock = time.perf_counter()
    stats = WriteStats()
    externals = [d for d in derived if getattr(d, "external", False) is True]
    if externals:
        stats.merge(writer.write_external_plans(externals))
    # File hashes are recorded only once everything of the run is written (below): a run killed
    # part-way leaves them unset, so the rerun parses those files again instead of skipping them.
    items = [(p.document, [*p.clauses, *p.citations, *extracted[p.document.id]], None,
              {cid: p.text.text[s:e] for cid, (s, e) in p.own_spans.items()}) for p in todo]
    stats.merge(writer.write_documents(items, progress=lambda done, total: report("load", done, total)))
    stats.merge(writer.link())
    links = [d for d in derived if d not in externals]
    if links:
        stats.merge(writer.write_derivations(links))
    done = [{"id": p.document.id, "hash": hashes.get(p.document.source)} for p in parsed]
    if done:
        driver.execute_query(cypher.set_source_hashes(), rows=done, database_=database)
    summary.seconds["load"] = time.perf_counter() - clock

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


def _content_hashes(driver: neo4j.Driver, database: str, ids: list[str]) -> dict[str, str | None]:
    records, _, _ = driver.execute_query(cypher.content_hashes(), ids=ids, database_=database,
                                         routing_=neo4j.RoutingControl.READ)
    return {r["id"]: r["content_hash"] for r in records}


def _plans_of(driver: neo4j.Driver, database: str, sources: list[str]) -> int:
    records, _, _ = driver.execute_query(cypher.count_plans_of_sources(), sources=sources, database_=database,
                                         routing_=neo4j.RoutingControl.READ)
    return int(records[0]["count"]) if records else 0
