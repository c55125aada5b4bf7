"""The Neo4j servers of the integration tiers, started in background threads.

Two policykg-managed servers at most, each in a home under pytest's tmp dir (the jar cache
``$POLICYKG_CACHE`` is shared): the session's shared server (``neo4j`` fixture; not started when
``NEO4J_URI`` or a Docker engine gives one) and the slow tier's own (``own_server``), which fault
tests stop and restart and which is configured as policykg would not configure a server (LOAD CSV
from file URLs allowed, an import folder holding a secret), so the Cypher guard is tested
against a server that does not protect itself. ``tests/conftest.py`` begins the starts the
selected tests need before the first test, so the JVMs boot while the unit tests run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pytest
from neo4j import Driver

from policykg.config import Settings
from policykg.server import ManagedNeo4j, connect, docker_engine_answers

#: What the own server's import folder holds: the guard must never let a query read it.
GUARD_SECRET = "policykg-guard-secret-7c1e"
Auth = tuple[str, str]


@lru_cache(maxsize=1)
def session_server_is_managed() -> bool:
    """True when the ``neo4j`` fixture will start a managed server (no NEO4J_URI, no Docker)."""
    return not Settings.from_env().neo4j_uri and not docker_engine_answers()


class BackgroundServer:
    """A policykg-managed Neo4j whose start runs in a thread: :meth:`wait` for its URI and auth."""

    def __init__(self, home: Path, extra_conf: Sequence[str] = ()) -> None:
        self.home = home
        self.server = ManagedNeo4j(home, Settings.from_env().cache_dir, extra_conf=extra_conf)
        self._result: tuple[str, Auth] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._start, name=f"neo4j-{home.name}", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            self._result = self.server.start()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test that waits for the server
            self._error = error

    def wait(self) -> tuple[str, Auth]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def stop(self) -> None:
        self._thread.join()
        self.server.stop()


_BEGUN: dict[str, BackgroundServer] = {}


def begin_session(tmp: pytest.TempPathFactory) -> BackgroundServer:
    """The session's shared managed server, its start begun on the first call."""
    if "session" not in _BEGUN:
        _BEGUN["session"] = BackgroundServer(tmp.mktemp("neo4j-home"))
    return _BEGUN["session"]


def begin_own(tmp: pytest.TempPathFactory) -> BackgroundServer:
    """The slow tier's own server, its start begun on the first call. Its import folder (and the
    secret in it) is laid out first: the conf names it."""
    if "own" not in _BEGUN:
        base = tmp.mktemp("own-neo4j")
        files = base / "files"
        files.mkdir()
        (files / "secret.csv").write_text(f"{GUARD_SECRET}\n", encoding="utf-8")
        conf = ("dbms.security.allow_csv_import_from_file_urls=true", f"server.directories.import={files}")
        _BEGUN["own"] = BackgroundServer(base / "server", conf)
    return _BEGUN["own"]


def stop_all() -> None:
    for server in _BEGUN.values():
        server.stop()
    _BEGUN.clear()


class OwnServer:
    """The slow tier's managed Neo4j, as its tests use it: URI, auth, env for the CLI, restarts.

    Shared by every slow module (one JVM): each module empties the graph before it writes.
    """

    def __init__(self, background: BackgroundServer) -> None:
        self.background = background
        self.server = background.server
        self.home = background.home
        self.uri, self.auth = background.wait()

    @property
    def password(self) -> str:
        return self.auth[1]

    def restart(self) -> None:
        """Start the server again after a fault test stopped it (a running one is reused)."""
        self.uri, self.auth = self.server.start()

    ensure_running = restart

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "NEO4J_URI": self.uri,
            "NEO4J_USERNAME": self.auth[0],
            "NEO4J_PASSWORD": self.auth[1],
            "NEO4J_DATABASE": "neo4j",
            **extra,
        }

    def driver(self) -> Driver:
        return connect(self.uri, self.auth)

    def wipe(self) -> None:
        """Every node gone (the schema stays: each writer creates what it needs)."""
        with self.driver() as driver:
            while driver.execute_query(
                "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS c", database_="neo4j"
            ).records[0]["c"]:
                pass
