"""docker-compose.yml carries what policykg relies on (checked without Docker)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from policykg.config import COMPOSE_DEFAULT_PASSWORD

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def _service() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert set(document["volumes"]) == {"policykg-neo4j-data"}
    return dict(document["services"]["neo4j"])


def test_image_is_neo4j_526_community() -> None:
    assert _service()["image"] == "neo4j:5.26-community"


def test_auth_comes_from_neo4j_password_with_the_documented_default() -> None:
    auth = _service()["environment"]["NEO4J_AUTH"]
    assert auth == "neo4j/${NEO4J_PASSWORD:-" + COMPOSE_DEFAULT_PASSWORD + "}"


def test_bolt_port_volume_healthcheck_and_no_plugins() -> None:
    service = _service()
    assert service["ports"] == ["127.0.0.1:7687:7687"]
    assert service["volumes"] == ["policykg-neo4j-data:/data"]
    assert "7474" in " ".join(service["healthcheck"]["test"])
    assert service["environment"]["NEO4J_PLUGINS"] == "[]"
    assert service["environment"]["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
