"""The one read-only guard for user-supplied Cypher (CLI ``policykg cypher``, Python API, workbench).

It does not trust the server: a Neo4j that policykg did not configure may allow file URLs, have
APOC installed or grant the user administration rights. A statement runs only if it passes three
checks, each of which refuses on its own:

1. **Text** (:func:`check_text`, no database): the statement is lexed (comments, strings,
   backtick names and escapes handled as Cypher does) and refused when it holds ``LOAD CSV``,
   ``USE``, ``CALL {…} IN TRANSACTIONS``, a write or administration clause, ``SHOW`` of anything but
   indexes, constraints, functions or procedures, a procedure outside :data:`ALLOWED_PROCEDURES`, a
   function outside :data:`ALLOWED_FUNCTIONS`, or a backslash outside a string (Cypher reads
   ``\\uXXXX`` escapes in names).
2. **Plan** (:func:`check_plan`): ``EXPLAIN`` must give query type ``r`` and a plan without a
   ``LoadCSV``, transaction-batching, write or schema operator, and without a procedure call
   outside the allow-list.
3. **Transaction**: it runs in a READ transaction with a timeout (``queries/run.py``).

Every refusal is a :class:`policykg.errors.WriteRefused` (writes) or
:class:`policykg.errors.QueryRefused` (anything else) naming the refused part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policykg.errors import QueryRefused, WriteRefused

# Cypher's built-in functions in Neo4j 5.26 (``SHOW FUNCTIONS YIELD name WHERE isBuiltIn``), less
# ``file``/``linenumber`` (LOAD CSV only) and ``graph.byName``/``graph.byElementId`` (other graphs).
ALLOWED_FUNCTIONS = frozenset(
    name.lower()
    for name in [
        "abs",
        "acos",
        "all",
        "any",
        "asin",
        "atan",
        "atan2",
        "avg",
        "btrim",
        "ceil",
        "char_length",
        "character_length",
        "coalesce",
        "collect",
        "cos",
        "cot",
        "count",
        "date",
        "date.realtime",
        "date.statement",
        "date.transaction",
        "date.truncate",
        "datetime",
        "datetime.fromepoch",
        "datetime.fromepochmillis",
        "datetime.realtime",
        "datetime.statement",
        "datetime.transaction",
        "datetime.truncate",
        "degrees",
        "duration",
        "duration.between",
        "duration.inDays",
        "duration.inMonths",
        "duration.inSeconds",
        "e",
        "elementId",
        "endNode",
        "exists",
        "exp",
        "floor",
        "haversin",
        "head",
        "id",
        "isEmpty",
        "isNaN",
        "keys",
        "labels",
        "last",
        "left",
        "length",
        "localdatetime",
        "localdatetime.realtime",
        "localdatetime.statement",
        "localdatetime.transaction",
        "localdatetime.truncate",
        "localtime",
        "localtime.realtime",
        "localtime.statement",
        "localtime.transaction",
        "localtime.truncate",
        "log",
        "log10",
        "lower",
        "ltrim",
        "max",
        "min",
        "nodes",
        "none",
        "normalize",
        "nullIf",
        "percentileCont",
        "percentileDisc",
        "pi",
        "point",
        "point.distance",
        "point.withinBBox",
        "properties",
        "radians",
        "rand",
        "randomUUID",
        "range",
        "reduce",
        "relationships",
        "replace",
        "reverse",
        "right",
        "round",
        "rtrim",
        "sign",
        "sin",
        "single",
        "size",
        "split",
        "sqrt",
        "startNode",
        "stdev",
        "stdevp",
        "substring",
        "sum",
        "tail",
        "tan",
        "time",
        "time.realtime",
        "time.statement",
        "time.transaction",
        "time.truncate",
        "timestamp",
        "toBoolean",
        "toBooleanList",
        "toBooleanOrNull",
        "toFloat",
        "toFloatList",
        "toFloatOrNull",
        "toInteger",
        "toIntegerList",
        "toIntegerOrNull",
        "toLower",
        "toString",
        "toStringList",
        "toStringOrNull",
        "toUpper",
        "trim",
        "type",
        "upper",
        "valueType",
        "vector.similarity.cosine",
        "vector.similarity.euclidean",
    ]
)

# Read-only procedures that touch neither files, the network, other databases nor server state.
ALLOWED_PROCEDURES = frozenset(
    name.lower()
    for name in [
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.info",
        "db.ping",
        "dbms.components",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.index.fulltext.listAvailableAnalyzers",
        "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships",
    ]
)

WRITE_CLAUSES = frozenset({"CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "FOREACH", "INSERT"})
ADMIN_CLAUSES = frozenset(
    {
        "DROP",
        "ALTER",
        "RENAME",
        "GRANT",
        "DENY",
        "REVOKE",
        "START",
        "STOP",
        "TERMINATE",
        "ENABLE",
        "DEALLOCATE",
        "REALLOCATE",
        "DRYRUN",
    }
)
ADMIN_OBJECTS = frozenset(
    {
        "USER",
        "USERS",
        "ROLE",
        "ROLES",
        "DATABASE",
        "DATABASES",
        "ALIAS",
        "SERVER",
        "TRANSACTION",
        "TRANSACTIONS",
        "INDEX",
        "CONSTRAINT",
        "COMPOSITE",
        "PRIVILEGE",
        "PRIVILEGES",
        "OR",
    }
)
SHOW_ALLOWED = re.compile(
    r"^SHOW\s+(?:(?:ALL|BUILT\s+IN|USER\s+DEFINED|RANGE|FULLTEXT|TEXT|POINT|VECTOR|LOOKUP|UNIQUE|UNIQUENESS|"
    r"EXIST|EXISTENCE|NODE|RELATIONSHIP|REL|KEY|PROPERTY|PROPERTY\s+TYPE)\s+)*"
    r"(?:INDEX|INDEXES|CONSTRAINT|CONSTRAINTS|FUNCTION|FUNCTIONS|PROCEDURE|PROCEDURES)\b"
)
# Words that may stand before "(" without being a function name.
KEYWORDS = frozenset(
    [
        "MATCH",
        "OPTIONAL",
        "MERGE",
        "CREATE",
        "WHERE",
        "AND",
        "OR",
        "XOR",
        "NOT",
        "RETURN",
        "WITH",
        "UNWIND",
        "IN",
        "AS",
        "ON",
        "CALL",
        "YIELD",
        "DISTINCT",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "END",
        "IS",
        "NULL",
        "STARTS",
        "ENDS",
        "CONTAINS",
        "ORDER",
        "BY",
        "SKIP",
        "OFFSET",
        "LIMIT",
        "SET",
        "REMOVE",
        "DELETE",
        "DETACH",
        "FOREACH",
        "EXISTS",
        "COUNT",
        "COLLECT",
        "SHORTESTPATH",
        "ALLSHORTESTPATHS",
        "SHORTEST",
        "ANY",
        "ALL",
        "NONE",
        "SINGLE",
        "REDUCE",
        "UNION",
        "FILTER",
        "EXTRACT",
        "OF",
        "ASC",
        "ASCENDING",
        "DESC",
        "DESCENDING",
        "TRUE",
        "FALSE",
        "NEXT",
        "FINISH",
        "GROUPS",
        "PATH",
        "PATHS",
        "WALK",
        "TRAIL",
        "ACYCLIC",
        "REPEATABLE",
        "DIFFERENT",
        "ELEMENTS",
        "RELATIONSHIPS",
        "NODES",
        "KEEP",
    ]
)
# Plan operators that read files, batch transactions or change the graph or its schema.
PLAN_REFUSED = re.compile(
    r"LoadCSV|Transaction(?:Foreach|Apply)|Create|Merge|Delete|SetProperty|SetProperties|SetLabels|"
    r"SetNodeProperty|SetRelationshipProperty|RemoveLabels|Foreach|Index(?:Creation|Drop)|Constraint|"
    r"SystemProcedure|AdministrationCommand|ShowUsers|ShowRoles|ShowPrivileges|ShowDatabase|ShowTransactions|"
    r"TerminateTransactions|ShowSettings|ShowServers|ShowAliases",
    re.IGNORECASE,
)
READ_QUERY_TYPES = frozenset({"r"})


@dataclass(frozen=True)
class Token:
    kind: str  # "word" (a name or keyword, backticks removed), "string", "number", "symbol"
    text: str
    quoted: bool = False  # a backtick name: never a keyword


_WORD_START = re.compile(r"[^\W\d]", re.UNICODE)
_WORD = re.compile(r"[\w$]+", re.UNICODE)
_NUMBER = re.compile(r"\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|0x[0-9a-fA-F]+|\.\d+")


def tokens(statement: str) -> Iterator[Token]:
    """Cypher tokens; raises :class:`QueryRefused` on a construct the guard will not read."""
    i, n = 0, len(statement)
    while i < n:
        ch = statement[i]
        if ch.isspace():
            i += 1
        elif statement.startswith("//", i):
            end = statement.find("\n", i)
            i = n if end < 0 else end + 1
        elif statement.startswith("/*", i):
            end = statement.find("*/", i + 2)
            if end < 0:
                raise QueryRefused("the statement has an unterminated /* comment")
            i = end + 2
        elif ch in "'\"":
            j, text = i + 1, []
            while j < n and statement[j] != ch:
                if statement[j] == "\\" and j + 1 < n:
                    text.append(statement[j : j + 2])
                    j += 2
                    continue
                text.append(statement[j])
                j += 1
            if j >= n:
                raise QueryRefused("the statement has an unterminated string")
            yield Token("string", "".join(text))
            i = j + 1
        elif ch == "`":
            j, text = i + 1, []
            while True:
                end = statement.find("`", j)
                if end < 0:
                    raise QueryRefused("the statement has an unterminated `name`")
                text.append(statement[j:end])
                if statement.startswith("``", end):  # an escaped backtick inside the name
                    text.append("`")
                    j = end + 2
                    continue
                break
            yield Token("word", "".join(text), quoted=True)
            i = end + 1
        elif ch == "\\":
            raise QueryRefused("a backslash outside a string (an escaped name) is not accepted")
        elif (match := _NUMBER.match(statement, i)) and not _WORD_START.match(ch):
            yield Token("number", match.group())
            i = match.end()
        elif _WORD_START.match(ch) or ch == "$" or ch == "_":
            match = _WORD.match(statement, i)
            assert match is not None
            yield Token("word", match.group())
            i = match.end()
        else:
            yield Token("symbol", ch)
            i += 1


def _upper(token: Token) -> str:
    return "" if token.kind != "word" or token.quoted else token.text.upper()


def _dotted_name(items: list[Token], start: int) -> tuple[str, int]:
    """The name ``a.b.c`` starting at ``items[start]`` and the index after it."""
    parts, i = [items[start].text], start + 1
    while (
        i + 1 < len(items)
        and items[i].text == "."
        and items[i].kind == "symbol"
        and items[i + 1].kind == "word"
    ):
        parts.append(items[i + 1].text)
        i += 2
    return ".".join(parts), i


def check_text(statement: str) -> None:
    """Refuse what the statement's text shows (see the module docstring); no database needed."""
    items = list(tokens(statement))
    if not items:
        raise QueryRefused("the query is empty")
    words = [_upper(t) for t in items]
    first = words[0]
    if first in {"EXPLAIN", "PROFILE"}:
        raise QueryRefused("give the query without EXPLAIN/PROFILE; policykg checks the plan itself")
    if first == "SHOW":
        head = " ".join(w for w in words[:6] if w)
        if not SHOW_ALLOWED.match(head):
            raise QueryRefused(
                f"{head.split(' YIELD')[0]} is an administration command; policykg runs only read queries of "
                "the graph (SHOW INDEXES, CONSTRAINTS, FUNCTIONS and PROCEDURES are allowed)"
            )
    for index, (token, word) in enumerate(zip(items, words, strict=True)):
        previous = items[index - 1] if index else None
        after_dot_or_colon = previous is not None and previous.kind == "symbol" and previous.text in ".:"
        if token.kind != "word" or after_dot_or_colon:
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "LOAD" and following == "CSV":
            raise QueryRefused("LOAD CSV is refused: ad-hoc Cypher may not read files or URLs")
        if word == "USE" and index + 1 < len(items) and items[index + 1].kind == "word":
            raise QueryRefused(
                f"USE {items[index + 1].text} is refused: ad-hoc Cypher reads only the configured database"
            )
        if word == "IN" and following in {"TRANSACTIONS", "CONCURRENT"}:
            raise QueryRefused("CALL { … } IN TRANSACTIONS is refused: it commits batches of its own")
        map_key = (
            index + 1 < len(items) and items[index + 1].text == ":" and items[index + 1].kind == "symbol"
        )
        if (
            (word in ADMIN_CLAUSES or word == "CREATE")
            and following in ADMIN_OBJECTS
            or (word in ADMIN_CLAUSES and index == 0)
        ):
            raise QueryRefused(
                f"{word} {following} is an administration command; policykg runs only read queries of the graph"
            )
        if word in WRITE_CLAUSES and not map_key:
            raise WriteRefused(
                f"policykg runs ad-hoc Cypher read-only, and {word} would write; "
                "use canned queries or a Neo4j client for writes"
            )
        if word == "CALL" and index + 1 < len(items) and items[index + 1].kind == "word":
            name, _ = _dotted_name(items, index + 1)
            if name.lower() not in ALLOWED_PROCEDURES:
                raise QueryRefused(
                    f"the procedure {name} is not allowed; allowed: {', '.join(sorted(ALLOWED_PROCEDURES))}"
                )
        if previous is not None and _upper(previous) == "CALL":
            continue  # the procedure name itself, checked above
        name, after = _dotted_name(items, index)
        is_call = after < len(items) and items[after].kind == "symbol" and items[after].text == "("
        if not is_call or (previous is not None and previous.kind == "symbol" and previous.text == "."):
            continue
        if "." not in name and not token.quoted and word in KEYWORDS:
            continue
        if name.lower() not in ALLOWED_FUNCTIONS:
            raise QueryRefused(
                f"the function {name}() is not allowed in ad-hoc Cypher (only Cypher's built-in functions)"
            )


def _operators(plan: Mapping[str, Any] | None) -> Iterator[Mapping[str, Any]]:
    if not plan:
        return
    yield plan
    for child in plan.get("children", []) or []:
        yield from _operators(child)


def check_plan(query_type: str | None, plan: Mapping[str, Any] | None) -> None:
    """Refuse a plan that writes, reads files, batches transactions or calls a refused procedure."""
    if query_type not in READ_QUERY_TYPES:
        raise WriteRefused(
            f"policykg runs ad-hoc Cypher read-only, and this query would write (query type {query_type!r}); "
            "use canned queries or a Neo4j client for writes"
        )
    for operator in _operators(plan):
        name = str(operator.get("operatorType", ""))
        if PLAN_REFUSED.search(name):
            raise QueryRefused(
                f"the query plan holds the operator {name.split('@')[0]}, which ad-hoc Cypher may not use"
            )
        if name.startswith("ProcedureCall"):
            details = str((operator.get("args") or operator.get("arguments") or {}).get("Details", ""))
            called = re.match(r"\s*([\w.`]+)\s*\(", details)
            if called and called.group(1).replace("`", "").lower() not in ALLOWED_PROCEDURES:
                raise QueryRefused(
                    f"the query plan calls the procedure {called.group(1)}, which is not allowed"
                )


__all__ = ["ALLOWED_FUNCTIONS", "ALLOWED_PROCEDURES", "check_plan", "check_text", "tokens"]
