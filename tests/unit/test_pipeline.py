"""The entry point on the five seeds: documents, metadata, record order, spans, bad files."""

from __future__ import annotations

import importlib.util
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders.metadata import parse_date, region_and_level
from policykg.loaders.normalize import normalize
from policykg.loaders.pipeline import default_paths, parse, records
from policykg.loaders.types import Clause, Document, ErrorRecord, ParsedDocument

HAS_SPLITTER = importlib.util.find_spec("policykg.loaders.compilation") is not None


@lru_cache(maxsize=1)
def corpus() -> tuple[tuple[ParsedDocument, ...], tuple[ErrorRecord, ...]]:
    items = list(parse())
    return (
        tuple(i for i in items if isinstance(i, ParsedDocument)),
        tuple(i for i in items if isinstance(i, ErrorRecord)),
    )


def document(document_id: str) -> ParsedDocument:
    return next(d for d in corpus()[0] if d.document.id == document_id)


def source_text(name: str) -> str:
    path = next(p for p in default_paths() if p.name == name)
    return path.read_text(encoding="utf-8")


def test_default_paths_are_the_bundled_corpus() -> None:
    assert [p.name[:3] for p in default_paths()] == ["000", "001", "002", "003", "004"]


def test_dalian_metadata() -> None:
    dalian = document("000_af030718e515ca0c").document
    assert dalian.title == "国家碳达峰试点（大连）实施方案"
    assert (dalian.issuer, dalian.date, dalian.level, dalian.region, dalian.kind, dalian.draft) == (
        "大连市人民政府",
        "2024-07-18",
        "city",
        "大连市",
        "实施方案",
        False,
    )
    assert dalian.pages is None and len(dalian.content_hash) == 64


def test_liaoning_metadata_and_skipped_lead() -> None:
    parsed = document("001_4d9bdf3ef8200100")
    liaoning = parsed.document
    assert liaoning.title == "辽宁省碳达峰实施方案"
    assert liaoning.doc_number == "辽政发〔2022〕21号"
    assert (liaoning.issuer, liaoning.date, liaoning.level, liaoning.region) == (
        "辽宁省人民政府",
        "2022-09-12",
        "province",
        "辽宁省",
    )
    original = source_text("001_4d9bdf3ef8200100.txt")
    assert original[liaoning.start :].startswith("辽宁省人民政府关于印发辽宁省碳达峰实施方案的通知")
    assert "炉具网讯" not in "".join(c.text for c in parsed.clauses)
    warnings = [e for e in corpus()[1] if e.source == "001_4d9bdf3ef8200100.txt"]
    assert warnings and warnings[0].severity == "warning" and "lead" in warnings[0].reason


def test_yantai_and_qingdao_metadata() -> None:
    yantai = document("002_4513322e4e7ef2fd").document
    assert (yantai.title, yantai.region, yantai.level, yantai.issuer) == (
        "国家碳达峰试点（烟台）实施方案",
        "烟台市",
        "city",
        None,
    )
    qingdao = document("004_ce321d0be690c707").document
    assert (qingdao.title, qingdao.issuer, qingdao.date) == (
        "国家碳达峰试点（青岛）实施方案",
        "青岛市人民政府",
        "2024-07-06",
    )


def test_qingdao_clause_and_citations() -> None:
    parsed = document("004_ce321d0be690c707")
    clause = next(c for c in parsed.clauses if c.path == "二（一）1")
    assert clause.heading == "实施新能源倍增计划"
    assert {(c.doc_number, c.relation) for c in parsed.citations} == {
        ("国发〔2021〕23号", "based_on"),
        ("发改环资〔2023〕1409号", "based_on"),
    }


def test_every_span_is_evidence_and_round_trips() -> None:
    for parsed in corpus()[0]:
        original = source_text(parsed.document.source)
        assert 0 <= parsed.document.start <= parsed.document.end <= len(original)
        for clause in parsed.clauses:
            assert parsed.document.start <= clause.start <= clause.end <= parsed.document.end
            evidence = original[clause.start : clause.end]
            assert evidence.strip()
            text = parsed.text
            if text.page_starts:
                # a slice may cut through a page footer, which is only recognised in its sequence
                # over the whole file: map the span back instead of normalising it alone
                assert (
                    text.text[text.to_normalized(clause.start) : text.to_normalized(clause.end)]
                    == clause.text
                )
                continue
            assert normalize(evidence).text == clause.text, clause.id
        for citation in parsed.citations if not parsed.text.page_starts else ():
            evidence = original[citation.start : citation.end]
            assert citation.title is None or citation.title.replace(" ", "")[:4] in normalize(
                evidence
            ).text.replace(" ", "")
            assert citation.doc_number is None or citation.doc_number[-3:-1] in evidence.replace(" ", "")


def test_records_order_and_types() -> None:
    stream = list(records(p for p in default_paths() if not p.name.startswith("003")))
    kinds = [r.type for r in stream]
    assert kinds.count("document") == 4
    first_document = kinds.index("document")
    assert kinds[first_document + 1] == "clause"
    for record in stream:
        data = record.to_dict()
        assert data["type"] == record.type
        if isinstance(record, Clause):
            assert set(data) >= {
                "id",
                "document",
                "path",
                "heading",
                "text",
                "parent",
                "start",
                "end",
                "page",
            }
        if isinstance(record, Document):
            assert data["pages"] is None or len(data["pages"]) == 2


def test_compilation() -> None:
    documents = [d for d in corpus()[0] if d.document.source.startswith("003")]
    if not HAS_SPLITTER:
        assert len(documents) == 1 and documents[0].document.pages == (1, 1291)
        return
    assert len(documents) > 100
    assert all(d.document.id.startswith("003_a895838ed2e4cd84/") for d in documents)
    assert documents[0].document.id == "003_a895838ed2e4cd84/001"
    by_title = {d.document.title: d for d in documents}
    action = by_title["2030年前碳达峰行动方案"]
    assert (action.document.issuer, action.document.level, action.document.pages) == (
        "国务院",
        "national",
        (12, 29),
    )
    coal = next(c for c in action.clauses if c.path == "三（一）1")
    assert coal.heading == "推进煤炭消费替代和转型升级" and coal.page == 14
    assert coal.parent == f"{action.document.id}/三（一）"
    # articles (第X条) of a 实施细则 whose first article is glued to the source URL
    nanjing = by_title["关于碳达峰碳中和科技创新专项的实施细则"]
    assert [c.path for c in nanjing.clauses][1:4] == ["第一条", "第二条", "第三条"]
    # a document whose first pages are missing starts at 二、 and its sub-levels at （三）
    opinion = by_title["关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见"]
    assert [c.path for c in opinion.clauses][1:4] == ["二", "三", "三（三）"]
    # numbering that runs on across sections (1. … 19.) after headings without punctuation
    jiangsu = by_title["江苏省人民代表大会常务委员会关于推进碳达峰碳中和的决定"]
    assert [c.path for c in jiangsu.clauses][5:7] == ["二", "二4"]


def test_bad_files_become_records_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(default_paths()[4], good)
    duplicate = tmp_path / "copy.txt"
    shutil.copy(good, duplicate)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (tmp_path / "flat.txt").write_text(
        "这是一段没有任何结构的文字，没有标题也没有条款编号，只是说明性质的内容。", encoding="utf-8"
    )
    paths = [good, duplicate, tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "flat.txt"]
    items = list(parse(paths))
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert [(e.source, e.severity) for e in errors] == [
        ("copy.txt", "warning"),
        ("empty.txt", "error"),
        ("binary.txt", "error"),
        ("flat.txt", "warning"),
    ]
    assert "duplicate of good.txt" in errors[0].reason and "no recognisable structure" in errors[3].reason
    parsed = [i for i in items if isinstance(i, ParsedDocument)]
    assert [p.document.source for p in parsed] == ["good.txt", "flat.txt"]
    assert parsed[0].document.id == "good"
    with pytest.raises(InputError):
        list(parse(paths, on_error="raise"))


def test_dates_and_levels() -> None:
    assert parse_date("二〇二二年九月十二日") == "2022-09-12"
    assert parse_date("2024年7月18日") == "2024-07-18"
    assert parse_date("二〇二一年十月二十四日") == "2021-10-24"
    assert region_and_level("国务院") == ("中国", "national")
    assert region_and_level("工业和信息化部") == ("中国", "ministry")
    assert region_and_level("上海市人民政府") == ("上海市", "province")
    assert region_and_level("浙江省人民政府办公厅") == ("浙江省", "province")
    assert region_and_level("重庆市大足区人民政府")[1] in ("province", "district")
    assert region_and_level("成都市人民政府") == ("成都市", "city")


def test_compilation_parts_become_documents(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The splitter's contract (parts with original offsets) drives ids, metadata and clause ranges."""
    from dataclasses import dataclass, field

    from policykg.loaders import pipeline

    first = "国务院\n2030年前碳达峰行动方案\n一、总体要求\n（一）指导思想。坚持节约优先。第1页"
    second = "浙江省\n《双碳工作实施意见（征求意见稿）》\n一、主要目标\n到2025年完成。二、重点任务\n（一）发展风电。第2页"
    raw = "目录……\n" + first + second

    @dataclass
    class Part:
        start: int
        end: int
        title: str
        issuer: str | None
        group: str | None
        level: str | None
        region: str | None
        pages: tuple[int, int] | None
        date: str | None
        draft: bool
        kind: str | None

    @dataclass
    class Split:
        parts: list[Part]
        unmatched: list[str] = field(default_factory=list)

    def split(source: object) -> Split:
        a, b = raw.index(first), raw.index(second)
        return Split(
            [
                Part(
                    a,
                    b,
                    "2030年前碳达峰行动方案",
                    "国务院",
                    "national",
                    "national",
                    "中国",
                    (1, 1),
                    "2021-10-26",
                    False,
                    "行动方案",
                ),
                Part(
                    b,
                    len(raw),
                    "双碳工作实施意见（征求意见稿）",
                    "浙江省",
                    "province",
                    None,
                    None,
                    (2, 2),
                    None,
                    True,
                    None,
                ),
            ],
            ["TOC row 《遗漏的方案》 not found in the body"],
        )

    monkeypatch.setattr(pipeline, "is_compilation", lambda text: True)
    monkeypatch.setattr(pipeline, "split_compilation", split)
    path = tmp_path / "comp.txt"
    path.write_text(raw, encoding="utf-8")
    items = list(parse([path]))
    warnings = [i for i in items if isinstance(i, ErrorRecord)]
    assert warnings[0].severity == "warning" and "遗漏的方案" in warnings[0].reason
    documents = [i for i in items if isinstance(i, ParsedDocument)]
    assert [d.document.id for d in documents] == ["comp/001", "comp/002"]
    national, zhejiang = documents[0].document, documents[1].document
    assert (national.level, national.group, national.date, national.pages) == (
        "national",
        "national",
        "2021-10-26",
        (1, 1),
    )
    assert (zhejiang.region, zhejiang.level, zhejiang.draft, zhejiang.kind) == (
        "浙江省",
        "province",
        True,
        "实施意见",
    )
    assert [c.path for c in documents[1].clauses] == ["序", "一", "二", "二（一）"]
    assert documents[1].clauses[-1].id == "comp/002/二（一）" and documents[1].clauses[-1].page == 2
    evidence = raw[zhejiang.start : zhejiang.end]
    assert evidence.startswith("浙江省") and evidence.endswith("（一）发展风电。")  # the footer is no content


def test_html_page_spans_point_into_the_article_text(tmp_path: Path) -> None:
    from policykg.loaders.read import read_source

    page = (
        "<html><head><script>var a = 1;</script></head><body><nav>首页</nav><div class='article'>"
        "<h1>成都市人民政府关于印发成都市碳达峰实施方案的通知</h1><p>成府发〔2022〕30号</p>"
        "<p>成都市碳达峰实施方案</p><p>为落实《2030年前碳达峰行动方案》（国发〔2021〕23号）部署，制定本方案。</p>"
        "<p>一、总体要求</p><p>（一）指导思想。坚持绿色发展。</p><p>成都市人民政府</p><p>2022年12月9日</p>"
        "</div></body></html>"
    )
    path = tmp_path / "chengdu.html"
    path.write_text(page, encoding="gb18030")
    parsed = [i for i in parse([path]) if isinstance(i, ParsedDocument)]
    document = parsed[0].document
    assert (document.title, document.issuer, document.doc_number, document.date, document.level) == (
        "成都市碳达峰实施方案",
        "成都市人民政府",
        "成府发〔2022〕30号",
        "2022-12-09",
        "city",
    )
    article = read_source(path).text
    clause = next(c for c in parsed[0].clauses if c.path == "一（一）")
    assert article[clause.start : clause.end] == "（一）指导思想。坚持绿色发展。"
    citation = parsed[0].citations[0]
    assert article[citation.start : citation.end] == "《2030年前碳达峰行动方案》（国发〔2021〕23号）"
    assert citation.relation == "based_on"
