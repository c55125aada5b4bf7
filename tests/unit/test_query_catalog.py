"""Every canned query documents itself: header present, declared params == $params used."""

from __future__ import annotations

import pytest

from policykg.errors import QueryError
from policykg.queries.catalog import load_catalog, parse_query_file

REQUIRED = {
    "target_owner", "agency_obligations", "clause_implementations", "target_provenance", "plan_lineage",
    "region_targets", "compare_indicator", "implementation_gaps", "agency_workload", "search",
}


def test_catalog_has_the_required_queries() -> None:
    assert REQUIRED <= set(load_catalog())


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_header_matches_body(name: str) -> None:
    query = load_catalog()[name]
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
    """Labels and relationship types in canned queries come from graph/schema.py (no drift)."""
    import re

    from policykg.graph.schema import NODES, RELS

    for query in load_catalog().values():
        body = "\n".join(line for line in query.cypher.splitlines() if not line.lstrip().startswith("//"))
        labels = set(re.findall(r"\(\s*\w*\s*:\s*([A-Z]\w*)", body))
        types = set(re.findall(r"\[\s*\w*\s*:\s*([A-Z_]+)", body))
        assert labels <= set(NODES), f"{query.path}: unknown labels {labels - set(NODES)}"
        assert types <= set(RELS), f"{query.path}: unknown relationship types {types - set(RELS)}"
