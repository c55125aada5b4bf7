"""Two ingests on one database at once (graph/lock.py), as real ``policykg ingest`` processes
against the slow tier's own managed Neo4j (``own_server``):

- while one runs, a second is refused at once: exit code 7, one line naming the holder's host and
  pid and how to go on (``--wait``);
- with ``--wait`` the second waits for the first, then runs; the graph afterwards equals a clean
  single run (node counts by label, relationship counts by type, node ids) and no lock is left;
- a lock whose holder died (SIGKILL) is taken over with a warning.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
from neo4j import Driver
from servers import OwnServer, Snapshot, snapshot, wipe

from policykg.errors import IngestLocked
from policykg.graph.lock import IngestLock, ingest_lock
from policykg.loaders.pipeline import default_paths

pytestmark = [pytest.mark.integration, pytest.mark.slow]

#: The four single plans (the compilation 003 left out: a run takes seconds).
PLANS = [p for p in default_paths() if not p.name.startswith("003_")]


@pytest.fixture(scope="module")
def own(own_server: OwnServer) -> OwnServer:
    own_server.ensure_running()
    return own_server


def ingest_cli(own: OwnServer, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "policykg.cli", "-q", "ingest", *options, *map(str, PLANS)],
        env=own.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = process.communicate(timeout=600)
    return process.returncode, err


def lock_holder(driver: Driver) -> int | None:
    records = driver.execute_query("MATCH (l:PolicykgLock) RETURN l.pid AS pid", database_="neo4j").records
    return int(records[0]["pid"]) if records else None


def wait_for_lock(driver: Driver, process: subprocess.Popen[str]) -> int:
    """The pid holding the lock, once ``process`` has taken it."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if lock_holder(driver) == process.pid:
            return process.pid
        time.sleep(0.05)
    raise AssertionError("the first ingest never took the lock")


@pytest.fixture(scope="module")
def reference(own: OwnServer) -> Snapshot:
    """A clean single run of the four plans."""
    with own.driver() as driver:
        wipe(driver)
        code, err = finish(ingest_cli(own))
        assert code == 0, err
        return snapshot(driver)


def test_a_second_ingest_is_refused_or_waits_and_the_graph_equals_a_clean_run(
    own: OwnServer, reference: Snapshot
) -> None:
    with own.driver() as driver:
        wipe(driver)
        first = ingest_cli(own)
        holder = wait_for_lock(driver, first)
        refused = ingest_cli(own)
        code, err = finish(refused)
        still_running = first.poll() is None
        waiting = ingest_cli(own, "--force", "--wait", "600")
        waited_code, waited_err = finish(waiting)
        first_code, first_err = finish(first)
        assert first_code == 0, first_err
        assert still_running, "the first ingest ended before the second asked: nothing was tested"
        assert code == IngestLocked.exit_code, err
        line = [line for line in err.splitlines() if "[E230]" in line]
        assert len(line) == 1 and "Traceback" not in err, err
        assert f"pid {holder}" in line[0] and f"host {socket.gethostname()}" in line[0], line
        assert "--wait" in line[0]
        assert waited_code == 0, waited_err
        assert "waiting up to 600 s" in waited_err
        assert lock_holder(driver) is None  # released by both
        assert snapshot(driver) == reference


def test_the_lock_of_a_killed_ingest_is_taken_over_with_a_warning(
    own: OwnServer, reference: Snapshot
) -> None:
    with own.driver() as driver:
        wipe(driver)
        first = ingest_cli(own)
        holder = wait_for_lock(driver, first)
        os.killpg(first.pid, signal.SIGKILL)
        first.communicate(timeout=60)
        assert lock_holder(driver) == holder  # a SIGKILL leaves the lock behind
        code, err = finish(ingest_cli(own))
        assert code == 0, err
        assert re.search(rf"taking over the ingest lock .* pid {holder} is no longer running", err), err
        assert lock_holder(driver) is None
        assert snapshot(driver) == reference


def test_a_holder_on_another_host_is_stale_only_without_heartbeat(own: OwnServer) -> None:
    """A lock of another host cannot be checked by pid: fresh, it is respected; after
    ``STALE_AFTER_S`` without a heartbeat, taken over."""
    with own.driver() as driver:
        wipe(driver)
        params = {"pid": os.getpid()}
        driver.execute_query(
            "CREATE (:PolicykgLock {name: 'ingest', token: 'other', host: 'elsewhere.example', "
            "pid: $pid, command: 'policykg build', since: datetime(), beat: datetime()})",
            params,
            database_="neo4j",
        )
        with pytest.raises(IngestLocked, match=r"`policykg build` on host elsewhere\.example"):
            IngestLock(driver, "neo4j").acquire(wait=0)
        driver.execute_query(
            "MATCH (l:PolicykgLock) SET l.beat = datetime() - duration({minutes: 5})", database_="neo4j"
        )
        with ingest_lock(driver, "neo4j"):
            assert lock_holder(driver) == os.getpid()
        assert lock_holder(driver) is None


def test_wait_returns_once_the_holder_releases(own: OwnServer) -> None:
    import threading

    with own.driver() as driver:
        wipe(driver)
        first = IngestLock(driver, "neo4j")
        first.acquire()
        releaser = threading.Timer(1.0, first.release)
        releaser.start()
        second = IngestLock(driver, "neo4j")
        second.acquire(wait=60)  # returns when the first is released, or raises after 60 s
        releaser.join()
        records = driver.execute_query(
            "MATCH (l:PolicykgLock) RETURN l.token AS t", database_="neo4j"
        ).records
        assert [r["t"] for r in records] == [second.token]
        second.release()
        assert lock_holder(driver) is None


def test_a_lock_this_process_left_behind_is_taken_over(own: OwnServer) -> None:
    """An ingest whose connection was lost could not delete its lock: a later ingest of the same
    process (a notebook, a test session) takes it over instead of waiting for itself."""
    with own.driver() as driver:
        wipe(driver)
        driver.execute_query(
            "CREATE (:PolicykgLock {name: 'ingest', token: 'lost', host: $host, pid: $pid, "
            "command: 'policykg ingest', since: datetime(), beat: datetime()})",
            {"host": socket.gethostname(), "pid": os.getpid()},
            database_="neo4j",
        )
        with ingest_lock(driver, "neo4j") as lock:
            records = driver.execute_query(
                "MATCH (l:PolicykgLock) RETURN l.token AS t", database_="neo4j"
            ).records
            assert [r["t"] for r in records] == [lock.token]
        assert lock_holder(driver) is None


def test_a_live_holder_that_stopped_renewing_is_waited_for_then_taken_over(own: OwnServer) -> None:
    """Its pid lives (here: the parent of this process) but its ingest ended without deleting the
    lock (the server was down then): silent for more than SILENT_S, it is taken over once stale,
    even without ``wait``."""
    from policykg.graph.lock import SILENT_S

    with own.driver() as driver:
        wipe(driver)
        driver.execute_query(
            "CREATE (:PolicykgLock {name: 'ingest', token: 'gone', host: $host, pid: $pid, "
            "command: 'policykg ingest', since: datetime(), "
            "beat: datetime() - duration({seconds: $silent})})",
            {"host": socket.gethostname(), "pid": os.getppid(), "silent": int(SILENT_S) + 5},
            database_="neo4j",
        )
        with ingest_lock(driver, "neo4j", wait=0):
            assert lock_holder(driver) == os.getpid()
        assert lock_holder(driver) is None
        driver.execute_query(  # a holder that renewed just now is refused at once
            "CREATE (:PolicykgLock {name: 'ingest', token: 'busy', host: $host, pid: $pid, "
            "command: 'policykg ingest', since: datetime(), beat: datetime()})",
            {"host": socket.gethostname(), "pid": os.getppid()},
            database_="neo4j",
        )
        with pytest.raises(IngestLocked, match=f"pid {os.getppid()}"):
            IngestLock(driver, "neo4j").acquire(wait=0)
