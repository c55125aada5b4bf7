"""Hostile input: every nasty file gives a clear error or warning naming the file and the reason,
the rest of the batch is parsed, and no exception escapes; property tests over parser + extractors.

The small files live in ``tests/data/bad/``; the big ones (a 50 MB text, a 200,000-character
clause) are generated here. Absurd values are decided as follows (``loaders/extract/targets.py``):
a due year outside 1990-2100 is not a target (到20255年 never reads as a year), and a share of a
whole (比重, 占比, 比例 …) stated as a level above 100% is dropped with a warning on the logger.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policykg.errors import InputError, OnError
from policykg.loaders.extract.pipeline import Extractor
from policykg.loaders.pipeline import parse, parse_source
from policykg.loaders.read import MAX_BYTES, read_source
from policykg.loaders.types import ErrorRecord, ParsedDocument, Record, SourceText

BAD = Path(__file__).parent.parent / "data" / "bad"
BRACKETS = set("（(〔[【）)〕]】")

#: file → (severity, words the reason must contain); files not listed here parse into a document.
EXPECTED_PROBLEMS = {
    "empty.txt": ("error", "empty file"),
    "binary.txt": ("error", "binary file"),
    # cut inside its last character: read without the broken tail, with a warning naming the byte
    "truncated_utf8.txt": ("warning", "truncated UTF-8: the file ends inside a character at byte 433 of 435"),
    # gbk_no_declaration.txt sorts after its byte-identical twin duplicate_of_gbk.txt
    "gbk_no_declaration.txt": ("warning", "duplicate of duplicate_of_gbk.txt"),
    "no_headings.txt": ("warning", "no recognisable structure"),
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _bad_files() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.is_file())


def _records(item: ParsedDocument, extractor: Extractor) -> list[Record]:
    return [*item.clauses, *item.citations, *extractor.run(item)]


def _assert_spans_valid(item: ParsedDocument, records: list[Record]) -> None:
    # origin[-1] is the length of the decoded original text the spans point into
    length = item.text.origin[-1]
    for record in records:
        start, end = getattr(record, "start", 0), getattr(record, "end", 0)
        assert 0 <= start <= end <= length, record
        assert item.document.start <= start <= end <= item.document.end, record


def test_every_hostile_file_gives_a_named_reason_and_the_batch_goes_on(extractor: Extractor) -> None:
    files = _bad_files()
    assert len(files) >= 9
    problems: dict[str, tuple[str, str]] = {}
    documents: dict[str, ParsedDocument] = {}
    for item in parse(files):  # no exception may escape the batch
        if isinstance(item, ErrorRecord):
            problems[item.source] = (item.severity, item.reason)
        else:
            documents[item.document.source] = item
            _assert_spans_valid(item, _records(item, extractor))
    for name, (severity, words) in EXPECTED_PROBLEMS.items():
        assert name in problems, f"{name}: no error or warning"
        assert problems[name][0] == severity and words in problems[name][1], problems[name]
    # Everything readable still became a document: the bad files did not stop the batch.
    assert {
        "absurd_numbers.txt",
        "duplicate_of_gbk.txt",
        "html_with_scripts.html",
        "malformed_markers.txt",
        "no_headings.txt",
        "truncated_utf8.txt",
    } <= set(documents)
    assert documents["duplicate_of_gbk.txt"].document.title == "鞍山市碳达峰实施方案"  # GBK, undeclared


def test_errors_name_the_file(tmp_path: Path) -> None:
    for path in _bad_files():
        if EXPECTED_PROBLEMS.get(path.name, ("",))[0] != "error":
            continue
        with pytest.raises(InputError) as caught:
            read_source(path)
        assert caught.value.file == path.name and path.name in str(caught.value)


def test_on_error_raise_stops_at_the_first_bad_file() -> None:
    with pytest.raises(InputError, match="binary.txt"):
        list(parse(_bad_files(), on_error=OnError.RAISE))


def test_html_scripts_are_not_text() -> None:
    source = read_source(BAD / "html_with_scripts.html")
    assert "<script" not in source.text and "alert" not in source.text and "onerror" not in source.text
    assert "window.__pwned" not in source.text and "本溪市碳达峰实施方案" in source.text


def test_a_50_mb_text_is_refused_by_size_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big_50mb.txt"
    line = "（一）大力发展新能源。到2025年，可再生能源装机容量达到500万千瓦。\n".encode()
    with big.open("wb") as out:
        for _ in range(MAX_BYTES // len(line) + 1):
            out.write(line)
    assert big.stat().st_size > MAX_BYTES
    good = BAD / "malformed_markers.txt"
    items = list(parse([big, good]))
    assert isinstance(items[0], ErrorRecord) and items[0].source == "big_50mb.txt"
    assert "file too large" in items[0].reason and str(MAX_BYTES) in items[0].reason
    assert isinstance(items[1], ParsedDocument)  # the batch goes on


def test_a_clause_of_200000_characters(tmp_path: Path, extractor: Extractor) -> None:
    sentence = "推动钢铁、建材、石化化工等重点行业节能降碳改造，"
    body = (sentence * (200_000 // len(sentence) + 1))[:200_000]
    text = (
        f"营口市碳达峰实施方案\n\n一、重点任务\n（一）推进工业领域碳达峰。{body}"
        f"到2025年，非化石能源消费比重达到20%。（责任单位：市工业和信息化局）\n"
    )
    path = tmp_path / "long_clause.txt"
    path.write_text(text, encoding="utf-8")
    (item,) = [i for i in parse([path]) if isinstance(i, ParsedDocument)]
    longest = max(item.clauses, key=lambda c: c.end - c.start)
    assert longest.end - longest.start > 200_000
    records = _records(item, extractor)
    _assert_spans_valid(item, records)
    targets = [r for r in records if r.type == "target"]
    assert [(t.metric, t.value, t.year) for t in targets] == [("非化石能源消费比重", 20.0, 2025)]  # type: ignore[attr-defined]
    assert text[targets[0].start : targets[0].end] == "非化石能源消费比重达到20%"


def test_absurd_numbers_are_not_targets(extractor: Extractor, caplog: pytest.LogCaptureFixture) -> None:
    (item,) = [i for i in parse([BAD / "absurd_numbers.txt"]) if isinstance(i, ParsedDocument)]
    with caplog.at_level(logging.WARNING, logger="policykg"):
        targets = [r for r in extractor.run(item) if r.type == "target"]
    found = {(t.metric, t.value, t.year) for t in targets}  # type: ignore[attr-defined]
    assert all(t.year is None or 1990 <= t.year <= 2100 for t in targets)  # type: ignore[attr-defined]
    assert not any(t.value == 999999 for t in targets)  # type: ignore[attr-defined]  # 到20255年: no year
    assert ("可再生能源消费比重", 150.0, 2025) not in found  # a share above 100%
    assert ("煤炭消费占比", 35.0, 2025) in found  # a plausible share in the same file is kept
    assert any("absurd_numbers.txt" in m and "above 100%" in m for m in caplog.messages)


def test_malformed_markers_never_make_bracketed_agencies(extractor: Extractor) -> None:
    (item,) = [i for i in parse([BAD / "malformed_markers.txt"]) if isinstance(i, ParsedDocument)]
    records = extractor.run(item)
    names = {r.name for r in records if r.type == "agency"}  # type: ignore[attr-defined]
    assert "丹东市发展和改革委员会" in names and "丹东市工业和信息化局" in names
    assert not [n for n in names if BRACKETS & set(n)]
    _assert_spans_valid(item, [*item.clauses, *records])


# ----------------------------------------------------------------- property tests

MARKER_PIECES = [
    "（责任单位：",
    "（牵头单位：",
    "；配合单位：",
    "）",
    "（",
    "市发展改革委",
    "、",
    "市能源局",
    "到2025年，",
    "到20255年",
    "非化石能源消费比重达到",
    "999999%",
    "20%",
    "150%",
    "万千瓦",
    "下降13.5%",
    "一、重点任务\n",
    "（一）",
    "1.",
    "。",
    "\n",
    "第3页",
    "比2020年",
    "-",
    "左右",
    "“十四五”期间",
    "分别",
    "以上",
    "省",
    "负责",
    "等按职责分工负责",
]
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(MARKER_PIECES), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(MARKER_PIECES), st.text(max_size=3)), max_size=60).map("".join),
)


def _documents(text: str) -> Iterator[ParsedDocument]:
    source = SourceText(
        source="x.txt",
        path="x.txt",
        text=text,
        encoding="utf-8",
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )
    for item in parse_source(source):
        if isinstance(item, ParsedDocument):
            yield item


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
@example(
    text="一、主要目标\n（一）到20255年，非化石能源消费比重达到999999%。（责任单位：（责任单位：市能源局）"
)
@example(text="（责任单位：")
@example(text="到2025年，（责任单位：市发展改革委、")
def test_extractor_never_raises_and_spans_are_valid(text: str, extractor: Extractor) -> None:
    for item in _documents(text):
        for record in extractor.run(item):
            start, end = record.start, record.end  # type: ignore[attr-defined]
            assert 0 <= start <= end <= len(text), record
            if record.type == "target":
                assert record.year is None or 1990 <= record.year <= 2100  # type: ignore[attr-defined]
            if record.type == "agency":
                name = record.name  # type: ignore[attr-defined]
                assert name[0] not in BRACKETS and name[-1] not in BRACKETS, name
                assert any("\u4e00" <= c <= "\u9fff" for c in name), name


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_input_error(
    raw: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "arbitrary.txt"
    path.write_bytes(raw)
    for item in parse([path]):
        if isinstance(item, ErrorRecord):
            assert item.source == "arbitrary.txt" and item.reason
