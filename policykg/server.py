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

The password never appears in a log line, a description or an exception message. Whatever goes
wrong while connecting is one :class:`Neo4jUnavailable` line saying what and what to do, made in
one place (:func:`connect`, :func:`connection_error`): wrong credentials, an unknown database,
a port that is not a Neo4j Bolt port (HTTP, a socket that closes, echoes or says nothing), TLS
asked of a plain server or plain Bolt asked of a TLS-only one, a Neo4j older than 5.7.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError

from policykg.config import COMPOSE_DEFAULT_PASSWORD, Settings
from policykg.errors import Neo4jUnavailable, PolicyKGError, first_line
from policykg.java import JVM_DIRS, find_java, find_maven
from policykg.managed import ManagedNeo4j

__all__ = [
    "JVM_DIRS",
    "ManagedNeo4j",
    "compose_file",
    "connect",
    "connection_error",
    "docker_engine_answers",
    "find_java",
    "find_maven",
    "get_driver",
    "what_listens",
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


def connect(
    uri: str, auth: tuple[str, str] | None, fix: str = WHAT_TO_DO, database: str | None = None
) -> neo4j.Driver:
    """Open a driver and prove the server answers, is Neo4j :data:`MIN_NEO4J_VERSION` or newer and
    (given ``database``) holds that database; any failure becomes one :class:`Neo4jUnavailable`
    line (:func:`connection_error`). A plain ``bolt://``/``neo4j://`` port is first asked what it
    speaks (:func:`what_listens`): an HTTP server would keep the driver waiting a minute."""
    scheme = urlsplit(uri).scheme.lower()
    if scheme.split("+")[0] not in ("bolt", "neo4j") or scheme.count("+") > 1:
        raise Neo4jUnavailable(
            uri,
            "the URI is not usable: it must start with bolt://, neo4j://, bolt+s:// or neo4j+s:// "
            f"(+ssc: a self-signed certificate), not {scheme or 'no scheme'}:// (policykg talks Bolt)",
        )
    refusal = _not_bolt(uri)  # before the driver: it would wait a minute on an HTTP port
    if refusal is not None:
        raise Neo4jUnavailable(uri, refusal)
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
        with _driver_quiet():  # its failure becomes our one line: not a log line of its own before it
            driver.verify_connectivity()
        _check_version(driver, uri)
        if database is not None:
            _check_database(driver, uri, database)
    except PolicyKGError:
        driver.close()
        raise
    except (DriverError, Neo4jError, OSError) as error:
        driver.close()
        raise connection_error(error, uri, fix, auth) from None
    return driver


# --------------------------------------------------------------------------- connection faults


@contextlib.contextmanager
def _driver_quiet() -> Iterator[None]:
    """The driver's own logger silenced (it logs "Unable to retrieve routing information" itself)."""
    logger = logging.getLogger("neo4j")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


#: policykg needs Neo4j 5.7: Bolt 5.2 (notification filtering), Cypher 5 (``IS UNIQUE``, ``valueType``).
MIN_NEO4J_VERSION_TUPLE = (5, 7)
MIN_NEO4J_VERSION = "5.7"
_AGENT = re.compile(r"Neo4j/v?(\d+)\.(\d+)(?:\.\d+)?")
_OLD_BOLT = re.compile(r"Notification filtering is not supported for the Bolt Protocol (\d+\.\d+)")
#: A Neo4j answers the Bolt handshake in milliseconds; a port silent this long is something else.
HANDSHAKE_TIMEOUT_S = 3.0
_BOLT_PORT = 7687
_BOLT_MAGIC = b"\x60\x60\xb0\x17"
#: The handshake's four version proposals: 5.0-5.8 (a range), 4.4, 4.3, 3.0 (big-endian, ``range.minor.major``).
_BOLT_PROPOSALS = b"\x00\x08\x08\x05\x00\x00\x04\x04\x00\x00\x03\x04\x00\x00\x00\x03"
_TLS_SCHEMES = ("+s", "+ssc")
_DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"


def connection_error(
    error: BaseException, uri: str, fix: str = WHAT_TO_DO, auth: tuple[str, str] | None = None
) -> Neo4jUnavailable:
    """THE translation of a driver error met while connecting into one line saying what is wrong
    and what to do: wrong credentials, a server too old (its version named), a port that is not
    Neo4j's Bolt port, TLS asked for but not offered, anything else with its reason. (An unknown
    database and a too old Neo4j that names itself are refused by :func:`connect` too.)"""
    if isinstance(error, AuthError):
        return Neo4jUnavailable(
            uri, "the server refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD"
        )
    old = _OLD_BOLT.search(str(error)) if isinstance(error, ConfigurationError) else None
    if old is not None:  # no notification filtering: Bolt before 5.2, a Neo4j before 5.7
        return Neo4jUnavailable(
            uri, _too_old(f"{_agent_of(uri, auth) or 'a Neo4j'} speaking Bolt {old.group(1)}")
        )
    address = _address(uri)
    if address is not None:
        host, port, tls = address
        answer = what_listens(host, port)
        if tls and answer == "bolt":
            return Neo4jUnavailable(
                uri,
                f"the URI asks for TLS ({uri.split(':', 1)[0]}://) but the server at {host}:{port} offers "
                "plain Bolt only: use bolt:// or neo4j://, or turn TLS on for the server's Bolt connector",
            )
        if tls and answer not in (None, "bolt", "tls"):
            return Neo4jUnavailable(uri, _NOT_BOLT[answer].format(where=f"{host}:{port}"))
    return Neo4jUnavailable(uri, f"{type(error).__name__}: {first_line(error)}; {fix}")


#: What :func:`what_listens` found, said to the user (``{where}``: host:port).
_NOT_BOLT = {
    "http": "{where} answers HTTP, not Bolt: it is not Neo4j's Bolt port (Neo4j's HTTP port is "
    "7474 by default, its Bolt port 7687): point NEO4J_URI (or --uri) at the Bolt port",
    "tls": "{where} requires TLS: use neo4j+s:// or bolt+s:// (neo4j+ssc:// or bolt+ssc:// for "
    "a self-signed certificate)",
    "closed": "{where} closed the connection without answering the Bolt handshake (and no TLS "
    "either): it is not a Neo4j Bolt port; point NEO4J_URI (or --uri) at one (7687 by default)",
    "silent": "{where} accepts connections but did not answer the Bolt handshake within "
    f"{HANDSHAKE_TIMEOUT_S:.0f} s: it is not a Neo4j Bolt port; point NEO4J_URI (or --uri) at one "
    "(7687 by default)",
    "other": "{where} is not Neo4j (it answered the Bolt handshake with something else): point "
    "NEO4J_URI (or --uri) at a Neo4j Bolt port (7687 by default)",
    "old": "{where} speaks only a Bolt version older than 4.4 (Neo4j 4.3 or before): policykg needs "
    f"Neo4j {MIN_NEO4J_VERSION} or newer",
}


def _address(uri: str) -> tuple[str, int, bool] | None:
    """``(host, port, tls)`` of a Bolt URI (None for anything else: the driver judges it)."""
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme.split("+")[0] not in ("bolt", "neo4j") or not parts.hostname:
        return None
    try:
        port = parts.port or _BOLT_PORT
    except ValueError:
        return None
    return parts.hostname, port, scheme.endswith(_TLS_SCHEMES)


def what_listens(host: str, port: int, timeout: float = HANDSHAKE_TIMEOUT_S) -> str | None:
    """What answers a plain Bolt handshake at ``host:port``: "bolt", "old" (Bolt before 4.4),
    "tls" (a TLS-only server), "http", "closed", "silent" or "other"; None when nothing could be
    reached (refused, no route, timed out: the driver's own error says so)."""
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError:
        return None
    with sock:
        try:
            sock.sendall(_BOLT_MAGIC + _BOLT_PROPOSALS)
            reply, closed = _read(sock, 4)
            if not reply and not closed:  # an HTTP server waits for the end of a line: give it one
                sock.sendall(b"\r\n\r\n")
                more, _ = _read(sock, 5)
                # an HTTP/0.9-style error (no status line) is its HTML page alone
                return "http" if more.startswith((b"HTTP/", b"<")) else "other" if more else "silent"
        except OSError:
            reply, closed = b"", True
    if not reply:  # closed without a word: a TLS-only server does that to plain bytes
        return "tls" if _answers_tls(host, port, timeout) else "closed"
    if reply.startswith(b"HTTP"):
        return "http"
    if reply[:2] == b"\x15\x03":  # a TLS alert record
        return "tls"
    if len(reply) == 4 and reply[:2] == b"\x00\x00":
        # the version the server chose (minor, major); none in common (zeros): the driver proposes more
        return "old" if reply[3] and (reply[3], reply[2]) < (4, 4) else "bolt"
    return "other"


def _read(sock: socket.socket, size: int) -> tuple[bytes, bool]:
    """Up to ``size`` bytes, and whether the peer closed the connection (False: it went silent)."""
    data = b""
    try:
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                return data, True
            data += chunk
    except TimeoutError:
        return data, False
    except OSError:  # reset
        return data, True
    return data, False


def _answers_tls(host: str, port: int, timeout: float) -> bool:
    """True when a TLS handshake succeeds there (any certificate: this only asks what the port speaks)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host),
        ):
            return True
    except (OSError, ssl.SSLError):
        return False


def _not_bolt(uri: str) -> str | None:
    """For a plain bolt:// or neo4j:// URI, why the port is not a Neo4j Bolt port (None: it is, or
    nothing answers: the driver says so)."""
    address = _address(uri)
    if address is None or address[2]:
        return None
    host, port, _ = address
    answer = what_listens(host, port)
    if answer is None or answer == "bolt":
        return None
    return _NOT_BOLT[answer].format(where=f"{host}:{port}")


def _too_old(found: str) -> str:
    return (
        f"the server is {found}; policykg needs Neo4j {MIN_NEO4J_VERSION} or newer (5.26 is tested): "
        "upgrade the server, or unset NEO4J_URI to let policykg run Neo4j 5.26 itself"
    )


def _agent_of(uri: str, auth: tuple[str, str] | None) -> str | None:
    """``Neo4j 4.4.12``: what an old server says it is (asked without notification filtering, which
    it does not know); None when it will not say."""
    try:
        with GraphDatabase.driver(uri, auth=auth) as driver:
            agent = driver.get_server_info().agent or ""
    except (DriverError, Neo4jError, OSError):
        return None
    found = _AGENT.search(agent)
    return found.group(0).replace("/", " ") if found else None


def _check_version(driver: neo4j.Driver, uri: str) -> None:
    """Refuse a server older than :data:`MIN_NEO4J_VERSION`, naming the version it reports."""
    found = _AGENT.search(driver.get_server_info().agent or "")
    if found is None:
        return  # a compatible server that names itself otherwise: its queries will tell
    if (int(found.group(1)), int(found.group(2))) < MIN_NEO4J_VERSION_TUPLE:
        raise Neo4jUnavailable(uri, _too_old(found.group(0).replace("/", " ")))


def _check_database(driver: neo4j.Driver, uri: str, database: str) -> None:
    """Refuse a database name the server does not hold, naming the ones it does."""
    try:
        driver.execute_query("RETURN 1", database_=database, routing_=neo4j.RoutingControl.READ)
    except Neo4jError as error:
        if error.code != _DATABASE_NOT_FOUND:
            raise
        names = _database_names(driver)
        known = f" (it has: {', '.join(names)})" if names else ""
        raise Neo4jUnavailable(
            uri,
            f"the server has no database {database!r}{known}: set NEO4J_DATABASE or --database "
            "to one of its databases (Neo4j Community has one, neo4j)",
        ) from None


def _database_names(driver: neo4j.Driver) -> list[str]:
    try:
        records, _, _ = driver.execute_query(
            "SHOW DATABASES YIELD name WHERE name <> 'system' RETURN name ORDER BY name", database_="system"
        )
    except (Neo4jError, DriverError):
        return []
    return [str(r["name"]) for r in records]


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
            database=settings.database,
        )
        return driver, settings.database, f"Neo4j at {settings.neo4j_uri} (from NEO4J_URI)"

    managed = ManagedNeo4j.from_settings(settings)
    if not start:
        running = managed.running_connection()
        if running is None:
            raise Neo4jUnavailable("bolt://127.0.0.1 (policykg-managed, not running)", WHAT_TO_DO)
        uri, auth = running
        return (
            connect(uri, auth, database=settings.database),
            settings.database,
            _describe_managed(uri, managed),
        )

    if docker_engine_answers() and compose_file() is not None:
        try:
            return _compose_up(settings)
        except PolicyKGError as error:
            # Docker exists but compose failed (no plugin, port taken…): the managed server still works.
            log.warning("docker compose did not give a Neo4j (%s); using the managed server", error.message)

    uri, auth = managed.start()
    return connect(uri, auth, database=settings.database), settings.database, _describe_managed(uri, managed)


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
