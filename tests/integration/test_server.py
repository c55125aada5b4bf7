"""The Neo4j foundation against real servers: Bolt round trip, managed lifecycle, missing tools."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from servers import TEST_JVM_FLAGS

from policykg.config import Settings
from policykg.errors import Neo4jUnavailable, ProvisioningError
from policykg.java import find_java, find_maven
from policykg.loaders.pipeline import default_paths
from policykg.server import ManagedNeo4j, connect, get_driver

pytestmark = pytest.mark.integration

CACHE = Settings.from_env().cache_dir


def _can_run_managed() -> bool:
    provisioned = ManagedNeo4j(Path("/nonexistent"), CACHE).is_provisioned()
    return find_java() is not None and (provisioned or find_maven() is not None)


needs_managed = pytest.mark.skipif(
    not _can_run_managed(), reason="no Java 17+ (or no Maven and no jar cache)"
)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_bolt_round_trip_keeps_chinese_text(neo4j: tuple) -> None:
    """On the session's server, whatever it holds: the check's own node is removed again."""
    driver, database = neo4j
    driver.execute_query("MATCH (n:ServerCheck) DELETE n", database_=database)
    try:
        driver.execute_query(
            "CREATE (:ServerCheck {title: $title, year: $year})",
            title="大连市碳达峰实施方案",
            year=2030,
            database_=database,
        )
        records, _, _ = driver.execute_query(
            "MATCH (n:ServerCheck) RETURN n.title AS title, n.year AS year", database_=database
        )
        assert [(r["title"], r["year"]) for r in records] == [("大连市碳达峰实施方案", 2030)]
    finally:
        driver.execute_query("MATCH (n:ServerCheck) DELETE n", database_=database)


@needs_managed
@pytest.mark.slow  # starts and stops a server of its own
def test_managed_server_start_reuse_status_stop(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = ManagedNeo4j(home, CACHE, jvm_flags=TEST_JVM_FLAGS)  # warm in seconds, as the others
    uri, auth = server.start()
    try:
        first_pid = server.status()["pid"]
        assert uri.startswith("bolt://127.0.0.1:")
        # A second start (here from a fresh object, as another process would) reuses the server.
        assert ManagedNeo4j(home, CACHE).start() == (uri, auth)
        assert server.status()["pid"] == first_pid

        with connect(uri, auth) as driver:
            records, _, _ = driver.execute_query(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition"
            )
        assert (records[0]["version"], records[0]["edition"]) == ("5.26.0", "community")

        password = auth[1]
        assert stat.S_IMODE(os.stat(home / "password").st_mode) == 0o600
        assert (home / "password").read_text().strip() == password
        conf = (home / "conf" / "neo4j.conf").read_text()
        assert "server.http.enabled=false" in conf
        assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
        assert "db.transaction.timeout" not in conf

        state = server.status()
        assert state["running"] and state["bolt"] and state["uri"] == uri
        assert password not in repr(state)

        env = {**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_CACHE": str(CACHE)}
        env.pop("NEO4J_URI", None)
        started = _cli("neo4j", "start", env=env)
        assert started.returncode == 0, started.stderr
        assert uri in started.stdout and "reusing" in started.stderr
        assert password not in started.stdout + started.stderr
        status = _cli("neo4j", "status", "--uri", env=env)
        assert status.stdout.strip() == uri

        # get_driver without starting anything finds the running managed server …
        settings = Settings(home_dir=home, cache_dir=CACHE)
        driver, database, description = get_driver(settings, start=False)
        with driver:
            assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        assert database == "neo4j" and description.startswith(
            f"policykg-managed Neo4j Community 5.26.0 at {uri}"
        )
        assert password not in description
        # … and `policykg build` reaches it through NEO4J_URI (one small document keeps this quick).
        qingdao = str(next(p for p in default_paths() if p.name.startswith("004_")))
        out = home / "out"
        built = _cli(
            "build",
            qingdao,
            "--out",
            str(out),
            "--no-pages",
            env={**env, "NEO4J_URI": uri, "NEO4J_PASSWORD": password},
        )
        assert built.returncode == 0, built.stderr
        assert f"Neo4j: Neo4j at {uri} (from NEO4J_URI)" in built.stderr
        assert "documents" in built.stdout and "RDF export" in built.stdout
        assert (out / "graph.nt").stat().st_size > 0
        assert password not in built.stdout + built.stderr
    finally:
        assert server.stop() is True
    assert server.status()["running"] is False
    assert not (home / "neo4j.pid").exists()
    assert server.stop() is False
    with pytest.raises(Neo4jUnavailable, match="policykg neo4j start"):
        get_driver(Settings(home_dir=home, cache_dir=CACHE), start=False)


def test_without_java_the_error_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    server = ManagedNeo4j(tmp_path / "home", tmp_path / "cache", jvm_dirs=())
    with pytest.raises(ProvisioningError) as raised:
        server.start()
    message = str(raised.value)
    assert message.startswith("[E210] Java 17+ and Maven (`mvn`) not found")
    for fix in ("JAVA_HOME", "apt-get install maven", "NEO4J_URI", "docker compose up -d"):
        assert fix in message
    assert not (tmp_path / "home" / "neo4j.pid").exists()


@needs_managed
def test_cli_without_maven_and_no_jar_cache_exits_4_with_one_line(tmp_path: Path) -> None:
    java = find_java()
    assert java is not None
    env = {
        key: value for key, value in os.environ.items() if key not in ("NEO4J_URI", "MAVEN_HOME", "M2_HOME")
    }
    env.update(
        PATH=str(tmp_path / "no-tools"),
        JAVA_HOME=str(java.home),
        POLICYKG_HOME=str(tmp_path / "home"),
        POLICYKG_CACHE=str(tmp_path / "cache"),
    )
    result = _cli("neo4j", "start", env=env)
    assert result.returncode == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policykg: [E210] Maven (`mvn`) not found")
    assert "apt-get install maven" in lines[0] and "NEO4J_URI" in lines[0]
    assert "Traceback" not in result.stderr
