"""Normalised keys that decide when two written forms are the same node.

* :func:`indicator_key`: the metric a target measures. ``非化石能源消费比重`` and
  ``非化石能源占能源消费总量的比重`` are one indicator, so the key folds punctuation,
  width and the few interchangeable words of Chinese statistical language.
* :func:`title_key`: a plan title as cited (``《2030年前碳达峰行动方案》``) and as printed
  on the plan itself (``国务院关于印发2030年前碳达峰行动方案的通知``) meet on one key.
"""

from __future__ import annotations

import re
import unicodedata

# Everything that is not a letter or digit of any script: punctuation, spaces, brackets.
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

# Interchangeable words of statistical language, applied in order (later rules see earlier output).
# "share of X in energy consumption" has many written forms; they all become X消费占比.
_INDICATOR_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # the scope word of the plan's own region: 全省森林覆盖率 is the 森林覆盖率 of that province
    (re.compile(r"^(?:全省|全市|全区|全县|全州|全盟|全旗|全域|全国|我省|我市|我区|我县)"), ""),
    (re.compile(r"二氧化碳"), "碳"),
    (re.compile(r"(?:单位)?(?:国内|地区)生产总值|单位GDP|万元GDP"), "单位GDP"),
    (re.compile(r"单位GDP单位GDP"), "单位GDP"),
    (re.compile(r"(比重|比例|占有率|所占比重)$"), "占比"),
    (re.compile(r"^(.+?)(?:消费)?占(?:全社会|一次)?能源(?:消费)?(?:总量)?(?:中)?的?占比$"), r"\1消费占比"),
    (re.compile(r"^(.+?)在(?:全社会|一次)?能源(?:消费)?(?:总量)?中的?占比$"), r"\1消费占比"),
)


def _fold(text: str) -> str:
    """NFKC (full-width → ASCII), lower case, drop punctuation and spaces."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).lower()


def indicator_key(metric: str) -> str:
    """The normalised key of a metric: the identity of its Indicator node."""
    key = _fold(metric)
    for pattern, replacement in _INDICATOR_REWRITES:
        key = pattern.sub(replacement, key)
    return key.upper() if key.isascii() else key.replace("gdp", "GDP")


def indicator_id(metric: str) -> str:
    return "indicator:" + indicator_key(metric)


_NOTICE = re.compile(r"^.*?印发(.+?)的?通知$")
_ISSUER_BEFORE_GUANYU = re.compile(r"^.{0,40}?关于(?!印发)")
_DOC_NUMBER_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "［": "〔",
        "【": "〔",
        "(": "〔",
        "（": "〔",
        "〈": "〔",
        "]": "〕",
        "］": "〕",
        "】": "〕",
        ")": "〕",
        "）": "〕",
        "〉": "〕",
    }
)
# Title comparison only (never offsets): widths unified, quotes/enumeration commas dropped, and the
# compilers' abbreviation 双碳 expanded (TOC titles abbreviate, official titles do not).
_TITLE_TABLE = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "—": "-",
        "–": "-",
        "“": "",
        "”": "",
        '"': "",
        "、": "",
        "\u3000": "",
        "《": "",
        "》": "",
        "〈": "",
        "〉": "",
    }
)


def normalise_doc_number(number: str | None) -> str | None:
    """国发〔2021〕23 号 / 国发[2021]23号 → 国发〔2021〕23号."""
    if not number:
        return None
    return re.sub(r"\s+", "", number).translate(_DOC_NUMBER_BRACKETS) or None


def normalise_title(title: str | None) -> str:
    """The comparison key of a title: notice wrapper, issuer prefix, brackets and spaces removed."""
    if not title:
        return ""
    key = re.sub(r"\s+", "", title).replace("双碳", "碳达峰碳中和").translate(_TITLE_TABLE)
    notice = _NOTICE.match(key)
    if notice:
        key = notice.group(1)
    key = _ISSUER_BEFORE_GUANYU.sub("", key)
    return key.strip("《》<>:：")


def title_key(title: str | None) -> str:
    """The normalised key of a plan title, with the 关于印发…的通知 wrapper removed."""
    return normalise_title(title) if title else ""


def doc_number_key(number: str | None) -> str | None:
    """文号 with brackets and spaces unified: 国发[2021]23 号 → 国发〔2021〕23号."""
    return (normalise_doc_number(number) or None) if number else None


def external_plan_id(title: str | None, doc_number: str | None) -> str:
    """The id of a cited plan that is not in the corpus: ``ext:<文号>`` or ``ext:<title key>``."""
    number = doc_number_key(doc_number)
    return f"ext:{number}" if number else f"ext:{title_key(title)}"
