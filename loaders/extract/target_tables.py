"""Targets in the indicator tables of a plan (指标体系表, 主要指标).

A 规划 states its targets in a table: ``序号 | 指标 | 单位 | 2020年 | 2025年 | 属性``. Read from a
PDF, the table arrives row after row, each cell's text wrapped over lines and the row closed by
its attribute (``约束性`` / ``预期性``)::

    类别序号具体指标单位2020年2025年
    3非化石能源占一次能源消费比重% 19.8* 24约束性
    4单位工业增加值能耗降低% - 16预期性

:func:`table_targets` finds the header (the column years in order), cuts the rows at their
attribute, and reads each row from the right: the values, one per year column (``-`` for none,
``≥80``, ``1665/52以上``), then the unit, then the indicator (after the row number and the category
words). A value in a column of a year after the plan's own year is a target of that year; the base
year's column is a statistic. Cells that hold several values with a shared slash
(``湿地保有量/湿地保护率 | 万亩/% | 1665/52``) give one target per part.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace

from policykg.loaders.clauses import TABLE_ATTRIBUTE
from policykg.loaders.extract.lexicon import TargetLexicon, Unit, alternation
from policykg.loaders.extract.numbers import five_year_plan_end, parse_number
from policykg.loaders.extract.target_grammar import REDUCTION_AMOUNT, TargetFields, place_names

NOTE_MARK = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")  # a footnote's mark between a cell's values
# The header row: the indicator and unit columns, then the year columns in order.
HEADER = re.compile(
    # a column's number printed on the header's line (主要指标⏎1 2025年) is no value
    r"(?:指\s*标|名\s*称|项\s*目|类\s*别)[^。；;\d]{0,30}?(?P<years>(?:(?:[^。；;\d]|(?<=\s)\d(?=\s)){0,8}"
    r"(?:(?:19|20)\d{2}\s*年|十[一二三四五六七八九]\s*五)[^。；;\d]{0,6}){1,4})"
)
# A header with one column of goals and no year (发展目标, 目标值): the caption above names the
# period (专栏“十四五”时期…主要发展指标).
HEADER_GOAL = re.compile(r"(?:指标|名称|项目)[^。；;\d]{0,30}?(?:发展目标|目标值|规划目标|规划值|预期目标)")
CAPTION = 80  # characters before a header where its caption stands
CUMULATIVE_COLUMN = re.compile(
    r"[^。；;\d]{0,8}?(?:五年|“十四五”|十四五)?(?=新|累)(?:新\s*增\s*(?:量|或)?\s*)?"
    r"(?:累\s*计\s*(?:增\s*长|目\s*标|值)?)?(?:\s*(?:指\s*标)?\s*属\s*性)?"
)
# A line-by-line table ends at a note, a source, a clause heading or a sentence.
TABLE_END = re.compile(
    r"^(?:注|备注|说明|资料来源|数据来源)[：:\s]|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]|^第[一二三四五六七八九十]+[章节]|^专栏|。"
)
# After the year columns, a column of the mean yearly growth over the plan (十四五年均增速, 年均增长率).
GROWTH_COLUMN = re.compile(
    r"[^。；;\d]{0,8}?(?P<plan>“?十\s*[一二三四五六七八九]\s*五\s*”?\s*(?:期\s*间)?)?\s*(?:五\s*年\s*)?"
    r"年\s*均\s*(?:增\s*速|增\s*长\s*率?|增\s*幅)(?:\s*[（(]\s*%\s*[）)])?"
)
NOTE_ATTRIBUTE = re.compile(r"\s*指标\s*[）)。；;，,]")  # 均为预期性指标）: the attribute named in a note
MAX_LINES = 40  # rows of a line-by-line table
HEADER_YEAR = re.compile(r"((?:19|20)\d{2})\s*年|十([一二三四五六七八九])\s*五")
VALUE = (
    r"(?:(?:[\[［〔][-－]?)?(?:新增)?[≥≤＞＜><]?\d+(?:\.\d+)?\*?%?(?:/\d+(?:\.\d+)?%?)*[\]］〕]?(?:\s?(?:以上|以下|以内|左右))?"
    r"(?:[，,]\s*力争\s*\d+(?:\.\d+)?%?(?:以上|左右)?)?"  # 30%，力争40%: a floor and the aim
    r"|[-—–－/]+|(?:完成|按)?\s*(?:国家|省|市)?\s*上?(?:下\s*达|核\s*定)?\s*(?:的)?(?:指\s*标|目\s*标)(?:要求)?(?:执行)?。?|待定"
    r"|未\s*统\s*计|保持稳定|稳中向好|持续改善|不减少|不降低|逐步提高|从无到有)"
)
# A unit written after the indicator in brackets: 森林覆盖率（%）, 耕地保有量（万公顷）.
# A note in brackets right after a cell's value; a mark (*, ※) after an indicator's name.
VALUE_NOTE = re.compile(r"(?:(?<=\d)|(?<=为准))\s?[（(](?P<inside>[^（()）\n]{1,16})[）)]")
SPECIAL_MARK = re.compile(r"\s*[*＊※]+$")
BRACKET_UNIT = re.compile(
    r"[（(](?:(?:与|较|比)(?P<base>(?:19|20)\d{2})年(?:相比|比)?[，,、]?)?(?P<unit>(?!含|包括)(?:[^（()）\d]|(?<=m)[23]|(?<=m\s)[23]){1,8})[）)]"
    r"(?P<part>[\u4e00-\u9fff]{0,12})$"  # …浓度（微克/立方米）中心城区: a row of one part
)
HEADER_REST = re.compile(r"^(?:\s*(?:指标类别|指标名称|指标体系|指标属性|序号|属性|类别|指标|单位))+")
# A row of a part that names no unit (县级城市30.7 28.5): it belongs to the indicator above.
PART_ROW = re.compile(r"^[\u4e00-\u9fff]{2,14}(?:[（(][\u4e00-\u9fff]{1,8}[）)])?$")  # 乡镇（含千吨万人）
ROW_NUMBER = re.compile(r"^(?P<category>[^\d]{0,12}?)(?P<number>\d{1,2})[.、．]?(?=[^\d.%])")
MAX_ROW = 160  # characters of one row; longer spans are prose that happens to hold 约束性
DECREASE = re.compile(
    rf"(?:降低|下降|减少|压减)(?:率|幅度|比例)?$|{REDUCTION_AMOUNT.pattern}"
)  # one word list
INCREASE = re.compile(
    r"(?:提高|增长|提升|增加)(?:率|幅度|比例)?$|^(?:[^率比]{0,6})新增"
)  # 水利工程新增供水能力


def _glues(before: str, after: str) -> bool:
    """A line break inside one cell's text (CJK on either side) joins; between two numbers it
    separates cells."""
    return not (before[-1:].isdigit() or before[-1:] in "%）)") or not (
        after[:1].isdigit() or after[:1] in "≥≤＜＞<>[［-—"
    )


def _ends_place_name(text: str) -> bool:
    """A region's name (烟台, 邢台市) ends ``text``: its last character is no unit."""
    names = place_names()
    return any(text[-n:] + suffix in names for n in range(2, 5) for suffix in ("", "市", "县", "区"))


def _plain_unit(written: str) -> Unit | None:
    """A table's unit that the lexicon does not list (万公顷, 立方米): kept as written."""
    if not written or len(written) > 8 or re.search(r"\d|、|^(?:含|包括|其中|不含|注)", written):
        return None  # （含千吨万人）: a note, not a unit
    return Unit(written, written, 1.0)


# A part's row under its indicator, a name then values (氨氮—0.04); a number is never cut in two.
PART_LINE = re.compile(rf"[\u4e00-\u9fff]{{2,14}}\s*(?P<values>(?:(?:{VALUE})(?!(?<=\d)[\d.])\s*){{1,4}})")
PART_LINE_VALUE = re.compile(rf"(?:{VALUE})(?!(?<=\d)[\d.])")


def _part_line(line: str, columns: int) -> bool:
    """A line that is a whole row of its own: a name and one value for each of the ``columns``."""
    match = PART_LINE.fullmatch(line)
    return match is not None and len(PART_LINE_VALUE.findall(match.group("values"))) == columns


PART_VALUE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,10})\s*(?P<value>\d+(?:\.\d+)?)(?![\d.])")
# 海绵城市…比例% - 设市城市≥55；其他县城≥25 / 公共交通…比例（%）41.6*珠三角地区：50: a share's goal
# cell split by place or class, each part named before its value
PERCENT_THEN_PARTS = re.compile(r"^(?P<head>.+?)(?:[（(]\s*[%％]\s*[）)]|[%％])(?P<rest>.+)$")
NAMED_PART = re.compile(
    r"(?P<name>[\u4e00-\u9fff、]{2,12}?)\s*[：:]?\s*"
    r"(?P<value>[≥≤＞＜><]?\d+(?:\.\d+)?%?(?:\s?(?:以上|以下|以内|左右))?)(?![\d.])"
)
# a part names a place or a class; 较2015年下降20, “十三五”累计30.1 state a change or a total
NOT_A_PART = re.compile(
    r"性$|^(?:指标|属性|目标值?|现状值?|规划值|单位)$|下降|降低|提高|提升|增长|减少|累计|年"
)
PARTS_ROW = re.compile(
    r"^(?P<head>.+?[（(](?P<unit>[^（()）\d]{1,8})[）)])\s*(?:[—\-–－/]\s*)?"
    r"(?P<parts>(?:[\u4e00-\u9fff]{2,10}\s*\d+(?:\.\d+)?\s*){2,})$"
)


@dataclass(frozen=True)
class Column:
    """A value column of a table's header: its year, and whether it holds the amounts added by
    then (新增, 累计增长) rather than the levels."""

    year: int
    added: bool = False
    rate: bool = False  # 十四五年均增速: the mean yearly growth over the plan, in %


@dataclass(frozen=True)
class _Row:
    start: int  # offsets in the text given to table_targets
    end: int
    text: str  # the row with line breaks removed
    index: list[int]  # index[i] = offset of text[i]


def _years(text: str) -> list[int]:
    """The years a header or caption names, in order: 2025年, 十四五 → 2025."""
    return [
        int(year) if year else five_year_plan_end(f"十{plan}五") or 0
        for year, plan in HEADER_YEAR.findall(text)
    ]


# A header row of column names with their units: 总量（亿元）比增（%）.
UNIT_COLUMNS = re.compile(r"(?m)^(?P<cols>(?:[\u4e00-\u9fff]{1,10}[（(][^（()）\d]{1,6}[）)]\s*){1,4})$")
CAPTION_NOISE = re.compile(
    r"^(?:附件\s*\d*[：:]?\s*)?|(?:19|20)\d{2}年度?|各(?:县|区|市)[（(]?[市区县、]*[）)]?[区县市]?|(?:预期|主要|发展|工作)?目标(?:任务)?$"
)
COLUMN_CELL = re.compile(r"([\u4e00-\u9fff]{1,10})[（(]([^（()）\d]{1,6})[）)]")


def _a_place(name: str) -> bool:
    """全市, 鼓楼区, 福清市, 高新区: a row of a table shared out over places."""
    return bool(
        re.fullmatch(r"全(?:省|市|区|县)|[\u4e00-\u9fff]{1,8}(?:省|市|区|县|旗|新区|高新区|开发区)", name)
    ) and not re.search(r"指标|目标|合计|小计", name)


@functools.cache
def _cells_pattern(columns: int) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{VALUE})(?:\s*(?:{VALUE})){{0,{max(0, columns - 1)}}}")


def _attribute_first(text: str, header_end: int) -> bool:
    """The header names the attribute column before its years (…指标属性 2020年（现状）2025年)."""
    head = text[max(0, header_end - 100) : header_end]
    years = [m.start() for m in HEADER_YEAR.finditer(head)]
    word = head.rfind("属性")
    return (
        bool(years) and 0 <= word < years[-1] and not re.search(r"^\s*(?:指标)?\s*属\s*性", text[header_end:])
    )


# 电⏎力⏎需⏎求⏎全社会用电量: a category column printed a character a line before a row's name
# (海洋⏎环境⏎质量: two a line); the row's own number may stand above it. A wrapped name has lines
# of one width and a shorter last one, so a longer line after the narrow ones is the next column.
VERTICAL_CATEGORY = re.compile(
    r"\s*(?:\d{1,2}[ \t]*\n)?(?:[ \t]*[\u4e00-\u9fff]{1,2}[ \t]*\n){2,6}(?=[ \t]*[\u4e00-\u9fff]{4})"
)


def _joined(text: str, start: int, end: int) -> _Row:
    """``text[start:end]`` as one row: line breaks inside a cell's text join, a break between
    two cells becomes a space (1 (a note mark) / 65, not 165); ``index`` maps back."""
    chars: list[str] = []
    index: list[int] = []
    vertical = VERTICAL_CATEGORY.match(text, start, end)
    if vertical is not None:
        start = vertical.end()  # 电⏎力⏎需⏎求⏎全社会用电量: the category column printed a character a line
    for i in range(start, end):
        if NOTE_MARK.match(text, i):
            if chars and chars[-1] != " ":
                chars.append(" ")
                index.append(i)
            continue
        if text[i] not in "\n\r":
            chars.append(text[i])
            index.append(i)
        elif chars and chars[-1] != " " and not _glues(chars[-1], text[i + 1 : i + 2]):
            chars.append(" ")
            index.append(i)
    return _Row(start, end, "".join(chars).strip(), index)


def _before_next_number(text: str, row_start: int, values_end: int) -> int:
    """93.82细颗粒物: the next row's number (2) printed against this row's last value (93.8); cut it
    off where this row opens with its own number (1) and the next name follows the digits."""
    own = re.match(r"[^\d]{0,16}?(\d{1,2})(?=\s*[\u4e00-\u9fff])", text[row_start : row_start + 24])
    if own is None or not re.match(r"\s*[\u4e00-\u9fff]", text[values_end : values_end + 2]):
        return values_end
    following = str(int(own.group(1)) + 1)
    cell = re.search(r"[\d.]+$", text[row_start:values_end])
    if cell is None or not cell.group().endswith(following) or len(cell.group()) <= len(following):
        return values_end
    rest = cell.group()[: -len(following)]
    return values_end - len(following) if re.fullmatch(r"\d+(?:\.\d+)?", rest) else values_end


ROW_OPENING = re.compile(r"\s*(\d{1,2})(?=\s*[\u4e00-\u9fff])")  # 4土壤健康度…: a row's own number


# What a header's last line may go on with after its last year (2025年⏎（目标）, 2025年⏎目标值).
HEADER_WORD = re.compile(
    r"\s*(?:[（(]|目\s*标|现\s*状|规\s*划|展\s*望|预\s*期|基\s*[期准]|属\s*性|指\s*标|累\s*计|新\s*增|年\s*均|五\s*年|值)"
)


def _direction(metric: str) -> str:
    """An indicator's direction from its name: …降低率 a decrease, …增长 an increase, else a level."""
    return "decrease" if DECREASE.search(metric) else "increase" if INCREASE.search(metric) else "level"


def _header_line_end(text: str, last_year_end: int, end: int) -> int:
    """主要指标2025年⏎建筑运行一次二次能源消费总量: the header ends with its line unless the next
    line goes on with a header's words; the first row's name is not the header's."""
    cut = text.find("\n", last_year_end, end)
    if cut < 0 or HEADER_WORD.match(text, cut + 1):
        return end
    return cut


def _glued_row(text: str, start: int, end: int) -> int | None:
    """4…比例%＞805生态空间…占比%＞86: the next row (5) starts inside this line, its number printed
    against this row's value (＞80); where it starts, if it does."""
    own = ROW_OPENING.match(text, start, end)
    if own is None:
        return None
    following = str(int(own.group(1)) + 1)
    for glued in re.finditer(
        rf"(?<=[%％≥≤＞＜><\s])(\d+(?:\.\d+)?){following}(?!左右|以上|以下|以内|及以上)(?=[\u4e00-\u9fff])",
        text[start:end],
    ):
        if start + glued.start() > own.end():
            return start + glued.end() - len(following)
    return None


def _next_row(text: str, row_start: int, begin: int) -> bool:
    """The line at ``begin`` opens the row numbered after the row opened at ``row_start``."""
    own, following = ROW_OPENING.match(text, row_start), ROW_OPENING.match(text, begin)
    return own is not None and following is not None and int(following.group(1)) == int(own.group(1)) + 1


NUMBERED_LINE = re.compile(r"(?m)^[ \t]*(?P<number>\d{1,2})(?=[ \t]*\n?[ \t]*[\u4e00-\u9fff])")
VALUE_END = re.compile(r"[\d\]］〕%](?:\s*(?:以上|以下|以内|左右))?\s*$")


def _numbered_rows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rows that share one attribute cell (9 …[1340] / 10 …[620] / 11 …[0.5283] 约束性): the span
    cut before each row number that follows the one before it (10, 11, 12 …), where the text before
    the cut ends in a value; a category name between the rows (应对气候变化) goes with the next."""
    numbers = [m for m in NUMBERED_LINE.finditer(text, start, end)]
    if len(numbers) < 2:
        return [(start, end)]
    cuts = [start]
    expected = int(numbers[0]["number"]) + 1
    for number in numbers[1:]:
        if int(number["number"]) != expected:
            continue
        before = text[cuts[-1] : number.start()]
        last = max((before.rfind(ch) for ch in "0123456789]］〕%"), default=-1)
        if last < 0 or not VALUE_END.search(before[: last + 1]):
            continue
        cut = cuts[-1] + last + 1
        tail = text[cut : number.start()]
        if re.match(r"^\s*(?:以上|以下|以内|左右)", tail):
            cut += len(re.match(r"^\s*(?:以上|以下|以内|左右)", tail).group())  # type: ignore[union-attr]
        cuts.append(cut)
        expected += 1
    return list(itertools.pairwise([*cuts, end])) if len(cuts) > 1 else [(start, end)]


class TableReader:
    def __init__(self, lexicon: TargetLexicon) -> None:
        self.units = lexicon.units
        unit = alternation(set(lexicon.units))
        self.row = re.compile(
            rf"(?P<metric>.+?)(?P<unit>(?:{unit})(?:/(?:{unit}))*)?\s*(?P<values>(?:{VALUE}\s*){{1,4}})"
            rf"(?P<unit_after>(?<=\d)(?:{unit}))?$"  # 整治修复岸线长度 — 新增40千米: the unit in the cell
        )
        self.value = re.compile(VALUE)
        self.values_only = re.compile(rf"(?:{VALUE}\s*)+")
        self._parent: tuple[str, str, int | None] | None = None  # the indicator over rows of parts

    def read(self, text: str, min_year: int) -> tuple[list[TargetFields], list[tuple[int, int]]]:
        """The targets of every indicator table in ``text``, and the spans of the rows read: a
        value there is the table's to read (较2015年下降20%左右 in the column of the present is
        no goal of the year a header names)."""
        found: list[TargetFields] = []
        spans: list[tuple[int, int]] = []
        position = 0  # a table is read once; the search goes on after its last row
        while (header := self._header(text, position)) is not None:
            end, years = header
            position = end
            closer = HEADER.search(text, end, end + MAX_ROW)
            attribute = TABLE_ATTRIBUTE.search(text, end)
            if closer is not None and attribute is not None and closer.start() < attribute.start():
                position = closer.start()  # “十四五”时期…指标包括… named a period; the table's header follows
                continue
            if not years:
                continue
            if _attribute_first(text, end):
                rows = self._rows_attribute_first(text, end, len(years))
            else:
                rows = self._rows(text, end, len(years)) or self._line_rows(text, end)
            self._parent = None
            for row in rows:
                found.extend(self._read(row, years, min_year))
                spans.append((row.start, row.end))
            if rows:
                position = max(position, rows[-1].end)
        return found + self._place_tables(text, min_year), spans

    def _place_tables(self, text: str, min_year: int) -> list[TargetFields]:
        """Targets shared out over places (附件1 2021年各县（市）区工业技改投资预期目标): a header of
        column names with their units (总量（亿元）比增（%）), a caption above naming the year and
        the goal, then one row per place (全市1120 12 / 1鼓楼区21 9 / 2台江区/ /)."""
        found: list[TargetFields] = []
        for header in UNIT_COLUMNS.finditer(text):
            caption = text[max(0, header.start() - CAPTION) : header.start()]
            years = _years(caption)
            if not years or "目标" not in caption or years[-1] < min_year:
                continue
            goal_lines = [line for line in caption.split("\n") if "目标" in line]
            subject = CAPTION_NOISE.sub("", goal_lines[-1]) if goal_lines else ""
            columns = COLUMN_CELL.findall(header.group("cols"))
            units = [self.units.get(unit) or _plain_unit(unit) for _, unit in columns]
            if any(unit is None for unit in units):
                continue
            row = re.compile(
                r"^(?:\d{1,2})?(?:其中[:：])?(?P<place>[\u4e00-\u9fff（）]{2,12}?)\s*"
                + r"\s*".join(rf"(?P<v{i}>\d+(?:\.\d+)?|[/／\-—–－])" for i in range(len(columns)))
                + r"\s*$"
            )
            offset = header.end() + 1
            misses = 0
            for line in text[header.end() + 1 :].split("\n")[: MAX_LINES * 2]:
                start, offset = offset, offset + len(line) + 1
                match = row.match(line.strip())
                if match is None or not _a_place(match["place"]):
                    misses += 0 if re.fullmatch(r"\s*\d{1,2}\s*", line) else 1
                    if misses > 1:
                        break
                    continue
                misses = 0
                base = start + (len(line) - len(line.lstrip()))
                for i, ((name, written), unit) in enumerate(zip(columns, units, strict=True)):
                    cell = match[f"v{i}"]
                    if not cell[0].isdigit() or unit is None:
                        continue
                    value_start = base + match.start(f"v{i}")
                    direction = "increase" if re.search(r"比增|增长|增速|增幅", name) else "level"
                    found.append(
                        TargetFields(
                            metric=f"{match['place']}{subject}{name}",
                            value=parse_number(cell),
                            value_max=None,
                            unit=written,
                            unit_normalised=unit.normalised,
                            multiplier=unit.multiplier,
                            year=years[-1],
                            period="by_year",
                            comparator="eq",
                            direction=direction,
                            base_year=years[-1] - 1 if direction == "increase" and "比增" in name else None,
                            start=base,
                            end=value_start + len(cell),
                            value_start=value_start,
                            value_end=value_start + len(cell),
                        )
                    )
        return found

    @staticmethod
    def _header(text: str, position: int) -> tuple[int, list[Column]] | None:
        """The next table header after ``position``: where it ends and its year columns (a goal
        column takes the last year its caption names)."""
        dated = HEADER.search(text, position)
        goal = HEADER_GOAL.search(text, position)
        if goal is not None and (dated is None or goal.start() < dated.start()):
            return goal.end(), [
                Column(y) for y in _years(text[max(position, goal.start() - CAPTION) : goal.start()])[-1:]
            ]
        if dated is None:
            return None
        years = _years(dated.group("years"))
        last_year = [m.end() for m in HEADER_YEAR.finditer(text, dated.start("years"), dated.end())][-1:]
        cut = text.find("属性", last_year[0], dated.end()) if last_year else -1
        if cut >= 0:  # …2025年指标属性⏎受污染…: the header ends with its attribute column
            return cut + 2, [Column(year) for year in years]
        from_year = last_year[0] if last_year else dated.end()
        growth = GROWTH_COLUMN.match(text, from_year, from_year + 40) if years else None
        if growth is not None:  # …2025年 2026年展望 十四五年均增速 属性
            plan = _years(growth.group("plan") or "")
            columns = [*map(Column, years), Column(plan[0] if plan else max(years), rate=True)]
            attribute = re.match(r"\s*(?:指\s*标\s*)?属\s*性", text[growth.end() : growth.end() + 12])
            return growth.end() + (attribute.end() if attribute else 0), columns
        cumulative = CUMULATIVE_COLUMN.match(text, from_year, from_year + 24)
        if years and cumulative is not None:  # …2025年（目标）五年累计目标: a column of the totals by then
            added = re.search(r"新\s*增|增\s*长", cumulative.group()) is not None
            return max(dated.end(), cumulative.end()), [*map(Column, years), Column(years[-1], added)]
        return _header_line_end(text, from_year, dated.end()), [Column(year) for year in years]

    def _line_rows(self, text: str, start: int) -> list[_Row]:
        """Rows of a table with no attribute column: a row is complete when its lines end in
        values and the next line does not go on with more values."""
        lines: list[tuple[int, int]] = []
        offset = start
        for line in text[start:].split("\n")[: MAX_LINES * 3]:
            if line.strip():
                cut = _glued_row(text, offset, offset + len(line.rstrip()))
                if cut is not None:  # 4…%＞805生态空间…: row 5 starts after ＞80
                    lines.extend([(offset, cut), (cut, offset + len(line))])
                else:
                    lines.append((offset, offset + len(line)))
            offset += len(line) + 1
        rows: list[_Row] = []
        row_start: int | None = None
        for index, (begin, finish) in enumerate(lines):
            if TABLE_END.search(text[begin:finish].strip()) or len(rows) >= MAX_LINES:
                break
            if row_start is not None and _next_row(text, row_start, begin):
                row_start = None  # 7生态产品总值年增长率%高于GDP增速: a row with no number of its own
            row_start = begin if row_start is None else row_start
            row = _joined(text, row_start, finish)
            if len(row.text) > MAX_ROW:
                break
            after = next(  # ① on a line of its own is a footnote's mark: the row goes on after it
                ((a, b) for a, b in lines[index + 1 :] if NOTE_MARK.sub("", text[a:b]).strip()), None
            )
            following = NOTE_MARK.sub("", text[slice(*after)]).strip() if after is not None else ""
            goes_on = self.values_only.fullmatch(following) is not None and not (
                after is not None and _next_row(text, row_start, after[0])
            )  # 90%⏎5⏎海洋生态质量…: the next row's own number is no value of this one
            if self.row.search(row.text) and not goes_on and NOTE_MARK.sub("", text[begin:finish]).strip():
                rows.append(row)
                row_start = None
        return rows

    def _rows_attribute_first(self, text: str, start: int, columns: int) -> list[_Row]:
        """Rows of a table whose attribute column stands before the year columns (指标 | 属性 |
        2020年 | 2025年): a row is its indicator, the attribute, then the values after it."""
        rows: list[_Row] = []
        row_start = start
        for attribute in TABLE_ATTRIBUTE.finditer(text, start):
            if attribute.start() - row_start > MAX_ROW:
                break
            values = self._cells(text, attribute.end(), columns)  # the next row's number is no value
            if values is None:
                break
            values_end = _before_next_number(text, row_start, values.end())
            head = _joined(text, row_start, attribute.start())
            tail = _joined(text, attribute.end(), values_end)
            rows.append(
                _Row(
                    row_start,
                    values_end,
                    f"{head.text} {tail.text}",
                    [*head.index, attribute.start(), *tail.index],
                )
            )
            row_start = values_end
        return rows

    @staticmethod
    def _cells(text: str, start: int, columns: int) -> re.Match[str] | None:
        """The values of one row: at most ``columns`` cells from ``start``."""
        return _cells_pattern(columns).match(text, start)

    def _complete_lines(self, text: str, start: int, end: int, columns: int) -> list[tuple[int, int]]:
        """合计 万千瓦 8800 12946 4146⏎水电 万千瓦 8082 10555 2473: a row with no attribute of its
        own (a total) stands on a line that is a whole row (name, unit, values), and so does a part
        under its indicator with a value for each column (氨氮—0.04); cut after it."""
        cuts = [start]
        offset = start
        for line in text[start:end].split("\n")[:-1]:
            offset += len(line) + 1
            match = self.row.fullmatch(line.strip())
            if (
                match is not None and match.group("unit") and re.match(r"[\u4e00-\u9fff]", line.strip())
            ) or _part_line(line.strip(), columns):
                cuts.append(offset)  # a whole row, or a part's row under its indicator (氨氮—0.04)
        return list(itertools.pairwise([*cuts, end])) if len(cuts) > 1 else [(start, end)]

    def _rows(self, text: str, start: int, columns: int) -> list[_Row]:
        rows: list[_Row] = []
        row_start = start
        for attribute in TABLE_ATTRIBUTE.finditer(text, start):
            if (
                NOTE_ATTRIBUTE.match(text, attribute.end())
                or text[attribute.start() - 1 : attribute.start()] == "为"
            ):
                break  # （注：表中指标均为预期性指标）: the note under a table names the attribute
            if attribute.start() - row_start > MAX_ROW:
                break  # the table has ended: prose follows
            if rows and HEADER.search(text[row_start : attribute.start()]):
                break  # the next table's header
            for a, b in _numbered_rows(text, row_start, attribute.start()):
                rows.extend(_joined(text, c, d) for c, d in self._complete_lines(text, a, b, columns))
            row_start = attribute.end()
        return rows

    def _blank_notes(self, text: str) -> str:
        """A cell's note after its value (325.46（以国家下达指标为准）, 86.7（以15个国考断面计）,
        90（县级）) blanked out, its length kept for the offsets; a unit in brackets stays."""

        def blank(note: re.Match[str]) -> str:
            inside = note.group("inside").strip()
            if self.units.get(inside) is not None or not re.search(r"[\u4e00-\u9fff]", inside):
                return note.group()
            return " " * len(note.group())

        return VALUE_NOTE.sub(blank, text)

    def _read(self, row: _Row, years: list[Column], min_year: int) -> list[TargetFields]:
        parts = self._parts(row, years, min_year)
        if parts is not None:
            return parts
        found = self._read_row(row, years, min_year)
        return found or self._named_parts(row, years, min_year)

    def _named_parts(self, row: _Row, years: list[Column], min_year: int) -> list[TargetFields]:
        """达到海绵城市建设目标要求的建成区面积比例% - 设市城市≥55；其他县城≥25: the goal column of a
        share split by place or class; each named part is a target (metric（part）), and a row
        of a part alone below (镇级＞95) joins the indicator as a part row does."""
        whole = PERCENT_THEN_PARTS.match(row.text.rstrip())
        if whole is None or not years or years[-1].year <= min_year:
            return []
        head = ROW_NUMBER.sub("", HEADER_REST.sub("", whole["head"]), count=1)
        metric = SPECIAL_MARK.sub("", head).strip(" ：:.、．（(")
        if not metric or re.search(r"\d", metric):
            return []
        rest = whole.start("rest")
        named = [
            p
            for p in NAMED_PART.finditer(row.text, rest, whole.end("rest"))
            if not NOT_A_PART.search(p["name"])
        ]
        if not named:
            return []
        # ≥40，济南、青岛、烟台≥50: a bound stated before the first part is the indicator's own goal
        lead = re.search(r"[≥≤＞＜]\s*\d+(?:\.\d+)?", row.text[rest : named[0].start()])
        cells = ([(metric, rest + lead.start())] if lead else []) + [
            (f"{metric}（{part['name']}）", part.start("value")) for part in named
        ]
        found: list[TargetFields] = []
        for name, at in cells:
            if (value := self.value.match(row.text, at)) is not None:
                found.extend(self._cell(row, name, ["%"], value, years[-1].year, _direction(metric)))
        self._parent = (metric, "%", None) if found else self._parent
        return found

    def _read_row(self, row: _Row, years: list[Column], min_year: int) -> list[TargetFields]:
        text = self._blank_notes(row.text.rstrip())
        match = self.row.search(text)
        if match is None:
            return []
        metric = SPECIAL_MARK.sub("", match.group("metric").strip())  # 国土开发强度（%）*: a mark of a kind
        written_unit: str | None = match.group("unit") or match.group("unit_after")
        if written_unit and len(written_unit) == 1 and _ends_place_name(text[: match.end("unit")]):
            metric, written_unit = (
                text[: match.end("unit")].strip(),
                None,
            )  # 济南、青岛、烟台≥50: 台 ends a place
        base_year: int | None = None
        cells = [v.group() for v in self.value.finditer(text, match.start("values"), match.end("values"))]
        numbered = [cell for cell in cells if re.search(r"\d", cell)]
        if written_unit is None and numbered and all("%" in cell for cell in numbered):
            written_unit = "%"  # 90%左右 93%左右: the unit is written in each cell
            self._parent = None
        if written_unit is None:
            bracket = BRACKET_UNIT.search(metric)
            if bracket is not None:
                written_unit = re.sub(r"(?<=m)\s(?=[23])", "", bracket.group("unit").strip())  # m 2/人
                base_year = int(bracket.group("base")) if bracket.group("base") else None
                part = bracket.group("part")
                metric = metric[: bracket.start()]
                self._parent = (metric, written_unit, base_year) if part else None
                metric = f"{metric}（{part}）" if part else metric
            elif self._parent is not None and PART_ROW.match(metric.rstrip("：:")):
                parent, written_unit, base_year = self._parent  # 县级城市30.7 28.5 under its indicator
                metric = f"{parent}（{metric.rstrip('：:')}）"
            else:
                self._parent = None
                return []  # no unit column and no unit in brackets: not an indicator row
        else:
            self._parent = None
        metric = HEADER_REST.sub("", metric[metric.rfind("。") + 1 :])  # caption and header words left over
        number = ROW_NUMBER.match(metric)
        if number is not None:
            metric = metric[number.end() :]
        metric = metric.strip(" ：:.、．")
        if not metric:
            return []
        values = list(self.value.finditer(text, match.start("values"), match.end("values")))
        units = written_unit.split("/")
        direction = _direction(metric)
        found = []
        for value, column in zip(reversed(values), reversed(years), strict=False):
            if column.year <= min_year:
                continue  # the base year's column: a statistic
            if column.rate:
                found.extend(self._growth(row, metric, value, column.year))
                continue
            way = "increase" if column.added else direction  # 新增或累计增长: the amounts added
            found.extend(self._cell(row, metric, units, value, column.year, way, base_year))
        return found

    def _growth(self, row: _Row, metric: str, value: re.Match[str], year: int) -> list[TargetFields]:
        """A cell of the growth column: 13.20% the mean yearly growth (annual); [4.04%] or
        [-1.18%], the change over the whole plan (by its end); a minus is a fall."""
        found = self._cell(row, metric, ["%"], value, year, "increase")
        written = value.group()
        falls = re.search(r"[-－]\s*\d", written) is not None
        whole_plan = written.lstrip().startswith(("[", "［", "〔"))
        return [
            replace(
                target,
                direction="decrease" if falls else "increase",
                period="by_year" if whole_plan else "annual",
            )
            for target in found
        ]

    def _parts(self, row: _Row, years: list[Column], min_year: int) -> list[TargetFields] | None:
        """主要污染物重点工程减排量（万吨） — 氮氧化物 1.28 挥发性有机物0.83 化学需氧量5.16: one cell
        of the last column lists the indicator's parts, each with its value."""
        whole = PARTS_ROW.match(row.text.rstrip())
        if whole is None or not years or years[-1].year <= min_year:
            return None
        unit = whole["unit"].strip()
        if (self.units.get(unit) or _plain_unit(unit)) is None:
            return None
        head = ROW_NUMBER.sub("", HEADER_REST.sub("", whole["head"]), count=1).strip(" ：:.、．")
        metric = head[: head.rfind("（") if "（" in head else head.rfind("(")]
        direction = _direction(metric)
        found: list[TargetFields] = []
        for part in PART_VALUE.finditer(row.text, whole.start("parts"), whole.end("parts")):
            value = self.value.match(row.text, part.start("value"))
            if value is not None:
                name = f"{metric}（{part['name']}）"
                found.extend(self._cell(row, name, [unit], value, years[-1].year, direction))
        return found or None

    def _cell(
        self,
        row: _Row,
        metric: str,
        units: list[str],
        value: re.Match[str],
        year: int,
        direction: str,
        base_year: int | None = None,
    ) -> list[TargetFields]:
        written = value.group()
        numbers = list(re.finditer(r"\d+(?:\.\d+)?", written))
        if not numbers:
            return []  # - / 国家下达指标: no number in this column
        comparator = (
            "ge"
            if written.startswith(("≥",)) or written.endswith("以上")
            else "le"
            if written.startswith(("≤",)) or written.endswith(("以下", "以内"))
            else "gt"
            if written.startswith(("＞", ">"))
            else "lt"
            if written.startswith(("＜", "<"))
            else "approx"
            if written.endswith("左右")
            else "eq"
        )
        if written.lstrip("[［〔").startswith("新增"):
            direction = "increase"  # 新增40千米: the amount added by then
        metrics = metric.split("/") if len(numbers) > 1 else [metric]
        found = []
        for i, number in enumerate(numbers):
            unit_written = units[i] if len(units) == len(numbers) > 1 else "/".join(units)
            unit = self.units.get(unit_written) or _plain_unit(unit_written)
            if unit is None:
                continue
            part = metrics[i] if len(metrics) == len(numbers) else metric
            start = row.index[value.start() + number.start()]
            end = row.index[value.start() + number.end() - 1] + 1
            found.append(
                TargetFields(
                    metric=part,
                    value=parse_number(number.group()),
                    value_max=None,
                    unit=unit_written,
                    unit_normalised=unit.normalised,
                    multiplier=unit.multiplier,
                    year=year,
                    period="by_year",
                    comparator=comparator,
                    direction=direction,
                    base_year=base_year if direction != "level" else None,
                    start=row.index[0] if row.index else row.start,
                    end=end,
                    value_start=start,
                    value_end=end,
                )
            )
        return found
