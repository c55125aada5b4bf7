"""The loaders' one entry point: paths → parsed documents → records.

``parse(paths)`` reads, normalises and splits each file (a compilation into its documents),
then builds each document's metadata, clause tree and citations. ``records(paths)`` flattens
that into the record stream of ``policykg parse``: per document its Document, then its
Clauses, then its Citations; files that cannot be read become ``error`` records and the
batch goes on (``on_error="raise"`` stops at the first).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from policykg.errors import InputError, NoTextLayer, OnError
from policykg.loaders.citations import CitationFinder
from policykg.loaders.clauses import PREAMBLE, ClauseSplitter
from policykg.loaders.compilation import is_compilation, split_compilation
from policykg.loaders.identity import document_id, part_id
from policykg.loaders.metadata import (
    Metadata,
    Printed,
    extract_metadata,
    kind_of,
    region_and_level,
    region_from_title,
)
from policykg.loaders.normalize import normalize
from policykg.loaders.offsets import NormalizedText
from policykg.loaders.read import MAX_BYTES, read_source
from policykg.loaders.types import Document, ErrorRecord, ParsedDocument, Record, SourceText


def default_paths() -> list[Path]:
    """The bundled corpus."""
    corpus = files("policykg.data") / "corpus"
    return sorted(Path(str(entry)) for entry in corpus.iterdir() if entry.name.endswith(".txt"))


READABLE_SUFFIXES = (".pdf", ".txt", ".docx", ".html", ".htm")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a folder stands for its readable files (``*.pdf``, ``*.txt``, ``*.docx``,
    ``*.html``), sorted by name, not recursing: ``policykg build ../shared/realcorpus/pdf``. A
    folder that holds none stays itself, so reading it reports "a directory, not a file"."""
    result: list[Path] = []
    for path in map(Path, paths):
        inside: list[Path] = []
        try:
            if path.is_dir():
                inside = sorted(p for p in path.iterdir() if p.suffix.lower() in READABLE_SUFFIXES)
        except OSError:  # a folder we may not list: reading it reports why
            inside = []
        result.extend(inside or [path])
    return result


def parse(
    paths: Iterable[str | Path] | None = None,
    on_error: OnError | str = OnError.SKIP,
    max_bytes: int = MAX_BYTES,
) -> Iterator[ParsedDocument | ErrorRecord]:
    """Parse files (default: the bundled corpus); yields documents and error/warning records."""
    policy = OnError(on_error)
    seen: dict[str, str] = {}
    for path in default_paths() if paths is None else expand_paths(paths):
        try:
            source = read_source(path, max_bytes=max_bytes)
        except NoTextLayer as exc:  # a scan: nothing wrong with the file, but nothing to read
            yield ErrorRecord(source=exc.file, reason=exc.detail, severity="warning")
            continue
        except InputError as exc:
            if policy is OnError.RAISE:
                raise
            yield ErrorRecord(source=exc.file, reason=exc.detail)
            continue
        if source.sha256 in seen:
            yield ErrorRecord(
                source=source.source,
                severity="warning",
                reason=f"duplicate of {seen[source.sha256]} (same sha256); skipped",
            )
            continue
        seen[source.sha256] = source.source
        yield from parse_source(source)


def records(
    paths: Iterable[str | Path] | None = None, on_error: OnError | str = OnError.SKIP
) -> Iterator[Record]:
    """The flat record stream: Document, its Clauses, its Citations; errors where they occur."""
    for item in parse(paths, on_error=on_error):
        if isinstance(item, ErrorRecord):
            yield item
            continue
        yield item.document
        yield from item.clauses
        yield from item.citations


def parse_source(source: SourceText) -> Iterator[ParsedDocument | ErrorRecord]:
    """One file already read: a single document or, for a compilation, each of its documents."""
    for reason in source.warnings:  # read anyway, with a warning (a truncated tail dropped …)
        yield ErrorRecord(source=source.source, reason=reason, severity="warning")
    if empty := source.metadata.get("pages_without_text"):
        pages = f"pages {empty} have" if "," in empty else f"page {empty} has"
        yield ErrorRecord(
            source=source.source,
            severity="warning",
            reason=f"{pages} no text layer (images, a scan?): not read, policykg does no OCR",
        )
    text = normalize(source.text)
    stem = Path(source.source).stem
    if is_compilation(source.text):
        split = split_compilation(source)
        for reason in split.unmatched:
            yield ErrorRecord(source=source.source, reason=f"compilation: {reason}", severity="warning")
        for index, part in enumerate(split.parts, start=1):
            start, end = text.to_normalized(part.start), text.to_normalized(part.end)
            yield from _document(source, text, part_id(stem, index), start, end, part)
        return
    meta = _metadata(source, text, 0, len(text.text))
    if len(meta.plans) < 2:
        yield from _document(source, text, document_id(stem), 0, len(text.text), None, meta)
        return
    # A notice issuing several plans: one document per plan, each from its own heading.
    bounds = [plan.start for plan in meta.plans] + [len(text.text)]
    for index, plan in enumerate(meta.plans, start=1):
        own = dataclasses.replace(
            meta,
            title=plan.title,
            kind=kind_of(plan.title) or meta.kind,
            body_start=meta.body_start if index == 1 else plan.start,
            body_end=min(meta.body_end, bounds[index]),
            skipped_lead=meta.skipped_lead if index == 1 else None,
        )
        yield from _document(source, text, part_id(stem, index), plan.start, bounds[index], None, own)


def _metadata(source: SourceText, text: NormalizedText, start: int, end: int) -> Metadata:
    """Metadata of ``text.text[start:end]``, read on the lines as printed in the original."""

    return extract_metadata(text.text, start, end, Printed(source.text, text.origin))


def _title_from_name(name: str) -> str:
    """A file named as published (``328_湖南省工业绿色“十四五”发展规划.pdf``): its title, for a
    text that prints none (a news item, an interpretation); never a hash-like name."""
    stem = re.sub(r"^\d{1,4}[_\-\s]+", "", Path(name).stem)
    return stem if re.search(r"[\u4e00-\u9fff]{4}", stem) else ""


def _document(
    source: SourceText,
    text: NormalizedText,
    document_id: str,
    start: int,
    end: int,
    part: Any,
    meta: Metadata | None = None,
) -> Iterator[ParsedDocument | ErrorRecord]:
    meta = meta or _metadata(source, text, start, end)
    if meta.skipped_lead:
        lead_start, lead_end = text.to_original(*meta.skipped_lead)
        yield ErrorRecord(
            source=source.source,
            severity="warning",
            reason=f"{document_id}: skipped a lead before the official text "
            f"(characters {lead_start}-{lead_end})",
        )
    body = meta.body_start
    while end > body and text.text[end - 1].isspace():
        end -= 1
    original_start, original_end = text.to_original(body, end)

    # A web page's metadata table (标题 / 发文机关 / 发文字号 / 成文日期) fills what the text lacks.
    page_meta = source.metadata if part is None else {}
    title = (
        getattr(part, "title", None)
        or meta.title
        or page_meta.get("title")
        or _title_from_name(source.source)
    )
    issuer = getattr(part, "issuer", None) or meta.issuer or page_meta.get("issuer")
    region, level = meta.region, meta.level
    if not meta.title and title and region is None and part is None:  # a title from the file name
        region, level = region_from_title(title, text.text[body:end], bool(meta.issuers))
    if part is not None and (part.region or part.level):
        region, level = part.region or region, part.level or level
    elif part is not None and issuer and issuer != meta.issuer:
        region, level = region_and_level(issuer, text.text[body:end])
    pages = getattr(part, "pages", None)
    if pages is None and text.page_starts:
        pages = (text.page_of(original_start), text.page_of(max(original_start, original_end - 1)))
    document = Document(
        id=document_id,
        source=source.source,
        title=title,
        issuer=issuer,
        issuers=meta.issuers if part is None else tuple(filter(None, [issuer])),
        wrapper_title=meta.wrapper_title if part is None else None,
        date=getattr(part, "date", None) or meta.date or page_meta.get("date"),
        doc_number=meta.doc_number or page_meta.get("doc_number"),
        level=level,
        region=region,
        kind=getattr(part, "kind", None) or kind_of(title) or meta.kind,
        draft=bool(getattr(part, "draft", False)) or meta.draft,
        pages=pages,
        start=original_start,
        end=original_end,
        group=getattr(part, "group", None),
        content_hash=hashlib.sha256(source.text[original_start:original_end].encode("utf-8")).hexdigest(),
        page=text.page_of(original_start),
    )
    clauses_end = min(end, meta.body_end)
    while clauses_end > body and text.text[clauses_end - 1].isspace():
        clauses_end -= 1
    clauses, own_spans = ClauseSplitter().run(text, body, clauses_end, document_id, source.source)
    citations = CitationFinder().run(
        text,
        body,
        clauses_end,
        document_id,
        source.source,
        own_spans,
        own_title=title,
        own_doc_number=meta.doc_number,
    )
    if not any(clause.path != PREAMBLE for clause in clauses):
        what = "no numbered clauses" + ("" if title else " and no title")
        yield ErrorRecord(
            source=source.source,
            severity="warning",
            reason=f"{document_id}: no recognisable structure ({what}); emitted what was found",
        )
    yield ParsedDocument(
        document=document, text=text, clauses=clauses, citations=citations, own_spans=own_spans
    )
