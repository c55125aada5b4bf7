"""Formatting for the CLI: tables with east-asian widths, JSON and CSV.

Chinese characters take two terminal columns; rich measures them with the Unicode
east-asian-width table, so columns of mixed Chinese and Latin text stay aligned.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json", "csv")
MAX_CELL = 60  # characters shown per table cell; json and csv keep everything


def _cell(value: Any, limit: int | None = MAX_CELL) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (list, tuple)):
        text = "；".join(_cell(v, None) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def render_rows(
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    fmt: str = "table",
    title: str | None = None,
    width: int | None = None,
) -> str:
    """Rows (dicts keyed by column) as a table, a JSON list of objects, or CSV."""
    rows = list(rows)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c), None) for c in columns})
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console = Console(file=io.StringIO(), width=width or 200, record=True, color_system=None)
    console.print(table)
    return console.export_text()


def render_pairs(pairs: Iterable[tuple[str, Any]], title: str | None = None) -> str:
    """A two-column summary table (what, how many)."""
    rows = [{"what": k, "count": v} for k, v in pairs]
    return render_rows(["what", "count"], rows, "table", title=title, width=80)
