"""THE identity of the graph's nodes: the keys two written forms meet on, every id, one resolver.

Keys (when two written forms are one node):

* :func:`indicator_key`: ``非化石能源消费比重`` and ``非化石能源占能源消费总量的比重`` are one
  indicator: punctuation, width and the few interchangeable words of statistical language fold.
* :func:`title_key`: a plan title as cited (``《2030年前碳达峰行动方案》``) and as printed on the
  plan (``国务院关于印发2030年前碳达峰行动方案的通知``) meet on one key: the notice wrapper and the
  issuer before 关于 are dropped. :func:`full_title_key` keeps the issuer: fifteen provinces
  issued a 中共X省委X省人民政府关于…的实施意见, one title key, fifteen plans.
* :func:`doc_number_key`: 文号 with brackets and spaces unified.

Ids, minted here and nowhere else: documents and their parts (:func:`document_id`,
:func:`part_id`), clauses, targets, obligations, and the shared nodes (``region:``, ``agency:``,
``indicator:``, ``ext:``).

Citations: :class:`CitationResolver` is THE rule by which a citation names a plan, for CITES
(the writer, against the stored plans and those of the batch) and for DERIVES_FROM (derive,
against the run's plans) alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from policykg.loaders.types import Document

# ---------------------------------------------------------------- keys

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


def doc_number_key(number: str | None) -> str | None:
    """文号 with brackets and spaces unified: 国发[2021]23 号 → 国发〔2021〕23号."""
    if not number:
        return None
    return re.sub(r"\s+", "", number).translate(_DOC_NUMBER_BRACKETS) or None


def _title(title: str | None, keep_issuer: bool) -> str:
    if not title:
        return ""
    key = re.sub(r"\s+", "", title).replace("双碳", "碳达峰碳中和").translate(_TITLE_TABLE)
    notice = _NOTICE.match(key)
    if notice:
        key = notice.group(1)
    if not keep_issuer:
        key = _ISSUER_BEFORE_GUANYU.sub("", key)
    return key.strip("《》<>:：")


def title_key(title: str | None) -> str:
    """The comparison key of a title: notice wrapper, issuer prefix, brackets and spaces removed."""
    return _title(title, keep_issuer=False)


def full_title_key(title: str | None) -> str:
    """:func:`title_key` with the issuer kept (中共江西省委江西省人民政府关于…): what tells apart
    the plans one title key names."""
    return _title(title, keep_issuer=True)


# ---------------------------------------------------------------- ids


def document_id(stem: str) -> str:
    """A file holding one plan: the plan is named after the file (``004_ce321d0be690c707``)."""
    return stem


def part_id(stem: str, index: int) -> str:
    """The ``index``-th plan (from 1) of a file holding several: a compilation, a notice issuing
    several plans (``003_a895838ed2e4cd84/002``)."""
    return f"{stem}/{index:03d}"


def clause_id(document: str, path: str, occurrence: int = 1) -> str:
    """A clause by its printed path (``…/二（一）1``); a path printed again gets ``~2``, ``~3`` …"""
    return f"{document}/{path}" + (f"~{occurrence}" if occurrence > 1 else "")


def target_id(clause: str, index: int) -> str:
    return f"{clause}/target/{index}"


def obligation_id(clause: str) -> str:
    return f"{clause}/obligation"


def region_id(code: str) -> str:
    """A region by its GB/T 2260 code: ``region:370200``."""
    return f"region:{code}"


def agency_id(canonical_name: str) -> str:
    """An agency by its canonical, region-scoped name: ``agency:青岛市发展和改革委员会``."""
    return f"agency:{canonical_name}"


def indicator_id(metric: str) -> str:
    return "indicator:" + indicator_key(metric)


def external_plan_id(title: str | None, doc_number: str | None) -> str:
    """A cited plan that is not in the corpus: ``ext:<文号>``, else ``ext:<title key>``."""
    number = doc_number_key(doc_number)
    return f"ext:{number}" if number else f"ext:{title_key(title)}"


# ---------------------------------------------------------------- citations


@dataclass(frozen=True)
class PlanKeys:
    """What a citation can name: a plan's id, its keys, and whether it is an external stand-in."""

    id: str
    title_key: str
    full_title_key: str
    doc_number: str | None  # the 文号 key
    external: bool = False

    @classmethod
    def of(cls, document: Document) -> PlanKeys:
        return cls(
            document.id,
            title_key(document.title),
            full_title_key(document.title),
            doc_number_key(document.doc_number),
        )


class CitationResolver:
    """Which plan a citation (its title and 文号, as written) names, among ``plans``.

    1. By 文号: the corpus plan with it (the smallest id when several share it).
    2. By title key: the one corpus plan with it, unless its 文号 differs from the citation's;
       when several plans share the key, the one whose full title (issuer kept) is the cited one.
       A key several plans share and the full title does not decide names none of them.
    3. Else the external stand-in with that 文号, else with that title key.

    The citing plan itself is a candidate: a plan quoting its own title (现将《…》印发给你们)
    resolves to itself, which the callers skip. No containment of one title in another: 青海's
    basis 《中共青海省委青海省政府贯彻落实〈关于…的意见〉的实施意见》(青发〔2022〕5号) contains the
    national 意见's title and is not that plan.
    """

    def __init__(self, plans: Iterable[PlanKeys]) -> None:
        self._by_number: dict[str, list[PlanKeys]] = {}
        self._by_title: dict[str, list[PlanKeys]] = {}
        for plan in plans:
            if plan.doc_number:
                self._by_number.setdefault(plan.doc_number, []).append(plan)
            if plan.title_key:
                self._by_title.setdefault(plan.title_key, []).append(plan)

    def resolve(self, title: str | None, doc_number: str | None) -> PlanKeys | None:
        """The plan the citation names, or None when no plan (or no one plan) is it."""
        number = doc_number_key(doc_number)
        numbered = sorted(self._by_number.get(number, []) if number else [], key=_corpus_first)
        if numbered and not numbered[0].external:
            return numbered[0]
        titled = sorted(
            (
                p
                for p in self._by_title.get(title_key(title), [])
                if not (number and p.doc_number and p.doc_number != number)
            ),
            key=_corpus_first,
        )
        corpus = [p for p in titled if not p.external]
        if len(corpus) == 1:
            return corpus[0]
        if corpus:
            full = full_title_key(title)
            same = [p for p in corpus if p.full_title_key == full]
            return same[0] if len(same) == 1 else None
        stand_ins = numbered or titled
        return stand_ins[0] if stand_ins else None


def _corpus_first(plan: PlanKeys) -> tuple[bool, str]:
    return plan.external, plan.id
