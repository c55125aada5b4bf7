"""All record types of policykg: plain frozen dataclasses with character offsets.

Every record carries its evidence: ``source`` (the file name), ``start``/``end``
(character offsets into the file's *decoded original text*, so
``source_text[start:end]`` is the evidence), and ``page`` where the source has pages.
Records serialise to one JSON object with a ``"type"`` field (``policykg parse``).

This module is the contract between the stages: loaders produce these records,
``graph/`` stores them, ``queries/`` reads what was stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, cast, get_args

from policykg.loaders.offsets import NormalizedText

Level = Literal["national", "ministry", "province", "city", "district"]
Relation = Literal["based_on", "cites"]
Comparator = Literal["eq", "ge", "gt", "le", "lt", "approx", "range"]
Direction = Literal["level", "increase", "decrease"]
#: lead: 牵头 (or the first listed where the text says so); support: 配合 / 支持 / 参与 / 协助, or
#: listed after a lead without a cue of its own; responsible: an undifferentiated list
#: (责任单位：A、B; A、B按职责分工负责; a bare parenthesis) or a body with its own 负责 / 落实 cue.
Role = Literal["lead", "support", "responsible"]
AgencyType = Literal["department", "local_government", "enterprise", "committee", "other"]
Modality = Literal["binding", "directive", "encouraging"]
#: LegalRuleML's deontic specifications (and our Encouragement), and how strongly one binds.
Deontic = Literal["obligation", "prohibition", "encouragement"]
Strength = Literal["strong", "weak"]
RegionLevel = Literal["country", "province", "prefecture", "county"]
#: annual: the target holds every year (每年); by_year: it is to be reached by its year.
Period = Literal["annual", "by_year"]


def closed_value(value: str, allowed: Any, what: str) -> Any:
    """``value`` checked against the Literal type ``allowed`` (a closed value set of the schema).

    Values read from data files (the lexicons, the region table) are plain strings; this is
    the one place they become schema values, so a typo in a data file fails loudly here.
    """
    choices: tuple[str, ...] = get_args(allowed)
    if value not in choices:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(choices)}")
    return value


def comparator(value: str) -> Comparator:
    return cast(Comparator, closed_value(value, Comparator, "comparator"))


def direction(value: str) -> Direction:
    return cast(Direction, closed_value(value, Direction, "direction"))


def modality(value: str) -> Modality:
    return cast(Modality, closed_value(value, Modality, "modality"))


def deontic(modality: Modality, prohibition: bool = False) -> tuple[Deontic, Strength | None]:
    """An obligation's deontic term and strength: a binding clause whose deciding word forbids
    (严禁/不得/禁止 …) is a strong prohibition, another binding one (必须/确保 …) a strong
    obligation; a directive one (推进/加强/应当 …) a weak obligation; an encouraging one
    (鼓励/支持 …) an encouragement, which has no strength."""
    if modality == "binding":
        return ("prohibition" if prohibition else "obligation"), "strong"
    if modality == "directive":
        return "obligation", "weak"
    return "encouragement", None


def region_level(value: str) -> RegionLevel:
    return cast(RegionLevel, closed_value(value, RegionLevel, "region level"))


def relation(value: str) -> Relation:
    return cast(Relation, closed_value(value, Relation, "citation relation"))


@dataclass(frozen=True)
class Record:
    """Base: every record serialises with its ``type``."""

    type: ClassVar[str] = "record"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            data[f.name] = list(value) if isinstance(value, tuple) else value
        return data


@dataclass(frozen=True)
class SourceText:
    """A file as read: the decoded original text every span points into."""

    source: str  # file name (no directory): the evidence key
    path: str  # where it was read from
    text: str  # decoded original text
    encoding: str  # detected encoding, e.g. "utf-8", "utf-8-sig", "gb18030"
    sha256: str  # hash of the raw bytes
    media_type: str = "text/plain"  # "text/plain", "text/html", "application/pdf", DOCX
    # What the file states about itself outside the text (an HTML page's metadata table:
    # title, doc_number, issuer, date YYYY-MM-DD, published, index_number); see loaders/readers/html.py
    metadata: dict[str, str] = field(default_factory=dict, compare=False)
    # What was wrong but read anyway (a truncated UTF-8 tail dropped …): warning records of the file
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Document(Record):
    """One plan (policy document). A compilation file yields many."""

    type: ClassVar[str] = "document"
    id: str
    source: str
    title: str
    issuer: str | None
    date: str | None  # YYYY-MM-DD
    doc_number: str | None  # 文号, e.g. 辽政发〔2022〕21号
    level: Level | None
    region: str | None  # region name, e.g. 青岛市
    kind: str | None  # 实施方案, 行动方案, 意见, 规划, 决定, 细则, 措施 ...
    draft: bool
    pages: tuple[int, int] | None
    start: int
    end: int
    group: str | None = None  # compilation group: national / ministry / province / city
    region_code: str | None = None  # GB/T 2260 code
    content_hash: str = ""  # sha256 of the document's own text: re-ingest skips unchanged ones
    page: int | None = None
    # Every issuing body in the order printed (中共中央, 国务院); ``issuer`` is the first of them.
    issuers: tuple[str, ...] = ()
    # The notice that issues the plan (关于印发《…》的通知), when the file wraps the plan in one.
    wrapper_title: str | None = None


@dataclass(frozen=True)
class Clause(Record):
    """A numbered clause (一、 / （一） / 1. / （1） / ① / 专栏N) or the preamble."""

    type: ClassVar[str] = "clause"
    id: str  # stable: document id + path
    document: str
    path: str  # printed path, e.g. 三（一）1
    heading: str  # first sentence, or the text before the first 。
    text: str  # normalised text of the clause (its own text, children included)
    parent: str | None  # parent clause id, None for top level
    start: int
    end: int
    page: int | None
    source: str = ""
    depth: int = 1  # 1 = 一、 ...
    label: str = ""  # the printed label of this level, e.g. （一）


@dataclass(frozen=True)
class Citation(Record):
    type: ClassVar[str] = "citation"
    document: str
    clause: str | None
    title: str | None  # the 《…》 title, without brackets
    doc_number: str | None  # e.g. 国发〔2021〕23号
    relation: Relation
    start: int
    end: int
    source: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Target(Record):
    type: ClassVar[str] = "target"
    id: str
    document: str
    clause: str | None
    metric: str
    value: float
    value_max: float | None
    unit: str | None  # as written: %, 万千瓦, 万吨标准煤 ...
    unit_normalised: str | None  # e.g. 千瓦, 吨标准煤, %
    multiplier: float | None  # 万 = 1e4, 亿 = 1e8
    year: int | None
    period: Period | None  # "annual" for 每年, "by_year" otherwise
    comparator: Comparator
    direction: Direction
    base_year: int | None
    text: str  # the evidence sentence fragment
    start: int
    end: int
    source: str = ""
    page: int | None = None
    # A target with no year of its own: the last year of the period the plan's title names
    # (十四五 → 2025, （2021—2023年） → 2023, 2022年…要点 → 2022); None when it names none.
    implied_year: int | None = None


@dataclass(frozen=True)
class Agency(Record):
    type: ClassVar[str] = "agency"
    id: str  # stable: from canonical name (region-scoped)
    name: str  # canonical, e.g. 青岛市发展和改革委员会
    names: tuple[str, ...]  # as written
    type_: AgencyType  # serialised as "agency_type"
    region: str | None
    region_code: str | None
    document: str
    clause: str | None
    start: int  # first mention
    end: int
    source: str = ""
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["agency_type"] = data.pop("type_")
        return data


@dataclass(frozen=True)
class Responsibility(Record):
    type: ClassVar[str] = "responsibility"
    document: str
    clause: str
    agency: str  # agency id
    agency_text: str  # as written
    role: Role
    start: int  # span of the agency mention inside the marker
    end: int
    source: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Region(Record):
    type: ClassVar[str] = "region"
    id: str  # region:<code>
    name: str
    code: str  # GB/T 2260, 6 digits; "000000" for China
    level: RegionLevel
    parent_code: str | None
    document: str
    clause: str | None
    start: int
    end: int
    source: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Obligation(Record):
    type: ClassVar[str] = "obligation"
    id: str
    document: str
    clause: str
    modality: Modality
    agencies: tuple[str, ...]  # agency ids
    due_year: int | None
    start: int
    end: int
    source: str = ""
    page: int | None = None
    #: the binding word that decided the modality forbids (严禁, 不得 …): see :func:`deontic`
    prohibition: bool = False


@dataclass(frozen=True)
class ErrorRecord(Record):
    """A file that cannot be read or parsed; the batch goes on."""

    type: ClassVar[str] = "error"
    source: str
    reason: str
    severity: Literal["error", "warning"] = "error"


@dataclass
class ParsedDocument:
    """Everything the loaders know about one document, handed to extraction.

    ``text`` is the normalised text of the whole *file* (shared by the documents of a
    compilation); ``own_spans`` maps a clause id to the normalised span of the clause's
    *own* text (up to its first child clause), which is what extractors read so that
    nothing is counted twice. Offsets in ``text`` map back with ``text.to_original``.
    """

    document: Document
    text: NormalizedText
    clauses: list[Clause] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    own_spans: dict[str, tuple[int, int]] = field(default_factory=dict)


AnyRecord = (
    Document | Clause | Citation | Target | Agency | Responsibility | Region | Obligation | ErrorRecord
)


@dataclass(frozen=True)
class Derivation:
    """One DERIVES_FROM edge: ``source_id`` derives from ``target_id``."""

    source_id: str  # the deriving (local) plan or clause id
    target_id: str  # the plan or clause derived from
    level: str  # "plan" | "clause"
    score: float  # 1.0 for explicit basis citations
    method: str  # BASIS_METHOD | CLAUSE_METHOD | EVIDENCE_METHOD
    evidence_source: str
    evidence_start: int
    evidence_end: int
    evidence_page: int | None


@dataclass(frozen=True)
class ExternalPlan:
    """A plan cited as a basis but absent from the corpus: a ``Plan`` node with ``external=true``."""

    id: str  # ext:<文号> or ext:<normalised title>
    title: str | None
    doc_number: str | None
    cited_by: tuple[str, ...]  # ids of the citing documents
    # Evidence: the first citation that names it as a basis.
    source: str | None = None
    start: int | None = None
    end: int | None = None
    page: int | None = None
    external: bool = True


@dataclass(frozen=True)
class DocumentBatch:
    """One document with everything it writes: what the extract stage hands the write stage.

    ``records``: its clauses, citations and extracted records (each names ``document.id``);
    ``source_hash``: sha256 of its file's bytes, stored on the plan so an unchanged file is not
    read again (None: not recorded); ``own_texts``: clause id → the clause's own text without its
    sub-clauses (what full-text search indexes; empty: a clause is searched by its whole text).
    """

    document: Document
    records: tuple[Record, ...] = ()
    source_hash: str | None = None
    own_texts: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, parsed: ParsedDocument, extracted: Sequence[Record] = ()) -> DocumentBatch:
        """A parsed document and its extracted records, with its clauses' own texts."""
        text = parsed.text.text
        return cls(
            parsed.document,
            (*parsed.clauses, *parsed.citations, *extracted),
            None,
            {clause_id: text[start:end] for clause_id, (start, end) in parsed.own_spans.items()},
        )
