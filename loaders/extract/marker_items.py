"""The list inside a responsibility marker: one :class:`MarkerItem` per agency named.

Items are separated by ``、`` ``，`` (outside brackets: ``各区人民政府〈含开发区、风景区管委会〉`` is
one), by ``及``/``和``/``与`` when both sides read as agencies, and where a ``、`` is missing
between two prefixed names (``省发展改革委省工业和信息化厅``). The tail after a name (``等按
职责分工负责``, ``牵头``, ``配合``) is cut off and gives the role of the items before it.

Inside a marker the list says its items are agencies, so where the marker is established
(labelled ``责任单位：``, or a later group of one), an item counts *by position* — ``市科协``,
``山东港口烟台港``, ``烟台国际机场`` need no agency ending — unless it is a generic phrase
(``各有关部门``, ``各地区相关部门``, ``有关单位``, ``各成员单位``: the grammar of those is read from
``data/agency_generic_phrases.tsv``) or reads as an instruction (``以下均需…落实``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from policykg.loaders.extract import canonical, regions
from policykg.loaders.extract.lexicon import DATA_DIR, alternation, read_tsv
from policykg.loaders.types import Role

GENERIC_PHRASES_FILE = "agency_generic_phrases.tsv"
LABEL = re.compile(
    r"(?P<label>(?:主要)?(?:责任|牵头|配合|参与|参加|协办|协同|主办|实施)(?:单位|部门|处室))[:：]"
)
# Fields of a task's note that name no body (完成时限：2022年2月底前, 完成期限：10月底).
OTHER_FIELD = re.compile(r"(?:完成|办结)(?:时限|期限|时间)[:：]|时间(?:要求|节点)[:：]|进度安排[:：]")
# What follows the agencies inside an item: 等按职责分工负责, 牵头负责, 配合, 具体落实 …
TAIL = re.compile(
    r"(?:等(?:相关|有关|其他)?(?:职能)?(?:部门|单位)?(?:和单位|和部门)?)?(?:及)?"
    r"(?:按照?职责分工|按职责分|按照?职责|分别|共同|具体|推动|负责组织)?"
    r"(?P<verb>牵头负责|牵头|负责落实|负责|抓好落实|推动落实|落实|配合|参加|参与|协助|协同|支持|组织实施|实施"
    r"|指导推动|指导推进|推进)?$"
)
BRACKETS = {"（": "）", "(": ")", "〈": "〉", "〔": "〕", "[": "]", "【": "】", "［": "］", "《": "》"}
HEAD = re.compile(r"^(?:由|请|其中|以及|及|和)")
# Items that are instructions, not agencies (以下各项任务均需…落实，不再列出).
NOT_AN_AGENCY = re.compile(r"以下|不再|下同|涉及|列出|均需|均含|各项|任务|[0-9０-９]|意见|要求")
NOTE_AFTER = re.compile(r"[（(〈〔][^（(〈〔）)〉〕]*[）)〉〕]$")
NESTED_NOTE = re.compile(r"(?:含|包括|包含)")
MID_NOTE = re.compile(r"[（(](?:含|包括|包含)(?P<inner>[^（()）]{2,40})[）)]")
NOTE_TAIL = re.compile(r"[，,、]?(?:下同|以下同)$")
# Governments and administrations that a run of places shares (武昌区、青山区人民政府).
SHARED_ENDING = re.compile(r"(?:人民政府|政府|管委会|管理委员会)$")
BARE_PLACE = re.compile(r"[\u4e00-\u9fff]{1,10}[区县市旗州]")
LEVEL_PREFIX = re.compile(r"^(?:国家|自治区|省|市(?!场)|区|县)")
# 市、区机管局; 各区、市政府; 市州、县市区人民政府 (各区市县 is a body of its own: all of them)
BARE_PREFIX = re.compile(r"^(?:各?(?:省|市|区|县|自治区|州)|(?:省|市|区|县|州|旗){2,3})$")
NATIONAL_ENDINGS = ("部", "总局", "总署")
DEPARTMENT_ENDING = re.compile(r"(?:厅|局|委|办|委员会|办公室)$")
# Inside an item read by position, these show a clause, not a name (由…负责, 按要求落实).
NOT_A_NAME = re.compile(r"[的要按在对将为把向从并或是了：:“”《》]|负责|落实|推进|加强|开展|组织")


SUPPORT_VERBS = ("配合", "参加", "参与", "协助", "协同", "支持")


def label_role_of(label: str) -> Role:
    """The role a field label gives its list: 牵头单位 → lead; 配合/参与/协办/协同单位 → support;
    责任单位 / 实施单位 → responsible (the field is its bodies' own cue, also after a 牵头单位
    field; a note that the first listed leads still makes the first one lead)."""
    if "牵头" in label or "主办" in label:
        return "lead"
    if any(word in label for word in ("配合", "参与", "参加", "协办", "协同")):
        return "support"
    return "responsible"


def field_role(label_role: Role | None) -> Role | None:
    """The role an item takes from its label alone: 牵头单位 and 配合单位 fields decide it at once;
    a 责任单位 field decides only against the other fields of the marker (see role_of)."""
    return None if label_role == "responsible" else label_role


@lru_cache(maxsize=1)
def _generic_pattern() -> re.Pattern[str]:
    """scope? collective? qualifier* head (和 head)?, a phrase, or a head right after an
    ending qualifier (…各有关部门, …成员单位), from the data file's roles."""
    roles: dict[str, list[str]] = {}
    for row in read_tsv(DATA_DIR / GENERIC_PHRASES_FILE):
        roles.setdefault(row[0], []).append(row[1])
    head = alternation(roles["head"])
    return re.compile(
        rf"^(?:{alternation(roles['scope'])})?(?:{alternation(roles['collective'])})?"
        rf"(?:{alternation(roles['qualifier'])})*(?:{head})(?:[和及与](?:{alternation(roles['qualifier'])})*(?:{head}))?$"
        rf"|^(?:{alternation(roles.get('phrase', []))})$"
        # 区政府各有关部门, 领导小组各成员单位, 有关国有企业: unnamed members of a named body
        rf"|(?:{alternation(roles['ending_qualifier'])})(?:{head})$"
        rf"|^(?:{alternation(roles['opening_qualifier'])}).*(?:{head})$"
    )


def is_generic(text: str) -> bool:
    """各有关部门, 各地区相关部门, 有关单位, 各成员单位, 省有关部门: a group, not an agency."""
    return bool(_generic_pattern().search(canonical.strip_note(text)))


def named_by_position(text: str) -> bool:
    """An item of an established marker list without an agency ending (市科协, 烟台国际机场)."""
    text = canonical.strip_note(text)
    return (
        2 <= len(text) <= 30
        and not NOT_AN_AGENCY.search(text)
        and not NOT_A_NAME.search(text)
        and canonical.agency_type(text) != "not_agency"
        and not is_generic(text)
    )


@dataclass(frozen=True)
class MarkerItem:
    start: int  # Doc char offsets of the agency as written
    end: int
    text: str  # as written, without line breaks or page footers
    role: Role | None  # from 牵头单位 / X牵头 / 配合单位; None: decided by type and notes
    first_in_group: bool  # first item of its ；-group (lead where the note says so)
    inherited_prefix: str | None  # 省 for 自然资源厅 in 省发展改革委、自然资源厅; or a division (重庆市)
    field: Role | None = None  # the role its field label names (牵头单位 lead, 责任单位 responsible …)


_EDGE_BRACKETS = "（(〔[【［）)〕]】］"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def read_items(
    content: str, index: list[int], start: int, end: int, positional: bool = False
) -> tuple[list[MarkerItem], int]:
    group = content[start:end]
    label_role: Role | None = None
    label = LABEL.match(group.lstrip("；;。,，"))
    offset = start + (len(group) - len(group.lstrip("；;。,，")))
    if label is not None:
        name = label.group("label")
        label_role = label_role_of(name)
        offset += label.end()
    items: list[MarkerItem] = []
    pending: list[int] = []  # items waiting for a verb that gives their role (X、Y牵头)
    rejected = 0
    prefix: str | None = None
    merge_from: int | None = None
    spans = _split_items(content, offset, end)
    for number, (raw_start, raw_end) in enumerate(spans):
        raw = content[raw_start:raw_end]
        head = HEAD.match(raw)
        if head:
            raw_start += head.end()
        item_end, verb = strip_tail(content, raw_start, raw_end)
        note = NOTE_AFTER.search(content, raw_start, item_end)
        nested: list[tuple[int, int]] = []
        if note and note.start() > raw_start and looks_like_agency(content[raw_start : note.start()]):
            item_end = note.start()  # 省发展改革委(省能源局): the bracket names a bureau under it
            inner = NESTED_NOTE.match(content, note.start() + 1, note.end() - 1)
            if inner is not None:  # 各区人民政府〈含开发区、风景区管委会，下同〉: bodies of their own
                nested = _split_items(content, inner.end(), note.end() - 1)
            elif looks_like_agency(content[note.start() + 1 : note.end() - 1]):
                # 市交通运输局〔市铁路办〕: its other name; 各区〈新区、合作区〉: the bodies it takes in
                nested = _split_items(content, note.start() + 1, note.end() - 1)
        # Nested or doubled markers （责任单位：（责任单位：X）） leave brackets at an item's edge;
        # an agency name never ends or starts with one.
        while item_end > raw_start and content[item_end - 1] in _EDGE_BRACKETS:
            item_end -= 1
        while raw_start < item_end and content[raw_start] in _EDGE_BRACKETS:
            raw_start += 1
        item_text = content[raw_start:item_end]
        inside = MID_NOTE.search(item_text)
        mid_note = inside is not None and inside.end() < len(item_text)
        if inside is not None and mid_note:
            # 各市（含定州、辛集市）政府: the outer body without its note, the bodies in it of their own
            outer = item_text[: inside.start()] + item_text[inside.end() :]
            if looks_like_agency(outer):
                nested = _split_items(
                    content, raw_start + inside.start("inner"), raw_start + inside.end("inner")
                )
                item_text = outer
        if BARE_PREFIX.match(item_text) and _shares_next_ending(content, spans, number, bool(nested)):
            merge_from = raw_start if merge_from is None else merge_from
            continue
        if merge_from is not None:
            raw_start, merge_from = merge_from, None
            item_text = content[raw_start:item_end]
        if not item_text:
            continue
        if is_generic(item_text):
            # 各有关部门, 省有关部门: a generic group, not an agency; its cue (…、各有关部门按职责分工
            # 负责) still holds for the agencies listed before it
            pending = _give_role(items, pending, verb)
            continue
        agency_like = looks_like_agency(item_text)
        if not agency_like and regions.table().candidates(item_text):
            merge_from = raw_start  # 广州、深圳市政府: the place names share the last item's ending
            continue
        if (
            not agency_like
            and not (positional and named_by_position(item_text))
            or not _HAN.search(item_text)
        ):  # every agency name has a Chinese character
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
        elif item_text.endswith(NATIONAL_ENDINGS) and prefix in (None, "国家"):
            prefix = "国家"  # 工业和信息化部、发展改革委: after a ministry (and no other scope), national
        elif DEPARTMENT_ENDING.search(item_text):
            inherited = prefix  # 省发展改革委、自然资源厅: the 厅 is the province's
        items.append(
            MarkerItem(
                start=index[raw_start],
                end=index[item_end - 1] + 1,
                text=item_text,
                role=field_role(label_role),
                first_in_group=not items,
                inherited_prefix=inherited,
                field=label_role,
            )
        )
        pending.append(len(items) - 1)
        for piece_start, piece_end in nested:  # their shared ending: _distribute_endings
            text = NOTE_TAIL.sub("", content[piece_start:piece_end]).strip()
            # a note inside a name lists places by name alone (定州、辛集市)
            named = looks_like_agency(text) or (mid_note and named_by_position(text))
            if not text or not named or is_generic(text):
                continue
            items.append(
                MarkerItem(
                    start=index[piece_start],
                    end=index[piece_start + len(text) - 1] + 1,
                    text=text,
                    role=field_role(label_role),
                    first_in_group=False,
                    inherited_prefix=None,
                    field=label_role,
                )
            )
            pending.append(len(items) - 1)
        pending = _give_role(items, pending, verb)
    return _distribute_endings(items), rejected


def _shares_next_ending(content: str, spans: list[tuple[int, int]], number: int, noted: bool) -> bool:
    """市、区机管局 / 各区、市政府: a bare level shares the next item's ending when that item opens
    with a level too; 各区 alone, before a note of its own (各区〈新区、合作区〉), at the end of the
    list, or before a named body (各市、沈抚示范区) is a collective body of its own."""
    item = content[slice(*spans[number])].strip()
    if not item.startswith("各"):
        return True
    if noted or number == len(spans) - 1:
        return False
    following = content[slice(*spans[number + 1])].strip()
    return bool(LEVEL_PREFIX.match(following) or BARE_PREFIX.match(following))


def _distribute_endings(items: list[MarkerItem]) -> list[MarkerItem]:
    """武昌区、青山区、蔡甸区人民政府 / 〈含开发区、风景区管委会〉: bare places before a place's
    government or administration share its ending."""
    out = list(items)
    for i, item in enumerate(items):
        ending = SHARED_ENDING.search(item.text)
        if ending is None or ending.start() == 0:
            continue
        place_char = item.text[ending.start() - 1]
        j = i - 1
        while j >= 0 and BARE_PLACE.fullmatch(items[j].text) and items[j].text.endswith(place_char):
            out[j] = dataclasses.replace(items[j], text=items[j].text + ending.group())
            j -= 1
    return out


def _give_role(items: list[MarkerItem], pending: list[int], verb: str | None) -> list[int]:
    """The role a cue gives the items waiting before it (X、Y牵头); the items still waiting."""
    if not verb:
        return pending
    if verb in ("牵头", "牵头负责"):
        role: Role = "lead"
    elif verb in SUPPORT_VERBS:
        role = "support"
    else:  # 负责, 落实, 按职责分工负责: the items before it carry the task themselves
        role = "responsible"
    for k in pending:
        if role != "responsible" or items[k].role is None:
            items[k] = _with_role(items[k], role)
    return []


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
            left, right = content[a : a + m.start()], content[a + m.end() : b]
            right_name = right[: strip_tail(right, 0, len(right))[0]]
            if (
                _has_agency_ending(left)
                and len(right_name) >= 3
                and (looks_like_agency(right_name) or is_generic(right_name))
            ) or (
                is_generic(left)
                and right_name.startswith("各")
                and (is_generic(right_name) or looks_like_agency(right_name))
            ):  # 省直各有关部门和各市: a group and a collective body
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
        right_name = right[: strip_tail(right, 0, len(right))[0]]
        if (
            len(left) >= 3
            and looks_like_agency(left)
            and len(right_name) >= 3
            and looks_like_agency(right_name)
            and not right_name.startswith(("市场", "区域"))
        ):
            return [(start, cut)] + _split_glued(content, cut, end)
    return [(start, end)]


def strip_tail(content: str, start: int, end: int) -> tuple[int, str | None]:
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
    return dataclasses.replace(item, role=role)


def _has_agency_ending(text: str) -> bool:
    """Ends like an agency (局/厅/政府 …): 各市〔州〕工业 (of 工业和信息化主管部门) does not."""
    kind = canonical.agency_type(text)
    return kind != "not_agency" and bool(canonical.strip_note(text).endswith(canonical.agency_endings()))


def looks_like_agency(text: str) -> bool:
    """An agency by its grammar: a known ending (局/厅/委/政府/公司 …) or a 各/有关 group."""
    text = canonical.strip_note(text)
    if not 2 <= len(text) <= 40 or NOT_AN_AGENCY.search(text):
        return False
    kind = canonical.agency_type(text)
    if kind == "not_agency":
        return False
    if is_generic(text):
        return False
    if re.match(r"^(?:各|有关|地方各级)", text):
        return True
    return text.endswith(canonical.agency_endings())
