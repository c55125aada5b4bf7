"""Shared pytest setup: every test under ``tests/integration`` carries the ``integration`` mark.

So ``pytest -m "not integration"`` runs the unit tests alone (no Neo4j, seconds), even for an
integration module that forgot its ``pytestmark``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

_INTEGRATION_DIR = Path(__file__).parent / "integration"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _INTEGRATION_DIR in item.path.parents:
            item.add_marker(pytest.mark.integration)
