"""The grammar of a quantified target in Chinese policy text, without spaCy.

A target is a quantity (number + unit) in a sentence that names the year it is due
(``到2025年``, ``2025年前``, ``“十四五”期间``) or says it holds ``每年``. The sentence is read
left to right: a year phrase sets the year for what follows until the next one; each
comma-separated segment gives the metric (the words before the verb), the comparator
(``达到``, ``以上`` …), the direction (``下降13.5%``) and a base year (``比2020年``).
``到2025年和2030年…分别达到600万千瓦和1000万千瓦`` pairs years and values in order.

The word lists come from :class:`~policykg.loaders.extract.lexicon.TargetLexicon`.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

from policykg.loaders import gazetteer
from policykg.loaders.extract import target_lists
from policykg.loaders.extract.lexicon import TargetLexicon, alternation
from policykg.loaders.extract.numbers import (
    ARABIC_NUMBER,
    CHINESE_NUMBER,
    CHINESE_NUMERAL_CHARS,
    SHARE,
    five_year_plan_end,
)
from policykg.loaders.extract.target_lists import Found
from policykg.loaders.extract.target_reading import PUNCTUATION, SEGMENT_BREAK, QuantityReader, Reading
from policykg.loaders.types import Period

NOTE_AT_END = re.compile(r"[（(][^（()）]{0,20}[）)]$")
COUNTED_TAIL = re.compile(rf"[^{SEGMENT_BREAK}。！？!?、]{{0,30}}")  # the last count's object words
# 年利用量, 森林年固碳量, 年轨道交通客流量: a metric measured per year (not 2025年, 青年, 年度, 年底)
ANNUAL_METRIC = re.compile(
    r"(?:^|(?<![\d〇零一二三四五六七八九十百青少老中成周当今明去]))年(?![度底末前内份限代龄])(?!均(?:浓度|值|水平|气温|降水|含量))[\u4e00-\u9fff]"
)
# PM2.5年均浓度, 年均值: an annual mean is the name of a level, not a yearly amount.
ANNUAL_MEAN = re.compile(r"年(?:平)?均(?:浓度|值|水平|气温|降水|含量)")
# 新增装机容量5万千瓦: the amount added; a share (新增车辆中新能源汽车比例) stays a level.
ADDED_ANYWHERE = re.compile(r"新增(?!及|和|或|的)")
SHARE_HEAD = re.compile(r"(?:比重|占比|比例|份额|率|系数|指数)$")
BASE_LATER = re.compile(r"[^，,；;。\d]{1,16}?(?:为基数|为基准|为基期|的基础上|基础上|相比|相较)")
PLAN_NAME = re.compile(r"[\u4e00-\u9fff、]{2,24}?(?:规划|纲要)(?!目标|期|实施|中|提出|明确|确定)")
RATIO_TO = re.compile(r"(?:降|降低|下降|提高|提升)(?:到|至)$")
DESCRIPTION = re.compile(
    r"\s*(?:[^，。；]{0,8}[，,])?(?:我国|我省|我市|我区|全国|全省|全市|全区)(?:已经?|目前|现已)?(?:是|已成为|成为|拥有)"
)
REACHED = re.compile(r"达到?(?:约|近)?$")
LEVEL_TO = re.compile(r"[到至]|达到")
# 压减地下水超采量1亿立方米以上: a verb of change opening the segment governs the amount after its object.
OPENING_CHANGE = re.compile(r"(?:进一步|累计|持续|再)?(?P<verb>压减|削减|减少|降低|压降|提升|提高|增加)")
DONE = re.compile(r"(?:累计|全面|力争)?完成")
# 重点工程减排量分别达到1.6万吨: an amount of reduction.
REDUCTION_AMOUNT = re.compile(r"(?:减排量|削减量|减少量|压减量|减碳量|降碳量)")
# 执行新建居住建筑75%+、公共建筑72%节能标准: percentages naming a standard.
STANDARD_NAME = re.compile(r"\d(?:\.\d+)?[%％]\+?(?:的)?(?:节能|绿色|建筑)?(?:设计)?标准")

# Whitespace, and a footer left inside a sentence (达到第343页9000万千瓦).
DROPPED = re.compile(r"\s+|第\d{1,4}页")
SENTENCE_END = re.compile(r"[。！？!?]")
CONNECTORS = ("和", "、", "及", "与", "以及", "，", ",", "或")
# Targets are due in the future of the plan: a year before the plan's own year (or before the
# carbon-peaking plans began, when the date is unknown) reports a result (截至2020年底…).
DEFAULT_MIN_YEAR = 2021
RIGHT_TEXT_LIMIT = 30  # chars of object text after a quantity that may complete a metric


# 以寿光市、章丘区2个畜牧大县为重点: a count inside such a frame names things, it sets no goal.
FOCUS_OPEN = re.compile(r"(?<![可予加难所用得足借是])以(?!上|下|内|来|前|后|外|及|便|免|期|此|致|为)")
FOCUS_CLOSE = re.compile(
    r"为[\u4e00-\u9fff]{0,6}?(?:重点|主体|骨架|核心|依托|基础|载体|抓手|引领|突破口|支撑|主线|龙头|示范)"
)
# 在“3+3+2”产业领域和22条产业链群选择100家企业: a count in the place things are chosen from.
LOCATIVE_OPEN = re.compile(r"(?:^|[每年优先重点要应])(?:在|从)[^在从]*$")
CHOOSE_FROM = re.compile(r"(?:中|内)?(?:选择|遴选|选取|筛选|择优)")
# 对全省14条…入海河流开展…: a count inside the object of 对 scopes the task.
SCOPE_OPEN = re.compile(r"(?:要|应|须|并|重点|着力|加快)?对(?!外|标|接|照|比|口)")
YEAR_SPAN_START = re.compile(r"((?:19|20)\d{2})年?(?:至|到|—|－|-|–|~|～)$")  # 2022至2025年
LEAD_IN = re.compile(r"[：:]")  # …“十四五”时期…的主要目标是：——… introduces a list of goals

# What may stand before a sentence's opening year phrase: a label with a colon (量化目标：), or a
# heading run into the text when the PDF lost its line break (主要目标到2025年, 发展目标“十四五”期间).
OPENING_LABEL = re.compile(
    r"(?:\d{1,2}[.．、])?[^，,。；;：:\d]{1,20}[：:]\s?[到至在于]?"  # 3.农业绿色低碳循环发展示范项目：到2025年
    r"|[^，,。；;：:“”\d]{0,8}(?:目标|任务|要求|指标)[：:]?\s?[到至在于]?[“\"‘']?"
)


ASIDE_GOAL = re.compile(
    r"其中|达到|达|力争|提高|提升|下降|降低|减少|增长|控制|不低于|不少于|不超过|不高于|超过|突破|新增|建成|完成"
)
EACH_OF_COUNT = re.compile(r"(?:\d+|[两一二三四五六七八九十])(?:台|座|个|套|艘|条|组)$")
SLOGAN = re.compile(r"[“\"‘](?:不|确保|严禁|坚持|零|严控)[^”\"’]{0,8}[”\"’]")
NOTE_OPEN = re.compile(r"(?:^|\n|(?<=约束性|预期性|指导性|参考性))[ \t]*注[：:]")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
NOTE_WORDS = re.compile(r"本表|表中|指标|视同|是指|^.{0,30}?指(?!导|挥|引|南)")


def _table_note(text: str, sentence_start: int) -> bool:
    """Is the sentence at ``sentence_start`` part of the notes under a table (注：①… ②…), each
    note a sentence that opens with its circled mark?"""
    opening = text[sentence_start : sentence_start + 80].lstrip()
    if opening[:1] in CIRCLED and NOTE_WORDS.search(opening):
        return True  # a note read as a clause of its own (the circled mark opens it)
    window = max(0, sentence_start - 1200)
    opened = None
    for opened in NOTE_OPEN.finditer(text, window, sentence_start + 4):
        pass
    if opened is None:
        return False
    sentences = re.split(r"。\s*", text[opened.end() : sentence_start + 4])
    return all(not piece.strip() or piece.lstrip()[0] in CIRCLED for piece in sentences)


@dataclass(frozen=True)
class TargetFields:
    """One target found in a text; offsets are into the text given to :func:`find_targets`."""

    metric: str
    value: float
    value_max: float | None
    unit: str | None
    unit_normalised: str | None
    multiplier: float | None
    year: int | None
    period: Period  # "annual" or "by_year"
    comparator: str
    direction: str
    base_year: int | None
    start: int  # evidence fragment: metric ... quantity (+ comparator suffix)
    end: int
    value_start: int  # the quantity itself
    value_end: int


@functools.cache
def place_names() -> frozenset[str]:
    return frozenset(name for name in gazetteer.by_name() if len(name) >= 2)


def _place_name_at(text: str, at: int) -> bool:
    """A region's name (台江区, 台州市) starts at ``at``."""
    names = place_names()
    return any(text[at : at + n] in names for n in range(2, 6))


def _digits_apart(text: str, a: int, b: int) -> bool:
    """Whitespace ``text[a:b]`` between two numbers of a table row (全市 1120 12), not inside one
    number broken by a line wrap (2 025年)."""
    if not (0 < a and b < len(text) and text[a - 1].isdigit() and text[b].isdigit() and text[a].isspace()):
        return False
    left = re.search(r"\d+$", text[max(0, a - 4) : a])
    right = re.match(r"\d+", text[b : b + 5])
    joined = (left.group() if left else "") + (right.group() if right else "")
    year_after = text[b + len(right.group()) : b + len(right.group()) + 1] == "年" if right else False
    return not (len(joined) == 4 and joined[:2] in ("19", "20") and year_after)


def compact(text: str) -> tuple[str, list[int]]:
    """Drop whitespace (PDF line wraps split ``2025 年``) and page footers left in a sentence;
    ``positions[i]`` is the index in ``text`` of ``packed[i]``."""
    pieces: list[str] = []
    positions: list[int] = []
    kept_from = 0
    for dropped in DROPPED.finditer(text):
        a, b = dropped.start(), dropped.end()
        if _digits_apart(text, a, b):
            b = a + 1  # 全市 1120 12 (table cells): digits apart stay apart, with one space
            pieces.append(text[kept_from:b])
            positions.extend(range(kept_from, b))
            kept_from = dropped.end()
            continue
        pieces.append(text[kept_from:a])
        positions.extend(range(kept_from, a))
        kept_from = b
    pieces.append(text[kept_from:])
    positions.extend(range(kept_from, len(text)))
    positions.append(len(text))
    return "".join(pieces), positions


# A count that a figure is reckoned on (以15个国考断面计, 按照…20个国控点位统计), not a goal.
BASIS_BEFORE = re.compile(r"(?:以|按照?|根据)[^，,。；;（）()\d]{0,24}$")
BASIS_AFTER = re.compile(r"[^，,。；;（）()\d]{0,24}?(?:计|统计|计算)(?:[）)，,。；;]|$)")
# the change that follows a base year written without 年 (较2020下降5%)
CHANGE_AFTER_BASE = "下降|降低|减少|提高|增长|提升|上升|增加"
LEAD_CLAUSE = 16  # characters of a lead clause before a year phrase that still opens the sentence
RUN_IN_HEADING = re.compile(
    r"(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)[^，,。；;：:！!？?]{2,24}[。．]"
)
# 肥东县响导乡晶导100兆瓦渔光互补光伏发电项目: a measure between a name and the facility it sizes
NAMED_FACILITY = re.compile(
    r"[^\d，,。；;、：:（）()\s]{0,14}?(?:项目|电站|电厂|能源站)(?=$|[、，,。；;（(\s]|和|及)"
)
CONDITION = re.compile(r"\s*(?:若|如果|假如|倘若)")  # a segment opening with a condition
PRESENT_CUE = re.compile(r"目前|当前|现阶段")  # in the quantity's own segment
SHARED_VALUE = re.compile(r"(?:分别|均)[\u4e00-\u9fff]{0,4}$")
BOUND_SUFFIXES = ("以上", "及以上")  # a bound the plan sets on its goal
LIST_GLUE = ("，", ",", "、", "；", ";")
ITEM_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]+")  # a list item's metric, nothing else
PARTS_GLUE = re.compile(r"[。；;，,]?\s*其中\s*[，,：:]?")  # …900万千瓦。其中，自用煤电500万千瓦
GOAL_AMOUNT_SUFFIXES = ("左右", "以上", "及以上", "以内", "以下")
GOAL_AMOUNT_HEAD = re.compile(r"(?:约|大约|为|达|在|保持在|维持在)$")


class TargetGrammar:
    def __init__(self, lexicon: TargetLexicon) -> None:
        self.lexicon = lexicon
        words = lexicon.words
        unit = alternation(set(lexicon.units))
        number = rf"(?:{ARABIC_NUMBER}|{CHINESE_NUMBER})"
        # a year, or a base year written without 年 before its change (较2020下降5%)
        year = rf"(?:19|20)\d{{2}}(?:年度?|(?<=[较比]\d{{4}})(?={CHANGE_AFTER_BASE}))"
        suffix_words = alternation(words("comparator_suffix"))
        self.scanner = re.compile(
            r"(?P<title>《[^》]{0,80}》)"
            r"|(?P<plan>[“\"‘']?十[一二三四五六七八九]五[”\"’']?(?:期间|时期内|时期|期末|末)?)"
            rf"|(?P<years>{year}(?:(?:和|、|及|与|,|，)(?:{year}))*)(?P<year_suffix>{alternation(words('year_suffix'))})?"
            rf"|(?P<annual>{alternation(words('annual'))})"
            rf"|(?P<num>{number})(?:(?P<unit1>{unit})?(?P<range>[-—–~～至到])(?P<num2>{number}))?"
            rf"(?P<unit>{unit})(?:/(?P<per>{unit}|年|日|天|人|万元|元))?(?P<suffix>{suffix_words})?"
            # a share (下降1/3, 降低一半, 翻一番) or a bare magnitude with an implied 1 (推广万种产品)
            rf"|(?P<share>{SHARE})(?P<share_suffix>{suffix_words})?"
            rf"|(?<![\d.{CHINESE_NUMERAL_CHARS}])(?P<bare>[百千万])(?P<bare_unit>{alternation(words('counter'))})"
            rf"(?![万亿千百])(?P<bare_suffix>{suffix_words})?"
            # a number with no unit (PUE不高于1.3, 系数达到0.58): kept only after a comparator and
            # a ratio-like metric (see _quantity)
            # a proportion a：b reads as a/b (车桩比不低于1：8 → 0.125)
            rf"|(?<![\d.])(?P<ratio>\d{{1,2}}\.\d{{1,3}}|[1-9]\d?)(?:[:：](?P<ratio_of>[1-9]\d?)(?![\d.:：]))?"
            rf"(?![\d.%％‰／/])(?P<ratio_suffix>{suffix_words})?"
        )
        self.metric_head = re.compile(alternation(words("metric_head")))
        self.past_before = tuple(words("past_before"))
        self.past_cue = re.compile(alternation(words("past_cue")))
        self.statistic_cue = re.compile(alternation(words("statistic_cue")))
        # 新建220千伏变电站7座: a voltage or tonnage class may stand between the verb and the count
        self.goal_verb = re.compile(
            rf"(?:{alternation(words('goal_verb'))})(?:[^\d{SEGMENT_BREAK}。]|\d+(?=\d*(?:千伏|吨级|级)))"
            rf"{{0,14}}$"
        )
        self.counting_goal_verb = re.compile(
            rf"(?:{alternation(words('counting_goal_verb'))})[^\d{SEGMENT_BREAK}。]{{0,14}}$"
        )
        self.any_goal_verb = re.compile(alternation(words("goal_verb")))
        self.goal_verb_near = re.compile(rf"(?:{alternation(words('goal_verb'))})(?:约|超过|近)?$")
        strong = set(words("comparator_prefix")) - set(words("weak_comparator"))
        self.goal_comparator = re.compile(rf"(?:{alternation(strong)})(?:约|近)?$")
        changes = [w for w in words("direction") if len(w) >= 2]
        # 降至305克标煤/千瓦时, 升到: a one-character verb of change states a goal with 到/至 after it
        single = [w for w in words("direction") if len(w) == 1]
        to = alternation(words("direction_to"))
        self.change_verb = re.compile(
            rf"(?:(?:{alternation(changes)})(?:分别|均)?(?:{to})?|(?:{alternation(single)})(?:{to}))$"
        )
        self.weak_head = re.compile(r"(?:超过|大于|高于|低于|小于|不足)$")  # a class bound, not a goal
        self.ratio_heads = tuple(words("ratio_head"))
        self.metric_heads = tuple(words("metric_head"))
        self.reader = QuantityReader(lexicon, number)
        self.percent_follow = self.reader.percent_follow
        self.annual_words = frozenset(words("annual"))
        self.year_prefix_chars = frozenset("".join(words("year_prefix")))
        self.comparator_prefix = re.compile(rf"(?:{alternation(words('comparator_prefix'))})$")
        self.direction = re.compile(alternation(words("direction")))
        self.base = re.compile(
            rf"(?:{alternation(words('base_prefix'))})(?:19|20)\d{{2}}(?:年(?:末|底)?|(?={CHANGE_AFTER_BASE}))"
        )
        self.tail_words = re.compile(
            rf"(?:{alternation(set(words('comparator_prefix')) | set(words('direction')) | set(words('metric_strip')) | set(words('direction_to')))})$"
        )
        # metric_word: words that open a metric although they begin with a strip word (再生 ≠ 再 + 生)
        self.strip_words = re.compile(
            rf"^(?!{alternation(words('metric_word'))})(?:{alternation(words('metric_strip'))})"
            rf"|(?:{alternation(words('metric_strip'))})$"
        )

    # ---------------------------------------------------------------- scanning
    def find(
        self, text: str, min_year: int = DEFAULT_MIN_YEAR, yearless: bool = True, goals: bool = False
    ) -> list[TargetFields]:
        """Targets of ``text``; ``yearless=False`` keeps only quantities with a year or 每年 in
        force (a report such as a 白皮书 narrates results: its yearless numbers are statistics);
        ``goals=True`` says the text stands under a plan's goals heading (主要目标, 发展目标), where
        a quantity with no year stated as an amount (约2.71亿千瓦, 8900万千瓦左右) is a goal too."""
        self._goals = goals
        packed, positions = compact(text)
        # where a line of the original text starts in ``packed`` (a heading line ends before it)
        self._line_starts = [
            i for i in range(1, len(packed)) if "\n" in text[positions[i - 1] : positions[i]]
        ]
        self._min_year = min_year
        self._yearless = yearless
        found: list[TargetFields] = []
        self._last_of_sentence: TargetFields | None = None  # the last goal of the sentence before
        sentence_start = 0
        # A sentence that opens with its year (到2025年，初步形成…体系。) heads the sentences after
        # it in the clause until another year is named: the pattern of 主要目标 paragraphs.
        carried: list[int] = []
        for end_match in [*SENTENCE_END.finditer(packed), None]:
            sentence_end = end_match.end() if end_match else len(packed)
            if sentence_end > sentence_start:
                targets, opening, named = self._sentence(packed, sentence_start, sentence_end, carried)
                found.extend(targets)
                self._last_of_sentence = targets[-1] if targets else None
                if opening is not None:
                    carried = opening
                elif named:
                    carried = []
            sentence_start = sentence_end
        return [
            replace(
                t,
                start=positions[t.start],
                end=positions[t.end - 1] + 1,
                value_start=positions[t.value_start],
                value_end=positions[t.value_end - 1] + 1,
            )
            for t in found
        ]

    def _sentence(
        self, text: str, start: int, end: int, carried: list[int]
    ) -> tuple[list[TargetFields], list[int] | None, bool]:
        """Targets of one sentence, the years it opens with (None if it does not), and
        whether it names a year at all."""
        years: list[int] = list(carried)
        year_event = -1  # index of the year phrase in force: groups values for 分别
        opening: list[int] | None = None
        named = False
        masked: list[tuple[int, int]] = []  # year/annual phrases: not part of any metric
        targets: list[Found] = []
        previous_end = start
        self._sentence_base: int | None = None  # 以2020年…为基数 … 下降5%: a base set for the sentence
        self._past = False  # a past year or result date in force: what follows reports, not aims
        base_heads_next = False  # a base set since the last due year: the next due year keeps it
        words = self.lexicon.words
        for match in self.scanner.finditer(text, start, end):
            kind = match.lastgroup if match.group("num") is None else "num"
            if match.group("years"):
                masked.append(match.span())
                before = text[max(0, match.start() - 3) : match.start()]
                after = text[match.end() : match.end() + 4]
                suffix = next(
                    (w for w in sorted(words("base_suffix"), key=len, reverse=True) if after.startswith(w)),
                    "",
                )
                if suffix or any(before.endswith(w) for w in words("base_prefix")):
                    # 在2020年的基础上 / 与2020年相比， set the base of the sentence; 较2020年提高10个
                    # 百分点 only of its own quantity (read from its left words below)
                    after_base = text[match.end() + len(suffix) : match.end() + len(suffix) + 1]
                    if (
                        suffix
                        or (after_base and after_base in SEGMENT_BREAK)
                        or BASE_LATER.match(text, match.end())  # 以2020年数据为基数
                    ):
                        self._sentence_base = int(match.group("years")[:4])
                        base_heads_next = True  # 以2020年…为基数，2025年…下降5%: it heads the next year
                    opener = 1 if suffix and before[-1:] in self.year_prefix_chars else 0
                    masked[-1] = (match.start() - opener, match.end() + len(suffix))
                    continue
                parsed = self._target_years(text, match)
                if not parsed:
                    if before[-1:] in "-—–~～" and int(match.group("years")[:4]) < self._min_year:
                        years, year_event, self._past = [], -1, True  # 2013-2019年任一年…: a past span
                    continue
                named = True
                if not base_heads_next:
                    self._sentence_base = None  # a new due year starts a new statement
                base_heads_next = False
                dated = re.match(
                    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月", text[match.end() : match.end() + 4]
                )
                if max(parsed) < self._min_year or (
                    (before.endswith(self.past_before) or (dated and not match.group("year_suffix")))
                    and max(parsed) <= self._min_year
                ):
                    # a past year, or 截至2021年 / 2021年9月 in a 2021 text: what follows is a result
                    years, year_event, self._past = [], -1, True
                    continue
                years, year_event, self._past = parsed, match.start(), False
                if not targets and self._opens(text, start, match.start(), under_heading=True):
                    opening = parsed
            elif match.group("plan"):
                masked.append(match.span())
                plan_year = five_year_plan_end(match.group("plan"))
                if not plan_year or PLAN_NAME.match(text, match.end()):
                    continue  # 三亚市“十四五”海洋生态环境保护规划: the name of a plan, no due date
                named = True
                if plan_year < self._min_year:
                    years, year_event, self._past = [], -1, True
                    continue
                years, year_event, self._past = [plan_year], match.start(), False
                if not targets and self._opens(text, start, match.start()):
                    opening = [plan_year]
            elif match.group("annual"):
                if not ANNUAL_MEAN.match(text, match.start()):
                    masked.append(match.span())
            elif kind == "num" or match.group("share") or match.group("bare") or match.group("ratio"):
                target = self._quantity(text, match, start, previous_end, years, masked, targets)
                if target is not None:
                    fields, inherited = target
                    own = bool(
                        match.group("suffix") or match.group("share_suffix") or match.group("bare_suffix")
                    )
                    targets.append(Found(fields, year_event, inherited, own))
                    previous_end = fields.end
        first = targets[0].fields.start if targets else end
        if (
            opening is None
            and years
            and not self._past
            and year_event >= 0
            and LEAD_IN.search(text, year_event, first)
        ):
            opening = years  # …“十四五”时期…的主要目标是： leads the bullets that follow
        return self._counted_objects(self._lists(targets, text, start), text), opening, named

    def _heading_line(self, text: str, at: int) -> bool:
        """The line holding ``at`` is a heading: short, with no punctuation of a sentence."""
        i = bisect.bisect_right(self._line_starts, at)
        begin = self._line_starts[i - 1] if i > 0 else 0
        end = self._line_starts[i] if i < len(self._line_starts) else len(text)
        if end - begin <= 30 and not re.search(r"[，,。；;：:！!？?]", text[begin:end]):
            return True
        # a run-in heading: a numbered line's first short sentence (3.打造百个绿色低碳工厂。研究制定…)
        run_in = RUN_IN_HEADING.match(text, begin, end)
        return run_in is not None and run_in.end() > at

    def _opens(self, text: str, start: int, at: int, under_heading: bool = False) -> bool:
        """The year phrase at ``at`` opens its sentence: it stands at the start, right after
        a short label such as 量化目标： / 主要目标: that introduces the sentence, or at the start
        of a line under a heading line (一、防洪排涝保障体系建设目标⏎至2025年，…: a year, not a
        five-year plan, which under a heading such as 面临形势 describes the times)."""
        if at - start <= 4 or OPENING_LABEL.fullmatch(text, start, at) is not None:
            return True
        lead = at
        while lead > start and text[lead - 1] in self.year_prefix_chars:
            lead -= 1  # 到 / 至 before the year
        if under_heading and lead > start and text[lead - 1] in "，," and lead - start <= LEAD_CLAUSE:
            return True  # 持续推广新能源车，到2023年，…。新建10万个充电设施: a short lead, then the year
        if not under_heading:
            return False
        i = bisect.bisect_right(self._line_starts, at)
        line = self._line_starts[i - 1] if i > 0 else -1  # the start of the line holding the year
        return start < line and at - line <= 4 and not re.search(r"[，,；;：:]", text[start:line])

    def due_years(self, text: str) -> list[int]:
        """Every target year named in ``text`` (year phrases and five-year plans)."""
        packed, _ = compact(text)
        found: list[int] = []
        for match in self.scanner.finditer(packed):
            if match.group("years"):
                found.extend(self._target_years(packed, match))
            elif match.group("plan"):
                plan_year = five_year_plan_end(match.group("plan"))
                found.extend([plan_year] if plan_year else [])
        return found

    def _target_years(self, text: str, match: re.Match[str]) -> list[int]:
        before = text[max(0, match.start() - 3) : match.start()]
        after = text[match.end() : match.end() + 2]
        words = self.lexicon.words
        if any(before.endswith(w) for w in words("base_prefix")):
            return []
        if any(before.endswith(w) for w in words("year_block_before")):
            return []
        if not match.group("year_suffix") and any(after.startswith(w) for w in words("year_block_after")):
            return []
        if before and (before[-1].isdigit() or before[-1] in "-—–~～"):
            return []  # 2021—2025年: a period's span, not a due year
        return [int(y) for y in re.findall(r"((?:19|20)\d{2})年", match.group("years"))]

    # ---------------------------------------------------------------- one quantity
    def _quantity(
        self,
        text: str,
        match: re.Match[str],
        sentence_start: int,
        previous_end: int,
        years: list[int],
        masked: list[tuple[int, int]],
        targets: list[Found],
    ) -> tuple[TargetFields, bool] | None:
        words = self.lexicon.words
        reading = self.reader.read(text, match)
        if reading is None:
            return None
        num_start, value_end, suffix = match.start(), reading.value_end, reading.suffix
        full_end = reading.end or match.end()
        if match.group("bare") and self._heading_line(text, num_start):
            return None  # 3.打造百个绿色低碳工厂 as a heading: the slogan of a 万千百 action
        # Year or annual context.
        segment_start = max(
            [sentence_start] + [text.rfind(ch, sentence_start, num_start) + 1 for ch in SEGMENT_BREAK]
        )
        annual = any(
            s >= segment_start and e <= num_start and text[s:e] in self.annual_words for s, e in masked
        )
        if (
            not annual
            and text.startswith("其中", segment_start)
            and targets
            and targets[-1].fields.period == "annual"
        ):
            annual = True  # 每年新增绿地1000公顷，其中公园绿地500公顷以上: a part of a yearly amount
        if (self._past or not self._yearless) and not years:
            return None  # “十三五”期间年均提高1个百分点, a review's 年均浓度为33: results too
        if (
            not years
            and not annual
            and not (targets and targets[-1].fields.end >= segment_start)  # 打造2-3个…和1-2个…
            and not self._goes_on_a_list(text, targets, sentence_start, segment_start, num_start, full_end)
            and not self._yearless_goal(
                text,
                sentence_start,
                segment_start,
                num_start,
                reading.suffix,
                reading.unit.written in self.reader.counters,
            )
        ):
            return None
        if _table_note(text, sentence_start) or NOTE_OPEN.search(text, sentence_start, num_start):
            return None  # 注：③…指标均以“利用率达到43%”视同减少: a note defining a table's indicator
        if self.statistic_cue.search(text, sentence_start, num_start):
            return None  # 据统计，建筑运行碳排放占…20%左右: a statistic, whatever year is in force
        if CONDITION.match(text, segment_start):
            return None  # 若企业消耗的能源70%以上来自自备电厂: a condition, not a goal
        if PRESENT_CUE.search(text, segment_start, num_start):
            return None  # 目前我国…比重超过40%: the present, not a goal
        if self.past_cue.search(text, max(segment_start, num_start - 4), num_start):
            return None  # 新能源汽车保有量已达603万辆: a result, whatever year is in force
        if self._class_of_things(text, match, reading, max(segment_start, previous_end), num_start, full_end):
            return None
        if self._framed_by_focus(text, segment_start, num_start, full_end):
            return None
        if reading.unit.written in self.reader.counters and self._names_its_things(
            text, segment_start, num_start, reading.value
        ):
            return None
        if self._names_a_facility(text, segment_start, num_start, full_end, reading):
            return None
        if text[num_start - 1 : num_start] in "（(" and text[full_end : full_end + 1] in "）)":
            return None  # 天全河锅浪跷（22万千瓦）: a quantity alone in brackets describes what it follows
        if self._in_aside(text, max(segment_start, num_start - 30), num_start, full_end):
            return None  # 重点企业（能耗5000吨标煤以上）: a note on the things named, no goal of its own
        if reading.unit.written not in self.reader.counters and EACH_OF_COUNT.search(
            text, max(segment_start, num_start - 8), num_start
        ):
            return None  # 新建2台100万千瓦煤电机组: the size of each unit counted, no goal of its own
        if reading.unit.written in self.reader.counters and SLOGAN.match(text, full_end):
            return None  # 绿色贷款实现三个“不低于”: the count of a slogan's clauses, no goal
        if text.startswith("方面", full_end) or text.startswith("方面", value_end):
            return None  # 突出表现为四个方面: the text's own structure, no goal
        if reading.unit.written in ("项", "类", "大类") and (
            "指标" in text[segment_start:num_start]
            or text.startswith(("约束性", "预期性"), full_end)
            or re.match(r"[\u4e00-\u9fff]{0,4}指标", text[full_end : full_end + 6])
        ):
            return (
                None  # 指标包括…5类23项 / 共设置重点指标14项 / 设置9项具体指标: the plan's indicators counted
            )
        if BASIS_BEFORE.search(text, segment_start, num_start) and BASIS_AFTER.match(text, full_end):
            return None  # （以15个国考断面计）/ 按照…20个国控点位现状值统计: what a figure is counted on
        if reading.unit.normalised == "%" and STANDARD_NAME.search(
            text, segment_start, self._segment_end(text, full_end)
        ):
            return None  # 执行…75%+、公共建筑72%节能标准: the name of a standard
        left_start = max(segment_start, previous_end)
        if reading.unit.normalised == "元" and any(
            word in text[segment_start:value_end] for word in words("funding")
        ):
            return None  # 每家每年最高补助200万元: a subsidy rule, not a goal
        if "给予" in text[segment_start:num_start] and any(
            word in text[num_start : self._segment_end(text, full_end)] for word in words("funding")
        ):
            return None  # 市财政给予每年2%的融资贴息: a subsidy rate
        unit_at = text.find(reading.written_unit, num_start, full_end) if reading.written_unit else -1
        if len(reading.written_unit) == 1 and unit_at >= 0 and _place_name_at(text, unit_at):
            return None  # 2台江区: a row number before a place name, 台 is no unit here
        before_char = text[num_start - 1] if num_start > 0 else ""
        if before_char in "<>＜＞" or text[full_end : full_end + 1] in ("<", ">", "≤", "≥", "＜", "＞"):
            return None  # table thresholds (0.5%<吸水率≤…), not goals
        left = self._clean_left(text, left_start, num_start, masked)
        base_match = list(self.base.finditer(text, left_start, num_start))
        base_year = int(re.findall(r"\d{4}", base_match[-1].group())[0]) if base_match else None
        comparator, direction = self._comparator_direction(text, left_start, num_start, suffix)
        if base_year is None and direction != "level":
            base_year = self._sentence_base
        if base_year is None and direction != "level" and "同比" in text[left_start:num_start] and years:
            base_year = max(years) - 1  # 同比增长6%: against the year before
        metric = self._metric(left)
        proportion = match.group("ratio_of") is not None  # 1：8
        if not reading.written_unit and not self._ratio_goal(text, left_start, num_start, metric, proportion):
            return None
        evidence_start = left_start
        while evidence_start < num_start and text[evidence_start] in PUNCTUATION:
            evidence_start += 1
        right_end = full_end
        inherited = False
        if not metric and targets and self._only_glue(text, targets[-1].fields.end, left_start, masked):
            metric, inherited = targets[-1].fields.metric, True
            evidence_start = targets[-1].fields.start
        else:
            right = self._right_text(text, full_end)
            right = right[next((len(w) for w in self.percent_follow if right.startswith(w)), 0) :]
            if right.startswith(("（", "(")):
                right = ""  # 86.7%（以国考断面计）: a note in brackets, not the things counted
            if right:
                metric = self._metric(metric + right)
                right_end = full_end + len(right)
        if not metric and not targets:
            named = self._metric_before(text, sentence_start, segment_start)
            if named is not None:  # 天然气产量快速增长，力争2025年达到2300亿立方米以上
                metric, evidence_start = named
        if not metric:
            return None  # a number that measures nothing (20%以上。 alone in a table's broken text)
        head = re.sub(r"(?:分别|均|力争)+$", "", text[left_start:num_start])
        if (
            direction == "level"
            and reading.value_max is None
            and ADDED_ANYWHERE.search(metric)
            and not SHARE_HEAD.search(metric)
            and not REACHED.search(head)
        ):
            direction = (
                "increase"  # (光伏项目)新增装机容量5万千瓦: the amount added; 新增…领域达到50个 a level
            )
        verb_first = OPENING_CHANGE.match(metric)
        if verb_first is not None and len(metric) - verb_first.end() >= 2:
            metric = metric[verb_first.end() :]  # 压减地下水超采量 → 地下水超采量
        opening = left.split(" ")[-1]
        if direction == "level" and not LEVEL_TO.search(opening):
            verb = OPENING_CHANGE.match(opening)
            if verb is not None and len(opening) > len(verb.group()) + 1:
                direction = words("direction")[verb.group("verb")]  # 压减地下水超采量1亿立方米: a cut
        elif (
            direction != "level"
            and reading.unit.normalised not in ("%", "‰", "百分点")
            and DONE.match(opening)
        ):
            direction = "level"  # 完成松林改造提升120万亩: the work done, 提升 names the work
        if direction == "level" and REDUCTION_AMOUNT.search(text, segment_start, num_start):
            direction = "decrease"  # 重点工程减排量达到1.6万吨: the amount cut
        previous = targets[-1].fields if targets and targets[-1].fields.start >= sentence_start else None
        if (
            direction == "level"
            and OPENING_CHANGE.match(metric) is None
            and not REACHED.search(head)
            and self._added_list(text, targets, sentence_start, evidence_start)
        ):
            direction = "increase"  # 新增绿色工厂500家、绿色园区50家: the list's items are added too
        annual = annual or reading.per_year or bool(ANNUAL_METRIC.search(metric))  # 年固碳量: yearly
        if not annual and previous is not None and previous.period == "annual":
            # 每年遴选50个…，制定30个…: a 每年 that opens the sentence holds for all its quantities,
            # until a year phrase comes
            spans = [(s, e) for s, e in masked if sentence_start <= s < num_start]
            heads = [
                (s, e)
                for s, e in spans
                if text[s:e].startswith("每")
                and text[s:e] in self.annual_words
                and len(self._clean_left(text, sentence_start, s, masked).replace(" ", "").strip(PUNCTUATION))
                <= 4
            ]
            annual = bool(heads) and not any(s >= heads[0][1] for s, _ in spans if (s, _) not in heads)
        unit, compound = reading.unit, reading.compound
        return TargetFields(
            metric=metric,
            value=reading.value,
            value_max=reading.value_max,
            unit=reading.written_unit or None,
            unit_normalised=(reading.written_unit if compound else unit.normalised) or None,
            multiplier=1.0 if compound else unit.multiplier,
            year=max(years) if years else None,
            period="annual" if annual else "by_year",
            comparator="range" if reading.value_max is not None else comparator,
            direction=direction,
            base_year=base_year,
            start=evidence_start,
            end=max(full_end, right_end),
            value_start=num_start,
            value_end=value_end,
        ), inherited

    def _metric_before(self, text: str, sentence_start: int, segment_start: int) -> tuple[str, int] | None:
        """The metric named by the segment before, when it holds no number and ends in a verb of
        change (天然气产量快速增长，力争2025年达到…): its words up to a metric head."""
        if segment_start <= sentence_start:
            return None
        before = max(
            [sentence_start] + [text.rfind(ch, sentence_start, segment_start - 1) + 1 for ch in SEGMENT_BREAK]
        )
        words = text[before : segment_start - 1]
        if not words or any(ch.isdigit() for ch in words) or not self.direction.search(words):
            return None
        heads = [m for m in self.metric_head.finditer(words)]
        if not heads:
            return None
        metric = self._metric(words[: heads[-1].end()])
        return (metric, before) if len(metric) >= 2 else None

    @staticmethod
    def _names_its_things(text: str, segment_start: int, num_start: int, value: float) -> bool:
        """A count that names the things a task concerns, not a goal: 对莱州湾5条…入海河流（开展…）
        (the object of 对), or 寿光市、章丘区2个畜牧大县 (a count summing up the names listed right
        before it)."""
        head = text[segment_start:num_start]
        if SCOPE_OPEN.match(head):
            return True
        if LOCATIVE_OPEN.search(head):
            after = text[num_start : TargetGrammar._segment_end(text, num_start)]
            chosen = CHOOSE_FROM.search(after)
            if chosen is not None and not re.search(r"\d", after[: chosen.start()].lstrip("0123456789.")):
                return True  # 在…22条产业链群选择100家企业: the count is where they are chosen from
        names = head.split("、")
        return len(names) >= 2 and value == len(names) and all(0 < len(n) <= 12 for n in names[1:])

    @staticmethod
    def _segment_end(text: str, at: int) -> int:
        """Where the segment holding ``at`` ends (the next segment break or sentence end)."""
        return min(
            (i for i in (text.find(ch, at) for ch in SEGMENT_BREAK + "。") if i >= 0), default=len(text)
        )

    @staticmethod
    def _framed_by_focus(text: str, segment_start: int, num_start: int, end: int) -> bool:
        """以寿光市、章丘区2个畜牧大县为重点 / 以近郊绿环、9条市域生态走廊为骨架: the count names the
        things a task centres on, it sets no goal."""
        opener = FOCUS_OPEN.search(text, segment_start, num_start)
        if opener is None:
            return False
        stop = TargetGrammar._segment_end(text, end)
        return FOCUS_CLOSE.search(text, end, stop) is not None

    def _class_of_things(
        self, text: str, match: re.Match[str], reading: Reading, left_start: int, num_start: int, end: int
    ) -> bool:
        """年综合能耗超过1万吨标准煤的数据中心, 30万千瓦以下煤电机组, 1000万吨/年以下常减压: a measure
        (not a count or a share) that bounds a class of plants or firms names them, it sets no goal.
        Counts and shares stay goals (500个以上技改项目, 70%以上的党政机关)."""
        if re.match(r"(?:以上|以下)?(?:时|的情况|的时候)", text[end : end + 5]):
            return True  # 当…比例超过20%时 / 占比不超过10%的情况: a condition, not a goal
        unit = reading.unit.normalised
        if (
            unit in ("%", "‰")
            and re.match(r"(?:[mv]/[mv])?的", text[end : end + 4])
            and re.search(r"(?:不超过|超过|低于|高于|大于|小于)(?:等于)?$", text[left_start:num_start])
        ):
            return True  # 热量占比不超过10%的机组: a share that bounds a class
        if (
            not reading.written_unit
            and text[end : end + 1] == "的"
            and self.weak_head.search(text, left_start, num_start)
        ):
            return True  # 电能利用效率超过1.5的数据中心: a ratio that bounds a class
        if not unit or unit in ("%", "‰", "百分点") or reading.unit.written in self.reader.counters:
            return False
        suffix = match.group("suffix") or ""
        if not suffix.startswith(("以下", "以内")) and (
            self.goal_verb_near.search(text, left_start, num_start)
            or re.search(r"推动|推进|实施|完成", text[left_start:num_start][-4:])
        ):
            return False  # 每年推动200万平方米以上的既有居住建筑节能改造: the object of a goal
        after = text[end : end + 2].lstrip("“\"‘'")[:1]
        bounded = suffix.startswith(("以上", "以下", "以内")) or bool(
            re.search(r"(?:超过|大于|小于|低于|高于|不足)$", text[left_start:num_start])
        )
        if bounded and after == "或":  # 5000吨标准煤以上或排放1.3万吨…以上企业: two thresholds of one class
            rest = text[end : self._segment_end(text, end)]
            return (
                re.search(
                    r"(?:以上|以下)的?[\u4e00-\u9fff]|(?:大于|小于|超过|低于|高于|不足)[^，。；]{0,14}?的",
                    rest,
                )
                is not None
            )
        floor = bounded or re.search(r"(?:不少于|不低于|不小于|不大于)$", text[left_start:num_start])
        if floor and after == "、":
            # 离岸距离不少于10公里、…水深不少于10米的海域: a list of thresholds that ends in a class
            rest = text[end : self._segment_end(text, end)]
            if re.search(r"(?:不少于|不低于|大于|小于|超过|低于|高于)\d[\d.]*[^\d，。；、]{0,6}的", rest):
                return True
        return bounded and (after == "的" or ("\u4e00" <= after <= "\u9fff" and after not in "和及与或"))

    def _names_a_facility(
        self, text: str, segment_start: int, num_start: int, end: int, reading: Reading
    ) -> bool:
        """肥东县响导乡晶导100兆瓦渔光互补光伏发电项目, 长丰2×450兆瓦级天然气调峰发电项目: a measure
        between a project's name and its kind sizes the project, no goal of its own; 建设100万千瓦
        光伏项目 (a verb before it) stays a goal."""
        unit = reading.unit.normalised
        if not unit or unit in ("%", "‰", "百分点") or reading.unit.written in self.reader.counters:
            return False
        if NAMED_FACILITY.match(text, end) is None:
            return False
        name_start = max(
            segment_start, text.rfind("、", segment_start, num_start) + 1, text.rfind("\n", 0, num_start) + 1
        )
        name = re.sub(r"\d+\s*[×xX*]\s*$", "", text[name_start:num_start])  # 长丰2×450兆瓦级
        return (
            re.fullmatch(r"[\u4e00-\u9fff“”（）()]+", name) is not None
            and self.any_goal_verb.search(name) is None
            and self.goal_comparator.search(name) is None
            and self.change_verb.search(name) is None
        )

    @staticmethod
    def _in_aside(text: str, start: int, num_start: int, end: int) -> bool:
        """Is the quantity inside brackets that describe what stands before them, with no goal
        word of its own before it (（22万千瓦）, （碳排放量占工业领域排放量约71.8%）)?"""
        opened = max(text.rfind("（", start, num_start), text.rfind("(", start, num_start))
        if opened < 0 or opened == 0 or re.search(r"[）)]", text[opened:num_start]):
            return False
        if not re.match(r"[\u4e00-\u9fff”》]", text[opened - 1]):
            return False  # a bracket that opens the sentence or follows a number is no aside
        closed = re.search(r"[）)]", text[end : end + 12])
        return closed is not None and ASIDE_GOAL.search(text, opened, num_start) is None

    @staticmethod
    def _added_list(text: str, targets: list[Found], sentence_start: int, at: int) -> bool:
        """Does the quantity at ``at`` continue a list (items joined by 、) that a 新增 opens?"""
        for found in reversed(targets):
            fields = found.fields
            if fields.start < sentence_start or text[fields.end : at] not in ("、", "，", ","):
                return False
            if fields.direction != "increase":
                return False
            if ADDED_ANYWHERE.match(fields.metric):
                return True
            at = fields.start
        return False

    def _goes_on_a_list(
        self,
        text: str,
        targets: list[Found],
        sentence_start: int,
        segment_start: int,
        num_start: int,
        end: int,
    ) -> bool:
        """完成造林1000万亩，中幼林抚育1200万亩，…: a segment of only a metric and its amount, right
        after a goal of the same sentence, goes on that goal's list (its opening verb holds); an
        amount that qualifies a thing (最多50亩的土地, 每吨500元的标准) is none."""
        words = text[segment_start:num_start]
        if (
            text[end : end + 1] not in ("，", ",", "、", "；", ";", "。", "\n", "")
            or not 2 <= len(words) <= 16
            or ITEM_WORDS.fullmatch(words) is None
            or words.startswith(("累计", "共计", "合计", "总计"))  # a running total or a sum of the list
            or self.past_cue.search(text, sentence_start, num_start)
        ):
            return False
        # the goals before, back to the last of the sentence before (新增煤电900万千瓦。其中，自用煤电
        # 500万千瓦，外送煤电400万千瓦: the parts of a goal), joined to this segment by list glue
        whole = self._last_of_sentence
        chain = ([whole] if whole is not None else []) + [t.fields for t in targets]
        first, parts, at = len(chain), False, segment_start
        while first > 0:
            glue = text[chain[first - 1].end : at].strip()
            if PARTS_GLUE.fullmatch(glue):
                parts = True
            elif glue not in LIST_GLUE or chain[first - 1] is whole:
                break  # the sentence before joins only by 其中
            first -= 1
            at = chain[first].start
        if first == len(chain):
            return False  # no goal right before
        if "的" in text[chain[-1].value_end : chain[-1].end]:
            return False  # 1800吨的生产线: the quantity before sizes a thing, it opens no list of goals
        opening = chain[first]
        return parts or (
            opening.start >= sentence_start
            and self.goal_verb.search(text, max(sentence_start, opening.start - 20), opening.value_start)
            is not None
        )  # the list opens with a verb of building or doing (完成造林…, 新建…)

    def _yearless_goal(
        self,
        text: str,
        sentence_start: int,
        segment_start: int,
        num_start: int,
        suffix: str = "",
        counted: bool = False,
    ) -> bool:
        """A quantity with no year in force is a goal only when its segment states it as one: a
        comparator (不低于, 控制在, 达到, 突破 …), a verb of building (建立12个…片区, 完成营造林
        175.5万亩; 推进 before a count of things: 推进1000家企业…) or of change (分别下降10%) right before it, or a bound after it (诊断服务15000家
        以上); and nothing in the sentence before it reports a result (已, 以来, a past year)."""
        if not self._yearless or self._past or self.past_cue.search(text, sentence_start, num_start):
            return False
        if DESCRIPTION.match(text, sentence_start):
            return False  # 我国是全球第一纺织大国，…占全球的50%以上: a description of the present
        head = text[segment_start:num_start]
        total = head.find("累计")
        if total >= 0 and not self.goal_verb_near.search(head, 0, total) and suffix not in BOUND_SUFFIXES:
            # 中国累计建成2600万千瓦 with no year: a running total; 形成累计达到500家 and
            # 累计培训500万人次以上 (a bound set on it) are goals
            return False
        head = re.sub(r"(?:分别|力争|均|再|累计)+$", "", head)
        if self.goal_comparator.search(head) or self.goal_verb.search(head) or self.change_verb.search(head):
            return True  # 达到…, 建成…, 能耗、碳排放、水耗分别下降10%、12.5%
        if counted and self.counting_goal_verb.search(head):
            return True  # 推进1000家企业开展清洁生产审核 (推进3000吨/日…项目 names a project)
        if suffix in BOUND_SUFFIXES and not self.weak_head.search(head):
            return True
        # under a goals heading an amount is the plan's: 风电装机8900万千瓦左右, 发电装机总规模约2.71亿千瓦
        return self._goals and (suffix in GOAL_AMOUNT_SUFFIXES or GOAL_AMOUNT_HEAD.search(head) is not None)

    def _ratio_goal(
        self, text: str, left_start: int, num_start: int, metric: str, proportion: bool = False
    ) -> bool:
        """A number with no unit is a target only when a comparator states it and the metric is a
        ratio or index (PUE, 系数, 比, 指数): 数据中心PUE值（电能利用效率）不超过1.3; a proportion
        written a：b may also follow a 比例 (公共充电桩与电动汽车比例不低于1：8)."""
        head = re.sub(r"(?:分别|力争|均)+$", "", text[left_start:num_start])
        prefix = self.comparator_prefix.search(head) or RATIO_TO.search(head)  # PUE降到1.3以下
        if prefix is None or prefix.group() in self.lexicon.words("weak_comparator"):
            return False
        name = NOTE_AT_END.sub("", head[: prefix.start()].rstrip(PUNCTUATION + "值"))
        name = NOTE_AT_END.sub("", name).rstrip("值")
        heads = tuple(h.rstrip("值") for h in self.ratio_heads) + (("比例",) if proportion else ())
        return bool(metric) and name.endswith(heads)

    def _only_glue(self, text: str, start: int, end: int, masked: list[tuple[int, int]]) -> bool:
        """Only punctuation, connectors and year phrases between two quantities: the second
        one continues the first one's metric (…达到10%；到2030年，进一步提升到15%)."""
        for i in range(start, end):
            if text[i] in PUNCTUATION or text[i] in "和及与或" or text[i] in self.year_prefix_chars:
                continue
            if not any(s <= i < e for s, e in masked):
                return False
        return True

    def _clean_left(self, text: str, start: int, end: int, masked: list[tuple[int, int]]) -> str:
        chars = list(text[start:end])
        for s, e in masked:
            for i in range(max(s, start), min(e, end)):
                chars[i - start] = " "
        for m in self.base.finditer(text, start, end):
            for i in range(m.start(), m.end()):
                chars[i - start] = " "
        left = "".join(chars)
        # Only the words after the last year phrase / base phrase belong to the metric.
        return left.strip()

    def _metric(self, left: str) -> str:
        """The last run of words (between masked year/base phrases) that is more than verbs."""
        for part in reversed(left.split(" ")):
            metric, previous = part, None
            while metric and metric != previous:
                previous = metric
                metric = self.tail_words.sub("", metric)
                metric = self.strip_words.sub("", metric)
                metric = metric.strip(PUNCTUATION)
            if metric:
                return metric
        return ""

    def _right_text(self, text: str, start: int) -> str:
        """Object words after a quantity (``推动60家公共机构安装…``) up to the next break or number."""
        stop = start
        while stop < len(text) and stop - start < RIGHT_TEXT_LIMIT:
            ch = text[stop]
            if ch in SEGMENT_BREAK or ch in "。！？!?" or ch.isdigit():
                break
            stop += 1
        right = text[start:stop]
        if right.startswith(CONNECTORS):
            return ""
        return right

    def _comparator_direction(
        self, text: str, left_start: int, num_start: int, suffix: str
    ) -> tuple[str, str]:
        words = self.lexicon.words
        comparator = words("comparator_suffix").get(suffix, "") if suffix else ""
        head = text[left_start:num_start]
        for _ in range(3):  # 分别达到, 力争达到: peel filler words off before the comparator
            head = re.sub(r"(?:分别|力争|累计|均)$", "", head)
            prefix = self.comparator_prefix.search(head)
            if prefix:
                comparator = comparator or words("comparator_prefix")[prefix.group()]
                head = head[: prefix.start()]
        head = re.sub(r"(?:分别|力争|累计|均)$", "", head)
        direction = "level"
        to = words("direction_to")
        if head and head[-1] in to:
            return comparator or "eq", "level"  # 提高到90%: the level reached
        for verb in sorted(words("direction"), key=len, reverse=True):
            if head.endswith(verb):
                direction = words("direction")[verb]
                break
        return comparator or "eq", direction

    def _counted_objects(self, found: list[TargetFields], text: str) -> list[TargetFields]:
        """建成8个500千伏、50个220千伏输变电项目 / 新增3个国家级、10个省级绿色工厂: counts joined by 、
        each name their own kind of thing, and the last one carries the shared head noun; each
        count's metric is its own qualifier + that head (500千伏输变电项目, 220千伏输变电项目)."""
        out = list(found)
        i = 0
        while i < len(out):
            run = [i]
            while run[-1] + 1 < len(out):
                a, b = out[run[-1]], out[run[-1] + 1]
                between = text[a.value_end : b.value_start]
                obj = between.rstrip("、和及与")
                if (
                    a.unit not in self.reader.counters
                    or b.unit not in self.reader.counters
                    or not obj
                    or obj == between
                    or len(obj) > 10
                    or any(ch in SEGMENT_BREAK + "。" for ch in between)
                ):
                    break
                run.append(run[-1] + 1)
            if len(run) > 1:
                last = out[run[-1]]
                tail_match = COUNTED_TAIL.match(text, last.value_end)
                tail = tail_match.group() if tail_match else ""
                objects = [
                    text[out[k].value_end : out[k + 1].value_start].rstrip("、和及与") for k in run[:-1]
                ]
                ending = objects[0][-1]
                cut = tail.find(ending)
                if all(o.endswith(ending) for o in objects) and 0 <= cut < len(tail) - 1:
                    head = tail[cut + 1 :]
                    for k, obj in zip(run[:-1], objects, strict=True):
                        out[k] = replace(out[k], metric=obj + head)
                    out[run[-1]] = replace(last, metric=tail)
            i = run[-1] + 1
        return out

    # ---------------------------------------------------------------- value lists (分别)
    def _lists(self, targets: list[Found], text: str, sentence_start: int) -> list[TargetFields]:
        """Complete the value lists of a sentence (:mod:`target_lists`): carried direction and
        base year, a year per value and a metric per value where 分别 pairs them."""
        found = list(targets)
        chains = list(target_lists.chains(found, text))
        for chain in chains:
            target_lists.carry_list_fields(found, chain, text)
            target_lists.pair_metrics(found, chain, text, sentence_start, self.metric_head)
            event = found[chain[0]].year_event
            match = self.scanner.match(text, event) if event >= 0 else None
            if match and match.group("years"):
                years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", match.group("years"))]
                span = YEAR_SPAN_START.search(text, max(0, event - 6), event)
                if span and len(years) == 1 and len(chain) == years[0] - int(span.group(1)) + 1 > 1:
                    years = list(range(int(span.group(1)), years[0] + 1))  # 2022至2025年…分别达到80%、90%…
                target_lists.pair_years(found, chain, years)
        chained = {i for chain in chains if len(chain) > 1 for i in chain}
        out: list[TargetFields] = []
        for index, item in enumerate(found):
            parts = [] if index in chained else self._each_metric(item.fields, text)
            if parts:
                out.extend(replace(item.fields, metric=part) for part in parts)
            else:
                out.append(item.fields)
        return out

    def _each_metric(self, fields: TargetFields, text: str) -> list[str]:
        """``化肥施用量、农药使用量分别降低5%``: one value for every metric of the list (分别 / 均 with
        a single value), when every item is a whole metric (ends in a metric head)."""
        parts = [part for part in re.split(r"[、和及与]", fields.metric) if part]
        last = max((h for h in self.metric_heads if parts and parts[-1].endswith(h)), key=len, default="")
        if (
            len(parts) >= 2
            and last
            and all(len(part) >= 4 and part.endswith(last) for part in parts)
            and not SHARED_VALUE.search(text, fields.start, fields.value_start)
        ):
            return parts  # 受污染耕地安全利用率和污染地块安全利用率达到95%以上: both reach it
        if "、" not in fields.metric or not SHARED_VALUE.search(text, fields.start, fields.value_start):
            return []
        if len(parts) < 2 or not parts[-1].endswith(self.metric_heads):
            return []
        if all(part.endswith(self.metric_heads) for part in parts):
            return parts
        # 化肥、农药利用率均达到43%: the items before the last share its head noun
        head = max((h for h in self.metric_heads if parts[-1].endswith(h)), key=len)
        if any(len(part) > 8 or part.endswith(self.metric_heads) for part in parts[:-1]):
            return []
        return [part + head for part in parts[:-1]] + [parts[-1]]
