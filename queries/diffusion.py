"""Policy diffusion: did a local clause copy the clause it derives from, localise it, or only echo it?

The ``policy_diffusion`` canned query returns one row per ``DERIVES_FROM`` clause pair (local
clause → the national, ministry or provincial clause it implements) with both texts;
:func:`annotate` replaces the texts by the measures and the class (``docs/policy-diffusion.md``
defines them; the thresholds are the constants below):

* both texts are NFKC-normalised, and each **local specific** is masked: numbers (``2025``,
  ``18%``, ``1.5``), division names of the GB/T 2260 gazetteer and scope words (全国, 全市,
  我省: ``data/diffusion_scope_words.tsv``) as *places*, and agency names as the extractor finds
  them (:func:`policykg.loaders.extract.agencies.find_mentions`) as *agencies*; each becomes one
  placeholder character of its kind, then whitespace and punctuation are dropped;
* ``verbatim``: the Dice coefficient of the two texts' character 3-gram sets, *unmasked*;
* ``kept``: the share of the source's 3-grams found in the local text, *masked* (how much of the
  source's wording the local clause keeps once its own numbers, places and agencies are set aside);
* ``copied`` when ``verbatim ≥ COPIED_MIN`` and the local text states no number the source does
  not (a changed target or year is a localisation, however little text it changes; a local
  responsibility list or 全国 → 全市 is not); else ``localised`` when ``kept ≥ LOCALISED_MIN``; else
  ``loosely related``. ``local_specifics`` lists the numbers, places and agencies of the local
  text that the source does not name (what it localised).

:func:`summarise` gives the localisation score of each plan and region (localised ÷ (copied +
localised): the share of the clauses that follow their source which adapt it) and the source
clauses of national (or ministry) plans copied most often; :func:`diffusion` is the API.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import neo4j

from policykg.errors import QueryError
from policykg.loaders.extract import agencies, regions
from policykg.queries.run import QueryResult, run_pages

DiffusionClass = Literal["copied", "localised", "loosely related"]
COPIED: DiffusionClass = "copied"
LOCALISED: DiffusionClass = "localised"
LOOSE: DiffusionClass = "loosely related"
CLASSES: tuple[DiffusionClass, ...] = (COPIED, LOCALISED, LOOSE)

#: ``verbatim`` at or above which a pair is copied (near-verbatim).
COPIED_MIN = 0.80
#: ``kept`` at or above which a pair that is not copied is localised.
LOCALISED_MIN = 0.30
#: Character n-grams compared.
NGRAM = 3

SCOPE_WORDS_FILE = Path(__file__).parent / "data" / "diffusion_scope_words.tsv"
NUMBER_MARK, PLACE_MARK, AGENCY_MARK = "\ue000", "\ue001", "\ue002"
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
# What does not carry wording: whitespace, punctuation and symbols (CJK, letters, digits and the
# placeholders stay).
_NOT_WORDING = re.compile(r"[^\w\ue000-\ue002]|_")

#: Input-only columns of the query (the texts), not shown.
_INPUT_ONLY = ("local_text", "source_text")
#: Columns added by :func:`annotate`, after the query's own.
ADDED = ("verbatim", "kept", "class", "local_specifics")
#: Rows fetched per page by :func:`diffusion`, and the most it reads.
PAGE = 1000
MAX_ROWS = 200_000
NATIONAL_LEVELS = ("national", "ministry")


@lru_cache(maxsize=1)
def scope_words(path: Path = SCOPE_WORDS_FILE) -> tuple[str, ...]:
    """Scope words that stand for the issuing region (全国, 全市, 我省), longest first."""
    lines = path.read_text(encoding="utf-8").splitlines()
    words = {line.split("\t")[0].strip() for line in lines if line.strip() and not line.startswith("#")}
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _scope_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in scope_words()))


@dataclass(frozen=True)
class Masked:
    """A text with its local specifics masked: ``wording`` (placeholders, no punctuation), the
    unmasked ``plain`` wording, and the specifics by kind."""

    plain: str
    wording: str
    specifics: frozenset[tuple[str, str]]
    plain_grams: frozenset[str] = frozenset()
    wording_grams: frozenset[str] = frozenset()


def _spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, mark) of the local specifics, leftmost first, not overlapping: agencies
    first (an agency name holds a place: 青岛市发展和改革委员会), then places, then numbers."""
    taken: list[tuple[int, int, str]] = [(s, e, AGENCY_MARK) for s, e in agencies.find_mentions(text)]
    used = bytearray(len(text))
    for start, end, _ in taken:
        used[start:end] = b"\x01" * (end - start)

    def claim(start: int, end: int) -> bool:
        """Take the span if none of it is taken yet."""
        if any(used[start:end]):
            return False
        used[start:end] = b"\x01" * (end - start)
        return True

    places = [(s, e) for s, e, _ in regions.find_names(text)]
    places += [m.span() for m in _scope_pattern().finditer(text)]
    for start, end in sorted(places, key=lambda span: (span[0], -span[1])):
        if claim(start, end):
            taken.append((start, end, PLACE_MARK))
    for m in _NUMBER.finditer(text):
        if claim(m.start(), m.end()):
            taken.append((m.start(), m.end(), NUMBER_MARK))
    return sorted(taken)


_KIND = {NUMBER_MARK: "number", PLACE_MARK: "place", AGENCY_MARK: "agency"}


@lru_cache(maxsize=4096)  # a national clause is the source of many pairs
def mask(text: str) -> Masked:
    """``text`` normalised (NFKC), its local specifics masked; see the module docstring."""
    normal = unicodedata.normalize("NFKC", text or "")
    pieces: list[str] = []
    specifics: set[tuple[str, str]] = set()
    last = 0
    for start, end, mark in _spans(normal):
        pieces.append(normal[last:start])
        pieces.append(mark)
        value = normal[start:end]
        specifics.add((_KIND[mark], value.rstrip("%") if mark == NUMBER_MARK else value))
        last = end
    pieces.append(normal[last:])
    plain, wording = _NOT_WORDING.sub("", normal), _NOT_WORDING.sub("", "".join(pieces))
    # the grams with the text: a source clause is compared with many local ones (mask is cached)
    return Masked(plain, wording, frozenset(specifics), ngrams(plain), ngrams(wording))


def ngrams(text: str, n: int = NGRAM) -> frozenset[str]:
    """The character n-grams of ``text``; a text shorter than n is its one gram (none if empty)."""
    if len(text) <= n:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """The share of ``part``'s grams found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


@dataclass(frozen=True)
class PairMeasure:
    verbatim: float
    kept: float
    diffusion_class: DiffusionClass
    local_specifics: tuple[str, ...]


def decide(verbatim: float, kept: float, new_numbers: bool = False) -> DiffusionClass:
    """The class from the measures (the thresholds are inclusive)."""
    if verbatim >= COPIED_MIN and not new_numbers:
        return COPIED
    if kept >= LOCALISED_MIN:
        return LOCALISED
    return LOOSE


def classify(local_text: str, source_text: str) -> PairMeasure:
    """The measures and class of one pair (local clause, the source clause it derives from)."""
    local, source = mask(local_text), mask(source_text)
    verbatim = dice(local.plain_grams, source.plain_grams)
    kept = containment(source.wording_grams, local.wording_grams)
    own = sorted(local.specifics - source.specifics)
    found = decide(verbatim, kept, new_numbers=any(kind == "number" for kind, _ in own))
    return PairMeasure(round(verbatim, 3), round(kept, 3), found, tuple(f"{k}:{v}" for k, v in own))


def annotate(
    columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[dict[str, Any]]]:
    """The query's rows with :data:`ADDED` columns, without the texts."""
    out_columns = [c for c in columns if c not in _INPUT_ONLY] + list(ADDED)
    out: list[dict[str, Any]] = []
    for row in rows:
        measure = classify(str(row.get("local_text") or ""), str(row.get("source_text") or ""))
        shown = {c: row.get(c) for c in columns if c not in _INPUT_ONLY}
        shown.update(
            verbatim=measure.verbatim,
            kept=measure.kept,
            local_specifics=list(measure.local_specifics),
        )
        shown["class"] = measure.diffusion_class
        out.append(shown)
    return out_columns, out


# ---------------------------------------------------------------- summaries and the API


@dataclass(frozen=True)
class Localisation:
    """The classes of the pairs of one plan or region and its localisation score."""

    name: str
    id: str | None  # the plan's id, the region's code
    pairs: int
    copied: int
    localised: int
    loosely_related: int
    follows: float  # (copied + localised) / pairs: the share of pairs that follow their source
    score: float | None  # localised / (copied + localised); None when no pair follows its source


@dataclass(frozen=True)
class CopiedClause:
    """A national (or ministry) clause and the local clauses that copied or localised it."""

    plan: str
    clause_id: str
    clause_path: str
    heading: str | None
    copied: int
    localised: int
    copied_by: tuple[str, ...]  # the plans copying it


@dataclass(frozen=True)
class Diffusion:
    pairs: QueryResult
    plans: list[Localisation] = field(default_factory=list)
    regions: list[Localisation] = field(default_factory=list)
    most_copied: list[CopiedClause] = field(default_factory=list)


def _localisation(name: str, ident: str | None, classes: Iterable[str]) -> Localisation:
    counts = Counter(classes)
    followed = counts[COPIED] + counts[LOCALISED]
    return Localisation(
        name,
        ident,
        sum(counts.values()),
        counts[COPIED],
        counts[LOCALISED],
        counts[LOOSE],
        round(followed / sum(counts.values()), 3) if counts else 0.0,
        round(counts[LOCALISED] / followed, 3) if followed else None,
    )


def summarise(rows: Sequence[Mapping[str, Any]], top: int = 10) -> Diffusion:
    """Per plan and per region localisation, and the ``top`` national clauses copied most often
    (by the number of local clauses copying them, then localising them)."""
    by_plan: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    by_region: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    sources: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_plan[(str(row["plan"]), row.get("plan_id"))].append(str(row["class"]))
        by_region[(str(row.get("region") or "—"), row.get("region_code"))].append(str(row["class"]))
        if row.get("source_level") in NATIONAL_LEVELS and row["class"] != LOOSE:
            sources[str(row["source_clause_id"])].append(row)
    copied = []
    for clause_id, found in sources.items():
        first = found[0]
        copied.append(
            CopiedClause(
                str(first["source_plan"]),
                clause_id,
                str(first["source_path"]),
                first.get("source_heading"),
                sum(1 for r in found if r["class"] == COPIED),
                sum(1 for r in found if r["class"] == LOCALISED),
                tuple(sorted({str(r["plan"]) for r in found if r["class"] == COPIED})),
            )
        )
    copied = [c for c in copied if c.copied]
    copied.sort(key=lambda c: (-c.copied, -c.localised, c.plan, c.clause_path))
    return Diffusion(
        QueryResult([], list(map(dict, rows))),
        [_localisation(name, ident, classes) for (name, ident), classes in sorted(by_plan.items())],
        [
            _localisation(name, code, classes)
            for (name, code), classes in sorted(by_region.items(), key=lambda kv: (kv[0][1] or "", kv[0][0]))
        ],
        copied[:top],
    )


def diffusion(
    driver: neo4j.Driver,
    plan: str | None = None,
    region: str | None = None,
    database: str = "neo4j",
    top: int = 10,
    max_rows: int = MAX_ROWS,
) -> Diffusion:
    """Every DERIVES_FROM clause pair of a plan (id, title or part of it) or of a region's plans
    (its sub-regions' included), classified, with the summaries of :func:`summarise`. Neither
    given: the whole graph."""
    paged = run_pages(
        driver, "policy_diffusion", {"plan": plan, "region": region}, database, page=PAGE, max_rows=max_rows
    )
    rows, columns = paged.rows, paged.columns
    if not rows and (plan or region):
        what = " and ".join(f"{k} {v!r}" for k, v in (("plan", plan), ("region", region)) if v)
        raise QueryError(
            f"no DERIVES_FROM clause pairs for {what}: give a local plan's id or (part of) its title, "
            "or a region's name or code (青岛, 370200); list plans with `policykg query search_all -p q=…`"
        )
    found = summarise(rows, top)
    return Diffusion(QueryResult(columns, rows), found.plans, found.regions, found.most_copied)


def as_table(items: Sequence[Localisation] | Sequence[CopiedClause]) -> QueryResult:
    """Summaries as a table (the CLI's and the workbench's): one column per field."""
    if not items:
        return QueryResult([], [])
    rows = [asdict(item) for item in items]
    for row in rows:
        for key, value in row.items():
            if isinstance(value, tuple):
                row[key] = list(value)
    return QueryResult(list(rows[0]), rows)


def to_json(found: Diffusion) -> dict[str, Any]:
    """The whole answer as JSON-ready data: ``pairs``, ``plans``, ``regions``, ``most_copied``."""
    return {
        "pairs": found.pairs.rows,
        "plans": as_table(found.plans).rows,
        "regions": as_table(found.regions).rows,
        "most_copied": as_table(found.most_copied).rows,
    }


__all__: Sequence[str] = (
    "CLASSES",
    "Diffusion",
    "annotate",
    "as_table",
    "classify",
    "decide",
    "diffusion",
    "mask",
    "summarise",
    "to_json",
)
