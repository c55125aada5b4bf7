"""One scanned quantity of a target sentence, read on its own: number, unit, suffix.

:class:`QuantityReader` turns a match of the target scanner (:mod:`target_grammar`) into a
:class:`Reading`, or rejects it when the quantity's own shape says it is no target: an
ordinal (``第一``), a grade (``百万千瓦级``), a standard's percentage (``75%节能标准``), a
numeral idiom (``一批``), a count that qualifies a later level (``等9种主要再生资源…达到4.5亿吨``).
It also reads the quantities written without a digit: shares (``下降1/3``, ``降低一半`` → %,
``翻一番`` → 2 倍) and bare magnitudes with an implied 1 (``开发推广万种绿色低碳产品`` → 1 万种,
only after a verb of quantity, never in a campaign's name such as ``开展百项…提升行动``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.extract.lexicon import TargetLexicon, Unit, alternation
from policykg.loaders.extract.numbers import parse_number, parse_share

SEGMENT_BREAK = "，,；;：:"
# the denominator phrase of a ratio unit, up to the next punctuation (百万换算吨公里)
PER_PHRASE = re.compile(r"[\u4e00-\u9fff]{1,8}(?=[，,；;。、）)]|$)")
PUNCTUATION = "，,；;：:、。（）()“”\"‘’'《》 "


@dataclass(frozen=True)
class Reading:
    """A scanned quantity as read on its own, before its sentence is considered."""

    value: float
    value_max: float | None
    unit: Unit
    written_unit: str
    compound: bool  # 千克标准煤/吨: a ratio unit, kept as written
    suffix: str  # 以上, 左右 …
    value_end: int
    end: int | None = None  # where the quantity ends when it reaches past the scanner's match
    per_year: bool = False  # 20亿立方米年天然气产能: an amount per year (the 年 glued to the unit)


class QuantityReader:
    def __init__(self, lexicon: TargetLexicon, number: str) -> None:
        self.lexicon = lexicon
        words = lexicon.words
        self.unit_endings = tuple(lexicon.units) + ("公里", "吨公里", "人公里")
        self.counters = frozenset(words("counter"))
        # a later level in the same segment (…达到4.5亿吨) makes a count before it a qualifier
        self.later_level = re.compile(
            rf"[^{SEGMENT_BREAK}。！？\d]{{1,30}}?(?:{alternation(words('comparator_prefix'))})(?:{number})"
        )
        self.quantity_verb = re.compile(rf"(?:{alternation(words('quantity_verb'))})$")
        self.percent_follow = tuple(words("percent_follow"))
        self.campaign = re.compile(rf"^[^{SEGMENT_BREAK}。！？]{{0,12}}?(?:{alternation(words('campaign'))})")
        self.comparator_prefix = re.compile(rf"(?:{alternation(words('comparator_prefix'))})$")
        self.direction = re.compile(alternation(words("direction")))
        self.tail_words = re.compile(
            rf"(?:{alternation(set(words('comparator_prefix')) | set(words('direction')) | set(words('metric_strip')) | set(words('direction_to')))})$"
        )

    def read(self, text: str, match: re.Match[str]) -> Reading | None:
        """The number, unit and suffix of a scanned quantity, or None when its own shape says
        it is no target (an ordinal, a grade, a standard's percentage, a numeral idiom)."""
        words = self.lexicon.words
        num_start = match.start()
        before_char = text[num_start - 1] if num_start > 0 else ""
        if before_char in words("not_before"):
            return None  # 第一, 第3页
        head = text[max(0, num_start - 4) : num_start]
        stated = bool(self.comparator_prefix.search(head))
        if match.group("share"):
            share = parse_share(match.group("share"))
            if share is None:
                return None
            value, unit_written = share
            # 1/3 is a share only after a verb of change or level (下降1/3), never in a date or URL
            if not match.group("share").startswith("翻") and not (
                stated or self.direction.search(head[-2:]) or self.tail_words.search(head)
            ):
                return None
            if re.match(r"[\d/.]", text[match.end("share") : match.end("share") + 1] or " "):
                return None
            return Reading(
                value,
                None,
                self.lexicon.units[unit_written],
                unit_written,
                False,
                match.group("share_suffix") or "",
                match.end("share"),
            )
        if match.group("bare"):
            # 开发推广万种绿色低碳产品: an implied 1, only right after a verb of quantity and not as
            # a campaign's name (开展百项…提升行动, 实施千座公园计划)
            after_end = match.end("bare_unit")
            if not (self.quantity_verb.search(text[max(0, num_start - 4) : num_start]) or stated):
                return None
            if self.campaign.match(text, after_end) or any(
                text.startswith(w, after_end) for w in words("not_after")
            ):
                return None
            counter = self.lexicon.units[match.group("bare_unit")]
            magnitude = parse_number("一" + match.group("bare"))
            written = match.group("bare") + match.group("bare_unit")
            unit = Unit(written, counter.normalised, counter.multiplier * magnitude)
            return Reading(1.0, None, unit, written, False, match.group("bare_suffix") or "", after_end)
        if match.group("ratio"):
            if re.match(r"[A-Za-z\d.]", before_char):
                return None  # PM2.5, G20
            value = parse_number(match.group("ratio"))
            if match.group("ratio_of"):
                value = round(value / parse_number(match.group("ratio_of")), 4)
            return Reading(
                value,
                None,
                Unit("", "", 1.0),
                "",
                False,
                match.group("ratio_suffix") or "",
                match.end("ratio_of") if match.group("ratio_of") else match.end("ratio"),
            )
        number = match.group("num")
        if number[0].isdigit() and re.match(r"[A-Za-z\d.]", before_char):
            return None  # PM2.5, G20
        value_end = match.end("per") if match.group("per") else match.end("unit")
        per_words: re.Match[str] | None = None
        if text[value_end : value_end + 1] == "/":
            # 7吨标准煤/百万换算吨公里: a ratio whose denominator is a phrase ending in a unit; anything
            # else after the slash (9.5千克标准煤/重/吨) is a ratio broken by a table's layout
            per_words = PER_PHRASE.match(text, value_end + 1)
            if per_words is None or not per_words.group().endswith(self.unit_endings):
                return None
        suffix = match.group("suffix") or ""
        after = text[value_end : value_end + 4]
        per_year = (
            not suffix
            and after[:1] == "年"
            and "\u4e00" <= after[1:2] <= "\u9fff"
            and after[1:2] not in "前底内度以末份起来均"
            and not match.group("per")
        )
        if per_year:
            unit = self.lexicon.units[match.group("unit")]
            value_max = parse_number(match.group("num2")) if match.group("num2") else None
            return Reading(
                parse_number(number), value_max, unit, unit.written, False, "", value_end, value_end + 1, True
            )
        if not suffix and any(after.startswith(w) for w in words("not_after")):
            return None  # 百万千瓦级, 500千伏
        full_end = match.end()
        if text[full_end : full_end + 1] == "的" and text[full_end + 1 : full_end + 2] in (
            "，",
            ",",
            "；",
            ";",
        ):
            return None  # 建成成片碳汇林达到500亩以上的，给予奖励: a condition, not a goal
        if suffix.startswith("及") and full_end < len(text) and text[full_end] not in PUNCTUATION:
            return None  # 30万千瓦及以上煤电机组: a class of plants, not a goal
        if (
            not suffix
            and match.group("unit") in ("%", "％")
            and full_end < len(text)
            and "\u4e00" <= text[full_end] <= "\u9fff"
            and text[full_end] not in "和及与或的"
            and not text.startswith(self.percent_follow, full_end)
            and not stated
        ):
            return None  # 75%节能标准: a percentage naming a standard; but 100%实现清洁取暖 is a goal
        if match.group("unit") in ("%", "％") and re.match(
            rf"的[^{SEGMENT_BREAK}。！？\d]{{0,6}}标准", text[full_end : full_end + 10]
        ):
            return None  # 执行72.5%的节能设计标准: the standard's name
        if not number[0].isdigit():
            if parse_number(number) == 1:
                return None  # 一个, 一批: idioms, not goals
            if not suffix and not stated:
                return None  # 两台机组, 二次利用: a numeral word counts only when stated as a level
        unit = self.lexicon.units[match.group("unit")]
        if (
            unit.written in self.counters
            and self.later_level.match(text, value_end)
            and not self.quantity_verb.search(text[max(0, num_start - 4) : num_start])
        ):
            return None  # 废玻璃等9种主要再生资源循环利用量达到4.5亿吨: the count qualifies the metric
        compound = bool(match.group("per"))
        written = unit.written + (f"/{match.group('per')}" if compound else "")
        value_max = parse_number(match.group("num2")) if match.group("num2") else None
        if per_words is not None:
            written, compound, value_end = f"{written}/{per_words.group()}", True, per_words.end()
            return Reading(parse_number(number), value_max, unit, written, True, "", value_end, value_end)
        return Reading(parse_number(number), value_max, unit, written, compound, suffix, value_end)
