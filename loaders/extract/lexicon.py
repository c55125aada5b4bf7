"""Word lists of the extraction grammar, read from the TSV files in ``data/``.

They are data, not code, so that a reader can inspect them and a component can save
them with ``to_disk``: ``units.tsv`` (unit → normalised unit, multiplier),
``targets_lexicon.tsv`` (role → words) and ``policy_verbs.tsv`` (verb → modality: binding, binding_lead, directive, encouraging, adverb, hedge).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
UNITS_FILE = "units.tsv"
TARGETS_LEXICON_FILE = "targets_lexicon.tsv"
POLICY_VERBS_FILE = "policy_verbs.tsv"


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a TSV file; ``#`` lines and blank lines are comments."""
    rows: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest word first so that the longest match wins."""
    return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Unit:
    written: str
    normalised: str
    multiplier: float


@dataclass
class TargetLexicon:
    units: dict[str, Unit]
    roles: dict[str, dict[str, str]] = field(default_factory=dict)  # role → word → value

    @classmethod
    def from_dir(cls, directory: Path = DATA_DIR) -> TargetLexicon:
        units = {row[0]: Unit(row[0], row[1], float(row[2])) for row in read_tsv(directory / UNITS_FILE)}
        roles: dict[str, dict[str, str]] = {}
        for row in read_tsv(directory / TARGETS_LEXICON_FILE):
            role, word = row[0], row[1]
            roles.setdefault(role, {})[word] = row[2] if len(row) > 2 else ""
        return cls(units, roles)

    def words(self, role: str) -> dict[str, str]:
        return self.roles.get(role, {})


def read_policy_verbs(directory: Path = DATA_DIR) -> dict[str, str]:
    """Policy verb → kind (``binding``, ``binding_lead``, ``directive``, ``encouraging``, ``adverb``, ``hedge``)."""
    return {row[0]: row[1] for row in read_tsv(directory / POLICY_VERBS_FILE)}


def read_prohibitions(directory: Path = DATA_DIR) -> frozenset[str]:
    """The binding policy verbs that forbid (third column ``prohibition``): 严禁, 不得, 禁止 …"""
    rows = read_tsv(directory / POLICY_VERBS_FILE)
    return frozenset(row[0] for row in rows if len(row) > 2 and row[2] == "prohibition")
