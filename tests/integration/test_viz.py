"""Every kind of view page, built from a real Neo4j loaded with the bundled corpus plus a hostile
plan, opened in headless Chromium: counts as rendered, no payload ran, no request left the machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Browser, Page, chromium_or_skip, left_the_machine

from policykg.graph import schema
from policykg.queries.run import run_query
from policykg.viz.index import write_index
from policykg.viz.page import VizStats
from policykg.viz.views import (
    viz_agency,
    viz_clause,
    viz_lineage,
    viz_provenance,
    viz_query,
    viz_region,
)

#: The hostile plan is ingested on top of the shared corpus graph (extends_corpus: this module runs
#: after the ones that read the corpus alone).
pytestmark = [pytest.mark.integration, pytest.mark.extends_corpus]
SHOTS = os.environ.get("POLICYKG_VIZ_SHOTS")

HOSTILE_TITLE = "测试市碳达峰实施方案"
HOSTILE_FILE = "900_hostile.txt"
# A plan in the shape of the real ones (title, basis citation, numbered clauses, 责任单位 markers)
# whose text carries payloads: each would set window.__pwned or document.title if it ever ran.
HOSTILE = f"""{HOSTILE_TITLE}<script>window.__pwned='doc';document.title='pwned'</script>

为深入贯彻落实《2030年前碳达峰行动方案》，结合我市实际，制定本方案。

一、总体要求
（一）主要目标。到2025年，非化石能源消费比重达到20%左右<img src=x onerror="window.__pwned='img';document.title='pwned'">。（责任单位：市发展改革委<script>window.__pwned='agency'</script>、市能源局）
二、重点任务
（一）大力发展新能源。全面推进风电、太阳能发电大规模开发和高质量发展，到2025年，可再生能源装机容量达到500万千瓦。（责任单位：市能源局、市自然资源局）
（二）推进工业领域碳达峰。</script><script>window.__pwned='close'</script>推动钢铁行业碳达峰。（责任单位：市工业和信息化局）
"""


@pytest.fixture(scope="module")
def loaded(corpus_graph: tuple[Any, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str]:
    """The bundled corpus plus the hostile plan: only the new file is extracted and written (the
    corpus is parsed again and DERIVES_FROM recomputed, so the hostile plan links to it)."""
    from policykg.graph.ingest import ingest
    from policykg.loaders.pipeline import default_paths

    hostile = tmp_path_factory.mktemp("hostile") / HOSTILE_FILE
    hostile.write_text(HOSTILE, encoding="utf-8")
    driver, database = corpus_graph
    summary = ingest([*default_paths(), hostile], driver, database)
    assert summary.documents == 1 and not [e for e in summary.errors if e.severity == "error"], summary
    return corpus_graph


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(chromium_or_skip()) as running:
        yield running


def check_page(browser: Browser, out: Path, stats: VizStats, shot: str) -> Page:
    with browser.open(out) as page:
        page.wait_for("window.policykg && window.policykg.ready", timeout=120)
        state = page.evaluate(
            "({nodes: policykg.network.body.data.nodes.length,"
            " edges: policykg.network.body.data.edges.length,"
            " pwned: String(window.__pwned), title: document.title})"
        )
        assert (state["nodes"], state["edges"]) == (stats.nodes, stats.edges)
        assert state["pwned"] == "undefined" and "pwned" not in state["title"]
        assert page.exceptions() == []
        assert [u for u in page.requested_urls() if left_the_machine(u)] == []
        if SHOTS:
            page.screenshot(Path(SHOTS) / f"{shot}.png")
        return page


def labels_drawn(browser: Browser, out: Path) -> list[str]:
    with browser.open(out) as page:
        page.wait_for("window.policykg && window.policykg.ready", timeout=120)
        return list(page.evaluate("policykg.network.body.data.nodes.get().map(n => n.kind + ':' + n.label)"))


def test_clause_implementations_page(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    out = tmp_path / "clause.html"
    stats = viz_clause(driver, database, "大力发展新能源", plan="2030年前碳达峰行动方案", out=out)
    assert stats.nodes >= 4  # the national clause, its plan, and implementing local clauses with plans
    check_page(browser, out, stats, "clause")
    drawn = labels_drawn(browser, out)
    assert any(label.startswith(f"{schema.CLAUSE.label}:") and "大力发展新" in label for label in drawn)


def test_agency_page(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    out = tmp_path / "agency.html"
    stats = viz_agency(driver, database, "青岛市发展和改革委员会", out=out)
    assert stats.nodes > 10
    check_page(browser, out, stats, "agency")


def test_provenance_page(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    out = tmp_path / "provenance.html"
    stats = viz_provenance(driver, database, region="大连", indicator="非化石能源", year=2025, out=out)
    check_page(browser, out, stats, "provenance")
    kinds = {label.split(":")[0] for label in labels_drawn(browser, out)}
    assert {schema.TARGET.label, schema.CLAUSE.label, schema.PLAN.label} <= kinds


def hostile_plan_id(driver: Any, database: str) -> str:
    # by source file: the title line carries markup and may not be taken as the title
    records, _, _ = driver.execute_query(
        f"MATCH (p:{schema.PLAN.label} {{source: $source}}) RETURN p.id AS id",
        {"source": HOSTILE_FILE},
        database_=database,
    )
    return str(records[0]["id"])


def test_lineage_page_of_the_hostile_plan(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    out = tmp_path / "lineage.html"
    stats = viz_lineage(driver, database, hostile_plan_id(driver, database), out=out)
    assert stats.nodes >= 2  # the plan and the national plan it cites as its basis
    page_text = out.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page_text and 'onerror="window' not in page_text
    check_page(browser, out, stats, "lineage-hostile")


def test_national_lineage_is_capped(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    out = tmp_path / "lineage-national.html"
    stats = viz_lineage(driver, database, "2030年前碳达峰行动方案", out=out, cap=40)
    assert stats.nodes <= 40 + 41
    check_page(browser, out, stats, "lineage-national")


def test_region_page(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    out = tmp_path / "region.html"
    stats = viz_region(driver, database, "青岛", out=out)
    check_page(browser, out, stats, "region")


def test_query_page(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    out = tmp_path / "query.html"
    params = {"region": "青岛", "indicator": "可再生能源装机容量", "year": 2025}
    rows = run_query(driver, "target_owner", params, database).rows
    stats = viz_query(driver, database, "target_owner", params, out=out)
    assert rows and stats.nodes > 0
    check_page(browser, out, stats, "query")


def test_index_and_its_pages(loaded: tuple[Any, str], browser: Browser, tmp_path: Path) -> None:
    driver, database = loaded
    stats = write_index(driver, database, tmp_path / "out")
    assert stats.pages > 20 and stats.failed == []
    index = tmp_path / "out" / "index.html"
    with browser.open(index) as page:
        links = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
        assert len(links) == stats.pages
        hostile_page = links[
            [
                a for a in page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.textContent)")
            ].index(hostile_title(driver, database))
        ]
        assert page.evaluate("document.querySelectorAll('script, img').length") == 0
        assert page.evaluate("String(window.__pwned)") == "undefined"
        assert [u for u in page.requested_urls() if left_the_machine(u)] == []
        if SHOTS:
            page.screenshot(Path(SHOTS) / "index.png")
    for linked in (links[0], hostile_page):
        with browser.open(tmp_path / "out" / linked) as page:
            page.wait_for("window.policykg && window.policykg.ready", timeout=120)
            assert page.evaluate("policykg.network.body.data.nodes.length") > 0
            assert page.evaluate("String(window.__pwned)") == "undefined"
            assert all(u.startswith("file://") for u in page.requested_urls())


def hostile_title(driver: Any, database: str) -> str:
    """What the index prints for the hostile plan: its title, or its id when none was found."""
    records, _, _ = driver.execute_query(
        f"MATCH (p:{schema.PLAN.label} {{source: $source}}) "
        "RETURN CASE WHEN coalesce(p.title, '') = '' THEN p.id ELSE p.title END AS name",
        {"source": HOSTILE_FILE},
        database_=database,
    )
    return str(records[0]["name"])
