"""Templates and the helpers they use: links, highlighting, numbers, labels.

Jinja2 autoescapes every template (``select_autoescape`` on ``.html``). Document text reaches a page
only through autoescaped expressions or through :func:`highlight` and :func:`marked`, which escape
each piece themselves before wrapping matches in ``<mark>``: no document text is ever marked safe
as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from policykg.loaders import glossary
from policykg.queries.labels import FORCE_ZH, KIND_ZH, LEVEL_ZH, ROLE_ZH, zh
from policykg.web.sources import Segment

TEMPLATES = Path(__file__).parent / "templates"

#: URL prefix of each page kind (also the API's kinds).
KINDS: dict[str, str] = {
    "Plan": "plan",
    "Clause": "clause",
    "Target": "target",
    "Agency": "agency",
    "Region": "region",
    "Indicator": "indicator",
}


def link(kind: str, ident: Any) -> str:
    """The page of a node: ``/clause/003_…/002/三（一）`` (percent-encoded, slashes kept)."""
    prefix = KINDS.get(kind, kind.lower())
    return f"/{prefix}/{quote(str(ident), safe='/')}"


def source_link(source: Any, start: Any, end: Any) -> str:
    return "/source?" + urlencode({"source": source, "start": start, "end": end})


def query_link(path: str, **params: Any) -> str:
    return path + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def highlight(text: Any, words: Iterable[str]) -> Markup:
    """``text`` escaped, every occurrence of a word wrapped in ``<mark>``."""
    if text is None:
        return Markup("")
    value = str(text)
    wanted = sorted({w for w in words if w}, key=len, reverse=True)
    if not wanted:
        return Markup(escape(value))
    pieces: list[Markup] = []
    position = 0
    index = 0
    while index < len(value):
        hit = next((w for w in wanted if value.startswith(w, index)), None)
        if hit is None:
            index += 1
            continue
        pieces.append(escape(value[position:index]))
        pieces.append(Markup("<mark>") + escape(hit) + Markup("</mark>"))
        index += len(hit)
        position = index
    pieces.append(escape(value[position:]))
    return Markup("").join(pieces)


def marked(runs: Iterable[Segment | Mapping[str, Any]]) -> Markup:
    """Text runs as escaped HTML: marked runs become ``<mark class=KIND>`` linking to their node."""
    pieces: list[Markup] = []
    for run in runs:
        data = run.__dict__ if isinstance(run, Segment) else run
        text = escape(str(data.get("text", "")))
        kind = str(data.get("kind", ""))
        if not kind:
            pieces.append(text)
            continue
        title = escape(str(data.get("title", "")))
        ref = str(data.get("ref", ""))
        inner = Markup(f'<mark class="{escape(kind)}" title="{title}">') + text + Markup("</mark>")
        if ref and kind in ("target", "agency"):
            href = link("Target" if kind == "target" else "Agency", ref)
            inner = Markup(f'<a href="{escape(href)}">') + inner + Markup("</a>")
        pieces.append(inner)
    return Markup("").join(pieces)


def number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def target_value(row: Mapping[str, Any]) -> str:
    """``≥ 600 万千瓦`` / ``10–12 %`` from a target's value, value_max, comparator and unit."""
    comparators = {"ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< ", "about": "约 ", "eq": ""}
    value = number(row.get("value"))
    if row.get("value_max") is not None:
        value += "–" + number(row.get("value_max"))
    return f"{comparators.get(str(row.get('comparator') or ''), '')}{value} {row.get('unit') or ''}".strip()


def header(column: str, lang: object = "zh") -> str:
    """A table header from the glossary's ``column`` terms: ``地区 region``, or ``region`` for
    ``?lang=en`` (a column it lacks: its name spaced)."""
    entry = glossary.terms().get(("column", column))
    english = entry[1] if entry else column.replace("_", " ")
    return english if lang == "en" or entry is None else f"{entry[0]} {english}"


def term(value: Any, group: str, lang: object = "zh") -> str:
    """A closed value (role, force, level, verdict …): ``更弱 weaker``, or the glossary's English
    for ``?lang=en``; a value it lacks as it is."""
    if value is None or value == "":
        return ""
    entry = glossary.terms().get((group, str(value)))
    if entry is None:
        return str(value)
    return entry[1] if lang == "en" else f"{entry[0]} {value}"


def named(value: Any, kind: str, lang: object = "zh", region: Any = None) -> str:
    """A region's, agency's or indicator's name: the glossary's English for ``?lang=en`` where it has
    one, else the name as written."""
    if value is None:
        return ""
    if lang != "en":
        return str(value)
    return glossary.english(kind, value, str(region) if region else None) or str(value)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        link=link,
        quote_id=lambda ident: quote(str(ident), safe="/"),
        source_link=source_link,
        query_link=query_link,
        highlight=highlight,
        marked=marked,
        kind_zh=lambda kind: KIND_ZH.get(str(kind), ""),
        header=header,
    )
    env.filters.update(
        number=number,
        target_value=target_value,
        role=lambda v: zh(ROLE_ZH, v),
        force=lambda v: zh(FORCE_ZH, v),
        level=lambda v: zh(LEVEL_ZH, v),
        term=term,
        named=named,
    )
    return env
