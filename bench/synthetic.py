"""A synthetic corpus N× the bundled one, for scale benchmarks (figures, not tests).

Copy 0 is the real corpus unchanged. Copy k ≥ 1 is every real file rewritten so it reads as
another region's plans with other numbers, while the structure the parser relies on stays:

* regions: every province and prefecture name of the GB/T 2260 gazetteer (full name 青岛市 and
  its stem 青岛) is swapped for another real division of the same level, chosen by a seeded
  permutation per copy, so the region resolver still maps the text to a real place and the
  graph gets new Region/Agency/Plan identities (青岛市发展改革委 → 某某市发展改革委);
* numbers: quantities (a number followed by a unit: %, 万, 亿, 吨, 千瓦, 个百分点 …) are scaled by a seeded
  factor in [0.8, 1.2] with their decimals kept; years, clause numbers and 第N页 footers
  are left alone, so clause splitting and page mapping behave as on the real text;
* every copy ends with a distinct line so no file is a byte-for-byte duplicate.

    /tmp/venv/bin/python bench/synthetic.py 10 /tmp/synthetic-10x
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

GAZETTEER = ("policykg.loaders.extract", "data/region_divisions.tsv")
# Suffixes whose removal gives the short form people write (青岛市 → 青岛, 山东省 → 山东).
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "盟", "省", "市")
# A number directly followed by a unit of quantity; clause numbers (1.2、) and years are not.
_QUANTITY = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)(?=\s*(?:%|％|万|亿|吨|千瓦|平方米|公里|个百分点))")


@dataclass(frozen=True)
class Division:
    name: str
    level: str  # province | prefecture


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Provinces and prefectures of the gazetteer (counties are too many and too ambiguous)."""
    package, name = GAZETTEER
    text = (resources.files(package) / name).read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 3 or cells[2] not in ("province", "prefecture"):
            continue
        found.append(Division(cells[1], cells[2]))
    return tuple(found)


def stem(name: str) -> str:
    """青岛市 → 青岛; a stem shorter than two characters is too ambiguous to replace (县, 市)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def region_mapping(copy: int) -> dict[str, str]:
    """Name → replacement for one copy: a seeded permutation within each level, full names and stems."""
    rng = random.Random(copy)
    mapping: dict[str, str] = {}
    for level in ("province", "prefecture"):
        names = sorted({d.name for d in divisions() if d.level == level})
        shuffled = names[:]
        rng.shuffle(shuffled)
        for old, new in zip(names, shuffled):
            mapping.setdefault(old, new)
            if stem(old) != old and stem(old) not in mapping:
                mapping[stem(old)] = stem(new)
    return mapping


@lru_cache(maxsize=256)
def _pattern(copy: int) -> tuple[re.Pattern[str], dict[str, str]]:
    mapping = region_mapping(copy)
    # Longest first: 青岛市 before 青岛, 内蒙古自治区 before 内蒙古.
    alternation = "|".join(re.escape(name) for name in sorted(mapping, key=len, reverse=True))
    return re.compile(alternation), mapping


def perturb_number(text: str, rng: random.Random) -> str:
    """A quantity scaled by a factor in [0.8, 1.2], same number of decimals, never negative."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    value = float(text) * rng.uniform(0.8, 1.2)
    return f"{value:.{decimals}f}"


def _perturb_match(match: re.Match[str], rng: random.Random) -> str:
    """A share stays a share: a percentage at most 100 before is at most 100 after (else the
    extractor rightly drops it as impossible, and the copies would lose targets)."""
    new = perturb_number(match.group(0), rng)
    unit = match.string[match.end():match.end() + 2].lstrip()
    if unit[:1] in ("%", "％") and float(match.group(0)) <= 100 < float(new):
        return match.group(0)
    return new


def synthesize(text: str, copy: int) -> str:
    """One real text as copy ``copy`` (0: unchanged)."""
    if copy == 0:
        return text
    pattern, mapping = _pattern(copy)
    renamed = pattern.sub(lambda m: mapping[m.group(0)], text)
    rng = random.Random(copy * 7919)
    perturbed = _QUANTITY.sub(lambda m: _perturb_match(m, rng), renamed)
    return perturbed + f"\n（合成副本{copy}）\n"


def corpus_files() -> list[Path]:
    from policykg.loaders.pipeline import default_paths

    return list(default_paths())


def write_corpus(scale: int, directory: Path, sources: list[Path] | None = None) -> list[Path]:
    """Write ``scale`` copies of the corpus into ``directory`` (one file per copy and source)."""
    directory.mkdir(parents=True, exist_ok=True)
    return list(iter_corpus(scale, directory, sources))


def iter_corpus(scale: int, directory: Path, sources: list[Path] | None = None) -> Iterator[Path]:
    """Lazily write the copies: a file is written only when the consumer asks for it."""
    for copy in range(scale):
        for source in sources or corpus_files():
            target = directory / f"{source.stem}__s{copy:03d}.txt"
            if not target.exists():
                target.write_text(synthesize(source.read_text(encoding="utf-8"), copy), encoding="utf-8")
            yield target


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    paths = write_corpus(int(argv[0]), Path(argv[1]))
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size / 1e6:.1f} MB in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
