"""Property tests: arbitrary text never makes the loaders raise, and every span is in range."""

from __future__ import annotations

import hashlib
import itertools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from policykg.loaders.normalize import normalize
from policykg.loaders.pipeline import parse_source
from policykg.loaders.types import ErrorRecord, SourceText

# Characters that drive the grammar (labels, footers, citations, wraps) mixed with anything.
GRAMMAR = list(
    "一二三四五十、（）()1234567890.．。；：，\n \u3000第页《》〔〕[]号年月日专栏①②省市区人民政府关于印发方案通知"
)
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(GRAMMAR), max_size=400),
    st.lists(
        st.sampled_from(
            [
                "一、总体要求\n",
                "（一）指导思想。",
                "1.发展风电。",
                "（1）",
                "①",
                "第3页",
                "《碳达峰实施方案》",
                "（国发〔2021〕23号）",
                "根据",
                "专栏1",
                "\n\n",
                "到 2025 年",
                "[bookmark: _Toc1]",
                "VIP专享",
                "XX市人民政府\n2024年7月6日\n",
                "炉具网讯：近日。\n",
                "a",
                " ",
            ]
        ),
        max_size=60,
    ).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
@example("\x1c\nb")  # a line of characters str.strip() removes
def test_normalize_origin_is_monotone_and_in_range(original: str) -> None:
    text = normalize(original)
    origin = list(text.origin)
    assert len(origin) == len(text.text) + 1
    assert all(0 <= o <= len(original) for o in origin)
    assert all(a <= b for a, b in itertools.pairwise(origin))
    for i in range(len(text.text)):
        assert origin[i] < len(original)
    start, end = text.to_original(0, len(text.text))
    assert 0 <= start <= end <= len(original)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
@example("\x1c\n一、\u2028\n（一）")
def test_parse_never_raises_and_spans_lie_in_the_text(original: str) -> None:
    source = SourceText(
        source="x.txt",
        path="x.txt",
        text=original,
        encoding="utf-8",
        sha256=hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest(),
    )
    for item in parse_source(source):
        if isinstance(item, ErrorRecord):
            continue
        document = item.document
        assert 0 <= document.start <= document.end <= len(original)
        for record in [*item.clauses, *item.citations]:
            assert document.start <= record.start <= record.end <= document.end
        for clause in item.clauses:
            own_start, own_end = item.own_spans[clause.id]
            assert 0 <= own_start <= own_end <= len(item.text.text)
        assert len({clause.id for clause in item.clauses}) == len(item.clauses)
