"""What each page shows, as plain data (the JSON API returns exactly this; the templates render it).

Every read goes through the Python API of :mod:`policykg.queries.run`: canned queries with their
parameters bound (``run_query``), ad-hoc Cypher through the read-only guard (``run_cypher``). No
Cypher is written here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import neo4j

from policykg.errors import QueryError
from policykg.queries import diffusion
from policykg.queries.catalog import CannedQuery, load_catalog
from policykg.queries.duties import duty_register
from policykg.queries.run import QueryResult, run_cypher, run_query
from policykg.web import analyses
from policykg.web.charts import Point
from policykg.web.render import KINDS, link, target_value
from policykg.web.sources import Mark, SourceFiles, find_marks, segments

#: Seconds a page's query may run before it is stopped (a page, not a batch job; a cold server's
#: first query, before its caches fill, can take several seconds on a busy machine).
REQUEST_TIMEOUT_S = 20.0
#: Characters of document text shown either side of a span in "view source".
CONTEXT_CHARS = 400
#: The national plan a region's implementation gaps are measured against, unless one is chosen.
GAP_PLAN = "2030年前碳达峰行动方案"
#: Rows of a page's table (paging beyond with ?skip=).
PAGE_ROWS = 500
#: Rows of a table that sits under a chart (the chart shows them all).
TABLE_ROWS = 200
#: The most clause pairs the diffusion page classifies (a province with its cities has ~1,000).
DIFFUSION_ROWS = 5000


class NotFound(QueryError):
    """The page's node does not exist (HTTP 404)."""


class TimedOut(QueryError):
    """The page's query ran past its timeout (HTTP 504)."""


class Workbench:
    """The workbench's reads over one database."""

    def __init__(self, driver: neo4j.Driver, database: str, sources: SourceFiles | None = None) -> None:
        self.driver = driver
        self.database = database
        self.sources = sources or SourceFiles()
        self.catalog: dict[str, CannedQuery] = load_catalog()

    # ------------------------------------------------------------------ helpers

    def run(self, name: str, **params: Any) -> QueryResult:
        try:
            return run_query(
                self.driver, name, params, self.database, timeout=REQUEST_TIMEOUT_S, catalog=self.catalog
            )
        except QueryError as error:
            cause = error.__cause__
            code = getattr(cause, "code", "") or ""
            if "Timeout" in code or "TransactionTimedOut" in code or "Terminated" in code:
                raise TimedOut(
                    f"the page's query {name!r} ran longer than {REQUEST_TIMEOUT_S:g} s and was stopped; "
                    "reload in a moment (a cold Neo4j is slow on its first queries)"
                ) from error
            raise

    def one(self, name: str, what: str, **params: Any) -> dict[str, Any]:
        rows = self.run(name, **params).rows
        if not rows:
            given = ", ".join(str(v) for v in params.values() if v is not None)
            raise NotFound(f"no {what} {given!r} in the graph")
        return rows[0]

    def warm(self) -> None:
        """Run each page's query once, so Neo4j has planned them before the first visitor."""
        for name in (
            "search_all",
            "suggest",
            "plan_detail",
            "plan_clauses",
            "clause_detail",
            "target_detail",
            "agency_detail",
            "agency_duties",
            "region_detail",
            "indicator_detail",
            "span_context",
        ):
            try:
                run_query(self.driver, name, self.catalog[name].example_params(), self.database)
            except QueryError:
                pass

    # ------------------------------------------------------------------ search

    def search(self, q: str, limit: int = 10) -> dict[str, Any]:
        words = q.replace("\u3000", " ").split()
        if not words:
            return {"q": q, "words": [], "groups": [], "results": []}
        rows = self.run("search_all", q=q, limit=limit).rows
        results = [{**row, "url": link(str(row["kind"]), row["id"])} for row in rows]
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in results:
            groups[str(row["kind"])].append(row)
        ordered = [{"kind": kind, "hits": groups[kind]} for kind in KINDS if kind in groups]
        return {"q": q, "words": words, "groups": ordered, "results": results}

    def suggest(self, q: str, limit: int = 10) -> list[dict[str, Any]]:
        if not q.strip():
            return []
        return [
            {**row, "url": link(str(row["kind"]), row["id"])}
            for row in self.run("suggest", q=q, limit=limit).rows
        ]

    # ------------------------------------------------------------------ pages

    def plan(self, plan_id: str) -> dict[str, Any]:
        plan = self.one("plan_detail", "plan", plan=plan_id)
        clauses = self.run("plan_clauses", plan=plan["id"]).rows
        by_id = {c["id"]: {**c, "children": []} for c in clauses}
        roots: list[dict[str, Any]] = []
        for clause in by_id.values():
            parent = by_id.get(clause["parent"]) if clause["parent"] else None
            (parent["children"] if parent else roots).append(clause)
        return {"plan": plan, "clauses": roots, "clause_count": len(clauses)}

    def clause(self, clause_id: str) -> dict[str, Any]:
        clause = self.one("clause_detail", "clause", clause=clause_id)
        marks = [
            Mark(t["start"], t["end"], "target", t["id"], f"{t['metric']} {target_value(t)} ({t['year']})")
            for t in clause["targets"]
        ] + [
            Mark(a["start"], a["end"], "agency", a["id"], f"{a['name']} · {a['role']}")
            for a in clause["agencies"]
        ]
        source = self.sources.get(str(clause["source"]), clause.get("source_hash"))
        if source is not None:
            text, exact = source.text[clause["start"] : clause["end"]], True
        else:  # the graph's copy, marks found by their text
            text, exact = str(clause["text"] or ""), False
            marks = find_marks(
                text,
                int(clause["start"]),
                [(a["as_written"], "agency", a["id"], a["name"]) for a in clause["agencies"]],
            )
        groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for local in clause["implemented_by"]:
            groups[(str(local.get("level") or ""), str(local.get("region") or ""))].append(local)
        implemented = [
            {"level": level, "region": region, "clauses": rows}
            for (level, region), rows in sorted(
                groups.items(), key=lambda kv: (_level_rank(kv[0][0]), kv[0][1])
            )
        ]
        return {
            "clause": clause,
            "segments": [asdict(s) for s in segments(text, int(clause["start"]), marks)],
            "exact_source": exact,
            "implemented": implemented,
        }

    def target(self, target_id: str) -> dict[str, Any]:
        target = self.one("target_detail", "target", target=target_id)
        unit = target.get("unit_normalised") or target.get("unit") or ""
        points = []
        for row in [target, *target["same_indicator"]]:
            plan = (
                row.get("plan") if isinstance(row.get("plan"), str) else (target["plan"] or {}).get("title")
            )
            region = row.get("region") if "region" in row else (target["plan"] or {}).get("region")
            value = row.get("value_normalised")
            if value is None or (row.get("unit_normalised") or row.get("unit") or "") != unit:
                continue  # values in another unit do not compare on one axis
            points.append(
                Point(
                    int(row["year"] or 0),
                    float(value),
                    str(region or plan or "国家"),
                    f"{region or ''} {plan} {row.get('year')}: {target_value(row)}",
                    link("Target", row["id"]),
                )
            )
        return {"target": target, "chart": [asdict(p) for p in points], "unit": unit}

    def agency(self, agency_id: str, skip: int = 0) -> dict[str, Any]:
        agency = self.one("agency_detail", "agency", agency=agency_id)
        duties = self.run("agency_duties", agency=agency["id"], limit=PAGE_ROWS, skip=skip).rows
        return {"agency": agency, "duties": duties, "skip": skip, "page_rows": PAGE_ROWS}

    def duty_register(self, agency_id: str) -> tuple[dict[str, Any], QueryResult]:
        agency = self.one("agency_detail", "agency", agency=agency_id)
        return agency, duty_register(self.driver, str(agency["id"]), None, self.database)

    def region(self, code: str, gap_plan: str | None = None) -> dict[str, Any]:
        region = self.one("region_detail", "region", region=code)
        plan_title = gap_plan or GAP_PLAN
        gaps: list[dict[str, Any]] = []
        gap_error = ""
        try:
            national = self.one("plan_detail", "plan", plan=plan_title)
            paths = {c["path"]: c["id"] for c in self.run("plan_clauses", plan=national["id"]).rows}
            rows = self.run("implementation_gaps", plan=national["title"], region=region["name"]).rows
            gaps = [{**row, "clause_id": paths.get(row["clause_path"])} for row in rows]
        except QueryError as error:
            gap_error = error.message
        return {"region": region, "gaps": gaps, "gap_plan": plan_title, "gap_error": gap_error}

    def indicator(self, key: str, skip: int = 0) -> dict[str, Any]:
        """The indicator, its chart over every target, and one page of the table (TABLE_ROWS)."""
        indicator = self.one("indicator_detail", "indicator", indicator=key)
        units: dict[str, int] = defaultdict(int)
        for t in indicator["targets"]:
            units[str(t.get("unit_normalised") or t.get("unit") or "")] += 1
        unit = max(units, key=lambda u: units[u]) if units else ""
        points = [
            Point(
                int(t["year"] or 0),
                float(t["value_normalised"]),
                str(t.get("region") or t.get("plan") or "国家"),
                f"{t.get('region') or ''} {t.get('plan')} {t.get('year')}: {target_value(t)}",
                link("Target", t["id"]),
            )
            for t in indicator["targets"]
            if t.get("value_normalised") is not None
            and str(t.get("unit_normalised") or t.get("unit") or "") == unit
        ]
        return {
            "indicator": indicator,
            "chart": [asdict(p) for p in points],
            "unit": unit,
            "rows": indicator["targets"][skip : skip + TABLE_ROWS],
            "skip": skip,
            "table_rows": TABLE_ROWS,
            "cascade_years": sorted({int(t["year"]) for t in indicator["targets"] if t.get("year")}),
        }

    def diffusion(self, plan: str | None, region: str | None, skip: int = 0) -> dict[str, Any]:
        """A plan's or a region's clause pairs classified (``policy_diffusion``), one page of them
        (PAGE_ROWS), the localisation by plan and by region over all of them (up to DIFFUSION_ROWS)
        and the national clauses copied most often."""
        if not plan and not region:
            raise QueryError("give a plan (?plan=id or title) or a region (?region=青岛 or 370200)")
        rows: list[dict[str, Any]] = []
        while len(rows) < DIFFUSION_ROWS:
            limit = min(PAGE_ROWS, DIFFUSION_ROWS - len(rows))
            page = self.run("policy_diffusion", plan=plan, region=region, limit=limit, skip=len(rows)).rows
            rows.extend(page)
            if len(page) < limit:
                break
        if not rows:
            raise NotFound(f"no DERIVES_FROM clause pairs for {plan or region!r} in the graph")
        found = diffusion.summarise(rows)
        classes = {name: sum(1 for r in rows if r["class"] == name) for name in diffusion.CLASSES}
        return {
            "plan": plan,
            "region": region,
            "classes": classes,
            "pairs": rows[skip : skip + PAGE_ROWS],
            "total": len(rows),
            "complete": len(rows) < DIFFUSION_ROWS,
            "skip": skip,
            "page_rows": PAGE_ROWS,
            "plans": diffusion.as_table(found.plans).rows,
            "regions": diffusion.as_table(found.regions).rows,
            "most_copied": diffusion.as_table(found.most_copied).rows,
        }

    def cascade(self, indicator: str | None, year: int | None) -> dict[str, Any]:
        """Each region's target for the indicator and year beside its parent's and the nation's,
        with the verdicts (``target_cascade``); an empty answer says which parameter matched nothing."""
        if not indicator or year is None:
            raise QueryError("give an indicator and a year: ?indicator=非化石能源消费比重&year=2025")
        rows = self.run("target_cascade", indicator=indicator, year=year).rows
        if not rows:
            raise NotFound(self.empty("target_cascade", indicator=indicator, year=year))
        return analyses.cascade_page(indicator, year, rows)

    def obligations(self, plan: str | None, region: str | None) -> dict[str, Any]:
        """A plan's or a region's obligations counted by deontic term and strength
        (``obligation_profile``), per plan and over them all."""
        if not plan and not region:
            raise QueryError("give a plan (?plan=title) or a region (?region=青岛 or 370200)")
        rows = self.run("obligation_profile", plan=plan, region=region).rows
        if not rows:
            raise NotFound(self.empty("obligation_profile", plan=plan, region=region))
        return analyses.obligation_page(plan, region, rows)

    def empty(self, name: str, **params: Any) -> str:
        """Why ``name`` with ``params`` has no rows (:func:`policykg.queries.hints.explain_empty`)."""
        from policykg.queries.hints import explain_empty

        query = self.catalog[name]
        given = {k: v for k, v in params.items() if v not in (None, "")}
        return f"{name}: " + explain_empty(self.driver, query, query.bind(given), self.database)

    def source_view(self, source: str, start: int, end: int) -> dict[str, Any]:
        if end < start or start < 0:
            raise QueryError(f"a span needs 0 <= start <= end, got {start}-{end}")
        rows = self.run("span_context", source=source, start=start, end=end).rows
        context = rows[0] if rows else None
        text = self.sources.get(source, context.get("source_hash") if context else None)
        if text is not None:
            if end > len(text.text):
                raise NotFound(
                    f"{source} has {len(text.text)} characters; the span {start}-{end} lies beyond"
                )
            before_start = max(0, start - CONTEXT_CHARS)
            view = {
                "before": text.text[before_start:start],
                "span": text.text[start:end],
                "after": text.text[end : end + CONTEXT_CHARS],
                "cut_before": before_start > 0,
                "cut_after": end + CONTEXT_CHARS < len(text.text),
                "where": self.sources.where(text, start),
                "exact": True,
            }
        elif context is not None:  # the file is not at hand: the graph's copy of the clause
            view = {
                "before": "",
                "span": str(context["text"] or ""),
                "after": "",
                "cut_before": False,
                "cut_after": False,
                "where": "",
                "exact": False,
            }
        else:
            raise NotFound(f"no document {source!r} with a clause at {start}-{end}")
        return {"source": source, "start": start, "end": end, "context": context, "view": view}

    # ------------------------------------------------------------------ the three questions, ad hoc

    def ask(self, question: str, params: Mapping[str, Any]) -> tuple[QueryResult, str]:
        """The question's canned query, and for an empty answer the reason (which parameter matched
        nothing, and what may have been meant: :func:`policykg.queries.hints.explain_empty`)."""
        from policykg.queries.hints import explain_empty

        name = str(ASK[question]["query"])
        given = {k: v for k, v in params.items() if v not in (None, "")}
        result = self.run(name, **given)
        hint = ""
        if not result.rows:
            query = self.catalog[name]
            hint = explain_empty(self.driver, query, query.bind(given), self.database)
        return result, hint

    def cypher(self, statement: str) -> QueryResult:
        return run_cypher(self.driver, statement, {}, self.database, timeout=REQUEST_TIMEOUT_S)


ASK: dict[str, dict[str, Any]] = {
    "owner": {
        "query": "target_owner",
        "title": "谁负责这个目标？ Who owns this target?",
        "fields": (
            ("region", "地区 region", "青岛"),
            ("indicator", "指标 indicator", "可再生能源装机容量"),
            ("year", "年份 year", "2025"),
        ),
    },
    "implements": {
        "query": "clause_implementations",
        "title": "哪些地方条款落实了这一条？ Which local clauses implement this clause?",
        "fields": (
            ("clause", "条款 clause", "大力发展新能源"),
            ("plan", "方案 plan", "2030年前碳达峰行动方案"),
        ),
    },
    "provenance": {
        "query": "target_provenance",
        "title": "这个目标从哪里来？ Where does this target come from?",
        "fields": (
            ("region", "地区 region", "大连"),
            ("indicator", "指标 indicator", "非化石能源装机占比"),
            ("year", "年份 year", "2025"),
        ),
    },
}


def _level_rank(level: str) -> int:
    order = ["national", "ministry", "province", "city", "county", "district"]
    return order.index(level) if level in order else len(order)
