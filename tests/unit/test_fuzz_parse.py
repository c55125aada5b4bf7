"""Fuzz: random mixtures of real clause fragments (markers 一、（一）1.（1）①, 责任单位 notes, targets
such as 到2025年…达到20%左右, citations, brackets, numbers, full-width characters) and control
characters (NUL, ESC, RLO, BOM, form feed…) through what ``policykg parse`` runs: the parser
(:func:`parse_source`) and the extractor. For every input:

- no exception escapes;
- every record's span lies inside its source (and its document's span) and is its evidence:
  ``source_text[start:end]`` normalises to the clause's text, holds the agency as written, the
  target's number;
- every record validates: each field has its declared type (``Literal`` value sets included), it
  serialises to JSON as ``policykg parse`` writes it, and the rows the writer would store fit
  graph/schema.py (required properties present, closed value sets, value types).

The number of examples is :data:`EXAMPLES` (``--hypothesis-show-statistics`` prints the run).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import types
import typing
from typing import Any

import pytest
import rdflib.namespace
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from policykg.graph import rows as graph_rows
from policykg.graph.schema import NODES, RELS, Property
from policykg.loaders.extract.markers import FOOTER
from policykg.loaders.normalize import normalize
from policykg.loaders.pipeline import parse_source
from policykg.loaders.types import (
    Agency,
    Clause,
    Document,
    ErrorRecord,
    Record,
    Responsibility,
    SourceText,
    Target,
)

EXAMPLES = int(os.environ.get("POLICYKG_FUZZ_EXAMPLES", "1000"))

FRAGMENTS = [
    # headings and markers
    "青岛市碳达峰实施方案\n",
    "关于印发《大连市碳达峰实施方案》的通知\n",
    "一、总体要求\n",
    "二、主要目标\n",
    "（一）指导思想。",
    "（二）实施新能源倍增行动。",
    "1.发展风电。",
    "2.推进光伏发电多场景应用。",
    "（1）",
    "（2）加快氢能产业发展。",
    "①",
    "专栏1 重点工程\n",
    "第3页\n",
    "— 2 —\n",
    # notes of responsibility
    "（责任单位：市发展改革委、市海洋发展局）",
    "（牵头单位：市工业和信息化局，配合单位：各区市政府）",
    "（市生态环境局、市住房城乡建设局按职责分工负责）",
    "〔责任单位：省能源局〕",
    # targets
    "到2025年，非化石能源消费比重达到20%左右。",
    "到 2030 年，可再生能源装机容量达到 1000 万千瓦以上，",
    "单位地区生产总值能耗比2020年下降13.5%。",
    "每年新增光伏装机50万千瓦",
    "力争到２０２５年城镇新建建筑全面执行绿色建筑标准，占比达到１００％。",
    "煤炭消费总量控制在3000万吨标准煤以内。",
    "十四五期间",
    "2022至2025年分别达到30%、35%、40%、45%",
    # citations and dates
    "根据《2030年前碳达峰行动方案》（国发〔2021〕23号）",
    "（辽政发〔2022〕21号）",
    "青岛市人民政府\n2022年7月6日\n",
    # brackets, numbers, punctuation, full width
    "（",
    "）",
    "《",
    "》",
    "〔",
    "〕",
    "[",
    "]",
    "【",
    "】",
    "(",
    ")",
    "0",
    "1",
    "20",
    "3.5",
    "１２３",
    "％",
    "万千瓦",
    "亿元",
    "。",
    "；",
    "，",
    "、",
    "：",
    "\n",
    "\n\n",
    " ",
    "\u3000",
    "ＡＢＣ",
    "a",
    "省",
    "市",
    "区",
    "人民政府",
    "负责",
    # control and format characters
    "\x00",
    "\x1b",
    "\x1b[31m",
    "\x07",
    "\x08",
    "\x0c",
    "\x1c",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\r\n",
    "\r",
    "\t",
    "\x7f",
    "\x85",
]

#: Mostly the fragments, now and then any few characters (hypothesis' own mix of odd code points).
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), min_size=1, max_size=120).map(
    "".join
)


def _source(original: str) -> SourceText:
    return SourceText(
        source="fuzz.txt",
        path="fuzz.txt",
        text=original,
        encoding="utf-8",
        sha256=hashlib.sha256(original.encode("utf-8")).hexdigest(),
    )


@pytest.fixture(scope="module")
def extractor() -> Any:
    from policykg.loaders.extract.pipeline import Extractor

    return Extractor()


# ------------------------------------------------------------------ the record types


def _fits(value: Any, hint: Any) -> bool:
    """``value`` is of the annotated type ``hint`` (str, int, float, bool, None, tuples, unions,
    Literal sets)."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_fits(item, args[0]) for item in value)
        return len(args) == len(value) and all(_fits(v, a) for v, a in zip(value, args, strict=True))
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _check_types(record: Record) -> None:
    hints = typing.get_type_hints(type(record))
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        assert _fits(value, hints[field.name]), (type(record).__name__, field.name, value, hints[field.name])


def _check_rows(document: Document, records: list[Any]) -> None:
    """The rows the writer would store fit graph/schema.py: declared labels, types and end labels,
    required properties present, closed value sets kept, value types as declared."""
    built = graph_rows.build(document, records)
    for label, rows in built.nodes.items():
        for row in rows:
            for prop in NODES[label].properties:
                _check_value(label, prop, row.get(prop.name))
    for (rel_type, start, end), rels in built.rels.items():
        rel = RELS[rel_type]
        assert (start, end) in rel.pairs, (rel_type, start, end)
        for row in rels:
            assert row["start"] and row["end"], (rel_type, row)
            for prop in rel.properties:
                _check_value(rel_type, prop, row["props"].get(prop.name))


_XSD = str(rdflib.namespace.XSD)  # a string: pytest looks at module names, and XSD answers any
_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    _XSD + "double": (int, float),
    _XSD + "integer": int,
    _XSD + "nonNegativeInteger": int,
    _XSD + "gYear": int,
    _XSD + "boolean": bool,
}


def _check_value(owner: str, prop: Property, value: Any) -> None:
    if value is None:
        assert not prop.required, (owner, prop.name, "required")
        return
    if prop.values:
        for item in value if prop.many else [value]:
            assert item in prop.values, (owner, prop.name, item)
    items = value if prop.many else [value]
    if prop.many:
        assert isinstance(value, list), (owner, prop.name, value)
    expected = str if prop.lang else _PYTHON_TYPES.get(str(prop.datatype), str)
    for item in items:
        assert isinstance(item, expected) and not (expected is int and isinstance(item, bool)), (
            owner,
            prop.name,
            item,
        )
        if str(prop.datatype) == _XSD + "nonNegativeInteger":
            assert item >= 0, (owner, prop.name, item)


# ------------------------------------------------------------------ the property


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(TEXTS)
@example(
    "一、总体要求\n（一）到2025年，非化石能源消费比重达到20%左右。（责任单位：市发展改革委、市海洋发展局）\n"
)
@example("\ufeff一、\x00（一）\x1b[31m1.\u202e（1）到２０２５年达到２０％\x0c第3页\n")
@example("〔（责任单位：市发展改革委、市海洋发展局）第3页\n青岛市碳达峰实施方案\n")  # a footer in a marker
def test_parse_and_extract_never_raise_and_every_record_is_evidence(extractor: Any, original: str) -> None:
    for item in parse_source(_source(original)):
        if isinstance(item, ErrorRecord):
            _check_types(item)
            continue
        document = item.document
        assert 0 <= document.start <= document.end <= len(original)
        records = [*item.clauses, *item.citations, *extractor.run(item)]
        for kind in sorted({r.type for r in records}):
            event(f"has {kind}")
        for record in [document, *records]:
            _check_types(record)
            json.dumps(record.to_dict(), ensure_ascii=False)  # as `policykg parse` writes it
            start, end = record.start, record.end
            assert document.start <= start <= end <= document.end, (record, document.start, document.end)
            quote = original[start:end]
            if isinstance(record, Clause):
                assert quote.strip() or not record.text.strip(), record
                # the span maps back onto exactly the clause's normalised text (normalising the
                # quote alone may differ: a line join depends on the lines around it)
                text = item.text
                assert text.text[text.to_normalized(start) : text.to_normalized(end)] == record.text, (
                    quote,
                    record.text,
                )
            elif isinstance(record, Responsibility):
                # a page footer inside a marker broken by a page (…局）第3页⏎…) is no part of a name
                unpaged = FOOTER.sub("", quote)
                assert _squeeze(record.agency_text) in _squeeze(unpaged) or _squeeze(unpaged) in _squeeze(
                    record.agency_text
                ), (quote, record.agency_text)
            elif isinstance(record, Agency):
                assert quote, record
            elif isinstance(record, Target):
                assert any(ch.isdigit() for ch in normalize(quote).text) or "百" in quote, (quote, record)
        _check_rows(document, records)


def _squeeze(text: str) -> str:
    return "".join(normalize(text).text.split())
