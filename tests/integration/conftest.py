"""A real Neo4j for the integration tests, found or started the way ``policykg`` does it.

Order: ``NEO4J_URI`` → a Docker engine that answers (testcontainers' ``Neo4jContainer``) → a
policykg-managed Neo4j 5.26 in a SEPARATE home under pytest's tmp dir (the jar cache
``$POLICYKG_CACHE`` is shared, so only the first run on a machine downloads), started in the
background before the first test (``servers.py``). A server the fixtures started is stopped at the
end of the session.

``corpus_graph``: the bundled corpus, ingested once per session for the modules that only read
it (``tests/conftest.py`` runs them before anything that empties the server). ``clean_graph``: the
same server emptied, for a module that writes. ``own_server``: the slow tier's managed server of
its own, shared by the modules that stop it, break it or need its password.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Iterator

import pytest
from neo4j import Driver
from servers import OwnServer, begin_own, begin_session, session_server_is_managed, wait_for_corpus_ingest

from policykg.config import Settings
from policykg.server import connect

#: Tests wipe the database; with NEO4J_URI pointing at a non-empty one they refuse unless this is 1.
ALLOW_WIPE_ENV = "POLICYKG_TEST_WIPE"
COMPOSE_IMAGE = "neo4j:5.26-community"

Neo4jHandle = tuple[Driver, str]


@pytest.fixture(scope="session")
def neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jHandle]:
    """``(driver, database)`` of a running Neo4j for the whole test session."""
    settings = Settings.from_env()
    if settings.neo4j_uri:
        auth = (settings.username, settings.password) if settings.password is not None else None
        driver = connect(settings.neo4j_uri, auth)
        try:
            _refuse_to_wipe_real_data(driver, settings.database)
            yield driver, settings.database
        finally:
            driver.close()
    elif not session_server_is_managed():  # a Docker engine answers
        try:
            from testcontainers.community.neo4j import Neo4jContainer
        except ImportError:  # testcontainers < 4.14
            from testcontainers.neo4j import Neo4jContainer
        with Neo4jContainer(COMPOSE_IMAGE) as container:
            driver = container.get_driver()
            try:
                yield driver, "neo4j"
            finally:
                driver.close()
    else:
        server = begin_session(tmp_path_factory)
        try:
            driver = connect(*server.wait())
            try:
                yield driver, "neo4j"
            finally:
                driver.close()
        finally:
            server.stop()


@pytest.fixture(scope="session")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnServer]:
    """The slow tier's policykg-managed Neo4j (one JVM for every slow module), in a home of its
    own, configured as policykg would NOT configure it: LOAD CSV from file URLs allowed and an
    import folder holding ``servers.GUARD_SECRET``. Fault tests stop and restart it; a module
    empties it before writing (``OwnServer.wipe``)."""
    server = begin_own(tmp_path_factory)
    try:
        yield OwnServer(server)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def clean_graph(neo4j: Neo4jHandle) -> Neo4jHandle:
    """The session's Neo4j with no nodes, constraints or indexes: each writing module starts clean."""
    driver, database = neo4j
    wipe(driver, database)
    return neo4j


def wipe(driver: Driver, database: str) -> None:
    """Delete every node (in batches, so big graphs do not need one huge transaction), then the schema."""
    while True:
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted", database_=database
        )
        if records[0]["deleted"] == 0:
            break
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for record in constraints:
        driver.execute_query(f"DROP CONSTRAINT {_quoted(record['name'])} IF EXISTS", database_=database)
    # LOOKUP indexes are Neo4j's built-in label/type indexes: keep them, they are not ours.
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    for record in indexes:
        driver.execute_query(f"DROP INDEX {_quoted(record['name'])} IF EXISTS", database_=database)


def _quoted(name: str) -> str:
    """Schema names cannot be parameters: quote them as Cypher identifiers."""
    return "`" + name.replace("`", "``") + "`"


def _refuse_to_wipe_real_data(driver: Driver, database: str) -> None:
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS nodes", database_=database)
    nodes = records[0]["nodes"]
    if nodes and os.environ.get(ALLOW_WIPE_ENV) != "1":
        pytest.exit(
            f"NEO4J_URI database {database!r} holds {nodes} nodes and the integration tests wipe it: "
            f"point NEO4J_URI at a scratch database, or set {ALLOW_WIPE_ENV}=1 to allow it",
            returncode=4,
        )


@pytest.fixture(scope="module")
def corpus_graph(neo4j: Neo4jHandle, request: pytest.FixtureRequest) -> Neo4jHandle:
    """The session's Neo4j holding the bundled corpus, ingested in full.

    Ingested once per session: every module that only reads comes before the first one that
    writes (``tests/conftest.py``), and this check (one query, the files' hashes) finds the
    corpus loaded. A module marked ``extends_corpus`` adds its own documents on top, and the
    modules that extend it after keep them; for any other module, something left behind is
    wiped and the corpus ingested again.
    """
    from policykg.graph.ingest import ingest
    from policykg.loaders.pipeline import default_paths

    driver, database = neo4j
    # Begun before the first test when the session server is managed (tests/conftest.py); a
    # failure is reported by the in-process ingest below, which does what it did not finish.
    failed = wait_for_corpus_ingest()
    if failed:
        warnings.warn(f"the background corpus ingest failed ({failed}); ingesting in process", stacklevel=1)
    paths = default_paths()
    expected = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    records, _, _ = driver.execute_query(
        "MATCH (p:Plan) WHERE NOT coalesce(p.external, false) "
        "RETURN p.source AS source, collect(DISTINCT p.source_hash) AS hashes",
        database_=database,
    )
    stored = {r["source"]: r["hashes"] for r in records}
    loaded = all(stored.get(name) == [digest] for name, digest in expected.items())
    if set(stored) - set(expected) and request.node.get_closest_marker("extends_corpus") is None:
        wipe(driver, database)
        loaded = False
    if not loaded:
        summary = ingest(paths, driver, database)
        assert not [e for e in summary.errors if e.severity == "error"], summary.errors
    return neo4j


class _Borrowed:
    """The session's driver, lent to the CLI: its ``with driver:`` must not close it."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def __enter__(self) -> Driver:
        return self.driver

    def __exit__(self, *_: object) -> None:
        return None

    def __getattr__(self, name: str) -> object:
        return getattr(self.driver, name)


@pytest.fixture
def corpus_cli(corpus_graph: Neo4jHandle, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A click runner whose commands reach the corpus graph's real server (the session's driver,
    lent through ``policykg.api._driver``)."""
    from click.testing import CliRunner

    from policykg import api

    driver, database = corpus_graph
    monkeypatch.setattr(api, "_driver", lambda settings, start=True: (_Borrowed(driver), database, "bolt"))
    yield CliRunner()


@pytest.fixture(scope="module")
def corpus_web(corpus_graph: Neo4jHandle) -> object:
    """The workbench app over the corpus graph, as a test client."""
    from fastapi.testclient import TestClient

    from policykg.web.app import create_app

    driver, database = corpus_graph
    return TestClient(create_app(driver, database))
