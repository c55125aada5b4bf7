"""Reach a Neo4j on any machine: a configured server, docker compose, or one policykg runs itself.

:func:`get_driver` resolves the server in this order and returns a connected driver:

1. ``NEO4J_URI`` (+ ``NEO4J_USERNAME``/``NEO4J_PASSWORD``): any server, ``bolt://``, ``neo4j://``,
   ``neo4j+s://``…;
2. a Docker engine that answers ``docker info``: ``docker compose up -d --wait`` with the
   project's ``docker-compose.yml``;
3. a project-managed **Neo4j Community 5.26** (:class:`ManagedNeo4j`): its jars come from Maven
   Central once (``mvn dependency:copy-dependencies``), then it runs as a detached ``java``
   process bound to 127.0.0.1 with a generated password stored in ``$POLICYKG_HOME/password``
   (mode 0600).

The password never appears in a log line, a description or an exception message.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from policykg.config import COMPOSE_DEFAULT_PASSWORD, Settings
from policykg.errors import Neo4jUnavailable, PolicyKGError, first_line
from policykg.java import JVM_DIRS, find_java, find_maven
from policykg.managed import ManagedNeo4j

__all__ = [
    "JVM_DIRS",
    "ManagedNeo4j",
    "compose_file",
    "connect",
    "docker_engine_answers",
    "find_java",
    "find_maven",
    "get_driver",
]

log = logging.getLogger(__name__)

#: Said whenever no server can be reached: the three ways to get one.
WHAT_TO_DO = (
    "set NEO4J_URI (and NEO4J_PASSWORD) to an existing server, "
    "or install Java 17+ and Maven so policykg can run Neo4j 5.26 itself (`policykg neo4j start`), "
    "or start the bundled one with `docker compose up -d`"
)
_DOCKER_TIMEOUT_S = 15
_COMPOSE_UP_TIMEOUT_S = 300
#: How long the driver keeps retrying a failed transaction (its default is 30 s). A deadlock or a
#: leader switch is retried within it; a server that is gone (stopped, crashed, port closed) fails
#: every attempt at once, and the run reports it after this long instead of half a minute later.
#: Each document commits whole, so a rerun after the server is back skips what was loaded.
RETRY_S = 3.0
#: Seconds to open a TCP connection to the server (the driver's default is 30 s): a host that does
#: not answer (dropped packets, a firewall) is reported this soon.
CONNECT_TIMEOUT_S = 10.0


def connect(uri: str, auth: tuple[str, str] | None, fix: str = WHAT_TO_DO) -> neo4j.Driver:
    """Open a driver and prove the server answers; a failure becomes :class:`Neo4jUnavailable`."""
    try:
        # Server notifications off: "property key does not exist" on an empty database is expected,
        # and the driver would log one warning per chunk of an ingest (queries/run.py turns them off too).
        driver = GraphDatabase.driver(
            uri,
            auth=auth,
            notifications_min_severity="OFF",
            max_transaction_retry_time=RETRY_S,
            connection_timeout=CONNECT_TIMEOUT_S,
        )
    except (ValueError, DriverError) as error:  # malformed URI or unsupported scheme
        raise Neo4jUnavailable(uri, f"the URI is not usable ({first_line(error)}); {fix}") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise Neo4jUnavailable(
            uri, "the server refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD"
        ) from None
    except (DriverError, Neo4jError, OSError) as error:
        driver.close()
        raise Neo4jUnavailable(uri, f"{type(error).__name__}: {first_line(error)}; {fix}") from None
    return driver


def get_driver(settings: Settings | None = None, start: bool = True) -> tuple[neo4j.Driver, str, str]:
    """Return ``(driver, database, description)`` for the first Neo4j that works.

    With ``start=False`` nothing is started: only ``NEO4J_URI`` or an already running managed
    server are used. The caller owns the driver (``driver.close()`` or ``with driver:``).
    """
    settings = settings or Settings.from_env()
    if settings.neo4j_uri:
        auth = (settings.username, settings.password) if settings.password is not None else None
        driver = connect(
            settings.neo4j_uri,
            auth,
            fix="check the server and NEO4J_URI, or unset NEO4J_URI to let policykg start a local Neo4j",
        )
        return driver, settings.database, f"Neo4j at {settings.neo4j_uri} (from NEO4J_URI)"

    managed = ManagedNeo4j.from_settings(settings)
    if not start:
        running = managed.running_connection()
        if running is None:
            raise Neo4jUnavailable("bolt://127.0.0.1 (policykg-managed, not running)", WHAT_TO_DO)
        uri, auth = running
        return connect(uri, auth), settings.database, _describe_managed(uri, managed)

    if docker_engine_answers() and compose_file() is not None:
        try:
            return _compose_up(settings)
        except PolicyKGError as error:
            # Docker exists but compose failed (no plugin, port taken…): the managed server still works.
            log.warning("docker compose did not give a Neo4j (%s); using the managed server", error.message)

    uri, auth = managed.start()
    return connect(uri, auth), settings.database, _describe_managed(uri, managed)


def _describe_managed(uri: str, managed: ManagedNeo4j) -> str:
    return f"policykg-managed Neo4j Community {managed.version} at {uri} (home {managed.home})"


# --------------------------------------------------------------------------- docker compose


def compose_file() -> Path | None:
    """The checkout's ``docker-compose.yml`` (absent from a wheel install, hence optional)."""
    candidate = Path(__file__).resolve().parent.parent / "docker-compose.yml"
    return candidate if candidate.is_file() else None


def docker_engine_answers() -> bool:
    """True when a Docker CLI is installed and its engine answers (``docker info`` succeeds)."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        result = subprocess.run([docker, "info"], capture_output=True, timeout=_DOCKER_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def _compose_command() -> list[str] | None:
    """``docker compose`` (v2 plugin) if present, else the v1 ``docker-compose`` binary."""
    docker = shutil.which("docker")
    if docker is not None:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy is not None else None


def _compose_password(settings: Settings) -> str:
    """The password docker-compose.yml gives the service (``neo4j/${NEO4J_PASSWORD:-policykg-dev}``)."""
    return settings.password or COMPOSE_DEFAULT_PASSWORD


def _compose_up(settings: Settings) -> tuple[neo4j.Driver, str, str]:
    file = compose_file()
    command = _compose_command()
    uri = "bolt://localhost:7687"
    if file is None or command is None:
        raise Neo4jUnavailable(uri, "neither `docker compose` nor `docker-compose` is installed")
    up = [*command, "-f", str(file), "up", "-d"]
    if command[-1] == "compose":  # --wait (healthcheck) exists only in compose v2
        up.append("--wait")
    log.info("starting the docker compose service neo4j (%s)", file)
    try:
        result = subprocess.run(
            up, check=False, capture_output=True, text=True, timeout=_COMPOSE_UP_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        raise Neo4jUnavailable(uri, f"`{' '.join(up)}` did not finish in {_COMPOSE_UP_TIMEOUT_S} s") from None
    if result.returncode != 0:
        tail = " ".join(result.stderr.strip().splitlines()[-2:])
        raise Neo4jUnavailable(uri, f"`docker compose up` failed: {tail}")
    driver = _connect_with_retry(uri, ("neo4j", _compose_password(settings)))
    return driver, settings.database, f"docker compose service neo4j at {uri} ({file})"


def _connect_with_retry(uri: str, auth: tuple[str, str], attempts: int = 60) -> neo4j.Driver:
    """Compose v1 has no ``--wait``: poll Bolt for up to a minute."""
    import time

    last: Neo4jUnavailable | None = None
    for _ in range(attempts):
        try:
            return connect(uri, auth)
        except Neo4jUnavailable as error:
            if "credentials" in error.message:
                raise
            last = error
            time.sleep(1.0)
    assert last is not None
    raise last
