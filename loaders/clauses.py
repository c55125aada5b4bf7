"""Normalised text → clause tree (一、 / （一） / 1. / （1） / ① and boxed columns 专栏N).

Labels are recognised by the grammar of Chinese policy text, not by layout alone, because a
compilation may hold a whole document on one line (``…。（八）大力发展绿色低碳产业。…``):

* position: a label starts a line or follows sentence-ending punctuation (``。；！？：）``);
  Chinese-numeral labels (``十三、``, ``（三十四）``) may also follow a heading directly, as in
  ``十三、切实加强组织实施（三十四）加强组织领导。``, when their number is in sequence;
* sequence: a label is accepted only as the next sibling of an open clause of its kind
  (一 → 二; ``（1）`` after ``（1）`` is no new sibling), as the first child (number 1), or as the
  continuation of a numbering that runs on across sections. This rejects ``1.5``, ``2.0版``,
  years and enumerations quoted inside sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from policykg.loaders import identity
from policykg.loaders.offsets import NormalizedText
from policykg.loaders.types import Clause

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"
LABEL = re.compile(
    rf"第(?P<chapter>[{_CN}百零〇]{{1,5}})章|第(?P<article>[{_CN}百零〇]{{1,6}})条"
    rf"|(?<![{_CN}百第])(?P<cn>[{_CN}]{{1,3}})、(?![{_CN}]{{1,3}}、)"
    rf"|[（(](?P<pcn>[{_CN}]{{1,3}})[）)]"
    r"|(?<![\d.．])(?P<ar>\d{1,2})[.．、](?![\d.．])"
    r"|[（(](?P<par>\d{1,2})[）)]"
    r"|(?P<circ>[\u2460-\u2473])"
    r"|专栏\s?(?P<box>\d{1,2})"
)
# An indicator table: its header (指标 … 2025年 … 属性 / 指标类别) and rows that each end in an attribute
# (约束性 / 预期性). A category row inside it (（一）环境质量改善) is no clause of the plan.
TABLE_HEAD = re.compile(
    r"指\s*标[^。；;]{0,80}?(?:(?:19|20)\d{2}\s*年[^。；;]{0,80}?(?:属\s*性|指\s*标\s*类\s*别)"
    r"|属\s*性[^。；;]{0,40}?(?:19|20)\d{2}\s*年)"
)
# The attribute column of an indicator table, declared once for the clause splitter and the table
# reader; a narrow column wraps it (约束\n性), some plans call the softer kinds 导向性 / 指导性 / 参考性.
TABLE_ATTRIBUTE = re.compile(r"约\s*束\s*性|预\s*期\s*性|导\s*向\s*性|指\s*导\s*性|参\s*考\s*性")
TABLE_ROW_GAP = 240


def _table_spans(normalized: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for head in TABLE_HEAD.finditer(normalized, start, end):
        if spans and head.start() < spans[-1][1]:
            continue
        last = head.end()
        for attribute in TABLE_ATTRIBUTE.finditer(normalized, head.end(), end):
            if attribute.start() - last > TABLE_ROW_GAP:
                break
            last = attribute.end()
        if last > head.end():
            spans.append((head.start(), last))
    return spans


# A table of contents without leaders or page numbers: 目录, then heading lines, up to the body's
# copy of its first heading.
TOC_TITLE = re.compile(r"(?m)^[ \t]*目[ \t]*录[ \t]*$")
TOC_LISTING = 6000  # characters a listing may run
TOC_ENTRY_MAX = 60  # a listed heading's length
TOC_PAGE_AT_END = re.compile(r"[ \t.．…·]*\d{1,3}$")  # 一、基础与形势6: the page number glued on


def _toc_spans(normalized: str, start: int, end: int) -> list[tuple[int, int]]:
    """The listing after a 目录 line whose headings the body repeats (第一章“十三五”…成效, or
    一、基础与形势6 with its page number glued on, listed, then written again): its labels are the
    plan's outline, not its clauses. The listing ends at the body's copy of its first heading or
    at the first line of prose (前言's paragraph), whichever comes first."""
    spans: list[tuple[int, int]] = []
    for title in TOC_TITLE.finditer(normalized, start, end):
        first_start = title.end() + 1
        first_end = normalized.find("\n", first_start, end)
        if first_end < 0:
            continue
        first = TOC_PAGE_AT_END.sub("", normalized[first_start:first_end].strip())
        if len(first) < 2 or len(first) > TOC_ENTRY_MAX:
            continue
        limit = min(end, first_start + TOC_LISTING)
        copy = re.compile(rf"\n[ \t]*{re.escape(first)}[ \t]*(?=\n)").search(normalized, first_end, end)
        if copy is None or copy.start() > limit:
            continue  # the body never writes the first heading again: no listing of this kind
        listing_end = first_end
        for line in re.finditer(r"\n([^\n]*)", normalized[first_end : copy.start()]):
            text = line.group(1).strip()
            if len(text) > TOC_ENTRY_MAX or "。" in text:
                break
            listing_end = first_end + line.end()
        spans.append((title.start(), listing_end))
    return spans


CELL_MARK_AFTER = re.compile(
    r"[ \t]*(?:\n[ \t]*)?(?:[\d.%％]|$)"
)  # a circled mark before a value or a line end


STRONG_BEFORE = set("\n。；！？：）;!?:)]〕】")  # a closing bracket ends a responsibility marker
RANK = {"chapter": 1, "article": 2, "cn": 3, "pcn": 4, "ar": 5, "par": 6, "circ": 7, "box": 0}
HEADING_END = re.compile(r"[。！？；\n]")
MAX_HEADING = 120
LONG_HEADING = 30  # a first sentence longer than this may be a heading run into its body
PREAMBLE = "序"
RUN_ON_HEADING = 40  # a heading glued to its first child label is at most this long
HEADING_STOPS = set("。；！？：，\n")


def chinese_number(numeral: str) -> int | None:
    """一 → 1, 十三 → 13, 三十四 → 34, 一百零五 → 105; None for malformed numerals (十十)."""
    hundreds = 0
    if "百" in numeral:
        head, _, numeral = numeral.partition("百")
        hundreds = CN_DIGITS.get(head, 0)
        if not hundreds or "百" in numeral:
            return None
        numeral = numeral.lstrip("零〇")
        if not numeral:
            return hundreds * 100
        if len(numeral) == 1 and numeral in CN_DIGITS:
            return hundreds * 100 + CN_DIGITS[numeral]
        if numeral.startswith("十"):
            return None  # 一百十 is written 一百一十
    if numeral.count("十") > 1 or not numeral:
        return None
    if "十" not in numeral:
        value = CN_DIGITS.get(numeral) if len(numeral) == 1 else None
        return None if value is None else hundreds * 100 + value
    tens, _, units = numeral.partition("十")
    tens_value = CN_DIGITS.get(tens, 0) if tens else 1
    if tens and not tens_value or units and units not in CN_DIGITS:
        return None
    return hundreds * 100 + tens_value * 10 + (CN_DIGITS[units] if units else 0)


@dataclass
class _Open:
    kind: str
    number: int
    index: int  # into the clause drafts


@dataclass
class _Draft:
    kind: str
    number: int
    label: str  # as printed in the normalised text
    path_label: str
    start: int  # normalised offsets
    body: int  # after the label
    end: int = -1
    parent: int | None = None
    children: list[int] = field(default_factory=list)


def _path_label(kind: str, number: int, printed: str) -> str:
    if kind == "cn":
        return printed.rstrip("、")
    if kind == "pcn":
        return f"（{printed[1:-1]}）"
    if kind == "ar":
        return str(number)
    if kind == "par":
        return f"（{number}）"
    if kind == "box":
        return f"专栏{number}"
    return printed  # 第一章, 第三条, ①


def _label(match: re.Match[str]) -> tuple[str, int] | None:
    kind = match.lastgroup
    if kind is None:
        return None
    value = match.group(kind)
    if kind in ("cn", "pcn", "chapter", "article"):
        number = chinese_number(value)
        return (kind, number) if number else None
    if kind == "circ":
        return kind, ord(value) - 0x2460 + 1
    return kind, int(value)


class ClauseSplitter:
    """One stage, one ``run``: a document range of a normalised text → clauses."""

    def run(
        self, text: NormalizedText, start: int, end: int, document_id: str, source: str
    ) -> tuple[list[Clause], dict[str, tuple[int, int]]]:
        drafts = self._drafts(text.text, start, end)
        return self._records(text, drafts, start, end, document_id, source)

    def _drafts(self, normalized: str, start: int, end: int) -> list[_Draft]:
        drafts: list[_Draft] = []
        stack: list[_Open] = []
        last_number: dict[str, int] = {}
        last_box = 0
        started_truncated = False
        tables = _table_spans(normalized, start, end)
        listings = _toc_spans(normalized, start, end)
        for match in LABEL.finditer(normalized, start, end):
            parsed = _label(match)
            if parsed is None or _toc_entry(normalized, match.start(), end):
                continue
            if any(a <= match.start() < b for a, b in listings):
                continue  # the outline listed under 目录
            if any(a < match.start() < b for a, b in tables):
                continue  # a category row of an indicator table
            kind, number = parsed
            position = match.start()
            if kind == "circ" and CELL_MARK_AFTER.match(normalized, match.end()):
                continue  # 比例—⏎①⏎65% / 87%左右②⏎3…: a cell's footnote mark, the item has no text
            before = normalized[position - 1] if position > start else "\n"
            # after Latin letters (a source URL glued on by a compilation) a label starts a line
            strong = before in STRONG_BEFORE or kind != "ar" and before.isascii() and before.isalpha()
            if kind == "box":
                if not strong or not last_box < number <= last_box + 2:
                    continue
                last_box = number
                # A box (专栏) belongs to a section, not to the numbered item before it.
                while stack and (
                    stack[-1].kind == "box"
                    or RANK[stack[-1].kind] > RANK["pcn"]
                    or any(entry.kind == "box" for entry in stack)
                ):
                    self._close(drafts, stack.pop(), position)
                self._push(drafts, stack, kind, number, match, parent_stack=stack)
                continue
            sibling = next(
                (
                    i
                    for i in range(len(stack) - 1, -1, -1)
                    if stack[i].kind == kind and number == stack[i].number + 1
                ),
                None,
            )
            if sibling is not None:
                if not strong and kind not in ("cn", "pcn"):
                    continue
                while len(stack) > sibling:
                    self._close(drafts, stack.pop(), position)
            else:
                in_scope = False
                for entry in reversed(stack):
                    if entry.kind == "box":
                        break
                    in_scope = in_scope or entry.kind == kind
                # A text that starts part-way through a document (a compilation that dropped its
                # first pages) may open with 二、 or later, and its sub-levels with （三）.
                truncated = (
                    not drafts and kind == "cn" and strong or started_truncated and kind not in last_number
                )
                if in_scope or number not in (1, last_number.get(kind, -1) + 1) and not truncated:
                    continue
                started_truncated = started_truncated or not drafts and number != 1
                top = stack[-1] if stack else None
                if not strong and not (
                    top is None
                    and kind in ("cn", "pcn")
                    or top is not None
                    and RANK[kind] > RANK[top.kind]
                    and _runs_on_from_heading(normalized, drafts[top.index].body, position)
                ):
                    continue
            last_number[kind] = number
            self._push(drafts, stack, kind, number, match, parent_stack=stack)
        while stack:
            self._close(drafts, stack.pop(), end)
        return drafts

    @staticmethod
    def _push(
        drafts: list[_Draft],
        stack: list[_Open],
        kind: str,
        number: int,
        match: re.Match[str],
        parent_stack: list[_Open],
    ) -> None:
        parent = parent_stack[-1].index if parent_stack else None
        draft = _Draft(
            kind,
            number,
            match.group(),
            _path_label(kind, number, match.group()),
            match.start(),
            match.end(),
            parent=parent,
        )
        drafts.append(draft)
        if parent is not None:
            drafts[parent].children.append(len(drafts) - 1)
        stack.append(_Open(kind, number, len(drafts) - 1))

    @staticmethod
    def _close(drafts: list[_Draft], entry: _Open, position: int) -> None:
        drafts[entry.index].end = position

    def _records(
        self, text: NormalizedText, drafts: list[_Draft], start: int, end: int, document_id: str, source: str
    ) -> tuple[list[Clause], dict[str, tuple[int, int]]]:
        normalized = text.text
        clauses: list[Clause] = []
        own_spans: dict[str, tuple[int, int]] = {}
        seen: dict[str, int] = {}
        ids: list[str] = []
        paths: list[str] = []

        def emit(
            path: str,
            label: str,
            depth: int,
            span_start: int,
            span_end: int,
            body: int,
            heading_end: int,
            parent: str | None,
            own_end: int,
        ) -> str:
            span_end = _rstrip(normalized, span_start, span_end)
            count = seen.get(path, 0) + 1
            seen[path] = count
            clause_id = identity.clause_id(document_id, path, count)
            original_start, original_end = text.to_original(span_start, span_end)
            clauses.append(
                Clause(
                    id=clause_id,
                    document=document_id,
                    path=path,
                    heading=_heading(text, body, min(heading_end, span_end)),
                    text=normalized[span_start:span_end],
                    parent=parent,
                    start=original_start,
                    end=original_end,
                    page=text.page_of(original_start),
                    source=source,
                    depth=depth,
                    label=label,
                )
            )
            own_spans[clause_id] = (span_start, _rstrip(normalized, span_start, own_end))
            return clause_id

        first = drafts[0].start if drafts else end
        if normalized[start:first].strip():
            emit(PREAMBLE, "", 0, start, first, start, first, None, first)
        for draft in drafts:
            parent_path = paths[draft.parent] if draft.parent is not None else ""
            parent_id = ids[draft.parent] if draft.parent is not None else None
            depth = 1 + (self._depth(drafts, draft.parent) if draft.parent is not None else 0)
            first_child = drafts[draft.children[0]].start if draft.children else draft.end
            # keep paths readable and unambiguous: 专栏5 then item 10 is 专栏5.10, not 专栏510
            joint = "." if parent_path[-1:].isdecimal() and draft.path_label[:1].isdecimal() else ""
            path = parent_path + joint + draft.path_label
            ids.append(
                emit(
                    path,
                    draft.label,
                    depth,
                    draft.start,
                    draft.end,
                    draft.body,
                    first_child,
                    parent_id,
                    first_child,
                )
            )
            paths.append(path)
        return clauses, own_spans

    @staticmethod
    def _depth(drafts: list[_Draft], index: int) -> int:
        depth = 1
        while drafts[index].parent is not None:
            index = drafts[index].parent  # type: ignore[assignment]
            depth += 1
        return depth


# A line of a table of contents: a heading, leader dots, a page number (第一章 发展基础……（6）).
# The page number may fall on the next line; a label that is itself the page number ((59) on a
# line of its own after the leaders) belongs to the listing too.
TOC_LINE = re.compile(
    r"^[^\n]{1,80}?(?:[.．…·•‧⋯][ \t]*){3,}[ \t]*\n?[ \t]*[（(]?[ \t]*\d{1,4}[ \t]*[）)]?(?![\d.])"
)
TOC_PAGE = re.compile(r"^[（(]?\s*\d{1,4}\s*[）)]?(?![\d.])")
TOC_LEADERS_BEFORE = re.compile(r"(?:[.．…·•‧⋯][ \t]*){3,}[ \t]*\n?[ \t]*$")


def _toc_entry(normalized: str, position: int, end: int) -> bool:
    """The label opens a table-of-contents line (the heading is listed here, not written), or it
    is the page number at the end of one."""
    window = normalized[position : min(end, position + 200)]
    if TOC_LINE.match(window):
        return True
    return bool(
        TOC_PAGE.match(window) and TOC_LEADERS_BEFORE.search(normalized, max(0, position - 40), position)
    )


def _runs_on_from_heading(normalized: str, body: int, position: int) -> bool:
    """Does a first child label directly follow its parent's heading, with no punctuation between?

    One-line texts glue ``一、总体要求（一）指导思想。`` or ``一、明确总体要求1.坚持…`` together.
    """
    return 0 < position - body <= RUN_ON_HEADING and not any(
        ch in HEADING_STOPS for ch in normalized[body:position]
    )


def _rstrip(normalized: str, start: int, end: int) -> int:
    while end > start and normalized[end - 1].isspace():
        end -= 1
    return end


def _heading(text: NormalizedText, body: int, limit: int) -> str:
    """The clause's first sentence: up to the first 。 or line end, before any child label.

    A heading run into its body with only a space between (``（四）健全市场机制 落实…``) lost
    that space in normalisation; the offset map still shows the gap, so an overlong first
    sentence is cut at the first gap between two CJK characters near its start.
    """
    normalized = text.text
    match = HEADING_END.search(normalized, body, limit)
    stop = match.start() if match else limit
    if stop - body > LONG_HEADING:
        origin = text.origin
        for i in range(body + 2, min(stop, body + LONG_HEADING)):
            if (
                origin[i] - origin[i - 1] > 1
                and _cjk_letter(normalized[i - 1])
                and _cjk_letter(normalized[i])
            ):
                return str(normalized[body:i].strip())
    # no trace of a line break left: a standard section heading run into a body sentence
    # (one with a comma, unlike a longer heading such as 主要目标任务) still marks the cut
    known = next((h for h in section_headings() if normalized.startswith(h, body)), None)
    if known and stop - body > len(known) + 8 and "，" in normalized[body:stop]:
        stop = body + len(known)
    heading: str = normalized[body:stop].strip()
    return heading[:MAX_HEADING]


@lru_cache(maxsize=1)
def section_headings() -> tuple[str, ...]:
    """Standard section headings (``policykg.data/section_headings.tsv``), longest first."""
    text = (files("policykg.data") / "section_headings.tsv").read_text(encoding="utf-8")
    headings = {
        line.split("\t", 1)[0].strip() for line in text.splitlines() if line and not line.startswith("#")
    }
    return tuple(sorted((h for h in headings if h), key=len, reverse=True))


def _cjk_letter(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
