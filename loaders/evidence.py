"""``policykg show RECORD_ID``: a record's evidence with its context, to check against the original.

The record is found by id (document, clause, target, agency, region, obligation ids) by parsing
the given files (default: the bundled corpus); extraction runs only when the id is not a
document or clause id. The evidence is ``source_text[start:end]`` of the text the reader produced,
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


def _parsed(paths: Iterable[str | Path]) -> Iterator[tuple[SourceText, ParsedDocument]]:
    for path in paths:
        source = read_source(path)
        for item in parse_source(source):
            if isinstance(item, ParsedDocument):
                yield source, item


def find_record(
    record_id: str, paths: Iterable[str | Path] | None = None
) -> tuple[SourceText, Any, int | None]:
    """(source, record, page from the normalised text) of the record with this id."""
    parsed = list(_parsed(default_paths() if paths is None else paths))
    for source, item in parsed:
        if item.document.id == record_id:
            return source, item.document, item.document.page
        for clause in item.clauses:
            if clause.id == record_id:
                return source, clause, clause.page
    from policykg.loaders.extract.pipeline import Extractor  # slow to build: only when needed

    extractor = Extractor()
    for source, item in parsed:
        for record in extractor.run(item):
            if getattr(record, "id", None) == record_id:
                return source, record, getattr(record, "page", None)
    names = ", ".join(sorted({source.source for source, _ in parsed})) or "no files"
    raise InputError(
        names,
        f"no record with id {record_id!r}",
        "list the ids with `policykg parse` (documents, clauses) or `policykg extract`",
    )


def show_evidence(record_id: str, paths: Iterable[str | Path] | None = None, context: int = 80) -> str:
    """The record's evidence with ``context`` characters either side and its page/paragraph."""
    source, record, page = find_record(record_id, paths)
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
