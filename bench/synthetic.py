"""A synthetic corpus N× the bundled one, for scale benchmarks (figures, not tests).

Copy 0 is the real corpus unchanged. Copy k ≥ 1 is the real corpus's CITY-LEVEL plans (city,
district and pilot-city plans; the single-plan files) rewritten so they read as other regions'
plans with other numbers. National, ministry and the compilation's provincial plans exist once
(in copy 0), as in a real corpus that grows: there is one State Council and there are 34
provinces, so a corpus 100 times larger holds more city and county plans, not 100 national
plans or 100 implementation plans per province (copying the 58 provincial plans 99 times
gave every province ~170 provincial plans, and every city plan ~170 governing candidates).
The single-plan files are copied whole, the Liaoning provincial plan with them, so a province
gets a provincial plan every ~34 copies (8 at 100×), like the sector plans real provinces issue.

Size: ``N×`` means N times the real corpus's characters: copy 0 plus as many copies as
it takes (a copy is ~37% of the real corpus, so 100× is ~270 copies).

In each copy:

* city plans only: the compilation (003) loses its national, ministry and provincial
  documents, both their rows in the table of contents and their pages in the body; the body
  keeps those pages' ``第N页`` footers, so the page sequence and the printed page numbers of
  the remaining documents stay as they were; the single-plan files (000-002, 004) are kept whole;
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

import math
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from policykg.loaders import gazetteer

# Suffixes whose removal gives the short form people write (青岛市 → 青岛, 山东省 → 山东).
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "盟",
    "省",
    "市",
)
# A number directly followed by a unit of quantity; clause numbers (1.2、) and years are not.
_QUANTITY = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)(?=\s*(?:%|％|万|亿|吨|千瓦|平方米|公里|个百分点))")
VERSION = "v3"
# The compilation's groups whose documents are copied (the splitter's group names).
LOCAL_GROUPS = frozenset({"city"})
# A group heading as a TOC row: 国家方案2项 followed by dot leaders.
_TOC_LEADER = re.compile(r"\s*[.．…·]{2,}")


@dataclass(frozen=True)
class Division:
    name: str
    level: str  # province | prefecture


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Provinces and prefectures of the gazetteer (counties are too many and too ambiguous)."""
    return tuple(
        Division(d.name, d.level)
        for d in gazetteer.divisions().values()
        if d.level in ("province", "prefecture")
    )


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
    unit = match.string[match.end() : match.end() + 2].lstrip()
    if unit[:1] in ("%", "％") and float(match.group(0)) <= 100 < float(new):
        return match.group(0)
    return new


def local_only(text: str) -> str:
    """The text with all but its city-level documents cut out (a single plan: unchanged).

    A compilation's table of contents loses the rows (not the headings) of the other groups (in every copy of
    the table it prints), from the group heading to the next group heading; the body loses
    those groups' pages, from the group's divider page to the next group's, all but their
    ``第N页`` footers, so the footer sequence (and every printed page number) is unchanged.
    """
    from policykg.loaders.compilation import is_compilation
    from policykg.loaders.compilation_toc import GROUP_HEADING, TOC_LEADER, TOC_START, group_of, parse_toc
    from policykg.loaders.pages import find_page_footers

    if not is_compilation(text):
        return text
    toc = parse_toc(text)
    assert toc is not None  # is_compilation found one
    cuts: list[tuple[int, int, str]] = []  # start, end, what stays (the footers)
    headings = [m for m in GROUP_HEADING.finditer(text, 0, toc.end) if _TOC_LEADER.match(text, m.end())]
    for this, following in zip(headings, [*headings[1:], None]):
        if group_of(this.group(1)) not in LOCAL_GROUPS:
            # the group's rows end at the next group heading or, for the last group, at the TOC's end;
            # its heading row stays (an empty group), so the table still reads as a compilation's
            heading_end = TOC_LEADER.match(text, this.end())
            start = heading_end.end() if heading_end else this.end()
            end = following.start() if following is not None and following.start() < toc.end else toc.end
            again = TOC_START.search(text, start, end)  # a repeated table starts here: keep its 目录
            cuts.append((start, again.start() if again else end, "\n"))
    footers = find_page_footers(text)

    def start_of(page: int) -> int:  # after the footer of the page before it (a footer ends its page)
        before = [f.end for f in footers if f.page < page]
        return max([toc.end, *before])

    groups = sorted(toc.group_pages.items(), key=lambda item: item[1])
    for index, (group, page) in enumerate(groups):
        if group in LOCAL_GROUPS:
            continue
        last = groups[index + 1][1] if index + 1 < len(groups) else toc.appendix_page
        start, end = start_of(page), start_of(last) if last is not None else len(text)
        kept = "\n".join(text[f.start : f.end] for f in footers if start <= f.start and f.end <= end)
        cuts.append((start, end, kept + "\n" if kept else ""))
    out, position = [], 0
    for start, end, kept in sorted(cuts):
        out.append(text[position:start] + kept)
        position = end
    return "".join(out) + text[position:]


@lru_cache(maxsize=16)
def _local_text(path: Path) -> str:
    return local_only(path.read_text(encoding="utf-8"))


def synthesize(text: str, copy: int) -> str:
    """One real text as copy ``copy`` (0: unchanged; k ≥ 1: its local documents, renamed, perturbed)."""
    return text if copy == 0 else _rewrite(local_only(text), copy)


def _rewrite(text: str, copy: int) -> str:
    """Regions swapped and quantities perturbed as copy ``copy`` (k ≥ 1) reads them."""
    pattern, mapping = _pattern(copy)
    renamed = pattern.sub(lambda m: mapping[m.group(0)], text)
    rng = random.Random(copy * 7919)
    perturbed = _QUANTITY.sub(lambda m: _perturb_match(m, rng), renamed)
    return perturbed + _trailer(copy)


def _trailer(copy: int) -> str:
    """The last line of copy k ≥ 1; it names the generator's version (v3: city-level plans only)."""
    return f"\n（合成副本{copy}·{VERSION}）\n"


def _is_current(target: Path, copy: int) -> bool:
    """A file written by this version (an older corpus directory is rewritten file by file)."""
    if not target.exists():
        return False
    if copy == 0:
        return True
    tail = _trailer(copy).encode("utf-8")
    with target.open("rb") as handle:
        handle.seek(max(0, target.stat().st_size - len(tail)))
        return handle.read() == tail


def corpus_files() -> list[Path]:
    from policykg.loaders.pipeline import default_paths

    return list(default_paths())


def copies_for(scale: int, sources: list[Path] | None = None) -> int:
    """How many copies (copy 0 included) make ``scale`` times the characters of the real corpus."""
    if scale <= 1:
        return max(scale, 0)
    sources = sources or corpus_files()
    real = sum(len(s.read_text(encoding="utf-8")) for s in sources)
    copy = sum(len(_local_text(s)) for s in sources)
    return 1 + math.ceil((scale - 1) * real / copy)


def write_corpus(scale: int, directory: Path, sources: list[Path] | None = None) -> list[Path]:
    """Write the ``scale``× corpus into ``directory`` (one file per copy and source)."""
    directory.mkdir(parents=True, exist_ok=True)
    return list(iter_corpus(scale, directory, sources))


def iter_corpus(scale: int, directory: Path, sources: list[Path] | None = None) -> Iterator[Path]:
    """Lazily write the copies: a file is written only when the consumer asks for it."""
    for copy in range(copies_for(scale, sources)):
        for source in sources or corpus_files():
            target = directory / f"{source.stem}__s{copy:03d}.txt"
            if not _is_current(target, copy):
                text = (
                    source.read_text(encoding="utf-8") if copy == 0 else _rewrite(_local_text(source), copy)
                )
                target.write_text(text, encoding="utf-8")
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
