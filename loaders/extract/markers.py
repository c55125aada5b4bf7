"""Responsibility markers: finding the parenthesis that closes a task item and reading its groups.

Policy plans close a task item with a parenthesised marker naming the agencies:

- labelled: ``（责任单位：市发展改革委、市海洋发展局）``, ``（牵头单位：…；配合单位：…）``,
  ``(责任单位:省科技厅,配合单位:省发展改革委)``;
- unlabelled: ``（省能源局、省发展改革委等按职责分工负责）``,
  ``(工业和信息化部、国家发展改革委牵头,各有关部门参加)``, ``（省工信厅负责）``;
- with a note: ``排在第一位的为牵头单位，下同`` (the first listed is ``lead``, here and in the
  markers that follow in the same document).

This module finds the markers (balanced or broken parentheses, whitespace and page footers
such as ``第431页`` taken out so that markers broken across lines or pages are read whole) and
cuts them into groups; :mod:`marker_items` reads each group's list of agencies.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from policykg.loaders import gazetteer
from policykg.loaders.extract import canonical
from policykg.loaders.extract.context import doc_text
from policykg.loaders.extract.marker_items import (
    LABEL,
    NOT_AN_AGENCY,
    OTHER_FIELD,
    MarkerItem,
    is_generic,
    looks_like_agency,
    read_items,
)
from policykg.loaders.types import Role

MAX_MARKER = 600  # characters inside one marker; longer parentheses are prose
OPEN, CLOSE = "（(〔[【［", "）)〕]】］"  # normalisation may turn 〔〕 into []
_BRACKET = re.compile("[" + re.escape(OPEN + CLOSE) + "]")
FOOTER = re.compile(r"第\d{1,5}页")
LEAD_NOTE = re.compile(r"(?:排在|排|列|居)?(?:第一位|首位|第一)的?(?:单位)?(?:为|是)牵头")
RESPONSIBILITY_VERB = re.compile(r"负责|牵头|配合|参加|参与|落实|按照?职责|组织实施")
STRONG_TAIL = re.compile(
    r"按照?职责(?:分工)?(?:负责|落实|抓好落实|推动落实|指导推动|指导推进|推进|组织实施)?$"
)


@dataclass(frozen=True)
class Marker:
    start: int  # the whole parenthesis, Doc char offsets
    end: int
    items: tuple[MarkerItem, ...]
    lead_first: bool  # 排在第一位的为牵头单位
    lead_first_follows: bool  # …，下同: the note holds for the markers after it


def find_markers(text: str) -> list[Marker]:
    """Every responsibility marker in ``text`` (a clause's own text)."""
    lines = _label_lines(text) + _column_cells(text)
    markers = list(lines)
    for open_at, close_at in _parentheses(text):
        if any(m.start <= open_at < m.end for m in lines):
            continue  # 责任单位：各县（市、区）人民政府: a bracket inside a label line
        marker = parse_marker(text, open_at, close_at)
        if marker is not None:
            markers.append(_with_agency_before(text, open_at, marker))
    taken = [(m.start, m.end) for m in markers]
    for marker in _sentence_markers(text):
        if not any(s < marker.end and marker.start < e for s, e in taken):
            markers.append(marker)
    return sorted(markers, key=lambda m: m.start)


# A sentence that only assigns the task(s) before it: 以上任务由市发展改革委牵头负责。 /
# 各区政府负责落实。 The list must read as agencies throughout, and nothing but the assignment may
# follow the verb (市生态环境局负责碳排放权交易的监督管理 states a duty in the text, 市发展改革委要
# 加强统筹 has no assigning verb: neither is a marker).
ASSIGNING_SENTENCE = re.compile(
    r"(?:^|(?<=[。；;！!？?\n]))[ \t]*(?:(?:以上|上述|本)[^。；;，,]{0,12}?由|由)?"
    r"(?P<list>[^。；;，,：:（()）“”\s由]{2,60}?)(?P<verb>牵头负责|牵头|负责)"
    r"(?:落实|实施|组织实施|推进|推动落实)?"
    # …，市工业和信息化局、市教育局配合。: the bodies that support it, in the same sentence
    r"(?:[，,](?P<support>[^。；;，,：:（()）“”\s]{2,60}?)(?P<support_verb>配合|参与|协助|协同|支持)(?:落实|实施)?)?"
    r"(?=[。；;]|$)"
)

# 园区循环化发展工程由国家发展改革委会同工业和信息化部等部门组织实施。: a named task, the bodies that
# lead it, then (会同) those that join them; the task's name is short and ends the way tasks do.
JOINT_SENTENCE = re.compile(
    r"(?:^|(?<=[。；;！!？?\n])|(?<=其中[，,])|(?<=同时[，,]))[ \t]*[^。；;，,：:“”]{2,32}?"
    r"(?:工程|行动|计划|任务|项目|试点|工作|专项|体系|机制|制度|平台)\s*由"
    r"(?P<list>[^。；;，,：:（()）“”]{2,70}?)(?:会\s*同(?P<support>[^。；;，,：:（()）“”]{2,90}?))?"
    r"(?:等(?:有关|相关)?(?:部门|单位))?\s*(?P<verb>组织实施|牵头实施|负责实施|负责|实施)(?=\s*[。；;]|\s*$)"
)


# 近零碳排放区试点建设工作在…的指导下，由市生态环境局会同市发展改革委统筹协调实施，市工业和信息化局、
# 住房建设局等有关部门协同推进。: a clause of a sentence that hands the work to a lead (会同 those who
# join it), and the bodies that help, in the next clause.
LED_SENTENCE = re.compile(
    r"(?:^|(?<=[。；;！!？?\n]))[^。；;！!？?\n]{0,60}?[，,]\s*由"
    r"(?P<list>[^。；;，,：:（()）“”]{2,70}?)(?:会\s*同(?P<support>[^。；;，,：:（()）“”]{2,90}?))?"
    r"(?:等(?:有关|相关)?(?:部门|单位))?\s*"
    r"(?P<verb>统筹协调实施|统筹协调|统筹推进|牵头组织实施|组织实施|牵头实施|负责实施|牵头负责|牵头)"
    r"(?:[，,](?P<more>[^。；;，,：:（()）“”]{2,90}?)(?:等(?:有关|相关)?(?:部门|单位))?\s*"
    r"(?P<more_verb>协同推进|共同推进|配合|参与|协助))?(?=\s*[。；;])"
)


def _sentence_markers(text: str) -> list[Marker]:
    found = []
    for match in ASSIGNING_SENTENCE.finditer(text):
        start, end = match.start("list"), match.end("verb")
        content, index = _clean(text, start, end)
        items, rejected = read_items(content, index, 0, len(content), positional=False)
        if match.group("support"):
            support, support_index = _clean(text, match.start("support"), match.end("support_verb"))
            more, bad = read_items(support, support_index, 0, len(support))
            items, rejected = (
                items + [dataclasses.replace(i, first_in_group=False) for i in more],
                rejected + bad,
            )
            end = match.end("support_verb")
        if rejected or not items or not all(looks_like_agency(item.text) for item in items):
            continue
        found.append(Marker(start, end, tuple(items), False, False))
    for match in [*JOINT_SENTENCE.finditer(text), *LED_SENTENCE.finditer(text)]:
        marker = _joint_marker(text, match)
        if marker is not None and not any(m.start < marker.end and marker.start < m.end for m in found):
            found.append(marker)
    return found


def _joint_marker(text: str, match: re.Match[str]) -> Marker | None:
    """The bodies of a JOINT_SENTENCE: those before 会同 lead (or carry it alone), those after support."""
    support_at = match.start("support") if match.group("support") else -1
    lead_end = text.rfind("会", match.start("list"), support_at) if support_at >= 0 else match.end("list")
    content, index = _clean(text, match.start("list"), lead_end)
    items, rejected = read_items(content, index, 0, len(content), positional=False)
    role: Role = "lead" if support_at >= 0 else "responsible"
    items = [dataclasses.replace(item, role=role) for item in items]
    if support_at >= 0:
        joined, joined_index = _clean(text, support_at, match.end("support"))
        more, bad = read_items(joined, joined_index, 0, len(joined), positional=False)
        items += [dataclasses.replace(item, role="support", first_in_group=False) for item in more]
        rejected += bad
    end = match.end("verb")
    if match.re is LED_SENTENCE and match.group("more"):
        helping, helping_index = _clean(text, match.start("more"), match.end("more"))
        more, bad = read_items(helping, helping_index, 0, len(helping), positional=False)
        items += [dataclasses.replace(item, role="support", first_in_group=False) for item in more]
        rejected += bad
        end = match.end("more_verb")
    if rejected or not items or not all(looks_like_agency(item.text) for item in items):
        return None
    return Marker(match.start("list"), end, tuple(items), False, False)


# A label that opens a line of its own, with no bracket (牵头单位：市林业局⏎责任单位：各县（市、区）人民政府):
# the line is the marker, and label lines that follow each other are one marker.
LABEL_LINE = re.compile(
    r"(?m)^[ \t]*(?=(?:主要)?(?:责任|牵头|配合|参与|参加|协办|协同|主办|实施)(?:单位|部门)[:：])[^\n]{4,300}$"
)


def _label_lines(text: str) -> list[Marker]:
    runs: list[list[int]] = []
    for match in LABEL_LINE.finditer(text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1][1] = match.end()
        else:
            runs.append([start, match.end()])
    found = []
    for start, end in runs:
        marker = parse_marker(text, start - 1, end)  # the content runs from ``start``
        if marker is not None:
            found.append(dataclasses.replace(marker, start=start, end=end))
    return found


# A task table's column of bodies (重点任务 | 牵头单位; 断面名称 | … | 责任城市): the header row ends
# with the column's name, and each row's cell stands at the end of a line of its own.
COLUMN_HEADER = re.compile(
    r"(?m)^[^\n。；;]{0,80}?(?P<column>牵头单位|责任单位|牵头部门|责任部门|责任主体|责任城市|责任地区)\s*$"
)
COLUMN_ROWS = 300  # lines of one table
TRAILING_PLACE = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,8}?[省市县区州盟旗])$")


def _column_cells(text: str) -> list[Marker]:
    found: list[Marker] = []
    for header in COLUMN_HEADER.finditer(text):
        column = header.group("column")
        label = "牵头单位：" if "牵头" in column else "责任单位："
        places = column in ("责任城市", "责任地区")
        offset = header.end() + 1
        for line in text[header.end() + 1 :].split("\n")[:COLUMN_ROWS]:
            start, stripped = offset, line.strip()
            offset += len(line) + 1
            if re.match(r"^(?:注|备注|说明|资料来源)[：:]", stripped) or (
                len(stripped) > 60 and "。" in stripped
            ):
                break  # the table has ended
            cell_start = start + line.index(stripped) if stripped else start
            if places:
                place = TRAILING_PLACE.search(stripped)
                if place is None or stripped == place.group() or not gazetteer.code_of(place.group()):
                    continue
                cell_start, stripped = cell_start + place.start(), place.group()
            elif not 2 <= len(stripped) <= 40 or not all(
                looks_like_agency(item) for item in re.split(r"[、，,]", stripped) if item
            ):
                continue
            content = label + stripped
            index = [cell_start] * len(label) + list(range(cell_start, cell_start + len(stripped)))
            items, rejected = read_items(content, index, 0, len(content), positional=False)
            if items and not rejected:
                found.append(Marker(cell_start, cell_start + len(stripped), tuple(items), False, False))
    return found


def _with_agency_before(text: str, open_at: int, marker: Marker) -> Marker:
    """省发展改革委(省能源局、…负责): an agency that opens the sentence right before the
    parenthesis (the open bracket typed one name too late) is the marker's first item."""
    if open_at <= 0 or text[open_at] not in OPEN:
        return marker
    boundary = max(text.rfind(stop, 0, open_at) for stop in "。；;）)〕")
    before = text[boundary + 1 : open_at]
    if not (3 <= len(before) <= 20) or not looks_like_agency(before) or is_generic(before):
        return marker
    item = MarkerItem(boundary + 1, open_at, before, None, True, None)
    rest = tuple(dataclasses.replace(i, first_in_group=False) for i in marker.items)
    return Marker(boundary + 1, marker.end, (item,) + rest, marker.lead_first, marker.lead_first_follows)


def _parentheses(text: str) -> Iterable[tuple[int, int]]:
    """(open, close) of outermost balanced parentheses, full- or half-width."""
    depth, start = 0, -1
    last_close = -1  # end of the last closed parenthesis that reads like a marker
    for bracket in _BRACKET.finditer(text):  # only the brackets: a loop over every char costs 0.3 s
        i, char = bracket.start(), bracket.group()
        if char in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif char in CLOSE and depth > 0:
            depth -= 1
            if depth == 0 and i - start <= MAX_MARKER:
                yield start, i
                if LABEL.search(text, start, i) or RESPONSIBILITY_VERB.search(text, start, i):
                    last_close = i
        elif char in CLOSE:
            # A close without its open (a typo in the source: …。省住房城乡建设厅牵头,…负责)): the
            # marker runs from the sentence start (or the previous marker's end); parse_marker
            # accepts it only if it reads as agencies.
            boundary = max([text.rfind(stop, 0, i) for stop in "。；;"] + [last_close])
            if i - boundary <= MAX_MARKER:
                yield boundary, i
    # An unclosed parenthesis at the end of a clause (the marker's close fell into the next
    # clause's text) is still read.
    if depth > 0 and len(text) - start <= MAX_MARKER:
        yield start, len(text)


def _clean(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The marker's content without whitespace and page footers, with each char's Doc offset."""
    chars: list[str] = []
    index: list[int] = []
    footers = [(m.start(), m.end()) for m in FOOTER.finditer(text, start, end)]
    i = start
    for f_start, f_end in footers + [(end, end)]:
        for j in range(i, f_start):
            if not text[j].isspace():
                chars.append(text[j])
                index.append(j)
        i = f_end
    return "".join(chars), index


def parse_marker(text: str, open_at: int, close_at: int) -> Marker | None:
    content, index = _clean(text, open_at + 1, close_at)
    labelled = LABEL.search(content) is not None
    if not labelled and not RESPONSIBILITY_VERB.search(content) and not _bare_list(text, open_at, content):
        return None
    items: list[MarkerItem] = []
    lead_first = False
    rejected = 0
    for group_start, group_end in _groups(content):
        group = content[group_start:group_end]
        if LEAD_NOTE.search(group):
            lead_first = True
            continue
        # (X、Y，Z火车站按职责分工负责): after a body that reads as one, the cue makes every item a body
        cued = not labelled and not items and STRONG_TAIL.search(group) is not None
        parsed, bad = read_items(
            content, index, group_start, group_end, positional=labelled or bool(items) or cued
        )
        if cued and parsed and not looks_like_agency(parsed[0].text):
            parsed, bad = [], 1
        # An unlabelled parenthesis is a marker only when its first group reads as agencies
        # throughout; later groups may hold notes (以下均需…落实，不再列出) that are dropped.
        if not labelled and not items and (bad or not parsed):
            return None
        items.extend(parsed)
        rejected += bad
    if not items:
        return None
    follows = lead_first and "下同" in content
    return Marker(open_at, close_at + 1, tuple(items), lead_first, follows)


def _bare_list(text: str, open_at: int, content: str) -> bool:
    """(自治区工业和信息化厅、发展改革委、科技厅): a list of agencies alone in brackets right after
    a sentence's end closes an item too. Only agencies with an ending that marks one in running
    text count (局/厅/委/政府 …, not a bare 区/市 place), so (泰兴市) or (海西片区) are no marker."""
    before = FOOTER.sub("", text[max(0, open_at - 12) : open_at]).rstrip()
    if open_at > 0 and not before.endswith(("。", "；", ";", "！", "？")):
        return False
    items = [item for item in re.split(r"[、，,]", content) if item]
    any_endings = [suffix for suffix, kind in canonical.suffixes("any") if kind != "not_agency"]
    return bool(items) and all(
        2 <= len(item) <= 30
        and not NOT_AN_AGENCY.search(item)
        and item.endswith(tuple(any_endings))
        and canonical.agency_type(item) != "not_agency"
        for item in items
    )


def _depth(content: str, at: int) -> int:
    """How many brackets are open at ``at``."""
    opened = sum(content.count(ch, 0, at) for ch in OPEN + "〈")
    closed = sum(content.count(ch, 0, at) for ch in CLOSE + "〉")
    return max(0, opened - closed)


def _groups(content: str) -> list[tuple[int, int]]:
    """Spans of ；/。-separated groups, also cut before each label (责任单位:…,配合单位:…)."""
    cuts = {0, len(content)}
    for m in re.finditer(r"[；;。]", content):
        cuts.update((m.start(), m.end()))
    for m in LABEL.finditer(content):
        cuts.add(m.start())
    for m in re.finditer(r"[（(][^（()）]{2,30}[）)]", content):
        if LEAD_NOTE.search(m.group()):  # …供电公司（排在第一为牵头单位，下同）: a note of its own
            cuts.update((m.start(), m.end()))
    # A note after the list (以下均需…落实，不再列出; 下同) runs to the end of its sentence.
    notes = []
    for m in re.finditer(r"以下|下同", content):
        if _depth(content, m.start()):
            continue  # 〈含开发区、风景区管委会，下同〉: a note inside an item's brackets
        stop = re.compile(r"[；;。]").search(content, m.end())
        notes.append((m.start(), stop.start() if stop else len(content)))
        cuts.update(notes[-1])
    for m in OTHER_FIELD.finditer(content):  # …市气象局完成时限：2022年2月底前: a field of no bodies
        following = LABEL.search(content, m.end())
        notes.append((m.start(), following.start() if following else len(content)))
        cuts.update(notes[-1])
    ordered = sorted(cuts)
    return [
        (a, b)
        for a, b in itertools.pairwise(ordered)
        if content[a:b].strip("；;。,，") and not any(s <= a < e for s, e in notes)
    ]


def markers_of(doc: Doc) -> list[Marker]:
    """The Doc's markers, parsed once and shared by the agencies and responsibilities components."""
    cached = doc.user_data.get("policykg.markers")
    if cached is None:
        cached = find_markers(doc_text(doc))
        doc.user_data["policykg.markers"] = cached
    return cached
