"""Faults during a load, against a real Neo4j of the slow tier's own (``own_server``: a
policykg-managed server in a temporary home, so stopping it does not disturb the session's server):

- hostile files in a batch: each named with its reason, the rest loaded, nothing half-written;
- hostile paths (missing, dangling, mode 000, directory, FIFO, deleted mid-batch): likewise;
- ``policykg build`` of an unchanged corpus rewrites neither the export nor the pages;
- ``policykg ingest`` SIGKILLed at several points, then rerun: the graph equals a clean run
  (same counts by label and by relationship type, same node ids);
- Neo4j stopped in the middle of an ingest: the run fails clearly and a rerun completes the graph;
- Neo4j unreachable at start: a one-line error naming the URI, within 10 s.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hostile_paths import HOSTILE, copy_readable, make_hostile_paths, unprivileged
from neo4j import Driver
from servers import OwnServer, Snapshot, snapshot, wipe

from policykg.errors import InputError
from policykg.graph.ingest import ingest
from policykg.loaders.pipeline import default_paths

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BAD = Path(__file__).parent.parent / "data" / "bad"
#: The four single plans (Dalian, Liaoning, Yantai, Qingdao): the compilation 003 is left out so
#: a run takes seconds, and a kill can land in any stage of it.
PLANS = [p for p in default_paths() if not p.name.startswith("003_")]


@pytest.fixture(scope="module")
def own(own_server: OwnServer) -> OwnServer:
    own_server.ensure_running()
    return own_server


def ingest_cli_args() -> list[str]:
    return [sys.executable, "-m", "policykg.cli", "-q", "ingest"]


def ingest_cli(own: OwnServer, *paths: Path | str, uri: str | None = None) -> subprocess.Popen[str]:
    command = [*ingest_cli_args(), *map(str, paths)]
    if uri:
        command[5:5] = ["--uri", uri]
    return subprocess.Popen(
        command,
        env=own.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_to_end(own: OwnServer, *paths: Path) -> subprocess.CompletedProcess[str]:
    process = ingest_cli(own, *paths)
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture(scope="module")
def reference(own: OwnServer) -> tuple[Snapshot, float]:
    """A clean single run of the four plans: the graph every faulty run must end up equal to."""
    with own.driver() as driver:
        wipe(driver)
        clock = time.monotonic()
        done = run_to_end(own, *PLANS)
        seconds = time.monotonic() - clock
        assert done.returncode == 0, done.stderr
        return snapshot(driver), seconds


def test_a_batch_with_hostile_files_loads_the_rest(
    own: OwnServer, reference: tuple[Snapshot, float], tmp_path: Path
) -> None:
    bad = sorted(p for p in BAD.iterdir() if p.is_file())
    with own.driver() as driver:
        wipe(driver)
        done = run_to_end(own, *bad, PLANS[-1])
        assert "Traceback" not in done.stderr
        assert done.returncode == InputError.exit_code  # some files are errors (README, exit codes)
        for name, reason in [
            ("empty.txt", "empty file"),
            ("binary.txt", "binary file"),
            ("truncated_utf8.txt", "truncated UTF-8"),
            ("gbk_no_declaration.txt", "duplicate of duplicate_of_gbk.txt"),
            ("no_headings.txt", "no recognisable structure"),
        ]:
            assert any(name in line and reason in line for line in done.stderr.splitlines()), (
                name,
                done.stderr,
            )
        records = driver.execute_query(
            "MATCH (p:Plan) WHERE NOT coalesce(p.external, false) RETURN p.source AS source ORDER BY source",
            database_="neo4j",
        ).records
        loaded = [r["source"] for r in records]
        assert loaded == sorted(
            [
                "absurd_numbers.txt",
                "duplicate_of_gbk.txt",
                "html_with_scripts.html",
                "malformed_markers.txt",
                "no_headings.txt",
                "truncated_utf8.txt",  # read without its broken last character
                PLANS[-1].name,
            ]
        )
        # Nothing half-written: every clause, target and mention hangs off a plan that was loaded.
        orphans = driver.execute_query(
            "MATCH (n) WHERE n.document IS NOT NULL AND NOT EXISTS { MATCH (p:Plan {id: n.document}) } "
            "RETURN count(n) AS n",
            database_="neo4j",
        ).records[0]["n"]
        assert orphans == 0
        shares = driver.execute_query(
            "MATCH (t:Target) WHERE t.metric ENDS WITH '比重' AND t.unit = '%' "
            "AND t.value > 100 RETURN count(t) AS n",
            database_="neo4j",
        )
        assert shares.records[0]["n"] == 0


def _loaded_sources(driver: Driver) -> list[str]:
    records = driver.execute_query(
        "MATCH (p:Plan) WHERE NOT coalesce(p.external, false) RETURN p.source AS source ORDER BY source",
        database_="neo4j",
    ).records
    return [r["source"] for r in records]


def test_a_batch_with_hostile_paths_loads_the_rest(own: OwnServer, tmp_path: Path) -> None:
    """Missing, dangling, mode 000 (root without its file capabilities), a directory, a FIFO:
    one error line each, the good plans loaded, exit code 3 (errors); nothing hangs."""
    hostile = make_hostile_paths(tmp_path)
    good = [
        copy_readable(PLANS[0], tmp_path, PLANS[0].name),
        copy_readable(PLANS[-1], tmp_path, PLANS[-1].name),
    ]
    with own.driver() as driver:
        wipe(driver)
        done = subprocess.run(
            [*ingest_cli_args(), str(good[0]), *map(str, hostile), str(good[1])],
            check=False,
            env=own.env(),
            capture_output=True,
            text=True,
            timeout=600,
            **unprivileged(),
        )
        assert "Traceback" not in done.stderr and "Usage:" not in done.stderr, done.stderr
        assert done.returncode == InputError.exit_code, done.stderr
        for name, words in HOSTILE.items():
            lines = [line for line in done.stderr.splitlines() if name in line]
            assert len(lines) == 1 and lines[0].startswith(f"error: {name}: {words}"), (name, done.stderr)
        assert _loaded_sources(driver) == sorted(p.name for p in good)

        # Unchanged plans and a bad path: the error is reported without re-parsing the corpus.
        again = ingest(good[:1] + [tmp_path / "missing.txt"], driver, "neo4j")
        assert [(e.source, "no such file" in e.reason) for e in again.errors] == [("missing.txt", True)]
        assert again.files_skipped == 1 and again.documents == 0


def test_a_file_deleted_while_the_ingest_runs_is_one_error_and_the_rest_is_loaded(
    own: OwnServer, tmp_path: Path
) -> None:
    first, doomed, last = (copy_readable(p, tmp_path, p.name) for p in PLANS[:3])

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "parse" and doomed.exists():  # the first file is parsed: the second goes
            doomed.unlink()

    with own.driver() as driver:
        wipe(driver)
        summary = ingest([first, doomed, last], driver, "neo4j", progress, workers=1)
    errors = [e for e in summary.errors if e.severity == "error"]
    assert [(e.source, "no such file" in e.reason) for e in errors] == [(doomed.name, True)]
    with own.driver() as driver:
        assert _loaded_sources(driver) == sorted([first.name, last.name])


def _build(own: OwnServer, out: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg.cli", "-q", "build", "--out", str(out), *map(str, paths)],
        check=False,
        env=own.env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_build_of_an_unchanged_corpus_rewrites_nothing(own: OwnServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with own.driver() as driver:
        wipe(driver)
    first = _build(own, out, PLANS[-1])
    assert first.returncode == 0, first.stderr
    written = {name: (out / name).stat().st_mtime_ns for name in ("graph.nt", "index.html")}

    again = _build(own, out, PLANS[-1])
    assert again.returncode == 0, again.stderr
    assert "graph.nt is current" in again.stdout and "index.html is current" in again.stdout
    assert {name: (out / name).stat().st_mtime_ns for name in written} == written

    (out / "graph.nt").unlink()  # an output gone: that one is written again, the pages stay
    third = _build(own, out, PLANS[-1])
    assert (out / "graph.nt").is_file() and "index.html is current" in third.stdout
    assert (out / "index.html").stat().st_mtime_ns == written["index.html"]

    grown = _build(own, out, PLANS[-1], PLANS[0])  # the graph changed: everything is written
    assert grown.returncode == 0, grown.stderr
    assert "is current" not in grown.stdout
    assert (out / "index.html").stat().st_mtime_ns != written["index.html"]


def _all_plans_written(driver: Driver) -> bool:
    plans = driver.execute_query(
        "MATCH (p:Plan) WHERE NOT coalesce(p.external, false) RETURN count(p) AS n", database_="neo4j"
    ).records[0]["n"]
    return bool(plans == len(PLANS))


def _wait_until(process: subprocess.Popen[str], driver: Driver, condition: Any, limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None and not condition(driver):
        time.sleep(0.02)
    assert process.poll() is None, "the ingest ended before the fault could be injected"


def _kill_at_random_points(own: OwnServer, driver: Driver, seconds: float) -> list[float]:
    rng = random.Random(20260101)
    killed: list[float] = []
    ceiling = seconds * 0.9
    for _ in range(12):  # a rerun skips what is loaded and ends sooner: keep going until 4 kills
        if len(killed) == 4:
            break
        delay = rng.uniform(0.5, max(1.0, ceiling))
        process = ingest_cli(own, *PLANS)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed.append(round(delay, 1))
        else:
            ceiling = max(1.0, delay * 0.7)
        process.communicate(timeout=60)
    return killed


def test_sigkill_at_random_points_then_forced_rerun_equals_a_clean_run(
    own: OwnServer, reference: tuple[Snapshot, float]
) -> None:
    """Nothing a kill leaves behind corrupts the graph: a ``--force`` rerun restores it exactly."""
    expected, seconds = reference
    with own.driver() as driver:
        wipe(driver)
        killed = _kill_at_random_points(own, driver, seconds)
        print(f"SIGKILLed after {killed} s")
        assert len(killed) == 4, f"only {len(killed)} runs were still going when killed"
        process = ingest_cli(own, *PLANS)
        _wait_until(process, driver, _all_plans_written)
        os.killpg(process.pid, signal.SIGKILL)  # a fifth kill, after the last document was written
        process.communicate(timeout=60)
        forced = subprocess.Popen(
            [*ingest_cli_args(), "--force", *map(str, PLANS)],
            env=own.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _, err = forced.communicate(timeout=600)
        assert forced.returncode == 0, err
        assert snapshot(driver) == expected


def test_sigkill_at_random_points_then_rerun_equals_a_clean_run(
    own: OwnServer, reference: tuple[Snapshot, float]
) -> None:
    expected, seconds = reference
    with own.driver() as driver:
        wipe(driver)
        killed = _kill_at_random_points(own, driver, seconds)
        print(f"SIGKILLed after {killed} s")
        assert len(killed) == 4, f"only {len(killed)} runs were still going when killed"
        process = ingest_cli(own, *PLANS)
        _wait_until(process, driver, _all_plans_written)
        os.killpg(process.pid, signal.SIGKILL)  # a fifth kill, after the last document was written
        process.communicate(timeout=60)
        done = run_to_end(own, *PLANS)
        assert done.returncode == 0, done.stderr
        assert snapshot(driver) == expected


def test_a_run_cut_off_before_its_derivations_is_completed_by_a_rerun(
    own: OwnServer, reference: tuple[Snapshot, float]
) -> None:
    """The state a SIGKILL (or a stopped server) leaves when it lands after the last document was
    written and before the derivations, made without timing: a clean run minus its DERIVES_FROM
    and minus the file hashes, which ingest records only when the whole run is written."""
    expected, _ = reference
    with own.driver() as driver:
        wipe(driver)
        assert run_to_end(own, *PLANS).returncode == 0
        driver.execute_query("MATCH ()-[r:DERIVES_FROM]->() DELETE r", database_="neo4j")
        driver.execute_query("MATCH (p:Plan) REMOVE p.source_hash", database_="neo4j")
        done = run_to_end(own, *PLANS)
        assert done.returncode == 0, done.stderr
        assert snapshot(driver) == expected


def test_neo4j_unreachable_at_start_is_a_clear_error_within_10_s(own: OwnServer) -> None:
    clock = time.monotonic()
    process = ingest_cli(own, PLANS[-1], uri="bolt://127.0.0.1:1")
    out, err = process.communicate(timeout=60)
    elapsed = time.monotonic() - clock
    assert elapsed < 10, elapsed
    assert process.returncode == 4
    assert "bolt://127.0.0.1:1" in err and "Traceback" not in err
    assert own.auth[1] not in out + err


def test_neo4j_stopped_during_an_ingest(own: OwnServer, reference: tuple[Snapshot, float]) -> None:
    expected, _ = reference
    with own.driver() as driver:
        wipe(driver)
        process = ingest_cli(own, *PLANS)
        _wait_until(process, driver, _all_plans_written)  # stopped in the link/derive stage
    own.server.stop()
    _, err = process.communicate(timeout=300)
    own.restart()
    # The link/derive stage after the last document is short: the run may finish before the server
    # goes. Either way no traceback; when the stop wins, the CLI says so in one line with exit code 4.
    assert "Traceback" not in err, err[-2000:]
    assert process.returncode in (0, 4), err[-2000:]
    if process.returncode == 4:
        assert "connection was lost" in err and own.uri.rsplit(":", 1)[0] in err
    with own.driver() as driver:
        done = run_to_end(own, *PLANS)
        assert done.returncode == 0, done.stderr
        assert snapshot(driver) == expected


def _stop_after_the_first_plan(own: OwnServer) -> tuple[int, str]:
    """``policykg ingest`` of the four plans on an empty graph, the server stopped as soon as a
    plan is stored, then restarted: the run's exit code and stderr."""
    with own.driver() as driver:
        wipe(driver)
        process = ingest_cli(own, *PLANS)
        _wait_until(
            process,
            driver,
            lambda d: (
                d.execute_query("MATCH (p:Plan) RETURN count(p) AS n", database_="neo4j").records[0]["n"] > 0
            ),
        )
    own.server.stop()
    _, err = process.communicate(timeout=300)
    own.restart()
    return process.returncode, err


def test_neo4j_stopped_while_loading_is_one_line_and_a_forced_rerun_completes(
    own: OwnServer, reference: tuple[Snapshot, float]
) -> None:
    expected, _ = reference
    returncode, err = _stop_after_the_first_plan(own)
    assert returncode == 4 and "Traceback" not in err, err[-2000:]
    assert "connection was lost" in err
    with own.driver() as driver:
        # Nothing half-written: every node a document owns hangs off a plan that is in the graph.
        orphans = driver.execute_query(
            "MATCH (n) WHERE n.document IS NOT NULL AND NOT EXISTS { MATCH (p:Plan {id: n.document}) } "
            "RETURN count(n) AS n",
            database_="neo4j",
        ).records[0]["n"]
        assert orphans == 0
        forced = subprocess.run(
            [*ingest_cli_args(), "--force", *map(str, PLANS)],
            env=own.env(),
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert forced.returncode == 0, forced.stderr
        assert snapshot(driver) == expected


def _not_loaded(err: str) -> list[str]:
    """The documents the one-line error names as not loaded (empty when it says every one was)."""
    found = re.search(r"not loaded: (.*?); start the server", err)
    return [name.strip() for name in found.group(1).split(",")] if found else []


def _stored_plans(driver: Driver) -> set[str]:
    return {
        r["id"]
        for r in driver.execute_query(
            "MATCH (p:Plan) WHERE NOT coalesce(p.external, false) RETURN p.id AS id", database_="neo4j"
        ).records
    }


def test_neo4j_stopped_during_an_ingest_names_the_documents_not_loaded(
    own: OwnServer, reference: tuple[Snapshot, float]
) -> None:
    """The CLI: one line, exit 4, and the documents it names as not loaded are exactly those missing."""
    expected, _ = reference
    returncode, err = _stop_after_the_first_plan(own)
    assert returncode == 4 and "Traceback" not in err, err[-2000:]
    assert "connection was lost" in err and "document(s) loaded" in err, err[-2000:]
    named = _not_loaded(err)
    with own.driver() as driver:
        stored = _stored_plans(driver)
        assert stored, "the first plan was seen in the graph before the stop"
        assert set(named) == {p.stem for p in PLANS} - stored, err[-2000:]
        done = run_to_end(own, *PLANS)
        assert done.returncode == 0, done.stderr
        assert snapshot(driver) == expected


def test_the_report_of_an_interrupted_load_matches_the_graph(
    own: OwnServer, reference: tuple[Snapshot, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process, the server stopped right after the first document committed (one document per
    transaction here, so the cut falls between documents): ``LoadInterrupted`` partitions the
    documents into loaded and not loaded, exactly as the graph holds them, and a rerun completes."""
    from policykg.errors import LoadInterrupted
    from policykg.graph import neo4j_writer
    from policykg.graph.ingest import ingest

    expected, _ = reference
    monkeypatch.setattr(neo4j_writer, "GROUP_ELEMENTS", 1)  # a group per document

    def stop_after_the_first(stage: str, done: int, total: int) -> None:
        if stage == "load" and done == 1:
            own.server.stop()

    with own.driver() as driver:
        wipe(driver)
        with pytest.raises(LoadInterrupted) as raised:
            ingest(PLANS, driver, "neo4j", stop_after_the_first)
    own.restart()
    error = raised.value
    ids = {p.stem for p in PLANS}
    assert set(error.loaded) | set(error.not_loaded) == ids and not set(error.loaded) & set(error.not_loaded)
    assert 1 <= len(error.loaded) < len(ids), (error.loaded, error.not_loaded)
    assert "not loaded" in str(error) and all(name in str(error) for name in error.not_loaded)
    with own.driver() as driver:
        assert _stored_plans(driver) == set(error.loaded)
        done = run_to_end(own, *PLANS)
        assert done.returncode == 0, done.stderr
        assert snapshot(driver) == expected
