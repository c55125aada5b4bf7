"""The catalog of canned Cypher queries: ``queries/*.cypher`` files with a header.

A header is a block of ``//`` comment lines at the top of the file::

    // name: target_owner
    // question: Which agencies own this target? | 哪些单位负责这个目标？
    // param region: 青岛
    // param year: 2025 (int)
    // returns: agency, role, clause_path, ...

``param NAME: EXAMPLE`` may end with a type in parentheses (``str`` by default; ``int``,
``float``, ``bool``, ``list``); a parameter declared ``(optional)`` may be omitted and is
then passed as null; one declared ``(default)`` may be omitted and then takes its example
value (``// param limit: 500 (int, default)``: a page of at most 500 rows unless told
otherwise). Values only ever reach Neo4j as parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from policykg.errors import QueryError

HEADER_LINE = re.compile(r"^//\s*(name|question|param|returns|description)\s*(\w+)?\s*:\s*(.*)$")
PARAM_USE = re.compile(r"(?<![\w$])\$(\w+)")
TYPE_SUFFIX = re.compile(r"\s*\(([\w, ]+)\)\s*$")
CASTS: dict[str, Callable[[Any], Any]] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": lambda v: str(v).lower() in {"1", "true", "yes"},
}


@dataclass(frozen=True)
class Param:
    name: str
    example: str
    kind: str = "str"
    optional: bool = False
    default: bool = False  # omitted: the example value

    def convert(self, value: Any) -> Any:
        if value is None or (isinstance(value, str) and value == "" and self.optional):
            return None
        if self.kind == "list":
            return value if isinstance(value, list) else [v for v in str(value).split(",") if v]
        cast = CASTS.get(self.kind, str)
        try:
            return cast(value)
        except (TypeError, ValueError) as exc:
            raise QueryError(f"parameter {self.name!r} must be {self.kind}, got {value!r}") from exc


@dataclass(frozen=True)
class CannedQuery:
    name: str
    question_en: str
    question_zh: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    cypher: str
    path: str
    description: str = ""
    uses: frozenset[str] = field(default_factory=frozenset)

    def example_params(self) -> dict[str, Any]:
        return {p.name: p.convert(p.example) if p.example else None for p in self.params}

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Check and convert user-given parameters; unknown or missing ones are errors."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                f"its parameters are: {', '.join(known) or '(none)'}"
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                bound[p.name] = p.convert(given[p.name])
            elif p.default:
                bound[p.name] = p.convert(p.example)
            elif p.optional:
                bound[p.name] = None
            else:
                raise QueryError(
                    f"query {self.name!r} needs --param {p.name}=… (example: {p.name}={p.example})"
                )
        return bound


def parse_query_file(text: str, path: str = "<string>") -> CannedQuery:
    values: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("//"):
            if line.strip():
                break
            continue
        m = HEADER_LINE.match(line.strip())
        if not m:
            continue
        key, arg, value = m.group(1), m.group(2), m.group(3).strip()
        if key == "param" and arg:
            kind, optional, default = "str", False, False
            t = TYPE_SUFFIX.search(value)
            if t:
                flags = [f.strip() for f in t.group(1).split(",")]
                optional, default = "optional" in flags, "default" in flags
                kinds = [f for f in flags if f not in ("optional", "default")]
                kind = kinds[0] if kinds else "str"
                value = value[: t.start()].strip()
            params.append(Param(arg, value, kind, optional, default))
        else:
            values[key] = values.get(key, "") + (" " if key in values else "") + value
    for required in ("name", "question", "returns"):
        if required not in values:
            raise QueryError(f"{path}: header line '// {required}: …' is missing")
    question = values["question"].split("|", 1)
    uses = frozenset(PARAM_USE.findall(_strip_comments(text)))
    return CannedQuery(
        name=values["name"],
        question_en=question[0].strip(),
        question_zh=question[1].strip() if len(question) > 1 else "",
        params=tuple(params),
        returns=tuple(c.strip() for c in values["returns"].split(",") if c.strip()),
        cypher=text,
        path=path,
        description=values.get("description", ""),
        uses=uses,
    )


def _strip_comments(text: str) -> str:
    return "\n".join(
        line.split("//", 1)[0] if line.lstrip().startswith("//") else line for line in text.splitlines()
    )


#: The folder (under ``queries/``) of the viz pages' queries: the same header format and the same
#: tests as the canned queries, but not listed by ``policykg queries`` (they return paths).
VIEWS = "views"


def load_catalog(directory: str | Path | None = None, *, views: bool = False) -> dict[str, CannedQuery]:
    """All canned queries by name (the package's own ``queries/`` by default); with ``views``, the
    viz pages' queries of ``queries/views/`` instead."""
    if directory is None:
        root = resources.files("policykg.queries")
        if views:
            root = root / VIEWS
        files = [
            (f.name, f.read_text(encoding="utf-8")) for f in root.iterdir() if f.name.endswith(".cypher")
        ]
    else:
        files = [(p.name, p.read_text(encoding="utf-8")) for p in Path(directory).glob("*.cypher")]
    catalog: dict[str, CannedQuery] = {}
    for name, text in sorted(files):
        query = parse_query_file(text, name)
        if query.name in catalog:
            raise QueryError(f"{name}: query name {query.name!r} is used twice")
        catalog[query.name] = query
    return catalog


def load_views() -> dict[str, CannedQuery]:
    """The viz pages' queries (``queries/views/*.cypher``) by name."""
    return load_catalog(views=True)


def get_query(name: str, catalog: dict[str, CannedQuery] | None = None) -> CannedQuery:
    catalog = catalog if catalog is not None else load_catalog()
    if name not in catalog:
        raise QueryError(f"no query named {name!r}; known: {', '.join(sorted(catalog))}")
    return catalog[name]
