"""The ad-hoc Cypher guard's text check (no database): every hostile statement of
``tests/data/hostile_cypher.txt`` is refused with a message naming what was refused, and ordinary
read queries pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.errors import QueryError, QueryRefused, WriteRefused
from policykg.queries.guard import check_plan, check_text, tokens

HOSTILE_FILE = Path(__file__).resolve().parents[1] / "data" / "hostile_cypher.txt"


def hostile_statements() -> list[str]:
    lines = HOSTILE_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]


BENIGN = [
    "MATCH (p:Plan) RETURN p.level AS level, count(*) AS plans",
    "MATCH (p:Plan)-[:HAS_CLAUSE]->(c:Clause) WHERE c.text CONTAINS 'create' RETURN count(c)",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.index.fulltext.queryNodes('search', '碳') YIELD node, score RETURN node.id, score LIMIT 5",
    "SHOW INDEXES",
    "SHOW CONSTRAINTS YIELD name RETURN name",
    "show fulltext indexes",
    "MATCH (n) WHERE n.title STARTS WITH '关于' RETURN toUpper(n.title), size(n.title) LIMIT 3",
    "WITH {set: 1, create: 2} AS m RETURN m.set, m.create",
    "MATCH p = shortestPath((a:Plan)-[*..3]-(b:Plan)) RETURN length(p) LIMIT 1",
    "MATCH (a) RETURN CASE WHEN a.x IS NULL THEN 0 ELSE 1 END LIMIT 1",
    "RETURN date('2025-01-01').year, duration.between(date('2020-01-01'), date('2025-01-01'))",
    "MATCH (n:Plan) WHERE exists { (n)-[:CITES]->() } RETURN count(n)",
    "MATCH (n:Plan) RETURN count { (n)-[:HAS_CLAUSE]->() } AS clauses LIMIT 1",
    "RETURN 'LOAD CSV FROM file:///etc/passwd; USE system; CALL dbms.listConfig()' AS harmless_string",
    "MATCH (n:Plan) WITH n ORDER BY n.id SKIP 0 LIMIT 2 RETURN collect(n.id)",
    "UNWIND [1,2,3] AS x RETURN sum(x)",
    "MATCH (n:`Plan`) RETURN n.`title` LIMIT 1",
    "MATCH (t:Target) WHERE t.year IN [2025, 2030] RETURN t.value // a comment with LOAD CSV",
    "RETURN reduce(s = 0, x IN [1, 2] | s + x), [x IN range(1, 3) WHERE x > 1 | x * 2]",
    "MATCH (a)-[r]->(b) RETURN type(r), count(*) ORDER BY count(*) DESC",
    "MATCH (n) RETURN n.start AS start, n.end AS finish LIMIT 1",
    "RETURN point({x: 1, y: 2}) AS p, 'it''s' AS quote, \"double \\\" quoted\" AS d",
    "MATCH (n:Plan) RETURN n.title /* block comment CREATE */ LIMIT 1;",
]


@pytest.mark.parametrize("statement", hostile_statements())
def test_hostile_statements_are_refused(statement: str) -> None:
    with pytest.raises(QueryError) as raised:
        check_text(statement)
    assert isinstance(raised.value, QueryRefused | WriteRefused)
    assert raised.value.code in {"E410", "E420"}
    assert len(str(raised.value).splitlines()) == 1


def test_the_list_is_long_enough_and_has_no_duplicates() -> None:
    statements = hostile_statements()
    assert len(statements) >= 30
    assert len(set(statements)) == len(statements)


@pytest.mark.parametrize("statement", BENIGN)
def test_read_queries_pass(statement: str) -> None:
    check_text(statement.rstrip(";"))


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD CSV"),
        ("CALL apoc.load.json('x')", "apoc.load.json"),
        ("CALL `dbms`.`listConfig`()", "dbms.listConfig"),
        ("RETURN apoc.text.join(['a'], ',')", "apoc.text.join"),
        ("USE system MATCH (n) RETURN n", "USE system"),
        ("SHOW USERS", "SHOW USERS"),
        ("MATCH (n) DETACH DELETE n", "DETACH"),
        ("CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n", "IN TRANSACTIONS"),
    ],
)
def test_the_message_names_the_refused_part(statement: str, named: str) -> None:
    with pytest.raises(QueryError, match=named):
        check_text(statement)


def test_show_users_is_called_an_administration_command_not_a_write() -> None:
    with pytest.raises(QueryRefused, match="administration command"):
        check_text("SHOW USERS")


def test_tokens_drop_comments_and_keep_strings_and_quoted_names() -> None:
    found = [(t.kind, t.text) for t in tokens("MATCH /* x */ (n:`a``b`) // y\nRETURN 'c\\'d'")]
    assert found == [
        ("word", "MATCH"),
        ("symbol", "("),
        ("word", "n"),
        ("symbol", ":"),
        ("word", "a`b"),
        ("symbol", ")"),
        ("word", "RETURN"),
        ("string", "c\\'d"),
    ]


def test_plan_check_refuses_writes_file_reads_and_procedures() -> None:
    with pytest.raises(WriteRefused):
        check_plan("rw", None)
    with pytest.raises(QueryRefused, match="LoadCSV"):
        check_plan(
            "r", {"operatorType": "ProduceResults@neo4j", "children": [{"operatorType": "LoadCSV@neo4j"}]}
        )
    with pytest.raises(QueryRefused, match="apoc.load.json"):
        check_plan(
            "r", {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "apoc.load.json(x) :: (value)"}}
        )
    check_plan(
        "r", {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.labels() :: (label :: STRING)"}}
    )
