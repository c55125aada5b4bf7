"""The tables of a compilation: its table of contents (目录) and its appendix of dates (附表).

Both are read from the grammar of a printed table of contents — an optional issuer label,
a title (``《…》`` or bare), dot leaders and a page number — and of a summary table —
labels, ``《…》`` titles and dates — not from any particular row. Text extracted from
such tables is often run together on one line (``…意见.....022030年前…``), so rows are
found by pattern, not by line.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# Group headings of a compilation's table of contents, e.g. 国家方案2项, 部委方案13项,
# 23个省区方案62项, 城市方案40项; the keyword tells the group.
GROUP_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("国家", "national"),
    ("中央", "national"),
    ("顶层", "national"),
    ("部委", "ministry"),
    ("部门", "ministry"),
    ("省区", "province"),
    ("省级", "province"),
    ("省份", "province"),
    ("城市", "city"),
    ("市级", "city"),
    ("地市", "city"),
)
GROUP_HEADING = re.compile(
    r"(?:\d+个)?(国家|中央|顶层|部委|部门|省区|省级|省份|城市|市级|地市)[^.《》]{0,4}?\d+项"
)
APPENDIX_HEADING = re.compile(r"附表|附录|汇总表")

# The end of one TOC row: dot leaders and the page number. The page number stops before a
# year that starts the next row's bare title (``.....02`` + ``2030年前…``): run-on extraction
# glues rows together. The row's text is what lies between two leaders, so rows are found by
# scanning for leaders (linear), never by a pattern with nested lazy repeats. Leaders are dots,
# middle dots or ellipses (……), as word processors print them.
TOC_LEADER = re.compile(r"[ \t]*(?:[.·．]{2,}|…+)[ \t.·．…]*(?P<page>\d{1,4}?(?=(?:19|20)\d\d年)|\d{1,5})")
BRACKETED_TITLE = re.compile(r"《([^《》]{1,90})》")
TOC_START = re.compile(r"目\s*录")
MAX_ROW_GAP = 120  # characters of noise (a running page header) allowed between two TOC rows
MAX_ROW_LENGTH = 200  # label + title before the leaders

# Dates a document carries itself, to check the appendix against (its columns drift): the
# source address (…/202208/t20220801_…, /art/2022/3/1/, /2022-10/09/, n2/2022/0627) and the
# signature date at its end (浙江省财政厅2022年6月13日).
ADDRESS = re.compile(r"https?://[\x21-\x7e]{4,300}")
ADDRESS_DAY = re.compile(
    r"(?<!\d)(20[0-3]\d)(?:[-/]?)(\d{2})(?:[-/]?)(\d{2})(?!\d)|/(20[0-3]\d)/(\d{1,2})/(\d{1,2})/"
    r"|/(20[0-3]\d)-(\d{2})/(\d{2})/|/(20[0-3]\d)/(\d{2})(\d{2})/"
)
ADDRESS_MONTH = re.compile(r"/(20[0-3]\d)(\d{2})/")
SIGNATURE_DATE = re.compile(r"(20[0-3]\d)年(\d{1,2})月(\d{1,2})日")
ADDRESS_WINDOW = 210  # the address follows the title on the first line
DATE_TOLERANCE_DAYS = 45  # an address date is the posting date, a little after the issue date

APPENDIX_SIMILARITY = 0.75  # title alone, without any region evidence
APPENDIX_CANDIDATE = 0.5  # title when the label or the neighbouring rows name the region
APPENDIX_MARGIN = 0.05
DATE = re.compile(r"((?:19|20)\d\d)[-/.]{1,2}(\d{1,2})[-/.]{1,2}(\d{1,2})")
BRACKETED = re.compile(r"《([^《》]{1,90})》")

# Matching text: abbreviations of the compilers (双碳 = 碳达峰碳中和) and widths unified.
_MATCH_TABLE = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "—": "-",
        "–": "-",
        "〈": "<",
        "〉": ">",
        "“": "",
        "”": "",
        '"': "",
        "、": "",
        " ": "",
        "\u3000": "",
        "《": "",
        "》": "",
    }
)
_ABBREVIATIONS = (("双碳", "碳达峰碳中和"), ("十四五", "“十四五”"))


def matching_form(text: str) -> str:
    """Text for comparison only (never for offsets)."""
    text = text.replace(_ABBREVIATIONS[0][0], _ABBREVIATIONS[0][1])
    return text.translate(_MATCH_TABLE)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def bigram_set(text: str) -> frozenset[str]:
    return frozenset(_bigrams(matching_form(text)))


def containment(short: str, long: str) -> float:
    """Share of the character bigrams of ``short`` found in ``long`` (TOC titles abbreviate)."""
    a, b = bigram_set(short), bigram_set(long)
    return len(a & b) / len(a) if a else 0.0


def containment_matrix(shorts: list[str], longs: list[str]) -> list[list[float]]:
    """``containment(shorts[i], longs[j])`` for all pairs, with bigram sets as bit masks.

    A compilation has ~100 TOC rows, ~100 heads and ~100 appendix rows: ten thousand pairs
    each way, so the sets become integers and an intersection one ``&`` and ``bit_count``.
    """
    vocabulary: dict[str, int] = {}

    def mask(text: str) -> int:
        bits = 0
        for bigram in bigram_set(text):
            bits |= 1 << vocabulary.setdefault(bigram, len(vocabulary))
        return bits

    short_masks = [mask(text) for text in shorts]
    long_masks = [mask(text) for text in longs]
    return [
        [(a & b).bit_count() / size for b in long_masks] if (size := a.bit_count()) else [0.0] * len(longs)
        for a in short_masks
    ]


def group_of(heading: str) -> str | None:
    for keyword, group in GROUP_KEYWORDS:
        if keyword in heading:
            return group
    return None


@dataclass(frozen=True)
class TocRow:
    """One document row of the table of contents."""

    label: str | None  # issuer label as printed, or inherited from the row above (same group)
    title: str  # without 《》
    page: int  # as printed (may be misprinted)
    group: str
    start: int  # original offsets of the row
    end: int


@dataclass(frozen=True)
class TableOfContents:
    rows: list[TocRow]
    group_pages: dict[str, int]  # group -> printed page of its divider page
    appendix_page: int | None  # printed page of the appendix (附表)
    end: int  # original offset after the last TOC row: the body starts after it


@dataclass(frozen=True)
class _RawRow:
    text: str  # label + title as printed (the last line before the leaders)
    page: int
    start: int
    end: int


def _rows_in_block(text: str, start: int) -> list[_RawRow]:
    # Each search is bounded to a short window so that a one-line megabyte body is never
    # scanned to its end from each of the many 目录 in it.
    rows: list[_RawRow] = []
    seen_groups: set[str] = set()
    position = start
    while True:
        leader = TOC_LEADER.search(text, position, min(len(text), position + MAX_ROW_GAP + MAX_ROW_LENGTH))
        if leader is None:
            return rows
        line_start = max(text.rfind("\n", position, leader.start()) + 1, position)
        row_text = text[line_start : leader.start()]
        if len(row_text) > MAX_ROW_LENGTH:
            return rows
        # a running page header between rows stays outside: the row is its last bracketed
        # title with its label, or the whole line when bare
        stripped = row_text.strip()
        row_start = line_start + (len(row_text) - len(row_text.lstrip()))
        heading = GROUP_HEADING.search(stripped)
        group = group_of(heading.group(1)) if heading and "《" not in stripped else None
        if group is not None:
            if group in seen_groups:
                return rows  # the table of contents starts again (a repeated copy)
            seen_groups.add(group)
        rows.append(_RawRow(stripped, int(leader.group("page")), row_start, leader.end()))
        if APPENDIX_HEADING.search(stripped) and "《" not in stripped:
            return rows  # the appendix row is the last one
        position = leader.end()


def parse_toc(text: str) -> TableOfContents | None:
    """The most complete table of contents with group headings (a compilation repeats it)."""
    best: list[_RawRow] = []
    for start in TOC_START.finditer(text):
        block = _rows_in_block(text, start.end())
        headings = sum(1 for row in block if GROUP_HEADING.search(row.text) and "《" not in row.text)
        if headings >= 2 and len(block) > len(best):
            best = block
    if not best:
        return None
    rows: list[TocRow] = []
    group_pages: dict[str, int] = {}
    appendix_page: int | None = None
    group: str | None = None
    label: str | None = None
    for raw in best:
        heading = GROUP_HEADING.search(raw.text)
        if "《" not in raw.text and heading:
            group = group_of(heading.group(1))
            if group:
                group_pages.setdefault(group, raw.page)
            label = None
            continue
        if "《" not in raw.text and APPENDIX_HEADING.search(raw.text):
            appendix_page = raw.page
            continue
        if group is None:
            continue
        titles = list(BRACKETED_TITLE.finditer(raw.text))
        if titles:
            last = titles[-1]
            before = raw.text[: last.start()]
            before = before[before.rfind("》") + 1 :]  # a running header like 《汇编》 is not a label
            label = before.strip(" \t:：") or label  # no label: the issuer of the row above
            title = last.group(1).strip()
        else:
            label, title = None, raw.text
        rows.append(TocRow(label, title, raw.page, group, raw.start, raw.end))
    return TableOfContents(rows, group_pages, appendix_page, best[-1].end)


@dataclass(frozen=True)
class AppendixRow:
    """A ``《title》`` of the appendix table with the label and date printed around it."""

    title: str
    label: str  # text between the previous cell and 《 (省级, 北京市, 杭州 …), may be ""
    date: str | None  # YYYY-MM-DD printed directly after 》; None when the cell is elsewhere
    start: int
    end: int


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_appendix(text: str, start: int, end: int) -> list[AppendixRow]:
    """Rows of a summary table in ``text[start:end]``.

    A date belongs to a title only when it follows the closing 》 directly: extracted table
    columns drift, so a date further away is as likely to be another row's.
    """
    rows: list[AppendixRow] = []
    previous_end = start
    for match in BRACKETED.finditer(text, start, end):
        between = text[previous_end : match.start()]
        between = DATE.sub("\x00", between).split("\x00")[-1]  # the label after the last date
        label = re.sub(r"[\s:：]|第\d+页", "", between)[-12:]
        following = DATE.match(text, match.end(), end)
        date = _iso(following) if following else None
        rows.append(AppendixRow(match.group(1), label, date, match.start(), match.end()))
        previous_end = following.end() if following else match.end()
    return rows


def _day(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_evidence(text: str, start: int, end: int) -> list[tuple[datetime.date, int]]:
    """(date, tolerance in days) the document itself carries: address and signature dates."""
    evidence: list[tuple[datetime.date, int]] = []
    address = ADDRESS.search(text, start, min(end, start + ADDRESS_WINDOW))
    if address:
        url = address.group(0)
        for match in ADDRESS_DAY.finditer(url):
            groups = [g for g in match.groups() if g is not None]
            day = _day(*groups[:3])
            if day:
                evidence.append((day, DATE_TOLERANCE_DAYS))
        for match in ADDRESS_MONTH.finditer(url):
            day = _day(match.group(1), match.group(2), "15")
            if day:
                evidence.append((day, DATE_TOLERANCE_DAYS + 16))
    for match in SIGNATURE_DATE.finditer(text, max(start, end - 200), end):
        day = _day(*match.groups())
        if day:
            evidence.append((day, DATE_TOLERANCE_DAYS))
    return evidence


def date_agrees(date: str, evidence: list[tuple[datetime.date, int]]) -> bool:
    printed = datetime.date.fromisoformat(date)
    return not evidence or any(abs((printed - day).days) <= tolerance for day, tolerance in evidence)


def _appendix_label(label: str) -> str:
    return re.sub(r"省级|市级|发布单位|发布日期|政策文件|简称|简写|[^\u4e00-\u9fff]", "", label)


def match_appendix(
    rows: list[AppendixRow], titles: list[list[str]], stems: list[set[str]], regions: list[set[str]]
) -> dict[int, int]:
    """Appendix row index -> part index.

    Titles propose; region evidence disposes. Many regions have a 双碳工作实施意见, so a row
    is assigned only when the title leaves one document, or the place printed before it
    (北京市, 杭州 …) or the region of the neighbouring rows (the table lists a region's rows
    together, with its label in a merged cell somewhere among them) singles one out. A
    document is never given to a row by elimination, which would pass errors along.
    """
    per_title = (
        [
            containment_matrix([row.title for row in rows], [ts[k] for ts in titles])
            for k in range(min(len(ts) for ts in titles))
        ]
        if titles
        else []
    )
    similarity = [
        [max(matrix[r][p] for matrix in per_title) for p in range(len(titles))] for r in range(len(rows))
    ]
    # only documents whose title fits at all are ever considered for a row (computed once)
    fitting = [
        {p: value for p, value in enumerate(values) if value >= APPENDIX_CANDIDATE} for values in similarity
    ]
    labels = [_appendix_label(row.label) for row in rows]
    assigned: dict[int, int] = {}
    changed = True
    while changed:
        changed = False
        for r, row in enumerate(rows):
            if r in assigned:
                continue
            if not fitting[r]:
                continue
            choice = _appendix_choice(r, labels[r], fitting[r], stems, regions, assigned)
            if choice is not None and choice not in assigned.values():
                assigned[r] = choice
                changed = True
    return assigned


def _appendix_choice(
    r: int,
    label: str,
    similarity: dict[int, float],
    stems: list[set[str]],
    regions: list[set[str]],
    assigned: dict[int, int],
) -> int | None:
    candidates = list(similarity)
    named = {
        p: max((label.rfind(s) + len(s) for s in stems[p] if s in label), default=-1) for p in candidates
    }
    near = [regions[assigned[n]] for n in (r - 1, r + 1, r - 2, r + 2) if n in assigned]
    near = [key for key in near if key]
    taken = set(assigned.values())
    if max(named.values()) >= 0:  # the label names a place: the document of the place named last
        candidates = [p for p in candidates if named[p] == max(named.values())]
        threshold = APPENDIX_CANDIDATE
    elif near:  # no place printed: a region of the nearest matched rows, its documents not yet dated
        keys = set().union(*near)
        candidates = [p for p in candidates if regions[p] & keys and p not in taken]
        threshold = APPENDIX_CANDIDATE
    else:
        threshold = APPENDIX_SIMILARITY
    ranked = sorted(candidates, key=lambda p: -similarity[p])
    if not ranked or similarity[ranked[0]] < threshold:
        return None
    if len(ranked) > 1 and similarity[ranked[1]] > similarity[ranked[0]] - APPENDIX_MARGIN:
        return None  # two documents fit as well: leave the row unmatched rather than guess
    return ranked[0]
