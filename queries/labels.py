"""Short Chinese labels beside the graph's English values (roles, forces, levels, node kinds).

Look-ups, not closed sets: a value the graph holds that is not listed here (a role renamed or
added by the extractor) is shown as it is, so pages and registers never drop or refuse it. The
set of values always comes from the graph.
"""

from __future__ import annotations

from typing import Any

from policykg.loaders import glossary
from policykg.queries.run import QueryResult

ROLE_ZH: dict[str, str] = {
    "lead": "牵头",
    "support": "配合",
    "responsible": "责任",
    "participant": "参与",
    "local_government": "属地",
}
FORCE_ZH: dict[str, str] = {
    "binding": "约束性",
    "directive": "指导性",
    "encouraging": "鼓励性",
}
LEVEL_ZH: dict[str, str] = {
    "national": "国家",
    "ministry": "部委",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "district": "区级",
    "country": "国家",
    "prefecture": "地级",
}
KIND_ZH: dict[str, str] = {
    "Plan": "规划",
    "Clause": "条款",
    "Target": "目标",
    "Agency": "单位",
    "Region": "地区",
    "Indicator": "指标",
    "Obligation": "义务",
}


def zh(table: dict[str, str], value: object) -> str:
    """``牵头 lead`` for a known value, the value itself otherwise (empty for None)."""
    if value is None or value == "":
        return ""
    text = str(value)
    label = table.get(text)
    return f"{label} {text}" if label else text


# ---------------------------------------------------------------- English (--lang en)

#: Columns whose values carry the region an agency name is read in (市发展改革委 of 青岛).
_REGION_COLUMNS = ("region_code", "region", "plan_region")


def english_value(kind: str, value: Any, region: str | None = None) -> Any:
    """The glossary's English of one cell (a list cell item by item); None when it has none."""
    if isinstance(value, (list, tuple)):
        items = [glossary.english(kind, item, region) for item in value]
        return items if any(items) else None
    return glossary.english(kind, value, region)


def with_english(result: QueryResult) -> QueryResult:
    """``--lang en``: beside each column the glossary can translate (agency, region, indicator,
    role, level, force, kind …; :data:`policykg.loaders.glossary.COLUMN_KINDS`), a column
    ``<name>_en`` with its English (empty where the glossary has none). The documents' own text
    (titles, clause text, quotes) stays as it is: it is never translated."""
    translated = [c for c in result.columns if c in glossary.COLUMN_KINDS and f"{c}_en" not in result.columns]
    if not translated:
        return result
    columns: list[str] = []
    for column in result.columns:
        columns.append(column)
        if column in translated:
            columns.append(f"{column}_en")
    rows = []
    for row in result.rows:
        region = next((str(row[c]) for c in _REGION_COLUMNS if row.get(c)), None)
        extended: dict[str, Any] = {}
        for column in result.columns:
            extended[column] = row.get(column)
            if column in translated:
                extended[f"{column}_en"] = english_value(
                    glossary.COLUMN_KINDS[column], row.get(column), region
                )
        rows.append(extended)
    return QueryResult(columns, rows)
