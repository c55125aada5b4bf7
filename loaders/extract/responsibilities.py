"""Responsibility markers: who is responsible for a clause, and in which role.

Policy plans close a task item with a parenthesised marker naming the agencies:

- labelled: ``（责任单位：市发展改革委、市海洋发展局）``, ``（牵头单位：…；配合单位：…）``,
  ``(责任单位:省科技厅,配合单位:省发展改革委)``;
- unlabelled: ``（省能源局、省发展改革委等按职责分工负责）``,
  ``(工业和信息化部、国家发展改革委牵头,各有关部门参加)``, ``（省工信厅负责）``;
- with a note: ``排在第一位的为牵头单位，下同`` (the first listed is ``lead``, here and in the
  markers that follow in the same document).

Each listed agency becomes a responsibility of the clause whose text the marker closes:
``lead`` (牵头单位, ``X牵头``, first listed where the note says so), ``local_government``
(各区市县人民政府, 有关区市政府, 先导区管委会 …) or ``participant`` (everyone else).

Parsing works on the marker with whitespace and page footers (``第431页``) taken out, so
markers broken across lines or pages are read whole; item offsets point back into the Doc.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policykg.loaders.extract import canonical, regions
from policykg.loaders.types import Responsibility, Role
from spacy.language import Language
from spacy.tokens import Doc, Span

MAX_MARKER = 600  # characters inside one marker; longer parentheses are prose
OPEN, CLOSE = "（(〔[【", "）)〕]】"  # normalisation may turn 〔〕 into []
FOOTER = re.compile(r"第\d{1,5}页")
LABEL = re.compile(
    r"(?P<label>(?:主要)?(?:责任|牵头|配合|参与|参加|协办|协同|主办|实施)(?:单位|部门))[:：]"
)
LEAD_NOTE = re.compile(r"(?:排在|排|列|居)?(?:第一位|首位|第一)的?(?:单位)?(?:为|是)牵头")
RESPONSIBILITY_VERB = re.compile(r"负责|牵头|配合|参加|参与|落实|按职责")
# What follows the agencies inside an item: 等按职责分工负责, 牵头负责, 配合, 具体落实 …
TAIL = re.compile(
    r"(?:等(?:相关|有关|其他)?(?:职能)?(?:部门|单位)?(?:和单位|和部门)?)?(?:及)?"
    r"(?:按职责分工|按职责分|按职责|分别|共同|具体|推动|负责组织)?"
    r"(?P<verb>牵头负责|牵头|负责落实|负责|落实|配合|参加|参与|实施)?$"
)
BRACKETS = {"（": "）", "(": ")", "〈": "〉", "〔": "〕", "[": "]", "【": "】", "《": "》"}
HEAD = re.compile(r"^(?:由|请|其中|以及|及|和)")
# Items that are instructions, not agencies (以下各项任务均需…落实，不再列出).
NOT_AN_AGENCY = re.compile(r"以下|不再|下同|涉及|列出|均需|均含|各项|任务|[0-9０-９]|意见|要求")
GENERIC = re.compile(
    r"^(?:国家|省|市|区|县|自治区)?(?:各级)?各?(?:有关|相关|其他)?(?:职能)?(?:部门|单位)(?:和单位|和部门)?$|^地方$"
)
NOTE_AFTER = re.compile(r"[（(〈〔][^（(〈〔）)〉〕]*[）)〉〕]$")
LEVEL_PREFIX = re.compile(r"^(?:国家|自治区|省|市(?!场)|区|县)")
BARE_PREFIX = re.compile(r"^(?:省|市|区|县|自治区|州)$")
DEPARTMENT_ENDING = re.compile(r"(?:厅|局|委|办|委员会|办公室)$")


@dataclass(frozen=True)
class MarkerItem:
    start: int  # Doc char offsets of the agency as written
    end: int
    text: str  # as written, without line breaks or page footers
    role: Role | None  # from 牵头单位 / X牵头 / 配合单位; None: decided by type and notes
    first_in_group: bool  # first item of its ；-group (lead where the note says so)
    inherited_prefix: str | None  # 省 for 自然资源厅 in 省发展改革委、自然资源厅; or a division (重庆市)


@dataclass(frozen=True)
class Marker:
    start: int  # the whole parenthesis, Doc char offsets
    end: int
    items: tuple[MarkerItem, ...]
    lead_first: bool  # 排在第一位的为牵头单位
    lead_first_follows: bool  # …，下同: the note holds for the markers after it


def find_markers(text: str) -> list[Marker]:
    """Every responsibility marker in ``text`` (a clause's own text)."""
    markers = []
    for open_at, close_at in _parentheses(text):
        marker = parse_marker(text, open_at, close_at)
        if marker is not None:
            markers.append(_with_agency_before(text, open_at, marker))
    return markers


def _with_agency_before(text: str, open_at: int, marker: Marker) -> Marker:
    """省发展改革委(省能源局、…负责): an agency that opens the sentence right before the
    parenthesis (the open bracket typed one name too late) is the marker's first item."""
    if open_at <= 0 or text[open_at] not in OPEN:
        return marker
    boundary = max(text.rfind(stop, 0, open_at) for stop in "。；;）)〕")
    before = text[boundary + 1:open_at]
    if not (3 <= len(before) <= 20) or not looks_like_agency(before) or GENERIC.match(before):
        return marker
    item = MarkerItem(boundary + 1, open_at, before, None, True, None)
    rest = tuple(MarkerItem(i.start, i.end, i.text, i.role, False, i.inherited_prefix) for i in marker.items)
    return Marker(boundary + 1, marker.end, (item,) + rest, marker.lead_first, marker.lead_first_follows)


def _parentheses(text: str) -> Iterable[tuple[int, int]]:
    """(open, close) of outermost balanced parentheses, full- or half-width."""
    depth, start = 0, -1
    last_close = -1  # end of the last closed parenthesis that reads like a marker
    for i, char in enumerate(text):
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
        parsed, bad = _items(content, index, group_start, group_end)
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
    before = FOOTER.sub("", text[max(0, open_at - 12):open_at]).rstrip()
    if open_at > 0 and not before.endswith(("。", "；", ";", "！", "？")):
        return False
    items = [item for item in re.split(r"[、，,]", content) if item]
    any_endings = [suffix for suffix, kind in canonical.suffixes("any") if kind != "not_agency"]
    return bool(items) and all(
        2 <= len(item) <= 30 and not NOT_AN_AGENCY.search(item) and item.endswith(tuple(any_endings))
        and canonical.agency_type(item) != "not_agency" for item in items)


def _groups(content: str) -> list[tuple[int, int]]:
    """Spans of ；/。-separated groups, also cut before each label (责任单位:…,配合单位:…)."""
    cuts = {0, len(content)}
    for m in re.finditer(r"[；;。]", content):
        cuts.update((m.start(), m.end()))
    for m in LABEL.finditer(content):
        cuts.add(m.start())
    # A note after the list (以下均需…落实，不再列出; 下同) runs to the end of its sentence.
    notes = []
    for m in re.finditer(r"以下|下同", content):
        stop = re.compile(r"[；;。]").search(content, m.end())
        notes.append((m.start(), stop.start() if stop else len(content)))
        cuts.update(notes[-1])
    ordered = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(ordered)
            if content[a:b].strip("；;。,，") and not any(s <= a < e for s, e in notes)]


def _items(content: str, index: list[int], start: int, end: int) -> tuple[list[MarkerItem], int]:
    group = content[start:end]
    label_role: Role | None = None
    label = LABEL.match(group.lstrip("；;。,，"))
    offset = start + (len(group) - len(group.lstrip("；;。,，")))
    if label is not None:
        name = label.group("label")
        label_role = "lead" if "牵头" in name else ("participant" if "责任" not in name else None)
        offset += label.end()
    items: list[MarkerItem] = []
    pending: list[int] = []  # items waiting for a verb that gives their role (X、Y牵头)
    rejected = 0
    prefix: str | None = None
    merge_from: int | None = None
    for raw_start, raw_end in _split_items(content, offset, end):
        raw = content[raw_start:raw_end]
        head = HEAD.match(raw)
        if head:
            raw_start += head.end()
        item_end, verb = _strip_tail(content, raw_start, raw_end)
        note = NOTE_AFTER.search(content, raw_start, item_end)
        if note and note.start() > raw_start and looks_like_agency(content[raw_start:note.start()]):
            item_end = note.start()  # 省发展改革委(省能源局): the bracket names a bureau under it
        item_text = content[raw_start:item_end]
        if BARE_PREFIX.match(item_text):  # 市、区机管局: one mention for both levels
            merge_from = raw_start if merge_from is None else merge_from
            continue
        if merge_from is not None:
            raw_start, merge_from = merge_from, None
            item_text = content[raw_start:item_end]
        if not item_text:
            continue
        if GENERIC.match(item_text):
            continue  # 各有关部门, 省有关部门: a generic group, not an agency
        if not looks_like_agency(item_text) and regions.table().candidates(item_text):
            merge_from = raw_start  # 广州、深圳市政府: the place names share the last item's ending
            continue
        if not looks_like_agency(item_text):
            rejected += 1
            continue
        level = LEVEL_PREFIX.match(item_text)
        division = _opening_division(item_text)
        inherited = None
        if division is not None:
            prefix = division  # 重庆市能源局、市经济信息委: the 市 after it is 重庆市
        elif level and prefix and len(prefix) > 2 and prefix.endswith(level.group()):
            inherited = prefix
        elif level:
            prefix = level.group()
        elif DEPARTMENT_ENDING.search(item_text):
            inherited = prefix  # 省发展改革委、自然资源厅: the 厅 is the province's
        items.append(MarkerItem(
            start=index[raw_start], end=index[item_end - 1] + 1, text=item_text, role=label_role,
            first_in_group=not items, inherited_prefix=inherited,
        ))
        pending.append(len(items) - 1)
        if verb in ("牵头", "牵头负责"):
            for k in pending:
                items[k] = _with_role(items[k], "lead")
            pending = []
        elif verb in ("配合", "参加", "参与"):
            for k in pending:
                items[k] = _with_role(items[k], "participant")
            pending = []
        elif verb:
            pending = []
    return items, rejected


def _opening_division(text: str) -> str | None:
    """A province or prefecture named in full at the start of an item (重庆市能源局 → 重庆市)."""
    for length in range(min(len(text) - 1, 12), 2, -1):
        candidates = regions.table().by_name.get(text[:length])
        if candidates and any(c.level in ("province", "prefecture") for c in candidates):
            return text[:length]
    return None


def _split_items(content: str, start: int, end: int) -> list[tuple[int, int]]:
    """Item spans separated by 、，, outside brackets (各区人民政府〈含开发区、风景区管委会〉 is one)."""
    spans = []
    closing: list[str] = []
    item_start = start
    for i in range(start, end):
        char = content[i]
        if char in BRACKETS:
            closing.append(BRACKETS[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif not closing and char in "、，,":
            if i > item_start:
                spans.append((item_start, i))
            item_start = i + 1
    if end > item_start:
        spans.append((item_start, end))
    # 省市场监管局等部门及各设区市人民政府: 及/和/与 join two agencies when both sides read as
    # agencies (工业和信息化局 is one: 工业 is no agency).
    result = []
    for a, b in spans:
        for m in re.finditer(r"等(?:部门|单位)?及|[及和与]", content[a:b]):
            left, right = content[a:a + m.start()], content[a + m.end():b]
            right_name = right[:_strip_tail(right, 0, len(right))[0]]
            if _has_agency_ending(left) and len(right_name) >= 3 and looks_like_agency(right_name):
                result.append((a, a + m.start()))
                a = a + m.end()
        result.append((a, b))
    return [piece for a, b in result if b > a for piece in _split_glued(content, a, b)]


def _split_glued(content: str, start: int, end: int) -> list[tuple[int, int]]:
    """省发展改革委省工业和信息化厅 (a 、 missing in the source): cut where a new level prefix
    follows a department ending and both sides read as agencies."""
    for m in re.finditer(r"(?<=[厅局委办部])(?=国家|省|市|区|县)", content[start:end]):
        cut = start + m.start()
        left, right = content[start:cut], content[cut:end]
        right_name = right[:_strip_tail(right, 0, len(right))[0]]
        if len(left) >= 3 and looks_like_agency(left) and len(right_name) >= 3 and \
                looks_like_agency(right_name) and not right_name.startswith(("市场", "区域")):
            return [(start, cut)] + _split_glued(content, cut, end)
    return [(start, end)]


def _strip_tail(content: str, start: int, end: int) -> tuple[int, str | None]:
    """Where the agency ends inside an item, and the role verb after it (牵头/配合/负责 …)."""
    verb: str | None = None
    while end > start:
        tail = TAIL.search(content, start, end)
        if tail is None or tail.start() == end:
            break
        verb = verb or tail.group("verb")
        end = tail.start()
    return end, verb


def _with_role(item: MarkerItem, role: Role) -> MarkerItem:
    return MarkerItem(item.start, item.end, item.text, role, item.first_in_group, item.inherited_prefix)


def _has_agency_ending(text: str) -> bool:
    """Ends like an agency (局/厅/政府 …): 各市〔州〕工业 (of 工业和信息化主管部门) does not."""
    kind = canonical.agency_type(text)
    return kind != "not_agency" and any(
        canonical.strip_note(text).endswith(suffix) for suffix, k in canonical.suffixes() if k != "not_agency")


def looks_like_agency(text: str) -> bool:
    """An agency by its grammar: a known ending (局/厅/委/政府/公司 …) or a 各/有关 group."""
    text = canonical.strip_note(text)
    if not 2 <= len(text) <= 40 or NOT_AN_AGENCY.search(text):
        return False
    kind = canonical.agency_type(text)
    if kind == "not_agency":
        return False
    if re.match(r"^(?:各|有关|地方各级)", text):
        return True
    return any(text.endswith(suffix) for suffix, kind in canonical.suffixes() if kind != "not_agency")


# ---------------------------------------------------------------- the spaCy component

# spaCy forbids "." in factory names: the contract's ``policykg.responsibilities.v1``.
FACTORY = "policykg_responsibilities_v1"

for _name in ("agency_id", "role"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Span.has_extension("agency"):
    Span.set_extension("agency", default=None)


def markers_of(doc: Doc) -> list[Marker]:
    """The Doc's markers, parsed once and shared by the agencies and responsibilities components."""
    cached = doc.user_data.get("policykg.markers")
    if cached is None:
        cached = find_markers(regions.doc_text(doc))
        doc.user_data["policykg.markers"] = cached
    return cached


class ResponsibilityRecognizer:
    """``policykg_responsibilities_v1``: one span per listed agency in ``doc.spans["responsibilities"]``.

    Reads the agency spans that ``policykg_agencies_v1`` made from the same markers (matched
    by exact character offsets) for their ids. Keeps, per document, whether a note said
    ``排在第一位的为牵头单位，下同`` so that later markers of that document follow it.
    """

    def __init__(self, nlp: Language, name: str = FACTORY, spans_key: str = "responsibilities") -> None:
        self.name = name
        self.spans_key = spans_key
        self._lead_first_documents: set[str] = set()

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.ctx
        document_id = ctx.document.id if ctx is not None else None
        by_offsets = {(s._.agency["start_char"], s._.agency["end_char"]): s
                      for s in doc.spans.get("agencies", []) if s._.agency}
        spans = []
        for marker in markers_of(doc):
            lead_first = marker.lead_first or document_id in self._lead_first_documents
            if marker.lead_first_follows and document_id is not None:
                self._lead_first_documents.add(document_id)
            has_lead = any(item.role == "lead" for item in marker.items)
            for item in marker.items:
                agency = by_offsets.get((item.start, item.end))
                if agency is None:
                    continue
                span = doc.char_span(item.start, item.end, label="RESPONSIBILITY", alignment_mode="expand")
                if span is None:
                    continue
                span._.agency = agency._.agency
                span._.agency_id = agency._.agency["id"]
                span._.role = role_of(item, agency._.agency["type"], lead_first, has_lead)
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ResponsibilityRecognizer:
        return self


@Language.factory(FACTORY, default_config={"spans_key": "responsibilities"})
def make_responsibility_recognizer(nlp: Language, name: str, spans_key: str) -> ResponsibilityRecognizer:
    return ResponsibilityRecognizer(nlp, name, spans_key)


def role_of(item: MarkerItem, agency_type: str, lead_first: bool, marker_has_lead: bool) -> Role:
    """牵头 → lead; the first listed where a note says so → lead; governments → local_government;
    配合 → participant; in a list that names no lead, every department is responsible: lead."""
    if item.role == "lead":
        return "lead"
    if lead_first and item.first_in_group and item.role is None:
        return "lead"
    if agency_type == "local_government":
        return "local_government"
    if item.role is not None:
        return item.role
    return "participant" if marker_has_lead or lead_first else "lead"


def records_for(doc: Doc) -> list[Responsibility]:
    """One :class:`Responsibility` per listed agency, on the clause the Doc was made from."""
    ctx = doc._.ctx
    records = []
    for span in doc.spans.get("responsibilities", []):
        info = span._.agency
        start, end = ctx.to_original(info["start_char"], info["end_char"])
        records.append(Responsibility(
            document=ctx.document.id, clause=ctx.clause.id, agency=span._.agency_id,
            agency_text=info["text"], role=span._.role, start=start, end=end,
            source=ctx.document.source, page=ctx.page(start),
        ))
    return records
