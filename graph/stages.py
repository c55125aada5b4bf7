"""The stages of ingest, one small typed interface each (after neo4j-graphrag's components):

=======  ===========================  ======================================  =====================
stage    in                           out                                     default
=======  ===========================  ======================================  =====================
read     ``Path``                     ``SourceText`` (or ``InputError``)      loaders/read.py
parse    ``SourceText``               ``ParsedDocument`` | ``ErrorRecord``…   loaders/pipeline.py
extract  ``ParsedDocument``           ``DocumentBatch``                       loaders/extract/
derive   ``ParsedDocument`` digests   ``ExternalPlan``, ``Derivation`` lists  graph/derive.py
write    ``DocumentBatch`` sequence   ``WriteStats``                          graph/neo4j_writer.py
=======  ===========================  ======================================  =====================

:func:`policykg.graph.ingest.ingest` composes them (:class:`Stages`); each is a class with one
``run`` whose signature is the contract (the derive stage has the three steps ingest interleaves
with writing). The defaults hold no state that cannot cross to a worker process: the spaCy
pipeline and the deriver are built once per process, when first used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from policykg.loaders.types import (
    Derivation,
    DocumentBatch,
    ErrorRecord,
    ExternalPlan,
    ParsedDocument,
    SourceText,
)

if TYPE_CHECKING:
    from policykg.graph.derive import Deriver
    from policykg.graph.neo4j_writer import Neo4jWriter, WriteStats
    from policykg.loaders.extract.pipeline import Extractor


class ReadStage(Protocol):
    def run(self, path: Path) -> SourceText:
        """The file's decoded original text; raises ``InputError`` naming the file and the fix."""
        ...


class ParseStage(Protocol):
    def run(self, source: SourceText) -> Iterator[ParsedDocument | ErrorRecord]:
        """The file's documents (a compilation gives several) and its warning/error records."""
        ...


class ExtractStage(Protocol):
    def run(self, parsed: ParsedDocument) -> DocumentBatch:
        """The document with its clauses, citations and extracted records: what the writer takes."""
        ...


class DeriveStage(Protocol):
    def digest(self, parsed: ParsedDocument) -> ParsedDocument:
        """What DERIVES_FROM keeps of a document until every document is read (small)."""
        ...

    def external_plans(self, digests: Sequence[ParsedDocument]) -> list[ExternalPlan]:
        """Stand-ins for the plans the documents cite as a basis but the corpus lacks."""
        ...

    def batches(self, digests: Sequence[ParsedDocument], workers: int) -> Iterator[list[Derivation]]:
        """DERIVES_FROM edges, batch by batch (each can be written while the next is computed)."""
        ...


class WriteStage(Protocol):
    def run(
        self, batches: Sequence[DocumentBatch], progress: Callable[[int, int], None] | None = None
    ) -> WriteStats:
        """Each document written whole (new, changed or skipped as unchanged); what was done."""
        ...


# --------------------------------------------------------------------------- the defaults


class SourceReader:
    """``read``: bytes → decoded original text, by content (``loaders/read.py``, its readers)."""

    def run(self, path: Path) -> SourceText:
        from policykg.loaders.read import read_source

        return read_source(path)


class DocumentParser:
    """``parse``: normalise, split a compilation, metadata, clause tree, citations."""

    def run(self, source: SourceText) -> Iterator[ParsedDocument | ErrorRecord]:
        from policykg.loaders.pipeline import parse_source

        return iter(parse_source(source))


_EXTRACTOR: list[Extractor] = []  # one spaCy pipeline per process (building one takes ~1 s)


class RecordExtractor:
    """``extract``: targets, agencies, regions, obligations… (``loaders/extract/``, the kinds of
    ``loaders/kinds.py``). ``enabled=False``: the parsed structure only (plans, clauses, citations)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def run(self, parsed: ParsedDocument) -> DocumentBatch:
        return DocumentBatch.of(parsed, self._extractor().run(parsed) if self.enabled else ())

    @staticmethod
    def _extractor() -> Extractor:
        # imported here: spaCy takes ~1 s to import, and commands that only read the graph skip it
        from policykg.loaders.extract.pipeline import Extractor

        if not _EXTRACTOR:
            _EXTRACTOR.append(Extractor())
        return _EXTRACTOR[0]


class PlanDeriver:
    """``derive``: basis citations, then clause similarity between plans (``graph/derive.py``)."""

    def __init__(self) -> None:
        self._deriver: Deriver | None = None

    def digest(self, parsed: ParsedDocument) -> ParsedDocument:
        from policykg.graph.derive import digest

        return digest(parsed)

    def external_plans(self, digests: Sequence[ParsedDocument]) -> list[ExternalPlan]:
        return self._get().external_plans(digests)

    def batches(self, digests: Sequence[ParsedDocument], workers: int) -> Iterator[list[Derivation]]:
        return iter(self._get().batches(digests, workers=workers))

    def _get(self) -> Deriver:
        from policykg.graph.derive import Deriver

        if self._deriver is None:
            self._deriver = Deriver()
        return self._deriver

    def __getstate__(self) -> dict[str, object]:  # a worker process builds its own
        return {"_deriver": None}


class DocumentWriter:
    """``write``: documents in groups of whole documents per transaction (``Neo4jWriter``)."""

    def __init__(self, writer: Neo4jWriter) -> None:
        self.writer = writer

    def run(
        self, batches: Sequence[DocumentBatch], progress: Callable[[int, int], None] | None = None
    ) -> WriteStats:
        return self.writer.write_documents(batches, progress)


@dataclass(frozen=True)
class Stages:
    """What ingest runs for read, parse, extract and derive (the write stage needs the driver, so
    ingest makes it). ``derive=None``: no DERIVES_FROM and no stand-ins for cited plans."""

    read: ReadStage = field(default_factory=SourceReader)
    parse: ParseStage = field(default_factory=DocumentParser)
    extract: ExtractStage = field(default_factory=RecordExtractor)
    derive: DeriveStage | None = field(default_factory=PlanDeriver)

    @classmethod
    def default(cls, *, extract: bool = True, derive: bool = True) -> Stages:
        return cls(extract=RecordExtractor(extract), derive=PlanDeriver() if derive else None)
