"""Citations of other documents: ``《…》`` titles and document numbers (文号).

A title directly followed by its 文号 in brackets (``《国家碳达峰试点建设方案》（发改环资〔2023〕1409号）``)
is one citation with both fields. The relation is ``based_on`` when the sentence makes the
cited document a basis (根据, 按照, 依据, 为落实, 贯彻落实, 落实…要求/部署), else ``cites``.
"""

from __future__ import annotations

import bisect
import re

from policykg.loaders import types
from policykg.loaders.offsets import NormalizedText
from policykg.loaders.types import Citation

TITLE = re.compile(r"《([^《》\n]{2,120})》")
# 文号: issuer abbreviation, year in 〔〕 (or the [] （） ［］ 【】 variants), serial number, 号.
# Found from the bracketed year (cheap to scan for), then the abbreviation is read backwards.
YEAR_SERIAL = re.compile(
    r"[〔\[［（(【]\s?(?P<year>(?:19|20)\d{2})\s?[〕\]］）)】]\s?(?P<serial>\d{1,4})\s?号"
)
ISSUER_ABBREVIATION = re.compile(r"[\u4e00-\u9fff]{1,10}\s?$")
# Words that end the phrase before an issuer abbreviation: "根据发改环资〔2023〕…" → 发改环资.
PREFIX_STOP = re.compile(
    r"^.*(?:根据|按照|依据|依照|遵照|参照|参考|对照|详见|落实|印发|转发|通知|要求|精神|文件|以及|和|及|与|的|即|见|号)"
)
BASIS_BEFORE = re.compile(r"根据|按照|依据|依照|遵照|遵循|贯彻|为落实")
BASIS_AFTER = re.compile(r"要求|部署|精神|制定本")
SENTENCE_BREAK = "。！？；\n"
PHRASE_BREAK = SENTENCE_BREAK + "，"
WINDOW = 400  # how far a sentence is searched around a citation


def doc_number_at(normalized: str, match: re.Match[str], floor: int = 0) -> tuple[int, str] | None:
    """(start, canonical 文号 with 〔〕) for a bracketed year; None without a plausible issuer."""
    before = ISSUER_ABBREVIATION.search(normalized, max(floor, match.start() - 11), match.start())
    if before is None:
        return None
    core = before.group().rstrip()
    prefix = PREFIX_STOP.sub("", core)
    if not prefix or len(prefix) > 8:
        return None
    return before.start() + len(core) - len(prefix), f"{prefix}〔{match['year']}〕{match['serial']}号"


class CitationFinder:
    """One ``run``: the citations in a document range of a normalised text."""

    def run(
        self,
        text: NormalizedText,
        start: int,
        end: int,
        document_id: str,
        source: str,
        own_spans: dict[str, tuple[int, int]],
        own_title: str | None = None,
        own_doc_number: str | None = None,
    ) -> list[Citation]:
        normalized = text.text
        clause_starts = sorted((span[0], span[1], clause_id) for clause_id, span in own_spans.items())
        starts = [item[0] for item in clause_starts]
        found: list[tuple[int, int, str | None, str | None]] = []
        used_numbers: set[int] = set()
        for match in TITLE.finditer(normalized, start, end):
            title = match.group(1).strip()
            span_end = match.end()
            doc_number = None
            if span_end < end and normalized[span_end] in "（(":
                follow = YEAR_SERIAL.search(normalized, span_end + 2, min(end, span_end + 30))
                number = doc_number_at(normalized, follow, span_end + 1) if follow else None
                if (
                    follow
                    and number
                    and number[0] == span_end + 1
                    and follow.end() < end
                    and normalized[follow.end()] in "）)"
                ):
                    doc_number = number[1]
                    used_numbers.add(follow.start())
                    span_end = follow.end() + 1
            if own_title and _same_title(title, own_title) and doc_number is None:
                continue  # the document naming itself ("现将《…实施方案》印发给你们")
            found.append((match.start(), span_end, title, doc_number))
        for match in YEAR_SERIAL.finditer(normalized, start, end):
            if match.start() in used_numbers:
                continue
            number = doc_number_at(normalized, match, start)
            if number and number[1] != own_doc_number:
                found.append((number[0], match.end(), None, number[1]))
        found.sort()
        citations = []
        for span_start, span_end, title, doc_number in found:
            original_start, original_end = text.to_original(span_start, span_end)
            citations.append(
                Citation(
                    document=document_id,
                    clause=_clause_at(clause_starts, starts, span_start),
                    title=title,
                    doc_number=doc_number,
                    relation=types.relation(relation(normalized, span_start, span_end, start, end)),
                    start=original_start,
                    end=original_end,
                    source=source,
                    page=text.page_of(original_start),
                )
            )
        return citations


def relation(normalized: str, span_start: int, span_end: int, start: int, end: int) -> str:
    """``based_on`` when the phrase introducing the citation makes it a basis."""
    floor, ceiling = max(start, span_start - WINDOW), min(end, span_end + WINDOW)
    phrase_start = max((normalized.rfind(ch, floor, span_start) for ch in PHRASE_BREAK), default=-1)
    if phrase_start < 0:
        phrase_start = floor - 1
    sentence_end = min(
        (i for i in (normalized.find(ch, span_end, ceiling) for ch in SENTENCE_BREAK) if i >= 0),
        default=ceiling,
    )
    # Words inside other cited titles ("《…全面贯彻新发展理念…》") are no markers.
    before_phrase = TITLE.sub("《》", normalized[phrase_start + 1 : span_start])
    after = TITLE.sub("《》", normalized[span_end:sentence_end])
    if BASIS_BEFORE.search(before_phrase):
        return "based_on"
    if "落实" in before_phrase and BASIS_AFTER.search(after):
        return "based_on"
    return "cites"


def _same_title(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def _clause_at(clauses: list[tuple[int, int, str]], starts: list[int], position: int) -> str | None:
    """The clause whose own text holds the position: own spans partition the document, so the
    last one starting at or before the position (a parent's own text ends at its first child)."""
    i = bisect.bisect_right(starts, position) - 1
    return clauses[i][2] if i >= 0 else None
