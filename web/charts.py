"""Server-side SVG charts (no script, no library: they render offline and under the strict CSP).

Every piece of text in a chart (series names, tooltips) is escaped here; links are the
workbench's own relative URLs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#c00000", "#2f5597", "#7f7f7f")
WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 70, 200, 16, 36
MAX_SERIES = 12  # more series than this are drawn in grey, without a legend entry


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    series: str
    tip: str
    href: str = ""


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        return [low]
    step = (high - low) / (count - 1)
    return [low + i * step for i in range(count)]


def _fmt(value: float) -> str:
    if abs(value) >= 1e8:
        return f"{value / 1e8:g}亿"
    if abs(value) >= 1e4:
        return f"{value / 1e4:g}万"
    return f"{value:.3g}"


def year_chart(points: Sequence[Point], unit: str = "", title: str = "") -> Markup:
    """Values by year, one coloured line per series (region or plan); empty when nothing to draw."""
    points = [p for p in points if p.year and p.value is not None]
    if not points:
        return Markup("")
    years = sorted({p.year for p in points})
    low_year, high_year = years[0] - 1, years[-1] + 1
    high = max(p.value for p in points)
    low = min(0.0, min(p.value for p in points))
    high = high if high > low else low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: float) -> float:
        return LEFT + (year - low_year) / (high_year - low_year) * plot_w

    def y(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    series: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        series[point.series].append(point)
    order = sorted(series, key=lambda s: (-len(series[s]), s))
    colours = {
        name: PALETTE[i % len(PALETTE)] if i < MAX_SERIES else "#bfbfbf" for i, name in enumerate(order)
    }
    parts = [
        (
            f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">'
        )
    ]
    for tick in _ticks(low, high):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e5e5e5"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">{escape(_fmt(tick))}</text>'
        )
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">{year}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#999"/>'
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#999"/>'
    )
    if unit:
        parts.append(f'<text x="4" y="{TOP + 4}" font-size="11">{escape(unit)}</text>')
    for name in reversed(order):  # the largest series drawn last, on top
        line = sorted(series[name], key=lambda p: p.year)
        colour = colours[name]
        if len(line) > 1:
            coords = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in line)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for p in line:
            dot = (
                f'<circle cx="{x(p.year):.1f}" cy="{y(p.value):.1f}" r="4" fill="{colour}">'
                f"<title>{escape(p.tip)}</title></circle>"
            )
            if p.href.startswith("/") and not p.href.startswith("//"):
                dot = f'<a href="{escape(p.href)}">{dot}</a>'
            parts.append(dot)
    for index, name in enumerate(order[:MAX_SERIES]):
        ly = TOP + 8 + index * 16
        parts.append(
            f'<rect x="{WIDTH - RIGHT + 12}" y="{ly - 8}" width="10" height="10" fill="{colours[name]}"/>'
            f'<text x="{WIDTH - RIGHT + 28}" y="{ly + 1}" font-size="11">{escape(name[:14])}</text>'
        )
    if len(order) > MAX_SERIES:
        more = len(order) - MAX_SERIES
        parts.append(
            f'<text x="{WIDTH - RIGHT + 12}" y="{TOP + 8 + MAX_SERIES * 16}" font-size="11">'
            f"另有 {more} 个 (+{more} more)</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
