"""Run canned queries and read-only ad-hoc Cypher.

Canned queries run in READ transactions with their parameters bound and checked.
User-supplied Cypher is untrusted: the driver's READ access mode is routing, not
security, so it goes through :mod:`policykg.queries.guard` (its text, then its ``EXPLAIN`` plan)
and then runs in a READ transaction with a timeout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, Neo4jError

from policykg.errors import QueryError, WriteRefused
from policykg.queries import cascade
from policykg.queries.catalog import CannedQuery, get_query, load_catalog, load_views
from policykg.queries.guard import check_plan, check_text

DEFAULT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]

    def to_dataframe(self) -> Any:
        """A pandas DataFrame (pandas is optional: install it to use this)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise QueryError("to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.rows, columns=self.columns)

    def __len__(self) -> int:
        return len(self.rows)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Neo4j values → JSON-friendly Python values."""
    if type(value) in _SCALARS:  # most values: returned as they are, without the checks below
        return value
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, neo4j.graph.Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _read(
    driver: neo4j.Driver, database: str, cypher: str, params: dict[str, Any], timeout: float
) -> QueryResult:
    def work(tx: neo4j.ManagedTransaction) -> QueryResult:
        result = tx.run(cypher, params)
        columns = list(result.keys())
        rows = [dict(zip(columns, map(_plain, record.values()))) for record in result]
        return QueryResult(columns, rows)

    with driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS, notifications_min_severity="OFF"
    ) as session:
        return session.execute_read(neo4j.unit_of_work(timeout=timeout)(work))


def run_query(
    driver: neo4j.Driver,
    name: str,
    params: dict[str, Any] | None = None,
    database: str = "neo4j",
    timeout: float = DEFAULT_TIMEOUT_S,
    catalog: dict[str, CannedQuery] | None = None,
) -> QueryResult:
    """Run the canned query ``name`` with ``params`` (checked against its header)."""
    query = get_query(name, catalog)
    bound = query.bind(params or {})
    try:
        result = _read(driver, database, query.cypher, bound, timeout)
    except Neo4jError as exc:
        raise QueryError(f"query {name!r} failed: {exc.message or exc}") from exc
    after = _AFTER.get(name)
    return after(result, bound) if after else result


def run_pages(
    driver: neo4j.Driver,
    name: str,
    params: dict[str, Any],
    database: str = "neo4j",
    *,
    page: int,
    max_rows: int,
) -> QueryResult:
    """Every row of a paged canned query (``limit`` / ``skip``), ``page`` rows a call, at most
    ``max_rows`` in all."""
    rows: list[dict[str, Any]] = []
    columns: list[str] = []
    while len(rows) < max_rows:
        limit = min(page, max_rows - len(rows))
        found = run_query(driver, name, {**params, "limit": limit, "skip": len(rows)}, database)
        columns = found.columns
        rows.extend(found.rows)
        if len(found.rows) < limit:
            break
    return QueryResult(columns, rows)


def _cascade(result: QueryResult, params: dict[str, Any]) -> QueryResult:
    columns, rows = cascade.annotate(result.columns, result.rows, str(params["indicator"]))
    return QueryResult(columns, rows)


def _diffusion(result: QueryResult, params: dict[str, Any]) -> QueryResult:
    from policykg.queries import diffusion  # it runs queries itself (diffusion.diffusion)

    columns, rows = diffusion.annotate(result.columns, result.rows)
    return QueryResult(columns, rows)


#: Canned queries whose rows are finished in Python (verdicts Cypher would spell awkwardly).
_AFTER = {"target_cascade": _cascade, "policy_diffusion": _diffusion}


def run_view(
    driver: neo4j.Driver,
    name: str,
    params: dict[str, Any] | None = None,
    database: str = "neo4j",
    timeout: float | None = None,
) -> list[neo4j.Record]:
    """Run the viz view query ``name`` (``queries/views/``), parameters checked against its header,
    in a READ transaction; the records as the driver gives them: paths stay paths, for
    :mod:`policykg.viz` to draw. ``timeout`` None: the server's own limit (a view of a national
    plan at 100x reads thousands of paths)."""
    query = get_query(name, load_views())
    bound = query.bind(params or {})

    def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
        return list(tx.run(query.cypher, bound))

    try:
        with driver.session(
            database=database, default_access_mode=neo4j.READ_ACCESS, notifications_min_severity="OFF"
        ) as session:
            return session.execute_read(neo4j.unit_of_work(timeout=timeout)(work))
    except Neo4jError as exc:
        raise QueryError(f"view query {name!r} failed: {exc.message or exc}") from exc


def run_example(driver: neo4j.Driver, name: str, database: str = "neo4j") -> QueryResult:
    query = get_query(name)
    return run_query(driver, name, query.example_params(), database)


def run_cypher(
    driver: neo4j.Driver,
    cypher: str,
    params: dict[str, Any] | None = None,
    database: str = "neo4j",
    timeout: float = DEFAULT_TIMEOUT_S,
) -> QueryResult:
    """Run untrusted Cypher read-only, through :mod:`policykg.queries.guard` (text, then plan, then a
    READ transaction with a timeout)."""
    params = params or {}
    stripped = cypher.strip().rstrip(";").strip()
    check_text(stripped)
    try:
        # Notifications off: the driver would log deprecation warnings about the user's query
        # on stderr, around the one-line refusal.
        with driver.session(
            database=database, default_access_mode=neo4j.READ_ACCESS, notifications_min_severity="OFF"
        ) as session:
            summary = session.run("EXPLAIN " + stripped, params).consume()
    except ClientError as exc:
        raise QueryError(f"the query does not compile: {exc.message}") from exc
    check_plan(summary.query_type, summary.plan)
    try:
        return _read(driver, database, stripped, params, timeout)
    except ClientError as exc:
        code = exc.code or ""
        if "Timeout" in code or "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryError(f"the query ran longer than {timeout:g} s and was stopped") from exc
        if "Forbidden" in code or "AccessMode" in code or "WriteOnReadOnly" in code:
            raise WriteRefused(f"the query tried to write and was refused: {exc.message}") from exc
        raise QueryError(f"the query failed: {exc.message}") from exc
    except Neo4jError as exc:
        raise QueryError(f"the query failed: {exc.message or exc}") from exc


__all__ = ["QueryResult", "load_catalog", "run_cypher", "run_example", "run_query", "run_view"]
