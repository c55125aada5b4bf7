"""Why a canned query answered nothing: which parameter matched nothing, and what might be meant.

``explain_empty(driver, query, bound, database)`` runs, for each given parameter that names
something (a region, plan, clause, agency, indicator, target, year), a probe that matches it the
way the canned queries do, and says which matched nothing ("no region matches 山东省青岛市"),
with close names where there are some ("did you mean 青岛市 (370200)?"). When each matches on
its own, it says that they match nothing together. Probes run only on an empty answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

import neo4j

from policykg.queries.catalog import CannedQuery


@dataclass(frozen=True)
class Probe:
    what: str  # "region", "plan" …
    how: str  # how the queries match it, for the message
    exists: LiteralString  # RETURN count(*) AS n of what matches $value
    close: LiteralString | None = None  # RETURN name AS name of what $value may have meant


PROBES: dict[str, Probe] = {
    "region": Probe(
        "region",
        "by name, the start of a name or GB/T 2260 code, e.g. 青岛, 青岛市, 370200",
        "MATCH (r:Region) WHERE r.code = $value OR r.name = $value OR r.name STARTS WITH $value "
        "RETURN count(r) AS n",
        # 山东省青岛市 → 青岛市: a region whose name the value contains
        "MATCH (r:Region) WHERE size(r.name) >= 2 AND $value CONTAINS r.name "
        "RETURN r.name + ' (' + r.code + ')' AS name ORDER BY size(r.name) DESC, name LIMIT 3",
    ),
    "plan": Probe(
        "plan",
        "by id, 文号 or (part of) its title",
        "MATCH (p:Plan) WHERE p.id = $value OR p.title CONTAINS $value OR p.doc_number = $value "
        "RETURN count(p) AS n",
        "MATCH (p:Plan) WHERE size(p.title) >= 4 AND $value CONTAINS p.title "
        "RETURN p.title AS name ORDER BY size(p.title) DESC, name LIMIT 3",
    ),
    "clause": Probe(
        "clause",
        "by id, printed path (三（一）2) or the start of its heading",
        "MATCH (c:Clause) WHERE c.id = $value OR c.path = $value OR c.heading STARTS WITH $value "
        "RETURN count(c) AS n",
    ),
    "agency": Probe(
        "agency",
        "by id, canonical name or a name as written",
        "MATCH (a:Agency) WHERE a.id = $value OR a.name = $value OR $value IN a.names RETURN count(a) AS n",
        "MATCH (a:Agency) WHERE a.name CONTAINS $value OR (size(a.name) >= 3 AND $value CONTAINS a.name) "
        "RETURN DISTINCT a.name AS name ORDER BY size(name), name LIMIT 3",
    ),
    "indicator": Probe(
        "indicator",
        "by any written form, or part of a target's metric",
        "CALL () { MATCH (i:Indicator) WHERE i.key CONTAINS $value OR i.name = $value "
        "OR any(n IN i.names WHERE n CONTAINS $value) RETURN i AS hit "
        "UNION MATCH (t:Target) WHERE t.metric CONTAINS $value OR (size(t.metric) >= 2 AND $value CONTAINS t.metric) "
        "RETURN t AS hit } "
        "RETURN count(hit) AS n",
    ),
    "target": Probe("target", "by id", "MATCH (t:Target {id: $value}) RETURN count(t) AS n"),
    "year": Probe(
        "target",
        "for that year",
        "MATCH (t:Target) WHERE t.year = $value RETURN count(t) AS n",
        "MATCH (t:Target) WHERE t.year IS NOT NULL "
        "RETURN DISTINCT toString(t.year) AS name ORDER BY abs(toInteger(name) - $value), name LIMIT 3",
    ),
}

#: Parameters that page or size the answer, not say what it is about.
PAGING = ("limit", "skip")


def _read(session: neo4j.Session, query: LiteralString, value: Any) -> list[neo4j.Record]:
    return list(session.run(query, value=value))


def explain_empty(
    driver: neo4j.Driver, query: CannedQuery, bound: dict[str, Any], database: str = "neo4j"
) -> str:
    """One line saying why ``query`` with ``bound`` parameters has no rows."""
    if bound.get("skip"):
        return f"no rows after skip={bound['skip']}: the answer has {bound['skip']} rows or fewer"
    given = {k: v for k, v in bound.items() if v is not None and k not in PAGING}
    if not given:
        return "no rows: the graph holds nothing this query looks for (is the corpus loaded? policykg build)"
    missing: list[str] = []
    matched: list[str] = []
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for name, value in given.items():
            probe = PROBES.get(name)
            if probe is None:
                continue
            count = _read(session, probe.exists, value)[0]["n"]
            if count:
                matched.append(f"{name}={value}")
                continue
            line = f"no {probe.what} matches {name}={value} ({probe.what} is matched {probe.how})"
            if name == "year":
                line = f"no target has year={value}"
            close = [r["name"] for r in _read(session, probe.close, value)] if probe.close else []
            if close:
                line += f"; did you mean {' or '.join(close)}?"
            missing.append(line)
    if missing:
        return "no rows: " + "; ".join(missing)
    shown = ", ".join(f"{k}={v}" for k, v in given.items())
    if len(matched) > 1:
        return f"no rows: {', '.join(matched)} each match something, but nothing matches them together"
    if matched:
        return f"no rows: {matched[0]} matches, but {query.name} finds nothing for it"
    return f"no rows for {shown}"
