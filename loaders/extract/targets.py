"""``policykg_targets_v1`` (the contract's ``policykg.targets.v1``): quantified targets as ``doc.spans["targets"]``.

Each span covers the evidence fragment (metric … quantity) and carries its parsed
fields in ``span._.target`` (a :class:`TargetFields`); the grammar is in
:mod:`target_grammar`, the word lists in ``data/units.tsv`` and
``data/targets_lexicon.tsv``, saved and loaded with ``to_disk``/``from_disk`` like
spaCy's ``SpanRuler`` patterns.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from policykg.loaders import types
from policykg.loaders.clauses import TABLE_ATTRIBUTE
from policykg.loaders.extract.context import ClauseContext, doc_text
from policykg.loaders.extract.lexicon import DATA_DIR, TARGETS_LEXICON_FILE, UNITS_FILE, TargetLexicon
from policykg.loaders.extract.numbers import plan_period_end
from policykg.loaders.extract.target_grammar import DEFAULT_MIN_YEAR, TargetFields, TargetGrammar
from policykg.loaders.extract.target_tables import TableReader
from policykg.loaders.identity import target_id
from policykg.loaders.kinds import RecordKind
from policykg.loaders.types import Target

# spaCy forbids "." in factory names: the contract's ``policykg.targets.v1`` is spelled with
# underscores, like the other components (``policykg_regions_v1`` ...).
FACTORY = "policykg_targets_v1"
SPANS_KEY = "targets"
LABEL = "TARGET"


def _target_of(span: Span) -> TargetFields | None:
    """The fields behind a target span: the Doc keeps them in order, the span keeps its index."""
    fields: list[TargetFields] = span.doc._.target_fields or []
    try:
        return fields[int(span.id_)]
    except (ValueError, IndexError):
        return None


if not Doc.has_extension("target_fields"):
    Doc.set_extension("target_fields", default=None)
if not Span.has_extension("target"):
    # A getter, not a stored value: span extensions are keyed by character offsets, and two
    # targets (600万千瓦 / 1000万千瓦 in one sentence) may expand to the same tokens.
    Span.set_extension("target", getter=_target_of)


# Absurd values (typos, OCR debris, hostile input) are not targets. A due year outside
# [MIN_TARGET_YEAR, MAX_TARGET_YEAR] names no plan's horizon (到20255年 never reads as a year);
# a share of a whole (比重, 占比 …) stated as a level above 100% cannot be met. Both are
# dropped, with a warning on the ``policykg`` logger naming the file and the evidence.
MIN_TARGET_YEAR, MAX_TARGET_YEAR = 1990, 2100
SHARE_METRIC = re.compile(r"(?:比重|占比|比例|份额|覆盖率|普及率|利用率|达标率|渗透率|占有率)$")
log = logging.getLogger(__name__)


def _plausible(fields: TargetFields, doc: Doc) -> bool:
    ctx: ClauseContext | None = doc._.ctx
    where = ctx.document.source if ctx is not None else "<text>"
    evidence = doc_text(doc)[fields.start : fields.end]
    if fields.year is not None and not MIN_TARGET_YEAR <= fields.year <= MAX_TARGET_YEAR:
        log.warning(
            "%s: dropped target %r: year %s outside %s-%s",
            where,
            evidence,
            fields.year,
            MIN_TARGET_YEAR,
            MAX_TARGET_YEAR,
        )
        return False
    if len(TABLE_ATTRIBUTE.findall(fields.metric)) >= 2:
        # the metric ran over the rows of an indicator table the table reader could not read
        log.warning("%s: dropped target %r: its metric spans table rows", where, evidence[:60])
        return False
    if (
        fields.unit == "%"
        and fields.direction == "level"
        and SHARE_METRIC.search(fields.metric)
        and max(fields.value, fields.value_max or 0.0) > 100.0
    ):
        log.warning("%s: dropped target %r: a share (%s) above 100%%", where, evidence, fields.metric)
        return False
    return True


# Document kinds that report rather than plan.
REPORT_KINDS = ("白皮书", "报告", "公报", "年报", "综述")
# Kinds that lay down rules: their yearless numbers are thresholds and procedures.
RULE_KINDS = ("办法", "细则", "规则", "规定", "条例", "准则", "规程")
GOAL_HEADING = re.compile(r"(?:主要|发展|总体|工作|行动|具体|创建|规划)目标|主要指标|目标指标|^目标$")
REVIEW_HEADING = re.compile(
    r"发展基础|工作基础|现实基础|基础条件|发展现状|现状|回顾|成效|成就|进展|“?十三五”?(?:时期|期间)|面临形势|形势"
    r"|机遇和挑战|机遇与挑战|面临的(?:机遇|挑战)|存在的?(?:主要)?问题"
)


# A local plan quoting the nation's goals as its background (国家提出到2030年…非化石能源…25%左右;
# 全国2025年…将达到20%左右): the targets are the nation's, not this plan's.
# The nation must be the sentence's subject: at its start, after at most a year phrase or a
# short opener (据测算，/ 根据…，); 我国氢能产业…基地 or 保持全国一流 in mid-sentence is no quote.
NATIONAL_SUBJECT = re.compile(
    r"^(?:[^，,。]{0,12}[，,])?(?:到|至)?(?:(?:19|20)\d{2}年(?:前|底)?[，,]?)?"
    r"(?:全国(?!一流|领先|前列|平均|先进|同类)|我国|国家(?:提出|明确|宣布|承诺|要求)|党中央|中央提出|习近平|中国(?:承诺|宣布|提出)"
    # 随后又进一步宣布，到2030年…: an announcement with no subject of its own goes on quoting
    r"|(?:随后|其后|此后|并|又|还|同时|进一步)+(?:郑重)?(?:宣布|承诺))"
)
SENTENCE_STOPS = "。！？!?\n"  # the sentence a target stands in starts after the last of these
# 预计到2025年…最大用电负荷约4750万千瓦, 煤电装机规模将达到5400万千瓦, 800万千瓦左右电力硬缺口:
# under a review or situation heading (存在的问题, 面临形势) a forecast or projection is no goal.
FORECAST = re.compile(r"预计|预测|测算|有望|将(?:达到|超过|突破|增至|增加|减少|下降|提升|新增)|缺口")


# 我国已经明确“到2030年…25%左右，…12亿千瓦以上”: the nation's words in quotation marks.
NATIONAL_QUOTE = re.compile(
    r"(?:我国|国家|党中央|中央|全国|中国|习近平总书记)[^，。；“”]{0,8}(?:明确|提出|宣布|承诺|要求|强调)[了：:，,]?\s*“[^”]*$"
)


def _dated_by_header(text: str, row_start: int, fields: TargetFields) -> bool:
    """A quantity the sentence grammar reads inside an indicator table's row, with no year or one
    the row does not name (较2015年下降20%左右 under a header's 2025年): the table reader's to read;
    a sentence in a cell that names its own year (到2025年达到60%) stays the grammar's."""
    return fields.year is None or f"{fields.year}年" not in text[row_start : fields.value_start]


def _sentence_start(text: str, target: TargetFields) -> int:
    return max(text.rfind(stop, 0, target.value_start) for stop in SENTENCE_STOPS) + 1


def _forecasts(text: str, target: TargetFields) -> bool:
    return bool(FORECAST.search(text, _sentence_start(text, target), target.end))


def _quotes_the_nation(text: str, target: TargetFields) -> bool:
    sentence = text[_sentence_start(text, target) : target.value_start]
    return bool(NATIONAL_SUBJECT.search(sentence.lstrip()) or NATIONAL_QUOTE.search(sentence))


class TargetRecognizer:
    """Finds targets in a Doc's text and stores them as ``doc.spans[spans_key]``."""

    def __init__(
        self, nlp: Language, name: str = FACTORY, spans_key: str = SPANS_KEY, data_dir: Path | None = None
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.data_dir = Path(data_dir) if data_dir else DATA_DIR
        lexicon = TargetLexicon.from_dir(self.data_dir)
        self.grammar = TargetGrammar(lexicon)
        self.tables = TableReader(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        min_year = self._min_year(doc)
        review = self._in_review(doc)
        tabled, table_rows = self.tables.read(text, min_year)
        rows = [(t.start, t.end) for t in tabled]
        found = [
            fields
            for fields in self.grammar.find(
                text,
                min_year=min_year,
                yearless=not review and self._sets_goals(doc),
                goals=not review and self._under_goals(doc),
            )
            if _plausible(fields, doc)
            and not any(s <= fields.value_start < e for s, e in rows)
            and not any(
                _dated_by_header(text, s, fields) for s, e in table_rows if s <= fields.value_start < e
            )
        ]
        found = sorted(
            found + [t for t in tabled if _plausible(t, doc)], key=lambda t: (t.value_start, t.start)
        )
        if self._local(doc):
            found = [t for t in found if not _quotes_the_nation(text, t)]
        if review:
            found = [t for t in found if not _forecasts(text, t)]
        doc._.target_fields = found
        spans: list[Span] = []
        for index, fields in enumerate(found):
            tokens = doc.char_span(fields.start, fields.end, alignment_mode="expand")
            if tokens is None:
                continue
            spans.append(Span(doc, tokens.start, tokens.end, label=LABEL, span_id=str(index)))
        doc.spans[self.spans_key] = spans
        return doc

    @staticmethod
    def _local(doc: Doc) -> bool:
        ctx: ClauseContext | None = doc._.ctx
        return ctx is not None and ctx.document.level in ("province", "city", "district")

    @staticmethod
    def _headings(doc: Doc) -> tuple[str | None, ...]:
        ctx: ClauseContext | None = doc._.ctx
        return (*ctx.ancestor_headings, ctx.clause.heading) if ctx is not None else ()

    @staticmethod
    def _under_goals(doc: Doc) -> bool:
        """The clause stands under a plan's goals heading (主要目标, 发展目标, “十四五”主要指标)."""
        return any(GOAL_HEADING.search(heading or "") for heading in TargetRecognizer._headings(doc))

    @staticmethod
    def _in_review(doc: Doc) -> bool:
        """The clause stands under a review of the past or of the situation (发展基础, 存在的问题):
        it reports results, so it sets no goals with no year and its forecasts are none."""
        return any(REVIEW_HEADING.search(heading or "") for heading in TargetRecognizer._headings(doc))

    @staticmethod
    def _sets_goals(doc: Doc) -> bool:
        """Plans set goals with or without a year; reports (白皮书, 报告, 公报) narrate results, so
        only their quantities with a future year count (a review section is the caller's)."""
        ctx: ClauseContext | None = doc._.ctx
        title = ctx.document.title if ctx is not None else ""
        kind = (ctx.document.kind if ctx is not None else None) or ""
        if any(word in kind or title.endswith(word) for word in REPORT_KINDS):
            return False
        if "申报" in title or kind.endswith("指南"):
            return False  # a call for projects or a guide: its numbers are requirements, not goals
        # 管理办法, 实施细则, 条例: thresholds and rules (年排放量达到2.6万吨的), not goals
        return not any(kind.endswith(word) or title.endswith(word) for word in RULE_KINDS)

    @staticmethod
    def _min_year(doc: Doc) -> int:
        """Targets fall due from the plan's own year on (its date when known; a misread date
        can never push the floor past 2025, the first milestone of the carbon-peaking plans)."""
        ctx: ClauseContext | None = doc._.ctx
        date = ctx.document.date if ctx is not None else None
        if date and date[:4].isdigit():
            return min(int(date[:4]), 2025)
        return DEFAULT_MIN_YEAR

    def due_years(self, text: str) -> list[int]:
        """Target years named in ``text`` (``到2025年``, ``“十四五”期间``), for obligations."""
        return self.grammar.due_years(text)

    # ------------------------------------------------------------ serialisation
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        directory = ensure_path(path)
        directory.mkdir(parents=True, exist_ok=True)
        for file_name in (UNITS_FILE, TARGETS_LEXICON_FILE):
            shutil.copyfile(self.data_dir / file_name, directory / file_name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TargetRecognizer:
        self.data_dir = ensure_path(path)
        lexicon = TargetLexicon.from_dir(self.data_dir)
        self.grammar = TargetGrammar(lexicon)
        self.tables = TableReader(lexicon)
        return self


@Language.factory(FACTORY, default_config={"spans_key": SPANS_KEY})
def make_target_recognizer(nlp: Language, name: str, spans_key: str) -> TargetRecognizer:
    return TargetRecognizer(nlp, name, spans_key=spans_key)


def targets_of(doc: Doc, spans_key: str = SPANS_KEY) -> list[TargetFields]:
    """The parsed targets of a processed Doc, in text order."""
    return [t for t in (span._.target for span in doc.spans.get(spans_key, [])) if t is not None]


def records_for(doc: Doc, spans_key: str = SPANS_KEY) -> list[Target]:
    """``Target`` records of a Doc made by the Extractor (``doc._.ctx`` is set)."""
    ctx: ClauseContext | None = doc._.ctx
    if ctx is None:
        return []
    records: list[Target] = []
    implied = plan_period_end(ctx.document.title)
    for index, fields in enumerate(targets_of(doc, spans_key)):
        start, end = ctx.to_original(fields.start, fields.end)
        records.append(
            Target(
                id=target_id(ctx.clause.id, index),
                document=ctx.document.id,
                clause=ctx.clause.id,
                metric=fields.metric,
                value=fields.value,
                value_max=fields.value_max,
                unit=fields.unit,
                unit_normalised=fields.unit_normalised,
                multiplier=fields.multiplier,
                year=fields.year,
                implied_year=implied if fields.year is None else None,
                period=fields.period,
                comparator=types.comparator(fields.comparator),
                direction=types.direction(fields.direction),
                base_year=fields.base_year,
                text=ctx.text.text[ctx.norm_start + fields.start : ctx.norm_start + fields.end],
                start=start,
                end=end,
                source=ctx.document.source,
                page=ctx.page(start),
            )
        )
    return records


def fields_as_dict(fields: TargetFields) -> dict[str, Any]:
    """Plain dict of a target's fields (for tests and benchmarks)."""
    return dict(fields.__dict__)


# The registry entry (loaders/kinds.py): what this component makes and where it goes.
KIND = RecordKind(Target, FACTORY, records_for, order=40, spans_key=SPANS_KEY)
