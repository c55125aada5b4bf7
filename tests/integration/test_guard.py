"""The ad-hoc Cypher guard against a server configured as policykg would NOT configure it: file
URLs allowed for LOAD CSV, an import directory holding a secret. The server itself would hand the
file over (checked first, with a plain driver session), so every refusal here is the guard's own.

Each statement of ``tests/data/hostile_cypher.txt`` goes through the Python API
(:func:`policykg.queries.run.run_cypher`): refused with a one-line E410/E420, the secret never in
the message, the graph unchanged. A sample goes through ``policykg cypher`` (exit code 6). Ordinary
read queries still answer.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver
from servers import GUARD_SECRET as SECRET
from servers import OwnServer

from policykg.errors import QueryError
from policykg.queries.run import run_cypher
from policykg.server import connect

pytestmark = [pytest.mark.integration, pytest.mark.slow]

HOSTILE_FILE = Path(__file__).resolve().parents[1] / "data" / "hostile_cypher.txt"


def hostile_statements() -> list[str]:
    lines = HOSTILE_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]


class PermissiveServer:
    """The slow tier's own server (``own_server``): file URLs allowed, its import folder holding
    :data:`SECRET`; here with one plan and one clause in it."""

    def __init__(self, own: OwnServer) -> None:
        self.own = own
        self.uri, self.auth = own.uri, own.auth
        self.driver: Driver = connect(self.uri, self.auth)

    def env(self) -> dict[str, str]:
        return self.own.env()

    def counts(self) -> tuple[int, int, int]:
        record = self.driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-->() } AS edges", database_="neo4j"
        ).records[0]
        indexes = len(self.driver.execute_query("SHOW INDEXES", database_="neo4j").records)
        return record["nodes"], record["edges"], indexes


@pytest.fixture(scope="module")
def server(own_server: OwnServer) -> Iterator[PermissiveServer]:
    own_server.ensure_running()
    own_server.wipe()
    running = PermissiveServer(own_server)
    try:
        running.driver.execute_query(
            "CREATE (:Plan {id: 'p1', title: '测试市碳达峰实施方案', level: 'city'})"
            "-[:HAS_CLAUSE]->(:Clause {id: 'p1/一', text: '推进 create 绿色'})",
            database_="neo4j",
        )
        yield running
    finally:
        running.driver.close()


def test_the_server_itself_would_read_the_file(server: PermissiveServer) -> None:
    rows = server.driver.execute_query(
        "LOAD CSV FROM 'file:///secret.csv' AS line RETURN line[0] AS value", database_="neo4j"
    ).records
    assert [row["value"] for row in rows] == [SECRET]


@pytest.mark.parametrize("statement", hostile_statements())
def test_hostile_statement_is_refused_through_the_api(server: PermissiveServer, statement: str) -> None:
    statement = statement.replace("/etc/passwd", "/secret.csv")
    before = server.counts()
    with pytest.raises(QueryError) as raised:
        run_cypher(server.driver, statement, database="neo4j", timeout=10)
    message = str(raised.value)
    assert raised.value.code in {"E410", "E420"}, message
    assert SECRET not in message and "\n" not in message
    assert server.counts() == before


@pytest.mark.parametrize(
    "statement",
    [
        "LOAD CSV FROM 'file:///secret.csv' AS l RETURN l",
        "WITH 'fi' + 'le:///secret.csv' AS u LOAD CSV FROM u AS l RETURN l",
        "CALL dbms.listConfig()",
        "SHOW USERS",
        "USE system MATCH (n) RETURN n",
    ],
)
def test_cli_refuses_with_exit_code_6(server: PermissiveServer, statement: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "policykg.cli", "cypher", statement],
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 6, (done.stdout, done.stderr)
    assert done.stderr.startswith("policykg: [E4") and done.stderr.count("\n") == 1, done.stderr
    assert SECRET not in done.stdout + done.stderr


def test_read_queries_still_answer(server: PermissiveServer) -> None:
    result = run_cypher(server.driver, "MATCH (p:Plan)-[:HAS_CLAUSE]->(c) RETURN p.title AS t, c.text AS x")
    assert result.rows == [{"t": "测试市碳达峰实施方案", "x": "推进 create 绿色"}]
    labels = run_cypher(server.driver, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    # the shared server keeps other modules' schema (its indexes name their labels): ours are there
    names = [row["label"] for row in labels.rows]
    assert {"Clause", "Plan"} <= set(names) and names == sorted(names)
    assert run_cypher(server.driver, "SHOW INDEXES YIELD name RETURN count(name) AS n").rows[0]["n"] >= 1
