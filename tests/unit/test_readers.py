"""PDF, DOCX and government-page readers, on fixtures made from the Qingdao plan (004).

The fixtures in ``tests/data/readers/`` were made by ``tests/fixtures/make_fixtures.py`` with
python-docx and LibreOffice headless (numbered clause labels are Word list numbering; every page
has a running header and a ``- N -`` footer); the tests only read the committed files.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykg.errors import InputError
from policykg.loaders.evidence import show_evidence
from policykg.loaders.extract.pipeline import Extractor
from policykg.loaders.normalize import normalize
from policykg.loaders.pages import drop_running_lines
from policykg.loaders.pipeline import parse
from policykg.loaders.read import HTML, PDF, read_source
from policykg.loaders.readers import DOCX, locate
from policykg.loaders.readers.docx import Numbering, chinese_counting, format_number, read_paragraphs
from policykg.loaders.types import ErrorRecord, ParsedDocument, Responsibility, Target

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "readers"
QINGDAO_TXT = ROOT / "data" / "corpus" / "004_ce321d0be690c707.txt"
TITLE = "国家碳达峰试点（青岛）实施方案"


@cache
def _extractor() -> Extractor:
    return Extractor()


@cache
def summary(
    path: Path,
) -> tuple[ParsedDocument, list[tuple[str, str]], list[tuple[object, ...]], list[tuple[str, str]]]:
    """(document, clause paths+headings, targets, responsibilities) as the pipeline sees them."""
    (parsed,) = [item for item in parse([path], on_error="raise") if isinstance(item, ParsedDocument)]
    records = _extractor().run(parsed)
    path_of = {clause.id: clause.path for clause in parsed.clauses}
    clauses = [(clause.path, clause.heading) for clause in parsed.clauses]
    targets = sorted(
        (
            (t.year, t.value, t.unit, t.metric, path_of.get(t.clause or ""))
            for t in records
            if isinstance(t, Target)
        ),
        key=repr,
    )
    responsibilities = sorted(
        (path_of[r.clause], r.agency_text) for r in records if isinstance(r, Responsibility)
    )
    return parsed, clauses, targets, responsibilities


@pytest.mark.parametrize("name", ["qingdao.pdf", "qingdao.docx"])
def test_pdf_and_docx_give_what_the_text_gives(name: str) -> None:
    _, text_clauses, text_targets, text_responsibilities = summary(QINGDAO_TXT)
    parsed, clauses, targets, responsibilities = summary(DATA / name)
    assert parsed.document.title == TITLE
    assert clauses == text_clauses and len(clauses) == 52
    assert ("二（一）1", "实施新能源倍增计划") in clauses
    assert targets == text_targets and len(targets) == 21
    assert (2030, 1000.0, "万千瓦", "可再生能源装机容量", "二（一）1") in targets
    assert responsibilities == text_responsibilities and len(responsibilities) == 116
    assert ("二（一）1", "市海洋发展局") in responsibilities


def test_pdf_pages_come_from_the_pdf() -> None:
    parsed = summary(DATA / "qingdao.pdf")[0]
    source = read_source(DATA / "qingdao.pdf")
    assert source.media_type == PDF and source.text.count("\f") == 6
    assert parsed.document.pages == (1, 7)
    page = {clause.path: clause.page for clause in parsed.clauses}
    assert page["二（一）1"] == 1 and page["二（二）"] == 2 and page["六（三）"] == 7
    for clause in parsed.clauses:  # evidence: the span is the clause in the reader's text
        evidence = normalize(source.text[clause.start : clause.end]).text
        assert evidence.startswith(clause.label or clause.heading[:4])
        assert locate(source, clause.start) == f"page {clause.page}"


def test_pdf_running_header_and_page_numbers_are_dropped() -> None:
    text = read_source(DATA / "qingdao.pdf").text
    lines = [line.strip() for line in text.splitlines()]
    # the reader keeps the page as printed (evidence spans point into it) …
    assert (
        lines.count(TITLE) == 8 and sum(line.startswith("- ") and line.endswith(" -") for line in lines) == 7
    )
    # … and normalisation drops the header of pages 2-7 and the page numbers
    normalized = [line.strip() for line in normalize(text).text.splitlines()]
    assert normalized.count(TITLE) == 1  # the title in the body
    assert not any(line.startswith("- ") and line.endswith(" -") for line in normalized)


def test_running_lines_rule() -> None:
    bodies = [
        ["一、总体要求", "到2025年，碳达峰工作取得积极进展。", "二、重点任务"],
        ["（一）大力发展新能源", "1.实施新能源倍增计划。", "（责任单位：市发展改革委）"],
        ["三、科技创新", "（一）加强绿色低碳关键技术攻关", "四、政策创新"],
    ]
    pages = [["青岛市人民政府文件", *body, f"第{n}页 共3页"] for n, body in enumerate(bodies, start=1)]
    pages[1].append("- 2 -")
    # the header is kept on page 1 (a document repeating its title as a header prints it there)
    assert drop_running_lines(pages) == [["青岛市人民政府文件", *bodies[0]], bodies[1], bodies[2]]
    # a number inside the page is text, not a page number
    assert drop_running_lines([["标题", "a", "2025", "b", "c"]]) == [["标题", "a", "2025", "b", "c"]]


def test_scanned_pdf_needs_ocr() -> None:
    with pytest.raises(InputError, match="no text layer: OCR it first"):
        read_source(DATA / "scanned.pdf")
    (error,) = list(parse([DATA / "scanned.pdf"]))
    assert "no text layer: OCR it first" in error.reason and error.source == "scanned.pdf"
    assert error.severity == "warning" and "policykg does no OCR" in error.reason
    # ingest (policykg build) reports it the same way: a warning, and the batch exits 0
    from policykg.graph.ingest import prepare_file

    (item,) = prepare_file(DATA / "scanned.pdf", {}).items
    assert isinstance(item, ErrorRecord) and item.severity == "warning" and "no text layer" in item.reason


def test_docx_keeps_word_numbering_and_paragraphs() -> None:
    source = read_source(DATA / "qingdao.docx")
    assert source.media_type == DOCX
    lines = source.text.split("\n")
    assert "一、\t总体要求" in lines and "（八）\t推进绿色低碳国际合作" in lines and "六、\t保障措施" in lines
    parsed = summary(DATA / "qingdao.docx")[0]
    clause = next(c for c in parsed.clauses if c.path == "二（二）1")
    assert clause.page is None
    assert locate(source, clause.start) == "paragraph 16"
    assert lines[15].startswith("1.\t推动传统制造业绿色低碳升级")


def _docx(body: str, numbering: str = "") -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
        if numbering:
            archive.writestr("word/numbering.xml", f"<w:numbering {w}>{numbering}</w:numbering>")
    return buffer.getvalue()


def test_docx_debris_is_not_text(tmp_path: Path) -> None:
    body = (
        '<w:p><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:r><w:t>一、总体</w:t></w:r>'
        "<w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:r><w:instrText>PAGEREF _Toc1</w:instrText>"
        '</w:r><w:r><w:t>要求</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p><w:p/><w:p><w:r><w:t>正文</w:t>'
        "<w:br/><w:t>下一行</w:t></w:r></w:p>"
    )
    path = tmp_path / "download.bin"  # detected by content, not by name
    path.write_bytes(_docx(body))
    source = read_source(path)
    assert source.media_type == DOCX and source.text == "一、总体要求\n\n正文\n下一行"
    assert read_paragraphs(path.read_bytes(), "x")[1] == [0, 7, 8]


def test_numbering_counters_restart_and_formats() -> None:
    levels = (
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>'
        '<w:lvlText w:val="%2"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="9"/></w:lvlOverride></w:num>'
    )
    numbering = Numbering.parse(
        f'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        f'2006/main">{levels}</w:numbering>'.encode()
    )
    labels = [numbering.label("5", level) for level in (0, 1, 1, 0, 1)]
    assert labels == ["一、", "①", "②", "二、", "①"]
    assert [numbering.label("6", 0), numbering.label("6", 0)] == ["九、", "十、"]
    assert [chinese_counting(n) for n in (10, 11, 20, 23, 105)] == [
        "十",
        "十一",
        "二十",
        "二十三",
        "一百零五",
    ]
    assert format_number(4, "upperRoman") == "IV" and format_number(2, "taiwaneseCountingThousand") == "二"


def test_gov_page_article_and_metadata() -> None:
    source = read_source(DATA / "gov_page.html")
    assert source.media_type == HTML
    assert source.metadata["title"] == TITLE
    assert source.metadata["doc_number"] == "青政字〔2024〕20号"
    assert source.metadata["date"] == "2024-07-06" and source.metadata["published"] == "2024-07-12"
    assert source.metadata["issuer"] == "青岛市人民政府"
    assert source.text.split("\n", 1)[0] == TITLE
    assert "（一）大力发展新能源" in source.text
    for debris in (
        "首页",
        "政务公开",
        "siteConfig",
        "fontSize",
        "网站标识码",
        "打印本页",
        "索引号",
        "当前位置",
    ):
        assert debris not in source.text


def test_metadata_table_inside_the_article_is_not_text(tmp_path: Path) -> None:
    rows = "".join(
        f"<li><span>{label}：</span>{value}</li>"
        for label, value in (
            ("发文机关", "辽宁省人民政府"),
            ("发文字号", "辽政发〔2022〕21号"),
            ("成文日期", "2022-09-01"),
        )
    )
    page = (
        f"<html><head><title>辽宁省碳达峰实施方案_省政府文件</title></head><body><div class='article'>"
        f"<ul class='meta'>{rows}</ul><h1>辽宁省碳达峰实施方案</h1><p>一、总体要求</p>"
        f"<p>到2025年，非化石能源消费比重达到13.7%左右。</p></div></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    source = read_source(path)
    assert source.metadata == {
        "title": "辽宁省碳达峰实施方案",
        "doc_number": "辽政发〔2022〕21号",
        "issuer": "辽宁省人民政府",
        "date": "2022-09-01",
    }
    assert source.text == "辽宁省碳达峰实施方案\n一、总体要求\n到2025年，非化石能源消费比重达到13.7%左右。"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", "unreadable PDF"),
        ("truncated.pdf", (DATA / "qingdao.pdf").read_bytes()[:5000], "PDF"),
        ("broken.docx", b"PK\x03\x04word/document.xml not really a zip", "unreadable DOCX"),
    ],
)
def test_damaged_files_are_clear_errors(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_source(path)


@given(st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=6))
def test_running_lines_only_remove(pages: list[list[str]]) -> None:
    for before, after in zip(pages, drop_running_lines(pages), strict=True):
        remaining = iter(before)
        assert all(line in remaining for line in after)  # a subsequence: nothing added or reordered


def test_detection_by_content_not_extension(tmp_path: Path) -> None:
    for name, media_type in (("qingdao.pdf", PDF), ("qingdao.docx", DOCX)):
        renamed = tmp_path / (name + ".txt")
        shutil.copy(DATA / name, renamed)
        assert read_source(renamed).media_type == media_type


def test_show_evidence_names_page_and_paragraph() -> None:
    shown = show_evidence("qingdao/二（二）", [DATA / "qingdao.pdf"], context=20)
    assert shown.startswith("qingdao/二（二） (clause) in qingdao.pdf, page 2,")
    assert "【（二）" in shown and "加快制造业高质量发展" in shown
    shown = show_evidence("qingdao/二（二）1", [DATA / "qingdao.docx"], context=20)
    assert "paragraph 16" in shown and "【1.\t推动传统制造业绿色低碳升级" in shown
    with pytest.raises(InputError, match="no record with id"):
        show_evidence("qingdao/九（九）", [DATA / "qingdao.docx"])


def test_gov_page_metadata_reaches_the_document() -> None:
    """The page's metadata table fills the Document's 文号 and date when the article text lacks them."""
    from policykg.loaders.pipeline import parse
    from policykg.loaders.types import ParsedDocument

    (parsed,) = [d for d in parse([DATA / "gov_page.html"]) if isinstance(d, ParsedDocument)]
    assert parsed.document.doc_number == "青政字〔2024〕20号"
    assert parsed.document.date == "2024-07-06"
    assert parsed.document.title == "国家碳达峰试点（青岛）实施方案"
