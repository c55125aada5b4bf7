"""DERIVES_FROM: plan links from basis citations, clause links from text correspondence.

Runs on the real seeds (parsed by the loaders); the national 2030 plan is taken from the
compilation — as its own document when the loaders split the compilation, else carved from its
labelled span (the same fallback as ``bench/derive_quality.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.graph.derive import (
    BASIS_METHOD,
    CLAUSE_METHOD,
    EVIDENCE_METHOD,
    Derivation,
    Deriver,
    ExternalPlan,
)
from policykg.loaders.identity import doc_number_key, title_key
from policykg.loaders.pipeline import parse
from policykg.loaders.types import Citation, Document, ParsedDocument

ROOT = Path(__file__).resolve().parents[2]
DALIAN, LIAONING, YANTAI, QINGDAO = (
    "000_af030718e515ca0c.txt",
    "001_4d9bdf3ef8200100.txt",
    "002_4513322e4e7ef2fd.txt",
    "004_ce321d0be690c707.txt",
)


@pytest.fixture(scope="module")
def corpus() -> tuple[list[ParsedDocument], str]:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from derive_quality import _national  # the bench's national-plan lookup (and fallback)

    meta = json.loads((ROOT / "tests" / "data" / "derives_pairs.json").read_text(encoding="utf-8"))
    parsed = [p for p in parse() if isinstance(p, ParsedDocument)]
    parsed, national_id, _ = _national(parsed, meta)
    return parsed, national_id


@pytest.fixture(scope="module")
def edges(corpus: tuple[list[ParsedDocument], str]) -> list[Derivation]:
    return Deriver().run(corpus[0])


def _doc(parsed: list[ParsedDocument], source: str) -> ParsedDocument:
    return next(p for p in parsed if p.document.source == source and p.document.start < 5000)


def _path(parsed: list[ParsedDocument], clause_id: str) -> str:
    return next(c.path for p in parsed for c in p.clauses if c.id == clause_id)


def test_doc_number_and_title_keys() -> None:
    assert doc_number_key("国发〔2021〕23 号") == "国发〔2021〕23号"
    assert doc_number_key("国发[2021]23号") == "国发〔2021〕23号"
    assert title_key("国务院关于印发2030年前碳达峰行动方案的通知") == "2030年前碳达峰行动方案"
    assert title_key("《2030 年前碳达峰行动方案》") == "2030年前碳达峰行动方案"
    assert title_key("中共中央 国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见") == title_key(
        "关于完整准确全面贯彻新发展理念做好双碳工作的意见"
    )
    # The city in brackets is what tells the pilot plans apart: kept.
    assert title_key("国家碳达峰试点（青岛）实施方案") != title_key("国家碳达峰试点（大连）实施方案")


def test_qingdao_derives_from_the_national_plan_by_citation(
    corpus: tuple[list[ParsedDocument], str], edges: list[Derivation]
) -> None:
    parsed, national_id = corpus
    qingdao = _doc(parsed, QINGDAO).document
    basis = [e for e in edges if e.source_id == qingdao.id and e.target_id == national_id]
    assert len(basis) == 1 and basis[0].method == BASIS_METHOD and basis[0].score == 1.0
    evidence = (ROOT / "data" / "corpus" / QINGDAO).read_text(encoding="utf-8")
    assert "2030 年前碳达峰行动方案" in evidence[basis[0].evidence_start : basis[0].evidence_end]


def test_pilot_basis_is_one_external_plan(
    corpus: tuple[list[ParsedDocument], str], edges: list[Derivation]
) -> None:
    parsed, _ = corpus
    externals = {e.id: e for e in Deriver().external_plans(parsed)}
    pilot = externals["ext:发改环资〔2023〕1409号"]
    assert isinstance(pilot, ExternalPlan) and pilot.external and pilot.title == "国家碳达峰试点建设方案"
    cities = {_doc(parsed, s).document.id for s in (DALIAN, YANTAI, QINGDAO)}
    assert set(pilot.cited_by) == cities
    assert {e.source_id for e in edges if e.target_id == pilot.id} == cities


def test_dalian_reaches_liaoning_and_the_national_plan_only_on_clause_evidence(
    corpus: tuple[list[ParsedDocument], str], edges: list[Derivation]
) -> None:
    parsed, national_id = corpus
    dalian, liaoning = _doc(parsed, DALIAN).document, _doc(parsed, LIAONING).document
    to = {e.target_id: e for e in edges if e.source_id == dalian.id and e.level == "plan"}
    assert to[liaoning.id].method == EVIDENCE_METHOD and to[national_id].method == EVIDENCE_METHOD
    assert 0.25 <= to[liaoning.id].score <= 1.0


def test_no_evidence_edge_without_enough_clauses(corpus: tuple[list[ParsedDocument], str]) -> None:
    # Same corpus, an impossible evidence bar: Dalian keeps only its citation to the pilot plan.
    parsed, _ = corpus
    dalian = _doc(parsed, DALIAN).document
    strict = Deriver(evidence_min_clauses=10_000).run(parsed)
    assert {e.method for e in strict if e.source_id == dalian.id} == {BASIS_METHOD}
    assert not [e for e in strict if e.level == "clause" and e.source_id.startswith(dalian.id)]


@pytest.mark.parametrize(
    "source, local, national",
    [
        (QINGDAO, "二（一）1", "三（一）2"),  # 实施新能源倍增计划 → 大力发展新能源
        (QINGDAO, "二（一）2", "三（一）6"),  # 加快建设新型电力系统
        (QINGDAO, "二（七）3", "三（八）3"),  # 碳汇基础能力 → 加强生态系统碳汇基础支撑
        (DALIAN, "三（一）4", "三（一）4"),  # 安全有序发展核电
        (DALIAN, "三（七）2", "三（九）2"),  # 推广绿色低碳生活方式
        # Items whose best *section* match used to win (三 重点任务, 三（二） 节能降碳增效行动): an item
        # links to the item it implements.
        (QINGDAO, "二（二）1", "三（三）1"),  # 推动传统制造业绿色低碳升级 → 推动工业领域绿色低碳发展
        (QINGDAO, "二（三）1", "三（二）1"),  # 创新节能管理机制 → 全面提升节能管理能力
        (QINGDAO, "三（一）", "三（七）4"),  # 关键技术攻关 → 加快先进适用技术研发和推广应用
    ],
)
def test_clause_links(
    corpus: tuple[list[ParsedDocument], str], edges: list[Derivation], source: str, local: str, national: str
) -> None:
    parsed, national_id = corpus
    doc = _doc(parsed, source)
    clause = next(c for c in doc.clauses if c.path == local)
    national_ids = {c.id for p in parsed if p.document.id == national_id for c in p.clauses}
    found = [e for e in edges if e.source_id == clause.id and e.target_id in national_ids]
    assert len(found) == 1 and found[0].method == CLAUSE_METHOD and found[0].level == "clause"
    assert _path(parsed, found[0].target_id) == national
    assert (found[0].evidence_source, found[0].evidence_start) == (clause.source, clause.start)


def test_boilerplate_and_preambles_are_not_matched(
    corpus: tuple[list[ParsedDocument], str], edges: list[Derivation]
) -> None:
    parsed, _ = corpus
    qingdao = _doc(parsed, QINGDAO)
    untouched = {c.id for c in qingdao.clauses if c.path in ("序", "一")}  # preamble, 总体要求
    assert not [e for e in edges if e.source_id in untouched]


def test_external_plans_from_constructed_records() -> None:
    def doc(doc_id: str, title: str, number: str | None = None) -> Document:
        return Document(
            id=doc_id,
            source=f"{doc_id}.txt",
            title=title,
            issuer=None,
            date=None,
            doc_number=number,
            level="province",
            region=None,
            kind=None,
            draft=False,
            pages=None,
            start=0,
            end=10,
        )

    def cite(document: str, title: str | None, number: str | None) -> Citation:
        return Citation(
            document=document,
            clause=None,
            title=title,
            doc_number=number,
            relation="based_on",
            start=1,
            end=5,
            source=f"{document}.txt",
        )

    a = ParsedDocument(
        doc("a", "甲省碳达峰实施方案"),
        text=None,  # type: ignore[arg-type]
        citations=[
            cite("a", "国家碳达峰试点建设方案", "发改环资〔2023〕1409号"),
            cite("a", "2030年前碳达峰行动方案", None),
        ],
    )
    b = ParsedDocument(
        doc("b", "乙省碳达峰实施方案"),
        text=None,  # type: ignore[arg-type]
        citations=[cite("b", "国家碳达峰试点建设方案", None), cite("b", "甲省碳达峰实施方案", None)],
    )
    national = ParsedDocument(
        doc("n", "国务院关于印发2030年前碳达峰行动方案的通知", "国发〔2021〕23号"), text=None
    )  # type: ignore[arg-type]
    edges = Deriver().run([a, b, national])
    pairs = {(e.source_id, e.target_id) for e in edges}
    # Cited once with its 文号 and once without: one external plan, keyed by the 文号.
    assert pairs == {
        ("a", "ext:发改环资〔2023〕1409号"),
        ("a", "n"),
        ("b", "ext:发改环资〔2023〕1409号"),
        ("b", "a"),
    }
    (external,) = Deriver().external_plans([a, b, national])
    assert external.cited_by == ("a", "b") and external.doc_number == "发改环资〔2023〕1409号"


def test_items_link_to_the_most_specific_clauses(
    corpus: tuple[list[ParsedDocument], str], edges: list[Derivation]
) -> None:
    # A local item (no sub-clauses, inside a section) never links to a clause that has sub-clauses;
    # a top-level chapter may (it can implement a whole national action).
    parsed, _ = corpus
    has_children = {c.parent for p in parsed for c in p.clauses if c.parent}
    inside = {c.id for p in parsed for c in p.clauses if c.parent}
    links = [e for e in edges if e.level == "clause"]
    items = [e for e in links if e.source_id in inside and e.source_id not in has_children]
    assert len(items) > 1000
    assert not [e for e in items if e.target_id in has_children]
    assert [e for e in links if e.source_id not in inside and e.target_id in has_children]


def test_stopwords_do_not_make_features() -> None:
    from policykg.graph.similarity import char_ngrams, stopwords, word_tokens

    assert {"推进", "加快", "体系"} <= stopwords()
    assert word_tokens("加快推进海上风电基地建设") == ["海上", "风电", "基地"]
    # n-grams stop at a stopword: no 进海, 快推进, 设。
    assert set(char_ngrams("加快推进海上风电基地建设")) == {
        "海上",
        "上风",
        "风电",
        "电基",
        "基地",
        "海上风",
        "上风电",
        "风电基",
        "电基地",
    }


def test_integer_features_are_the_token_strings(corpus: tuple[list[ParsedDocument], str]) -> None:
    """The index counts int64 features; they must be exactly the words and n-grams, one for one."""
    from collections import Counter

    from policykg.graph.similarity import _WORD_IDS, char_gram_keys, char_ngrams, word_ids, word_tokens

    def key(gram: str) -> int:
        value = 0
        for char in gram:
            value = (value << 21) | ord(char)
        return value

    texts = [c.text for p in corpus[0][:40] for c in p.clauses][:800]
    assert len(texts) == 800
    for text in [*texts, "", "碳", "2030年前碳达峰", "加快推进海上风电基地建设。"]:
        assert Counter(char_gram_keys(text).tolist()) == Counter(key(g) for g in char_ngrams(text))
        ids = word_ids(text).tolist()
        words = {v: k for k, v in _WORD_IDS.items()}
        assert [words[i] for i in ids] == word_tokens(text)


def test_shards_in_worker_processes_give_the_same_edges(corpus: tuple[list[ParsedDocument], str]) -> None:
    """Small shards force several indexes; matched in two worker processes, the edges are the same."""
    from policykg.graph.derive import _task_clauses, link_plans

    deriver = Deriver(shard_clauses=2500)
    parsed = corpus[0]
    tasks = {p.document.id: _task_clauses(p) for p in parsed}
    links = link_plans(parsed)
    assert len(list(deriver._shards(parsed, deriver.candidate_plans(parsed, links), tasks))) >= 3
    here = [d for batch in deriver.batches(parsed) for d in batch]
    there = [d for batch in deriver.batches(parsed, workers=2) for d in batch]
    assert len(here) > 1000 and here == there


def test_tfidf_is_sublinear_smoothed_and_row_normalised() -> None:
    """The formulas of scikit-learn's TfidfTransformer(sublinear_tf=True, smooth_idf=True) + l2
    rows, by hand: tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1; an empty row stays empty."""
    import math

    import numpy as np
    import scipy.sparse as sp

    from policykg.graph.similarity import _l2_rows, _Tfidf

    counts = sp.csr_matrix(np.array([[3, 1, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float32))
    tfidf = _Tfidf(counts)
    idf = [math.log(4 / 2) + 1, math.log(4 / 3) + 1, math.log(4 / 1) + 1]
    assert np.allclose(tfidf.idf, idf)
    first = np.array([(1 + math.log(3)) * idf[0], idf[1], 0.0])
    expected = np.vstack([first / np.linalg.norm(first), [0, 1, 0], [0, 0, 0]])
    assert np.allclose(tfidf.transform(counts).toarray(), expected, atol=1e-6)
    assert counts.toarray()[0, 0] == 3  # the input is not changed
    assert np.allclose(_l2_rows(sp.csr_matrix([[3.0, 4.0], [0.0, 0.0]])).toarray(), [[0.6, 0.8], [0, 0]])
