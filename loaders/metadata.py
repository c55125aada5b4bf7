"""Per-document metadata: title, wrapper notice, issuers, issue date, 文号, level, region, kind.

Read from the parts of a Chinese official document that carry it, on the normalised text (glyph
variants already read as meant, headers and page numbers gone):

- *title blocks*: a title is printed centred over one to five short lines
  (``关于印发《重庆市严格能效约束`` / ``推动重点领域节能降碳实施方案》的通知``); consecutive short lines
  without sentence punctuation are joined until they end like a title (a genre word: 方案, 规划,
  意见 …, or 的通知 / 的函 / 的公告, with a trailing ``（2021—2023年）`` / ``（试行）`` line);
- the *wrapper*: a notice that issues plans (``X关于印发《A》《B》的通知``, ``X印发《A》``,
  ``X发表《A》白皮书``); the plan is the document, the notice its ``wrapper_title``; a notice that
  issues several plans gives one document per plan whose heading is found in the text
  (:attr:`Metadata.plans`);
- the *issuers*: the signature block (organ lines above the date line, names separated by spaces
  as printed, a page break between them allowed), else the heading before 关于 / 印发 split into
  organs (``中共中央 国务院``, ``国家发展改革委、国家能源局``), else the body of a
  ``（2022年6月22日上海市第十五届人民代表大会常务委员会第四十一次会议通过）`` line;
- the 文号 line (any bracket: normalisation made them 〔〕), ``（2022年第4号）`` / ``（第八十二号）``;
- the date from the signature, a ``（2021年11月30日）`` line under the title, the 通过 line, a
  ``…印发`` line, else the last date line of the document (Chinese numerals too);
- region and level from the first issuer (``中共杭州市委`` → 杭州市, city), else from the title.

A republication may open with a news lead (``炉具网讯：…``) before the official text; the plan
starts at its official heading and the lead is reported as skipped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from policykg.loaders import gazetteer
from policykg.loaders.types import Level

# Genre words a title ends in, longest first within a family (kind_of returns the first that fits).
KINDS = (
    "实施方案",
    "行动方案",
    "工作方案",
    "建设方案",
    "推进方案",
    "方案",
    "实施意见",
    "指导意见",
    "意见",
    "规划纲要",
    "规划",
    "纲要",
    "决定",
    "实施细则",
    "细则",
    "若干措施",
    "政策措施",
    "具体措施",
    "任务措施",
    "措施",
    "举措",
    "行动计划",
    "工作计划",
    "计划",
    "管理办法",
    "办法",
    "路线图",
    "指南",
    "指引",
    "准则",
    "规程",
    "规则",
    "通知",
    "通告",
    "公告",
    "公示",
    "条例",
    "规定",
    "白皮书",
    "清单",
    "要点",
    "战略",
    "报告",
    "函",
)
_KIND_END = "|".join(KINDS)
# What may follow the genre word in a title: a period, 试行, a draft mark, an edition.
_TITLE_TAIL = r"(?:[（(][^（）()]{1,20}[）)])*(?:\d{4})?"
TITLE_END = re.compile(rf"(?:{_KIND_END})》?{_TITLE_TAIL}$")
ORGAN = (
    r"(?:人民代表大会常务委员会|常务委员会|人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|"
    r"政府|办公厅|办公室|委员会|管委会|行政公署|总局|管理局|监管局|分局|中心支行|分行|支行|银行|中心|"
    r"新闻办公室|新闻办|党组|总队|支队|部|厅|局|委|署|院|会|办)"
)
NATIONAL_ISSUERS = (
    "中共中央办公厅",
    "国务院办公厅",
    "国务院新闻办公室",
    "国务院新闻办",
    "全国人民代表大会常务委员会",
    "全国人民代表大会",
    "全国人大常委会",
    "中共中央",
    "国务院",
)
_ORGAN_NAME = re.compile(
    rf"(?:{'|'.join(NATIONAL_ISSUERS)}|办公厅|办公室|党组|中共[\u4e00-\u9fff]{{1,16}}?(?:委员会|委)(?:办公厅|办公室)?"
    rf"|[\u4e00-\u9fff（）]{{1,40}}?{ORGAN})"
)
NOTICE = re.compile(
    r"^(?P<issuer>.{0,80}?)(?:关于)?(?P<verb>印发|转发|发布|发表)(?P<inner>.+?)"
    r"(?P<end>的通知|的函|的公告|的决定|通知|白皮书)?(?:[（(][^（）()]{1,20}[）)])?$"
)
# 关于《合肥市…实施方案》的公示 / 关于公开征求《X（征求意见稿）》意见的通知: a notice that puts a plan
# out for comment wraps it as 印发 does.
NOTICE_OF_BOOK = re.compile(
    r"^(?P<issuer>.{0,80}?)关于(?:公开征求|征求|公示)?(?P<inner>《[^《》]{4,80}》)(?:[（(][^（）()]{1,10}[）)])?"
    r"(?P<end>的公示|公示|意见的通知|意见的公告|意见的函)$"
)
BOOKS = re.compile(r"《([^《》]+)》")
# 省生态环境厅2021年度推动碳达峰、碳中和工作计划: the organ that opens a title before its year.
TITLE_ORGAN = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?(?:厅|局|委|委员会|人民政府|政府|办公室|办公厅))(?=(?:19|20)\d{2}年|[“\"]?十[四五]五)"
)
HEADING_ISSUER = re.compile(r"^(?P<issuer>.{2,120}?)(?:关于|印发|转发|发表|联合印发)")
DOC_NUMBER = re.compile(r"^[（(]?(?P<number>[\u4e00-\u9fff]{1,14}〔(?:19|20)\d{2}〕\d{1,5}号)")
DOC_NUMBER_IN = re.compile(r"〔(?:19|20)\d{2}〕|第[\d一二三四五六七八九十百零〇]{1,6}号")
NOTICE_NUMBER = re.compile(
    r"(?:^|公告|令)[（(]?(?P<number>(?:(?:19|20)\d{2}年)?第[\d一二三四五六七八九十百零〇]{1,6}号)[）)]?$"
)
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
CN_DATE = re.compile(
    r"(?P<y>[〇零一二三四五六七八九○Ｏ]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
ISO_DATE = re.compile(
    r"(?:印发|发布|成文|发文)(?:日期|时间)[：:]\s*(?P<y>20\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
)
ADOPTED = re.compile(
    r"^（(?P<date>[^（）]{8,16}日)(?P<body>[\u4e00-\u9fff]{2,20}?)第[一二三四五六七八九十百]+届"
    r"(?P<organ>人民代表大会常务委员会|人民代表大会)第[一二三四五六七八九十百]+次(?:会议)?(?:审议)?通过）$"
)
PRINT_RECORD = re.compile(
    r"(?P<organ>[\u4e00-\u9fff]{2,30}?)(?:办公室|办公厅|秘书处)\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$"
)
MEETING_ADOPTED = re.compile(
    r"^[（(](?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[\u4e00-\u9fff（）]{2,60}?(?:会议|全会)(?:审议)?通过[）)]$"
)
SOURCE_LINE = re.compile(
    r"^(?:信息来源|发布机构|发文机关|发文单位|来源)[：:]\s*(?P<organ>[\u4e00-\u9fff（）]{2,40}?)(?=发布时间|发布日期|时间|日期|\s|$)"
)
MEETING = re.compile(
    r"由(?P<organ>[\u4e00-\u9fff]{2,30}?)(?:部务|委务|局务|常务|全体|主任|办公)?会议(?:审议)?(?:通过|决定)"
)
ONE_ORGAN = re.compile(rf"[\u4e00-\u9fff（）]{{2,40}}?{ORGAN}")
RELEASED = re.compile(
    r"(?:^|[，。])(?:近日|日前|近期)?[，,]?(?P<organ>[\u4e00-\u9fff]{2,40}?(?:联合[\u4e00-\u9fff、和]{2,160}?)?)"
    r"(?:正式|联合)?(?:发布|印发|出台)了?《(?P<book>[^《》]{4,80})》"
)
RED_HEADER_END = re.compile(r"^(?P<organ>[\u4e00-\u9fff（）]{0,40}?)文件$")
NEWS_LEAD = re.compile(r"^[^\n]{0,24}?(?:网讯|报讯|社讯|电讯|讯|消息|编者按)[:：]|^[^\n]{0,40}记者")
CHROME = re.compile(
    r"^(?:发布日期|发布时间|印发时间|发文日期|成文日期|来源|信息来源|时间|字体|字号|分享|浏览次数|索引号|"
    r"资料整理|打印)[：:]|^\d{4}-\d{2}-\d{2}|^附件\d*$|^目录$|^[A-Z]{2,}-\d{4}-\d+$"
)
SEAL_NOTE = re.compile(r"^[（(][\u4e00-\u9fff]{2,40}代章[）)]$")
CLOSING_NOTE = re.compile(r"^[（(][^（）()]{1,12}[）)]$")  # （此件公开发布）, （联系人：…）
PUNCTUATION = re.compile(r"[。；！？;!?，,：:]")
LABEL_AT_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．]|[（(]\d{1,2}[）)]"
    r"|第[一二三四五六七八九十百]+[章节条]|专栏)"
)
GARBLED_DOC_NUMBER = re.compile(
    r"^[\u4e00-\u9fff]{1,10}[（(〔\[［]\s*(?:19|20)\d{2}\s*[）)〕\]］J]?\s*\d{1,4}(?!\d)"
)
SENTENCE_START = re.compile(r"^(?:现将|根据|按照|经[^济]|请|为了|近日)")
DRAFT_MARK = re.compile(r"[（(][^（）()]{0,8}稿[）)]")  # （征求意见稿）, （发布稿）: a state, not the title
TITLE_CONTINUATION = re.compile(r"^(?:的通知|的函|的公告|通知|》|[（(][^（）()]{1,20}[）)](?:》?的通知)?$)")
PROVINCE_BODIES = ("新疆生产建设兵团",)
CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
MAX_TITLE_LINE = 48  # characters of one printed title line
MAX_TITLE = 120
HEAD_LINES = 80


@dataclass(frozen=True)
class PlanHeading:
    """A plan issued by the document's wrapper notice, and where its own heading starts."""

    title: str
    start: int  # normalised offset of its heading (the document start for the first plan)


@dataclass(frozen=True)
class Metadata:
    title: str
    issuer: str | None  # the first issuer
    date: str | None
    doc_number: str | None
    level: Level | None
    region: str | None
    kind: str | None
    draft: bool
    body_start: int  # normalised offset where the plan starts (after a skipped lead)
    body_end: int  # normalised offset where the clauses end (before a closing signature block)
    skipped_lead: tuple[int, int] | None  # normalised span of a news lead that is not the plan
    issuers: tuple[str, ...] = ()  # every issuing body, in the order printed
    wrapper_title: str | None = None  # the notice that issues the plan (关于印发《…》的通知)
    plans: tuple[PlanHeading, ...] = ()  # when the wrapper issues several plans found in the text


@dataclass(frozen=True)
class _Block:
    start: int  # normalised offset of the first line
    end: int  # normalised offset after the last line
    first: int  # index of the first line
    last: int  # index of the last line
    text: str


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    lines = []
    position = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            lines.append((position + line.find(stripped[0]), stripped))
        position += len(line) + 1
    return lines


class Printed:
    """The printed lines behind normalised lines: normalisation joins lines that look wrapped
    (a title over two full lines, a date line run into the paragraph after it), metadata reads
    the lines as the page prints them, with the spaces between the names of a signature."""

    def __init__(self, original: str, origin: Sequence[int]) -> None:
        self.original = original
        self.origin = origin

    def split(self, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
        result = []
        for offset, line in lines:
            cut = offset
            for i in range(offset, offset + len(line) - 1):
                if "\n" in self.original[self.origin[i] : self.origin[i + 1]]:
                    result.append((cut, line[cut - offset : i + 1 - offset]))
                    cut = i + 1
            result.append((cut, line[cut - offset :]))
        merged: list[tuple[int, str]] = []
        for offset, line in ((o, line.strip()) for o, line in result if line.strip()):
            if merged and re.fullmatch(r"(?:19|20)\d{2}", merged[-1][1]) and line.startswith("年"):
                merged[-1] = (merged[-1][0], merged[-1][1] + line)  # a date printed "2020" / "年10月23日"
            else:
                merged.append((offset, line))
        return merged

    def spaced(self, start: int, end: int) -> str:
        return self.original[self.origin[start] : self.origin[end - 1] + 1] if end > start else ""


def _title_part(line: str) -> bool:
    """Can this line be (part of) a printed title?"""
    return (
        len(line) <= MAX_TITLE_LINE
        and re.search(r"[\u4e00-\u9fff]", line) is not None
        and not re.search(r"\d{1,2}月\d{1,2}日|^年\d|\d日?印发$", line)  # a date or the "…年…日印发" line
        and not GARBLED_DOC_NUMBER.match(line)
        and not PUNCTUATION.search(line)
        and not LABEL_AT_START.match(line)
        and not DOC_NUMBER.match(line)
        and not CHROME.match(line)
        and parse_date(line) is None
        and "〔" not in line
    )


def _title_blocks(lines: list[tuple[int, str]]) -> list[_Block]:
    """Runs of one to five title lines that end like a title."""
    blocks = []
    i = 0
    while i < len(lines):
        found = None
        text = ""
        for j in range(i, min(i + 5, len(lines))):
            first_line = lines[j][1]
            if j == i and (
                CLOSING_NOTE.match(first_line)
                or SENTENCE_START.match(first_line)
                or len(re.findall(r"[\u4e00-\u9fff]", first_line)) < 2
            ):
                break  # （本文有删减）, （此件公开发布）, 现将《…》印发: never the start of a title
            continues = (
                j > i
                and TITLE_CONTINUATION.match(lines[j][1])
                and _date_line(lines[j][1]) is None
                and not DOC_NUMBER_IN.search(lines[j][1])
            )
            if not _title_part(lines[j][1]) and not continues:
                break
            text += lines[j][1]
            if len(text) > MAX_TITLE:
                break
            if text.endswith(("和", "、", "及", "与")):
                continue  # 《A》《B》和 / 《C》的公告: a list of titles goes on
            if text.count("《") > text.count("》") and not text.endswith("的通知"):
                continue  # 关于印发《…指南 / （试行）》的通知: the title goes on
            if TITLE_END.search(text) or _notice(text):
                found = j
                # a trailing 的通知 / （2021—2023年） / 》 line belongs to the title
                while (
                    found + 1 < len(lines)
                    and TITLE_CONTINUATION.match(lines[found + 1][1])
                    and _date_line(lines[found + 1][1]) is None  # （2021年9月22日）: the date, not the title
                    and not DOC_NUMBER_IN.search(lines[found + 1][1])  # （国发〔2021〕23号）: the 文号
                ):
                    found += 1
                    text += lines[found][1]
                break
        if found is None:
            i += 1
            continue
        offset, last_line = lines[found]
        first = lines[i][1]
        if found > i and split_issuers(first) and not text[len(first) :].startswith(("关于", "印发", "转发")):
            # a signature line above a plan's heading ("商洛市人民政府办公室" / "商洛市…规划"), not
            # an issuer printed over its "关于…" heading: the title starts on the next line
            i += 1
            text = text[len(first) :]
        blocks.append(
            _Block(lines[i][0], offset + len(last_line), i, found, re.sub(r"[\s~`^_|]+$", "", text))
        )
        i = found + 1
    return blocks


def parse_date(text: str) -> str | None:
    """``2024年7月18日`` or ``二〇二二年九月十二日`` → ``YYYY-MM-DD``."""
    match = DATE.search(text)
    if match:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    else:
        match = CN_DATE.search(text)
        if not match:
            return None
        year = int("".join(str(CN_DIGIT[c]) for c in match["y"]))
        month, day = _small_number(match["m"]), _small_number(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_line(line: str) -> str | None:
    """The date of a line that is only a date (``2022年2月28日``, ``（2021年11月30日）``, ``…印发``)."""
    core = re.sub(r"^[（(]|[）)]$|印发$|发布$|通过$", "", line.replace(" ", ""))
    date = parse_date(core)
    if date is None:
        return None
    rest = DATE.sub("", CN_DATE.sub("", core))
    return date if not rest else None


def _small_number(numeral: str) -> int:
    if "十" not in numeral:
        return CN_DIGIT.get(numeral, 0)
    tens, _, units = numeral.partition("十")
    return (CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (CN_DIGIT.get(units, 0) if units else 0)


def _strip_tail(title: str) -> str:
    core = re.sub(r"\d{4}$", "", title)
    while True:
        stripped = re.sub(r"[（(][^（）()]*[）)]$", "", core)
        if stripped == core:
            return core.rstrip("》")
        core = stripped


def kind_of(title: str) -> str | None:
    core = _strip_tail(title)
    return next((kind for kind in KINDS if core.endswith(kind)), None)


def split_issuers(text: str) -> list[str] | None:
    """``中共中央 国务院`` / ``国家发展改革委、国家能源局`` / ``省发展改革委 省生态环境厅`` → the organs,
    or None when the text is not a run of organ names."""
    text = re.sub(r"等(?:\d+|[一二三四五六七八九十]+)?(?:个)?(?:部门|单位)$", "", text.strip())
    names = []
    for part in re.split(r"[\s、，,]+", text):
        if not part:
            continue
        position = 0
        while position < len(part):
            match = _ORGAN_NAME.match(part, position)
            if match is None:
                return None
            names.append(match.group())
            position = match.end()
    merged = _merge_parts(names)
    return merged if merged and all(_plausible_organ(name) for name in merged) else None


def _plausible_organ(name: str) -> bool:
    """An organ's name is short or starts with its place or a national prefix; a line of body
    text that happens to end in 会 / 部 / 局 is none."""
    if name.count("（") != name.count("）"):
        return False
    place = _divisions().full.search(name)
    if (
        place
        and place.start() > 0
        and not BRANCH.search(name)
        and not name.startswith(("中共", "中国", "国家"))
    ):
        return False  # "名单江苏省科学技术厅": words before the place are no part of the name
    return len(name) <= 10 or _standalone(name) or name.startswith(("省", "市", "自治区", "区", "县"))


SUB_OFFICE = ("办公厅", "办公室", "党组", "机关")
SPLIT_NATIONAL_BODIES = frozenset({"中国银行保险监督管理委员会", "中国证券监督管理委员会"})
BRANCH = re.compile(r"(?:分局|分行|支行|监管局|营管部|分署)$")


def _merge_parts(names: list[str]) -> list[str]:
    """Pieces of one organ that the organ pattern cut apart: ``生态环境部`` + ``办公厅``,
    ``四川省政府`` + ``国有资产监督管理委员会``, ``中国银保监会`` + ``三明监管分局`` (a branch)."""
    merged: list[str] = []
    for name in names:
        if merged and (
            name in SUB_OFFICE
            or merged[-1].endswith("政府")
            and not _standalone(name)
            or BRANCH.search(name)
            and merged[-1].startswith(("中国", "国家", "人民银行"))
            or merged[-1].endswith("会")
            and name.startswith("议")  # 联席会 + 议办公室: the organ pattern stopped inside 会议
            or merged[-1] + name in SPLIT_NATIONAL_BODIES  # 中国银行 + 保险监督管理委员会
            or merged[-1] == "国家税务总局"
            and name.endswith("税务局")  # 国家税务总局 + 佛山市税务局: its local bureau
        ):
            merged[-1] += name
        else:
            merged.append(name)
    return merged


def _standalone(name: str) -> bool:
    """Does an organ name stand on its own (a place, a national body) rather than continue one?"""
    return (
        name.startswith(("国家", "中国", "中共", "全国", *NATIONAL_ISSUERS))
        or _leading_region(name) is not None
    )


def _original_tokens(line: str, spaced: str | None) -> list[str]:
    """A signature line's names as printed: split at the spaces of the original text; a name
    printed letter-spaced (``青 海 省 人 民 政 府``) is one name."""
    if not spaced:
        return [line]
    tokens = spaced.split()
    if len(tokens) > 2 and all(len(token) == 1 for token in tokens):
        return ["".join(tokens)]
    return tokens


def _signature(
    lines: list[tuple[int, str]], date_index: int, printed: Printed | None, stop: set[int]
) -> tuple[list[str], int]:
    """The organs printed on the lines above a date line (at most sixteen lines: a joint
    document lists one issuer a line), and how many lines they fill; a title line (in ``stop``)
    or a sentence ends the signature."""
    names: list[str] = []
    count = 0
    for index in range(date_index - 1, max(-1, date_index - 17), -1):
        offset, line = lines[index]
        if index in stop or len(line) > 80 or PUNCTUATION.search(line):
            break
        if SEAL_NOTE.match(line.strip()):
            continue  # （上海市机关事务管理局代章）: the seal of another body, under the issuer
        tokens = _original_tokens(line, printed.spaced(offset, offset + len(line)) if printed else None)
        found: list[str] = []
        for position, token in enumerate(tokens):
            organs = split_issuers(token)
            if organs is None and position == len(tokens) - 1 and names:
                # a name broken over two lines ("宁夏回" / "族自治区人民政府办公厅")
                joined = split_issuers(token + names[0])
                if joined is not None and len(joined) == 1:
                    names[0] = joined[0]
                    continue
                if joined is not None and joined[-1].endswith(names[0]) and len(joined[-1]) > len(names[0]):
                    # 中国人民银行佛山市中心支行中国银行保险监督管理 / 委员会佛山监管分局: two columns,
                    # the right one's name broken over the lines
                    names[0] = joined[-1]
                    found.extend(joined[:-1])
                    continue
            if organs is None:
                return _merge_parts(names), count
            found.extend(organs)
        names[:0] = found
        count += 1
    return _merge_parts(names), count


def _adopted(line: str) -> tuple[str, str] | None:
    match = ADOPTED.match(line)
    if match is None:
        return None
    date = parse_date(match["date"])
    return (match["body"] + match["organ"], date) if date else None


def _plain_region(name: str) -> str:
    """``中共杭州市委`` → ``杭州市委``: the party committee is named by its place."""
    return name[2:] if name.startswith("中共") and not name.startswith("中共中央") else name


STOPWORDS = Path(__file__).parent / "extract" / "data" / "region_stopwords.tsv"
_LEVEL_OF_DIVISION: dict[str, Level] = {"province": "province", "prefecture": "city", "county": "district"}
_SHORT = re.compile(r"(?:壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$")
ZONE = re.compile(
    r"^[\u4e00-\u9fff]{0,12}?(?:经济技术开发区|高新技术产业开发区|开发区|高新区|新区|试验区|合作区)"
)


@dataclass(frozen=True)
class _Divisions:
    level: dict[str, Level]  # full name → level
    short: dict[str, str]  # short name of a province or prefecture → full name
    anchored: re.Pattern[str]  # full or short names, longest first
    full: re.Pattern[str]  # full names a text may name anywhere (no common words), province short names
    short_anywhere: re.Pattern[str]  # short names of provinces and prefectures (in a title only)


@lru_cache(maxsize=1)
def _divisions() -> _Divisions:
    """China's divisions (GB/T 2260, the table the region extractor uses) by name."""
    level: dict[str, Level] = {}
    short: dict[str, str] = {}
    for item in gazetteer.divisions().values():
        if item.level not in _LEVEL_OF_DIVISION:
            continue
        name, division = item.name, _LEVEL_OF_DIVISION[item.level]
        level.setdefault(name, division)
        abbreviated = _SHORT.sub("", name)
        if (
            division != "district"
            and len(abbreviated) >= 2
            and (division == "province" or abbreviated not in short)
        ):
            short[abbreviated] = name
    stopwords = STOPWORDS.read_text(encoding="utf-8").splitlines()
    stop = {line.split("\t")[0] for line in stopwords if not line.startswith("#")}
    names = sorted(set(level) | set(short), key=len, reverse=True)
    anywhere = [n for n in level if n not in stop and (level[n] != "district" or len(n) >= 3)]
    anywhere += [n for n, full in short.items() if level[full] == "province" and n not in stop]
    shorts = sorted((n for n in short if n not in stop), key=len, reverse=True)
    return _Divisions(
        level,
        short,
        re.compile("|".join(map(re.escape, names))),
        re.compile("|".join(map(re.escape, sorted(anywhere, key=len, reverse=True)))),
        re.compile("|".join(map(re.escape, shorts))),
    )


def _leading_region(name: str) -> tuple[str, Level, int] | None:
    """The division a name starts with (``青岛市黄岛区人民政府`` → 黄岛区, district)."""
    table = _divisions()
    match = table.anchored.match(name)
    if match is None:
        return None
    region = table.short.get(match.group(), match.group())
    level = table.level.get(region)
    if level is None:
        return None
    rest = name[match.end() :]
    inner = table.anchored.match(rest)
    if inner and table.level.get(inner.group()) == "district" and level != "district":
        return inner.group(), "district", match.end() + inner.end()
    zone = ZONE.match(rest)
    if zone:  # a development zone or new area administration: its name as printed
        return name[: match.end()] + zone.group(), "district", match.end() + zone.end()
    return region, level, match.end()


def region_and_level(name: str | None, text: str = "") -> tuple[str | None, Level | None]:
    """Region and government level from an issuer (``大连市人民政府``) or a place name."""
    if not name:
        return None, None
    if name.startswith(NATIONAL_ISSUERS):
        return "中国", "national"
    if name.startswith(PROVINCE_BODIES):
        return PROVINCE_BODIES[0], "province"
    name = _plain_region(name)
    found = _leading_region(name)
    if found is not None:
        return found[0], found[1]
    if name.startswith(("国家", "中国")):
        # a branch of a national body is where its name says (中国银保监会黑龙江监管局)
        place = _divisions().full.search(name) if BRANCH.search(name) else None
        if place:
            region = _divisions().short.get(place.group(), place.group())
            return region, _divisions().level.get(region)
        return "中国", "ministry"
    if re.search(r"(?:部|委|总局|局|署|银行|委员会|办公室|办公厅|中心|会)$", name):  # not 厅: provincial
        return "中国", "ministry"
    return None, None


# a text speaking of its own place (我省, 全市), not of places in general (本省份, 健全省、市)
LOCAL_SELF = re.compile(r"[我本][省市区县](?![份、])|(?<![健安完])全[省市区县](?![场域面性份、])")


def region_from_title(title: str, text: str, has_issuer: bool = False) -> tuple[str | None, Level | None]:
    """A plan's region when no issuer gives it: the division its title names (at its start or
    anywhere, 徐州 for 徐州市 too), else the one the text names most when it speaks of itself as
    a place (全省, 我市 …); else, for a text that names no place and no issuer, China (a national
    plan, level unknown). A local text whose place is named nowhere has no region."""
    table = _divisions()
    found = _leading_region(re.sub(r"^关于(?:印发|开展|做好|征集|组织)?", "", title))
    if found:
        return found[0], found[1]
    match = table.full.search(title) or table.short_anywhere.search(title)
    if match:
        name = table.short.get(match.group(), match.group())
        return name, table.level.get(name)
    if LOCAL_SELF.search(text[:5000]):
        named = _region_named(text)
        return (named, table.level.get(named)) if named else (None, None)
    return (None, None) if has_issuer else ("中国", None)


def _region_named(text: str, unit: str | None = None) -> str | None:
    """The division a text names most (in its first 5,000 characters), of the kind ``unit``
    (省 / 自治区 / 市 / 区 / 县) when given; None when none is named at least twice."""
    table = _divisions()
    counts: dict[str, int] = {}
    for match in table.full.finditer(text[:5000]):
        name = table.short.get(match.group(), match.group())
        if (
            unit is None
            or name.endswith(unit)
            or unit == "市"
            and table.level[name] == "province"
            and name.endswith("市")
        ):
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda name: counts[name])
    return best if counts[best] >= 2 else None


def _bare_issuer(name: str, text: str) -> str:
    """``省林业局`` → ``湖北省林业局`` when the text names the province it belongs to most."""
    unit = next((u for u in ("自治区", "省", "市", "区", "县") if name.startswith(u)), None)
    if unit is None:
        return name
    place = _region_named(text, unit)
    return place + name[len(unit) :] if place else name


def _notice(text: str) -> tuple[str, list[str], str | None] | None:
    """(issuer prefix, plan titles, genre) of a wrapper notice, or None."""
    match = NOTICE.match(text) or NOTICE_OF_BOOK.match(text)
    if match is None:
        return None
    inner = match["inner"]
    books = BOOKS.findall(inner)
    rest = BOOKS.sub("", inner).strip("和、及与")
    if books and not rest or books and match["end"] and re.fullmatch(r"[和、及与]*", BOOKS.sub("", inner)):
        titles = books
    else:
        titles = [inner.strip("《》")]
    if not match["end"] and (not books or rest):
        return None  # "…发布会", "现将《…》印发给你们": not a wrapper heading
    genre = "白皮书" if match["end"] == "白皮书" else None
    issuer = re.sub(r"关于$", "", match["issuer"])
    titles = [re.sub(r"[\s~`^_|]+$", "", title) for title in titles]  # "指南(试行) ~的通知": a stray glyph
    return issuer, [t for t in titles if t], genre


def _similar(heading: str, title: str) -> bool:
    return SequenceMatcher(None, _key(heading), _key(title)).ratio() >= 0.8


def _key(title: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"的]", "", title)


def extract_metadata(normalized: str, start: int, end: int, printed: Printed | None = None) -> Metadata:
    """Metadata of the document in ``normalized[start:end]``.

    ``printed`` maps normalised lines back to the lines of the original (see :class:`Printed`);
    without it the normalised lines are taken as printed.
    """
    all_lines = _lines(normalized, start, end)
    split = printed.split if printed else (lambda found: found)
    head = split(all_lines[:HEAD_LINES])
    tail = split(all_lines[max(HEAD_LINES, len(all_lines) - 12) :])
    body_start, skipped = start, None
    if head and NEWS_LEAD.match(head[0][1]):
        official = [b.start for b in _title_blocks(head[1:])]
        if official:
            body_start, skipped = official[0], (head[0][0], official[0])
            head = [(o, line) for o, line in head if o >= body_start]
    lines = head + tail
    blocks = _title_blocks(head)
    notices = [(block, parsed) for block in blocks if (parsed := _notice(block.text))]
    plans_blocks = [block for block in blocks if not _notice(block.text)]

    title, wrapper, genre = "", None, None
    heading_issuer: str | None = None
    plan_titles: list[str] = []
    title_index: int | None = None
    if notices:
        # the web page's copy of the heading and the heading itself: take the fuller one
        block, (prefix, plan_titles, genre) = max(notices, key=lambda item: len(item[0].text))
        wrapper = block.text
        heading_issuer = prefix or None
        after = [b for b in plans_blocks if b.first > max(n.last for n, _ in notices)]
        keys = [_key(t) for t in plan_titles]
        own = next(
            (b for b in after if _key(b.text) in keys or any(k and k in _key(b.text) for k in keys)), None
        )
        if own is None and after and len(plan_titles) == 1 and _similar(after[0].text, plan_titles[0]):
            own = after[0]  # the plan's heading, printed a little differently from the notice
        title = own.text if own is not None else plan_titles[0]
        title_index = own.first if own is not None else None
    elif plans_blocks:
        title, title_index = plans_blocks[0].text, plans_blocks[0].first
    elif head and len(head[0][1]) <= 60 and not PUNCTUATION.search(head[0][1]):
        title, title_index = head[0][1], 0
    # "中华人民共和国国家发展和改革委员会公告2022年第4号――关于…的公告": the title after the dash
    dashed = re.split(r"[―—]{1,2}", title)
    if len(dashed) > 1 and TITLE_END.search(dashed[-1]) and len(dashed[-1]) >= 6:
        heading_issuer = heading_issuer or re.sub(r"公告.*$", "", dashed[0]) or None
        title = dashed[-1]
    if genre == "白皮书":
        title = title.strip("《》")
    if title.startswith("《") and title.count("《") == 1 and "》" in title and not genre:
        title = title[1:].replace("》", "", 1)  # 《促进绿色消费实施方案》 printed as its own heading
    draft = "征求意见稿" in title or "征求意见稿" in normalized[start : min(end, start + 300)]
    title = DRAFT_MARK.sub("", title) or title

    # issuers and date: a 通过 line, the wrapper's signature, else the end of the document
    issuers: list[str] = []
    date: str | None = None
    body_end = end
    stop = {i for block in blocks for i in range(block.first, block.last + 1)}
    for index, (_, line) in enumerate(head):
        adopted = _adopted(line) or (
            _adopted(line + head[index + 1][1]) if index + 1 < len(head) and line.startswith("（") else None
        )
        if adopted:
            issuers, date = [adopted[0]], adopted[1]
            break
    if not issuers:
        candidates = [i for i, (_, line) in enumerate(lines) if len(line) <= 24 and _date_line(line)]
        # the wrapper's signature before the plan's heading (or under it) first, then the head
        limit = HEAD_LINES if title_index is None else title_index + 3
        head_candidates = [i for i in candidates if i < len(head)]
        early = [i for i in head_candidates if i < limit] + [i for i in head_candidates if i >= limit]
        late = [i for i in candidates if i >= len(lines) - 12 and i not in early]
        late = [i for i in late if i >= len(head) or len(all_lines) <= HEAD_LINES]
        for index in early + late[::-1]:
            names, count = _signature(lines, index, printed, stop)
            if names:
                issuers, date = names, _date_line(lines[index][1])
                closing = all(CLOSING_NOTE.match(rest) for _, rest in lines[index + 1 :])
                if closing and index >= len(lines) - 12:  # a closing signature: no part of the last clause
                    body_end = lines[index - count][0]
                break
        if date is None:
            date = next((_date_line(lines[i][1]) for i in early), None)
        if date is None and late:
            date = _date_line(lines[late[-1]][1])
    red = _red_header(head)
    if red and len(red) >= len(issuers):
        issuers = red  # a red header names every issuer; a signature may be cut by the layout
    if not issuers and title_index is not None:
        issuers = _cover_issuer(head, title_index, blocks)
    if not issuers:
        last_lines = split(all_lines[-12:])
        closing_names, first = _dateless_signature(last_lines)
        if closing_names:
            issuers, body_end = closing_names, last_lines[first][0]
    if not issuers:
        issuers = _stated_issuer(head, title)
    if not issuers and heading_issuer:
        issuers = split_issuers(heading_issuer) or [heading_issuer]
    if not issuers and title:
        match = HEADING_ISSUER.match(title) or TITLE_ORGAN.match(title)
        if match:
            issuers = split_issuers(match["issuer"]) or []
    document_text = normalized[start:end]
    issuers = [_bare_issuer(name, document_text) for name in issuers]
    if date is None:
        iso = ISO_DATE.search(normalized, start, min(end, start + 2000))
        if iso:
            date = f"{int(iso['y']):04d}-{int(iso['m']):02d}-{int(iso['d']):02d}"
    if date is None:
        date = next((d for _, line in head if len(line) <= 20 and (d := parse_date(line))), None)
    if date is None:  # （2021年12月28日中国共产党成都市第十三届委员会第十次全体会议通过）
        texts: list[str] = [text for _, text in head[:12]]
        texts += [a + b for a, b in itertools.pairwise(texts)]  # the line broken in two
        meetings = [hit for text in texts if (hit := MEETING_ADOPTED.match(text))]
        date = parse_date(meetings[0]["date"]) if meetings else None
    if date is None:
        date = _signature_before_annex(all_lines)
    printed_by = next((m for _, line in all_lines[-4:] if (m := PRINT_RECORD.search(line))), None)
    if printed_by is not None:  # 版记: 江西省生态环境厅办公室2022年6月6日印发
        date = date or parse_date(printed_by["date"])
        if not issuers and re.search(r"(?:厅|局|委|委员会)$", printed_by["organ"]):
            issuers = [printed_by["organ"]]

    doc_number = None
    for index, (_, line) in enumerate(head[:40]):
        match = DOC_NUMBER.match(line) or NOTICE_NUMBER.search(line)
        rest = line[match.end() :] if match else ""
        if match and (not rest or re.match(r"^[）)]?(?:签发人|$)", rest)):
            number = match["number"]
            previous = head[index - 1][1] if index else ""
            before = head[index - 2][1] if index > 1 else ""
            if (
                DOC_NUMBER.match(line)
                and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", previous)
                and previous not in ("附件", "文件")
                and not TITLE_END.search(previous)
                and not TITLE_END.search(before + previous)  # …的通⏎知⏎内能电力字〔2022〕105号
            ):
                number = previous + number  # "国科" / "发〔2020〕7号": a 文号 cut by a line break
            doc_number = re.sub(r"^.*?文件", "", number) or number  # 株洲市人民政府办公室文件株政办发〔…〕
            break

    # the region of the first issuer with a place (青海省人民政府 before 国家能源局), else the first's
    placed = [(name, found) for name in issuers if (found := region_and_level(name, document_text))[0]]
    located = [found for _, found in placed]
    # a government or department before a national body's branch (人民银行西安分行 serves 陕西省)
    ranked = sorted(placed, key=lambda pair: BRANCH.search(pair[0]) is not None)
    local = next((found for _, found in ranked if found[0] != "中国"), None)
    region, level = region_and_level(issuers[0], document_text) if issuers else (None, None)
    if region == "中国" and local:
        region, level = local
    if region is None and title:
        region, level = region_from_title(title, document_text, bool(issuers))
    if region is None and located:
        region, level = located[0]
    if level is None and region == "中国":
        # a national plan that names no issuer: the State Council's and the Party Centre's carry
        # their 文号 (国发, 国办发, 中发, 中办发) or their name; the rest come from ministries
        central = bool(doc_number and re.match(r"^(?:国发|国办发|国函|国办函|中发|中办发)〔", doc_number))
        level = "national" if central else "ministry"

    plans: tuple[PlanHeading, ...] = ()
    if len(plan_titles) > 1:
        plans = _plan_headings(split(all_lines), plan_titles, start)
    kind = genre or (kind_of(title) if title else None)
    return Metadata(
        title=title,
        issuer=issuers[0] if issuers else None,
        date=date,
        doc_number=doc_number,
        level=level,
        region=region,
        kind=kind,
        draft=draft,
        body_start=body_start,
        body_end=max(body_end, body_start),
        skipped_lead=skipped,
        issuers=tuple(issuers),
        wrapper_title=wrapper,
        plans=plans,
    )


def _red_header(head: list[tuple[int, str]]) -> list[str]:
    """A red header: the issuing organs, one a line (or one line ``重庆市人民政府文件``), and the
    word 文件 that closes it, on the first lines of the first page."""
    for index, (_, line) in enumerate(head[:12]):
        match = RED_HEADER_END.match(re.sub(r"\s+", "", line))
        if match is None:
            continue
        names: list[str] = []
        if match["organ"]:
            names = split_issuers(match["organ"]) or []
            if not names:
                return []
        for _, above in reversed(head[:index]):
            squashed = re.sub(r"\s+", "", above)
            organs = split_issuers(squashed) if len(squashed) <= 40 else None
            if not organs and ONE_ORGAN.fullmatch(squashed):
                organs = [squashed]  # one organ a line: 中共…委员会网络安全和信息化委员会办公室
            if not organs:
                break
            names[:0] = organs
        return names if all(_plausible_organ(name) for name in names) else []
    return []


def _signature_before_annex(lines: list[tuple[int, str]]) -> str | None:
    """The date of a signature that an annex follows (…三明市人民政府办公室⏎2022年5月31日⏎
    （此件主动公开）⏎附件⏎…名单): the last date line whose next lines are closing notes and 附件."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index][1]
        if len(line) > 24 or (date := _date_line(line)) is None:
            continue
        after = [rest for _, rest in lines[index + 1 : index + 4]]
        notes = list(itertools.takewhile(lambda rest: CLOSING_NOTE.match(rest) is not None, after))
        following = after[len(notes)] if len(notes) < len(after) else ""
        if following.startswith("附件"):
            return date
    return None


def _dateless_signature(tail: list[tuple[int, str]]) -> tuple[list[str], int]:
    """Organs on the last lines, one a line, with no date under them (国家发展改革委 / 外交部 /
    生态环境部 / 商务部), after a line that ends a sentence; and the index of the first."""
    names: list[str] = []
    index = len(tail)
    while index > 0 and len(names) < 16:
        squashed = re.sub(r"\s+", "", tail[index - 1][1])
        organs = split_issuers(squashed) if 2 <= len(squashed) <= 40 else None
        if not organs:
            break
        names[:0] = organs
        index -= 1
    if not names or index == 0 or not re.search(r"[。；！]$", tail[index - 1][1].strip()):
        return [], 0
    return names, index


def _stated_issuer(head: list[tuple[int, str]], title: str) -> list[str]:
    """An issuer stated in words rather than signed: a web page's ``信息来源：X``, ``由X部务会议
    审议通过，现予公布`` (a ministry's order), or ``近日，X发布《<the title>》`` (a commentary)."""
    for _, line in head[:40]:
        squashed = re.sub(r"\s+", "", line)
        match = SOURCE_LINE.match(squashed)
        if match and (organs := split_issuers(match["organ"])):
            return organs
    opening = re.sub(r"\s+", "", "".join(line for _, line in head[:12]))
    for match in MEETING.finditer(opening):
        if (organs := split_issuers(match["organ"])) and len(organs) == 1:
            return organs
    for match in RELEASED.finditer(opening[:400]):
        organ = match["organ"].replace("联合", "、")  # X联合Y、Z发布《…》: three issuers
        if (not title or _similar(match["book"], title)) and (organs := split_issuers(organ)):
            return organs
    return []


# 二〇二二年三月; 2021年12 with its 月 lost to the layout
MONTH_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*(?:0?[1-9]|1[0-2])\s*月?|[二〇○零一三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月)$"
)


def _cover_issuer(head: list[tuple[int, str]], title_index: int, blocks: list[_Block]) -> list[str]:
    """A cover page: the title, then the issuing organ on a line of its own, then the month
    (内蒙古自治区“十四五”可再生能源发展规划 / 内蒙古自治区能源局 / 二〇二二年三月)."""
    block = next((b for b in blocks if b.first == title_index), None)
    after = (block.last if block is not None else title_index) + 1
    for index in range(after, min(after + 2, len(head) - 1)):
        name, next_line = head[index][1].strip(), head[index + 1][1].strip()
        if MONTH_LINE.match(next_line) and _plausible_organ(name) and split_issuers(name):
            return split_issuers(name) or []
    return []


def _plan_headings(lines: list[tuple[int, str]], titles: list[str], start: int) -> tuple[PlanHeading, ...]:
    """Where each plan of a multi-plan notice starts: its heading, after the notice (title order)."""
    found: list[PlanHeading] = []
    keys = [_key(t) for t in titles]
    blocks = _title_blocks(lines)
    position = 1
    for title, key in zip(titles, keys, strict=True):
        block = next((b for b in blocks if b.first >= position and _key(b.text) == key), None)
        if block is None:
            return ()
        found.append(PlanHeading(title, block.start))
        position = block.last + 1
    return (PlanHeading(found[0].title, start), *found[1:])
