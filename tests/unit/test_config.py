"""Settings from the environment, and the pure helpers of the Neo4j foundation (no database)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from policykg.config import Settings
from policykg.errors import ConfigError
from policykg.java import parse_java_major
from policykg.managed import ManagedNeo4j, memory_bytes


def test_defaults_when_nothing_is_set() -> None:
    settings = Settings.from_env({})
    assert settings.neo4j_uri is None
    assert (settings.username, settings.password, settings.database) == ("neo4j", None, "neo4j")
    assert settings.cache_dir == Path("~/.cache/policykg").expanduser()
    assert settings.home_dir == Path("~/.local/share/policykg").expanduser()
    assert settings.neo4j_lib_dir == settings.cache_dir / "neo4j-5.26" / "lib"
    assert (settings.neo4j_heap, settings.neo4j_page_cache) == ("1g", "512m")


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "NEO4J_URI": "neo4j+s://abc.databases.neo4j.io",
            "NEO4J_USERNAME": "reader",
            "NEO4J_PASSWORD": "pw-123",
            "NEO4J_DATABASE": "policy",
            "POLICYKG_CACHE": "/srv/cache",
            "POLICYKG_HOME": "/srv/home",
            "POLICYKG_NEO4J_HEAP": "2g",
            "POLICYKG_NEO4J_PAGECACHE": "3072M",
        }
    )
    assert (settings.neo4j_heap, settings.neo4j_page_cache) == ("2g", "3072M")
    assert settings.neo4j_uri == "neo4j+s://abc.databases.neo4j.io"
    assert (settings.username, settings.password, settings.database) == ("reader", "pw-123", "policy")
    assert settings.neo4j_lib_dir == Path("/srv/cache/neo4j-5.26/lib")
    assert settings.home_dir == Path("/srv/home")


@pytest.mark.parametrize("value", ["lots", "2 g", "1.5g", "0", "-1g", "4t"])
def test_a_bad_memory_size_names_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match=r"POLICYKG_NEO4J_PAGECACHE=.*512m or 4g"):
        Settings.from_env({"POLICYKG_NEO4J_PAGECACHE": value})


def test_memory_sizes_reach_the_managed_servers_conf_and_jvm(tmp_path: Path) -> None:
    server = ManagedNeo4j(tmp_path / "home", tmp_path / "cache", heap="256m", page_cache="3g")
    server._write_conf(7687)
    conf = (tmp_path / "home" / "conf" / "neo4j.conf").read_text(encoding="utf-8")
    assert "server.memory.pagecache.size=3g" in conf
    assert "server.memory.heap.max_size=256m" in conf
    assert "server.memory.heap.initial_size=256m" in conf  # never above the maximum
    assert server._heap_flags() == ("-Xms256m", "-Xmx256m")
    assert memory_bytes("3g") == 3 << 30 and memory_bytes("512M") == 512 << 20 and memory_bytes("100") == 100


def test_empty_values_count_as_unset() -> None:
    settings = Settings.from_env(
        {"NEO4J_URI": "", "NEO4J_USERNAME": "", "NEO4J_DATABASE": "", "POLICYKG_HOME": ""}
    )
    assert settings.neo4j_uri is None and settings.username == "neo4j" and settings.database == "neo4j"
    assert settings.home_dir == Path("~/.local/share/policykg").expanduser()


def test_tilde_in_paths_is_expanded() -> None:
    assert Settings.from_env({"POLICYKG_CACHE": "~/kgcache"}).cache_dir == Path.home() / "kgcache"


def test_password_never_in_repr_and_settings_are_frozen() -> None:
    settings = Settings.from_env({"NEO4J_PASSWORD": "s3cret-value"})
    assert "s3cret-value" not in repr(settings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.database = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17),
        ('openjdk version "21.0.4" 2024-07-16 LTS', 21),
        ('openjdk version "25" 2025-09-16', 25),
        ('openjdk version "22-ea" 2024-03-19', 22),
        ('java version "1.8.0_402"', 8),
        ("bash: java: command not found", None),
    ],
)
def test_java_major_version_from_version_banner(output: str, major: int | None) -> None:
    assert parse_java_major(output) == major
