"""Connection faults against the real Neo4j of the session: a wrong password, an unknown
database, TLS asked of a server that offers plain Bolt. Each is one :class:`Neo4jUnavailable`
line (``policykg.server.connection_error``), and through the CLI exit code 4, one line on stderr,
no traceback. The slow test runs a Neo4j of its own that requires TLS, and asks it in plain Bolt.
The servers that are not Neo4j: ``tests/unit/test_connection_faults.py``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import fake_servers
import pytest
from servers import begin_session, session_server_is_managed

from policykg.config import Settings
from policykg.errors import Neo4jUnavailable
from policykg.server import ManagedNeo4j, connect

Bolt = tuple[str, tuple[str, str]]


@pytest.fixture(scope="module")
def bolt(neo4j: object, tmp_path_factory: pytest.TempPathFactory) -> Bolt:
    """URI and auth of the session's server (a managed one, or NEO4J_URI)."""
    settings = Settings.from_env()
    if settings.neo4j_uri:
        if settings.password is None:
            pytest.skip("NEO4J_URI without NEO4J_PASSWORD: no credentials to get wrong")
        return settings.neo4j_uri, (settings.username, settings.password)
    if not session_server_is_managed():
        pytest.skip("the session's server is a Docker container: its URI is not known here")
    return begin_session(tmp_path_factory).wait()


def cli(uri: str, password: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": password}
    return subprocess.run(
        [sys.executable, "-m", "policykg.cli", *args],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == Neo4jUnavailable.exit_code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policykg: [E200]"), lines
    return lines[0]


def test_the_real_server_is_accepted_with_its_database(bolt: Bolt) -> None:
    uri, auth = bolt
    with connect(uri, auth, database="neo4j") as driver:
        assert (driver.get_server_info().agent or "").startswith("Neo4j/5.")


def test_a_wrong_password_is_one_line(bolt: Bolt) -> None:
    uri, (_, password) = bolt
    with pytest.raises(Neo4jUnavailable, match="refused the credentials: check NEO4J_USERNAME"):
        connect(uri, ("neo4j", password + "-wrong"))
    line = one_line(cli(uri, password + "-wrong", "cypher", "RETURN 1"))
    assert "refused the credentials" in line and password not in line


def test_an_unknown_database_names_the_ones_there_are(bolt: Bolt) -> None:
    uri, auth = bolt
    with pytest.raises(Neo4jUnavailable, match=r"no database 'nosuch' \(it has: .*neo4j"):
        connect(uri, auth, database="nosuch")
    line = one_line(cli(uri, auth[1], "cypher", "--database", "nosuch", "RETURN 1"))
    assert "no database 'nosuch'" in line and "--database" in line


@pytest.mark.parametrize("scheme", ["neo4j+s", "bolt+s", "neo4j+ssc"])
def test_tls_asked_of_a_plain_server_is_one_line(bolt: Bolt, scheme: str) -> None:
    uri, auth = bolt
    address = urlsplit(uri).netloc
    with pytest.raises(Neo4jUnavailable, match="offers plain Bolt only: use bolt:// or neo4j://"):
        connect(f"{scheme}://{address}", auth)
    if scheme == "neo4j+s":
        assert "offers plain Bolt only" in one_line(
            cli(f"{scheme}://{address}", auth[1], "cypher", "RETURN 1")
        )


class TlsOnlyNeo4j(ManagedNeo4j):
    """The managed server with Bolt over TLS only (``server.bolt.tls_level=REQUIRED``): its
    readiness and password checks go through ``bolt+ssc://`` (a self-signed certificate)."""

    def _bolt_answers(self, uri: str) -> bool:
        return super()._bolt_answers(uri.replace("bolt://", "bolt+ssc://"))

    def _ensure_password(self, uri: str) -> tuple[str, str]:
        return super()._ensure_password(uri.replace("bolt://", "bolt+ssc://"))


@pytest.mark.slow
def test_plain_bolt_to_a_tls_only_neo4j_is_one_line(tmp_path: Path) -> None:
    """A real Neo4j 5.26 that requires TLS: bolt:// and neo4j:// say so, bolt+ssc:// connects."""
    certs = tmp_path / "certs" / "bolt"
    for folder in (certs / "trusted", certs / "revoked"):
        folder.mkdir(parents=True)
    cert, key = fake_servers.self_signed(certs)
    cert.rename(certs / "public.crt")
    key.rename(certs / "private.key")
    conf = (
        "dbms.ssl.policy.bolt.enabled=true",
        f"dbms.ssl.policy.bolt.base_directory={certs}",
        "dbms.ssl.policy.bolt.private_key=private.key",
        "dbms.ssl.policy.bolt.public_certificate=public.crt",
        "dbms.ssl.policy.bolt.client_auth=NONE",
        "server.bolt.tls_level=REQUIRED",
    )
    server = TlsOnlyNeo4j(tmp_path / "home", Settings.from_env().cache_dir, heap="512m", extra_conf=conf)
    try:
        uri, auth = server.start()
        address = urlsplit(uri).netloc
        for scheme in ("bolt", "neo4j"):
            with pytest.raises(Neo4jUnavailable, match="requires TLS: use neo4j\\+s:// or bolt\\+s://"):
                connect(f"{scheme}://{address}", auth)
        line = one_line(cli(f"bolt://{address}", auth[1], "cypher", "RETURN 1"))
        assert "requires TLS" in line
        with connect(f"bolt+ssc://{address}", auth, database="neo4j") as driver:
            assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    finally:
        server.stop()
