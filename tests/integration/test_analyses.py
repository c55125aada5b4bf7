"""The issue-21 analyses on the bundled corpus: target cascades and obligation profiles."""

from __future__ import annotations

from typing import Any

from policykg.queries.cascade import VERDICTS
from policykg.queries.run import run_query

Handle = tuple[Any, str]


def rows(handle: Handle, name: str, **params: Any) -> list[dict[str, Any]]:
    driver, database = handle
    return run_query(driver, name, params, database).rows


def test_target_cascade_of_non_fossil_share_2025(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "target_cascade", indicator="非化石能源消费比重", year=2025)
    national = [r for r in found if r["region_level"] == "country"]
    assert national, "the national target is a row"
    assert all(r["vs_national"] is None for r in national)
    local = [r for r in found if r["region_level"] != "country"]
    assert len({r["region_code"] for r in local}) >= 3, "several regions"
    for r in local:
        assert r["vs_parent"] in VERDICTS and r["vs_national"] in VERDICTS, r
        if r["vs_national"] == "not comparable":
            assert r["vs_national_reason"], r
        if r["vs_national"] in ("stronger", "equal", "weaker"):
            assert r["national_value"] is not None and r["unit_normalised"] == "%"
    # the verdict agrees with the values: a higher share than the nation's is stronger
    for r in local:
        if r["vs_national"] == "stronger" and r["direction"] == "level":
            assert r["value_normalised"] > r["national_value"]
        if r["vs_national"] == "weaker" and r["direction"] == "level":
            assert r["value_normalised"] < r["national_value"]
    assert {r["vs_national"] for r in local} & {"stronger", "equal", "weaker"}


def test_target_cascade_of_an_unknown_indicator_is_empty(corpus_graph: Handle) -> None:
    assert rows(corpus_graph, "target_cascade", indicator="不存在的指标", year=2025) == []


def test_obligation_profile_of_qingdao(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "obligation_profile", region="青岛")
    assert found and {r["region"] for r in found} == {"青岛市"}
    assert {r["deontic"] for r in found} <= {"obligation", "prohibition", "encouragement"}
    for r in found:
        assert (r["strength"] is None) == (r["deontic"] == "encouragement"), r
    for plan in {r["plan"] for r in found}:
        shares = [r["share"] for r in found if r["plan"] == plan]
        assert abs(sum(shares) - 1) < 0.01


def test_obligation_profile_of_a_plan_across_the_corpus(corpus_graph: Handle) -> None:
    everything = rows(corpus_graph, "obligation_profile")
    assert {r["deontic"] for r in everything} == {"obligation", "prohibition", "encouragement"}
    assert {r["strength"] for r in everything if r["deontic"] == "obligation"} == {"strong", "weak"}
    one = everything[0]["plan"]
    assert {r["plan"] for r in rows(corpus_graph, "obligation_profile", plan=one)} >= {one}
