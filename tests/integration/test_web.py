"""The workbench (``policykg serve``) against a real Neo4j holding the bundled corpus plus a hostile
plan: every page and API route over HTTP (Starlette's TestClient), then a journey in headless
Chromium against a real uvicorn server."""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from browser import Browser, Page, chromium_or_skip, left_the_machine
from fastapi.testclient import TestClient

from policykg.web.app import create_app
from policykg.web.sources import SourceFiles

#: The hostile plan is ingested on top of the shared corpus graph (extends_corpus: this module runs
#: after the ones that read the corpus alone).
pytestmark = [pytest.mark.integration, pytest.mark.extends_corpus]
SHOTS = os.environ.get("POLICYKG_WEB_SHOTS")

QINGDAO_PLAN = "004_ce321d0be690c707"
QINGDAO_CLAUSE = "004_ce321d0be690c707/二（一）1"  # 实施新能源倍增计划: 可再生能源装机容量 600 / 1000 万千瓦
QINGDAO_TARGET = "004_ce321d0be690c707/二（一）1/target/1"
QINGDAO_NDRC = "agency:青岛市发展和改革委员会"
NATIONAL_PLAN = "003_a895838ed2e4cd84/002"  # 2030年前碳达峰行动方案
NATIONAL_NEW_ENERGY = "003_a895838ed2e4cd84/002/三（一）2"  # 大力发展新能源

HOSTILE_FILE = "901_web_hostile.txt"
HOSTILE_TITLE = "测试县碳达峰实施方案"
# Payloads: each sets window.__pwned (or the title) if it ever runs, or links to javascript:.
HOSTILE = f"""{HOSTILE_TITLE}<script>window.__pwned='title'</script>

为深入贯彻落实《2030年前碳达峰行动方案》，结合本县实际，制定本方案。

一、总体要求
（一）主要目标。到2025年，非化石能源消费比重达到18%左右<img src=x onerror="window.__pwned='img'">。（责任单位：县发展改革局<script>window.__pwned='agency'</script>、县能源局）
二、重点任务
（一）大力发展新能源。<a href="javascript:window.__pwned='link'">点击这里</a>全面推进风电、太阳能发电大规模开发，到2025年，可再生能源装机容量达到80万千瓦。（责任单位：县能源局、县自然资源局）
（二）推进工业领域碳达峰。</textarea></script><svg onload="window.__pwned='svg'"></svg>推动钢铁行业碳达峰。（责任单位：县工业和信息化局）
"""
PAYLOAD = re.compile(r"<script>window\.__pwned|<img src=x|<svg onload|href=\"javascript:", re.IGNORECASE)

Handle = tuple[Any, str]


@pytest.fixture(scope="module")
def loaded(corpus_graph: Handle, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str, Path]:
    """The shared corpus graph plus the hostile plan (only the new file is extracted and written)."""
    from policykg.graph.ingest import ingest
    from policykg.loaders.pipeline import default_paths

    folder = tmp_path_factory.mktemp("web-hostile")
    (folder / HOSTILE_FILE).write_text(HOSTILE, encoding="utf-8")
    driver, database = corpus_graph
    summary = ingest([*default_paths(), folder / HOSTILE_FILE], driver, database)
    assert not [e for e in summary.errors if e.severity == "error"], summary.errors
    return driver, database, folder


@pytest.fixture(scope="module")
def client(loaded: tuple[Any, str, Path]) -> TestClient:
    driver, database, folder = loaded
    app = create_app(driver, database, sources=SourceFiles([folder]))
    app.state.workbench.warm()  # as `policykg serve` does in the background: a cold server is slow
    return TestClient(app)


def counts(driver: Any, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS edges",
        database_=database,
    )
    return records[0]["nodes"], records[0]["edges"]


def hostile_plan(client: TestClient) -> dict[str, Any]:
    hits = client.get("/api/search", params={"q": "测试县"}).json()["results"]
    plans = [h for h in hits if h["kind"] == "Plan"]
    assert plans, hits
    return plans[0]


def url(kind: str, ident: str) -> str:
    return f"/{kind}/{quote(ident, safe='/')}"


def assert_safe_page(response: Any) -> None:
    """200, HTML, a CSP whose nonce is the one on every script tag, and no payload as markup."""
    error = re.search(r'<p class="error">(.*?)</p>', response.text)
    assert response.status_code == 200, error.group(1) if error else response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce and "default-src 'none'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert scripts and all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts), scripts
    assert not PAYLOAD.search(response.text), PAYLOAD.search(response.text)


# ---------------------------------------------------------------------------- pages


def test_search_groups_by_kind_with_highlights(client: TestClient) -> None:
    response = client.get("/search", params={"q": "青岛 可再生能源"})
    assert_safe_page(response)
    page = response.text
    for kind in ("Plan", "Clause", "Target", "Agency", "Region", "Indicator"):
        assert f'id="kind-{kind}"' in page, kind
    assert "<mark>可再生能源</mark>" in page and "<mark>青岛</mark>" in page
    # the region word narrows clause and target hits to Qingdao's plan first
    api = client.get("/api/search", params={"q": "青岛 可再生能源"}).json()["results"]
    targets = [r for r in api if r["kind"] == "Target"]
    assert targets[0]["context_id"] == QINGDAO_PLAN and targets[0]["url"].startswith("/target/")
    assert {"kind", "id", "label", "url"} <= set(api[0])


def test_search_takes_lucene_syntax_as_plain_words(client: TestClient) -> None:
    for q in ['"', "AND OR (", "风电 \\", "a:b~ [x TO y]"]:
        response = client.get("/api/search", params={"q": q})
        assert response.status_code == 200, (q, response.text)


def test_suggestions_while_typing(client: TestClient) -> None:
    found = client.get("/api/suggest", params={"q": "青岛"}).json()["suggestions"]
    assert found[0]["label"] == "青岛市" and found[0]["kind"] == "Region"
    assert {s["kind"] for s in client.get("/api/suggest", params={"q": "非化石"}).json()["suggestions"]} == {
        "Indicator"
    }


def test_plan_page(client: TestClient) -> None:
    response = client.get(url("plan", NATIONAL_PLAN))
    assert_safe_page(response)
    assert "2030年前碳达峰行动方案" in response.text and "国务院" in response.text
    data = client.get("/api" + url("plan", NATIONAL_PLAN)).json()
    derived = {d["title"] for d in data["plan"]["derived"]}
    assert {"国家碳达峰试点（大连）实施方案", "国家碳达峰试点（青岛）实施方案"} <= derived
    assert data["clause_count"] == data["plan"]["clauses"] > 50
    assert any(c["path"] == "三" for c in data["clauses"])  # 重点任务, a root of the tree
    # the Qingdao plan's tree carries targets and responsibilities inline, roles as the graph has them
    qingdao = client.get(url("plan", QINGDAO_PLAN)).text
    assert "可再生能源装机容量" in qingdao and "青岛市发展和改革委员会" in qingdao


def test_clause_page_marks_targets_and_agencies_at_their_spans(client: TestClient) -> None:
    response = client.get(url("clause", QINGDAO_CLAUSE))
    assert_safe_page(response)
    data = client.get("/api" + url("clause", QINGDAO_CLAUSE)).json()
    assert data["exact_source"] is True
    marks = {(s["kind"], s["text"]) for s in data["segments"] if s["kind"]}
    assert ("agency", "市发展改革委") in marks and ("agency", "市海洋发展局") in marks
    assert any(kind == "target" and "可再生能源装机容量" in text for kind, text in marks)
    assert "".join(s["text"] for s in data["segments"]).startswith("1.实施新能源倍增计划")
    assert f'href="{url("agency", QINGDAO_NDRC)}"' in response.text
    assert data["clause"]["derives_from"][0]["id"] == NATIONAL_NEW_ENERGY


def test_national_clause_lists_implementers_by_level_and_region(client: TestClient) -> None:
    data = client.get("/api" + url("clause", NATIONAL_NEW_ENERGY)).json()
    regions = {g["region"] for g in data["implemented"]}
    assert {"大连市", "烟台市", "青岛市"} <= regions
    response = client.get(url("clause", NATIONAL_NEW_ENERGY))
    assert_safe_page(response)
    assert "国家碳达峰试点（烟台）实施方案" in response.text


def test_target_page(client: TestClient) -> None:
    response = client.get(url("target", QINGDAO_TARGET))
    assert_safe_page(response)
    data = client.get("/api" + url("target", QINGDAO_TARGET)).json()
    target = data["target"]
    assert (target["value"], target["unit"], target["year"]) == (1000.0, "万千瓦", 2030)
    assert {o["name"] for o in target["owners"]} == {"青岛市发展和改革委员会", "青岛市海洋发展局"}
    assert any(chain["nodes"][-1]["plan_id"].startswith("003_") for chain in target["clause_chains"])
    assert any(n["level"] == "national" for chain in target["plan_chains"] for n in chain["nodes"])
    assert "<svg" in response.text and "<polyline" in response.text  # the same indicator, 2025 and 2030


def test_agency_page_lists_duties_with_roles_from_the_graph(client: TestClient, loaded: Any) -> None:
    driver, database, _ = loaded
    response = client.get(url("agency", QINGDAO_NDRC))
    assert_safe_page(response)
    data = client.get("/api" + url("agency", QINGDAO_NDRC)).json()
    records, _, _ = driver.execute_query(
        "MATCH (:Agency {id: $id})-[r:RESPONSIBLE_FOR]->() RETURN r.role AS role, count(*) AS n",
        {"id": QINGDAO_NDRC},
        database_=database,
    )
    assert {r["role"]: r["n"] for r in records} == {r["role"]: r["duties"] for r in data["agency"]["roles"]}
    assert len(data["duties"]) == data["agency"]["duties"] == sum(r["n"] for r in records)
    assert any(d["clause_id"] == QINGDAO_CLAUSE for d in data["duties"])
    assert "duties.csv" in response.text and "duties.xlsx" in response.text


def test_duty_downloads(client: TestClient) -> None:
    from openpyxl import load_workbook

    csv_response = client.get(url("agency", QINGDAO_NDRC) + "/duties.csv")
    assert csv_response.status_code == 200 and "attachment" in csv_response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "单位 agency" and "链接 link" in header
    heading = header.index("标题 heading")
    assert any(r[heading] == "实施新能源倍增计划" for r in body)
    link = body[0][header.index("链接 link")]
    assert link.startswith("http://testserver/clause/")
    xlsx = client.get(url("agency", QINGDAO_NDRC) + "/duties.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:N{len(body) + 1}"
    source = [c.value for c in sheet[1]].index("来源 source") + 1
    assert sheet.cell(2, source).hyperlink.target.startswith("http://testserver/clause/")
    assert sheet.max_row == len(body) + 1


def test_region_page(client: TestClient) -> None:
    response = client.get("/region/370200")
    assert_safe_page(response)
    data = client.get("/api/region/370200").json()
    assert data["region"]["name"] == "青岛市" and data["region"]["parent"]["name"] == "山东省"
    assert [p["id"] for p in data["region"]["plans"]] == [QINGDAO_PLAN]
    assert any(i["key"] == "可再生能源装机容量" for i in data["region"]["indicators"])
    assert data["gaps"] and not data["gap_error"] and all(g["clause_id"] for g in data["gaps"])


def test_indicator_page(client: TestClient) -> None:
    response = client.get(url("indicator", "非化石能源消费占比"))
    assert_safe_page(response)
    data = client.get("/api" + url("indicator", "非化石能源消费占比")).json()
    regions = {t["region"] for t in data["indicator"]["targets"]}
    assert {"辽宁省", "山东省", "烟台市"} <= regions
    assert data["chart"] and response.text.count("<circle") == len(data["chart"])


@pytest.mark.parametrize(
    ("question", "params", "expected"),
    [
        ("owner", {"region": "青岛", "indicator": "可再生能源装机容量", "year": "2025"}, "青岛市海洋发展局"),
        (
            "implements",
            {"clause": "大力发展新能源", "plan": "2030年前碳达峰行动方案"},
            "国家碳达峰试点（大连）实施方案",
        ),
        (
            "provenance",
            {"region": "大连", "indicator": "非化石能源装机占比", "year": "2025"},
            "2030年前碳达峰行动方案",
        ),
    ],
)
def test_the_three_questions(
    client: TestClient, question: str, params: dict[str, str], expected: str
) -> None:
    empty = client.get(f"/ask/{question}")
    assert_safe_page(empty)
    response = client.get(f"/ask/{question}", params=params)
    assert_safe_page(response)
    assert expected in response.text and "/source?" in response.text


def test_an_empty_answer_says_why(client: TestClient) -> None:
    response = client.get("/ask/owner", params={"region": "山东省青岛市", "indicator": "可再生能源装机容量"})
    assert_safe_page(response)
    assert 'id="why-empty"' in response.text and "青岛市" in response.text.split('id="why-empty"')[1]


def test_view_source_highlights_the_span(client: TestClient) -> None:
    response = client.get("/source", params={"source": "004_ce321d0be690c707.txt", "start": 729, "end": 735})
    assert_safe_page(response)
    assert '<mark class="span" id="span">市发展改革委</mark>' in response.text
    assert "实施新能源倍增计划" in response.text  # the clause it lies in
    page = client.get("/source", params={"source": "003_a895838ed2e4cd84.txt", "start": 17740, "end": 17760})
    assert "第14页" in page.text  # the compilation's printed pages


def test_view_source_reads_no_other_file(client: TestClient) -> None:
    for name in ("../../../etc/passwd", "/etc/passwd", "..%2F..%2Fpyproject.toml", "pyproject.toml"):
        response = client.get("/source", params={"source": name, "start": 0, "end": 10})
        assert response.status_code == 404, name
        assert "root:" not in response.text


def test_hostile_document_stays_text(client: TestClient) -> None:
    plan = hostile_plan(client)
    for path in (
        plan["url"],
        "/search?q=" + quote("测试县 新能源"),
        "/search?q=" + quote("<script>alert(1)</script>"),
    ):
        assert_safe_page(client.get(path))
    data = client.get("/api" + plan["url"]).json()
    for clause in data["clauses"]:
        for child in [clause, *clause["children"]]:
            assert_safe_page(client.get(url("clause", child["id"])))
    assert "&lt;script&gt;" in client.get(plan["url"]).text or "&lt;" in client.get(plan["url"]).text


def test_cypher_page_goes_through_the_guard(client: TestClient, loaded: Any) -> None:
    driver, database, _ = loaded
    before = counts(driver, database)
    ok = client.get("/cypher", params={"q": "MATCH (p:Plan) RETURN count(p) AS plans"})
    assert_safe_page(ok)
    assert "plans" in ok.text
    for statement in (
        "CREATE (n:Plan {id: 'x'})",
        "MATCH (n) DETACH DELETE n",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "CALL dbms.security.listUsers()",
    ):
        refused = client.get("/cypher", params={"q": statement})
        assert refused.status_code == 200 and 'class="error"' in refused.text, statement
    assert counts(driver, database) == before


def test_no_endpoint_writes(client: TestClient, loaded: Any) -> None:
    driver, database, _ = loaded
    before = counts(driver, database)
    for path in ("/", "/search", "/api/search", url("plan", QINGDAO_PLAN), "/cypher", "/healthz"):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            response = client.request(method, path, params={"q": "CREATE (n:X)"})
            assert response.status_code == 405, (method, path)
    assert counts(driver, database) == before


def test_api_json_docs_health_and_errors(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/search",
        "/api/suggest",
        "/api/plan/{plan_id}",
        "/api/clause/{clause_id}",
        "/healthz",
    } <= set(schema["paths"])
    docs = client.get("/api/docs")
    assert_safe_page(docs)
    assert "/api/search" in docs.text
    missing = client.get("/api/plan/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]
    assert client.get("/plan/nope").status_code == 404
    assert client.get("/api/nothing/x").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/search", params={"q": "x" * 500}).status_code == 422  # bounded input


def test_host_header_is_checked(loaded: tuple[Any, str, Path]) -> None:
    driver, database, _ = loaded
    app = create_app(driver, database, allowed_hosts=("127.0.0.1", "localhost"))
    rebinding = TestClient(app, base_url="http://evil.example")
    assert rebinding.get("/healthz").status_code == 400
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/healthz").status_code == 200


def test_network_view_is_the_project_view_in_a_frame(client: TestClient) -> None:
    page = client.get(url("clause", NATIONAL_NEW_ENERGY))
    assert "/view/clause/" in page.text
    view = client.get(url("view/clause", NATIONAL_NEW_ENERGY))
    assert view.status_code == 200 and 'src="/static/vis-network.min.js"' in view.text
    assert "frame-ancestors 'self'" in view.headers["content-security-policy"]
    assert client.get("/static/vis-network.min.js").status_code == 200


# ---------------------------------------------------------------------------- in a browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(loaded: tuple[Any, str, Path]) -> Iterator[str]:
    import uvicorn

    driver, database, folder = loaded
    port = free_port()
    app = create_app(driver, database, sources=SourceFiles([folder]))
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(chromium_or_skip()) as running:
        yield running


def click(page: Page, selector: str, timeout: float = 30) -> None:
    """Click the first element matching ``selector`` and wait for the next page to load."""
    page.wait_for(f"document.querySelector({selector!r})", timeout)
    before = page.evaluate("location.href")
    page.evaluate(f"document.querySelector({selector!r}).click()")
    page.wait_for(f"location.href !== {before!r} && document.readyState === 'complete'", timeout)


def test_journey_search_plan_clause_target_agency_download(
    server: str, browser: Browser, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    with browser.open(f"{server}/") as page:
        try:
            # type into the box: suggestions arrive while typing
            page.evaluate(
                "(() => { const q = document.getElementById('q'); q.value = '青岛';"
                " q.dispatchEvent(new Event('input')); })()"
            )
            page.wait_for("window.policykgSuggestions > 0")
            assert page.evaluate("document.querySelectorAll('#suggestions option').length") > 0
            page.evaluate("document.getElementById('q').value = '青岛 可再生能源'")
            click(page, "form.searchbox button")
            assert page.evaluate("document.querySelectorAll('#kind-Target li.hit').length") > 0
            click(page, f"#kind-Plan a[href='{url('plan', QINGDAO_PLAN)}']")
            assert "青岛" in page.evaluate("document.querySelector('h1').textContent")
            click(page, f"a.clause-link[href='{url('clause', QINGDAO_CLAUSE)}']")
            assert page.evaluate("document.querySelectorAll('.clause-text mark.target').length") >= 1
            click(page, ".clause-text a mark.target")
            assert "可再生能源装机容量" in page.evaluate("document.querySelector('h1').textContent")
            click(page, "a.owner")
            assert page.evaluate("document.querySelector('h1').textContent") in {
                "青岛市发展和改革委员会",
                "青岛市海洋发展局",
            }
            assert page.evaluate("document.querySelectorAll('table.duties tr').length") > 1
            page.evaluate("document.getElementById('duties-csv').click()")
            deadline = time.monotonic() + 30
            while not [f for f in downloads.iterdir() if f.suffix == ".csv"]:
                assert time.monotonic() < deadline, list(downloads.iterdir())
                time.sleep(0.1)
            saved = next(f for f in downloads.iterdir() if f.suffix == ".csv")
            time.sleep(0.2)
            rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
            assert rows[0][0] == "单位 agency" and len(rows) > 1
            # the spreadsheet too: it opens with openpyxl and holds the duty of the clause we came from
            page.evaluate("document.getElementById('duties-xlsx').click()")
            while not [f for f in downloads.iterdir() if f.suffix == ".xlsx"]:
                assert time.monotonic() < deadline + 30, list(downloads.iterdir())
                time.sleep(0.1)
            time.sleep(0.2)
            from openpyxl import load_workbook

            sheet = load_workbook(next(f for f in downloads.iterdir() if f.suffix == ".xlsx")).active
            assert sheet is not None
            header = [c.value for c in sheet[1]]
            links = [row[header.index("链接 link")] for row in sheet.iter_rows(min_row=2, values_only=True)]
            assert any(str(link).endswith(quote(QINGDAO_CLAUSE, safe="/")) for link in links)
            assert page.exceptions() == []
            assert [u for u in page.requested_urls() if left_the_machine(u)] == []
            if SHOTS:
                page.screenshot(Path(SHOTS) / "agency.png")
        except Exception:
            page.screenshot(tmp_path / "failure.png")
            print(f"screenshot of the failure: {tmp_path / 'failure.png'}")
            raise


def test_hostile_pages_stay_inert_in_the_browser(server: str, browser: Browser, client: TestClient) -> None:
    plan = hostile_plan(client)
    clauses = client.get("/api" + plan["url"]).json()["clauses"]
    paths = [plan["url"], "/search?q=" + quote("测试县 新能源")]
    paths += [url("clause", c["id"]) for c in clauses[:4]]
    for path in paths:
        with browser.open(server + path) as page:
            page.wait_for("document.readyState === 'complete'")
            # the payload may show as text (the title line is the document's): it must not run
            assert page.evaluate("String(window.__pwned)") == "undefined", path
            hrefs = page.evaluate(
                "Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))"
            )
            assert not [h for h in hrefs if h and h.lower().startswith("javascript:")], path
            assert page.exceptions() == []
            assert [u for u in page.requested_urls() if left_the_machine(u)] == []


def test_national_clause_in_the_browser(server: str, browser: Browser) -> None:
    with browser.open(f"{server}/search?q={quote('大力发展新能源')}") as page:
        click(page, f"#kind-Clause a[href='{url('clause', NATIONAL_NEW_ENERGY)}']")
        text = page.evaluate("document.body.innerText")
        for plan in (
            "国家碳达峰试点（大连）实施方案",
            "国家碳达峰试点（烟台）实施方案",
            "国家碳达峰试点（青岛）实施方案",
        ):
            assert plan in text, plan
        if SHOTS:
            page.screenshot(Path(SHOTS) / "clause.png")
