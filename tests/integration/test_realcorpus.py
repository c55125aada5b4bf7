"""The graph built from a handful of real PDFs as published (``../shared/realcorpus/pdf``).

Read by ``policykg``'s own pipeline (PDF reader → normalisation → metadata → extraction → Neo4j):
a notice wrapping a plan with five joint issuers whose signature is cut by a page break (100), a
national action plan (002), a ministry opinion with fifteen issuers (170), a plan whose markers
are cut by page breaks (580), and a notice issuing three sets of rules (402). Skipped, saying so,
where the corpus is absent (it is never copied into the repository).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
import pytest

from policykg.graph.ingest import ingest
from policykg.graph.schema import CLAUSE, ISSUED_BY, PLAN

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = (
    ROOT.parent / "shared" / "realcorpus" / "pdf",
    ROOT.parent.parent / "shared" / "realcorpus" / "pdf",
)
CORPUS = next((path for path in CANDIDATES if path.is_dir()), None)
FILES = ("002", "100", "170", "402", "580")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        CORPUS is None, reason="../shared/realcorpus/pdf is absent: the real PDFs are not here"
    ),
]

Handle = tuple[neo4j.Driver, str]


@pytest.fixture(scope="module")
def graph(clean_graph: Handle) -> Handle:
    assert CORPUS is not None
    files = [next(CORPUS.glob(f"{number}_*.pdf")) for number in FILES]
    summary = ingest(files, *clean_graph)
    assert not [e for e in summary.errors if e.severity == "error"], summary.errors
    return clean_graph


def _rows(handle: Handle, query: Any, **params: Any) -> list[dict[str, Any]]:
    driver, database = handle
    records, _, _ = driver.execute_query(query, database_=database, **params)
    return [record.data() for record in records]


def _plans(handle: Handle) -> dict[str, dict[str, Any]]:
    rows = _rows(
        handle,
        f"MATCH (p:{PLAN.label}) WHERE p.external = $external "
        "RETURN p.id AS id, p.title AS title, p.issuers AS issuers, p.wrapper_title AS wrapper, "
        "p.date AS date, p.doc_number AS doc_number, p.region AS region, p.level AS level, p.kind AS kind",
        external=False,
    )
    return {row["id"][:3] + row["id"][-4:] if "/" in row["id"] else row["id"][:3]: row for row in rows}


def test_titles_wrappers_and_joint_issuers(graph: Handle) -> None:
    plans = _plans(graph)
    assert plans["002"]["title"] == "2030年前碳达峰行动方案"
    assert plans["002"]["wrapper"] == "国务院关于印发2030年前碳达峰行动方案的通知"
    assert (plans["002"]["doc_number"], plans["002"]["level"]) == ("国发〔2021〕23号", "national")
    chongqing = plans["100"]
    assert chongqing["title"] == "重庆市严格能效约束推动重点领域节能降碳实施方案"
    assert chongqing["issuers"] == [
        "重庆市发展和改革委员会",
        "重庆市经济和信息委员会",
        "重庆市生态环境局",
        "重庆市市场监督管理局",
        "重庆市能源局",
    ]
    assert (chongqing["doc_number"], str(chongqing["date"])) == ("渝发改工业〔2022〕270号", "2022-02-28")
    assert (chongqing["region"], chongqing["level"]) == ("重庆市", "province")
    counties = plans["170"]
    assert counties["title"] == "住房和城乡建设部等15部门关于加强县城绿色低碳建设的意见"
    assert len(counties["issuers"]) == 15 and counties["issuers"][-1] == "乡村振兴局"
    assert plans["580"]["title"] == "上海市碳达峰实施方案" and plans["580"]["region"] == "上海市"


def test_a_notice_issuing_three_rules_is_three_plans(graph: Handle) -> None:
    plans = _plans(graph)
    titles = [plans[f"402/00{n}"]["title"] for n in (1, 2, 3)]
    assert titles == [
        "碳排放权登记管理规则（试行）",
        "碳排放权交易管理规则（试行）",
        "碳排放权结算管理规则（试行）",
    ]
    assert {plans[f"402/00{n}"]["wrapper"][-3:] for n in (1, 2, 3)} == {"的公告"}


def test_a_marker_cut_by_a_page_break_is_one_clause_text(graph: Handle) -> None:
    marker = "（责任单位：市住房城乡建设管理委、市发展改革委、市市场监管局、市机管局、市房屋管理局）"
    rows = _rows(
        graph,
        f"MATCH (c:{CLAUSE.label}) WHERE c.document STARTS WITH $prefix AND c.text CONTAINS $marker "
        "RETURN c.path AS path, c.page AS page ORDER BY size(c.path) DESC",
        prefix="580_",
        marker=marker,
    )
    assert rows and rows[0]["path"] == "二（四）2"  # the deepest clause holding the whole marker


def test_each_joint_issuer_known_as_an_agency_issues_the_plan(graph: Handle) -> None:
    rows = _rows(
        graph,
        f"MATCH (p:{PLAN.label})-[:{ISSUED_BY.type}]->(a) WHERE p.id STARTS WITH $prefix "
        "RETURN a.name AS name, p.issuers AS issuers",
        prefix="170_",
    )
    # an ISSUED_BY edge for every joint issuer the extractor knows as an agency, and only for those
    assert rows and all(row["name"] in row["issuers"] for row in rows)
    assert "住房和城乡建设部" in {row["name"] for row in rows}
