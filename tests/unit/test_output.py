"""CLI output: values verbatim in every format (no markup, no emoji, controls escaped), tables that
fit the terminal (one line a row, long cells cut with an ellipsis, a record view when even the
headers do not fit), the row count and hints on lines of their own, the next page named."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from policykg.api import page_hint
from policykg.cli import _print_result
from policykg.output import escape_controls, render_rows, table_view
from policykg.queries.run import QueryResult

HOSTILE = {
    "markup": "a [/] b [bold red]x[/bold red] [link=http://evil]y[/link]",
    "emoji": ":x: :thumbs_up:",
    "title": "\x1b]0;pwned\x07",  # OSC: retitles a terminal
    "cursor": "ok\x1b[2J\x1b[1;1Hgone\r\x9b31m",  # clear screen, move, CR, C1 CSI
    "bidi": "\u202egnp.exe",
}
COLUMNS = list(HOSTILE)

#: What a terminal would act on (ESC, BEL, CSI, CR, the RLO override), none of which may be printed.
ACTIVE = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


def test_a_table_shows_values_verbatim() -> None:
    text = render_rows(COLUMNS, [HOSTILE], "table", width=250)
    assert "a [/] b [bold red]x[/bold red] [link=http://evil]y[/link]" in text
    assert ":x: :thumbs_up:" in text and "❌" not in text and "👍" not in text
    assert "\\x1b]0;pwned\\x07" in text and "ok\\x1b[2J\\x1b[1;1Hgone \\x9b31m" in text
    assert "\\u202egnp.exe" in text
    assert not any(c in text for c in ACTIVE)


def test_json_keeps_every_value_exact_and_prints_no_control() -> None:
    text = render_rows(COLUMNS, [HOSTILE], "json")
    assert not any(c in text for c in ACTIVE)
    assert json.loads(text) == [HOSTILE]  # escapes only: the same strings once parsed


def test_csv_escapes_controls_and_keeps_the_rest() -> None:
    value = {"markup": "第一行\n第二行\t[b]", "emoji": ":x:", "title": "\x1b]0;t\x07"}
    text = render_rows(["markup", "emoji", "title"], [value], "csv")
    assert "\x1b" not in text and "\x07" not in text
    assert list(csv.reader(io.StringIO(text))) == [
        ["markup", "emoji", "title"],
        ["第一行\n第二行\t[b]", ":x:", "\\x1b]0;t\\x07"],
    ]


def test_escape_controls_keeps_what_it_is_told_to() -> None:
    assert escape_controls("a\tb\nc\x00\x7f") == "a\\x09b\\x0ac\\x00\\x7f"
    assert escape_controls("a\tb\nc\x00", keep="\t\n") == "a\tb\nc\\x00"


LONG = "到2025年，全市可再生能源装机容量达到600万千瓦以上，非化石能源消费比重提高到百分之二十以上，" * 3


def _rows(n: int = 12) -> list[dict[str, object]]:
    return [
        {
            "region": "青岛市",
            "plan": "青岛市碳达峰实施方案（" + "很长的标题" * 8 + "）",
            "clause_path": f"二（一）{i}",
            "year": 2025,
            "value": 600.0,
            "unit": "万千瓦",
            "source": "004_ce321d0be690c707.txt",
            "start": 1000 + i,
            "end": 1100 + i,
            "page": None,
            "quote": LONG,
            "heading": "大力发展新能源" * 4,
        }
        for i in range(n)
    ]


def test_at_250_columns_each_row_is_one_line_with_long_cells_cut() -> None:
    rows = _rows()
    view = table_view(list(rows[0]), rows, title="这个地区设定了哪些目标？", width=250)
    lines = view.text.splitlines()
    assert max(cell_len(line) for line in lines) <= 250
    body = [line for line in lines if line.startswith("│")]
    assert len(body) == len(rows)  # no cell wraps onto a second line
    assert view.shortened >= len(rows) and "…" in view.text  # quote, plan, heading: cut
    # short columns are never cut: the widest ones give way first
    assert all("二（一）" in line and "2025" in line and "万千瓦" in line for line in body)
    assert view.text.endswith("┘\n")


def test_a_table_too_wide_for_its_headers_becomes_a_record_view() -> None:
    rows = _rows(2)
    view = table_view(list(rows[0]), rows, width=60)
    assert view.records
    lines = view.text.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert [line.split()[:3] for line in lines if line.startswith("── row")] == [
        ["──", "row", "1"],
        ["──", "row", "2"],
    ]
    assert any(line.startswith("clause_path") and "二（一）1" in line for line in lines)
    assert view.shortened > 0


def test_the_row_count_and_the_hint_are_lines_of_their_own() -> None:
    rows = _rows(3)
    result = QueryResult(list(rows[0]), rows)
    runner = CliRunner()
    with runner.isolation(env={"COLUMNS": "250"}) as (out, err, _):
        _print_result(result, "table")
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    assert stdout.endswith("┘\n")  # the table's last border ends its line
    assert stderr.splitlines()[0] == "3 row(s)"
    assert "cut to fit 250 columns: --format json or --format csv shows every value whole" in stderr


def test_an_empty_answer_prints_its_reason_not_an_empty_table() -> None:
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        _print_result(QueryResult(["a"], []), "table", empty=lambda: "no rows: no region matches region=山东")
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    assert stdout == ""
    assert stderr == "no rows: no region matches region=山东\n"


@pytest.mark.parametrize(
    ("bound", "rows", "hint"),
    [
        (
            {"limit": 20, "skip": 0},
            20,
            "(rows 1-20; there may be more: the next page is -p skip=20 -p limit=20)",
        ),
        (
            {"limit": 20, "skip": 40},
            20,
            "(rows 41-60; there may be more: the next page is -p skip=60 -p limit=20)",
        ),
        ({"limit": 20, "skip": 40}, 7, None),  # the last page
        ({"limit": 5}, 5, "(rows 1-5; there may be more: the next page is -p limit=10)"),
        ({"region": "青岛"}, 3, None),
    ],
)
def test_the_paging_hint_names_the_next_page(bound: dict[str, int], rows: int, hint: str | None) -> None:
    assert page_hint(bound, rows) == hint
