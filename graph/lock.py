"""One ingest at a time per database: a lock node, taken in a write transaction under a unique
constraint, with the holder's host, pid and start time.

``policykg ingest`` and ``build`` (through :func:`policykg.graph.ingest.ingest`) hold
:func:`ingest_lock` while they read and write the graph. A second ingest on the same database
either waits for the first (``wait`` seconds at most, polling) or is refused with
:class:`IngestLocked`, one line naming the holder and how to go on. A lock whose holder is gone
is taken over with a warning:

- holder on this host: its pid is no longer alive (or is another process now: the start time of
  the pid, from ``/proc``, is kept with the lock), or it is this very process and no ingest of it
  holds the lock any more;
- any holder: it has not renewed its heartbeat (every :data:`HEARTBEAT_S` seconds) for
  :data:`STALE_AFTER_S` seconds: its ingest ended without deleting the lock (the server was down
  then) or its host is gone. A running ingest renews it whatever it is doing, so a holder silent
  for :data:`SILENT_S` is waited for until it turns stale, even without ``wait``.

Times are the server's (``datetime()``), so the hosts' clocks need not agree. The lock node is
deleted when the ingest ends (normally, by an error or by Ctrl-C); after a SIGKILL it stays until
the next ingest takes it over.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

import neo4j
from neo4j.exceptions import ClientError, ConstraintError

from policykg.errors import ConfigError, IngestLocked

log = logging.getLogger(__name__)


def _heartbeat_s() -> float:
    raw = os.environ.get("POLICYKG_LOCK_HEARTBEAT_S", "5")
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0.2 <= value <= 3600:
        raise ConfigError(
            f"POLICYKG_LOCK_HEARTBEAT_S={raw!r} is not a number of seconds between 0.2 and 3600; "
            "unset it for the default of 5"
        )
    return value


LOCK_LABEL = "PolicykgLock"
#: The one lock there is (a name, so other kinds of lock could join it later).
INGEST = "ingest"
#: How often the holder renews ``beat``; and how old a beat makes a holder on another host stale.
#: ``POLICYKG_LOCK_HEARTBEAT_S`` sets it (the test suite uses 1 s, so a lock left behind by a
#: stopped server turns stale in 6 s, not 30).
HEARTBEAT_S = _heartbeat_s()
SILENT_S = 2 * HEARTBEAT_S
STALE_AFTER_S = 6 * HEARTBEAT_S
#: How often a waiting ingest tries again.
POLL_S = 0.5

_CONSTRAINT: LiteralString = (
    "CREATE CONSTRAINT policykglock_name_unique IF NOT EXISTS FOR (l:PolicykgLock) REQUIRE l.name IS UNIQUE"
)
_TAKE: LiteralString = (
    "CREATE (l:PolicykgLock {name: $name, token: $token, host: $host, pid: $pid, "
    "pid_started: $pid_started, command: $command, since: datetime(), beat: datetime()})"
)
_HOLDER: LiteralString = (
    "MATCH (l:PolicykgLock {name: $name}) "
    "RETURN l.token AS token, l.host AS host, l.pid AS pid, l.pid_started AS pid_started, "
    "l.command AS command, toString(l.since) AS since, "
    "duration.inSeconds(l.beat, datetime()).seconds AS silent"
)
_BEAT: LiteralString = "MATCH (l:PolicykgLock {name: $name, token: $token}) SET l.beat = datetime()"
_DROP: LiteralString = "MATCH (l:PolicykgLock {name: $name, token: $token}) DELETE l"
#: Tokens of the locks this process holds now (another thread's ingest is waited for, not taken over).
_HELD: set[str] = set()


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as the lock node says."""

    token: str
    host: str
    pid: int
    pid_started: str | None
    command: str
    since: str  # ISO time, the server's clock
    silent: int  # seconds since its last heartbeat

    def describe(self) -> str:
        return f"`{self.command}` on host {self.host}, pid {self.pid}, since {self.since[:19].replace('T', ' ')} UTC"

    def stale(self, host: str) -> str | None:
        """Why the holder is gone (None: it may still run)."""
        if self.host == host:
            if self.pid == os.getpid() and self.token not in _HELD:
                return "this process left it behind (its connection was lost before it could release it)"
            if not _pid_alive(self.pid):
                return f"pid {self.pid} is no longer running"
            if self.pid_started is not None and self.pid_started != _pid_started(self.pid):
                return f"pid {self.pid} is another process now"
        if self.silent > STALE_AFTER_S:
            return f"no heartbeat for {self.silent} s"
        return None


def _pid_alive(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError, IndexError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _pid_started(pid: int) -> str | None:
    """The process's start time (clock ticks since boot, field 22 of ``/proc/PID/stat``): a pid
    and its start time name one process, even after the pid is reused. None off Linux."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


class IngestLock:
    """The ingest lock of one database; :meth:`acquire`, then :meth:`release` (or use
    :func:`ingest_lock`)."""

    def __init__(
        self, driver: neo4j.Driver, database: str, where: str = "", command: str = "policykg ingest"
    ) -> None:
        self.driver = driver
        self.database = database
        self.where = where or f"database {database!r}"
        self.command = command
        self.host = socket.gethostname()
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def _run(self, query: LiteralString, **params: object) -> list[neo4j.Record]:
        records, _, _ = self.driver.execute_query(query, params, database_=self.database)
        return records

    def _ensure_constraint(self) -> None:
        try:
            self._run(_CONSTRAINT)
        except ClientError:
            # two ingests creating it at the same moment: the loser is told it exists; check it does
            records = self._run(
                "SHOW CONSTRAINTS YIELD name WHERE name = 'policykglock_name_unique' RETURN name"
            )
            if not records:
                raise

    def holder(self) -> Holder | None:
        records = self._run(_HOLDER, name=INGEST)
        if not records:
            return None
        r = records[0]
        return Holder(
            str(r["token"]),
            str(r["host"]),
            int(r["pid"]),
            None if r["pid_started"] is None else str(r["pid_started"]),
            str(r["command"]),
            str(r["since"]),
            int(r["silent"] or 0),
        )

    def _try_take(self) -> bool:
        try:
            self._run(
                _TAKE,
                name=INGEST,
                token=self.token,
                host=self.host,
                pid=os.getpid(),
                pid_started=_pid_started(os.getpid()),
                command=self.command,
            )
        except ConstraintError:
            return False
        return True

    def acquire(self, wait: float = 0.0, sleep: Callable[[float], None] = time.sleep) -> None:
        """Take the lock; wait up to ``wait`` seconds for a running holder, else raise
        :class:`IngestLocked`. A stale holder's lock is taken over with a warning."""
        self._ensure_constraint()
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while not self._try_take():
            holder = self.holder()
            if holder is None:  # released between our CREATE and the look
                continue
            gone = holder.stale(self.host)
            if gone is not None:
                log.warning(
                    "taking over the ingest lock of %s held by %s: %s", self.where, holder.describe(), gone
                )
                self._run(_DROP, name=INGEST, token=holder.token)  # only that holder's lock
                continue
            left = deadline - time.monotonic()
            if left <= 0 and holder.silent > SILENT_S:  # no ingest runs there, most likely
                left = STALE_AFTER_S - holder.silent + POLL_S
                if not told:
                    log.warning(
                        "%s is locked by %s, which has not renewed the lock for %d s: taking it over "
                        "if it stays silent %d s more",
                        self.where,
                        holder.describe(),
                        holder.silent,
                        left,
                    )
                    told = True
            if left <= 0:
                raise IngestLocked(self.where, holder.describe(), waited=wait)
            if not told:
                log.warning(
                    "%s is being loaded by %s: waiting up to %.0f s for it",
                    self.where,
                    holder.describe(),
                    wait,
                )
                told = True
            sleep(min(POLL_S, left))
        _HELD.add(self.token)
        self._beat = threading.Thread(target=self._heartbeat, name="policykg-lock-beat", daemon=True)
        self._beat.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            with contextlib.suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
                self._run(_BEAT, name=INGEST, token=self.token)

    def release(self) -> None:
        """Delete our lock node (a lock taken over by another ingest meanwhile is left alone)."""
        self._stop.set()
        _HELD.discard(self.token)
        if self._beat is not None:
            self._beat.join()
            self._beat = None
        with contextlib.suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
            # a lost connection: the lock stays, and the next ingest finds this pid gone
            self._run(_DROP, name=INGEST, token=self.token)


@contextlib.contextmanager
def ingest_lock(
    driver: neo4j.Driver, database: str, wait: float = 0.0, where: str = "", command: str = "policykg ingest"
) -> Iterator[IngestLock]:
    """Hold the ingest lock of ``database`` for the ``with`` block."""
    lock = IngestLock(driver, database, where, command)
    lock.acquire(wait)
    try:
        yield lock
    finally:
        lock.release()
