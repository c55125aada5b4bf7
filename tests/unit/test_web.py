"""The workbench's pieces that need no database: escaping and highlighting, marks at spans, SVG
charts, the duty register's files, the source-file lookup, the security headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from markupsafe import Markup

from policykg.errors import ConfigError
from policykg.queries.duties import COLUMNS, duties_csv, duties_xlsx, register_format
from policykg.queries.labels import ROLE_ZH, zh
from policykg.queries.run import QueryResult
from policykg.web.app import csp
from policykg.web.charts import Point, year_chart
from policykg.web.render import environment, highlight, link, marked, target_value
from policykg.web.sources import Mark, Segment, SourceFiles, find_marks, segments

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> & 青岛'


def test_highlight_escapes_then_marks() -> None:
    out = highlight(HOSTILE, ["青岛", "script"])
    assert isinstance(out, Markup)
    assert "<script>" not in out and "<img" not in out
    assert "<mark>青岛</mark>" in out and "&lt;<mark>script</mark>&gt;" in out and "&amp;" in out
    assert highlight(None, ["x"]) == ""
    # the longer word wins where two overlap
    assert highlight("可再生能源装机", ["可再生", "可再生能源"]) == "<mark>可再生能源</mark>装机"


def test_marked_escapes_text_and_titles_and_links_only_to_our_pages() -> None:
    runs = [
        Segment("前文<b>"),
        Segment("市发展改革委", "agency", 'agency:x"><script>', 'a" onmouseover="alert(1)'),
        Segment("600万千瓦", "target", "doc/一/target/0", "t"),
        Segment("x", "javascript", "javascript:alert(1)"),
    ]
    out = marked(runs)
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert 'onmouseover="' not in out and "<script>" not in out
    assert 'href="/agency/agency%3Ax%22%3E%3Cscript%3E"' in out
    assert 'href="/target/doc/%E4%B8%80/target/0"' in out
    assert "javascript:" not in out  # an unknown kind is marked, never linked


def test_segments_cut_text_at_marks_and_drop_overlaps() -> None:
    text = "到2025年，装机达到600万千瓦。（责任单位：市能源局）"
    offset = 100
    start = text.index("市能源局")
    marks = [
        Mark(offset + text.index("装机"), offset + text.index("。"), "target", "t1"),
        Mark(offset + text.index("600"), offset + text.index("。"), "target", "t2"),  # inside t1: dropped
        Mark(offset + start, offset + start + 4, "agency", "a1"),
        Mark(offset + 10_000, offset + 10_004, "agency", "far away"),  # outside: dropped
    ]
    runs = segments(text, offset, marks)
    assert "".join(r.text for r in runs) == text
    assert [(r.kind, r.text) for r in runs if r.kind] == [
        ("target", "装机达到600万千瓦"),
        ("agency", "市能源局"),
    ]
    found = find_marks(text, offset, [("市能源局", "agency", "a1", ""), ("不在", "agency", "a2", "")])
    assert [(m.start - offset, m.end - offset) for m in found] == [(start, start + 4)]


def test_links_keep_slashes_and_encode_the_rest() -> None:
    assert link("Clause", "003_a/002/三（一）") == "/clause/003_a/002/%E4%B8%89%EF%BC%88%E4%B8%80%EF%BC%89"
    assert link("Agency", "agency:x?y#z") == "/agency/agency%3Ax%3Fy%23z"


def test_target_value() -> None:
    assert target_value({"value": 600.0, "unit": "万千瓦", "comparator": "ge"}) == "≥ 600 万千瓦"
    assert target_value({"value": 10.0, "value_max": 12.5, "unit": "%"}) == "10–12.5 %"


def test_chart_escapes_and_links_only_relative() -> None:
    points = [
        Point(2025, 20.0, "<script>x</script>", "<b>tip</b>", "/target/a"),
        Point(2030, 25.0, "<script>x</script>", "tip", "javascript:alert(1)"),
        Point(2030, 30.0, "大连市", "tip", "//evil.example/x"),
    ]
    svg = year_chart(points, "%", 'title"><script>')
    assert "<script>" not in svg and "&lt;b&gt;tip&lt;/b&gt;" in svg
    assert svg.count("<a ") == 1 and 'href="/target/a"' in svg
    assert svg.count("<circle") == 3 and "<polyline" in svg
    assert year_chart([], "%") == ""


def test_templates_autoescape() -> None:
    env = environment()
    assert env.from_string("{{ x }}").render(x=HOSTILE).count("<") == 0
    page = env.get_template("error.html").render(status=404, message=HOSTILE, nonce="n")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert page.count("<script") == 1 and '<script nonce="n"' in page


def rows() -> QueryResult:
    row = {
        "agency": "青岛市发展和改革委员会",
        "agency_id": "agency:青岛市发展和改革委员会",
        "agency_as_written": "市发展改革委",
        "role": "support",
        "force": "binding",
        "due_year": 2030,
        "plan": "国家碳达峰试点（青岛）实施方案",
        "plan_id": "004",
        "clause_id": "004/二（一）1",
        "clause_path": "二（一）1",
        "clause_heading": '=HYPERLINK("http://evil")',
        "targets": ["可再生能源装机容量 2025: 600万千瓦", "可再生能源装机容量 2030: 1000万千瓦"],
        "source": "004_ce321d0be690c707.txt",
        "start": 729,
        "end": 735,
        "page": None,
    }
    return QueryResult(list(row), [row, {**row, "role": "a_role_added_later", "force": None}])


def test_duties_csv() -> None:
    table = list(csv.reader(io.StringIO(duties_csv(rows(), "http://127.0.0.1:9000/").decode("utf-8-sig"))))
    assert table[0] == [header for _, header in COLUMNS]
    first = dict(zip(table[0], table[1]))
    assert first["角色 role"] == f"{ROLE_ZH['support']} support"
    assert first["链接 link"] == "http://127.0.0.1:9000/clause/004/%E4%BA%8C%EF%BC%88%E4%B8%80%EF%BC%891"
    assert first["目标 targets"].count("；") == 1
    assert first["标题 heading"].startswith("'=")  # a spreadsheet will not run it
    assert (
        dict(zip(table[0], table[2]))["角色 role"] == "a_role_added_later"
    )  # unknown roles kept as they are


def test_duties_xlsx() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(duties_xlsx(rows(), "http://h:1", title="a/b:c*"))).active
    assert sheet is not None and sheet.title == "a_b_c_"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:N3"
    header = [c.value for c in sheet[1]]
    source = sheet.cell(2, header.index("来源 source") + 1)
    assert source.value == "004_ce321d0be690c707.txt" and source.hyperlink.target.startswith(
        "http://h:1/clause/004/"
    )
    heading = sheet.cell(2, header.index("标题 heading") + 1)
    assert heading.data_type == "s" and heading.value.startswith("=HYPERLINK")


def test_register_format() -> None:
    assert register_format(Path("d.XLSX")) == "xlsx" and register_format(Path("d.csv")) == "csv"
    with pytest.raises(ConfigError, match=r"\.xlsx or \.csv"):
        register_format(Path("d.txt"))


def test_labels_are_lookups() -> None:
    assert (
        zh(ROLE_ZH, "lead") == "牵头 lead"
        and zh(ROLE_ZH, "brand_new") == "brand_new"
        and zh(ROLE_ZH, None) == ""
    )


def test_source_files_know_only_listed_names(tmp_path: Path) -> None:
    (tmp_path / "extra.txt").write_text("到2025年，非化石能源消费比重达到20%。", encoding="utf-8")
    files = SourceFiles([tmp_path])
    assert "004_ce321d0be690c707.txt" in files.names() and "extra.txt" in files.names()
    extra = files.get("extra.txt")
    assert extra is not None and extra.text.startswith("到2025年")
    for name in ("../extra.txt", str(tmp_path / "extra.txt"), "/etc/passwd", "../../pyproject.toml"):
        assert files.get(name) is None
    assert files.get("extra.txt", expected_hash="0" * 64) is None  # changed since loaded: spans would not fit


def test_csp_allows_only_the_nonce() -> None:
    policy = csp("abc")
    assert "script-src 'nonce-abc'" in policy and "default-src 'none'" in policy
    assert "unsafe" not in policy and "http" not in policy
