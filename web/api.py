"""The JSON API: ``/api/search``, ``/api/suggest``, ``/api/{kind}/{id}`` (what each page shows),
``/healthz``. Documented by FastAPI's OpenAPI (``/api/openapi.json``, rendered at ``/api/docs``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from policykg.web.data import NotFound, Workbench

router = APIRouter()


def workbench(request: Request) -> Workbench:
    bench: Workbench = request.app.state.workbench
    return bench


@router.get("/api/search", tags=["search"], summary="Search every kind of node · 搜索")
def api_search(
    request: Request,
    q: str = Query(..., max_length=200, description="Words separated by spaces, e.g. 青岛 可再生能源"),
    limit: int = Query(10, ge=1, le=50, description="At most this many results per kind"),
) -> dict[str, Any]:
    """`{"results": [{"kind", "id", "label", "url", "context", "text", "score"}]}`, grouped by kind in
    the order plans, clauses, targets, agencies, regions, indicators."""
    found = workbench(request).search(q, limit)
    return {"q": q, "results": found["results"]}


@router.get("/api/suggest", tags=["search"], summary="Suggestions while typing · 输入提示")
def api_suggest(
    request: Request,
    q: str = Query(..., max_length=100),
    limit: int = Query(10, ge=1, le=30),
) -> dict[str, Any]:
    """Regions, agencies and indicators whose name starts with (then contains) `q`."""
    return {"q": q, "suggestions": workbench(request).suggest(q, limit)}


@router.get("/api/plan/{plan_id:path}", tags=["pages"], summary="A plan and its clause tree · 方案")
def api_plan(request: Request, plan_id: str) -> dict[str, Any]:
    return workbench(request).plan(plan_id)


@router.get("/api/clause/{clause_id:path}", tags=["pages"], summary="A clause · 条款")
def api_clause(request: Request, clause_id: str) -> dict[str, Any]:
    return workbench(request).clause(clause_id)


@router.get("/api/target/{target_id:path}", tags=["pages"], summary="A target · 目标")
def api_target(request: Request, target_id: str) -> dict[str, Any]:
    return workbench(request).target(target_id)


@router.get("/api/agency/{agency_id:path}", tags=["pages"], summary="An agency and its duties · 单位")
def api_agency(request: Request, agency_id: str, skip: int = Query(0, ge=0, le=100_000)) -> dict[str, Any]:
    return workbench(request).agency(agency_id, skip)


@router.get("/api/region/{code:path}", tags=["pages"], summary="A region · 地区")
def api_region(request: Request, code: str, plan: str = Query("", max_length=200)) -> dict[str, Any]:
    return workbench(request).region(code, plan or None)


@router.get("/api/indicator/{key:path}", tags=["pages"], summary="An indicator · 指标")
def api_indicator(request: Request, key: str, skip: int = Query(0, ge=0, le=100_000)) -> dict[str, Any]:
    return workbench(request).indicator(key, skip)


@router.get("/api/source", tags=["pages"], summary="A span in its document · 原文")
def api_source(
    request: Request,
    source: str = Query(..., max_length=300),
    start: int = Query(..., ge=0),
    end: int = Query(..., ge=0),
) -> dict[str, Any]:
    return workbench(request).source_view(source, start, end)


@router.get("/api/diffusion", tags=["analyses"], summary="Policy diffusion of a plan or region · 政策扩散")
def api_diffusion(
    request: Request,
    plan: str = Query("", max_length=200),
    region: str = Query("", max_length=200),
    skip: int = Query(0, ge=0, le=100_000),
) -> dict[str, Any]:
    return workbench(request).diffusion(plan or None, region or None, skip)


@router.get(
    "/api/cascade", tags=["analyses"], summary="Target cascade of an indicator and year · 目标层级对比"
)
def api_cascade(
    request: Request,
    indicator: str = Query("", max_length=200, description="An indicator, e.g. 非化石能源消费比重"),
    year: int | None = Query(None, ge=1900, le=2100, description="The targets' year, e.g. 2025"),
) -> dict[str, Any]:
    """Each region's target beside its parent region's and the nation's: `vs_parent`, `vs_national`
    (stronger / equal / weaker / missing / not comparable) with their reasons."""
    return workbench(request).cascade(indicator or None, year)


@router.get("/api/obligations", tags=["analyses"], summary="Obligation profile of a plan or region · 约束力")
def api_obligations(
    request: Request,
    plan: str = Query("", max_length=200, description="A plan's title (or part of it)"),
    region: str = Query("", max_length=200, description="A region's code or name, e.g. 青岛"),
) -> dict[str, Any]:
    """Obligations counted by deontic term and strength, per plan and over all of them."""
    return workbench(request).obligations(plan or None, region or None)


@router.get("/api/{kind}/{ident:path}", include_in_schema=False)
def api_unknown(kind: str, ident: str) -> dict[str, Any]:
    raise NotFound(f"no kind {kind!r}: use plan, clause, target, agency, region or indicator")


@router.get("/healthz", tags=["health"], summary="Is the workbench up, and is Neo4j?")
def healthz(request: Request) -> dict[str, Any]:
    bench = workbench(request)
    bench.driver.verify_connectivity()
    return {"status": "ok", "database": bench.database}
