"""viz/page.py: pages from synthetic typed graphs, checked as text and in headless Chromium.

The graphs follow the graph/nx.py convention (node ``label`` + properties, edge ``type`` + properties)
and carry hostile document text: each payload, if it ever ran, would set ``window.__pwned`` or
change ``document.title``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from browser import Browser, Page, chromium_or_skip, left_the_machine

from policykg.graph import schema
from policykg.viz.page import VIS_JS_BESIDE, json_for_script, node_caption, render, select

SCRIPT_PAYLOAD = "<script>window.__pwned='script';document.title='pwned'</script>"
IMG_PAYLOAD = "<img src=x onerror=\"window.__pwned='img';document.title='pwned'\">"
CLOSE_PAYLOAD = "</script><script>window.__pwned='close'</script><!--"
SHOTS = os.environ.get("POLICYKG_VIZ_SHOTS")  # set to a folder to keep the screenshots

P, C, T, A, R, I = (
    schema.PLAN.label,
    schema.CLAUSE.label,
    schema.TARGET.label,
    schema.AGENCY.label,
    schema.REGION.label,
    schema.INDICATOR.label,
)


def hostile_graph() -> nx.MultiDiGraph:
    """A national clause, a Qingdao clause deriving from it, its target, agencies and region."""
    g = nx.MultiDiGraph()
    g.add_node(
        "plan:national",
        label=P,
        title="国务院关于印发2030年前碳达峰行动方案的通知",
        level="national",
        source="003_compilation.txt",
        start=0,
        end=40,
        page=1,
    )
    g.add_node("plan:qingdao", label=P, title="青岛市碳达峰实施方案" + SCRIPT_PAYLOAD, level="city")
    g.add_node(
        "clause:n",
        label=C,
        path="三（一）",
        heading="大力发展新能源",
        text="全面推进风电、太阳能发电大规模开发和高质量发展" + IMG_PAYLOAD,
        source="003_compilation.txt",
        start=5120,
        end=5230,
        page=12,
    )
    g.add_node(
        "clause:q",
        label=C,
        path="二（一）1",
        heading="推进新能源发展" + CLOSE_PAYLOAD,
        text="到2025年，可再生能源装机容量达到1000万千瓦。",
    )
    g.add_node(
        "target:q",
        label=T,
        metric="可再生能源装机容量",
        value=1000.0,
        unit="万千瓦",
        year="2025",
        text="可再生能源装机容量达到1000万千瓦",
    )
    g.add_node("agency:fgw", label=A, name="青岛市发展和改革委员会")
    g.add_node("agency:evil", label=A, name=IMG_PAYLOAD)
    g.add_node("indicator:re", label=I, name="可再生能源装机容量")
    g.add_node("region:qd", label=R, name="青岛市", code="370200")
    g.add_edge("plan:national", "clause:n", type=schema.HAS_CLAUSE.type)
    g.add_edge("clause:n", "plan:national", type=schema.PART_OF.type)  # inverse: drawn once
    g.add_edge("plan:qingdao", "clause:q", type=schema.HAS_CLAUSE.type)
    g.add_edge("clause:q", "plan:qingdao", type=schema.PART_OF.type)
    g.add_edge("clause:q", "clause:n", type=schema.DERIVES_FROM.type, score=0.83, method="tfidf")
    g.add_edge("plan:qingdao", "plan:national", type=schema.DERIVES_FROM.type, score=0.9, method="citation")
    g.add_edge("target:q", "clause:q", type=schema.QUANTIFIES.type)
    g.add_edge("target:q", "indicator:re", type=schema.MEASURES.type)
    g.add_edge(
        "agency:fgw",
        "clause:q",
        type=schema.RESPONSIBLE_FOR.type,
        role="lead",
        agency_text="市发展改革委" + CLOSE_PAYLOAD,
        source="004_qingdao.txt",
        start=900,
        end=906,
        page=3,
    )
    g.add_edge("agency:evil", "clause:q", type=schema.RESPONSIBLE_FOR.type, role="participant")
    g.add_edge("plan:qingdao", "region:qd", type=schema.APPLIES_TO.type)
    return g


def star_graph(spokes: int) -> nx.MultiDiGraph:
    """An agency responsible for ``spokes`` clauses, each in one of 20 plans: a view that explodes."""
    g = nx.MultiDiGraph()
    g.add_node("agency:hub", label=A, name="国家发展改革委")
    for p in range(20):
        g.add_node(f"plan:{p}", label=P, title=f"第{p}号实施方案")
    for i in range(spokes):
        g.add_node(f"clause:{i}", label=C, path=f"{i}", heading=f"任务{i}")
        g.add_edge("agency:hub", f"clause:{i}", type=schema.RESPONSIBLE_FOR.type, role="lead")
        g.add_edge(f"clause:{i}", f"plan:{i % 20}", type=schema.PART_OF.type)
    return g


# ---------------------------------------------------------------- without a browser


def test_json_for_script_cannot_close_the_script_element() -> None:
    text = json_for_script({"x": CLOSE_PAYLOAD + "&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "\\u003c/script\\u003e" in text


def test_page_has_no_raw_payload_and_no_remote_url(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    stats = render(hostile_graph(), out, "标题 " + SCRIPT_PAYLOAD)
    page = out.read_text(encoding="utf-8")
    assert stats.nodes == 9 and stats.hidden == 0
    assert stats.edges == 9  # 11 edges less the two PART_OF drawn as their HAS_CLAUSE
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, CLOSE_PAYLOAD, 'onerror="window'):
        assert payload not in page
    assert "&lt;script&gt;window.__pwned" in page  # the title, escaped
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) is None  # nothing to fetch
    assert "Content-Security-Policy" in page


def test_captions_are_short_chinese_and_typed() -> None:
    g = hostile_graph()
    assert node_caption(g.nodes["target:q"]) == "可再生能源装机容量\n1000万千瓦 (2025)"
    assert node_caption(g.nodes["clause:n"]) == "三（一）\n大力发展新能源"
    long_title = node_caption(g.nodes["plan:national"])
    assert long_title.endswith("…") and len(long_title.replace("\n", "")) == 22


def test_cap_keeps_the_focus_and_counts_the_rest() -> None:
    g = star_graph(1000)
    kept, placeholders, hidden = select(g, 300, ["agency:hub"])
    assert len(kept) == 300 and hidden == 721 and kept[0] == "agency:hub"
    assert sum(count for _, count in placeholders) == 721
    assert placeholders[0][0] == "agency:hub"  # the hidden clauses hang on the hub


def test_layout_argument_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="hierarchical"):
        render(hostile_graph(), tmp_path / "x.html", "x", layout="circle")  # type: ignore[arg-type]


# ---------------------------------------------------------------- in headless Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(chromium_or_skip()) as running:
        yield running


def _loaded(page: Page) -> dict[str, object]:
    page.wait_for("window.policykg && window.policykg.ready", timeout=90)
    return dict(
        page.evaluate(
            "({nodes: policykg.network.body.data.nodes.length, edges: policykg.network.body.data.edges.length,"
            " drawn: Object.keys(policykg.network.body.nodes).length, title: document.title,"
            " pwned: String(window.__pwned), stats: policykg.stats})"
        )
    )


def _assert_clean(page: Page, title: str) -> None:
    state = _loaded(page)
    assert state["pwned"] == "undefined" and state["title"] == title
    assert page.exceptions() == []
    assert [u for u in page.requested_urls() if left_the_machine(u)] == []
    assert all(u.startswith("file://") for u in page.requested_urls())


def _shoot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(Path(SHOTS) / f"{name}.png")


@pytest.mark.parametrize("layout", ["force", "hierarchical"])
def test_page_renders_in_chromium_and_no_payload_runs(browser: Browser, tmp_path: Path, layout: str) -> None:
    out = tmp_path / f"hostile-{layout}.html"
    title = "青岛 " + SCRIPT_PAYLOAD
    stats = render(hostile_graph(), out, title, layout=layout, focus=["clause:q"])  # type: ignore[arg-type]
    with browser.open(out) as page:
        state = _loaded(page)
        assert (state["nodes"], state["edges"]) == (stats.nodes, stats.edges) == (9, 9)
        _assert_clean(page, title)
        # hover the hostile agency: its tooltip shows the payload as text and adds no element
        x, y = page.evaluate(
            "(() => { const n = policykg.network; const id = n.body.data.nodes.get({filter: d => "
            "d.nid === 'agency:evil'})[0].id; const p = n.canvasToDOM(n.getPositions([id])[id]);"
            " const r = document.getElementById('network').getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; })()"
        )
        page.hover(x - 1, y - 1)
        page.hover(x, y)
        page.wait_for(
            "document.querySelector('div.vis-tooltip') && "
            "document.querySelector('div.vis-tooltip').style.visibility === 'visible'",
            10,
        )
        tooltip = page.evaluate("document.querySelector('div.vis-tooltip').textContent")
        assert IMG_PAYLOAD in tooltip
        assert page.evaluate("document.querySelectorAll('img, #network script').length") == 0
        assert page.evaluate("String(window.__pwned)") == "undefined"
        _shoot(page, f"hostile-{layout}")


@pytest.mark.parametrize("layout", ["force", "hierarchical"])
def test_capped_view_shows_how_many_are_hidden(browser: Browser, tmp_path: Path, layout: str) -> None:
    out = tmp_path / "capped.html"
    stats = render(
        star_graph(600), out, "国家发展改革委 ego network", cap=200, focus=["agency:hub"], layout=layout
    )  # type: ignore[arg-type]
    assert stats.hidden == 421
    with browser.open(out) as page:
        state = _loaded(page)
        assert (state["nodes"], state["edges"]) == (stats.nodes, stats.edges)
        assert page.evaluate(
            "policykg.network.body.data.nodes.get({filter: d => d.kind === 'placeholder'})"
            ".map(d => d.label).join('|')"
        ).startswith("另有 ")
        assert "421 more not shown" in page.evaluate("document.querySelector('p.cap').textContent")
        _assert_clean(page, "国家发展改革委 ego network")
        _shoot(page, f"capped-{layout}")


def test_pages_sharing_vis_beside_them_work_offline(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "site" / "plan" / "p.html"
    render(hostile_graph(), out, "beside", assets="beside", layout="hierarchical")
    assert (out.parent / VIS_JS_BESIDE).exists() and out.stat().st_size < 60_000
    with browser.open(out) as page:
        assert _loaded(page)["nodes"] == 9
        _assert_clean(page, "beside")


def test_empty_view_and_links(browser: Browser, tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    assert render(nx.MultiDiGraph(), empty, "nothing", note="the query returned nothing").nodes == 0
    with browser.open(empty) as page:
        assert _loaded(page)["nodes"] == 0
        assert "the query returned nothing" in page.evaluate("document.querySelector('p.note').textContent")
    linked = tmp_path / "linked.html"
    render(hostile_graph(), linked, "links", links={"plan:national": "plan-0123.html"})
    with browser.open(linked) as page:
        _loaded(page)
        assert page.evaluate("policykg.network.body.data.nodes.get().filter(n => n.url).map(n => n.url)") == [
            "plan-0123.html"
        ]


def test_viz_is_a_leaf_without_cypher() -> None:
    """Viz reads query results: no Cypher in viz/ (its queries are queries/views/*.cypher), and no
    stage before it imports it (only the CLI and the workbench do)."""
    import ast

    root = Path(__file__).resolve().parents[2]
    cypher = re.compile(r"\b(MATCH|MERGE|UNWIND|RETURN)\b")
    for path in sorted((root / "viz").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not cypher.search(node.value), f"{path.name}:{node.lineno}: Cypher in viz"
    for stage in ("loaders", "graph", "queries"):
        for path in sorted((root / stage).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                assert not any(n.startswith("policykg.viz") for n in names), f"{path}: imports viz"
