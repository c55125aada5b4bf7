"""PDF with a text layer → text, one page after another, pages separated by a form feed ``\\f``.

Library: **pypdfium2** (Python bindings to Google's PDFium, the Chrome PDF engine; BSD-3-Clause /
Apache-2.0, binary wheels for Linux/macOS/Windows). Compared on the Qingdao plan printed by
LibreOffice (``bench/bench_readers.py --compare``, 70 and 140 pages, best of 3, on this shared
2-CPU machine, so ranges over two runs):

- pypdfium2: 390–560 pages/s; Chinese in reading order, list numbers kept inline (``1. 实施…``),
  spaces around Latin digits (``2024 年``: normalisation drops them);
- pypdf (BSD-3, pure Python): the same text quality but 7–19 pages/s, 20–50 times slower (a profile
  shows most of the time in parsing the page content streams in Python);
- pdfplumber (MIT, on pdfminer.six): the same text as pypdf, 7–9 pages/s;
- pdfminer.six (MIT): 11–15 pages/s, and drops the generated list numbers (``1.``) into a separate
  text box placed elsewhere, so clause labels go missing;
- PyMuPDF (AGPL-3.0 or commercial): 430–650 pages/s, about as fast, but it splits ``1.`` onto its
  own line, and the AGPL would oblige everyone who distributes policykg, or serves it over a network, to offer the
  whole program's source under the AGPL: not acceptable as a dependency of an Apache-2.0 project.

Page numbers are the PDF's own page order (1-based). The reader's text is the concatenation of
the page texts joined by ``\\f``; :func:`policykg.loaders.normalize.normalize` turns each ``\\f``
into a page start, so ``NormalizedText.page_of`` gives the page of any span.

Running headers and footers (a line repeated at the top or bottom of most pages, digits
ignored) and printed page numbers (``- 3 -``, ``第3页``, ``3/7``, ``Page 3``) are dropped. A PDF
whose pages carry (almost) no text is a scan: ``InputError(file, "no text layer: OCR it first")``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from policykg.errors import InputError

PAGE_NUMBER = re.compile(
    r"^(?:[-–—－~～\s]*\d{1,4}[-–—－~～\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
EDGE_LINES = 2  # headers and footers sit in the first or last lines of a page's text
MIN_CHARS_PER_PAGE = 10  # fewer visible characters per page than this on average: a scan
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def _line_key(line: str) -> str:
    """Compare running lines ignoring spacing and numbers (``第3页`` ~ ``第4页``)."""
    return _DIGITS.sub("#", _SPACE.sub("", line))


def _edge_indices(lines: Sequence[str]) -> list[int]:
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    edges = non_empty[:EDGE_LINES] + non_empty[-EDGE_LINES:]
    return sorted(set(edges))


def drop_running_lines(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Remove headers, footers and page numbers printed on the pages.

    A line at a page edge is running when its key is at an edge of at least half the pages
    (and of two pages at least); a page-number line is dropped at any edge.
    """
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_line_key(lines[i]) for i in _edge_indices(lines)})
    needed = max(2, (len(pages) + 1) // 2)
    result = []
    for lines in pages:
        drop = set()
        for i in _edge_indices(lines):
            stripped = lines[i].strip()
            if PAGE_NUMBER.match(stripped) or counts[_line_key(lines[i])] >= needed and len(pages) >= 2:
                drop.add(i)
        result.append([line for i, line in enumerate(lines) if i not in drop])
    return result


def extract_pages(raw: bytes, name: str) -> list[list[str]]:
    """The text lines of each page, in page order."""
    import pypdfium2 as pdfium  # imported here: only PDF input needs it

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(name, "encrypted PDF", "save an unprotected copy from a PDF viewer") from exc
        raise InputError(
            name,
            f"unreadable PDF ({exc})",
            "download it again, or open it in a PDF viewer and save a new copy",
        ) from exc
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            # PDFium ends lines with \r\n and marks a hyphenation point with \x02 / \ufffe
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            pages.append(text.replace("\x02", "").replace("\ufffe", "").split("\n"))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


def page_texts(raw: bytes, name: str) -> list[str]:
    """Each page's text without running headers/footers; raises on a PDF without a text layer."""
    pages = extract_pages(raw, name)
    if not pages:
        raise InputError(name, "PDF without pages")
    visible = sum(len(_SPACE.sub("", line)) for lines in pages for line in lines)
    if visible < MIN_CHARS_PER_PAGE * len(pages):
        raise InputError(
            name,
            "no text layer: OCR it first",
            "run OCR (e.g. ocrmypdf --language chi_sim) and read the OCRed PDF",
        )
    return ["\n".join(line.rstrip() for line in lines).strip("\n") for lines in drop_running_lines(pages)]


class PdfReader:
    """The :class:`policykg.loaders.read.Reader` of ``application/pdf``."""

    def read(self, raw: bytes, name: str) -> tuple[str, str]:
        return "\n\f".join(page_texts(raw, name)), "pdf"


def page_starts(text: str) -> list[int]:
    """Offsets where each page of a reader's text begins (page N starts at ``result[N - 1]``)."""
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\f"]
