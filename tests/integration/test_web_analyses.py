"""The workbench's target cascade and obligation profile pages and API (``/cascade``,
``/api/cascade``, ``/obligations``, ``/api/obligations``) over HTTP (Starlette's TestClient), on the
bundled corpus graph; they read through ``queries/run.py``."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_pages import assert_page

from policykg.queries.run import run_query
from policykg.web.render import link

NON_FOSSIL = "非化石能源消费比重"
NON_FOSSIL_KEY = "非化石能源消费占比"  # the indicator's key (its page's id)
NATIONAL = "003_a895838ed2e4cd84/002/二/target/0"  # 2030年前碳达峰行动方案: 非化石能源消费比重 20% (2025)
HEBEI = "003_a895838ed2e4cd84/025/二/target/0"  # 河北省: 13%
SHIJIAZHUANG = "003_a895838ed2e4cd84/100/二/target/0"  # 石家庄市: 8%
QINGDAO_PLAN = "国家碳达峰试点（青岛）实施方案"
QINGDAO_DRC = "agency:青岛市发展和改革委员会"
Handle = tuple[Any, str]


@pytest.fixture(scope="module")
def client(corpus_web: TestClient) -> TestClient:
    return corpus_web


def count_nodes(handle: Handle) -> int:
    driver, database = handle
    with driver.session(database=database) as session:
        return int(session.run("MATCH (n) RETURN count(n) AS n").single()["n"])


def row_of(page: str, target: str) -> str:
    """The table row of the page that links to ``target`` as its own target (its first link)."""
    for row in re.findall(r'<tr class="cascade-row">(.*?)</tr>', page, re.DOTALL):
        first = re.search(r'<a class="target" href="([^"]+)"', row)
        if first and first.group(1) == link("Target", target):
            return str(row)
    raise AssertionError(f"no row for {target}")


def test_the_cascade_of_the_non_fossil_share(client: TestClient, corpus_graph: Handle) -> None:
    before = count_nodes(corpus_graph)
    page = assert_page(client.get("/cascade", params={"indicator": NON_FOSSIL, "year": 2025}))
    data = client.get("/api/cascade", params={"indicator": NON_FOSSIL, "year": 2025}).json()
    # the page and the API show what the canned query answers
    driver, database = corpus_graph
    expected = run_query(driver, "target_cascade", {"indicator": NON_FOSSIL, "year": 2025}, database).rows
    assert [r["target_id"] for r in data["rows"]] == [r["target_id"] for r in expected]
    assert data["vs_national"]["weaker"] == sum(1 for r in expected if r["vs_national"] == "weaker") > 0
    assert page.count('<tr class="cascade-row">') == len(expected)
    assert f'id="national-weaker">更弱 weaker {data["vs_national"]["weaker"]}<' in page
    # 石家庄市 8%: weaker than 河北省 (13%) and than the nation (20%), each linked to its target
    row = row_of(page, SHIJIAZHUANG)
    assert 'href="/region/130100">石家庄市' in row and "≥ 8 %" in row
    assert f'href="{link("Target", HEBEI)}">13<' in row and f'href="{link("Target", NATIONAL)}">20<' in row
    assert re.findall(r'<td class="verdict v-([\w-]+)">', row) == ["weaker", "weaker"]
    assert "更弱 weaker" in row
    # 浙江省 24% is stronger than the nation; 杭州市 24% equals 浙江省
    hangzhou = next(r for r in data["rows"] if r["region"] == "杭州市")
    assert (hangzhou["vs_parent"], hangzhou["vs_national"]) == ("equal", "stronger")
    assert hangzhou["parent_region"] == "浙江省" and hangzhou["parent_value"] == 24
    # the national rows compare with nothing
    national = row_of(page, NATIONAL)
    assert "the national target itself" in national
    assert count_nodes(corpus_graph) == before, "the pages wrote to the graph"


def test_the_indicator_page_links_to_its_cascade(client: TestClient) -> None:
    page = assert_page(client.get(link("Indicator", NON_FOSSIL_KEY)))
    links = {
        m.group(2): html.unescape(m.group(1))
        for m in re.finditer(r'<a href="(/cascade\?[^"]+)">(\d+)</a>', page)
    }
    assert "2025" in links and "2030" in links, links
    cascade = assert_page(client.get(links["2025"]))
    assert cascade.count('<tr class="cascade-row">') > 10
    assert f'href="{link("Target", SHIJIAZHUANG)}"' in cascade


def test_an_empty_cascade_says_which_parameter_matched_nothing(client: TestClient) -> None:
    unknown = client.get("/cascade", params={"indicator": "不存在的指标", "year": 2025})
    assert unknown.status_code == 404
    assert "no indicator matches indicator=不存在的指标" in unknown.text
    year = client.get("/api/cascade", params={"indicator": NON_FOSSIL, "year": 1999})
    assert year.status_code == 404 and "no target has year=1999" in year.json()["error"]
    missing = client.get("/cascade", params={"indicator": NON_FOSSIL})
    assert missing.status_code == 400 and "give an indicator and a year" in missing.text


def test_text_from_the_address_is_escaped(client: TestClient) -> None:
    response = client.get("/cascade", params={"indicator": "<script>alert(1)</script>", "year": 2025})
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)" in response.text
    response = client.get("/obligations", params={"region": '"><img src=x onerror=alert(1)>'})
    assert response.status_code == 404 and "<img src=x" not in response.text


def test_qingdaos_obligation_profile_from_its_region_page(client: TestClient, corpus_graph: Handle) -> None:
    region = assert_page(client.get("/region/370200"))
    found = re.search(r'<a id="obligations" href="([^"]+)"', region)
    assert found, "the region page links to its obligation profile"
    page = assert_page(client.get(html.unescape(found.group(1))))
    data = client.get("/api/obligations", params={"region": "370200"}).json()
    driver, database = corpus_graph
    expected = run_query(driver, "obligation_profile", {"region": "370200"}, database).rows
    assert data["total"] == sum(r["obligations"] for r in expected) > 0
    assert [p["plan"] for p in data["plans"]] == [QINGDAO_PLAN]
    columns = [(c["deontic"], c["strength"]) for c in data["columns"]]
    weak = sum(r["obligations"] for r in expected if (r["deontic"], r["strength"]) == ("obligation", "weak"))
    assert data["plans"][0]["counts"][columns.index(("obligation", "weak"))] == weak > 0
    assert "义务 obligation · 弱 weak" in page and "指导性 directive" in page
    assert f">{QINGDAO_PLAN}</a>" in page and 'href="/region/370200">青岛市' in page


def test_a_plans_obligation_profile_from_the_plan_page(client: TestClient) -> None:
    plan = assert_page(client.get(link("Plan", QINGDAO_PLAN)))
    found = re.search(r'<a id="obligations" href="([^"]+)"', plan)
    assert found, "the plan page links to its obligation profile"
    page = assert_page(client.get(html.unescape(found.group(1))))
    assert page.count('<tr class="profile-plan">') >= 1 and QINGDAO_PLAN in page
    nothing = client.get("/api/obligations", params={"plan": "不存在的方案"})
    assert nothing.status_code == 404 and "no plan matches plan=不存在的方案" in nothing.json()["error"]
    assert client.get("/obligations").status_code == 400


def test_the_pages_in_english(client: TestClient) -> None:
    """``?lang=en``: the glossary's English for headers, verdicts, levels and names; the documents'
    own text (plan titles) as written."""
    page = assert_page(client.get("/cascade", params={"indicator": NON_FOSSIL, "year": 2025, "lang": "en"}))
    assert '<html lang="en">' in page
    headers = re.findall(r"<th>([^<]*)</th>", page)
    assert headers == [
        "region",
        "level",
        "plan",
        "target",
        "parent",
        "vs parent",
        "national",
        "vs national",
        "source",
    ]
    row = row_of(page, SHIJIAZHUANG)
    assert "Shijiazhuang City</a>" in row and "prefecture" in row and "更弱" not in row
    assert re.findall(r'<td class="verdict v-weaker">weaker', row) and "中共石家庄市委" in row
    chinese = assert_page(client.get(html.unescape(re.search(r'id="lang" href="([^"]+)"', page).group(1))))
    assert "对上级 vs parent" in chinese and '<html lang="zh">' in chinese
    profile = assert_page(client.get("/obligations", params={"region": "370200", "lang": "en"}))
    assert "Qingdao City</a>" in profile and "obligation · weak" in profile and "指导性" not in profile
    agency = assert_page(client.get(link("Agency", QINGDAO_DRC), params={"lang": "en"}))
    assert "<small>Qingdao Municipal Development and Reform Commission</small>" in agency
    table = agency[agency.index('<table class="duties">') :]
    assert re.findall(r"<th>([^<]*)</th>", table)[:5] == ["plan", "clause", "role", "force", "due year"]
    assert "牵头" not in table and re.search(r"<td>(lead|support|responsible)</td>", table)
    assert client.get(link("Agency", QINGDAO_DRC), params={"lang": "fr"}).status_code in (400, 422)
