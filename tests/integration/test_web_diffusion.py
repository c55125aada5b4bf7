"""The workbench's policy diffusion page and API (``/diffusion``, ``/api/diffusion``) over HTTP
(Starlette's TestClient), on the bundled corpus graph; it reads through ``queries/run.py``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_pages import assert_page

from policykg.queries.diffusion import CLASSES, diffusion

SHANGHAI_PLAN = "上海市碳达峰实施方案"
SHANGHAI_PLAN_ID = "003_a895838ed2e4cd84/077"  # in the compilation 003
Handle = tuple[Any, str]


@pytest.fixture(scope="module")
def client(corpus_web: TestClient) -> TestClient:
    return corpus_web


def test_a_regions_diffusion(client: TestClient, corpus_graph: Handle) -> None:
    page = assert_page(client.get("/diffusion", params={"region": "310000"}))
    data = client.get("/api/diffusion", params={"region": "310000"}).json()
    # the page and the API show what the Python API computes
    driver, database = corpus_graph
    expected = diffusion(driver, region="310000", database=database)
    assert data["total"] == len(expected.pairs.rows)
    assert data["classes"] == {c: sum(1 for r in expected.pairs.rows if r["class"] == c) for c in CLASSES}
    assert {r["id"] for r in data["regions"]} >= {"310000", "310104"}  # 上海市 and 徐汇区
    assert f"copied {data['classes']['copied']}" in page
    assert "徐汇区" in page and 'href="/region/310104"' in page
    assert "强化领导干部培训" in page  # a national clause Shanghai copied
    assert page.count('<tr class="copied">') == data["classes"]["copied"]


def test_a_plans_diffusion_from_the_plan_page(client: TestClient) -> None:
    plan_id = SHANGHAI_PLAN_ID
    plan_page = assert_page(client.get(f"/plan/{plan_id}"))
    link = re.search(r'<a id="diffusion" href="([^"]+)"', plan_page)
    assert link, "the plan page links to its diffusion"
    page = assert_page(client.get(link.group(1).replace("&amp;", "&")))
    data = client.get("/api/diffusion", params={"plan": plan_id}).json()
    assert [p["name"] for p in data["plans"]] == [SHANGHAI_PLAN]
    plan = data["plans"][0]
    assert plan["copied"] + plan["localised"] + plan["loosely_related"] == plan["pairs"] == data["total"]
    assert "二（九）4 强化领导干部培训" in page
    assert "<td>copied</td>" in page


def test_a_region_page_links_to_its_diffusion(client: TestClient) -> None:
    page = assert_page(client.get("/region/370200"))
    assert 'id="diffusion" href="/diffusion?region=370200"' in page


def test_without_a_plan_or_region_the_page_says_what_to_give(client: TestClient) -> None:
    response = client.get("/diffusion")
    assert response.status_code == 400 and "give a plan" in response.text
    missing = client.get("/api/diffusion", params={"plan": "不存在的方案"})
    assert missing.status_code == 404 and "no DERIVES_FROM clause pairs" in missing.json()["error"]
