"""Every canned query documents itself: header present, declared params == $params used.

The viz pages' queries (``queries/views/``) are held to the same rules; viz itself holds no Cypher.
"""

from __future__ import annotations

import pytest

from policykg.errors import QueryError
from policykg.queries.catalog import CannedQuery, load_catalog, load_views, parse_query_file

REQUIRED = {
    "target_owner",
    "agency_obligations",
    "clause_implementations",
    "target_provenance",
    "plan_lineage",
    "region_targets",
    "compare_indicator",
    "implementation_gaps",
    "agency_workload",
    "search",
    # the duty register (issue 21) and the workbench's pages
    "agency_duties",
    # analyses (issue 21): target cascades and obligation strength
    "target_cascade",
    "obligation_profile",
    "search_all",
    "suggest",
    "plan_detail",
    "plan_clauses",
    "clause_detail",
    "target_detail",
    "agency_detail",
    "region_detail",
    "indicator_detail",
    "span_context",
    # `policykg show` of a shared record (issue 20)
    "record_evidence",
}


#: The viz pages' queries: one per view kind, the rows-as-graph query, the overview's lists.
VIEWS = {
    "agency",
    "provenance",
    "lineage",
    "clause",
    "region",
    "indicator",
    "referenced",
    "index_plans",
    "index_agencies",
    "index_indicators",
    "index_regions",
}


def test_catalog_has_the_required_queries() -> None:
    assert REQUIRED <= set(load_catalog())
    assert set(load_views()) == VIEWS
    assert not set(load_views()) & set(load_catalog()), "a view query is not a canned query"


def _all_queries() -> list[CannedQuery]:
    return [*load_catalog().values(), *load_views().values()]


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_header_matches_body(name: str) -> None:
    _header_matches_body(load_catalog()[name])


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_header_matches_body(name: str) -> None:
    query = load_views()[name]
    _header_matches_body(query)
    assert query.path == f"{name}.cypher"


def _header_matches_body(query: CannedQuery) -> None:
    declared = {p.name for p in query.params}
    assert declared == set(query.uses), f"{query.path}: declared {declared} but uses {set(query.uses)}"
    assert query.question_en and query.question_zh, query.path
    assert query.returns, query.path
    for p in query.params:
        assert p.example or p.optional, f"{query.path}: param {p.name} has no example"


def test_header_parsing() -> None:
    q = parse_query_file(
        "// name: demo\n// question: What? | 什么？\n// param year: 2025 (int)\n"
        "// param q: x (optional)\n// returns: a, b\nMATCH (n) WHERE n.y = $year AND $q IS NULL RETURN n\n"
    )
    assert q.name == "demo" and q.question_zh == "什么？"
    assert q.bind({"year": "2025"}) == {"year": 2025, "q": None}
    with pytest.raises(QueryError, match="no parameter"):
        q.bind({"year": 1, "nope": 2})
    with pytest.raises(QueryError, match="needs --param year"):
        q.bind({})
    with pytest.raises(QueryError, match="missing"):
        parse_query_file("MATCH (n) RETURN n")


def test_queries_use_only_declared_labels_and_types() -> None:
    """Labels and relationship types in canned and view queries come from graph/schema.py (no drift)."""
    import re

    from policykg.graph.schema import NODES, RELS

    for query in _all_queries():
        body = "\n".join(line for line in query.cypher.splitlines() if not line.lstrip().startswith("//"))
        labels = set(re.findall(r"\(\s*\w*\s*:\s*([A-Z]\w*)", body))
        types = set(re.findall(r"\[\s*\w*\s*:\s*([A-Z_]+)", body))
        assert labels <= set(NODES), f"{query.path}: unknown labels {labels - set(NODES)}"
        assert types <= set(RELS), f"{query.path}: unknown relationship types {types - set(RELS)}"


def test_a_default_parameter_takes_its_example_when_omitted() -> None:
    q = parse_query_file(
        "// name: x\n// question: q\n// param plan: 方案\n"
        "// param limit: 500 (int, default)\n// param skip: 0 (int, default)\n"
        "// returns: a\nMATCH (p:Plan) WHERE p.title = $plan RETURN p.title AS a "
        "SKIP $skip LIMIT $limit\n"
    )
    assert q.bind({"plan": "甲"}) == {"plan": "甲", "limit": 500, "skip": 0}
    assert q.bind({"plan": "甲", "limit": "20", "skip": "40"}) == {"plan": "甲", "limit": 20, "skip": 40}
    with pytest.raises(QueryError, match="limit.*int"):
        q.bind({"plan": "甲", "limit": "many"})


@pytest.mark.parametrize(
    "name",
    [
        "plan_lineage",
        "compare_indicator",
        "clause_implementations",
        "region_targets",
        "agency_obligations",
        "implementation_gaps",
        "agency_duties",
        "policy_diffusion",
    ],
)
def test_queries_whose_answer_grows_with_the_corpus_are_paged(name: str) -> None:
    """Their rows grow with the corpus (every city plan implementing the national one): a page
    of 500 by default, the next with skip."""
    q = load_catalog()[name]
    defaults = {p.name: p.convert(p.example) for p in q.params if p.default}
    assert defaults == {"limit": 500, "skip": 0}
    # paged at the end, or on the sort keys before the page's properties are read
    assert "SKIP $skip LIMIT $limit" in q.cypher
