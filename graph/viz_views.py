"""The views: one function per page kind, each a read query → a typed networkx graph → :func:`render`.

Every query takes its values as ``$params``; labels and relationship types come from
:mod:`policykg.graph.schema`. Each query returns paths (``p``) and the id of the node the view is
about (``focus``): the paths become the graph, the focus is kept first when the cap cuts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, LiteralString, cast

import neo4j

from policykg.errors import QueryError
from policykg.graph import schema as s
from policykg.graph.nx import to_networkx
from policykg.graph.viz import Assets, Layout, VizStats, attributes, render
from policykg.graph.viz_layout import END_ABOVE

#: Paths fetched per branch of a view's query: the render cap (300 nodes) decides what is drawn;
#: this only bounds the work for a national plan with thousands of descendants.
PATH_LIMIT = 1500

Pl, Cl, Ta, Ag, Re, Ob, In = (n.label for n in s.NODE_TYPES)
HAS_CLAUSE, PART_OF, DERIVES, RESP, QUANT, MEAS = (
    r.type for r in (s.HAS_CLAUSE, s.PART_OF, s.DERIVES_FROM, s.RESPONSIBLE_FOR, s.QUANTIFIES, s.MEASURES)
)
APPLIES, ISSUED, LOCATED, SUBORG, BEARS, STATED = (
    r.type for r in (s.APPLIES_TO, s.ISSUED_BY, s.LOCATED_IN, s.SUB_ORGANIZATION_OF, s.BEARS, s.STATED_IN)
)


def _q(text: str) -> LiteralString:
    # Built from schema constants only; every value is a $param.
    return cast(LiteralString, text)  # type: ignore[redundant-cast]  # mypy reads LiteralString as str


AGENCY_QUERY = _q(f"""
MATCH (a:{Ag})
WHERE (a.id = $agency OR a.name = $agency OR $agency IN coalesce(a.names, []) OR a.name CONTAINS $agency)
  AND ($region IS NULL OR a.region STARTS WITH $region OR a.region_code = $region)
WITH a ORDER BY CASE WHEN a.id = $agency OR a.name = $agency THEN 0 ELSE 1 END, size(a.name), a.id LIMIT 1
CALL (a) {{
  MATCH p = (a)-[:{RESP}]->(:{Cl})-[:{PART_OF}]->(:{Pl}) RETURN p LIMIT $limit
  UNION MATCH p = (a)-[:{BEARS}]->(:{Ob})-[:{STATED}]->(:{Cl}) WHERE $obligations RETURN p LIMIT $limit
  UNION MATCH p = (a)-[:{RESP}]->(:{Cl})<-[:{QUANT}]-(:{Ta}) RETURN p LIMIT $limit
  UNION MATCH p = (a)-[:{SUBORG}|{LOCATED}]->() RETURN p
  UNION MATCH p = (:{Pl})-[:{ISSUED}]->(a) RETURN p LIMIT $limit
  UNION MATCH p = (a) RETURN p
}}
RETURN a.id AS focus, p
""")

PROVENANCE_QUERY = _q(f"""
MATCH (t:{Ta})-[:{QUANT}]->(:{Cl})-[:{PART_OF}]->(plan:{Pl})
WHERE ($target IS NULL OR t.id = $target) AND ($year IS NULL OR t.year = $year)
  AND ($indicator IS NULL OR t.metric CONTAINS $indicator
       OR EXISTS {{ (t)-[:{MEAS}]->(i:{In}) WHERE i.name CONTAINS $indicator OR i.key CONTAINS $indicator
                   OR $indicator IN coalesce(i.names, []) }})
  AND ($region IS NULL OR plan.region STARTS WITH $region OR plan.region_code = $region
       OR EXISTS {{ (plan)-[:{APPLIES}]->(:{Re})-[:{LOCATED}*0..3]->(r:{Re})
                   WHERE r.code = $region OR r.name STARTS WITH $region }})
WITH t ORDER BY t.id LIMIT $targets
CALL (t) {{
  MATCH p = (t)-[:{QUANT}]->(:{Cl})-[:{PART_OF}]->(:{Pl}) RETURN p
  UNION MATCH p = (t)-[:{MEAS}]->(:{In}) RETURN p
  UNION MATCH p = (t)-[:{QUANT}]->(:{Cl})<-[:{HAS_CLAUSE}*0..3]-(:{Cl})-[:{DERIVES}*1..3]->(:{Cl})-[:{PART_OF}]->(:{Pl})
        RETURN p LIMIT $limit
  UNION MATCH p = (t)-[:{QUANT}]->(:{Cl})-[:{PART_OF}]->(:{Pl})-[:{DERIVES}*1..4]->(:{Pl}) RETURN p LIMIT $limit
}}
RETURN t.id AS focus, p
""")

LINEAGE_QUERY = _q(f"""
MATCH (root:{Pl})
WHERE root.id = $plan OR root.title = $plan OR root.title CONTAINS $plan OR root.doc_number = $plan
WITH root ORDER BY CASE WHEN root.id = $plan OR root.title = $plan THEN 0 ELSE 1 END,
     coalesce(root.external, false), size(root.title), root.id LIMIT 1
CALL (root) {{
  MATCH p = (root)-[:{DERIVES}*1..5]->(:{Pl}) RETURN p LIMIT $limit
  UNION MATCH p = (:{Pl})-[:{DERIVES}*1..5]->(root) RETURN p LIMIT $limit
  UNION MATCH p = (root)-[:{APPLIES}|{ISSUED}]->() RETURN p
  UNION MATCH p = (root) RETURN p
}}
RETURN root.id AS focus, p
""")

CLAUSE_QUERY = _q(f"""
MATCH (n:{Cl})-[:{PART_OF}]->(np:{Pl})
WHERE (n.id = $clause OR n.path = $clause OR n.heading = $clause OR n.heading STARTS WITH $clause)
  AND ($plan IS NULL OR np.id = $plan OR np.title CONTAINS $plan)
// a heading is copied by the plans that implement it: the clause most derived from is the source
WITH n ORDER BY CASE WHEN n.id = $clause THEN 0 ELSE 1 END, COUNT {{ (n)<-[:{DERIVES}]-() }} DESC, n.id LIMIT 1
CALL (n) {{
  MATCH p = (n)-[:{PART_OF}]->(:{Pl}) RETURN p
  UNION MATCH p = (:{Cl})-[:{DERIVES}*1..3]->(n) RETURN p LIMIT $limit
  UNION MATCH (local:{Cl})-[:{DERIVES}*1..3]->(n) WITH DISTINCT local LIMIT $limit
        MATCH p = (local)-[:{PART_OF}]->(:{Pl})-[:{APPLIES}]->(:{Re}) RETURN p
  UNION MATCH (local:{Cl})-[:{DERIVES}*1..3]->(n) WITH DISTINCT local LIMIT $limit
        MATCH p = (:{Ag})-[:{RESP}]->(local) WHERE $agencies RETURN p
}}
RETURN n.id AS focus, p
""")

REGION_QUERY = _q(f"""
MATCH (r:{Re}) WHERE r.id = $region OR r.code = $region OR r.name = $region OR r.name STARTS WITH $region
WITH r ORDER BY CASE WHEN r.code = $region OR r.name = $region THEN 0 ELSE 1 END, size(r.name), r.id LIMIT 1
CALL (r) {{
  MATCH p = (r)-[:{LOCATED}*1..3]->(:{Re}) RETURN p
  UNION MATCH p = (:{Re})-[:{LOCATED}*1..2]->(r) RETURN p LIMIT $limit
  UNION MATCH p = (:{Pl})-[:{APPLIES}]->(:{Re})-[:{LOCATED}*0..3]->(r) RETURN p LIMIT $limit
  UNION MATCH (plan:{Pl})-[:{APPLIES}]->(:{Re})-[:{LOCATED}*0..3]->(r) WITH DISTINCT plan
        MATCH p = (plan)-[:{DERIVES}]->(:{Pl}) RETURN p LIMIT $limit
  UNION MATCH (plan:{Pl})-[:{APPLIES}]->(:{Re})-[:{LOCATED}*0..3]->(r) WITH DISTINCT plan
        MATCH p = (:{In})<-[:{MEAS}]-(:{Ta})-[:{QUANT}]->(:{Cl})-[:{PART_OF}]->(plan) RETURN p LIMIT $limit
  UNION MATCH p = (:{Ag})-[:{LOCATED}]->(r) RETURN p LIMIT $limit
  // plans that name the region but have no APPLIES_TO edge (yet): shown with their targets
  UNION MATCH (plan:{Pl} {{region: r.name}}) WHERE NOT (plan)-[:{APPLIES}]->()
        MATCH p = (:{In})<-[:{MEAS}]-(:{Ta})-[:{QUANT}]->(:{Cl})-[:{PART_OF}]->(plan) RETURN p LIMIT $limit
  UNION MATCH p = (plan:{Pl} {{region: r.name}}) RETURN p LIMIT $limit
  UNION MATCH p = (r) RETURN p
}}
RETURN r.id AS focus, p
""")

INDICATOR_QUERY = _q(f"""
MATCH (i:{In})
WHERE i.id = $indicator OR i.name = $indicator OR i.key = $indicator OR $indicator IN coalesce(i.names, [])
WITH i ORDER BY i.id LIMIT 1
CALL (i) {{
  MATCH p = (:{Re})<-[:{APPLIES}]-(:{Pl})<-[:{PART_OF}]-(:{Cl})<-[:{QUANT}]-(:{Ta})-[:{MEAS}]->(i)
  RETURN p LIMIT $limit
  UNION MATCH p = (i) RETURN p
}}
RETURN i.id AS focus, p
""")


def _read(
    driver: neo4j.Driver, database: str, query: LiteralString, params: Mapping[str, Any]
) -> list[neo4j.Record]:
    records, _, _ = driver.execute_query(
        query, dict(params), database_=database, routing_=neo4j.RoutingControl.READ
    )
    return list(records)


def _view(
    driver: neo4j.Driver,
    database: str,
    query: LiteralString,
    params: Mapping[str, Any],
    what: str,
    out: Path,
    title: str,
    layout: Layout,
    cap: int,
    **render_args: Any,
) -> VizStats:
    records = _read(driver, database, query, {"limit": PATH_LIMIT, **params})
    if not records:
        given = ", ".join(f"{k}={v!r}" for k, v in params.items() if v is not None)
        raise QueryError(
            f"no {what} matches {given}: check the spelling, or list candidates with "
            f"`policykg query search --param q=…`"
        )
    focus_ids = {r["focus"] for r in records}
    graph = to_networkx(r["p"] for r in records)
    focus = [k for k, d in graph.nodes(data=True) if k in focus_ids or d.get("id") in focus_ids]
    if len(focus) == 1:  # what the parameter resolved to: an id becomes a title, 青岛 becomes 青岛市
        data = attributes(graph.nodes[focus[0]], "label")
        name = (
            data.get("title")
            or data.get("name")
            or " ".join(str(data[k]) for k in ("path", "heading") if data.get(k))
        )
        if name and str(name) not in title:
            title = f"{title} · {name}"
    return render(graph, out, title, layout=layout, cap=cap, focus=focus, **render_args)


def viz_agency(
    driver: neo4j.Driver,
    database: str,
    agency: str,
    region: str | None = None,
    *,
    out: Path,
    cap: int = 300,
    obligations: bool = False,
    assets: Assets = "inline",
    links: Mapping[Any, str] | None = None,
) -> VizStats:
    """An agency's ego network: clauses it is responsible for (with their plans and targets), its
    parent government and region, plans it issued; with ``obligations`` also the Obligation nodes
    (one per clause it is named in: off by default, they double the picture and add only modality)."""
    params = {"agency": agency, "region": region, "obligations": obligations}
    return _view(
        driver,
        database,
        AGENCY_QUERY,
        params,
        "agency",
        out,
        f"单位 Agency: {agency}" + (f" ({region})" if region else ""),
        "force",
        cap,
        assets=assets,
        links=links,
    )


def viz_provenance(
    driver: neo4j.Driver,
    database: str,
    target: str | None = None,
    *,
    region: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    out: Path,
    cap: int = 300,
    max_targets: int = 10,
    assets: Assets = "inline",
    links: Mapping[Any, str] | None = None,
) -> VizStats:
    """Where a target comes from: target → clause → plan → the clauses and plans it derives from.
    By ``target`` id, or by ``region``/``indicator``/``year`` (up to ``max_targets`` targets)."""
    if target is None and region is None and indicator is None:
        raise QueryError("viz provenance needs a target id, or a region and/or indicator (and year)")
    params = {
        "target": target,
        "region": region,
        "indicator": indicator,
        "year": year,
        "targets": max_targets,
    }
    label = target or " ".join(str(v) for v in (region, indicator, year) if v is not None)
    return _view(
        driver,
        database,
        PROVENANCE_QUERY,
        params,
        "target",
        out,
        f"目标溯源 Provenance: {label}",
        "hierarchical",
        cap,
        assets=assets,
        links=links,
    )


def viz_lineage(
    driver: neo4j.Driver,
    database: str,
    plan: str,
    *,
    out: Path,
    cap: int = 300,
    assets: Assets = "inline",
    links: Mapping[Any, str] | None = None,
) -> VizStats:
    """A plan's derivation tree, up (what it implements) and down (plans implementing it)."""
    return _view(
        driver,
        database,
        LINEAGE_QUERY,
        {"plan": plan},
        "plan",
        out,
        f"方案谱系 Lineage: {plan}",
        "hierarchical",
        cap,
        assets=assets,
        links=links,
    )


def viz_clause(
    driver: neo4j.Driver,
    database: str,
    clause: str,
    plan: str | None = None,
    *,
    out: Path,
    cap: int = 300,
    agencies: bool = False,
    assets: Assets = "inline",
    links: Mapping[Any, str] | None = None,
) -> VizStats:
    """A national (or provincial) clause and the local clauses implementing it, with their plans and
    regions (and with ``agencies`` the agencies responsible for each local clause: many more nodes)."""
    title = f"条款落实 Implementations: {clause}" + (f" · {plan}" if plan else "")
    # the story runs down from the national clause: each local clause above its own plan
    return _view(
        driver,
        database,
        CLAUSE_QUERY,
        {"clause": clause, "plan": plan, "agencies": agencies},
        "clause",
        out,
        title,
        "hierarchical",
        cap,
        assets=assets,
        links=links,
        end_above=END_ABOVE - {PART_OF},
    )


def viz_region(
    driver: neo4j.Driver,
    database: str,
    region: str,
    *,
    out: Path,
    cap: int = 300,
    assets: Assets = "inline",
    links: Mapping[Any, str] | None = None,
) -> VizStats:
    """A region: its sub-regions, the plans applying to them, their bases, targets and indicators."""
    return _view(
        driver,
        database,
        REGION_QUERY,
        {"region": region},
        "region",
        out,
        f"地区 Region: {region}",
        "force",
        cap,
        assets=assets,
        links=links,
    )


def viz_indicator(
    driver: neo4j.Driver,
    database: str,
    indicator: str,
    *,
    out: Path,
    cap: int = 300,
    assets: Assets = "inline",
    links: Mapping[Any, str] | None = None,
) -> VizStats:
    """One indicator across plans and regions: its targets, their clauses, plans and regions."""
    return _view(
        driver,
        database,
        INDICATOR_QUERY,
        {"indicator": indicator},
        "indicator",
        out,
        f"指标 Indicator: {indicator}",
        "force",
        cap,
        assets=assets,
        links=links,
    )


# ---------------------------------------------------------------- any canned query's result

#: The nodes a row can name: by id, by a name or title, or by its evidence span.
_BY_ID = " UNION ".join(f"MATCH (n:{label} {{id: v}}) RETURN n" for label in (Pl, Cl, Ta, Ag, Re, Ob, In))
REFERENCED_QUERY = _q(f"""
CALL () {{
  UNWIND $values AS v CALL (v) {{ {_BY_ID} }} RETURN n
  UNION UNWIND $values AS v MATCH (n:{Pl} {{title: v}}) RETURN n
  UNION UNWIND $values AS v MATCH (n:{Ag} {{name: v}}) RETURN n
  UNION UNWIND $values AS v MATCH (n:{Re} {{name: v}}) RETURN n
  UNION UNWIND $values AS v MATCH (n:{In}) WHERE n.name = v OR n.key = v RETURN n
  UNION UNWIND $clauses AS cp MATCH (n:{Cl} {{path: cp.path}})-[:{PART_OF}]->(:{Pl} {{title: cp.plan}}) RETURN n
  UNION UNWIND $spans AS span MATCH (n:{Cl}|{Ta})
        WHERE n.source = span.source AND n.start = span.start AND n.end = span.end RETURN n
}}
WITH collect(DISTINCT n) AS found
// the edges among them, and each clause's plan and each target's clause so nothing floats alone
CALL (found) {{
  UNWIND found AS a MATCH p = (a)-[]->(b) WHERE b IN found RETURN p
  UNION UNWIND found AS a MATCH p = (a:{Cl})-[:{PART_OF}]->(:{Pl}) RETURN p
  UNION UNWIND found AS a MATCH p = (a:{Ta})-[:{QUANT}]->(:{Cl}) RETURN p
  UNION UNWIND found AS a MATCH p = (a) RETURN p
}}
RETURN p LIMIT $limit
""")
MAX_VALUES = 3000


def referenced(
    rows: Iterable[Mapping[str, Any]],
) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """What a query's rows name: strings (ids, titles, names; nested node dicts' ids), evidence
    spans (``source``/``start``/``end`` columns) and clauses by printed path within a plan title
    (a ``…path`` column with the ``…plan`` column of the same prefix, else ``plan``)."""
    values: dict[str, None] = {}
    spans: list[dict[str, Any]] = []
    clauses: list[dict[str, Any]] = []

    def collect(value: Any) -> None:
        if isinstance(value, str) and value and len(values) < MAX_VALUES:
            values[value] = None
        elif isinstance(value, Mapping):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    for row in rows:
        collect(row)
        if isinstance(row.get("source"), str) and isinstance(row.get("start"), int):
            spans.append({"source": row["source"], "start": row["start"], "end": row.get("end")})
        for column, path in row.items():
            if column.endswith("path") and isinstance(path, str):
                plan = row.get(column[: -len("path")] + "plan", row.get("plan"))
                if isinstance(plan, str):
                    clauses.append({"path": path, "plan": plan})
    return list(values), spans[:MAX_VALUES], clauses[:MAX_VALUES]


def viz_query(
    driver: neo4j.Driver,
    database: str,
    name: str,
    rows: Sequence[Mapping[str, Any]],
    params: Mapping[str, Any] | None = None,
    *,
    out: Path,
    cap: int = 300,
    layout: Layout = "force",
    assets: Assets = "inline",
) -> VizStats:
    """A canned query's result rows as a graph: the nodes the rows name (ids, titles, names,
    evidence spans), the edges among them, and each clause's plan. The caller runs the query
    (``policykg.queries.run.run_query``): data flows loaders → graph → queries, never back."""
    values, spans, clauses = referenced(rows)
    records = _read(
        driver,
        database,
        REFERENCED_QUERY,
        {"values": values, "spans": spans, "clauses": clauses, "limit": PATH_LIMIT * 2},
    )
    graph = to_networkx(r["p"] for r in records)
    shown = ", ".join(f"{k}={v}" for k, v in (params or {}).items())
    note = f"{len(rows)} rows of `{name}`" + ("" if rows else ": the query returned nothing")
    return render(
        graph,
        out,
        f"查询 Query: {name}" + (f" ({shown})" if shown else ""),
        layout=layout,
        cap=cap,
        assets=assets,
        note=note,
    )
