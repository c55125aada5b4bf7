"""The duty register of an agency (``agency_duties``) as a spreadsheet or CSV.

One row per duty: the clause the agency is named responsible for, its role, the clause's force and
due year, the targets, the plan, and the evidence. The same writer serves ``policykg duties`` and
the workbench's ``/agency/{id}/duties.xlsx|.csv`` downloads, so both give the same file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import neo4j

from policykg.errors import ConfigError, QueryError
from policykg.loaders import glossary
from policykg.queries.labels import FORCE_ZH, ROLE_ZH, zh
from policykg.queries.run import QueryResult, run_pages

#: Rows fetched per page, and the most a register holds (the busiest agency of the bundled
#: corpus has a few hundred duties; a register of more is not one a bureau reads).
PAGE = 500
MAX_ROWS = 20_000
#: Where the workbench runs by default: the source column links to its clause page.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"

#: The register's columns: (query column, header). Chinese first, the column name beside it.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("agency", "单位 agency"),
    ("agency_as_written", "原文写法 as written"),
    ("role", "角色 role"),
    ("force", "约束力 force"),
    ("due_year", "完成年份 due year"),
    ("plan", "方案 plan"),
    ("clause_path", "条款 clause"),
    ("clause_heading", "标题 heading"),
    ("targets", "目标 targets"),
    ("source", "来源 source"),
    ("page", "页码 page"),
    ("start", "起 start"),
    ("end", "止 end"),
    ("link", "链接 link"),
)
FORMATS = ("xlsx", "csv")
LANGS = ("zh", "en")


def columns(lang: str = "zh") -> tuple[tuple[str, str], ...]:
    """The register's columns in a language: ``en`` has English headers only and the agency's
    English name (from the glossary) beside its Chinese name."""
    if lang != "en":
        return COLUMNS
    found: list[tuple[str, str]] = []
    for key, _ in COLUMNS:
        found.append((key, glossary.column_en(key)))
        if key == "agency":
            found.append(("agency_en", "agency (English)"))
    return tuple(found)


def duty_register(
    driver: neo4j.Driver,
    agency: str,
    region: str | None = None,
    database: str = "neo4j",
    max_rows: int = MAX_ROWS,
) -> QueryResult:
    """Every duty of the agency: ``agency_duties`` page by page (its pages are in a fixed order)."""
    paged = run_pages(
        driver, "agency_duties", {"agency": agency, "region": region}, database, page=PAGE, max_rows=max_rows
    )
    rows, columns = paged.rows, paged.columns
    if not rows:
        where = f" in {region}" if region else ""
        raise QueryError(
            f"no duties found for agency {agency!r}{where}: give its full name (青岛市发展和改革委员会), "
            f"its id, or a name as written with --region; find it with `policykg query search_all -p q=…`"
        )
    return QueryResult(columns, rows)


def clause_url(base_url: str, clause_id: str) -> str:
    return f"{base_url.rstrip('/')}/clause/{quote(clause_id, safe='/')}"


def _cell(row: dict[str, Any], key: str, base_url: str, lang: str = "zh") -> Any:
    value = row.get(key)
    if key == "link":
        return clause_url(base_url, str(row["clause_id"])) if row.get("clause_id") else ""
    if key == "agency_en":
        return glossary.agency_en(str(row.get("agency") or ""), row.get("region")) or ""
    if key in ("role", "force") and lang == "en":
        return "" if value is None else str(value)
    if key == "role":
        return zh(ROLE_ZH, value)
    if key == "force":
        return zh(FORCE_ZH, value)
    if isinstance(value, list):
        return "；".join(map(str, value))
    return "" if value is None else value


def register_rows(result: QueryResult, base_url: str = DEFAULT_BASE_URL, lang: str = "zh") -> list[list[Any]]:
    """The register as a header row and one list per duty (what both formats write)."""
    header = columns(lang)
    table: list[list[Any]] = [[name for _, name in header]]
    table.extend([_cell(row, key, base_url, lang) for key, _ in header] for row in result.rows)
    return table


def duties_csv(result: QueryResult, base_url: str = DEFAULT_BASE_URL, lang: str = "zh") -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet program opens the Chinese text as such."""
    buffer = io.StringIO()
    table = register_rows(result, base_url, lang)
    csv.writer(buffer).writerows([[_csv_safe(v) for v in row] for row in table])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def duties_xlsx(
    result: QueryResult, base_url: str = DEFAULT_BASE_URL, title: str = "职责清单", lang: str = "zh"
) -> bytes:
    """A workbook: header row frozen, filters on, the source column linked to the clause's page."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header = columns(lang)
    table = register_rows(result, base_url, lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = _sheet_title(title)
    for values in table:
        sheet.append(values)
    for line in sheet.iter_rows():
        for cell in line:
            # openpyxl takes a string starting with = for a formula: document text is text
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(table)}"
    source_col = [key for key, _ in header].index("source") + 1
    link_col = [key for key, _ in header].index("link") + 1
    for index in range(2, len(table) + 1):
        url = sheet.cell(index, link_col).value
        if url:
            cell = sheet.cell(index, source_col)
            cell.hyperlink = str(url)
            cell.style = "Hyperlink"
    widths = {
        "agency": 24,
        "agency_en": 36,
        "plan": 30,
        "clause_heading": 30,
        "targets": 40,
        "source": 26,
        "link": 40,
    }
    for position, (key, _) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = widths.get(key, 12)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in title)
    return cleaned[:31] or "duties"


def _csv_safe(value: Any) -> Any:
    """Text a spreadsheet would read as a formula (=, +, -, @ first) stays text (a leading ')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def register_format(out: Path) -> str:
    """``xlsx`` or ``csv`` from the file name; anything else is a ConfigError naming the file."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ConfigError(
            f"{out}: the duty register is written as .xlsx or .csv, not {out.suffix or '(no suffix)'}; "
            "name the file duties.xlsx or duties.csv"
        )
    return fmt


def write_duties(
    result: QueryResult, out: Path, base_url: str = DEFAULT_BASE_URL, title: str = "", lang: str = "zh"
) -> str:
    """Write the register to ``out`` (``.xlsx`` or ``.csv``); returns the format written."""
    fmt = register_format(out)
    data = (
        duties_xlsx(result, base_url, title or ("duties" if lang == "en" else "职责清单"), lang)
        if fmt == "xlsx"
        else duties_csv(result, base_url, lang)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return fmt


__all__: Sequence[str] = (
    "COLUMNS",
    "duties_csv",
    "duties_xlsx",
    "duty_register",
    "register_format",
    "write_duties",
)
