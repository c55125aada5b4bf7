"""Readers of downloaded originals, one module per format, behind :class:`policykg.loaders.read.Reader`.

- :mod:`.pdf`: PDF with a text layer (pypdf); pages joined by ``\\f``, running headers/footers dropped;
- :mod:`.docx`: DOCX (zipfile + lxml) with Word's generated list numbers, one line per paragraph;
- :mod:`.html`: a saved government web page (trafilatura) plus its metadata table.

:func:`policykg.loaders.read.read_source` registers them on first use (media type by magic bytes);
:func:`locate` says where an offset of a reader's text lies in the original file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policykg.loaders.readers.docx import DocxReader, paragraph_of, read_paragraphs
from policykg.loaders.readers.html import HtmlReader
from policykg.loaders.readers.pdf import PdfReader, page_starts
from policykg.loaders.types import SourceText

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"

__all__ = ["DocxReader", "HtmlReader", "PdfReader", "locate", "register_all"]


def register_all(register: Callable[[str, Any], None]) -> None:
    """Register the readers with :func:`policykg.loaders.read.register_reader`."""
    register(PDF, PdfReader())
    register(DOCX, DocxReader())
    register(HTML, HtmlReader())


def locate(source: SourceText, offset: int) -> str:
    """Where an offset of ``source.text`` lies in the original: ``page 3`` (PDF, from the
    form feeds the PDF reader put between pages), ``paragraph 12`` (DOCX: Word's body
    paragraphs, table cells included, counted from 1), else ``line 40``."""
    if source.media_type == PDF:
        return f"page {paragraph_of(page_starts(source.text), offset)}"
    if source.media_type == DOCX:
        with open(source.path, "rb") as handle:
            _, starts = read_paragraphs(handle.read(), source.source)
        return f"paragraph {paragraph_of(starts, offset)}"
    return f"line {source.text.count(chr(10), 0, offset) + 1}"
