"""The CLI surface, without a database: help texts, examples, error → exit code."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from policykg.cli import main


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(_all_commands(command, (*prefix, name)))
    return paths


@pytest.mark.parametrize("path", [(), *_all_commands(main)], ids=lambda path: " ".join(path) or "policykg")
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "-h"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_the_foundation_commands_exist() -> None:
    assert {
        ("build",),
        ("neo4j",),
        ("neo4j", "start"),
        ("neo4j", "stop"),
        ("neo4j", "status"),
        ("neo4j", "provision"),
    } <= set(_all_commands(main))


def test_unreachable_uri_is_one_line_and_exit_code_4() -> None:
    result = CliRunner().invoke(main, ["build", "--uri", "bolt://127.0.0.1:9"])
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "policykg: [E200] Neo4j is not reachable at bolt://127.0.0.1:9"
    )


def test_unsupported_scheme_names_the_uri() -> None:
    result = CliRunner().invoke(main, ["build", "--uri", "http2://localhost"])
    assert result.exit_code == 4
    assert "not usable" in result.stderr and "http2://localhost" in result.stderr
