"""Render a typed networkx graph as a self-contained, offline vis-network page (built with pyvis).

The graph convention is the one of :mod:`policykg.graph.nx`: node attribute ``label`` (a label of
:mod:`policykg.graph.schema`) plus the node's properties; edge attribute ``type`` plus the edge's
properties, evidence (``source``, ``start``, ``end``, ``page``) included.

Why not pyvis's own ``write_html``: its template fetches Bootstrap from a CDN even with
``cdn_resources="in_line"`` (offline machines get a broken page) and builds HTML tooltips. pyvis
here collects nodes, edges and options and ships the vis-network script (its package file); the page
around them is ours:

* every piece of document text travels as JSON inside ``<script type="application/json">`` with
  ``<``, ``>`` and ``&`` escaped, and tooltips are built as DOM elements with ``textContent`` —
  vis-network then never parses document text as HTML;
* a Content-Security-Policy with a per-page nonce: only our own scripts run and nothing is fetched
  from the network, so even a mistake in the escaping could not execute a payload or leak a request.
"""

from __future__ import annotations

import html
import json
import secrets
import string
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import pyvis
from pyvis.network import Network

from policykg.graph import schema
from policykg.loaders import glossary
from policykg.viz.layout import END_ABOVE, select
from policykg.viz.layout import levels as layer_levels

Layout = Literal["force", "hierarchical"]
Assets = Literal["inline", "beside"]
Lang = Literal["zh", "en"]

#: The language of the pages being written (``policykg viz … --lang en``): :func:`language`.
_LANG: ContextVar[str] = ContextVar("policykg_viz_lang", default="zh")


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Pages rendered inside are in ``lang``: with ``en`` the agencies, regions and indicators are
    drawn with their English names from the glossary (:mod:`policykg.loaders.glossary`; the Chinese
    name stays in the tooltip), the legend and the node kinds in English. Plan titles and clause
    text are the documents' own words and stay as written."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def english_name(data: Mapping[str, Any]) -> str | None:
    """The glossary's English name of an agency, region or indicator node (None for the rest)."""
    label = data.get("label")
    name = data.get("name")
    if label == schema.AGENCY.label:
        return glossary.agency_en(str(name or ""), data.get("region_code") or data.get("region"))
    if label == schema.REGION.label:
        return glossary.region_en(str(data.get("code") or name or ""))
    if label == schema.INDICATOR.label:
        return glossary.indicator_en(str(data.get("key") or name or ""))
    if label == schema.TARGET.label:
        return glossary.indicator_en(str(data.get("metric") or ""))
    return None


#: The page template and its script (ours); vis-network itself comes from pyvis's package.
ASSETS = Path(__file__).parent / "assets"
#: The vis-network build pyvis ships (standalone UMD: vis.DataSet included).
VIS_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
#: Where ``assets="beside"`` puts it, relative to the page.
VIS_JS_BESIDE = "lib/vis-network.min.js"
LABEL_CHARS = 22  # longer labels are cut with "…"; the tooltip has the full text
LINE_CHARS = 11  # CJK has no spaces for vis-network to wrap at, so lines are broken here
QUOTE_CHARS = 400


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str


#: Colour and shape per label (keys from schema.py). Shapes with the label inside (box, ellipse)
#: for the document structure, shapes with the label below for the actors and measures. A label
#: not listed here (a new node type) is drawn in OTHER_STYLE; its name comes from the schema.
STYLES: dict[str, NodeStyle] = {
    schema.PLAN.label: NodeStyle("#1f4e79", "box"),
    schema.CLAUSE.label: NodeStyle("#9dc3e6", "ellipse"),
    schema.TARGET.label: NodeStyle("#ed7d31", "diamond"),
    schema.AGENCY.label: NodeStyle("#70ad47", "dot"),
    schema.OBLIGATION.label: NodeStyle("#7030a0", "triangle"),
    schema.REGION.label: NodeStyle("#7f7f7f", "square"),
    schema.INDICATOR.label: NodeStyle("#ffc000", "star"),
}
OTHER_STYLE = NodeStyle("#bfbfbf", "dot")
OTHER_NAME_ZH = "其他"
PLACEHOLDER_COLOUR = "#ffffff"


def name_zh(label: str) -> str:
    """The Chinese name of a label, as graph/schema.py declares it (其他 for a label it does not)."""
    node = schema.NODES.get(label)
    return node.name_zh if node is not None and node.name_zh else OTHER_NAME_ZH


#: Edge colours: the questions' edges stand out, structure stays grey.
EDGE_COLOURS: dict[str, str] = {
    schema.DERIVES_FROM.type: "#c00000",
    schema.RESPONSIBLE_FOR.type: "#548235",
    schema.BEARS.type: "#7030a0",
    schema.QUANTIFIES.type: "#c55a11",
    schema.MEASURES.type: "#bf9000",
    schema.CITES.type: "#2f5597",
}
EDGE_GREY = "#a6a6a6"


#: What a node's tooltip lists, per label, besides its evidence; a label not listed here lists its
#: schema properties (:func:`tip_fields`).
TIP_FIELDS: dict[str, tuple[str, ...]] = {
    schema.PLAN.label: ("title", "issuer", "date", "doc_number", "level", "region", "kind"),
    schema.CLAUSE.label: ("path", "heading", "document"),
    schema.TARGET.label: (
        "metric",
        "value",
        "value_max",
        "unit",
        "year",
        "base_year",
        "comparator",
        "direction",
    ),
    schema.AGENCY.label: ("name", "names", "agency_type", "region"),
    schema.OBLIGATION.label: ("modality", "due_year", "clause"),
    schema.REGION.label: ("name", "code", "level", "parent_code"),
    schema.INDICATOR.label: ("name", "names", "key"),
}


def tip_fields(label: str) -> tuple[str, ...]:
    """The tooltip fields of a label: :data:`TIP_FIELDS`, else its schema properties other than the
    id, the evidence and the searchable text."""
    if label in TIP_FIELDS:
        return TIP_FIELDS[label]
    node = schema.NODES.get(label)
    skip = {"id", "text", "search_text"}
    return tuple(p.name for p in node.properties if not p.evidence and p.name not in skip) if node else ()


#: Edges drawn once: PART_OF is the inverse of HAS_CLAUSE, two arrows between the same pair only
#: stack their labels on top of each other.
INVERSE_OF: dict[str, str] = {schema.PART_OF.type: schema.HAS_CLAUSE.type}
FONT_FACE = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"WenQuanYi Micro Hei", sans-serif'
)
EDGE_TIP_FIELDS = ("role", "agency_text", "score", "method", "relation", "title", "doc_number")


@dataclass(frozen=True)
class VizStats:
    """What was drawn: ``nodes``/``edges`` as the page has them (placeholders included),
    ``hidden`` = graph nodes left out by the cap."""

    nodes: int
    edges: int
    hidden: int


def render(
    graph: nx.MultiDiGraph,
    out: Path,
    title: str,
    layout: Layout = "force",
    cap: int = 300,
    *,
    focus: Iterable[Any] = (),
    assets: Assets = "inline",
    links: Mapping[Any, str] | None = None,
    note: str = "",
    end_above: frozenset[str] = END_ABOVE,
) -> VizStats:
    """Write ``graph`` to ``out`` as one HTML page and return what it shows.

    ``focus``: the nodes the view is about — kept first when ``cap`` cuts, drawn larger.
    ``assets``: ``"inline"`` puts vis-network in the page (one file to mail around);
    ``"beside"`` writes it once to ``lib/`` next to the page (for a site of many pages).
    ``links``: node → relative URL opened on double click (the index's pages).
    ``end_above``: edge types whose end node the hierarchical layout puts above the start.
    """
    if layout not in ("force", "hierarchical"):
        raise ValueError(f"layout must be 'force' or 'hierarchical', not {layout!r}")
    focus = [n for n in focus if n in graph]
    kept, placeholders, hidden = select(graph, cap, focus)
    net = Network(directed=True, cdn_resources="in_line")
    levels = layer_levels(graph.subgraph(kept), end_above) if layout == "hierarchical" else {}
    ids = {node: index for index, node in enumerate(kept)}
    focus_set = set(focus)
    for node in kept:
        data = attributes(graph.nodes[node], "label")
        options = _node_options(node, data, node in focus_set, links.get(node) if links else None)
        if node in levels:
            options["level"] = levels[node]
        net.add_node(ids[node], **options)
    edge_count = 0
    drawn = graph.subgraph(kept)
    for start, end, data in drawn.edges(data=True):
        if _redundant(drawn, start, end, data):
            continue
        net.add_edge(ids[start], ids[end], **_edge_options(attributes(data, "type")))
        edge_count += 1
    for index, (anchor, count) in enumerate(placeholders):
        pid = f"more-{index}"
        text = f"另有 {count} 个未显示\n{count} more not shown"
        more: dict[str, Any] = {
            "label": text,
            "shape": "box",
            "kind": "placeholder",
            "color": {"background": PLACEHOLDER_COLOUR, "border": EDGE_GREY},
            "shapeProperties": {"borderDashes": [4, 4]},
            "font": {"color": "#9c5700", "face": FONT_FACE, "size": 18},
            "tip": {"head": text, "rows": []},
        }
        if levels:  # vis-network's hierarchical layout wants a level on every node or on none
            more["level"] = levels[anchor] + 1 if anchor in levels else max(levels.values()) + 1
        net.add_node(pid, **more)
        if anchor is not None:
            net.add_edge(ids[anchor], pid, color=EDGE_GREY, dashes=True, arrows="", kind="placeholder")
            edge_count += 1
    stats = VizStats(nodes=len(kept) + len(placeholders), edges=edge_count, hidden=hidden)
    net.set_options(json.dumps(_vis_options(layout)))
    page = _page(net, title, stats, graph.number_of_nodes(), layout, assets, note)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if assets == "beside":
        lib = out.parent / VIS_JS_BESIDE
        lib.parent.mkdir(parents=True, exist_ok=True)
        if not lib.exists() or lib.stat().st_size != VIS_JS.stat().st_size:
            lib.write_bytes(VIS_JS.read_bytes())
    out.write_text(page, encoding="utf-8")
    return stats


def attributes(data: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """Properties and the schema label (or edge type) as one mapping.

    graph/nx.py nests properties under ``props`` (a Clause has a ``label`` property of its own, the
    printed （一）); graphs built by hand may put them at the top. The schema ``kind`` wins.
    """
    nested = data.get("props")
    merged = (
        {**nested, **{k: v for k, v in data.items() if k != "props"}}
        if isinstance(nested, Mapping)
        else dict(data)
    )
    merged[kind] = data.get(kind)
    return merged


def _redundant(graph: nx.MultiDiGraph, start: Any, end: Any, data: Mapping[str, Any]) -> bool:
    inverse = INVERSE_OF.get(str(data.get("type")))
    if inverse is None or not graph.has_edge(end, start):
        return False
    return any(d.get("type") == inverse for d in graph.get_edge_data(end, start).values())


# ---------------------------------------------------------------- nodes and edges


def node_caption(data: Mapping[str, Any]) -> str:
    """The short text drawn on a node (full text is in its tooltip)."""
    label = data.get("label")
    if label == schema.CLAUSE.label:
        text = " ".join(str(data[k]) for k in ("path", "heading") if data.get(k))
        text = text or str(data.get("text", ""))
    elif label == schema.TARGET.label:
        # the number stays whole on its own line; the metric is what gets cut
        value = f"{_number(data.get('value'))}{data.get('unit') or ''}"
        if data.get("year"):
            value += f" ({data['year']})"
        english = english_name(data) if _LANG.get() == "en" else None
        if english:
            return f"{wrap(truncate(english, 2 * LABEL_CHARS), LABEL_CHARS)}\n{value}"
        metric = wrap(truncate(str(data.get("metric", "")).strip(), LABEL_CHARS - LINE_CHARS), LINE_CHARS)
        return f"{metric}\n{value}"
    elif label == schema.PLAN.label:
        text = str(data.get("title") or data.get("id", ""))
    elif label == schema.OBLIGATION.label:
        text = str(data.get("modality", "")) + (f" {data['due_year']}" if data.get("due_year") else "")
    else:
        english = english_name(data) if _LANG.get() == "en" else None
        if english:  # English breaks at spaces: lines of LABEL_CHARS, cut at three times that
            return wrap(truncate(english, 3 * LABEL_CHARS), LABEL_CHARS)
        text = str(data.get("name") or data.get("title") or data.get("id", ""))
    return wrap(truncate(text.strip(), LABEL_CHARS), LINE_CHARS)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` characters, broken at spaces where there are any (CJK runs anywhere)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
            continue
        lines.extend(word[i : i + width] for i in range(0, len(word), width) or [0])
    return "\n".join(line for line in lines if line) or " "


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _node_options(node: Any, data: Mapping[str, Any], is_focus: bool, link: str | None) -> dict[str, Any]:
    label = str(data.get("label", ""))
    style = STYLES.get(label, OTHER_STYLE)
    options: dict[str, Any] = {
        "label": node_caption(data),
        "shape": style.shape,
        "color": style.colour,
        "kind": label,
        "nid": str(node),
        "tip": _tip(label or "Node", data, tip_fields(label), node),
        "font": {
            "color": "#ffffff" if label == schema.PLAN.label else "#222222",
            "size": 14,
            "face": FONT_FACE,
        },
    }
    if style.shape in ("dot", "diamond", "triangle", "square", "star"):
        options["size"] = 22 if is_focus else 14
    if is_focus:
        options["borderWidth"] = 4
        options["font"]["size"] = 17
    if link:
        options["url"] = link
    return options


def _edge_options(data: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(data.get("type", ""))
    options: dict[str, Any] = {
        "label": kind,
        "kind": kind,
        "color": EDGE_COLOURS.get(kind, EDGE_GREY),
        "tip": _tip(kind or "Edge", data, EDGE_TIP_FIELDS, None),
        "font": {"size": 10, "color": "#595959", "strokeWidth": 3, "align": "middle", "face": "sans-serif"},
    }
    if kind == schema.DERIVES_FROM.type:
        options["width"] = 3
    return options


def _tip(head: str, data: Mapping[str, Any], fields: Iterable[str], node: Any) -> dict[str, Any]:
    """Tooltip content as plain JSON data; the page turns it into DOM text nodes."""
    rows: list[list[str]] = []
    if node is not None:
        rows.append(["id", str(node)])
        english = english_name(data) if _LANG.get() == "en" else None
        if english:
            rows.append(["English", english])
    for field in fields:
        value = data.get(field)
        if value in (None, "", []):
            continue
        rows.append(
            [field, "、".join(map(str, value)) if isinstance(value, (list, tuple)) else _number(value)]
        )
    quote = data.get("quote") or data.get("text") or ""
    evidence = ""
    if data.get("source"):
        evidence = f"{data['source']}"
        if data.get("page") is not None:
            evidence += f" · 第{data['page']}页"
        if data.get("start") is not None:
            evidence += f" · [{data['start']}:{data.get('end')}]"
    return {"head": head, "rows": rows, "quote": truncate(str(quote), QUOTE_CHARS), "evidence": evidence}


def _vis_options(layout: Layout) -> dict[str, Any]:
    common: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": True},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": {"type": "continuous"},
        },  # "dynamic" adds a physics body per edge: 8x slower
        "nodes": {
            "borderWidth": 1,
            "widthConstraint": {"maximum": 180},
            "font": {"face": FONT_FACE},
            # labels stay drawn further out (vis hides them below 5 px): a hint of text beats none
            "scaling": {"label": {"drawThreshold": 3}},
        },
    }
    if layout == "hierarchical":
        common["layout"] = {
            "hierarchical": {
                "enabled": True,
                "direction": "UD",
                "sortMethod": "directed",
                "levelSeparation": 130,
                "nodeSpacing": 170,
                "treeSpacing": 200,
                "shakeTowards": "roots",
            }
        }
        common["physics"] = {"enabled": False}
        common["edges"]["smooth"] = {"type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4}
    else:
        # barnesHut with a fixed stabilisation budget, then physics off (the page stops moving)
        common["physics"] = {
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -7000,
                "centralGravity": 0.5,
                "springLength": 130,
                "springConstant": 0.04,
                "damping": 0.4,
                "avoidOverlap": 0.8,
            },
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
            "maxVelocity": 40,
            "minVelocity": 1,
        }
    return common


# ---------------------------------------------------------------- the page


def json_for_script(value: Any) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment/CDATA inside it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _legend(kinds: Iterable[str], edge_kinds: Iterable[str]) -> str:
    items = []
    for kind in sorted(set(kinds), key=lambda k: list(STYLES).index(k) if k in STYLES else len(STYLES)):
        style = STYLES.get(kind, OTHER_STYLE)
        items.append(
            f'<li><span class="sw {html.escape(style.shape)}" style="background:{style.colour}">'
            f"</span>{html.escape(kind)} {html.escape(_kind_name(kind))}</li>"
        )
    for kind in sorted(set(edge_kinds)):
        colour = EDGE_COLOURS.get(kind, EDGE_GREY)
        items.append(f'<li><span class="ln" style="background:{colour}"></span>{html.escape(kind)}</li>')
    return "<ul>" + "".join(items) + "</ul>"


def _kind_name(kind: str) -> str:
    """The legend's second word: the label's Chinese name, or with ``--lang en`` its English one."""
    if _LANG.get() == "en":
        return f"({glossary.term_en('label', kind) or kind.lower()})"
    return name_zh(kind)


def _page(
    net: Network, title: str, stats: VizStats, total: int, layout: Layout, assets: Assets, note: str
) -> str:
    nodes, edges, _, _, _, options = net.get_network_data()
    nonce = secrets.token_urlsafe(18)
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "layout": layout,
        "stats": {"nodes": stats.nodes, "edges": stats.edges, "hidden": stats.hidden, "total": total},
    }
    kinds = [n["kind"] for n in nodes if n.get("kind") != "placeholder"]
    edge_kinds = [e["kind"] for e in edges if e.get("kind") != "placeholder"]
    shown = f"{total - stats.hidden} / {total} nodes"
    banner = (
        (
            f'<p class="cap">Showing {shown}: {stats.hidden} more not shown (cap) · '
            f"另有 {stats.hidden} 个节点未显示</p>"
        )
        if stats.hidden
        else ""
    )
    if assets == "inline":
        vis = f'<script nonce="{nonce}">{VIS_JS.read_text(encoding="utf-8")}</script>'
    else:
        vis = f'<script nonce="{nonce}" src="{VIS_JS_BESIDE}"></script>'
    csp = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return string.Template((ASSETS / "page.html").read_text(encoding="utf-8")).substitute(
        csp=csp,
        lang=html.escape(_LANG.get()),
        title=html.escape(title),
        nonce=nonce,
        vis=vis,
        legend=_legend(kinds, edge_kinds),
        banner=banner,
        note=f'<p class="note">{html.escape(note)}</p>' if note else "",
        summary=html.escape(f"{stats.nodes} nodes · {stats.edges} edges · {layout}"),
        data=json_for_script(data),
        script=(ASSETS / "page.js").read_text(encoding="utf-8"),
    )
