"""Empty answers say which parameter matched nothing; `search` and `agency_workload` page with skip.
Against the real Neo4j holding the bundled corpus."""

from __future__ import annotations

from typing import Any

import pytest

from policykg.queries.catalog import get_query
from policykg.queries.hints import explain_empty
from policykg.queries.run import run_query

Handle = tuple[Any, str]


def _why(handle: Handle, name: str, **params: Any) -> str:
    driver, database = handle
    result = run_query(driver, name, params, database)
    assert result.rows == [], f"{name} {params} answered {len(result.rows)} rows"
    query = get_query(name)
    return explain_empty(driver, query, query.bind(params), database)


def test_a_region_written_with_its_province_is_named_with_what_was_meant(corpus_graph: Handle) -> None:
    why = _why(corpus_graph, "region_targets", region="山东省青岛市")
    assert why.startswith("no rows: no region matches region=山东省青岛市")
    assert "青岛市 (370200)" in why  # the region the value contains


def test_the_parameter_that_matched_nothing_is_the_one_named(corpus_graph: Handle) -> None:
    why = _why(corpus_graph, "target_owner", region="青岛", indicator="不存在的指标")
    assert "no indicator matches indicator=不存在的指标" in why and "no region" not in why
    assert "no target has year=2031" in _why(corpus_graph, "target_owner", region="青岛", year=2031)
    assert "no agency matches agency=不存在的局" in _why(
        corpus_graph, "agency_obligations", agency="不存在的局"
    )
    assert "no plan matches plan=不存在的方案" in _why(corpus_graph, "plan_lineage", plan="不存在的方案")


def test_values_that_each_match_but_not_together_are_said_to(corpus_graph: Handle) -> None:
    # Dalian sets targets, and 海上风电 is an indicator elsewhere, but not a target of Dalian's plans
    why = _why(corpus_graph, "target_owner", region="大连", indicator="海上风电装机容量", year=2025)
    assert why.startswith("no rows: region=大连, indicator=海上风电装机容量, year=2025 each match something")


def test_a_page_after_the_end_says_so(corpus_graph: Handle) -> None:
    why = _why(corpus_graph, "region_targets", region="青岛", skip=100000)
    assert why.startswith("no rows after skip=100000")


@pytest.mark.parametrize(("name", "params"), [("search", {"q": "海上风电"}), ("agency_workload", {})])
def test_pages_follow_each_other(corpus_graph: Handle, name: str, params: dict[str, Any]) -> None:
    """Two pages of 4 are the first 8 rows, in order, none twice."""
    driver, database = corpus_graph
    whole = run_query(driver, name, {**params, "limit": 8}, database).rows
    first = run_query(driver, name, {**params, "limit": 4, "skip": 0}, database).rows
    second = run_query(driver, name, {**params, "limit": 4, "skip": 4}, database).rows
    assert len(whole) == 8
    assert first + second == whole
