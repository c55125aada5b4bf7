"""The HTML pages: search, plan, clause, target, agency (and its duty register), region, indicator,
the three questions, view source, ad-hoc Cypher, the embedded network views, the API docs."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from policykg.errors import QueryError
from policykg.queries.duties import duties_csv, duties_xlsx
from policykg.viz.page import VIS_JS, VIS_JS_BESIDE
from policykg.web.charts import Point, year_chart
from policykg.web.data import ASK, Workbench

router = APIRouter(include_in_schema=False)
VIEW_JS = "/static/vis-network.min.js"
#: ``?lang=en``: the glossary's English for headers, closed values and names (not the documents' text).
Lang = Annotated[str, Query(pattern="^(zh|en)$")]
META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def workbench(request: Request) -> Workbench:
    bench: Workbench = request.app.state.workbench
    return bench


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    page = request.app.state.templates.get_template(template).render(
        nonce=getattr(request.state, "nonce", ""), path=request.url.path, **context
    )
    return HTMLResponse(page, status_code=status)


def chart(points: list[dict[str, Any]], unit: str, title: str) -> Any:
    return year_chart([Point(**p) for p in points], unit, title)


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=200)) -> HTMLResponse:
    found = workbench(request).search(q) if q.strip() else {"q": q, "words": [], "groups": [], "results": []}
    return render(request, "search.html", {"q": q, **found})


@router.get("/plan/{plan_id:path}", response_class=HTMLResponse)
def plan_page(request: Request, plan_id: str) -> HTMLResponse:
    return render(request, "plan.html", workbench(request).plan(plan_id))


@router.get("/clause/{clause_id:path}", response_class=HTMLResponse)
def clause_page(request: Request, clause_id: str) -> HTMLResponse:
    return render(request, "clause.html", workbench(request).clause(clause_id))


@router.get("/target/{target_id:path}", response_class=HTMLResponse)
def target_page(request: Request, target_id: str) -> HTMLResponse:
    data = workbench(request).target(target_id)
    return render(request, "target.html", {**data, "svg": chart(data["chart"], data["unit"], "同一指标")})


def _duties_name(agency: dict[str, Any], suffix: str) -> dict[str, str]:
    name = f"duties-{agency['name']}.{suffix}"
    return {
        "Content-Disposition": f"attachment; filename=\"duties.{suffix}\"; filename*=UTF-8''{quote(name)}"
    }


@router.get("/agency/{agency_id:path}/duties.csv")
def duties_csv_download(request: Request, agency_id: str) -> Response:
    agency, result = workbench(request).duty_register(agency_id)
    return Response(
        duties_csv(result, str(request.base_url)),
        media_type="text/csv; charset=utf-8",
        headers=_duties_name(agency, "csv"),
    )


@router.get("/agency/{agency_id:path}/duties.xlsx")
def duties_xlsx_download(request: Request, agency_id: str) -> Response:
    agency, result = workbench(request).duty_register(agency_id)
    return Response(
        duties_xlsx(result, str(request.base_url), title=str(agency["name"])),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=_duties_name(agency, "xlsx"),
    )


@router.get("/agency/{agency_id:path}", response_class=HTMLResponse)
def agency_page(
    request: Request, agency_id: str, skip: int = Query(0, ge=0, le=100_000), lang: Lang = "zh"
) -> HTMLResponse:
    return render(request, "agency.html", {**workbench(request).agency(agency_id, skip), "lang": lang})


@router.get("/region/{code:path}", response_class=HTMLResponse)
def region_page(request: Request, code: str, plan: str = Query("", max_length=200)) -> HTMLResponse:
    return render(request, "region.html", workbench(request).region(code, plan or None))


@router.get("/indicator/{key:path}", response_class=HTMLResponse)
def indicator_page(request: Request, key: str, skip: int = Query(0, ge=0, le=100_000)) -> HTMLResponse:
    data = workbench(request).indicator(key, skip)
    return render(request, "indicator.html", {**data, "svg": chart(data["chart"], data["unit"], key)})


@router.get("/diffusion", response_class=HTMLResponse)
def diffusion_page(
    request: Request,
    plan: str = Query("", max_length=200),
    region: str = Query("", max_length=200),
    skip: int = Query(0, ge=0, le=100_000),
) -> HTMLResponse:
    return render(request, "diffusion.html", workbench(request).diffusion(plan or None, region or None, skip))


@router.get("/cascade", response_class=HTMLResponse)
def cascade_page(
    request: Request,
    indicator: str = Query("", max_length=200),
    year: int | None = Query(None, ge=1900, le=2100),
    lang: Lang = "zh",
) -> HTMLResponse:
    return render(
        request, "cascade.html", {**workbench(request).cascade(indicator or None, year), "lang": lang}
    )


@router.get("/obligations", response_class=HTMLResponse)
def obligations_page(
    request: Request,
    plan: str = Query("", max_length=200),
    region: str = Query("", max_length=200),
    lang: Lang = "zh",
) -> HTMLResponse:
    data = workbench(request).obligations(plan or None, region or None)
    return render(request, "obligations.html", {**data, "lang": lang})


@router.get("/ask/{question}", response_class=HTMLResponse)
def ask_page(request: Request, question: str) -> HTMLResponse:
    if question not in ASK:
        return render(request, "error.html", {"status": 404, "message": f"no question {question!r}"}, 404)
    spec = ASK[question]
    given = {name: request.query_params.get(name, "")[:200] for name, _, _ in spec["fields"]}
    result, error, hint = None, "", ""
    if any(given.values()):
        try:
            result, hint = workbench(request).ask(question, given)
        except QueryError as failure:
            error = failure.message
    return render(
        request,
        "ask.html",
        {
            "question": question,
            "spec": spec,
            "asks": ASK,
            "given": given,
            "result": result,
            "error": error,
            "hint": hint,
            "example": "/ask/" + question + "?" + urlencode({n: example for n, _, example in spec["fields"]}),
        },
    )


@router.get("/source", response_class=HTMLResponse)
def source_page(
    request: Request,
    source: str = Query(..., max_length=300),
    start: int = Query(..., ge=0),
    end: int = Query(..., ge=0),
) -> HTMLResponse:
    return render(request, "source.html", workbench(request).source_view(source, start, end))


@router.get("/cypher", response_class=HTMLResponse)
def cypher_page(request: Request, q: str = Query("", max_length=5000)) -> HTMLResponse:
    result, error = None, ""
    if q.strip():
        try:
            result = workbench(request).cypher(q)
        except QueryError as failure:
            error = failure.message
    return render(request, "cypher.html", {"q": q, "result": result, "error": error})


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return render(request, "docs.html", {"openapi": request.app.openapi()})


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/static/vis-network.min.js")
def vis_js() -> FileResponse:
    return FileResponse(VIS_JS, media_type="text/javascript")


VIEWS = ("plan", "clause", "target", "agency", "region", "indicator")


@router.get("/view/{kind}/{ident:path}", response_class=HTMLResponse)
def network_view(request: Request, kind: str, ident: str) -> HTMLResponse:
    """The project's vis-network page for a node (viz/views.py), served inside a frame."""
    from policykg.viz import views as viz_views

    bench = workbench(request)
    if kind not in VIEWS:
        return render(request, "error.html", {"status": 404, "message": f"no view of {kind!r}"}, 404)
    with tempfile.TemporaryDirectory(prefix="policykg-view-") as folder:
        out = Path(folder) / "view.html"
        common: dict[str, Any] = {"out": out, "cap": 120, "assets": "beside"}
        if kind == "plan":
            viz_views.viz_lineage(bench.driver, bench.database, ident, **common)
        elif kind == "clause":
            viz_views.viz_clause(bench.driver, bench.database, ident, **common)
        elif kind == "target":
            viz_views.viz_provenance(bench.driver, bench.database, ident, **common)
        elif kind == "agency":
            viz_views.viz_agency(bench.driver, bench.database, ident, **common)
        elif kind == "region":
            viz_views.viz_region(bench.driver, bench.database, ident, **common)
        else:
            viz_views.viz_indicator(bench.driver, bench.database, ident, **common)
        page = out.read_text(encoding="utf-8")
    page = page.replace(f'src="{VIS_JS_BESIDE}"', f'src="{VIEW_JS}"')
    found = META_CSP.search(page)
    # the page's own policy (its nonce), as a header too; scripts also from our /static
    policy = (found.group(1) if found else "default-src 'none'") + "; frame-ancestors 'self'"
    policy = policy.replace("script-src ", "script-src 'self' ", 1)
    page = META_CSP.sub(lambda m: m.group(0).replace("script-src ", "script-src 'self' ", 1), page, count=1)
    return HTMLResponse(page, headers={"Content-Security-Policy": policy})
