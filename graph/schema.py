"""THE declaration of the graph: Neo4j labels, relationship types and properties with their IRIs.

Everything else reads this module: the Neo4j writer builds its Cypher from it
(:mod:`policykg.graph.cypher`), the RDF exporter maps each element to its ontology term
(:mod:`policykg.graph.rdf`), the SHACL shapes are generated from it
(:mod:`policykg.graph.shapes`), the README table is :func:`markdown_table`, and the tests
check that it agrees with ``ontology/policykg.ttl`` and with what is in Neo4j after ingest.
No label, relationship type or IRI is spelled as a string literal anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import get_args

from rdflib import URIRef
from rdflib.namespace import XSD

from policykg.loaders import types
from policykg.ontology.namespace import LRMLMM, PKG

#: Instance IRIs are minted from node ids under this base.
ID_BASE = "https://policykg.org/id/"
#: The full-text index over clause and target text (Neo4j's ``cjk`` analyzer).
FULLTEXT_INDEX = "policykg_text"
FULLTEXT_ANALYZER = "cjk"

_STRING = XSD.string
_ZH = "zh"


@dataclass(frozen=True)
class Property:
    """One Neo4j property key and the ontology attribute it maps to."""

    name: str
    iri: URIRef
    datatype: URIRef = _STRING
    required: bool = False
    many: bool = False  # a list in Neo4j, one triple per item in RDF
    lang: str | None = None  # text in a natural language: an rdf:langString literal
    values: tuple[str, ...] = ()  # the closed set of allowed values (sh:in)
    evidence: bool = False  # exported on the node's Evidence selector, not on the node
    #: value → ontology term: the value is exported as that IRI (an owl:ObjectProperty), not a literal
    terms: tuple[tuple[str, URIRef], ...] = ()
    description: str = ""


@dataclass(frozen=True)
class NodeType:
    label: str
    iri: URIRef
    properties: tuple[Property, ...]
    description: str
    key: str = "id"
    #: Shared nodes are MERGEd across documents and never deleted with one.
    shared: bool = False
    #: Document-owned nodes carry ``document``: re-ingesting a changed plan deletes them.
    owned: bool = False
    #: The Chinese name (the ontology's rdfs:label @zh): viz's legend and tooltips use it.
    name_zh: str = ""

    def prop(self, name: str) -> Property:
        return _by_name(self.properties, name, self.label)


@dataclass(frozen=True)
class RelType:
    type: str
    iri: URIRef
    pairs: tuple[tuple[str, str], ...]  # (start label, end label) combinations
    properties: tuple[Property, ...]
    description: str
    #: Properties that are part of the edge's identity (one edge per endpoints + key values).
    key: tuple[str, ...] = ()
    #: A property whose value picks a narrower predicate in RDF (CITES + based_on → pkg:basedOn).
    refine: tuple[str, Mapping[str, URIRef]] | None = None
    #: (min, max) edges of this type per start node; max None = unbounded.
    per_start: tuple[int, int | None] = (0, None)
    #: (min, max) edges of this type per end node.
    per_end: tuple[int, int | None] = (0, None)
    notes: dict[str, str] = field(default_factory=dict)
    #: The Chinese name (the ontology's rdfs:label @zh).
    name_zh: str = ""

    def prop(self, name: str) -> Property:
        return _by_name(self.properties, name, self.type)

    def iris(self) -> tuple[URIRef, ...]:
        """Every predicate an edge of this type can become in RDF."""
        refined = tuple(self.refine[1].values()) if self.refine else ()
        return (self.iri, *[iri for iri in refined if iri != self.iri])


def _by_name(properties: tuple[Property, ...], name: str, owner: str) -> Property:
    for prop in properties:
        if prop.name == name:
            return prop
    raise KeyError(f"{owner} has no property {name!r}")


# ---------------------------------------------------------------- evidence (every node and edge)

EVIDENCE: tuple[Property, ...] = (
    Property("source", PKG.source, required=True, evidence=True, description="source file name"),
    Property(
        "start",
        PKG.start,
        XSD.nonNegativeInteger,
        required=True,
        evidence=True,
        description="start offset into the decoded original text",
    ),
    Property(
        "end",
        PKG.end,
        XSD.nonNegativeInteger,
        required=True,
        evidence=True,
        description="end offset (exclusive)",
    ),
    Property("page", PKG.page, XSD.integer, evidence=True, description="page (第N页) of the start"),
)
ID = Property("id", PKG.id, required=True, description="stable identifier")
DOCUMENT = Property("document", PKG.document, required=True, description="id of the plan it belongs to")
CLAUSE_ID = Property("clause", PKG.clause, description="id of the clause it was found in")

PLAN_LEVELS: tuple[str, ...] = get_args(types.Level)

# ---------------------------------------------------------------- labels

PLAN = NodeType(
    "Plan",
    PKG.Plan,
    name_zh="政策文件",
    description="a policy document; external = cited, not in the corpus",
    properties=(
        ID,
        Property("title", PKG.title, required=True, lang=_ZH),
        Property("title_key", PKG.titleKey, description="normalised title: citations resolve on it"),
        Property("issuer", PKG.issuer, lang=_ZH, description="the first issuer"),
        Property("issuers", PKG.issuers, many=True, lang=_ZH, description="every issuer, joint ones too"),
        Property(
            "wrapper_title", PKG.wrapperTitle, lang=_ZH, description="the 印发…的通知 wrapping the plan"
        ),
        Property("date", PKG.date, XSD.date),
        Property("doc_number", PKG.docNumber, description="文号"),
        Property("level", PKG.level, values=PLAN_LEVELS),
        Property("region", PKG.regionName, lang=_ZH),
        Property("region_code", PKG.regionCode),
        Property("kind", PKG.kind, lang=_ZH),
        Property("draft", PKG.draft, XSD.boolean),
        Property("page_start", PKG.pageStart, XSD.integer),
        Property("page_end", PKG.pageEnd, XSD.integer),
        Property("group", PKG.group),
        Property("content_hash", PKG.contentHash, description="sha256 of the plan's own text"),
        Property("source_hash", PKG.sourceHash, description="sha256 of the source file's bytes"),
        Property("external", PKG.external, XSD.boolean, required=True),
        *EVIDENCE,
    ),
)

CLAUSE = NodeType(
    "Clause",
    PKG.Clause,
    name_zh="条款",
    owned=True,
    description="a numbered clause or the preamble",
    properties=(
        ID,
        DOCUMENT,
        Property("path", PKG.path, required=True, description="printed path, e.g. 三（一）1"),
        Property("label", PKG.number, description="printed label of its level, e.g. （一）"),
        Property("heading", PKG.heading, lang=_ZH),
        Property("text", PKG.text, required=True, lang=_ZH, description="the clause with its children"),
        Property(
            "search_text",
            PKG.searchText,
            lang=_ZH,
            description="its own text, without sub-clauses: what full-text search sees",
        ),
        Property("depth", PKG.depth, XSD.integer, required=True),
        *EVIDENCE,
    ),
)

TARGET = NodeType(
    "Target",
    PKG.Target,
    name_zh="目标",
    owned=True,
    description="a quantified goal",
    properties=(
        ID,
        DOCUMENT,
        CLAUSE_ID,
        Property("metric", PKG.metric, required=True, lang=_ZH),
        Property("value", PKG.value, XSD.double, required=True),
        Property("value_max", PKG.valueMax, XSD.double),
        Property("value_normalised", PKG.valueNormalised, XSD.double, description="value × multiplier"),
        Property("unit", PKG.unit),
        Property("unit_normalised", PKG.unitNormalised),
        Property("multiplier", PKG.multiplier, XSD.double),
        Property("year", PKG.targetYear, XSD.gYear),
        Property(
            "implied_year",
            PKG.impliedYear,
            XSD.gYear,
            description="no year written: the end of the plan's own period (十四五 → 2025)",
        ),
        Property("base_year", PKG.baseYear, XSD.gYear),
        Property("period", PKG.period, values=get_args(types.Period)),
        Property(
            "comparator",
            PKG.comparator,
            required=True,
            values=get_args(types.Comparator),
        ),
        Property("direction", PKG.direction, required=True, values=get_args(types.Direction)),
        Property("text", PKG.text, required=True, lang=_ZH),
        Property("search_text", PKG.searchText, lang=_ZH, description="= text: what full-text search sees"),
        *EVIDENCE,
    ),
)

AGENCY = NodeType(
    "Agency",
    PKG.Agency,
    name_zh="责任单位",
    shared=True,
    description="an agency named by the plans",
    properties=(
        ID,
        Property("name", PKG.name, required=True, lang=_ZH, description="canonical name"),
        Property("names", PKG.altName, many=True, lang=_ZH, description="names as written"),
        Property(
            "agency_type",
            PKG.agencyType,
            required=True,
            values=get_args(types.AgencyType),
        ),
        Property("region", PKG.regionName, lang=_ZH),
        Property("region_code", PKG.regionCode),
        *EVIDENCE,
    ),
)

REGION = NodeType(
    "Region",
    PKG.Region,
    name_zh="行政区",
    shared=True,
    description="an administrative division",
    properties=(
        ID,
        Property("name", PKG.name, required=True, lang=_ZH),
        Property("code", PKG.regionCode, required=True, description="GB/T 2260"),
        Property("level", PKG.level, required=True, values=get_args(types.RegionLevel)),
        Property("parent_code", PKG.parentCode),
        *EVIDENCE,
    ),
)

#: An obligation's deontic value in Neo4j → its term (LegalRuleML's, or our Encouragement).
DEONTIC_TERMS: tuple[tuple[str, URIRef], ...] = (
    ("obligation", LRMLMM.Obligation),
    ("prohibition", LRMLMM.Prohibition),
    ("encouragement", PKG.Encouragement),
)

OBLIGATION = NodeType(
    "Obligation",
    PKG.Obligation,
    name_zh="责任事项",
    owned=True,
    description="a duty a clause places on agencies",
    properties=(
        ID,
        DOCUMENT,
        CLAUSE_ID,
        Property("modality", PKG.modality, required=True, values=get_args(types.Modality)),
        Property(
            "deontic",
            PKG.deontic,
            required=True,
            values=get_args(types.Deontic),
            terms=DEONTIC_TERMS,
            description="LegalRuleML deontic term (pkg:Encouragement: ours, LegalRuleML has none)",
        ),
        Property(
            "strength",
            PKG.strength,
            values=get_args(types.Strength),
            description="of an obligation or prohibition: strong 必须/严禁/确保, weak 推进/加强",
        ),
        Property("due_year", PKG.dueYear, XSD.gYear),
        *EVIDENCE,
    ),
)

INDICATOR = NodeType(
    "Indicator",
    PKG.Indicator,
    name_zh="指标",
    shared=True,
    description="the metric targets measure",
    properties=(
        ID,
        Property("name", PKG.name, required=True, lang=_ZH, description="first written form"),
        Property("key", PKG.notation, required=True, description="normalised metric"),
        Property("names", PKG.altName, many=True, lang=_ZH, description="written forms"),
        *EVIDENCE,
    ),
)

# ---------------------------------------------------------------- relationship types

# Short names for the pairs below, by name (a new label is one more line, not a longer unpacking).
P, C, T, A, R = PLAN.label, CLAUSE.label, TARGET.label, AGENCY.label, REGION.label
O, I = OBLIGATION.label, INDICATOR.label

HAS_CLAUSE = RelType(
    "HAS_CLAUSE",
    PKG.hasClause,
    ((P, C), (C, C)),
    EVIDENCE,
    per_end=(1, 1),
    description="plan → top clauses, clause → child clauses",
    name_zh="包含条款",
)
PART_OF = RelType(
    "PART_OF",
    PKG.partOf,
    ((C, P),),
    EVIDENCE,
    per_start=(1, 1),
    description="every clause → its plan",
    name_zh="属于",
)
DERIVES_FROM = RelType(
    "DERIVES_FROM",
    PKG.derivesFrom,
    ((P, P), (C, C)),
    (
        Property("score", PKG.score, XSD.double, required=True),
        Property("method", PKG.method, required=True),
        *EVIDENCE,
    ),
    description="local plan/clause → the national, ministry or provincial one it implements",
    name_zh="来源于",
)
RESPONSIBLE_FOR = RelType(
    "RESPONSIBLE_FOR",
    PKG.responsibleFor,
    ((A, C),),
    (
        Property("role", PKG.role, required=True, values=get_args(types.Role)),
        Property("agency_text", PKG.agencyText, lang=_ZH),
        *EVIDENCE,
    ),
    description="agency → clause it is named responsible for (role on the edge)",
    name_zh="负责",
)
QUANTIFIES = RelType(
    "QUANTIFIES",
    PKG.quantifies,
    ((T, C),),
    EVIDENCE,
    per_start=(0, 1),
    description="target → the clause stating it",
    name_zh="量化",
)
MEASURES = RelType(
    "MEASURES",
    PKG.measures,
    ((T, I),),
    EVIDENCE,
    per_start=(0, 1),
    description="target → its indicator",
    name_zh="度量指标",
)
CITES = RelType(
    "CITES",
    PKG.cites,
    ((P, P), (C, P)),
    (
        Property("relation", PKG.relation, required=True, values=get_args(types.Relation)),
        Property("title", PKG.title, lang=_ZH, description="the cited title as written"),
        Property("doc_number", PKG.docNumber),
        CLAUSE_ID,
        *EVIDENCE,
    ),
    key=("relation",),
    refine=("relation", {"based_on": PKG.basedOn, "cites": PKG.cites}),
    description="plan or clause → cited plan (relation based_on | cites)",
    name_zh="引用",
)
APPLIES_TO = RelType(
    "APPLIES_TO", PKG.appliesTo, ((P, R),), EVIDENCE, description="plan → its region", name_zh="适用地区"
)
ISSUED_BY = RelType(
    "ISSUED_BY", PKG.issuedBy, ((P, A),), EVIDENCE, description="plan → issuing agency", name_zh="发文机关"
)
LOCATED_IN = RelType(
    "LOCATED_IN",
    PKG.locatedIn,
    ((R, R), (A, R)),
    EVIDENCE,
    per_start=(0, 1),
    description="region → parent region (GB/T 2260), agency → its region",
    name_zh="位于",
)
SUB_ORGANIZATION_OF = RelType(
    "SUB_ORGANIZATION_OF",
    PKG.subOrganizationOf,
    ((A, A),),
    EVIDENCE,
    description="department → the people's government (人民政府) of its region",
    name_zh="隶属于",
)
BEARS = RelType("BEARS", PKG.bears, ((A, O),), EVIDENCE, description="agency → obligation", name_zh="承担")
STATED_IN = RelType(
    "STATED_IN",
    PKG.statedIn,
    ((O, C),),
    EVIDENCE,
    per_start=(1, 1),
    description="obligation → the clause stating it",
    name_zh="出自条款",
)

# ---------------------------------------------------------------- the collections

#: Every label and relationship type declared above, in the order declared: declaring a NodeType
#: or a RelType here is all it takes to register it (CONTRIBUTING.md, "A node type").
NODE_TYPES: tuple[NodeType, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, NodeType))
REL_TYPES: tuple[RelType, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, RelType))

#: Property indexes for the canned queries (label, property).
INDEXES: tuple[tuple[NodeType, str], ...] = (
    (REGION, "name"),
    (REGION, "code"),
    (INDICATOR, "name"),
    (INDICATOR, "key"),
    (TARGET, "year"),
    (TARGET, "document"),
    (AGENCY, "name"),
    (AGENCY, "region"),
    (AGENCY, "region_code"),
    (CLAUSE, "path"),
    (CLAUSE, "document"),
    (PLAN, "title"),
    (PLAN, "title_key"),
    (PLAN, "doc_number"),
    (PLAN, "source"),
    (OBLIGATION, "document"),
)
#: The full-text index: these labels, these properties.
#: The full-text index: these labels, these properties. A clause is indexed by its own text (a
#: parent's ``text`` repeats its children's, so every ancestor would match too).
FULLTEXT: tuple[tuple[NodeType, ...], tuple[str, ...]] = ((CLAUSE, TARGET), ("search_text",))

NODES: dict[str, NodeType] = {n.label: n for n in NODE_TYPES}
RELS: dict[str, RelType] = {r.type: r for r in REL_TYPES}


def markdown_table() -> str:
    """The README table: every label, relationship type and property with its ontology term."""

    def curie(iri: URIRef) -> str:
        return "pkg:" + str(iri).removeprefix(str(PKG))

    lines = ["| Element | Neo4j | Ontology term | Properties |", "|---|---|---|---|"]
    for node in NODE_TYPES:
        props = ", ".join(f"`{p.name}` ({curie(p.iri)})" for p in node.properties if not p.evidence)
        lines.append(f"| node | `:{node.label}` | {curie(node.iri)} | {props} |")
    for rel in REL_TYPES:
        pairs = "; ".join(f"{s}→{e}" for s, e in rel.pairs)
        terms = " / ".join(curie(i) for i in rel.iris())
        props = ", ".join(f"`{p.name}` ({curie(p.iri)})" for p in rel.properties if not p.evidence)
        lines.append(f"| edge | `[:{rel.type}]` {pairs} | {terms} | {props or '—'} |")
    lines.append("")
    lines.append(
        "Every node and edge also carries its evidence: "
        + ", ".join(f"`{p.name}` ({curie(p.iri)})" for p in EVIDENCE)
        + "; in RDF it is a pkg:Evidence (oa:TextPositionSelector)."
    )
    return "\n".join(lines) + "\n"
