"""The target cascade verdicts on hand-made targets (no database)."""

from __future__ import annotations

from typing import Any

import pytest

from policykg.queries.cascade import (
    ADDED,
    EQUAL,
    MISSING,
    NOT_COMPARABLE,
    STRONGER,
    WEAKER,
    annotate,
    compare,
    lower_is_better_keys,
)


def target(value: float, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "comparator": "ge",
        "direction": "level",
        "value": value,
        "value_normalised": value,
        "unit_normalised": "%",
        "base_year": None,
        "plan": "方案",
    }
    return {**base, **kw}


@pytest.mark.parametrize(
    ("local", "reference", "lower", "verdict"),
    [
        (target(25), target(20), False, STRONGER),
        (target(20), target(20), False, EQUAL),
        (target(18), target(20), False, WEAKER),
        # a larger decrease is stronger
        (target(19.5, direction="decrease"), target(18, direction="decrease"), False, STRONGER),
        (target(13.5, direction="decrease"), target(18, direction="decrease"), False, WEAKER),
        # a level where lower is better (PUE, intensity): lower is stronger
        (target(1.25, comparator="le"), target(1.3, comparator="le"), True, STRONGER),
        (target(1.4, comparator="eq"), target(1.3, comparator="le"), True, WEAKER),
        # two ceilings: lower is stronger even for an unlisted indicator
        (
            target(80, comparator="le", unit_normalised="万吨"),
            target(90, comparator="le", unit_normalised="万吨"),
            False,
            STRONGER,
        ),
        # "about" and "at least" compare
        (target(20, comparator="approx"), target(20, comparator="ge"), False, EQUAL),
        # a range by its midpoint
        (target(20, comparator="range", value_max=24, multiplier=1.0), target(21), False, STRONGER),
    ],
)
def test_verdicts(local: dict[str, Any], reference: dict[str, Any], lower: bool, verdict: str) -> None:
    assert compare(local, reference, lower_is_better=lower)[0] == verdict


@pytest.mark.parametrize(
    ("local", "reference", "reason"),
    [
        (target(20), target(20, unit_normalised="万吨"), "unit % vs 万吨"),
        (
            target(18, direction="decrease", base_year=2020),
            target(18, direction="decrease", base_year=2005),
            "base year 2020 vs 2005",
        ),
        (target(18, direction="decrease"), target(20), "direction decrease vs level"),
        (
            target(18, direction="decrease"),
            target(18, direction="increase"),
            "direction decrease vs increase",
        ),
        (target(20, comparator="ge"), target(20, comparator="le"), "comparator ge vs le"),
    ],
)
def test_not_comparable_names_the_reason(
    local: dict[str, Any], reference: dict[str, Any], reason: str
) -> None:
    assert compare(local, reference) == (NOT_COMPARABLE, reason)


def test_missing_reference() -> None:
    verdict, reason = compare(target(20), None)
    assert verdict == MISSING and "no target" in reason


def test_a_base_year_written_on_one_side_only_still_compares() -> None:
    local = target(18, direction="decrease", base_year=2020)
    assert compare(local, target(18, direction="decrease"))[0] == EQUAL


def test_lower_is_better_list_is_keyed() -> None:
    keys = lower_is_better_keys()
    from policykg.loaders.identity import indicator_key

    assert indicator_key("单位国内生产总值二氧化碳排放") in keys
    assert indicator_key("PUE") in keys
    assert indicator_key("非化石能源消费比重") not in keys


def test_annotate_rows() -> None:
    national = target(20, plan="国家方案")
    province = target(22, plan="省方案")
    rows = [
        {
            **national,
            "region": "中国",
            "region_level": "country",
            "parent_targets": [],
            "national_targets": [national],
        },
        {
            **province,
            "region": "辽宁省",
            "region_level": "province",
            "parent_targets": [national],
            "national_targets": [national],
        },
        {
            **target(21, plan="市方案"),
            "region": "大连市",
            "region_level": "prefecture",
            "parent_targets": [target(20, unit_normalised="万吨"), province],
            "national_targets": [national],
        },
        {
            **target(19),
            "region": "某市",
            "region_level": "prefecture",
            "parent_targets": [],
            "national_targets": [national],
        },
    ]
    columns = ["region", "region_level", "value", "unit", "parent_targets", "national_targets"]
    out_columns, out = annotate(columns, rows, "非化石能源消费比重")
    assert out_columns == ["region", "region_level", "value", *ADDED]
    assert out[0]["vs_national"] is None and out[0]["vs_national_reason"] == "the national target itself"
    assert (out[1]["vs_parent"], out[1]["vs_national"]) == (STRONGER, STRONGER)
    # the first comparable parent target (the 万吨 one is skipped)
    assert (out[2]["vs_parent"], out[2]["parent_plan"], out[2]["parent_value"]) == (WEAKER, "省方案", 22)
    assert out[2]["vs_national"] == STRONGER
    assert (out[3]["vs_parent"], out[3]["vs_national"]) == (MISSING, WEAKER)
