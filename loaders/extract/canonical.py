"""Canonical agency names, scoped by the plan's region.

A mention is read as *prefix + body + suffix* (``市`` + ``发展改革`` + ``委``). The prefix
scopes it: ``国家``/``国务院`` → national; ``省``/``自治区`` → the plan's province; ``市`` → the
plan's city (or a 直辖市 plan); ``区``/``县`` → the plan's county; a division name
(``重庆市能源局``, ``广东银保监局``) → that division. The body is spelled out with the
abbreviation table (``data/agency_abbreviations.tsv``: 发展改革委 ↔ 发展和改革委员会), so
``市发展改革委`` in the Qingdao plan and ``青岛市发展和改革委员会`` elsewhere are one agency,
while Yantai's ``市发展改革委`` is another (``烟台市发展和改革委员会``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from policykg.loaders.extract import regions
from policykg.loaders.extract.regions import RegionInfo
from policykg.loaders.identity import agency_id

DATA = Path(__file__).parent / "data"
GAZETTEERS = ("agency_abbreviations.tsv", "agency_suffixes.tsv", "agency_prefixes.tsv")
_data_dir = DATA  # where the gazetteers are read from: the package data, or a saved pipeline


def gazetteer_path(name: str) -> Path:
    return _data_dir / name


def use_gazetteers(directory: Path) -> None:
    """Read the agency gazetteers from ``directory`` (a pipeline saved with ``to_disk``)
    instead of the package data; every cached table is rebuilt on next use."""
    global _data_dir
    _data_dir = directory
    for cached in (
        abbreviations,
        suffixes,
        prefixes,
        prefix_glue,
        _abbreviation_pattern,
        _abbreviation_table,
        _suffix_kinds,
        agency_endings,
        agency_type,
        canonicalize,
    ):
        cached.cache_clear()


# 直辖市 are provinces whose departments are spelled with 市 (重庆 ``市发展改革委``).
_MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
_NATIONAL_ENDINGS = ("部", "署", "总局", "总署")
# Endings that name a kind of body, written alone in a list (…、管委): a collective.
_BARE_ENDINGS = frozenset({"管委", "管委会", "政府", "人民政府", "党委", "街道", "乡镇"})
_PARTY_COMMITTEES = re.compile(r"(?:党委|[省市区县州]委)$")


def _read_tsv(path: Path) -> list[list[str]]:
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def abbreviations() -> list[tuple[str, str]]:
    """(short, full) pairs, plus each full form mapped to itself, longest first."""
    pairs = [(row[0], row[1]) for row in _read_tsv(gazetteer_path("agency_abbreviations.tsv"))]
    pairs += [(full, full) for _, full in pairs]
    return sorted(set(pairs), key=lambda p: -len(p[0]))


@cache
def suffixes(where: str = "list") -> list[tuple[str, str]]:
    """(suffix, agency type), longest first. ``where="any"``: only the endings that also mark
    an agency in running text; ``"list"``: all, for items of a responsibility marker."""
    rows = _read_tsv(gazetteer_path("agency_suffixes.tsv"))
    return sorted(
        ((row[0], row[1]) for row in rows if where == "list" or row[2] == "any"), key=lambda p: -len(p[0])
    )


@lru_cache(maxsize=1)
def prefixes() -> list[tuple[str, str]]:
    """(prefix, scope), longest first."""
    return sorted(
        ((row[0], row[1]) for row in _read_tsv(gazetteer_path("agency_prefixes.tsv"))),
        key=lambda p: -len(p[0]),
    )


@lru_cache(maxsize=1)
def prefix_glue() -> dict[str, str]:
    """prefix → characters that, written just before it, make it part of another word (城市)."""
    return {
        row[0]: row[2] if len(row) > 2 else "" for row in _read_tsv(gazetteer_path("agency_prefixes.tsv"))
    }


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(short) for short, _ in abbreviations()))


@lru_cache(maxsize=1)
def _abbreviation_table() -> dict[str, str]:
    return dict(abbreviations())


def expand(body: str) -> str:
    """Spell out abbreviations: ``发展改革委`` → ``发展和改革委员会``; full forms stay as they are."""
    table = _abbreviation_table()
    # Full forms are in the alternation too (mapped to themselves), and alternatives are
    # longest first, so a full form is never expanded a second time.
    text = _abbreviation_pattern().sub(lambda m: table[m.group()], body)
    # A trailing 委 is short for 委员会 (区建设管理委), except for party committees (市委).
    if text.endswith("委") and not text.endswith("委员会") and not _PARTY_COMMITTEES.search(text):
        text += "员会"
    return text


_LONGEST_SUFFIX = 8


@lru_cache(maxsize=1)
def _suffix_kinds() -> dict[str, str]:
    return dict(suffixes())


def strip_note(text: str) -> str:
    """Drop a bracketed note after the name: 市委党校(行政学院) → 市委党校."""
    return re.sub(r"[（(〈〔\[【][^）)〉〕\]】]*[）)〉〕\]】]$", "", text)


@lru_cache(maxsize=1)
def agency_endings() -> tuple[str, ...]:
    """Every ending of an agency in a marker list (not the not_agency words such as 部署)."""
    return tuple(suffix for suffix, kind in suffixes() if kind != "not_agency")


# Cached: the same names recur in every marker of a plan (~20k lookups over the corpus).
@lru_cache(maxsize=16384)
def agency_type(text: str) -> str:
    """department, local_government, enterprise, committee or other, from the name's ending."""
    if re.match(r"^(?:各|有关|地方各级)", text) and re.search(r"(?:政府|区|县|市|镇|街道|乡)$", text):
        return "local_government"
    if re.search(r"人民银行", text):
        return "department"
    text = strip_note(text)
    by_suffix = _suffix_kinds()
    for length in range(min(len(text), _LONGEST_SUFFIX), 0, -1):
        kind = by_suffix.get(text[-length:])
        if kind is not None:
            return kind  # may be "not_agency": 布局, 部署, 全部 end like agencies but are none
    if re.match(r"^(?:各|有关)", text):
        return "local_government"
    return "other"


@dataclass(frozen=True)
class CanonicalAgency:
    name: str  # canonical, region-scoped
    type: str
    region: RegionInfo | None

    @property
    def id(self) -> str:
        return agency_id(self.name)


# Local branches of national bodies are agencies of their own, named as the national body names
# them (国家金融监督管理总局广东监管局, 中国人民银行广东省分行): (written form, full form).
_BRANCHES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:中国)?(?:人民银行|人行)(.{1,8}?)(?:营管部|营业管理部)$"), r"中国人民银行\1营业管理部"),
    (re.compile(r"^(?:中国)?(?:人民银行|人行)(.{1,8}?(?:分行|中心支行|支行))$"), r"中国人民银行\1"),
    (re.compile(r"^(?:中国)?银保监会?(.{1,6}?)监管局$"), r"中国银行保险监督管理委员会\1监管局"),
    (
        re.compile(r"^([^省市]{2,6}?)(?:省|市)?(?:银保监局|银行保险监督管理局)$"),
        r"中国银行保险监督管理委员会\1监管局",
    ),
    (re.compile(r"^(?:中国)?证监会(.{1,6}?)监管局$"), r"中国证券监督管理委员会\1监管局"),
    (re.compile(r"^([^省市]{2,6}?)(?:省|市)?(?:证监局|证券监督管理局)$"), r"中国证券监督管理委员会\1监管局"),
    (re.compile(r"^(?:国家)?金融监管总局(.{1,8}?)监管局$"), r"国家金融监督管理总局\1监管局"),
)
_TAX_BUREAU = re.compile(r"^(?!国家税务总局)(.{2,12}?(?:省|市|自治区|区|县))税务局$")


def _national_branch(agency: CanonicalAgency) -> CanonicalAgency:
    """A local bureau of a vertically managed national body (税务局, 人民银行, 监管局) under its
    national name: 广东省税务局 → 国家税务总局广东省税务局."""
    name = agency.name
    for pattern, full in _BRANCHES:
        if pattern.match(name):
            return CanonicalAgency(pattern.sub(full, name), agency.type, agency.region)
    tax = _TAX_BUREAU.match(name)
    if tax:
        return CanonicalAgency(f"国家税务总局{tax.group(1)}税务局", agency.type, agency.region)
    return agency


@lru_cache(maxsize=16384)
def canonicalize(text: str, plan: RegionInfo | None, inherited_prefix: str | None = None) -> CanonicalAgency:
    """The canonical agency for a mention ``text`` as written in a plan of region ``plan``.

    ``inherited_prefix`` is the level prefix of the list the mention stands in, for bare
    names after a prefixed one (``省发展改革委、自然资源厅`` → 自然资源厅 is the province's).
    """
    return _national_branch(_canonicalize(text, plan, inherited_prefix))


def _canonicalize(text: str, plan: RegionInfo | None, inherited_prefix: str | None) -> CanonicalAgency:
    text = re.sub(r"\s+", "", text)
    kind = agency_type(text)
    if text in _BARE_ENDINGS:
        # 有关区市政府、管委: an ending with no name is the body kind taken together (the zones'
        # 管委会 of the plan's region), never one body called 烟台市管理委员会
        return CanonicalAgency(_scoped(plan, "各" + expand(text)), kind, plan)
    scope, rest = _split_prefix(text)
    if inherited_prefix and len(inherited_prefix) > 2 and kind != "enterprise":
        # The list named the division before: 重庆市能源局、市经济信息委 → 重庆市经济和信息化委员会.
        division = regions.resolve(inherited_prefix, plan.code if plan is not None else None)
        if division is not None:
            return CanonicalAgency(division.name + expand(rest if scope else text), kind, division)
    if scope is not None and text.startswith(("省委", "市委", "区委", "县委")):
        rest = "委" + rest  # a party organ: 市委金融办 → 青岛市委金融办
    named = _named_division(text, plan)
    if named is not None and scope is None:
        # 人民银行大连市分行, 江苏银保监局: the name carries its own place.
        return CanonicalAgency(expand(text), kind, named)
    if scope is None and inherited_prefix and kind != "enterprise" and not _leading_division(text, plan):
        scope = dict(prefixes()).get(inherited_prefix)
    division = _leading_division(text, plan) if scope is None else None
    if division is not None:
        return CanonicalAgency(expand(text), kind, division)
    if scope == "national":
        return CanonicalAgency(_national_name(text), kind, regions.china())
    if scope == "province":
        province = _province(plan)
        body = expand(rest)
        return CanonicalAgency((province.name if province else "省") + body, kind, province or plan)
    if scope == "city":
        city = _city(plan)
        if city is not None:
            return CanonicalAgency(city.name + expand(rest), kind, city)
        return CanonicalAgency(_scoped(plan, expand(text)), kind, plan)
    if scope == "district":
        if plan is not None and plan.level == "county":
            return CanonicalAgency(plan.name + expand(rest), kind, plan)
        return CanonicalAgency(_scoped(plan, expand(text)), kind, plan)
    if scope == "local":
        return CanonicalAgency(_scoped(plan, text), kind, plan)
    # No prefix: a ministry-level ending is national (生态环境部, 市场监管总局); an enterprise
    # keeps its own name; anything else belongs to the plan's region.
    if text.endswith(_NATIONAL_ENDINGS) or (plan is not None and plan.code == regions.CHINA):
        return CanonicalAgency(_national_name(text), kind, regions.china())
    if kind == "enterprise":
        return CanonicalAgency(expand(text), kind, plan)
    if text.endswith("厅"):
        province = _province(plan)
        return CanonicalAgency((province.name if province else "") + expand(text), kind, province or plan)
    return CanonicalAgency(_scoped(plan, expand(text)), kind, plan)


def _national_name(text: str) -> str:
    """A national body's full name: 市场监管总局 → 国家市场监督管理总局, 发展改革委 (after a ministry
    in a list) → 国家发展和改革委员会; ministries (部), banks and 国务院 bodies keep their name."""
    name = expand(text)
    if not name.startswith(("国家", "中国", "国务院")) and (
        name.endswith(("总局", "总署"))
        or (name.endswith("局") and not name.endswith("气象局"))
        or name == "发展和改革委员会"
    ):
        return "国家" + name
    return name


def _scoped(plan: RegionInfo | None, name: str) -> str:
    return (plan.name if plan is not None and plan.code != regions.CHINA else "") + name


def _named_division(text: str, plan: RegionInfo | None) -> RegionInfo | None:
    """A province or prefecture named inside the mention (not at its start)."""
    within = plan.code if plan is not None else None
    for _, _, name in regions._scan_names(text[1:]):
        if name in regions.stopwords():
            continue
        info = regions.resolve(name, within)
        if (
            info is not None
            and info.level in ("province", "prefecture")
            and (name in regions.table().by_name or len(name) >= 2)
        ):
            return info
    return None


def _split_prefix(text: str) -> tuple[str | None, str]:
    for prefix, scope in prefixes():
        if text.startswith(prefix) and len(text) > len(prefix):
            # 市场监管总局 is not 市 + 场监管总局; 省级 / 区域 are not prefixes either.
            if prefix == "市" and text.startswith(("市场", "市政")):
                continue
            return scope, text[len(prefix) :]
    return None, text


def _leading_division(text: str, plan: RegionInfo | None) -> RegionInfo | None:
    """A division name opening the mention: ``重庆市能源局`` → 重庆市, ``广东银保监局`` → 广东省."""
    if text.startswith(("国网", "国家")):
        text = text[2:]
    within = plan.code if plan is not None else None
    for length in range(min(len(text) - 1, 12), 1, -1):
        head = text[:length]
        if head in regions.table().by_name and head not in regions.stopwords():
            return regions.resolve(head, within)
    for length in range(min(len(text) - 1, 8), 1, -1):
        head = text[:length]
        if head in regions.table().by_short and head not in regions.stopwords():
            info = regions.resolve(head, within)
            if info is not None and (
                info.level in ("province", "prefecture") or (plan is not None and plan.contains(info))
            ):
                return info
    return None


def _province(plan: RegionInfo | None) -> RegionInfo | None:
    if plan is None or plan.code == regions.CHINA:
        return None
    return regions.table().province_of(plan)


def _city(plan: RegionInfo | None) -> RegionInfo | None:
    if plan is None or plan.code == regions.CHINA:
        return None
    if plan.level == "province":
        return plan if plan.code in _MUNICIPALITIES else None
    if plan.level == "prefecture":
        return plan
    prefecture = regions.table().prefecture_of(plan)
    if prefecture is not None:
        return prefecture
    province = regions.table().province_of(plan)
    return province if province is not None and province.code in _MUNICIPALITIES else None
