"""``out/index.html``: an overview of the graph linking to a bounded set of generated view pages.

Plans (grouped by level, then region) link to their lineage pages, agencies (by workload) to their
ego networks, indicators (by number of targets) to their cross-region pages, regions to their
overviews. Pages share one vis-network file (``pages/lib/``) and link to each other: a node that
has a page opens it on double click.
"""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from policykg.errors import QueryError
from policykg.graph import schema as s
from policykg.queries.run import run_view
from policykg.viz.views import viz_agency, viz_indicator, viz_lineage, viz_region

MAX_PLANS = 200
MAX_AGENCIES = 60
MAX_INDICATORS = 60
MAX_REGIONS = 60
PAGES = "pages"


@dataclass
class IndexStats:
    pages: int = 0
    failed: list[str] = field(default_factory=list)  # "kind id: reason" for pages not written
    nodes: int = 0
    hidden: int = 0


def _page_name(kind: str, node_id: str) -> str:
    # ids hold Chinese and punctuation: a short hash keeps file names portable
    return f"{kind}-{hashlib.sha1(node_id.encode()).hexdigest()[:12]}.html"


def write_index(driver: neo4j.Driver, database: str, out_dir: Path, cap: int = 300) -> IndexStats:
    """Write ``out_dir/index.html`` and its pages under ``out_dir/pages/``; returns what was written."""
    out_dir = Path(out_dir)
    pages = out_dir / PAGES
    pages.mkdir(parents=True, exist_ok=True)
    # the lists: view queries queries/views/index_*.cypher
    listed = {
        "plan": run_view(driver, "index_plans", {"limit": MAX_PLANS}, database),
        "agency": run_view(driver, "index_agencies", {"limit": MAX_AGENCIES}, database),
        "indicator": run_view(driver, "index_indicators", {"limit": MAX_INDICATORS}, database),
        "region": run_view(driver, "index_regions", {"limit": MAX_REGIONS}, database),
    }
    views: dict[str, Any] = {
        "plan": viz_lineage,
        "agency": viz_agency,
        "indicator": viz_indicator,
        "region": viz_region,
    }
    # every page links to every other page its nodes have (page names are relative: same folder)
    links = {r["id"]: _page_name(kind, r["id"]) for kind, rows in listed.items() for r in rows}
    stats = IndexStats()
    written: set[str] = set()
    for kind, rows in listed.items():
        for row in rows:
            try:
                view = views[kind](
                    driver,
                    database,
                    row["id"],
                    out=pages / links[row["id"]],
                    cap=cap,
                    assets="beside",
                    links=links,
                )
            except QueryError as exc:  # a listed node the view cannot show: the index says so
                stats.failed.append(f"{kind} {row['id']}: {exc.message}")
                continue
            written.add(row["id"])
            stats.pages += 1
            stats.nodes += view.nodes
            stats.hidden += view.hidden
    (out_dir / "index.html").write_text(_index_html(listed, links, written), encoding="utf-8")
    return stats


def _link(row: Any, links: dict[str, str], written: set[str], extra: str = "") -> str:
    name = html.escape(str(row["name"] or row["id"]))
    tail = f" <small>{html.escape(extra)}</small>" if extra else ""
    if row["id"] in written:
        return f'<li><a href="{PAGES}/{html.escape(links[row["id"]])}">{name}</a>{tail}</li>'
    return f"<li>{name}{tail}</li>"


def _index_html(listed: dict[str, list[Any]], links: dict[str, str], written: set[str]) -> str:
    order = {level: i for i, level in enumerate(s.PLAN_LEVELS)}
    by_level: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in listed["plan"]:
        by_level[row["level"] or "other"][row["region"] or "—"].append(row)
    parts = ["<section><h2>方案 Plans</h2>"]
    for level in sorted(by_level, key=lambda lv: order.get(lv, len(order))):
        parts.append(f"<h3>{html.escape(level)}</h3>")
        for region, rows in sorted(by_level[level].items()):
            items = "".join(_link(r, links, written, str(r["date"] or "")) for r in rows)
            heading = f"<h4>{html.escape(region)}</h4>" if region != "—" else ""
            parts.append(f"{heading}<ul>{items}</ul>")
    parts.append("</section>")
    for kind, heading in (
        ("agency", "单位 Agencies (by obligations)"),
        ("indicator", "指标 Indicators (by targets)"),
        ("region", "地区 Regions (by plans)"),
    ):
        items = "".join(_link(r, links, written, f"{r['work']}") for r in listed[kind])
        parts.append(f"<section><h2>{html.escape(heading)}</h2><ul>{items}</ul></section>")
    counts = " · ".join(f"{len(rows)} {kind}" for kind, rows in listed.items())
    return _INDEX.replace("$counts", html.escape(counts)).replace("$body", "\n".join(parts))


_INDEX = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>policykg · 碳达峰政策知识图谱</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif;
       margin: 20px 32px; color: #222; }
h1 { font-size: 22px; } h2 { border-bottom: 1px solid #ddd; margin-top: 28px; }
h3 { margin: 16px 0 4px; color: #1f4e79; } h4 { margin: 8px 0 2px; color: #555; font-weight: normal; }
ul { columns: 3 320px; margin: 0; padding-left: 20px; } li { margin: 2px 0; } small { color: #888; }
</style>
</head>
<body>
<h1>policykg · 碳达峰政策知识图谱</h1>
<p>$counts. Each page is self-contained and works offline.</p>
$body
</body>
</html>
"""
