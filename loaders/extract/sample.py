"""``ParsedDocument``s for tests and benchmarks of the extraction stage.

The loaders' pipeline (``policykg.loaders.pipeline.parse``) gives the documents; where it does
not cover the asked span, a document is built here from the loaders' parts (read, normalise,
split into clauses) over that span, so extraction can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from policykg.loaders.types import Document, ParsedDocument


def _loaders_parse(path: Path) -> Iterator[ParsedDocument]:
    from policykg.loaders.pipeline import parse  # here: the pipeline imports the extraction stage

    return (item for item in parse([path]) if isinstance(item, ParsedDocument))


def build_parsed_document(
    path: Path, original_span: tuple[int, int] | None = None, document_id: str | None = None
) -> ParsedDocument:
    """Read, normalise and split ``path`` (or its ``original_span``) without the loaders' pipeline."""
    from policykg.loaders.clauses import ClauseSplitter
    from policykg.loaders.normalize import normalize
    from policykg.loaders.read import read_source

    source = read_source(path)
    text = normalize(source.text)
    original_start, original_end = original_span or (0, len(source.text))
    start, end = text.to_normalized(original_start), text.to_normalized(original_end)
    document_id = document_id or f"{path.stem}:{original_start}"
    clauses, own_spans = ClauseSplitter().run(text, start, end, document_id, source.source)
    document = Document(
        id=document_id,
        source=source.source,
        title=path.stem,
        issuer=None,
        date=None,
        doc_number=None,
        level=None,
        region=None,
        kind=None,
        draft=False,
        pages=None,
        start=original_start,
        end=original_end,
    )
    return ParsedDocument(document=document, text=text, clauses=clauses, own_spans=own_spans)


def parsed_document(path: str | Path, original_span: tuple[int, int] | None = None) -> ParsedDocument:
    """The document of ``path`` that covers ``original_span`` (the whole file when None)."""
    path = Path(path)
    for parsed in _loaders_parse(path):
        if original_span is None:
            return parsed
        middle = (original_span[0] + original_span[1]) // 2
        length = original_span[1] - original_span[0]
        document = parsed.document
        # A compilation not yet split is one huge document: build the span's own instead.
        if document.start <= middle < document.end and document.end - document.start < 2 * length:
            return parsed
    return build_parsed_document(path, original_span)
