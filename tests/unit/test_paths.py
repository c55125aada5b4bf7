"""Bad paths in a batch: a missing file, a dangling link, a mode-000 file, a directory, a FIFO and a
file deleted while the batch runs each give ONE error record naming the file and the reason; the
batch goes on; ``--strict`` sets exit code 3 at the end. No click usage error, no hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_paths import HOSTILE, copy_readable, make_hostile_paths, unprivileged

from policykg.cli import main
from policykg.errors import InputError
from policykg.loaders.pipeline import default_paths, parse
from policykg.loaders.read import read_source
from policykg.loaders.types import ErrorRecord

QINGDAO = next(p for p in default_paths() if p.name.startswith("004_"))
DALIAN = next(p for p in default_paths() if p.name.startswith("000_"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


@pytest.mark.parametrize(
    ("name", "words"),
    # root reads a mode-000 file: the CLI test below covers it, without root's file capabilities
    [(n, w) for n, w in HOSTILE.items() if n != "locked.txt" or os.geteuid() != 0],
)
def test_read_source_names_the_file_and_the_reason(folder: Path, name: str, words: str) -> None:
    make_hostile_paths(folder)
    with pytest.raises(InputError) as caught:
        read_source(folder / name)  # the FIFO: refused at once, never waited on
    assert caught.value.file == name
    assert words in caught.value.reason, caught.value.reason
    assert f"{name}: " not in caught.value.detail  # the record names it once, beside the reason


def test_a_device_is_not_read(folder: Path) -> None:
    with pytest.raises(InputError, match="a device, not a regular file"):
        read_source("/dev/zero")  # endless: its size says 0, but it is refused by its type


def test_a_file_deleted_while_the_batch_runs_is_one_error_and_the_rest_is_parsed(folder: Path) -> None:
    first = copy_readable(QINGDAO, folder, "first.txt")
    doomed = copy_readable(DALIAN, folder, "doomed.txt")
    last = copy_readable(DALIAN, folder, "last.txt")
    last.write_text(last.read_text(encoding="utf-8") + "\n附：新增一行。\n", encoding="utf-8")
    batch = parse([first, doomed, last])
    items = [next(batch)]  # the first file is read …
    doomed.unlink()  # … then the second disappears before its turn
    items += list(batch)
    errors = [i for i in items if isinstance(i, ErrorRecord) and i.severity == "error"]
    assert [(e.source, "no such file" in e.reason) for e in errors] == [("doomed.txt", True)]
    parsed = {i.document.source for i in items if not isinstance(i, ErrorRecord)}
    assert parsed == {"first.txt", "last.txt"}


def _parse_cli(paths: list[Path], folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "policykg.cli", "parse", "--no-extract", *options, *map(str, paths)]
    return subprocess.run(
        command, check=False, capture_output=True, text=True, timeout=120, cwd=folder, **unprivileged()
    )


def test_policykg_parse_reports_each_bad_path_once_and_parses_the_rest(folder: Path) -> None:
    hostile = make_hostile_paths(folder)
    good = [copy_readable(QINGDAO, folder, "a.txt"), copy_readable(DALIAN, folder, "b.txt")]
    done = _parse_cli([good[0], *hostile, good[1]], folder)  # as nobody when run as root

    assert done.returncode == 0, done.stderr  # without --strict the records carry the errors
    assert "Usage:" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    errors = {r["source"]: r["reason"] for r in records if r["type"] == "error" and r["severity"] == "error"}
    assert set(errors) == set(HOSTILE)
    for name, words in HOSTILE.items():
        assert words in errors[name], (name, errors[name])
        lines = [line for line in done.stderr.splitlines() if name in line]
        assert lines == [f"error: {name}: {errors[name]}"]  # one line, the name once
    assert {r["source"] for r in records if r["type"] == "document"} == {"a.txt", "b.txt"}

    strict = _parse_cli([good[0], *hostile, good[1]], folder, "--strict")
    assert strict.returncode == InputError.exit_code
    assert strict.stdout == done.stdout  # the whole batch still ran


def test_without_paths_problems_strict_is_exit_0(folder: Path) -> None:
    good = copy_readable(QINGDAO, folder, "a.txt")
    assert _parse_cli([good], folder, "--strict").returncode == 0


def test_a_file_name_is_data_on_the_terminal(tmp_path: Path) -> None:
    name = "x\x1b]0;pwned\x07.txt"  # a file name that would retitle the terminal
    done = CliRunner().invoke(main, ["parse", "--no-extract", str(tmp_path / name)])
    assert done.exit_code == 0
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert done.stderr.startswith("error: x\\x1b]0;pwned\\x07.txt: no such file")
