"""Records of one document → parameter rows for the writer's ``UNWIND`` statements.

Pure functions, no database: a :class:`DocumentRows` holds, per label and per (type, start,
end) combination, the rows one ``UNWIND $rows … MERGE`` writes. Rows are deduplicated on
the identity MERGE uses (first mention wins), so a batch never fights itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.namespace import XSD

from policykg.graph.schema import (
    AGENCY,
    APPLIES_TO,
    CITES,
    CLAUSE,
    DOCUMENT,
    EVIDENCE,
    HAS_CLAUSE,
    INDICATOR,
    ISSUED_BY,
    LOCATED_IN,
    MEASURES,
    NODES,
    PART_OF,
    PLAN,
    QUANTIFIES,
    REGION,
    RELS,
    RESPONSIBLE_FOR,
    TARGET,
    NodeType,
    Property,
    RelType,
)
from policykg.loaders import gazetteer
from policykg.loaders.identity import (
    CitationResolver,
    PlanKeys,
    doc_number_key,
    external_plan_id,
    full_title_key,
    indicator_id,
    indicator_key,
    region_id,
    title_key,
)
from policykg.loaders.kinds import RecordKind, kinds
from policykg.loaders.types import (
    Agency,
    Citation,
    Clause,
    Document,
    Region,
    Responsibility,
    Target,
)

Row = dict[str, Any]
RelKey = tuple[str, str, str]  # (type, start label, end label)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class DocumentRows:
    """Everything one document writes, ready for one transaction."""

    document: Document
    nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[RelKey, list[Row]] = field(default_factory=lambda: defaultdict(list))
    citations: list[Citation] = field(default_factory=list)
    _seen: set[tuple[str, ...]] = field(default_factory=set)

    def node(self, node: NodeType, row: Row) -> None:
        identity = (node.label, row[node.key])
        if identity not in self._seen:
            self._seen.add(identity)
            self.nodes[node.label].append(_complete(node, row))

    def rel(self, rel: RelType, start: tuple[str, str], end: tuple[str, str], props: Row) -> None:
        """An edge from (label, id) to (label, id); props must hold the evidence."""
        identity = (rel.type, *start, *end, *(str(props.get(k)) for k in rel.key))
        if identity not in self._seen:
            self._seen.add(identity)
            full = {p.name: _coerce(p, props.get(p.name)) for p in rel.properties}
            self.rels[(rel.type, start[0], end[0])].append({"start": start[1], "end": end[1], "props": full})

    def copy(self) -> DocumentRows:
        """A copy whose edge lists can grow (a transaction function adds CITES rows on each attempt)."""
        rels: dict[RelKey, list[Row]] = defaultdict(
            list, {key: list(rows) for key, rows in self.rels.items()}
        )
        return DocumentRows(self.document, self.nodes, rels, self.citations, set(self._seen))


def _complete(node: NodeType, row: Row) -> Row:
    """Every declared property present (None removes a stale value on SET +=), nothing else."""
    unknown = set(row) - {p.name for p in node.properties}
    if unknown:
        raise KeyError(f"{node.label}: properties {sorted(unknown)} are not declared in graph/schema.py")
    return {p.name: _coerce(p, row.get(p.name)) for p in node.properties}


_CASTS: dict[URIRef, Any] = {
    XSD.double: float,
    XSD.integer: int,
    XSD.nonNegativeInteger: int,
    XSD.gYear: int,
    XSD.boolean: bool,
}


def _coerce(prop: Property, value: Any) -> Any:
    """The declared Neo4j type: 800 given for a float field is stored as 800.0, not as an integer."""
    if value is None or prop.many or prop.lang:
        return value
    cast = _CASTS.get(prop.datatype)
    return cast(value) if cast else value


def evidence(record: Any, source: str, page: int | None = None) -> Row:
    """The evidence of a record: its source file, span and page."""
    return {
        "source": getattr(record, "source", "") or source,
        "start": record.start,
        "end": record.end,
        "page": getattr(record, "page", None) if getattr(record, "page", None) is not None else page,
    }


def build(
    document: Document,
    records: Iterable[Any],
    source_hash: str | None = None,
    own_texts: Mapping[str, str] | None = None,
) -> DocumentRows:
    """Rows for a document and its records (clauses, citations, targets, agencies …).

    ``own_texts`` (clause id → the clause's own text, without sub-clauses) is what full-text
    search indexes; without it a clause is searched by its whole text.
    """
    own_texts = own_texts or {}
    out = DocumentRows(document)
    doc_ev = evidence(document, document.source)
    plan = (PLAN.label, document.id)
    out.node(
        PLAN,
        {
            "id": document.id,
            "title": document.title,
            "title_key": title_key(document.title),
            "issuer": document.issuer,
            "issuers": list(document.issuers) or None,
            "wrapper_title": document.wrapper_title,
            "date": document.date if document.date and _DATE.match(document.date) else None,
            "doc_number": doc_number_key(document.doc_number),
            "level": document.level,
            "region": document.region,
            "region_code": document.region_code,
            "kind": document.kind,
            "draft": document.draft,
            "page_start": document.pages[0] if document.pages else None,
            "page_end": document.pages[1] if document.pages else None,
            "group": document.group,
            "content_hash": document.content_hash,
            "source_hash": source_hash,
            "external": False,
            **doc_ev,
        },
    )
    by_type: dict[type, list[Any]] = defaultdict(list)
    for record in records:
        by_type[type(record)].append(record)
    source = document.source

    for c in by_type[Clause]:
        ev = evidence(c, source)
        out.node(
            CLAUSE,
            {
                "id": c.id,
                "document": document.id,
                "path": c.path,
                "label": c.label or None,
                "heading": c.heading or None,
                "text": c.text,
                "search_text": own_texts.get(c.id, c.text),
                "depth": c.depth,
                **ev,
            },
        )
        parent = (CLAUSE.label, c.parent) if c.parent else plan
        out.rel(HAS_CLAUSE, parent, (CLAUSE.label, c.id), ev)
        out.rel(PART_OF, (CLAUSE.label, c.id), plan, ev)

    for region in by_type[Region]:
        _region(
            out,
            region.id,
            region.name,
            region.code,
            region.level,
            region.parent_code,
            evidence(region, source),
        )
    # The plan's region: its code, else its full name in the gazetteer (青岛市 → 370200).
    plan_region = document.region_code or gazetteer.code_of(document.region)
    if plan_region:
        mention = next((r for r in by_type[Region] if r.code == plan_region), None)
        region_id = _gazetteer_region(out, plan_region)
        if mention is not None:
            out.rel(APPLIES_TO, plan, (REGION.label, mention.id), evidence(mention, source))
        elif region_id:
            out.rel(APPLIES_TO, plan, (REGION.label, region_id), doc_ev)

    agencies: list[Agency] = by_type[Agency]
    names: dict[str, list[str]] = defaultdict(list)
    for a in agencies:
        names[a.id].extend(n for n in (a.name, *a.names) if n not in names[a.id])
    for a in agencies:
        ev = evidence(a, source)
        out.node(
            AGENCY,
            {
                "id": a.id,
                "name": a.name,
                "names": names[a.id],
                "agency_type": a.type_,
                "region": a.region,
                "region_code": a.region_code,
                **ev,
            },
        )
        region_id = _gazetteer_region(out, a.region_code)
        if region_id:
            out.rel(LOCATED_IN, (AGENCY.label, a.id), (REGION.label, region_id), ev)
    for name in dict.fromkeys((*document.issuers, *filter(None, [document.issuer]))):  # joint issuers each
        issuer = next((a for a in agencies if name == a.name or name in a.names), None)
        if issuer is not None:
            out.rel(ISSUED_BY, plan, (AGENCY.label, issuer.id), evidence(issuer, source))

    for r in by_type[Responsibility]:
        out.rel(
            RESPONSIBLE_FOR,
            (AGENCY.label, r.agency),
            (CLAUSE.label, r.clause),
            {"role": r.role, "agency_text": r.agency_text, **evidence(r, source)},
        )

    for t in by_type[Target]:
        ev = evidence(t, source)
        normalised = t.value * t.multiplier if t.multiplier else t.value
        out.node(
            TARGET,
            {
                "id": t.id,
                "document": document.id,
                "clause": t.clause,
                "metric": t.metric,
                "value": t.value,
                "value_max": t.value_max,
                "value_normalised": normalised,
                "unit": t.unit,
                "unit_normalised": t.unit_normalised,
                "multiplier": t.multiplier,
                "year": t.year,
                "implied_year": t.implied_year,
                "base_year": t.base_year,
                "period": t.period,
                "comparator": t.comparator,
                "direction": t.direction,
                "text": t.text,
                "search_text": t.text,
                **ev,
            },
        )
        if t.clause:
            out.rel(QUANTIFIES, (TARGET.label, t.id), (CLAUSE.label, t.clause), ev)
        if indicator_key(t.metric):
            key = indicator_id(t.metric)
            out.node(
                INDICATOR,
                {"id": key, "name": t.metric, "key": indicator_key(t.metric), "names": [t.metric], **ev},
            )
            out.rel(MEASURES, (TARGET.label, t.id), (INDICATOR.label, key), ev)

    # Every kind of the registry that declares its label (Obligation …): rows from its fields.
    for kind in kinds():
        if kind.label is not None:
            for record in by_type[kind.record]:
                _declared(out, kind, record, document.id, source)

    out.citations = list(by_type[Citation])
    return out


def _declared(out: DocumentRows, kind: RecordKind, record: Any, document_id: str, source: str) -> None:
    """A record's node and edges as its kind declares them (``loaders/kinds.py``): property ``x``
    of the label from field ``x`` (or from the kind's ``properties``), ``document`` the plan's
    id, evidence from the record's span."""
    node = NODES[kind.label or ""]
    ev = evidence(record, source)
    fields = {p.name: getattr(record, p.name) for p in node.properties if hasattr(record, p.name)}
    extra = kind.properties(record) if kind.properties is not None else {}
    row = {**fields, **extra, **ev, **({DOCUMENT.name: document_id} if node.owned else {})}
    out.node(node, row)
    own = (node.label, row[node.key])
    for edge in kind.edges:
        value = getattr(record, edge.field)
        for other in value if isinstance(value, (tuple, list)) else (value,):
            if other is None:
                continue
            far = (NODES[edge.label].label, other)
            out.rel(RELS[edge.type], far if edge.inbound else own, own if edge.inbound else far, ev)


def _region(
    out: DocumentRows,
    region_id: str,
    name: str,
    code: str,
    level: str,
    parent: str | None,
    ev: dict[str, Any],
) -> None:
    out.node(
        REGION, {"id": region_id, "name": name, "code": code, "level": level, "parent_code": parent, **ev}
    )
    for division in gazetteer.ancestors(code):
        _gazetteer_node(out, division)


def _gazetteer_node(out: DocumentRows, division: gazetteer.Division) -> str:
    node_id = region_id(division.code)
    out.node(
        REGION,
        {
            "id": node_id,
            "name": division.name,
            "code": division.code,
            "level": division.level,
            "parent_code": division.parent_code,
            "source": gazetteer.SOURCE,
            "start": division.start,
            "end": division.end,
            "page": None,
        },
    )
    return node_id


def _gazetteer_region(out: DocumentRows, code: str | None) -> str | None:
    """The region id for a code, with the region and its ancestors written from the gazetteer."""
    division = gazetteer.division(code)
    if division is None:
        return None
    node_id = _gazetteer_node(out, division)
    for parent in gazetteer.ancestors(division.code):
        _gazetteer_node(out, parent)
    return node_id


def citation_rows(rows: DocumentRows, resolver: CitationResolver) -> list[Row]:
    """CITES edges once citations are resolved; returns the external Plan rows to MERGE.

    ``resolver`` knows the stored plans (and stand-ins) the citations may name and the plans of
    this batch (:func:`resolver_for`); a citation it cannot resolve becomes an external plan
    (``external: true``) that DERIVES_FROM can still link. An external plan's evidence is its
    first citation.
    """
    document = rows.document
    plan = (PLAN.label, document.id)
    externals: dict[str, Row] = {}
    for c in rows.citations:
        key = title_key(c.title)
        number = doc_number_key(c.doc_number)
        if not key and not number:
            continue
        named = resolver.resolve(c.title, c.doc_number)
        ev = evidence(c, document.source)
        external = named is None or named.external
        target = named.id if named is not None else external_plan_id(c.title, c.doc_number)
        if target == document.id:
            continue  # a plan quoting its own title (现将《…》印发给你们)
        if external and target not in externals:
            externals[target] = {
                "id": target,
                "title": c.title or number,
                "title_key": key or None,
                "doc_number": number,
                "external": True,
                **ev,
            }
        props = {"relation": c.relation, "title": c.title, "doc_number": number, "clause": c.clause, **ev}
        rows.rel(CITES, plan, (PLAN.label, target), props)
        if c.clause:
            rows.rel(CITES, (CLAUSE.label, c.clause), (PLAN.label, target), props)
    return list(externals.values())


EVIDENCE_KEYS = tuple(p.name for p in EVIDENCE)


def batch_plans(documents: Iterable[Document]) -> list[PlanKeys]:
    """What citations may name among the plans of this batch."""
    return [PlanKeys.of(document) for document in documents]


def resolver_for(hits: Iterable[Mapping[str, Any]], batch: Iterable[PlanKeys]) -> CitationResolver:
    """The resolver of one document's citations: the stored plans its citations' keys found
    (``hits``: id, title, title_key, doc_number, external) and the plans of the batch."""
    stored = [
        PlanKeys(
            hit["id"],
            hit["title_key"] or "",
            full_title_key(hit["title"]),
            hit["doc_number"],
            bool(hit["external"]),
        )
        for hit in hits
        if hit["id"] is not None
    ]
    known = {plan.id for plan in stored}
    return CitationResolver([*stored, *(plan for plan in batch if plan.id not in known)])


def cited_batch_plans(rows: DocumentRows, batch: Iterable[PlanKeys], own_id: str) -> list[str]:
    """Plans of this batch the document's CITES rows point to."""
    batch_ids = {plan.id for plan in batch}
    cited = {
        row["end"] for (_, _, end), rel_rows in rows.rels.items() if end == PLAN.label for row in rel_rows
    }
    return sorted((cited & batch_ids) - {own_id})
