"""``policykg show RECORD_ID``: a record's evidence with its context, to check against the original.

The record is found by id (document, clause, target, agency, region, obligation ids) by parsing
the given files (default: the bundled corpus): a document-scoped id is looked for in its own file
and document only, and extraction runs only when the id is not a document or clause id. The evidence is ``source_text[start:end]`` of the text the reader produced,
shown between 【】 with ``context`` characters either side, and where it lies in the original:
the page (PDF, or a text with ``第N页`` footers), Word's paragraph (DOCX) or the line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.loaders.pipeline import default_paths, parse_source
from policykg.loaders.read import read_source
from policykg.loaders.readers import locate
from policykg.loaders.types import ParsedDocument, SourceText

#: Ids of records shared by documents (loaders/extract/canonical.py, regions.py); every other id
#: starts with its document's id, whose first part is its file's stem.
SHARED_ID_PREFIXES = ("agency:", "region:")


def _parsed(paths: Iterable[str | Path]) -> Iterator[tuple[SourceText, ParsedDocument]]:
    for path in paths:
        source = read_source(path)
        for item in parse_source(source):
            if isinstance(item, ParsedDocument):
                yield source, item


def _owner(record_id: str, document_id: str) -> bool:
    """Whether the record belongs to the document: ids of clauses, targets and obligations start
    with their document's id (``004_…/二（一）1/target/0``)."""
    return record_id == document_id or record_id.startswith(document_id + "/")


def _in_document(record_id: str, item: ParsedDocument, extractor: Any) -> tuple[Any, int | None] | None:
    if item.document.id == record_id:
        return item.document, item.document.page
    for clause in item.clauses:
        if clause.id == record_id:
            return clause, clause.page
    for record in extractor().run(item):
        if getattr(record, "id", None) == record_id:
            return record, getattr(record, "page", None)
    return None


def find_record(
    record_id: str, paths: Iterable[str | Path] | None = None, hint: tuple[str, int] | None = None
) -> tuple[SourceText, Any, int | None]:
    """(source, record, page from the normalised text) of the record with this id.

    A document-scoped id (document, clause, target, obligation) names its file and document: only
    that file is read and only that document extracted. Other ids (``agency:…``, ``region:…``)
    are looked for document by document, extraction stopping at the first that has the record;
    ``hint`` (file name, character offset: where the graph says the evidence is) is looked at
    first: that file is read up to the document holding the offset, and that document extracted.
    """
    paths = list(default_paths() if paths is None else paths)
    stem = record_id.split("/", 1)[0]
    named = [p for p in paths if Path(p).stem == stem]
    built: list[Any] = []

    def extractor() -> Any:
        if not built:
            from policykg.loaders.extract.pipeline import Extractor  # ~1 s to build: only when needed

            built.append(Extractor())
        return built[0]

    hinted = [p for p in paths if hint is not None and Path(p).name == hint[0]]
    if hint is not None and hinted and record_id.startswith(SHARED_ID_PREFIXES):
        for source, item in _parsed(hinted[:1]):
            if item.document.start <= hint[1] <= item.document.end:
                found = _in_document(record_id, item, extractor)
                if found is not None:
                    return source, *found
                break  # the file changed since it was loaded: look everywhere
    for source, item in _parsed(named):  # the record's own file, its own document
        if _owner(record_id, item.document.id):
            found = _in_document(record_id, item, extractor)
            if found is not None:
                return source, *found
    if not named and record_id.startswith(SHARED_ID_PREFIXES):  # every document, in order
        for source, item in _parsed(paths):
            found = _in_document(record_id, item, extractor)
            if found is not None:
                return source, *found
    names = ", ".join(sorted(Path(p).name for p in named or paths)) or "no files"
    where = "" if named or record_id.startswith(SHARED_ID_PREFIXES) else f" (no file named {stem}.*)"
    raise InputError(
        names,
        f"no record with id {record_id!r}{where}",
        "list the ids with `policykg parse PATH` (documents, clauses, targets, agencies …)",
    )


def show_evidence(
    record_id: str,
    paths: Iterable[str | Path] | None = None,
    context: int = 80,
    hint: tuple[str, int] | None = None,
) -> str:
    """The record's evidence with ``context`` characters either side and its page/paragraph
    (``hint``: see :func:`find_record`)."""
    source, record, page = find_record(record_id, paths, hint)
    start, end = record.start, record.end
    text = source.text
    where = locate(source, start)
    if page is not None and not where.startswith("page"):
        where = f"page {page}, {where}"
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    evidence = text[start:end]
    if len(evidence) > 4 * context:  # a whole document or chapter: its beginning and end suffice
        evidence = evidence[: 2 * context] + " … " + evidence[-2 * context :]
    body = (
        ("…" if start > context else "")
        + before
        + "【"
        + evidence
        + "】"
        + after
        + ("…" if end + context < len(text) else "")
    )
    body = body.replace("\f", "\n——— page break ———\n")
    return f"{record_id} ({record.type}) in {source.source}, {where}, characters {start}-{end}\n{body}"
