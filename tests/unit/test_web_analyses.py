"""The analysis pages' tables (web/analyses.py) from hand-made rows."""

from __future__ import annotations

from policykg.queries.cascade import VERDICTS
from policykg.web.analyses import cascade_page, cascade_value, obligation_page, verdict_counts
from policykg.web.render import header, named, term


def test_headers_verdicts_and_names_from_the_glossary() -> None:
    assert header("vs_parent") == "对上级 vs parent" and header("vs_parent", "en") == "vs parent"
    assert header("due_year", "en") == "due year" and header("no_such_column") == "no such column"
    assert [term(v, "verdict", "en") for v in VERDICTS] == list(VERDICTS)
    assert term("weaker", "verdict") == "更弱 weaker" and term("province", "level", "en") == "provincial"
    assert term("a_verdict_added_later", "verdict") == "a_verdict_added_later" and term(None, "role") == ""
    assert named("青岛市", "region", "en") == "Qingdao City" and named("青岛市", "region") == "青岛市"
    assert named("没有这个地方", "region", "en") == "没有这个地方"


def test_a_cascade_value_in_its_normalised_unit() -> None:
    assert (
        cascade_value({"comparator": "ge", "value": 0.08, "value_normalised": 8.0, "unit_normalised": "%"})
        == "≥ 8 %"
    )
    assert (
        cascade_value(
            {"comparator": "range", "value_normalised": 10.0, "value_max": 12.0, "unit_normalised": "%"}
        )
        == "10–12 %"
    )
    assert cascade_value({"comparator": "eq", "value": 3.5}) == "3.5"
    assert cascade_value({"comparator": "eq"}) == ""


def test_verdict_counts_leave_out_the_national_rows() -> None:
    rows = [{"vs_parent": "weaker"}, {"vs_parent": "weaker"}, {"vs_parent": None}, {"vs_parent": "equal"}]
    counts = verdict_counts(rows, "vs_parent")
    assert counts["weaker"] == 2 and counts["equal"] == 1 and counts["stronger"] == 0
    assert sum(counts.values()) == 3
    page = cascade_page("x", 2025, [{"region_code": "1", "vs_parent": "stronger", "vs_national": None}])
    assert page["regions"] == 1 and page["vs_parent"]["stronger"] == 1 and page["rows"][0]["shown"] == ""


def test_an_obligation_profile_per_plan_and_over_all() -> None:
    rows = [
        {
            "plan": "A",
            "region": "青岛市",
            "region_code": "370200",
            "level": "city",
            "deontic": "obligation",
            "strength": "weak",
            "obligations": 6,
        },
        {
            "plan": "A",
            "region": "青岛市",
            "region_code": "370200",
            "level": "city",
            "deontic": "encouragement",
            "strength": None,
            "obligations": 2,
        },
        {
            "plan": "B",
            "region": "青岛市",
            "region_code": "370200",
            "level": "city",
            "deontic": "prohibition",
            "strength": "strong",
            "obligations": 2,
        },
        {
            "plan": "B",
            "region": "青岛市",
            "region_code": "370200",
            "level": "city",
            "deontic": "novel",
            "strength": "odd",
            "obligations": 2,
        },
    ]
    page = obligation_page(None, "青岛", rows)
    columns = [(c["deontic"], c["strength"]) for c in page["columns"]]
    # the known pairs in their order (binding before directive before encouraging), an unknown one last
    assert columns == [
        ("prohibition", "strong"),
        ("obligation", "weak"),
        ("encouragement", None),
        ("novel", "odd"),
    ]
    assert [c["force"] for c in page["columns"]] == ["binding", "directive", "encouraging", None]
    a, b = page["plans"]
    assert (a["plan"], a["counts"], a["total"], a["shares"]) == ("A", [0, 6, 2, 0], 8, [0.0, 0.75, 0.25, 0.0])
    assert (b["counts"], b["total"]) == ([2, 0, 0, 2], 4)
    assert page["totals"] == [2, 6, 2, 2] and page["total"] == 12
    assert page["shares"] == [0.167, 0.5, 0.167, 0.167]
