"""Shared pytest setup: the three test tiers, marked and run in an order that shares their work.

Tiers (``pytest`` runs all three, as ``.ci/run`` does):

* **unit** (``tests/unit``, no mark): no database, seconds; ``pytest -m "not integration"``.
* **integration** (every test under ``tests/integration`` gets the mark): ONE Neo4j for the whole
  session (``neo4j`` fixture), holding the bundled corpus, ingested once (``corpus_graph``) for
  every module that only reads it.
* **slow** (also integration): a Neo4j of its own (``own_server``: one JVM for all of them), fault
  injection (``test_reliability*.py``), or ingests of their own; ``pytest -m "not slow"`` leaves
  them out.

Order, so that nothing is ingested twice: unit tests; the modules that only read the corpus graph;
those that add to it (``extends_corpus``); those that empty the shared server (``clean_graph``);
the slow tier. A module keeps its tests together (its tier is its highest test's), and within a
tier the collection order holds. The managed servers the selected tests need start in background
threads before the first test, so a JVM boots while the unit tests run; when the corpus graph is
needed, a ``policykg ingest`` process loads it into the (empty, managed) session server meanwhile.
"""

from __future__ import annotations

import os

# Ingest locks left behind by a server stopped on purpose turn stale in 6 s, not 30 (graph/lock.py);
# set before policykg is imported, and inherited by the CLI processes the tests start.
os.environ.setdefault("POLICYKG_LOCK_HEARTBEAT_S", "1")

from collections.abc import Iterator
from pathlib import Path

import pytest
import servers

_INTEGRATION_DIR = Path(__file__).parent / "integration"

UNIT, READS_CORPUS, EXTENDS_CORPUS, WRITES, SLOW = range(5)


def _is_slow(item: pytest.Item) -> bool:
    return (
        item.get_closest_marker("slow") is not None
        or item.path.name.startswith("test_reliability")
        or "own_server" in getattr(item, "fixturenames", ())
    )


def _tier(item: pytest.Item) -> int:
    if _INTEGRATION_DIR not in item.path.parents:
        return UNIT
    if _is_slow(item):
        return SLOW
    fixtures = getattr(item, "fixturenames", ())
    if "clean_graph" in fixtures or "corpus_graph" not in fixtures:
        return WRITES  # empties the shared server, or uses it some other way: after the readers
    return EXTENDS_CORPUS if item.get_closest_marker("extends_corpus") else READS_CORPUS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _INTEGRATION_DIR in item.path.parents:
            # so `pytest -m "not integration"` runs the unit tests alone, even for an integration
            # module that forgot its pytestmark
            item.add_marker(pytest.mark.integration)
            if _is_slow(item):
                item.add_marker(pytest.mark.slow)
    module_tier: dict[Path, int] = {}
    for item in items:
        module_tier[item.path] = max(module_tier.get(item.path, UNIT), _tier(item))
    items.sort(key=lambda item: module_tier[item.path])  # stable: collection order within a tier


@pytest.fixture(scope="session", autouse=True)
def _servers_boot_early(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Begin the managed servers the selected tests need; the fixtures that use them wait."""
    needed = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    if "neo4j" in needed and servers.session_server_is_managed():
        servers.begin_session(tmp_path_factory)
        if "corpus_graph" in needed:  # an empty server of our own: load the corpus meanwhile
            servers.begin_corpus_ingest(tmp_path_factory)
    if "own_server" in needed:
        servers.begin_own(tmp_path_factory)
    try:
        yield
    finally:
        servers.stop_all()
