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
    (re.compile(r"二氧化碳"), "碳"),
    (re.compile(r"(?:单位)?(?:国内|地区)生产总值|单位GDP|万元GDP"), "单位GDP"),
    (re.compile(r"单位GDP单位GDP"), "单位GDP"),
    (re.compile(r"(比重|比例|占有率|所占比重)$"), "占比"),
    (re.compile(r"^(.+?)(?:消费)?占(?:全社会|一次)?能源(?:消费)?(?:总量)?(?:中)?的?占比$"), r"\1消费占比"),
    (re.compile(r"^(.+?)在(?:全社会|一次)?能源(?:消费)?(?:总量)?中的?占比$"), r"\1消费占比"),
)

# The notice wrapper around a printed title: 关于印发…的通知 / 关于…的实施意见 keeps the inner title.
_NOTICE = re.compile(r"^.*?关于(?:印发|转发|发布)(.+?)的通知$")


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


def _own_title_key(title: str) -> str:
    text = re.sub(r"[《》〈〉<>]", "", unicodedata.normalize("NFKC", title).strip())
    match = _NOTICE.match(_NOT_WORD.sub("", text))
    return _fold(match.group(1) if match else text)


def _own_doc_number_key(number: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", number))


# DERIVES_FROM resolves citations with the same keys (graph/derive.py owns them), so a cited
# plan gets the same node whichever stage names it first.
try:
    from policykg.graph.derive import normalise_doc_number as _derive_doc_number
    from policykg.graph.derive import normalise_title as _derive_title
except ImportError:  # pragma: no cover - derive.py is optional for writing
    _derive_title = _derive_doc_number = None


def title_key(title: str | None) -> str:
    """The normalised key of a plan title, with the 关于印发…的通知 wrapper removed."""
    if not title:
        return ""
    return _derive_title(title) if _derive_title else _own_title_key(title)


def doc_number_key(number: str | None) -> str | None:
    """文号 with brackets and spaces unified: 国发[2021]23 号 → 国发〔2021〕23号."""
    if not number:
        return None
    return (_derive_doc_number(number) if _derive_doc_number else _own_doc_number_key(number)) or None


def external_plan_id(title: str | None, doc_number: str | None) -> str:
    """The id of a cited plan that is not in the corpus: ``ext:<文号>`` or ``ext:<title key>``."""
    number = doc_number_key(doc_number)
    return f"ext:{number}" if number else f"ext:{title_key(title)}"
