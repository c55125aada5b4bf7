"""Numbers as Chinese policy text writes them: Arabic, Chinese numerals, fractions, years.

Pure functions, no spaCy: the target recogniser builds on them and they are tested on
their own.
"""

from __future__ import annotations

import re

CHINESE_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
ARABIC_NUMBER = r"\d+(?:\.\d+)?"
# A Chinese numeral must hold a digit or 十: a bare 万/亿/千/百 is a magnitude, not a number.
CHINESE_NUMBER = r"[零〇一二两三四五六七八九十百千]*[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*"

# A share or a multiple written without a unit: 1/3, 三分之一, 一半, 翻一番 (doubling), 翻两番.
SHARE = r"\d+/\d+|[一二三四五六七八九十]{1,3}分之[一二三四五六七八九十]{1,3}|一半|翻[一两二三四]?番|翻倍"

# Five-year plans: the Nth plan ends in 1955 + 5N (十四五 = 14th = 2021-2025).
FIVE_YEAR_PLAN = re.compile(r"[“\"‘']?十([一二三四五六七八九])五[”\"’']?")


def chinese_to_int(text: str) -> int:
    """``两千三百`` → 2300, ``十五`` → 15, ``一万二千`` → 12000, ``三五`` → 35 (digit by digit).

    Raises ValueError on characters that are not Chinese numerals.
    """
    if not text:
        raise ValueError("empty numeral")
    if any(ch not in CHINESE_DIGITS and ch not in SMALL_UNITS and ch not in LARGE_UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in SMALL_UNITS or ch in LARGE_UNITS for ch in text):
        # Digit-by-digit writing, e.g. 二〇二五.
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))
    total = 0  # completed 万/亿 groups
    section = 0  # value below the current large unit
    digit = 0
    for ch in text:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
        elif ch in SMALL_UNITS:
            # A leading 十 means 一十.
            section += (digit or 1) * SMALL_UNITS[ch]
            digit = 0
        else:
            large = LARGE_UNITS[ch]
            section += digit
            total = (total + section) * large if large > 10_000 else total + section * large
            section = 0
            digit = 0
    return total + section + digit


def parse_number(text: str) -> float:
    """An Arabic (``13.5``), fraction (``1/3``) or Chinese (``两``) number as a float."""
    text = text.strip()
    if "/" in text:
        numerator, denominator = text.split("/", 1)
        return float(numerator) / float(denominator)
    if re.fullmatch(ARABIC_NUMBER, text):
        return float(text)
    return float(chinese_to_int(text))


def five_year_plan_end(text: str) -> int | None:
    """``“十四五”`` → 2025, ``十五五`` → 2030; None when ``text`` holds no plan name."""
    match = FIVE_YEAR_PLAN.search(text)
    if not match:
        return None
    return 1955 + 5 * (10 + CHINESE_DIGITS[match.group(1)])


def parse_share(text: str) -> tuple[float, str] | None:
    """A share as (value, unit): fractions and 一半 become percentages, so ``下降1/3`` compares
    with ``下降33%`` (the value keeps the fraction's full float precision, 100/3, not 33.3);
    ``翻一番`` and ``翻倍`` are a doubling, (2, "倍"), ``翻两番`` (4, "倍"); None when it is no share (0/0, 3/2)."""
    if text == "一半":
        return 50.0, "%"
    if text == "翻倍":
        return 2.0, "倍"  # 发电量实现翻倍: a doubling, as 翻一番
    if text.startswith("翻"):
        times = text[1:-1]
        return float(2 ** (chinese_to_int(times) if times else 1)), "倍"
    if "分之" in text:
        denominator, numerator = (chinese_to_int(part) for part in text.split("分之", 1))
    else:
        numerator, denominator = (int(part) for part in text.split("/", 1))
    if not denominator or numerator >= denominator:
        return None
    return 100.0 * numerator / denominator, "%"


# The period a plan's title gives: （2021—2023年） / 2021-2025年 → the end year; 2030年前 → 2030;
# a year plan (2022年林业工作要点, 2022年措施任务清单) → that year; 十四五 → 2025.
_TITLE_SPAN = re.compile(
    r"(?:19|20)\d{2}\s*年?\s*[—–―‒\-－~～至到]\s*((?:19|20)\d{2})\s*(?:年|(?=[）)]))"
)  # （2021—2023年）, （2022―2025）
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:前|度)?")


def plan_period_end(title: str | None) -> int | None:
    """The last year of the period a plan's title names, or None when the title names none."""
    if not title:
        return None
    span = _TITLE_SPAN.search(title)
    if span:
        return int(span.group(1))
    plan = five_year_plan_end(title)
    if plan:
        return plan
    years = [int(y) for y in _TITLE_YEAR.findall(title)]
    return max(years) if years else None
