"""Page footers (``第N页``): where pages end in a text extracted from a paged source.

A footer ends its page: the text before ``第N页`` (back to the previous footer) is page N.
Only footers whose numbers run in sequence (small gaps allowed, as when a page has no
footer) are accepted, so that a ``第3页`` quoted inside a sentence is not taken for one.
"""

from __future__ import annotations

import re
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
