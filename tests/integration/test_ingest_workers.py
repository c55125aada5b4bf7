"""Ingest with worker processes (parse + extract side by side) writes the same graph as without."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
import pytest

from policykg.graph.ingest import ingest
from policykg.graph.stages import RecordExtractor, Stages
from policykg.loaders.pipeline import default_paths
from policykg.loaders.types import DocumentBatch, ParsedDocument

Handle = tuple[neo4j.Driver, str]
#: Each test empties the shared server and ingests again.
pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _snapshot(handle: Handle) -> tuple[list[Any], list[Any]]:
    """Every node (labels, properties) and every relationship (ends, type, properties), sorted."""
    driver, database = handle
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=database
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props",
        database_=database,
    )
    return (
        sorted(repr((sorted(r["labels"]), sorted(r["props"].items()))) for r in nodes),
        sorted(repr((r["a"], r["type"], r["b"], sorted(r["props"].items()))) for r in rels),
    )


def wipe(driver: neo4j.Driver, database: str) -> None:
    """This module's graphs are small (a few thousand nodes): one transaction empties them."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)


def _small_files(tmp_path: Path) -> list[Path]:
    """The single-plan files of the bundled corpus (the compilation would take a minute twice)."""
    out = []
    for path in default_paths():
        if not path.name.startswith("003_"):
            out.append(tmp_path / path.name)
            out[-1].write_bytes(path.read_bytes())
    return out


def test_two_workers_write_the_same_graph_as_one(clean_graph: Handle, tmp_path: Path) -> None:
    driver, database = clean_graph
    files = _small_files(tmp_path)
    wipe(driver, database)
    serial = ingest(files, driver, database, workers=1)
    expected = _snapshot(clean_graph)
    wipe(driver, database)
    parallel = ingest(files, driver, database, workers=2)
    assert _snapshot(clean_graph) == expected
    assert parallel.documents == serial.documents == len(files)
    assert parallel.edges_by_type == serial.edges_by_type and parallel.edges_by_type["DERIVES_FROM"] > 0
    assert parallel.clauses == serial.clauses > 100 and parallel.targets == serial.targets > 10
    # and an unchanged rerun with workers reads nothing
    again = ingest(files, driver, database, workers=2)
    assert (again.documents, again.files_skipped) == (0, len(files))


def test_workers_report_a_bad_file_and_load_the_rest(clean_graph: Handle, tmp_path: Path) -> None:
    driver, database = clean_graph
    wipe(driver, database)
    files = _small_files(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 64)
    twin = tmp_path / "twin.txt"
    twin.write_bytes(files[0].read_bytes())
    summary = ingest([bad, *files, twin], driver, database, workers=2)
    errors = {e.source: e.reason for e in summary.errors}
    assert "bad.txt" in errors and "twin.txt" in errors and "duplicate of" in errors["twin.txt"]
    assert summary.documents == len(files)
    records, _, _ = driver.execute_query(
        "MATCH (p:Plan) WHERE NOT p.external RETURN count(p) AS n", database_=database
    )
    assert records[0]["n"] == len(files)


def test_a_document_whose_extraction_fails_is_reported_and_the_rest_load(
    clean_graph: Handle, tmp_path: Path
) -> None:
    real = RecordExtractor()

    class FailsOnOne:
        """The extract stage, failing on one document as a bug on odd input would."""

        def run(self, parsed: ParsedDocument) -> DocumentBatch:
            if parsed.document.id.startswith("002_"):
                raise ValueError("a bug met an odd clause")
            return real.run(parsed)

    driver, database = clean_graph
    wipe(driver, database)
    files = _small_files(tmp_path)
    summary = ingest(files, driver, database, workers=1, stages=Stages(extract=FailsOnOne()))
    (error,) = [e for e in summary.errors if e.severity == "error"]
    assert (
        error.source.startswith("002_")
        and "extraction failed: ValueError: a bug met an odd clause" in error.reason
    )
    assert summary.documents == len(files) - 1
    records, _, _ = driver.execute_query(
        "MATCH (p:Plan) WHERE NOT p.external AND p.source STARTS WITH '002_' RETURN count(p) AS n",
        database_=database,
    )
    assert records[0]["n"] == 0


def test_a_new_plan_is_derived_against_the_plans_already_stored(clean_graph: Handle, tmp_path: Path) -> None:
    """DERIVES_FROM needs every plan: a rerun that adds Liaoning's plan parses the unchanged
    Dalian file too (without writing it again), so Dalian → Liaoning is found."""
    driver, database = clean_graph
    wipe(driver, database)
    dalian, liaoning = (f for f in _small_files(tmp_path) if f.name[:4] in ("000_", "001_"))
    ingest([dalian], driver, database)
    added = ingest([dalian, liaoning], driver, database)
    assert (added.documents, added.files_skipped, added.skipped) == (1, 1, 1)  # Dalian counted once
    records, _, _ = driver.execute_query(
        "MATCH (d:Plan {source: $d})-[r:DERIVES_FROM]->(l:Plan {source: $l}) RETURN count(r) AS n",
        d=dalian.name,
        l=liaoning.name,
        database_=database,
    )
    assert records[0]["n"] == 1
    both = ingest([dalian, liaoning], driver, database, force=True)
    wipe(driver, database)
    fresh = ingest([dalian, liaoning], driver, database)
    assert fresh.edges_by_type["DERIVES_FROM"] == both.edges_by_type["DERIVES_FROM"]
