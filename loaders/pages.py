"""Page furniture: footers (``第N页``) that end pages, running headers and printed page numbers.

``find_page_footers`` finds where pages end in a text extracted from a paged source without
form feeds; ``running_line_spans`` finds, in a text whose pages are separated by ``\\f`` (the PDF
reader's), the headers, footers and page numbers that normalisation drops (the original text
keeps them, so every span still points into what the PDF says).

A footer ends its page: the text before ``第N页`` (back to the previous footer) is page N.
Only footers whose numbers run in sequence (small gaps allowed, as when a page has no
footer) are accepted, so that a ``第3页`` quoted inside a sentence is not taken for one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

FOOTER = re.compile(r"第\s{0,2}(\d{1,5})\s{0,2}页")
MAX_GAP = 5  # a page without a footer, or a misprint, must not break the sequence


@dataclass(frozen=True)
class PageFooter:
    start: int  # original offset of the footer
    end: int
    page: int  # the page the footer ends


def find_page_footers(text: str) -> list[PageFooter]:
    """Footers in document order whose numbers increase by 1..MAX_GAP.

    A longest increasing run is kept: a candidate is accepted when it continues the
    sequence of accepted footers; isolated numbers that do not fit are ignored.
    """
    candidates = [PageFooter(m.start(), m.end(), int(m.group(1))) for m in FOOTER.finditer(text)]
    if len(candidates) < 2:
        return []
    accepted: list[PageFooter] = []
    for footer in candidates:
        if not accepted:
            accepted.append(footer)
            continue
        gap = footer.page - accepted[-1].page
        if 1 <= gap <= MAX_GAP:
            accepted.append(footer)
        elif len(accepted) == 1 and 1 <= footer.page <= MAX_GAP + 1:
            accepted[0] = footer  # the first candidate was a quote, restart the sequence
    return accepted if len(accepted) >= 2 else []


def page_starts(footers: list[PageFooter], text_length: int) -> tuple[list[int], list[int]]:
    """(start offsets, page numbers) of each page, for :class:`NormalizedText`.

    The text after the last footer is the page after it.
    """
    starts: list[int] = []
    numbers: list[int] = []
    previous_end = 0
    for footer in footers:
        starts.append(previous_end)
        numbers.append(footer.page)
        previous_end = footer.end
    if footers and previous_end < text_length:
        starts.append(previous_end)
        numbers.append(footers[-1].page + 1)
    return starts, numbers


# --- Running headers, footers and printed page numbers of a text whose pages are separated by \f ---

PAGE_NUMBER = re.compile(
    r"^(?:[-–—－~～\s]*\d{1,4}[-–—－~～\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|[IVXivx]{1,6})$",  # roman numerals of front matter (目录 pages)
    re.IGNORECASE,
)
# A page number glued to a header on one line: "—1—福州市人民政府文件", "资料整理：…公众号—1—".
PAGE_NUMBER_AFFIX = re.compile(r"^\s*[-–—－]\s*\d{1,4}\s*[-–—－]|[-–—－]\s*\d{1,4}\s*[-–—－]\s*$")
EDGE_LINES = 2  # headers and footers sit in the first or last lines of a page's text
MAX_RUNNING_CHARS = 40  # a running header is a short line …
_NOT_RUNNING = re.compile(r"[。；，;,]|^[（(]")  # … never a sentence, nor a marker "（责任单位：…）"
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def _line_key(line: str) -> str:
    """Compare running lines ignoring spacing and numbers (``第3页`` ~ ``第4页``)."""
    return _DIGITS.sub("#", _SPACE.sub("", line))


def _edge_indices(lines: Sequence[str]) -> list[int]:
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(non_empty[:EDGE_LINES] + non_empty[-EDGE_LINES:]))


def _may_run(line: str) -> bool:
    squeezed = _SPACE.sub("", line)
    return 0 < len(squeezed) <= MAX_RUNNING_CHARS and not _NOT_RUNNING.search(squeezed)


def running_lines(pages: Sequence[Sequence[str]]) -> list[dict[int, tuple[int, int]]]:
    """Per page, the lines (index → character range inside the line) that are not content.

    - a printed page number (``- 8 -``, ``— 3 —``, ``第3页``, ``3/7``, ``ii``) at a page edge, whole;
    - a page number glued to a header at an edge (``—1—福州市人民政府文件``): the number part;
    - a running header or footer: a short line (no sentence punctuation, not a parenthesis) at an
      edge of at least half the pages and of three pages at least (two for a two-page file),
      digits ignored (``重庆市人民政府发布``). On the first page such a line is kept unless the
      page prints it twice: a document that repeats its title as a header prints the title on
      page 1, sometimes below the same header.
    """
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_line_key(lines[i]) for i in _edge_indices(lines) if _may_run(lines[i])})
    needed = max(2 if len(pages) == 2 else 3, (len(pages) + 1) // 2)
    result: list[dict[int, tuple[int, int]]] = []
    for number, lines in enumerate(pages):
        drop: dict[int, tuple[int, int]] = {}
        for i in _edge_indices(lines):
            line = lines[i]
            running = (
                len(pages) >= 2
                and _may_run(line)
                and counts[_line_key(line)] >= needed
                and (number > 0 or sum(_line_key(other) == _line_key(line) for other in lines) > 1)
            )
            if running or PAGE_NUMBER.match(line.strip()):
                drop[i] = (0, len(line))
            elif match := PAGE_NUMBER_AFFIX.search(line):
                drop[i] = match.span()
        result.append(drop)
    return result


def drop_running_lines(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """The pages' lines without running headers, footers and page numbers (see :func:`running_lines`)."""
    result = []
    for lines, drop in zip(pages, running_lines(pages), strict=True):
        kept = []
        for i, line in enumerate(lines):
            if i not in drop:
                kept.append(line)
            elif drop[i] != (0, len(line)):
                start, end = drop[i]
                kept.append(line[:start] + line[end:])
        result.append(kept)
    return result


def running_line_spans(text: str) -> list[tuple[int, int]]:
    """Offsets in ``text`` (pages separated by ``\\f``) of what :func:`running_lines` drops."""
    if "\f" not in text:
        return []
    pages: list[list[str]] = []
    starts: list[list[int]] = []
    position = 0
    for page in text.split("\f"):
        lines = page.split("\n")
        offsets = []
        at = position
        for line in lines:
            offsets.append(at)
            at += len(line) + 1
        pages.append(lines)
        starts.append(offsets)
        position += len(page) + 1
    spans: list[tuple[int, int]] = []
    for offsets, drop in zip(starts, running_lines(pages), strict=True):
        spans.extend((offsets[i] + start, offsets[i] + end) for i, (start, end) in drop.items())
    return sorted(spans)
