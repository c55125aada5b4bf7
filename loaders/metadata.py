"""Per-document metadata: title, issuer, issue date, 文号, level, region, kind, draft flag.

Read from the parts of a Chinese official document that carry it: the notice line
(``XX人民政府关于印发《…》的通知``), the 文号 line under it, the signature block (issuer line
followed by a date line) and the plan's own title line. A republication may open with a news
lead (``炉具网讯：…``) before the official text; the plan starts at its official heading and
the lead is reported as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.types import Level

KINDS = (
    "实施方案",
    "行动方案",
    "工作方案",
    "建设方案",
    "方案",
    "实施意见",
    "指导意见",
    "意见",
    "规划",
    "决定",
    "实施细则",
    "细则",
    "若干措施",
    "措施",
    "行动计划",
    "工作计划",
    "计划",
    "办法",
    "纲要",
    "路线图",
    "指南",
    "通知",
    "条例",
    "规定",
)
ORGAN = r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府|办公厅|办公室|委员会|常委会|总局|部|厅|局|委|署)"
NOTICE = re.compile(
    rf"^(?P<issuer>[^\n，。：]{{2,40}}?{ORGAN})关于印发(?P<title>[^\n]{{2,80}}?)的(?:通知|决定)$"
)
ISSUER_TITLE = re.compile(rf"^(?P<issuer>[^\n，。：]{{2,40}}?{ORGAN})关于(?P<rest>[^\n。，]{{2,80}})$")
ISSUER_LINE = re.compile(rf"^[\u4e00-\u9fff（）]{{2,30}}{ORGAN}$")
DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[［（【](?:19|20)\d{2}[〕\]］）】]\d{1,4}号$")
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
CN_DATE = re.compile(
    r"(?P<y>[〇零一二三四五六七八九○Ｏ]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
NEWS_LEAD = re.compile(r"^[^\n]{0,24}?(?:网讯|报讯|社讯|电讯|讯|消息|编者按)[:：]|^[^\n]{0,40}记者")
CLOSING_NOTE = re.compile(r"^[（(][^（）()]{1,12}[）)]$")  # （此件公开发布）, （联系人：…）
PUNCTUATION = re.compile(r"[。，；：！？]")
LABEL_AT_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、]|（\d{1,2}）)"
)
REGION = re.compile(
    r"^(?P<region>[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|省|市|地区|州|盟|县|区|旗))"
)
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
NATIONAL = ("国务院", "中共中央", "全国人民代表大会", "全国人大")
CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


@dataclass(frozen=True)
class Metadata:
    title: str
    issuer: str | None
    date: str | None
    doc_number: str | None
    level: Level | None
    region: str | None
    kind: str | None
    draft: bool
    body_start: int  # normalised offset where the plan starts (after a skipped lead)
    body_end: int  # normalised offset where the clauses end (before a closing signature block)
    skipped_lead: tuple[int, int] | None  # normalised span of a news lead that is not the plan


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    lines = []
    position = start
    for line in text[start:end].split("\n"):
        lines.append((position, line.strip()))
        position += len(line) + 1
    return lines


def _title_line(line: str) -> bool:
    core = re.sub(r"（[^（）]{0,8}稿）$", "", line)
    return (
        4 <= len(line) <= 60
        and not PUNCTUATION.search(line)
        and not LABEL_AT_START.match(line)
        and core.endswith(KINDS)
    )


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


def _small_number(numeral: str) -> int:
    if "十" not in numeral:
        return CN_DIGIT.get(numeral, 0)
    tens, _, units = numeral.partition("十")
    return (CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (CN_DIGIT.get(units, 0) if units else 0)


def kind_of(title: str) -> str | None:
    core = re.sub(r"（[^（）]{0,8}稿）$", "", title)
    return next((kind for kind in KINDS if core.endswith(kind)), None)


def region_and_level(name: str | None, text: str = "") -> tuple[str | None, Level | None]:
    """Region and government level from an issuer (``大连市人民政府``) or a place name."""
    if not name:
        return None, None
    if name.startswith(NATIONAL):
        return "中国", "national"
    match = REGION.match(name)
    if match is None or match["region"].startswith(("国家", "中华")):
        if re.search(r"(?:部|委|总局|局|署|银行|委员会)$", name):
            return "中国", "ministry"
        # a bare place name ("烟台"): take the form with a suffix the text uses most
        forms = {suffix: text.count(name + suffix) for suffix in ("省", "市", "区", "县", "自治区")}
        suffix, count = max(forms.items(), key=lambda item: item[1])
        if not count:
            return name, None
        name, match = name + suffix, REGION.match(name + suffix)
        if match is None:
            return name, None
    region = match["region"]
    if region in MUNICIPALITIES or region.endswith(("省", "自治区", "特别行政区")):
        return region, "province"
    if region.endswith(("市", "自治州", "州", "盟", "地区")):
        return region, "city"
    return region, "district"


def extract_metadata(normalized: str, start: int, end: int) -> Metadata:
    """Metadata of the document in ``normalized[start:end]``."""
    lines = [(offset, line) for offset, line in _lines(normalized, start, end) if line]
    head = lines[:40]
    notice = next(((o, m) for o, line in head if (m := NOTICE.match(line))), None)
    title_lines = [(o, line) for o, line in head if _title_line(line) and not NOTICE.match(line)]

    body_start, skipped = start, None
    if head and NEWS_LEAD.match(head[0][1]):
        official = [o for o, line in head[1:] if NOTICE.match(line) or _title_line(line)]
        if official:
            body_start, skipped = official[0], (head[0][0], official[0])
            title_lines = [(o, line) for o, line in title_lines if o >= body_start]

    title = ""
    if title_lines:
        title = title_lines[0][1]
    elif notice:
        title = notice[1]["title"].strip("《》")
    elif head and len(head[0][1]) <= 60 and not PUNCTUATION.search(head[0][1]):
        title = head[0][1]

    issuer = notice[1]["issuer"] if notice else None
    date = None
    body_end = end
    for index, (offset, line) in enumerate(lines):
        if ISSUER_LINE.match(line) and index + 1 < len(lines) and len(lines[index + 1][1]) <= 16:
            signed = parse_date(lines[index + 1][1])
            if signed:
                issuer, date = issuer or line, signed
                # a signature closing the document is no part of its last clause
                if all(CLOSING_NOTE.match(rest) for _, rest in lines[index + 2 :]):
                    body_end = offset
                break
    if date is None:
        date = next((d for _, line in lines if len(line) <= 16 and (d := parse_date(line))), None)
    if issuer is None and title:
        match = ISSUER_TITLE.match(title)
        issuer = match["issuer"] if match else None

    doc_number = next((line for _, line in head if DOC_NUMBER_LINE.match(line)), None)
    if doc_number:
        doc_number = re.sub(r"[\[［（【](\d{4})[\]］）】]", r"〔\1〕", doc_number)

    place = issuer
    if place is None and title:
        paren = re.search(r"（([\u4e00-\u9fff]{2,8})）", title)
        place = paren.group(1) if paren else (REGION.match(title) or [None])[0]
    region, level = region_and_level(place, normalized[start:end])
    draft = "征求意见稿" in title or "征求意见稿" in normalized[start : min(end, start + 300)]
    return Metadata(
        title=title,
        issuer=issuer,
        date=date,
        doc_number=doc_number,
        level=level,
        region=region,
        kind=kind_of(title) if title else None,
        draft=draft,
        body_start=body_start,
        body_end=max(body_end, body_start),
        skipped_lead=skipped,
    )
