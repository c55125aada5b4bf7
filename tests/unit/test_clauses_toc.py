"""A table of contents lists headings with leader dots and page numbers: its lines are no clauses."""

from __future__ import annotations

from policykg.loaders.clauses import ClauseSplitter
from policykg.loaders.normalize import normalize


def test_table_of_contents_lines_are_not_clauses() -> None:
    raw = (
        "北京市能源发展规划\n目录\n第一章能源绿色低碳转型新起点……………………（6）\n"
        "一、过去五年的主要成效………………………………（6）\n二、存在问题………………………………\n（13）前言\n"
        "能源是经济社会发展的重要基础。\n第一章能源绿色低碳转型新起点\n一、过去五年的主要成效\n"
        "能源结构调整实现新突破。\n二、存在问题\n仍有不足。\n"
    )
    text = normalize(raw)
    clauses, _ = ClauseSplitter().run(text, 0, len(text.text), "doc", "doc.txt")
    paths = [c.path for c in clauses]
    assert "第一章" in paths and "第一章一" in paths and "第一章二" in paths
    first = next(c for c in clauses if c.path == "第一章")
    assert "……" not in first.heading and first.page in (None, 1)


def test_a_listing_without_page_numbers_is_the_outline_the_body_repeats() -> None:
    raw = (
        "甲市“十四五”生态环境保护规划\n目录\n第一章“十三五”工作成效\n第一节环境质量保持优良\n"
        "第二章总体要求\n第三章主要任务\n第四章保障措施\n"
        "第一章“十三五”工作成效\n“十三五”期间，完成污水管网改造552公里。\n"
        "第二章总体要求\n到2025年，森林覆盖率达到62%。\n第三章主要任务\n推进治理。\n第四章保障措施\n加强领导。\n"
    )
    text = normalize(raw)
    clauses, _ = ClauseSplitter().run(text, 0, len(text.text), "doc", "doc.txt")
    by_path = {c.path: c for c in clauses}
    assert [p for p in by_path if p.startswith("第")] == ["第一章", "第二章", "第三章", "第四章"]
    review = by_path["第一章"]
    assert review.heading == "“十三五”工作成效"
    assert "552公里" in text.text[review.start : review.end]  # the body's chapter, not the listing's
    assert "目录" not in text.text[review.start : review.end]


def test_a_short_listing_of_numbered_headings_gives_each_clause_once() -> None:
    raw = (
        "甲方案\n目录\n一、总体要求\n二、重点任务\n一、总体要求\n到2025年，完成改造。\n二、重点任务\n推进。\n"
    )
    text = normalize(raw)
    clauses, _ = ClauseSplitter().run(text, 0, len(text.text), "doc", "doc.txt")
    assert [c.path for c in clauses if c.path != "序"] == ["一", "二"]


def test_a_listing_with_page_numbers_glued_on_ends_at_the_foreword() -> None:
    raw = (
        "甲市规划\n目录\n一、基础与形势6\n（一）实施情况6\n（二）面临的挑战16\n二、总体要求18\n前言\n"
        "为推进生态环境保护，特制定本规划。\n一、基础与形势\n（一）实施情况\n完成治理。\n（二）面临的挑战\n压力大。\n"
        "二、总体要求\n到2025年，完成任务。\n"
    )
    text = normalize(raw)
    clauses, _ = ClauseSplitter().run(text, 0, len(text.text), "doc", "doc.txt")
    by_path = {c.path: c for c in clauses}
    assert [p for p in by_path if p != "序"] == ["一", "一（一）", "一（二）", "二"]
    assert by_path["一"].heading == "基础与形势"  # the body's heading, not the listing's 基础与形势6
