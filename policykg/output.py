"""Formatting for the CLI: tables with east-asian widths, JSON and CSV.

Values are data, printed verbatim: never read as rich markup (``[/]``, ``[bold]``) or emoji codes
(``:x:``), and control characters (ESC, BEL, C1, bidirectional overrides) are shown escaped
(``\\x1b``), so a document cannot move the cursor, retitle the terminal or reorder what is shown.

Tables fit the terminal (``COLUMNS``, else its width, else 200): a row is one line, long cells
are cut with an ellipsis, the widest columns first, and a table whose headers alone do not fit
becomes a record view (one ``column  value`` line per field). :func:`table_view` says how many
cells were cut, so the CLI can point to ``--format json``/``csv`` for the whole values. Chinese
characters take two columns; widths come from rich's east-asian-width table.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "json", "csv")
#: Display columns a table cell takes at most (a Chinese character is two); json and csv keep all.
MAX_CELL_WIDTH = 80
#: A column is not cut below this many display columns (or its header's width, if wider).
MIN_CELL_WIDTH = 6
DEFAULT_WIDTH = 200
ELLIPSIS = "…"

#: Characters a terminal acts on: C0 controls, DEL, C1 controls (CSI, OSC …), and the bidi
#: embedding/override/isolate marks. Tab, line feed, CR, VT and FF are whitespace to a table.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with every control character but those in ``keep`` written out (``\\x1b``)."""
    if keep:
        return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return _CONTROLS.sub(_escape, text)


def _text(value: Any) -> str:
    """A value as one string (lists joined by ；, maps as JSON), nothing cut or escaped yet."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (list, tuple)):
        return "；".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _cell(value: Any) -> str:
    """A table cell: controls escaped, then runs of whitespace (line breaks too) as one space."""
    return " ".join(escape_controls(_text(value), keep="\t\n\r\x0b\x0c").split())


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns, with an ellipsis when it was longer."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + ELLIPSIS


@dataclass(frozen=True)
class TableView:
    text: str
    shortened: int = 0  # cells cut with an ellipsis
    records: bool = False  # printed as a record view (the headers did not fit side by side)


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else :data:`DEFAULT_WIDTH` (output to a pipe)."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def _column_widths(natural: list[int], floors: list[int], available: int) -> list[int] | None:
    """Widths that fit ``available``: the widest columns are cut first, none below its floor
    (None: not even the floors fit)."""
    if sum(natural) <= available:
        return natural
    if sum(min(n, f) for n, f in zip(natural, floors)) > available:
        return None
    low, high = 0, max(natural)  # the largest cap whose widths fit
    while low < high:
        cap = (low + high + 1) // 2
        if sum(min(n, max(cap, f)) for n, f in zip(natural, floors)) <= available:
            low = cap
        else:
            high = cap - 1
    return [min(n, max(low, f)) for n, f in zip(natural, floors)]


def table_view(
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    title: str | None = None,
    width: int | None = None,
) -> TableView:
    """Rows as a table fitting ``width`` display columns (default: :func:`terminal_width`)."""
    width = width or terminal_width()
    headers = [_cell(c) for c in columns]
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    natural = [
        min(MAX_CELL_WIDTH, max([cell_len(h), *(cell_len(r[i]) for r in cells)]))
        for i, h in enumerate(headers)
    ]
    floors = [max(cell_len(h), MIN_CELL_WIDTH) for h in headers]
    borders = 3 * len(headers) + 1  # "│ " before each cell, " │" after the last
    widths = _column_widths(natural, floors, width - borders)
    if widths is None:
        return _record_view(headers, cells, title, width)
    shortened = sum(1 for r in cells for text, w in zip(r, widths) if cell_len(text) > w)
    table = Table(title=Text(_cell(title)) if title else None, show_lines=False, header_style="bold")
    for header, column_width in zip(headers, widths):
        table.add_column(Text(header), width=column_width, no_wrap=True, overflow="ellipsis")
    for r in cells:
        table.add_row(*(Text(_fit(text, w)) for text, w in zip(r, widths)))
    return TableView(_print(table, width), shortened)


def _record_view(headers: list[str], cells: list[list[str]], title: str | None, width: int) -> TableView:
    """One block per row, one ``column  value`` line per field: for tables too wide to show."""
    label = min(max(cell_len(h) for h in headers), width // 3)
    room = max(MIN_CELL_WIDTH, width - label - 2)
    lines = [_cell(title)] if title else []
    shortened = 0
    for number, r in enumerate(cells, start=1):
        head = f"── row {number} "
        lines.append(head + "─" * max(0, width - cell_len(head)))
        for header, text in zip(headers, r):
            shortened += cell_len(text) > room
            lines.append(f"{set_cell_size(_fit(header, label), label)}  {_fit(text, room)}".rstrip())
    return TableView("".join(line + "\n" for line in lines), shortened, records=True)


def _print(table: Table, width: int) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        record=True,
        color_system=None,
        markup=False,
        emoji=False,
        highlight=False,
    )
    console.print(table)
    text = console.export_text()
    return text if text.endswith("\n") else text + "\n"


#: What json.dumps leaves as it is of :data:`_CONTROLS` (it escapes C0 in strings itself; a C0
#: character left in its output is the indentation's whitespace).
_JSON_UNESCAPED = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls as \\u escapes (the same string once parsed)."""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_json(value: Any) -> str:
    """Any JSON-ready value as indented JSON, with :func:`render_rows`'s escaping of controls."""
    return _json_safe(json.dumps(value, ensure_ascii=False, indent=2, default=str)) + "\n"


def render_rows(
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    fmt: str = "table",
    title: str | None = None,
    width: int | None = None,
) -> str:
    """Rows (dicts keyed by column) as a table, a JSON list of objects, or CSV.

    JSON keeps every value whole and exact (control characters as JSON escapes); CSV keeps them
    whole with tab and line feed as they are and other control characters written as ``\\x1b``."""
    rows = list(rows)
    if fmt == "json":
        return _json_safe(json.dumps(rows, ensure_ascii=False, indent=2, default=str)) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([escape_controls(c, keep="\t\n") for c in columns])
        for row in rows:
            writer.writerow([escape_controls(_text(row.get(c)), keep="\t\n") for c in columns])
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return table_view(columns, rows, title, width).text


def render_pairs(pairs: Iterable[tuple[str, Any]], title: str | None = None) -> str:
    """A two-column summary table (what, how many)."""
    rows = [{"what": k, "count": v} for k, v in pairs]
    return render_rows(["what", "count"], rows, "table", title=title, width=80)
