"""The extraction stage end to end on the seeds: records, evidence offsets, obligations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.loaders.extract.pipeline import Extractor, build_nlp
from policykg.loaders.extract.sample import parsed_document
from policykg.loaders.types import Obligation, Record, Target

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
QINGDAO = CORPUS / "004_ce321d0be690c707.txt"


@pytest.fixture(scope="module")
def qingdao() -> Iterator[tuple[str, list[Record]]]:
    parsed = parsed_document(QINGDAO)
    yield QINGDAO.read_text(encoding="utf-8"), Extractor().run(parsed)


def by_clause(records: list[Record], kind: type, path: str) -> list[Any]:
    return [r for r in records if isinstance(r, kind) and getattr(r, "clause", "").endswith("/" + path)]


def test_pipeline_order() -> None:
    names = build_nlp().pipe_names
    assert names[-2:] == ["policykg_targets_v1", "policykg_obligations_v1"]
    upstream = [
        n
        for n in ("policykg_regions_v1", "policykg_agencies_v1", "policykg_responsibilities_v1")
        if n in names
    ]
    assert names[: len(upstream)] == upstream


def test_renewable_capacity_clause(qingdao: tuple[str, list[Record]]) -> None:
    source, records = qingdao
    targets = by_clause(records, Target, "二（一）1")
    assert [(t.year, t.value, t.unit, t.metric) for t in targets] == [
        (2025, 600.0, "万千瓦", "可再生能源装机容量"),
        (2030, 1000.0, "万千瓦", "可再生能源装机容量"),
    ]
    # Evidence offsets point into the original file, line wraps included.
    assert source[targets[0].start : targets[0].end] == "可再生能源装机容量分别达到 600 万千\n\n瓦"
    assert source[targets[1].start : targets[1].end].endswith("1000 万千瓦")
    assert targets[0].id.endswith("二（一）1/target/0") and targets[0].source == QINGDAO.name


def test_renewable_capacity_obligation(qingdao: tuple[str, list[Record]]) -> None:
    _, records = qingdao
    if not any(r.type == "responsibility" for r in records):
        pytest.skip("the responsibilities component is not installed")
    (obligation,) = by_clause(records, Obligation, "二（一）1")
    assert obligation.due_year == 2030
    assert obligation.modality == "directive"
    assert len(obligation.agencies) == 2
    assert any("发展和改革委员会" in agency for agency in obligation.agencies)
    assert any("海洋发展局" in agency for agency in obligation.agencies)


def test_qingdao_target_counts(qingdao: tuple[str, list[Record]]) -> None:
    _, records = qingdao
    targets = [r for r in records if isinstance(r, Target)]
    assert len(targets) == 21
    assert not [t for t in targets if t.unit == "千伏" or t.value == 500 and t.unit is None]
    annual = [t for t in targets if t.period == "annual"]
    assert [(t.value, t.unit, t.comparator) for t in annual] == [(500.0, "个", "ge")]


def test_records_serialise(qingdao: tuple[str, list[Record]]) -> None:
    _, records = qingdao
    target = next(r for r in records if isinstance(r, Target))
    data = target.to_dict()
    assert data["type"] == "target" and data["unit_normalised"] == "千瓦" and data["multiplier"] == 1e4


@pytest.mark.parametrize(
    "text",
    [
        "到 2025 年，可再生能源装机容量达到 600 万千\n瓦。",
        " 前导空格",
        "两个  空格",
        "换行\n 再空格",
        "结尾 ",
        "结尾 \n",
        "  ",
        "中 文\t字 \n 再",
        "\u3000全角空格",
    ],
)
def test_char_docs_match_spacys_char_segmenter(text: str) -> None:
    import spacy
    from spacy.lang.zh import ChineseTokenizer, Segmenter

    from policykg.loaders.extract.pipeline import CharDocMaker

    vocab = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}}).vocab
    ours, spacys = CharDocMaker(vocab)(text), ChineseTokenizer(vocab, segmenter=Segmenter("char"))(text)
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in spacys]
    assert ours.text == text
