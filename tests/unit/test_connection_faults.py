"""Connection faults with servers that are not (a usable) Neo4j, on real sockets
(``tests/fake_servers.py``): each is one :class:`Neo4jUnavailable` line saying what is on the port
and what to do, from :func:`policykg.server.connect`, and through the CLI exit code 4 with one
line on stderr and no traceback. (Wrong password, unknown database and TLS against the real
Neo4j: ``tests/integration/test_connection_faults.py``.)"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import fake_servers
import pytest

from policykg.errors import Neo4jUnavailable
from policykg.server import connect, what_listens

Server = Callable[[Path], AbstractContextManager[int]]

#: name → (the fake server, the URI scheme, a phrase the error must hold)
FAULTS: dict[str, tuple[Server, str, str]] = {
    "closes at once": (lambda _: fake_servers.serving(fake_servers.closes), "bolt", "closed the connection"),
    "echoes": (lambda _: fake_servers.serving(fake_servers.echoes), "bolt", "is not Neo4j"),
    "ssh banner": (lambda _: fake_servers.serving(fake_servers.ssh_banner), "bolt", "is not Neo4j"),
    "says nothing": (lambda _: fake_servers.serving(fake_servers.silent), "bolt", "did not answer the Bolt"),
    "http": (lambda _: fake_servers.http_serving(), "bolt", "answers HTTP, not Bolt"),
    "http, neo4j+s": (lambda _: fake_servers.http_serving(), "neo4j+s", "answers HTTP, not Bolt"),
    "tls only, bolt": (lambda d: fake_servers.serving(fake_servers.tls_only(d)), "bolt", "requires TLS"),
    "tls only, neo4j": (lambda d: fake_servers.serving(fake_servers.tls_only(d)), "neo4j", "requires TLS"),
    "neo4j 4.4": (
        lambda _: fake_servers.serving(fake_servers.bolt((4, 4), "Neo4j/4.4.12")),
        "bolt",
        "the server is Neo4j 4.4.12",
    ),
    "neo4j 5.3 (bolt 5.0)": (
        lambda _: fake_servers.serving(fake_servers.bolt((5, 0), "Neo4j/5.3.0")),
        "bolt",
        "the server is Neo4j 5.3.0 speaking Bolt 5.0",
    ),
    "neo4j 4.3 (bolt 4.3)": (
        lambda _: fake_servers.serving(fake_servers.bolt((4, 3), "Neo4j/4.3.2")),
        "bolt",
        "older than 4.4",
    ),
    "plain bolt, neo4j+s": (
        lambda _: fake_servers.serving(fake_servers.bolt((5, 8), "Neo4j/5.26.0")),
        "neo4j+s",
        "offers plain Bolt only",
    ),
    "plain bolt, bolt+ssc": (
        lambda _: fake_servers.serving(fake_servers.bolt((5, 8), "Neo4j/5.26.0")),
        "bolt+ssc",
        "offers plain Bolt only",
    ),
}


@pytest.fixture(params=sorted(FAULTS))
def fault(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``(uri, expected phrase)`` of one fake server, running."""
    server, scheme, phrase = FAULTS[request.param]
    with server(tmp_path) as port:
        yield f"{scheme}://127.0.0.1:{port}", phrase


def test_each_fault_is_one_line_naming_what_is_wrong(fault: tuple[str, str]) -> None:
    uri, phrase = fault
    with pytest.raises(Neo4jUnavailable) as raised:
        connect(uri, ("neo4j", "secret-password"), database="neo4j")
    message = str(raised.value)
    assert phrase in message, message
    assert "\n" not in message and uri in message
    assert "secret-password" not in message


def test_an_unknown_scheme_is_refused_before_any_connection() -> None:
    for uri in ("http://127.0.0.1:7474", "localhost:7687", "bolt+s+s://127.0.0.1"):
        with pytest.raises(Neo4jUnavailable, match="must start with bolt://"):
            connect(uri, None)


def test_what_listens_tells_bolt_from_the_rest(tmp_path: Path) -> None:
    with fake_servers.serving(fake_servers.bolt((5, 8), "Neo4j/5.26.0")) as port:
        assert what_listens("127.0.0.1", port) == "bolt"
    with fake_servers.serving(fake_servers.tls_only(tmp_path)) as port:
        assert what_listens("127.0.0.1", port) == "tls"
    with fake_servers.serving(fake_servers.closes) as port:
        assert what_listens("127.0.0.1", port) == "closed"
    with fake_servers.serving(fake_servers.closes) as port:
        pass
    assert what_listens("127.0.0.1", port) is None  # nothing listens: the driver's own error says so


@pytest.mark.parametrize("name", ["http", "neo4j 4.4"])
def test_the_cli_exits_4_with_one_line_and_no_traceback(name: str, tmp_path: Path) -> None:
    server, scheme, phrase = FAULTS[name]
    with server(tmp_path) as port:
        env = {**os.environ, "NEO4J_URI": f"{scheme}://127.0.0.1:{port}", "NEO4J_PASSWORD": "x"}
        done = subprocess.run(
            [sys.executable, "-m", "policykg.cli", "cypher", "RETURN 1"],
            env=env,
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == Neo4jUnavailable.exit_code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policykg: [E200]") and phrase in lines[0], lines
