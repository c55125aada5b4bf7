"""Policy diffusion on the bundled corpus (``policy_diffusion`` and :func:`diffusion`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from policykg import cli
from policykg.errors import QueryError
from policykg.queries.diffusion import CLASSES, LOCALISED_MIN, diffusion
from policykg.queries.run import run_query

Handle = tuple[Any, str]


def test_a_plan_copying_the_national_clause_on_training_officials(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    found = diffusion(driver, plan="上海市碳达峰实施方案", database=database)
    rows = found.pairs.rows
    assert {r["plan"] for r in rows} == {"上海市碳达峰实施方案"}
    assert {r["class"] for r in rows} <= set(CLASSES)
    assert "local_text" not in found.pairs.columns and "class" in found.pairs.columns
    copied = [r for r in rows if r["class"] == "copied"]
    # 强化领导干部培训: the national text with 市、区两级党校 and the city's agencies
    assert any(
        r["clause_heading"] == "强化领导干部培训"
        and r["source_plan"] == "2030年前碳达峰行动方案"
        and r["source_path"] == "三（九）4"
        and r["verbatim"] >= 0.8
        for r in copied
    ), copied
    localised = [r for r in rows if r["class"] == "localised"]
    assert len(localised) >= 10
    assert all(r["kept"] >= LOCALISED_MIN for r in localised)
    (plan,) = found.plans
    assert plan.pairs == len(rows) and plan.copied == len(copied) and plan.localised == len(localised)
    assert plan.score == pytest.approx(len(localised) / (len(copied) + len(localised)), abs=1e-3)


def test_a_region_takes_in_its_districts(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    found = diffusion(driver, region="上海", database=database)
    codes = {r["region_code"] for r in found.pairs.rows}
    assert "310000" in codes and "310104" in codes  # 徐汇区
    assert all(str(code).startswith("31") for code in codes)
    assert {r.id for r in found.regions} == codes
    assert sum(r.pairs for r in found.regions) == len(found.pairs.rows)
    for region in found.regions:
        assert region.copied + region.localised + region.loosely_related == region.pairs
        assert region.score is None or 0 <= region.score <= 1


def test_the_national_clauses_copied_most_often(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    found = diffusion(driver, database=database)
    assert len(found.pairs.rows) > 4000
    assert {r["class"] for r in found.pairs.rows} == set(CLASSES)
    top = found.most_copied
    assert top and all(c.copied >= 1 for c in top)
    assert [c.copied for c in top] == sorted((c.copied for c in top), reverse=True)
    training = [c for c in top if c.heading == "强化领导干部培训"]
    assert training and {"上海市碳达峰实施方案", "天津市碳达峰实施方案"} <= set(training[0].copied_by)


def test_the_query_pages(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    first = run_query(driver, "policy_diffusion", {"region": "上海", "limit": 5}, database).rows
    second = run_query(driver, "policy_diffusion", {"region": "上海", "limit": 5, "skip": 5}, database).rows
    assert len(first) == len(second) == 5
    assert not {(r["clause_id"], r["source_clause_id"]) for r in first} & {
        (r["clause_id"], r["source_clause_id"]) for r in second
    }


def test_an_unknown_plan_names_the_fix(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    with pytest.raises(QueryError, match="no DERIVES_FROM clause pairs for plan '不存在的方案'"):
        diffusion(driver, plan="不存在的方案", database=database)


def test_the_cli_in_each_format(corpus_cli: CliRunner) -> None:
    done = corpus_cli.invoke(cli.main, ["diffusion", "--plan", "上海市碳达峰实施方案", "--format", "json"])
    assert done.exit_code == 0, done.output
    found = json.loads(done.stdout)
    assert set(found) == {"pairs", "plans", "regions", "most_copied"}
    assert found["plans"][0]["name"] == "上海市碳达峰实施方案"
    assert any(r["class"] == "copied" for r in found["pairs"])
    csv_out = corpus_cli.invoke(
        cli.main, ["diffusion", "--region", "上海", "--format", "csv", "--lang", "en"]
    )
    assert csv_out.exit_code == 0, csv_out.output
    header = csv_out.stdout.splitlines()[0].split(",")
    assert header[:3] == ["region", "region_en", "region_code"] and "class" in header
    table = corpus_cli.invoke(
        cli.main, ["diffusion", "--region", "上海", "--lang", "en"], env={"COLUMNS": "300"}
    )
    assert table.exit_code == 0, table.output
    assert "localisation by region" in table.stdout and "national clauses copied most often" in table.stdout


def test_the_cli_needs_a_plan_or_region(corpus_cli: CliRunner) -> None:
    done = corpus_cli.invoke(cli.main, ["diffusion"])
    assert done.exit_code == 2 and "give --plan" in done.output
    missing = corpus_cli.invoke(cli.main, ["diffusion", "--plan", "不存在的方案"])
    assert missing.exit_code != 0 and "no DERIVES_FROM clause pairs" in missing.output
