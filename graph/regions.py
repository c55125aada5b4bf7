"""The GB/T 2260 gazetteer, as the graph needs it: a region's ancestors.

A plan names 青岛市; ``region_targets`` for 山东省 must still reach it, so every region the
text mentions is written with its chain of parents. The parents' evidence is their line in
the gazetteer file (source = its file name, start/end = the line's character span).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

GAZETTEER_PACKAGE = "policykg.loaders.extract"
GAZETTEER_FILE = "region_divisions.tsv"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent_code: str | None
    start: int  # the line's span in the gazetteer file
    end: int


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """code → division; empty when the gazetteer is not installed."""
    try:
        text = (resources.files(GAZETTEER_PACKAGE) / "data" / GAZETTEER_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    found: dict[str, Division] = {}
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        row = line.rstrip("\r\n")
        if not row or row.startswith("#"):
            continue
        fields = row.split("\t")
        if len(fields) < 4:
            continue
        code, name, level, parent = fields[:4]
        found[code] = Division(code, name, level, parent or None, start, start + len(row))
    return found


def ancestors(code: str | None) -> list[Division]:
    """The parents of ``code``, nearest first (the country last); [] for an unknown code."""
    table = divisions()
    chain: list[Division] = []
    seen = {code}
    current = table.get(code or "")
    while current is not None and current.parent_code and current.parent_code not in seen:
        seen.add(current.parent_code)
        parent = table.get(current.parent_code)
        if parent is None:
            break
        chain.append(parent)
        current = parent
    return chain


def division(code: str | None) -> Division | None:
    return divisions().get(code or "")


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    found: dict[str, list[Division]] = {}
    for division in divisions().values():
        found.setdefault(division.name, []).append(division)
    return found


def code_of(name: str | None) -> str | None:
    """The code of a region written by its full name (青岛市), when the name is unambiguous."""
    matches = _by_name().get(name or "", [])
    return matches[0].code if len(matches) == 1 else None
