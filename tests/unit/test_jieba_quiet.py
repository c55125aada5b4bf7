"""jieba is quiet and keeps its cache in $POLICYKG_CACHE/jieba, never in the shared temp folder.

Each check runs in a fresh interpreter: jieba loads its dictionary once per process, and what it
prints and writes happens at that moment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LOAD_JIEBA = (
    "import logging, sys;"
    "logging.basicConfig(level=logging.WARNING, format='policykg: %(message)s');"
    "logging.getLogger('policykg').setLevel(logging.DEBUG if '-v' in sys.argv else logging.INFO);"
    "from policykg.loaders.extract.pipeline import build_nlp;"
    "print(len(build_nlp()('到2025年，可再生能源装机容量达到600万千瓦。')))"
)


def _load(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    env = {"POLICYKG_CACHE": str(tmp_path / "cache"), "TMPDIR": str(temp), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", LOAD_JIEBA, *argv],
        env={**_base_env(), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("POLICYKG_CACHE", "TMPDIR")}


def test_jieba_prints_nothing_and_caches_under_policykg_cache(tmp_path: Path) -> None:
    first = _load(tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""  # no "Building prefix dict…", "Loading model…", once or twice
    cache = tmp_path / "cache" / "jieba"
    assert (cache / "jieba.cache").is_file()
    assert cache.stat().st_mode & 0o777 == 0o700  # the user's own, not the shared temp folder's
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing in $TMPDIR (was /tmp/jieba.cache)
    again = _load(tmp_path)  # from the cache: still silent
    assert again.returncode == 0 and again.stderr == ""


def test_verbose_shows_jieba_once_through_policykg_logging(tmp_path: Path) -> None:
    done = _load(tmp_path, "-v")
    lines = [line for line in done.stderr.splitlines() if "prefix dict" in line]
    assert lines and all(line.startswith("policykg: ") for line in lines)
    assert len(lines) == len(set(lines))  # not printed twice (jieba's own handler is removed)
