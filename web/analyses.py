"""The analysis pages' tables from canned-query rows: the target cascade (``target_cascade``) and
the obligation profile (``obligation_profile``). Pure functions over rows; no reads here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from policykg.queries.cascade import VERDICTS
from policykg.web.render import number

#: A target's comparator as a sign before its value (as :func:`policykg.web.render.target_value`).
SIGNS = {"ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< ", "about": "约 ", "approx": "约 "}
#: The profile's columns in this order; a pair the graph holds that is not listed follows them.
PROFILE_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("obligation", "strong"),
    ("prohibition", "strong"),
    ("obligation", "weak"),
    ("encouragement", None),
)
#: The clause force each (deontic, strength) comes from (loaders.types.deontic, read backwards).
FORCE_OF: dict[tuple[str, str | None], str] = {
    ("obligation", "strong"): "binding",
    ("prohibition", "strong"): "binding",
    ("obligation", "weak"): "directive",
    ("encouragement", None): "encouraging",
}


def cascade_value(row: Mapping[str, Any]) -> str:
    """``≥ 25 %``: a cascade row's target in its normalised unit (a range as low–high)."""
    value = row.get("value_normalised")
    if value is None:
        value = row.get("value")
    if value is None:
        return ""
    text = number(value)
    if row.get("comparator") == "range" and row.get("value_max") is not None:
        text += "–" + number(row.get("value_max"))
    unit = row.get("unit_normalised") or ""
    return f"{SIGNS.get(str(row.get('comparator') or ''), '')}{text} {unit}".strip()


def verdict_counts(rows: Iterable[Mapping[str, Any]], column: str) -> dict[str, int]:
    """How many rows have each verdict in ``column`` (vs_parent, vs_national); the national rows,
    which have none, are not counted."""
    counts = dict.fromkeys(VERDICTS, 0)
    for row in rows:
        verdict = row.get(column)
        if verdict is not None:
            counts[str(verdict)] = counts.get(str(verdict), 0) + 1
    return counts


def cascade_page(indicator: str, year: int, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What ``/cascade`` shows: the rows (each with its shown value) and the verdict counts."""
    return {
        "indicator": indicator,
        "year": year,
        "rows": [{**row, "shown": cascade_value(row)} for row in rows],
        "vs_parent": verdict_counts(rows, "vs_parent"),
        "vs_national": verdict_counts(rows, "vs_national"),
        "regions": len({row.get("region_code") for row in rows}),
    }


def profile_columns(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str | None]]:
    """The (deontic, strength) pairs of the rows: :data:`PROFILE_COLUMNS` first, others after."""
    seen = {(str(r["deontic"]), r.get("strength")) for r in rows}
    known = [c for c in PROFILE_COLUMNS if c in seen]
    return known + sorted((c for c in seen if c not in PROFILE_COLUMNS), key=lambda c: (c[0], c[1] or ""))


def obligation_page(
    plan: str | None, region: str | None, rows: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """What ``/obligations`` shows: one line per plan with its count and share of each
    (deontic, strength), and the same over all of the plans."""
    columns = profile_columns(rows)
    plans: dict[str, dict[str, Any]] = {}
    for row in rows:
        line = plans.setdefault(
            str(row["plan"]),
            {
                "plan": row["plan"],
                "region": row.get("region"),
                "region_code": row.get("region_code"),
                "level": row.get("level"),
                "counts": [0] * len(columns),
                "total": 0,
            },
        )
        at = columns.index((str(row["deontic"]), row.get("strength")))
        line["counts"][at] += int(row["obligations"])
        line["total"] += int(row["obligations"])
    lines = list(plans.values())
    for line in lines:
        line["shares"] = [round(n / line["total"], 3) if line["total"] else 0.0 for n in line["counts"]]
    totals = [sum(line["counts"][i] for line in lines) for i in range(len(columns))]
    total = sum(totals)
    return {
        "plan": plan,
        "region": region,
        "columns": [{"deontic": d, "strength": s, "force": FORCE_OF.get((d, s))} for d, s in columns],
        "plans": lines,
        "totals": totals,
        "total": total,
        "shares": [round(n / total, 3) if total else 0.0 for n in totals],
    }
