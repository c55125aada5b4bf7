"""The workbench application: routes, security headers, errors, and ``serve``.

Security, as the issue asks: only GET (no endpoint writes; anything else is 405); a
Content-Security-Policy on every response whose scripts need the response's own nonce and which
fetches nothing from elsewhere; Host headers checked (a page of another site that resolves its
name to 127.0.0.1 cannot read the workbench); every query with a timeout and a bounded page.
"""

from __future__ import annotations

import logging
import secrets
import sys
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import neo4j
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.staticfiles import StaticFiles

from policykg import __version__
from policykg.errors import PolicyKGError, QueryError, QueryRefused
from policykg.web.data import NotFound, TimedOut, Workbench
from policykg.web.render import environment
from policykg.web.sources import SourceFiles

STATIC = Path(__file__).parent / "static"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
log = logging.getLogger("policykg.web")


def csp(nonce: str) -> str:
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    )


class SecurityHeaders(BaseHTTPMiddleware):
    """A nonce per request (``request.state.nonce``), GET only, and the headers on every answer."""

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method != "GET":
            return Response(
                "405: the workbench only reads (GET) · 只读", status_code=405, headers={"Allow": "GET"}
            )
        nonce = secrets.token_urlsafe(18)
        request.state.nonce = nonce
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", csp(nonce))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def create_app(
    driver: neo4j.Driver,
    database: str = "neo4j",
    *,
    sources: SourceFiles | None = None,
    allowed_hosts: Sequence[str] = (*LOOPBACK, "testserver"),
    warm: bool = False,
) -> FastAPI:
    """The workbench over ``driver``/``database``. ``warm``: plan the pages' queries in the
    background after start-up (the first visitor then does not wait for Neo4j's planner)."""
    from policykg.web import api, pages

    app = FastAPI(
        title="policykg workbench API",
        version=__version__,
        description="Read-only JSON over the policykg graph (China's carbon-peaking policy system).",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    workbench = Workbench(driver, database, sources)
    app.state.workbench = workbench
    app.state.templates = environment()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error_page(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return pages.render(request, "error.html", {"status": status, "message": message}, status=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_page(request, 404, error.message)

    @app.exception_handler(TimedOut)
    async def timed_out(request: Request, error: TimedOut) -> Response:
        return error_page(request, 504, error.message)

    @app.exception_handler(QueryRefused)
    async def refused(request: Request, error: QueryRefused) -> Response:
        return error_page(request, 400, error.message)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, error: QueryError) -> Response:
        return error_page(request, 400, error.message)

    @app.exception_handler(PolicyKGError)
    async def other(request: Request, error: PolicyKGError) -> Response:
        return error_page(request, 500, error.message)

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def database_gone(request: Request, error: Exception) -> Response:
        return error_page(
            request, 503, f"Neo4j cannot be reached ({error}); start it (`policykg neo4j start`) and reload"
        )

    @app.exception_handler(404)
    async def no_route(request: Request, error: Any) -> Response:
        return error_page(request, 404, f"no page {request.url.path}")

    if warm:
        threading.Thread(target=workbench.warm, name="policykg-warm", daemon=True).start()
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    uri: str | None = None,
    database: str | None = None,
    source_folders: Sequence[Path] = (),
) -> None:
    """Find the graph the way the other commands do, then serve the workbench until interrupted."""
    import dataclasses

    import uvicorn

    from policykg.config import Settings
    from policykg.server import get_driver

    settings = Settings.from_env()
    if uri:
        settings = dataclasses.replace(settings, neo4j_uri=uri)
    if database:
        settings = dataclasses.replace(settings, database=database)
    driver, db, where = get_driver(settings, start=False)
    local = host in LOOPBACK
    hosts: Sequence[str] = (*LOOPBACK, host) if local else ("*",)
    app = create_app(driver, db, sources=SourceFiles(source_folders), allowed_hosts=hosts, warm=True)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"policykg serve: http://{shown}:{port}/ over {where} (database {db}); Ctrl-C stops", file=sys.stderr
    )
    if not local:
        print(
            f"policykg serve: listening on {host}, not only on this machine: anyone who can reach "
            f"port {port} can read the graph (use --host 127.0.0.1 to keep it local)",
            file=sys.stderr,
        )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        driver.close()


__all__ = ["HTMLResponse", "create_app", "csp", "serve"]
