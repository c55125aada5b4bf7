"""English for readers of English: the bilingual glossary, shipped as data (``data/glossary_*.tsv``).

Translated by hand for policykg (no translation service, nothing from the network), and only the
graph's own vocabulary: indicators (by their harmonised key), agencies (composed: region + body,
青岛市发展和改革委员会 → Qingdao Municipal Development and Reform Commission), regions (the
gazetteer's divisions with pinyin-based names, :mod:`policykg.loaders.glossary_regions`), plan
kinds, levels, roles, forces and the other closed values. The documents' own text (titles, clause
text, quotes) is never translated.

Every look-up returns ``None`` for what the glossary does not know, so a caller shows the Chinese
as it is; :func:`agency_report` lists the agencies whose names could not be composed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from policykg.loaders import gazetteer
from policykg.loaders.glossary_regions import ETHNIC_GROUPS, read_pairs, split_name
from policykg.loaders.identity import indicator_key

DATA = Path(__file__).parent / "data"
TERMS_FILE = DATA / "glossary_terms.tsv"
INDICATORS_FILE = DATA / "glossary_indicators.tsv"
AGENCIES_FILE = DATA / "glossary_agency_names.tsv"
REGIONS_FILE = DATA / "glossary_regions.tsv"

#: Where each column of a table (a query's column name) finds its English.
COLUMN_KINDS: dict[str, str] = {
    "agency": "agency",
    "agencies": "agency",
    "owners": "agency",
    "issuer": "agency",
    "region": "region",
    "parent_region": "region",
    "plan_region": "region",
    "indicator": "indicator",
    "metric": "indicator",
    "role": "role",
    "roles": "role",
    "lead_roles": "role",
    "level": "level",
    "plan_level": "level",
    "region_level": "level",
    "force": "force",
    "modality": "force",
    "deontic": "deontic",
    "strength": "strength",
    "agency_type": "agency_type",
    "relation": "relation",
    "comparator": "comparator",
    "direction": "direction",
    "kind": "plan_kind",
}


@dataclass(frozen=True)
class RegionName:
    code: str
    name: str
    en: str  # Qingdao City
    base: str  # Qingdao
    adjective: str  # Qingdao Municipal: what the region's bodies are called


def _rows(path: Path, width: int) -> list[list[str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != width:
            raise ValueError(f"{path}:{number}: expected {width} tab-separated fields, found {len(fields)}")
        rows.append(fields)
    return rows


@lru_cache(maxsize=1)
def terms() -> dict[tuple[str, str], tuple[str, str]]:
    """(group, value) → (zh, en) of the closed values and headers."""
    return {(group, value): (zh, en) for group, value, zh, en in _rows(TERMS_FILE, 4)}


@lru_cache(maxsize=1)
def indicators() -> dict[str, tuple[str, str]]:
    """Indicator key → (zh, en)."""
    return {key: (zh, en) for key, zh, en in _rows(INDICATORS_FILE, 3)}


@lru_cache(maxsize=1)
def regions() -> dict[str, RegionName]:
    """Code → English names of the division."""
    return {row[0]: RegionName(*row) for row in _rows(REGIONS_FILE, 5)}


@lru_cache(maxsize=1)
def _agency_pieces() -> tuple[dict[str, str], int]:
    pieces = {zh: en for zh, en in _rows(AGENCIES_FILE, 2)}
    return pieces, max(map(len, pieces))


@lru_cache(maxsize=1)
def _region_prefixes() -> dict[str, RegionName]:
    """The names an agency's name may begin with: full names (青岛市 → Qingdao Municipal) and
    short names (青岛, 宁夏 → Qingdao, Ningxia: the bare base name). Of divisions sharing a name
    the highest level is meant (吉林 is the province, 南昌 the city before the county)."""
    table = regions()
    ethnic = sorted(dict(read_pairs(ETHNIC_GROUPS)), key=len, reverse=True)
    full: dict[str, RegionName] = {}
    short: dict[str, RegionName] = {}
    for code, division in gazetteer.divisions().items():  # parents come before their children
        english = table.get(code)
        if english is None or code == gazetteer.CHINA:
            continue
        full.setdefault(division.name, english)
        base, _, _ = split_name(division.name, division.kind, ethnic)
        if len(base) >= 2 and base != division.name:
            short.setdefault(base, RegionName(code, base, english.en, english.base, english.base))
    return {**short, **full}


def term_en(group: str, value: object) -> str | None:
    """The English of a closed value (``term_en("role", "lead")`` → ``lead``), None if unknown."""
    if value is None or value == "":
        return None
    entry = terms().get((group, str(value)))
    return entry[1] if entry else None


def indicator_en(name: str | None) -> str | None:
    """The English name of an indicator, by any written form of it (its key decides)."""
    if not name:
        return None
    entry = indicators().get(indicator_key(name)) or indicators().get(name)
    return entry[1] if entry else None


def region_en(region: str | None) -> str | None:
    """The English name of a region, by code (370200) or full name (青岛市): Qingdao City."""
    if not region:
        return None
    if region == gazetteer.CHINA or region == "中国":
        return "China"
    code = region if region in regions() else gazetteer.code_of(region)
    entry = regions().get(code or "")
    return entry.en if entry else None


def _region_prefixes_of(name: str) -> list[tuple[str, str]]:
    """(English adjective, rest of the name) for each region the name may begin with, longest
    first (杭州市直… is 杭州市 + 直… or 杭州 + 市直…)."""
    prefixes = _region_prefixes()
    found = []
    for length in range(min(len(name) - 1, 12), 1, -1):
        entry = prefixes.get(name[:length])
        if entry is not None:
            found.append((entry.adjective, name[length:]))
    return found


def _compose(body: str) -> list[str] | None:
    """The English of a name's pieces in order, the name read as the fewest pieces of the table
    and region names (卫生健康委员会 is 卫生健康 + 委员会, not 卫生健康委 + 员会; a table piece wins
    over a region name of the same length): 中国人民银行南京分行 → … Nanjing Branch. None when no
    reading covers the whole name."""
    pieces, longest = _agency_pieces()
    places = _region_prefixes()
    size = len(body)
    # best[i]: the fewest pieces reading body[i:], as (count, words); filled from the end
    best: list[tuple[int, list[str]] | None] = [None] * (size + 1)
    best[size] = (0, [])
    for position in range(size - 1, -1, -1):
        for length in range(1, min(max(longest, 12), size - position) + 1):
            rest = best[position + length]
            if rest is None:
                continue
            text = body[position : position + length]
            english = pieces.get(text)
            if english is None and text in places:
                english = places[text].base
            if english is None:
                continue
            candidate = (rest[0] + 1, ([english] if english else []) + rest[1])
            current = best[position]
            if current is None or candidate[0] <= current[0]:
                best[position] = candidate  # longer first pieces come later: they win ties
    found = best[0]
    return found[1] if found else None


def agency_en(name: str | None, region: str | None = None) -> str | None:
    """The English name of an agency, composed: its region's adjective (from the gazetteer) and
    the English of its body, piece by piece (``data/glossary_agency_names.tsv``). ``region`` (a
    code or full name) names the place of a bare 市发展改革委 (→ Qingdao Municipal …). None when a
    part of the name is in no table."""
    if not name:
        return None
    return _with_regions(name, region, [])


def _with_regions(rest: str, region: str | None, words: list[str]) -> str | None:
    """Every region the name begins with (山东省青岛市…), then the body; the first reading that
    composes wins."""
    for adjective, after in _region_prefixes_of(rest):
        english = _with_regions(after, None, [*words, adjective])
        if english is not None:
            return english
    if rest.startswith("委") and not rest.startswith("委员会") and words:
        words = [*words, "Party Committee"]  # 江苏省委组织部: the province's Party Committee
        rest = rest[1:]
    if not words and region and rest[:1] in "省市区县" and not rest.startswith("市场"):
        code = region if region in regions() else gazetteer.code_of(region)
        entry = regions().get(code or "")
        if entry is not None and code != gazetteer.CHINA:
            words = [entry.adjective]  # 市发展改革委 of Qingdao → Qingdao Municipal …
            rest = rest[1:]
    body = _compose(rest)
    if body is None:
        return None
    return _tidy(" ".join([*words, *body]))


def _tidy(text: str) -> str:
    # a qualifier that repeats what the region's adjective says: Qingdao Municipal Municipal …
    for word in ("Municipal", "Provincial", "District", "County"):
        text = text.replace(f"{word} {word} ", f"{word} ")
    return text.replace(" and and ", " and ").strip()


def agency_report(agencies: Iterable[tuple[str, str | None]]) -> tuple[dict[str, str], list[str]]:
    """(name → English) of the agencies composed, and the names that could not be, sorted."""
    composed: dict[str, str] = {}
    missing: list[str] = []
    for name, region in agencies:
        english = agency_en(name, region)
        if english is None:
            missing.append(name)
        else:
            composed[name] = english
    return composed, sorted(set(missing))


def english(kind: str, value: object, region: str | None = None) -> str | None:
    """The English of a value of one kind: agency, region, indicator or a :func:`terms` group."""
    if value is None or value == "":
        return None
    text = str(value)
    if kind == "agency":
        return agency_en(text, region)
    if kind == "region":
        return region_en(text)
    if kind == "indicator":
        return indicator_en(text)
    return term_en(kind, text)


def column_en(column: str) -> str:
    """A table header in English: the glossary's word for the column, else its name spaced."""
    return term_en("column", column) or column.replace("_", " ")
