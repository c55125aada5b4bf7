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
import subprocess
import sys
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from policykg.config import Settings
from policykg.server import ManagedNeo4j, connect, docker_engine_answers

#: What the own server's import folder holds: the guard must never let a query read it.
GUARD_SECRET = "policykg-guard-secret-7c1e"
Auth = tuple[str, str]
#: A test server works cold: it is started for the session (or restarted after each fault of the
#: slow tier), loads small graphs and answers each query a few times. Compiling with C1 only, its
#: JVM warms up in seconds, at some cost in peak speed these loads never reach. Measured here: the
#: bundled corpus ingested into a fresh server 47 s → 27 s, the server's start 18 s → 11 s, a forced
#: ingest of the four plans right after a restart 25 s → 12 s. (Not policykg's default: a real
#: corpus, 100× this one, runs long enough for the full JIT to pay off.)
TEST_JVM_FLAGS = ("-XX:TieredStopAtLevel=1",)


@lru_cache(maxsize=1)
def session_server_is_managed() -> bool:
    """True when the ``neo4j`` fixture will start a managed server (no NEO4J_URI, no Docker)."""
    return not Settings.from_env().neo4j_uri and not docker_engine_answers()


class BackgroundServer:
    """A policykg-managed Neo4j whose start runs in a thread: :meth:`wait` for its URI and auth."""

    def __init__(self, home: Path, extra_conf: Sequence[str] = (), jvm_flags: Sequence[str] = ()) -> None:
        self.home = home
        self.server = ManagedNeo4j(
            home, Settings.from_env().cache_dir, extra_conf=extra_conf, jvm_flags=jvm_flags
        )
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
        _BEGUN["session"] = BackgroundServer(tmp.mktemp("neo4j-home"), jvm_flags=TEST_JVM_FLAGS)
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
        _BEGUN["own"] = BackgroundServer(base / "server", conf, TEST_JVM_FLAGS)
    return _BEGUN["own"]


class BackgroundIngest:
    """``policykg ingest`` of the bundled corpus into the session's managed server, in a process of
    its own begun as soon as the server answers: it runs on the second CPU while the unit tests run
    on the first, and ``corpus_graph`` finds the corpus loaded (it checks the files' hashes, and
    ingests in process whatever this run did not finish)."""

    def __init__(self, server: BackgroundServer) -> None:
        self.server = server
        self.returncode: int | None = None
        self.stderr = ""
        self._thread = threading.Thread(target=self._run, name="corpus-ingest", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            uri, (user, password) = self.server.wait()
        except BaseException:  # noqa: BLE001 - the neo4j fixture waits for the server and raises it
            return
        env = {
            **os.environ,
            "NEO4J_URI": uri,
            "NEO4J_USERNAME": user,
            "NEO4J_PASSWORD": password,
            "NEO4J_DATABASE": "neo4j",
        }
        done = subprocess.run(
            [sys.executable, "-m", "policykg.cli", "-q", "ingest"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )
        self.returncode, self.stderr = done.returncode, done.stderr

    def wait(self) -> None:
        self._thread.join()


_INGESTS: dict[str, BackgroundIngest] = {}


def begin_corpus_ingest(tmp: pytest.TempPathFactory) -> None:
    """The bundled corpus ingested into the session's managed server in the background (once)."""
    if "corpus" not in _INGESTS:
        _INGESTS["corpus"] = BackgroundIngest(begin_session(tmp))


def wait_for_corpus_ingest() -> str | None:
    """Wait for the background ingest, if one was begun; its stderr when it failed, else None."""
    ingest = _INGESTS.get("corpus")
    if ingest is None:
        return None
    ingest.wait()
    return None if ingest.returncode == 0 else f"exit code {ingest.returncode}: {ingest.stderr[-2000:]}"


def stop_all() -> None:
    for ingest in _INGESTS.values():
        ingest.wait()  # never stop a server under a running ingest
    _INGESTS.clear()
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
            wipe(driver)


def wipe(driver: Driver) -> None:
    """Every node of the ``neo4j`` database gone, in batches (the schema stays)."""
    while driver.execute_query(
        "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS c", database_="neo4j"
    ).records[0]["c"]:
        pass


Snapshot = dict[str, Any]


def snapshot(driver: Driver) -> Snapshot:
    """What a graph holds, to compare two runs: node counts by label, relationship counts by type,
    and every node id."""
    labels = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label", database_="neo4j"
    ).records
    types = driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type", database_="neo4j"
    ).records
    ids = driver.execute_query("MATCH (n) RETURN collect(n.id) AS ids", database_="neo4j").records
    return {
        "labels": {r["label"]: r["n"] for r in labels},
        "types": {r["type"]: r["n"] for r in types},
        "ids": sorted(i for i in ids[0]["ids"] if i is not None),
    }
