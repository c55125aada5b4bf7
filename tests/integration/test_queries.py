"""Every canned query against the real Neo4j loaded with the bundled corpus, with concrete rows."""

from __future__ import annotations

from typing import Any

import pytest

from policykg.errors import QueryError, WriteRefused
from policykg.queries.catalog import load_catalog, load_views
from policykg.queries.run import run_cypher, run_example, run_query, run_view

QINGDAO = "004_ce321d0be690c707.txt"
DALIAN = "000_af030718e515ca0c.txt"
NATIONAL_2030 = "2030年前碳达峰行动方案"

Handle = tuple[Any, str]


def rows(handle: Handle, name: str, **params: Any) -> list[dict[str, Any]]:
    driver, database = handle
    return run_query(driver, name, params, database).rows


def test_target_owner_qingdao_renewables(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "target_owner", region="青岛", indicator="可再生能源装机容量", year=2025)
    owners = {(r["agency"], r["agency_as_written"]) for r in found}
    assert owners == {("青岛市发展和改革委员会", "市发展改革委"), ("青岛市海洋发展局", "市海洋发展局")}
    for r in found:
        assert r["clause_path"] == "二（一）1" and r["clause_heading"] == "实施新能源倍增计划"
        assert r["value"] == 600 and r["unit"] == "万千瓦" and r["source"] == QINGDAO
        assert r["plan"] == "国家碳达峰试点（青岛）实施方案"
        assert "600" in r["quote"]
    # the evidence span is the agency as written in the marker
    text = _corpus_text(QINGDAO)
    assert {text[r["start"] : r["end"]] for r in found} == {"市发展改革委", "市海洋发展局"}


def test_target_owner_by_code_and_full_name(corpus_graph: Handle) -> None:
    by_code = rows(corpus_graph, "target_owner", region="370200", indicator="可再生能源装机容量", year=2030)
    by_name = rows(corpus_graph, "target_owner", region="青岛市", indicator="可再生能源装机容量", year=2030)
    assert (
        {r["agency"] for r in by_code}
        == {r["agency"] for r in by_name}
        == {"青岛市发展和改革委员会", "青岛市海洋发展局"}
    )
    assert {r["value"] for r in by_code} == {1000}


def test_agency_obligations_of_qingdao_ndrc(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "agency_obligations", agency="市发展改革委", region="青岛")
    paths = {r["clause_path"] for r in found}
    assert {"二（一）1", "二（一）2"} <= paths
    assert {r["agency"] for r in found} == {"青岛市发展和改革委员会"}
    first = next(r for r in found if r["clause_path"] == "二（一）1")
    assert first["modality"] in {"directive", "binding", "encouraging"}
    assert first["due_year"] == 2030
    assert any("600" in t for t in first["targets"])
    # the Yantai 市发展改革委 is another agency
    yantai = rows(corpus_graph, "agency_obligations", agency="市发展改革委", region="烟台")
    assert yantai and {r["agency"] for r in yantai} == {"烟台市发展和改革委员会"}


def test_clause_implementations_of_new_energy(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "clause_implementations", clause="大力发展新能源", plan=NATIONAL_2030)
    assert found
    assert {r["national_plan"] for r in found} == {NATIONAL_2030}
    qingdao = [r for r in found if r["source"] == QINGDAO]
    assert qingdao, "the Qingdao plan implements the national new-energy clause"
    assert any(r["clause_path"].startswith("二（一）") for r in qingdao)
    levels = {r["level"] for r in found}
    assert "province" in levels and "city" in levels
    assert all(0 < r["score"] <= 1 for r in found)


def test_target_provenance_dalian(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "target_provenance", region="大连", indicator="非化石能源装机占比", year=2025)
    assert found[0]["step"] == 0 and "60%" in found[0]["quote"] and found[0]["source"] == DALIAN
    assert found[1]["link"] == "QUANTIFIES"
    up_plans = {r["plan"] for r in found if r["link"].startswith("DERIVES_FROM")}
    assert NATIONAL_2030 in up_plans
    assert "辽宁省碳达峰实施方案" in up_plans
    steps = [r["step"] for r in found]
    assert steps == sorted(steps)
    for r in found:
        if r["link"] == "DERIVES_FROM clause":
            assert r["score"] is not None and r["method"]


def test_plan_lineage_of_the_national_plan(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "plan_lineage", plan=NATIONAL_2030)
    down = {r["plan"] for r in found if r["direction"] == "down"}
    assert "国家碳达峰试点（青岛）实施方案" in down
    assert len(down) > 20
    assert all(r["method"] for r in found)


def test_region_targets_includes_subregions(corpus_graph: Handle) -> None:
    liaoning = rows(corpus_graph, "region_targets", region="辽宁")
    regions = {r["region"] for r in liaoning}
    assert {"辽宁省", "大连市"} <= regions
    dalian_only = rows(corpus_graph, "region_targets", region="大连", year=2025)
    assert {r["region"] for r in dalian_only} == {"大连市"}
    assert all(r["year"] == 2025 for r in dalian_only)


def test_compare_indicator_across_regions(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "compare_indicator", indicator="非化石能源消费比重")
    regions = {r["region"] for r in found}
    assert len(regions) >= 5
    assert all(r["unit"] in {"%", "％"} for r in found)
    national = [r for r in found if r["plan"] == NATIONAL_2030]
    assert {(r["year"], r["value"]) for r in national} >= {(2025, 20.0), (2030, 25.0)}


def test_implementation_gaps_excludes_implemented(corpus_graph: Handle) -> None:
    gaps = rows(corpus_graph, "implementation_gaps", plan=NATIONAL_2030, region="青岛")
    implemented = {
        r["national_path"]
        for r in rows(corpus_graph, "clause_implementations", clause="大力发展新能源", plan=NATIONAL_2030)
        if r["source"] == QINGDAO
    }
    gap_paths = {r["clause_path"] for r in gaps}
    assert gaps and not (implemented & gap_paths)
    assert not any(r["heading"] in {"指导思想", "工作原则"} for r in gaps)


def test_agency_workload_ranking(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "agency_workload", region="青岛", limit=5)
    assert len(found) == 5
    assert found[0]["agency"] == "青岛市发展和改革委员会"
    counts = [r["obligations"] for r in found]
    assert counts == sorted(counts, reverse=True)


def test_search_is_ranked_full_text(corpus_graph: Handle) -> None:
    found = rows(corpus_graph, "search", q="海上风电", limit=10)
    assert len(found) == 10
    assert all("海上风电" in (r["text"] or "") + (r["heading"] or "") for r in found[:3])
    scores = [r["score"] for r in found]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("name", sorted(load_catalog()))
def test_every_query_example_returns_rows(corpus_graph: Handle, name: str) -> None:
    driver, database = corpus_graph
    result = run_example(driver, name, database)
    assert result.rows, f"{name} --example returned nothing"
    assert result.columns == list(load_catalog()[name].returns)


@pytest.mark.parametrize("name", sorted(load_views()))
def test_every_view_example_returns_rows(corpus_graph: Handle, name: str) -> None:
    """The viz pages' queries (queries/views/) as the canned ones: their examples answer."""
    driver, database = corpus_graph
    query = load_views()[name]
    records = run_view(driver, name, query.example_params(), database)
    assert records, f"view {name} with its example returned nothing"
    assert all(record.keys() == list(query.returns) for record in records)


def test_unknown_parameter_is_a_clear_error(corpus_graph: Handle) -> None:
    with pytest.raises(QueryError, match="no parameter"):
        rows(corpus_graph, "search", q="x", limit=1, nope=1)


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (n:Plan {id: 'x'})",
        "MATCH (n:Plan) SET n.title = 'x'",
        "MATCH (n) DETACH DELETE n",
        "MERGE (n:Agency {id: 'x'})",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "CALL db.createLabel('Evil')",
    ],
)
def test_cypher_refuses_writes(corpus_graph: Handle, statement: str) -> None:
    driver, database = corpus_graph
    with pytest.raises(QueryError):
        run_cypher(driver, statement, database=database)
    records, _, _ = driver.execute_query("MATCH (n:Plan {id: 'x'}) RETURN count(n) AS n", database_=database)
    assert records[0]["n"] == 0


def test_cypher_write_is_a_write_refusal(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    with pytest.raises(WriteRefused, match="read-only"):
        run_cypher(driver, "CREATE (n:Plan {id: 'x'})", database=database)


def test_cypher_reads_and_times_out(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    result = run_cypher(
        driver, "MATCH (p:Plan) WHERE p.source = $s RETURN p.title AS title", {"s": QINGDAO}, database
    )
    assert result.rows == [{"title": "国家碳达峰试点（青岛）实施方案"}]
    with pytest.raises(QueryError, match="longer than"):
        run_cypher(
            driver,
            "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n",
            database=database,
            timeout=1.0,
        )


def _corpus_text(name: str) -> str:
    from policykg.loaders.pipeline import default_paths
    from policykg.loaders.read import read_source

    (path,) = [p for p in default_paths() if p.name == name]
    return read_source(path).text
