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
