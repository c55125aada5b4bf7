"""The views: one function per page kind, each a view query's result → a typed networkx graph →
:func:`policykg.viz.page.render`.

Viz is the last stage (loaders → graph → queries → viz) and holds no Cypher: each view runs its
query from ``queries/views/`` (same headers and tests as the canned queries) through
:func:`policykg.queries.run.run_view`, which returns paths (``p``) and the id of the node the view
is about (``focus``): the paths become the graph, the focus is kept first when the cap cuts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import neo4j

from policykg.errors import QueryError
from policykg.graph import schema as s
from policykg.graph.nx import to_networkx
from policykg.queries.run import run_query, run_view
from policykg.viz.layout import END_ABOVE
from policykg.viz.page import Assets, Layout, VizStats, attributes, render

#: Paths fetched per branch of a view's query (its ``limit``): the render cap (300 nodes) decides
#: what is drawn; this only bounds the work for a national plan with thousands of descendants.
PATH_LIMIT = 1500


def _view(
    driver: neo4j.Driver,
    database: str,
    query: str,
    params: Mapping[str, Any],
    what: str,
    out: Path,
    title: str,
    layout: Layout,
    cap: int,
    **render_args: Any,
) -> VizStats:
    records = run_view(driver, query, {"limit": PATH_LIMIT, **params}, database)
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
        "agency",
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
        "provenance",
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
        "lineage",
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
        "clause",
        {"clause": clause, "plan": plan, "agencies": agencies},
        "clause",
        out,
        title,
        "hierarchical",
        cap,
        assets=assets,
        links=links,
        end_above=END_ABOVE - {s.PART_OF.type},
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
        "region",
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
        "indicator",
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
    params: Mapping[str, Any] | None = None,
    *,
    out: Path,
    cap: int = 300,
    layout: Layout = "force",
    assets: Assets = "inline",
) -> VizStats:
    """A canned query's result as a graph: runs ``name`` with ``params``
    (:func:`policykg.queries.run.run_query`, which checks them), then :func:`viz_rows`."""
    rows = run_query(driver, name, dict(params or {}), database).rows
    return viz_rows(driver, database, name, rows, params, out=out, cap=cap, layout=layout, assets=assets)


def viz_rows(
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
    """Rows of the canned query ``name`` as a graph: the nodes the rows name (ids, titles, names,
    evidence spans), the edges among them, and each clause's plan (view query ``referenced``)."""
    values, spans, clauses = referenced(rows)
    records = run_view(
        driver,
        "referenced",
        {"values": values, "spans": spans, "clauses": clauses, "limit": PATH_LIMIT * 2},
        database,
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
