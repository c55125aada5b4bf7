"""Target cascade verdicts: is a region's target stronger than, equal to or weaker than a reference?

The ``target_cascade`` canned query returns each region's targets for one indicator and year with
the targets of its parent region and of the country; :func:`annotate` adds the verdict columns
(``vs_parent``, ``vs_national`` and their reasons). :func:`compare` is the verdict of one pair:

* ``missing``: the reference region set no target for the indicator and year;
* ``not comparable``: a different normalised unit, base year (both written and unequal),
  direction (a level against a change) or comparator kind (a floor ``≥`` against a ceiling
  ``≤``); the reason says which;
* otherwise ``stronger`` / ``equal`` / ``weaker`` on the normalised values (``value_normalised``,
  else ``value``; a range by its midpoint). A larger change is stronger (下降18% beats 下降13.5%);
  for a level higher is stronger, unless the indicator is listed in ``data/lower_is_better.tsv``
  (energy and carbon intensity, PUE, coal share) or both targets are ceilings (不高于 …).

Among several reference targets (a province with two plans) the first comparable one is used
(in the query's order: plan title, then position); a row without one gets the first one's reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from policykg.loaders.identity import indicator_key

LOWER_IS_BETTER_FILE = Path(__file__).parent / "data" / "lower_is_better.tsv"

STRONGER, EQUAL, WEAKER, MISSING, NOT_COMPARABLE = "stronger", "equal", "weaker", "missing", "not comparable"
VERDICTS = (STRONGER, EQUAL, WEAKER, MISSING, NOT_COMPARABLE)

_KIND = {"ge": "floor", "gt": "floor", "le": "ceiling", "lt": "ceiling", "eq": "point", "approx": "point"}
_KIND["range"] = "point"
#: Columns the query returns only for the verdicts; not shown.
_INPUT_ONLY = ("multiplier", "unit", "parent_targets", "national_targets")
#: Columns added by :func:`annotate`, after the query's own.
ADDED = (
    "parent_plan",
    "parent_value",
    "vs_parent",
    "vs_parent_reason",
    "national_plan",
    "national_value",
    "vs_national",
    "vs_national_reason",
    "parent_target",
    "national_target",
)

Target = Mapping[str, Any]


@lru_cache(maxsize=1)
def lower_is_better_keys(path: Path = LOWER_IS_BETTER_FILE) -> frozenset[str]:
    """Indicator keys of ``data/lower_is_better.tsv`` (one written form a line, # comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        indicator_key(line.strip()) for line in lines if line.strip() and not line.startswith("#")
    )


def normalised(target: Target) -> float | None:
    """The target's value in its normalised unit; a range by its midpoint."""
    value = target.get("value_normalised")
    if value is None:
        value = target.get("value")
    if value is None:
        return None
    high = target.get("value_max")
    if target.get("comparator") == "range" and high is not None:
        multiplier = target.get("multiplier") or 1.0
        return (float(value) + float(high) * float(multiplier)) / 2
    return float(value)


def _unit(target: Target) -> str | None:
    unit = target.get("unit_normalised") or target.get("unit")
    return str(unit) if unit else None


def compare(local: Target, reference: Target | None, *, lower_is_better: bool = False) -> tuple[str, str]:
    """(verdict, reason) of ``local`` against ``reference``; see the module docstring."""
    if reference is None:
        return MISSING, "no target of the reference region for this indicator and year"
    local_unit, ref_unit = _unit(local), _unit(reference)
    if local_unit != ref_unit:
        return NOT_COMPARABLE, f"unit {local_unit or '—'} vs {ref_unit or '—'}"
    local_base, ref_base = local.get("base_year"), reference.get("base_year")
    if local_base is not None and ref_base is not None and local_base != ref_base:
        return NOT_COMPARABLE, f"base year {local_base} vs {ref_base}"
    local_dir, ref_dir = local.get("direction"), reference.get("direction")
    if (local_dir == "level") != (ref_dir == "level"):
        return NOT_COMPARABLE, f"direction {local_dir} vs {ref_dir}"
    local_kind = _KIND.get(str(local.get("comparator")), "point")
    ref_kind = _KIND.get(str(reference.get("comparator")), "point")
    if {local_kind, ref_kind} == {"floor", "ceiling"}:
        return NOT_COMPARABLE, f"comparator {local.get('comparator')} vs {reference.get('comparator')}"
    a, b = normalised(local), normalised(reference)
    if a is None or b is None:
        return NOT_COMPARABLE, "a value is missing"
    if local_dir != ref_dir:  # an increase against a decrease of the same quantity
        return NOT_COMPARABLE, f"direction {local_dir} vs {ref_dir}"
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
        return EQUAL, ""
    lower = local_dir == "level" and (lower_is_better or local_kind == ref_kind == "ceiling")
    better = a < b if lower else a > b
    reason = "lower is stronger" if lower else ""
    return (STRONGER if better else WEAKER), reason


def against(
    local: Target, references: Sequence[Target], *, lower_is_better: bool = False
) -> tuple[str, str, Target | None]:
    """The verdict against the first comparable of ``references`` (or the first's reason)."""
    if not references:
        verdict, reason = compare(local, None)
        return verdict, reason, None
    first: tuple[str, str, Target | None] | None = None
    for reference in references:
        verdict, reason = compare(local, reference, lower_is_better=lower_is_better)
        if verdict != NOT_COMPARABLE:
            return verdict, reason, reference
        first = first or (verdict, reason, reference)
    assert first is not None
    return first


def annotate(
    columns: Sequence[str], rows: Sequence[Mapping[str, Any]], indicator: str
) -> tuple[list[str], list[dict[str, Any]]]:
    """The query's rows with the verdict columns (:data:`ADDED`), without its input-only ones."""
    lower = indicator_key(indicator) in lower_is_better_keys()
    out_columns = [c for c in columns if c not in _INPUT_ONLY] + list(ADDED)
    out: list[dict[str, Any]] = []
    for row in rows:
        shown = {c: row.get(c) for c in columns if c not in _INPUT_ONLY}
        national_row = row.get("region_level") == "country"
        for prefix, refs in (
            ("parent", row.get("parent_targets")),
            ("national", row.get("national_targets")),
        ):
            if national_row:
                shown.update({f"{prefix}_plan": None, f"{prefix}_value": None})
                shown.update({f"vs_{prefix}": None, f"vs_{prefix}_reason": "the national target itself"})
                shown[f"{prefix}_target"] = None
                continue
            verdict, reason, ref = against(row, list(refs or []), lower_is_better=lower)
            shown[f"{prefix}_plan"] = ref.get("plan") if ref else None
            shown[f"{prefix}_value"] = normalised(ref) if ref else None
            shown[f"vs_{prefix}"] = verdict
            shown[f"vs_{prefix}_reason"] = reason
            shown[f"{prefix}_target"] = ref.get("id") if ref else None
        out.append(shown)
    return out_columns, out
