"""Split a compilation (汇编) of policy documents into its documents.

A compilation is one long text of many plans: a table of contents (目录) grouped into
国家方案 / 部委方案 / 省区方案 / 城市方案 with printed page numbers, the documents with page
footers ``第N页`` (a footer ends its page), and an appendix table (附表) with publication
dates. The table of contents says which documents there are and in which order; the body
says where each really starts: a page begins with the issuer and the document's own title,
``浙江省《中共浙江省委浙江省人民政府关于…的实施意见》http://…`` or ``国务院2030年前碳达峰行动方案
扫码查看全文``. TOC rows are aligned to these heads in order (title similarity, issuer label,
printed page), so a misprinted page number (``1277`` for 127) is recovered from the title.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from policykg.loaders.compilation_toc import (
    APPENDIX_HEADING,
    GROUP_HEADING,
    TableOfContents,
    TocRow,
    containment_matrix,
    date_agrees,
    date_evidence,
    match_appendix,
    parse_appendix,
    parse_toc,
)
from policykg.loaders.pages import PageFooter, find_page_footers
from policykg.loaders.types import SourceText

# What follows a document's title on its first page: the address it was taken from, or the
# QR-code caption of the compiler.
HEAD_MARKER = re.compile(r"\s*(?:[(（]非官网[)）]\s*)?(?:https?://|www\.)|\s*扫码(?:查看全文|下载原文)")
HEAD_BRACKETED = re.compile(r"(?P<label>[^《》\s。，,；;：:、！!？?\d]{0,12}?)《(?P<title>[^《》]{2,150})》")
QR_CAPTION = re.compile(r"扫码(?:查看全文|下载原文)")
URL_AFTER_TITLE = re.compile(r"》\s*(?:[(（]非官网[)）]\s*)?https?://")
SENTENCE_END = "。；;！!？?）)页日"
MAX_HEAD_LENGTH = 160

MIN_TITLE_SIMILARITY = 0.4  # a TOC title shares at least this share of bigrams with the body title
# similarity + 0.3 issuer label agrees + 0.5 printed page right (less when near) + 0.2 address
# follows: a pair below this is no match however the alignment would like it
MIN_ALIGN_SCORE = 0.9

# The 34 province-level divisions: a TOC label (宁夏, 内蒙古) names one by its first characters.
PROVINCES = (
    "北京市",
    "天津市",
    "上海市",
    "重庆市",
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
    "台湾省",
    "内蒙古自治区",
    "广西壮族自治区",
    "西藏自治区",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "香港特别行政区",
    "澳门特别行政区",
)
PLACE_SUFFIX = re.compile(
    r"(?:壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|自治州|省|市|区|县|盟|州)$"
)
# A district (区) named at the start of a title or label: 徐汇区碳达峰…, 重庆市大足区关于…
DISTRICT = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?市)?([\u4e00-\u9fff]{2,3}区)")
PLACE_PARTS = re.compile(r"[\u4e00-\u9fff]{2,}?(?:省|市|区|县|盟)|[\u4e00-\u9fff]+$")
NOT_DISTRICT = ("地区", "园区", "示范区", "试验区", "片区", "自治区", "城区", "市区", "景区")
# Kinds, longest first; compound kinds fold into the base kind the catalogue uses.
KINDS = (
    "实施方案",
    "行动方案",
    "行动计划",
    "工作计划",
    "实施细则",
    "实施意见",
    "若干措施",
    "工作措施",
    "规划",
    "决定",
    "意见",
    "细则",
    "措施",
    "计划",
    "通知",
    "纲要",
    "办法",
    "方案",
)
KIND_BASE = {
    "实施意见": "意见",
    "行动计划": "计划",
    "工作计划": "计划",
    "实施细则": "细则",
    "若干措施": "措施",
    "工作措施": "措施",
}
TRAILING_PARENTHESES = re.compile(r"[(（][^()（）]*[)）]$")
# The issuer named in an official title: the organs before 关于 / 印发 (中共浙江省委浙江省人民政府关于…)
TITLE_ISSUER = re.compile(r"^(.{2,40}?(?:委|政府|厅|局|部|委员会|办公室|办公厅))、?(?:关于|印发)")
ORGAN_ABBREVIATION = re.compile(r"^[\u4e00-\u9fff]{2,6}(?:部|委|局|总局|署|办)$")


@dataclass(frozen=True)
class CompiledPart:
    start: int  # original offsets of this document's body (title .. before the next document)
    end: int
    title: str  # the document's own (body) title
    toc_title: str  # as in the TOC row
    issuer: str | None
    group: str  # national | ministry | province | city
    level: str  # national | ministry | province | city | district
    region: str | None
    pages: tuple[int, int] | None  # first, last page
    date: str | None  # YYYY-MM-DD from the appendix
    draft: bool  # 征求意见稿
    kind: str | None
    toc_page: int | None  # the page number printed in the TOC


@dataclass(frozen=True)
class CompilationSplit:
    parts: list[CompiledPart]
    unmatched: list[str]  # TOC rows not found, appendix rows not matched, misprints recovered


@dataclass(frozen=True)
class _Head:
    start: int  # where the document begins (its issuer label)
    label: str
    title: str
    page: int
    strong: bool  # followed by an address or a QR caption


def is_compilation(text: str) -> bool:
    """A table of contents with group headings and many page footers."""
    head = text[:50_000]
    if len({m.group(1) for m in GROUP_HEADING.finditer(head)}) < 2:
        return False
    return parse_toc(text) is not None and len(find_page_footers(text)) >= 20


class _Pages:
    """Page arithmetic over footers: a footer ends its page."""

    def __init__(self, footers: list[PageFooter]) -> None:
        self.footers = footers
        self.ends = [f.end for f in footers]

    def starting_at(self, offset: int) -> int | None:
        """The page on which text at ``offset`` stands, counting a page from its footer back."""
        if not self.footers:
            return None
        i = bisect.bisect_right(self.ends, offset)
        return int(self.footers[0].page if i == 0 else self.footers[i - 1].page + 1)

    def ending_at(self, end: int) -> int | None:
        """The page of the last character before ``end``."""
        if not self.footers:
            return None
        i = bisect.bisect_left(self.ends, end)
        return int(self.footers[i].page if i < len(self.footers) else self.footers[-1].page + 1)

    def start_of(self, page: int) -> int | None:
        """Offset where ``page`` begins: after the footer of the page before it."""
        for footer in self.footers:
            if footer.page == page - 1:
                return int(footer.end)
        return None


def _head_at(text: str, position: int, pages: _Pages) -> _Head | None:
    page = pages.starting_at(position) or 0
    match = HEAD_BRACKETED.match(text, position)
    if match:
        strong = HEAD_MARKER.match(text, match.end()) is not None
        return _Head(position, match.group("label"), match.group("title").strip(), page, strong)
    caption = QR_CAPTION.search(text, position, position + MAX_HEAD_LENGTH)
    if caption and "。" not in text[position : caption.start()] and caption.start() - position >= 4:
        return _Head(position, "", text[position : caption.start()].strip(), page, True)
    return None


def _find_heads(text: str, pages: _Pages, body_start: int, body_end: int) -> list[_Head]:
    heads: dict[int, _Head] = {}
    for footer in pages.footers:
        if body_start <= footer.end < body_end:
            head = _head_at(text, footer.end, pages)
            if head:
                heads[head.start] = head
    # A document may also begin mid-page: 《title》 followed by its address after a sentence end.
    for url in URL_AFTER_TITLE.finditer(text, body_start, body_end):
        opening = text.rfind("《", max(body_start, url.start() - MAX_HEAD_LENGTH), url.start())
        if opening < 0:
            continue
        label_start = opening
        while (
            label_start > body_start
            and opening - label_start < 12
            and text[label_start - 1] not in (SENTENCE_END + "》《，,、：:\n")
        ):
            label_start -= 1
        if label_start > body_start and text[label_start - 1] not in SENTENCE_END:
            continue
        if label_start not in heads:
            head = _head_at(text, label_start, pages)
            if head:
                heads[label_start] = head
    return [heads[k] for k in sorted(heads)]


def _place_keys(label: str | None) -> set[str]:
    """Two-character keys of the places in a label: 上海市徐汇区 -> {上海, 徐汇}, 内蒙古 -> {内蒙}."""
    return {place[:2] for place in PLACE_PARTS.findall(label or "") if len(place) >= 2}


def _stem(place: str | None) -> str:
    return PLACE_SUFFIX.sub("", place or "")[:3]


def _label_agrees(row: TocRow, head: _Head) -> bool:
    stem = _stem(row.label)
    return len(stem) >= 2 and (stem[:2] in head.label or head.title.startswith(stem[:2]))


def _score_matrix(rows: list[TocRow], heads: list[_Head]) -> list[list[float]]:
    """score[i][j]: how well TOC row i names head j (0 when the titles do not match)."""
    # the head's label may carry words of the title (国务院2030年前…): compare with both together
    similarities = containment_matrix([row.title for row in rows], [h.label + h.title for h in heads])
    matrix = [[0.0] * len(heads) for _ in rows]
    for i, row in enumerate(rows):
        for j, head in enumerate(heads):
            similarity = similarities[i][j]
            if similarity < MIN_TITLE_SIMILARITY:
                continue
            distance = abs(head.page - row.page)
            page_score = 1.0 if distance == 0 else 0.6 if distance <= 2 else 0.3 if distance <= 10 else 0.0
            matrix[i][j] = similarity + 0.3 * _label_agrees(row, head) + 0.5 * page_score + 0.2 * head.strong
    return matrix


def _align(rows: list[TocRow], heads: list[_Head]) -> dict[int, int]:
    """Row index -> head index, in order, maximising the total score (TOC order = body order)."""
    score = _score_matrix(rows, heads)
    n, m = len(rows), len(heads)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        above, here, row_score = best[i - 1], best[i], score[i - 1]
        for j in range(1, m + 1):
            value = max(above[j], here[j - 1])
            if row_score[j - 1] >= MIN_ALIGN_SCORE:
                value = max(value, above[j - 1] + row_score[j - 1])
            here[j] = value
    pairs: dict[int, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        value = score[i - 1][j - 1]
        if value >= MIN_ALIGN_SCORE and best[i][j] == best[i - 1][j - 1] + value:
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs


def _kind(title: str) -> str | None:
    core = title
    while TRAILING_PARENTHESES.search(core):
        core = TRAILING_PARENTHESES.sub("", core)
    for kind in KINDS:
        if core.endswith(kind):
            return KIND_BASE.get(kind, kind)
    found = [(core.rfind(kind), -len(kind), kind) for kind in KINDS if kind in core]
    return KIND_BASE.get(max(found)[2], max(found)[2]) if found else None


def _expand_organ(label: str, body: str) -> str:
    """工信部 -> 工业和信息化部 when the document itself spells the organ out."""
    if not ORGAN_ABBREVIATION.match(label) or label in body:
        return label  # a document that writes 财政部 itself is signed 财政部
    pattern = re.compile(label[0] + "".join(rf"[^\W\d_的和与及、]{{0,6}}?{re.escape(c)}" for c in label[1:]))
    longer = Counter(m.group(0) for m in pattern.finditer(body) if len(m.group(0)) > len(label))
    name, count = longer.most_common(1)[0] if longer else (label, 0)
    return name if count >= 2 else label


def _region(label: str | None) -> str | None:
    if not label:
        return None
    for province in PROVINCES:
        if label == province or (
            len(label) >= 2 and province.startswith(label) and len(label) <= len(province)
        ):
            return province
    return label if PLACE_SUFFIX.search(label) else label + "市"


def _district(*texts: str) -> str | None:
    for text in texts:
        match = DISTRICT.match(text)
        if match and not match.group(1).endswith(NOT_DISTRICT):
            return match.group(1)
    return None


def _body_end(text: str, toc: TableOfContents, pages: _Pages, after: int) -> int:
    if toc.appendix_page is not None:
        start = pages.start_of(toc.appendix_page)
        if start is not None and start > after:
            return start
    tail = [m.start() for m in APPENDIX_HEADING.finditer(text, after)]
    return tail[0] if tail else len(text)


def split_compilation(src: SourceText) -> CompilationSplit:
    """The documents of a compilation, in order, with metadata; what could not be matched."""
    text = src.text
    toc = parse_toc(text)
    if toc is None:
        return CompilationSplit([], ["no table of contents with group headings (国家方案/部委方案/…) found"])
    pages = _Pages(find_page_footers(text))
    body_end = _body_end(text, toc, pages, toc.end)
    unmatched: list[str] = []
    starts = _locate(text, toc, pages, body_end, unmatched)

    dividers = sorted(d for d in (pages.start_of(p) for p in toc.group_pages.values()) if d is not None)
    parts: list[CompiledPart] = []
    for k, (start, row, head) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else body_end
        end = min([end] + [d for d in dividers if start < d < end])  # group divider pages are no one's
        parts.append(_part(text, start, end, row, head, pages))

    appendix = parse_appendix(text, body_end, len(text))
    keys = [
        _place_keys(row.label) | _place_keys(head.label if head else None) | _place_keys(part.region)
        for part, (_, row, head) in zip(parts, starts)
    ]
    matched = match_appendix(
        appendix,
        [[part.toc_title, part.title] for part in parts],
        keys,
        [k if part.group in ("province", "city") else {part.group} for k, part in zip(keys, parts)],
    )
    for r, appendix_row in enumerate(appendix):
        shown = f"{appendix_row.label}《{appendix_row.title}》"
        if r not in matched:
            unmatched.append(
                f"appendix row not matched to a document: {shown} {appendix_row.date or ''}".rstrip()
            )
        elif appendix_row.date:  # a matched row may print no date
            part = parts[matched[r]]
            evidence = date_evidence(text, part.start, part.end)
            if date_agrees(appendix_row.date, evidence):
                parts[matched[r]] = dataclasses.replace(part, date=appendix_row.date)
            else:
                own = ", ".join(sorted({day.isoformat() for day, _ in evidence}))
                unmatched.append(
                    f"appendix date {appendix_row.date} of {shown} rejected: the document says {own}"
                )
    return CompilationSplit(parts, unmatched)


def _locate(
    text: str, toc: TableOfContents, pages: _Pages, body_end: int, unmatched: list[str]
) -> list[tuple[int, TocRow, _Head | None]]:
    """Start offset, TOC row and head of each document found, in order."""
    heads = _find_heads(text, pages, toc.end, body_end)
    pairs = _align(toc.rows, heads)
    starts: list[tuple[int, TocRow, _Head | None]] = []
    for i, row in enumerate(toc.rows):
        printed = f"{row.label or ''}《{row.title}》 (TOC page {row.page})"
        if i in pairs:
            head = heads[pairs[i]]
            if head.page != row.page:
                unmatched.append(f"TOC page misprint: {printed} starts on page {head.page}")
            starts.append((head.start, row, head))
            continue
        later = [heads[pairs[k]].start for k in range(i + 1, len(toc.rows)) if k in pairs]
        page_start = pages.start_of(row.page)
        lower = starts[-1][0] if starts else toc.end
        if page_start is not None and lower < page_start < min(later, default=body_end):
            # the body's title does not resemble the TOC's, or the page with it is missing:
            # trust the printed page, and the head standing there if there is one
            at_page = next((h for h in heads if h.start == page_start), None)
            what = "a different title" if at_page else "no title"
            unmatched.append(f"TOC row with {what} in the body: {printed}; starts at its printed page")
            starts.append((page_start, row, at_page))
        else:
            unmatched.append(f"TOC row not found in the body: {printed}")
    return starts


def _part(text: str, start: int, end: int, row: TocRow, head: _Head | None, pages: _Pages) -> CompiledPart:
    label, title = (head.label.strip(), head.title) if head else ("", row.title)
    if head and not head.label and row.title in head.title and not head.title.startswith(row.title):
        label, title = head.title[: head.title.index(row.title)], row.title  # 国务院2030年前…
    title = re.sub(r"\s+", "", title)
    place_label = label or row.label
    issuer_match = TITLE_ISSUER.match(title)
    issuer: str | None
    if issuer_match:
        issuer = issuer_match.group(1)
    elif place_label and row.group == "ministry":
        issuer = _expand_organ(place_label, text[start + len(label) : end])  # the head label is no evidence
    elif place_label and row.group in ("province", "city"):
        issuer = _region(place_label)  # 宁夏 -> 宁夏回族自治区: the label abbreviates the government
    else:
        issuer = place_label or None
    local = row.group in ("province", "city")
    district = _district(title, label) if local else None
    first, last = pages.starting_at(start), pages.ending_at(end)
    return CompiledPart(
        start=start,
        end=end,
        title=title,
        toc_title=row.title,
        issuer=issuer,
        group=row.group,
        level="district" if district else row.group,
        region=district or (_region(place_label) if local else None),
        pages=(first, last) if first is not None and last is not None else None,
        date=None,
        draft="征求意见稿" in title or "征求意见稿" in row.title,
        kind=_kind(title) or _kind(row.title),
        toc_page=row.page,
    )
