"""The panel as a picture: for each place and indicator, the target of every year beside the result the next
report gives for it, as inline SVG (``gwr panel --plot FILE.svg``) or a self-contained HTML page
(``--plot FILE.html``), which loads nothing and runs no script, like the ``gwr report`` page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from .panel import PanelRow, midpoint, unit_base

TARGET_COLOUR = "#d98a00"
ACTUAL_COLOUR = "#2f6fd6"
# Indicators drawn first, in this order; the others follow by key.
FIRST = ("gdp", "cpi", "urban_new_jobs", "urban_registered_unemployment", "urban_surveyed_unemployment")
WIDTH, HEIGHT = 720, 190
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 30, 30


def plotted_series(rows: Sequence[PanelRow]) -> list[tuple[tuple[str, str, str], list[PanelRow]]]:
    """The rows grouped by place, indicator and unit base, in year order, for the series that have a target in
    some year (results alone have nothing to be set beside); GDP, prices and jobs first."""
    groups: dict[tuple[str, str, str], list[PanelRow]] = {}
    for row in rows:
        groups.setdefault((row.place, row.indicator, unit_base(row.unit)[0]), []).append(row)
    order = {k: i for i, k in enumerate(FIRST)}
    kept = [(key, sorted(group, key=lambda r: r.year)) for key, group in groups.items()
            if any(r.target_doc_id is not None for r in group)]
    return sorted(kept, key=lambda item: (item[0][0], order.get(item[0][1], len(order)), item[0][1], item[0][2]))


def panel_svg(rows: Sequence[PanelRow]) -> str:
    """One chart per series of :func:`plotted_series`, stacked: targets as open marks (a circle for about or a
    point, a triangle up for at least, down for at most, a bar for a range), results as filled dots, a dashed
    line from each target to its year's result."""
    series = plotted_series(rows)
    legend_h = 26
    height = legend_h + HEIGHT * max(len(series), 1)
    parts = [f'<svg class="panel" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="targets against results by year" '
             'font-family="sans-serif" font-size="12">', _legend()]
    if not series:
        parts.append(f'<text x="{LEFT}" y="{legend_h + 40}">no indicator has a target</text>')
    for i, (key, group) in enumerate(series):
        parts.append(_chart(key, group, legend_h + i * HEIGHT))
    parts.append("</svg>")
    return "".join(parts)


def panel_page(rows: Sequence[PanelRow], title: str = "目标与实际 · targets against results") -> str:
    """A self-contained HTML page holding :func:`panel_svg`."""
    paired = sum(r.target_doc_id is not None and r.actual_doc_id is not None for r in rows)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{escape(title)}</title>",
        "<style>body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
        "sans-serif;margin:0 auto;max-width:760px;padding:1.5em;color:#1d1d1d}"
        ".note{color:#666;font-size:.85em}</style>",
        "</head>", "<body>", f"<h1>{escape(title)}</h1>",
        f'<p class="note">{len(rows)} rows, {paired} with both a target and a result. Targets come from each '
        "year's report, results from the next report of the same place.</p>",
        panel_svg(rows), "</body>", "</html>",
    ]) + "\n"


def _legend() -> str:
    return (f'<g class="legend" transform="translate({LEFT},6)">'
            f'<circle cx="6" cy="8" r="4.5" fill="none" stroke="{TARGET_COLOUR}" stroke-width="2"/>'
            '<text x="16" y="12">目标 target (▲ at least, ▼ at most, │ range)</text>'
            f'<circle cx="290" cy="8" r="4" fill="{ACTUAL_COLOUR}"/><text x="300" y="12">实际 result</text></g>')


def _chart(key: tuple[str, str, str], rows: list[PanelRow], top: int) -> str:
    place, indicator, _ = key
    values = [v for r in rows for v in (r.target_value, r.target_value_low, r.target_value_high, r.actual_value)
              if v is not None]
    low, high = _padded(min(values), max(values))
    first, last = rows[0].year, rows[-1].year
    if first == last:
        first, last = first - 1, last + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: float) -> float:
        return LEFT + (year - first) / (last - first) * plot_w

    def y(value: float) -> float:
        return top + TOP + (high - value) / (high - low) * plot_h

    name = next((r.indicator_text for r in rows if r.target_doc_id is not None), rows[0].indicator_text)
    unit = next((r.unit for r in rows if r.target_doc_id is not None), rows[0].unit)
    out = [f'<g class="series" data-place="{escape(place)}" data-indicator="{escape(indicator)}" '
           f'data-unit="{escape(unit)}">',
           f'<text x="{LEFT}" y="{top + 18}" font-weight="bold">{escape(place or "—")} · {escape(indicator)} · '
           f'{escape(name)} ({escape(unit)})</text>',
           f'<rect x="{LEFT}" y="{top + TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ddd"/>']
    for tick in _ticks(low, high):
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#eee"/>'
                   f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#555">'
                   f'{_label(tick)}</text>')
    for year in _year_ticks(first, last):
        out.append(f'<text x="{x(year):.1f}" y="{top + TOP + plot_h + 16}" text-anchor="middle" fill="#555">'
                   f"{year}</text>")
    out.append(_line([(x(r.year), y(r.actual_value)) for r in rows if r.actual_value is not None],
                     [r.year for r in rows if r.actual_value is not None], ACTUAL_COLOUR))
    for r in rows:
        point = _target_point(r)
        if point is not None and r.actual_value is not None:
            out.append(f'<line class="gap" x1="{x(r.year):.1f}" x2="{x(r.year):.1f}" y1="{y(point):.1f}" '
                       f'y2="{y(r.actual_value):.1f}" stroke="#999" stroke-dasharray="3,2"/>')
        if point is not None:
            out.append(_target_mark(r, x(r.year), y, point))
        if r.actual_value is not None:
            out.append(f'<circle class="actual" data-year="{r.year}" data-value="{_label(r.actual_value)}" '
                       f'cx="{x(r.year):.1f}" cy="{y(r.actual_value):.1f}" r="4" fill="{ACTUAL_COLOUR}">'
                       f"<title>{r.year}: {_label(r.actual_value)} {escape(r.unit)}</title></circle>")
    out.append("</g>")
    return "".join(out)


def _target_point(row: PanelRow) -> float | None:
    return midpoint(row.target_value, row.target_value_low, row.target_value_high)


def _target_mark(row: PanelRow, cx: float, y, point: float) -> str:
    attrs = (f'class="target" data-year="{row.year}" data-value="{_label(point)}" '
             f'data-comparator="{escape(row.target_comparator or "")}" fill="none" stroke="{TARGET_COLOUR}" '
             'stroke-width="2"')
    tip = f"<title>{row.year}: {escape(row.target_comparator or '')} {_label(point)} {escape(row.unit)}</title>"
    cy = y(point)
    if row.target_comparator == "range" and row.target_value_low is not None and row.target_value_high is not None:
        top, bottom = y(row.target_value_high), y(row.target_value_low)
        return (f'<path {attrs} d="M{cx - 4:.1f},{top:.1f}H{cx + 4:.1f}M{cx:.1f},{top:.1f}V{bottom:.1f}'
                f'M{cx - 4:.1f},{bottom:.1f}H{cx + 4:.1f}">{tip}</path>')
    if row.target_comparator in (">=", "<="):
        d = 1 if row.target_comparator == ">=" else -1   # the triangle points up for at least, down for at most
        return (f'<path {attrs} d="M{cx - 5:.1f},{cy + 4 * d:.1f}L{cx + 5:.1f},{cy + 4 * d:.1f}'
                f'L{cx:.1f},{cy - 5 * d:.1f}Z">{tip}</path>')
    return f'<circle {attrs} cx="{cx:.1f}" cy="{cy:.1f}" r="5">{tip}</circle>'


def _line(points: list[tuple[float, float]], years: list[int], colour: str) -> str:
    """A polyline through the points of consecutive years (a year without a value breaks it)."""
    out, run = [], []
    for point, year, previous in zip(points, years, [None, *years]):
        if previous is not None and year != previous + 1 and run:
            out.append(run)
            run = []
        run.append(point)
    if run:
        out.append(run)
    return "".join(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="'
                   + " ".join(f"{px:.1f},{py:.1f}" for px, py in run) + '"/>' for run in out if len(run) > 1)


def _padded(low: float, high: float) -> tuple[float, float]:
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
    else:
        pad = (high - low) * 0.1
    return low - pad, high + pad


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values between ``low`` and ``high``, about ``count`` of them."""
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.ceil(low / step) * step
    return [round(start + i * step, 10) for i in range(int((high - start) / step) + 1)]


def _year_ticks(first: int, last: int) -> list[int]:
    step = next(s for s in (1, 2, 5, 10, 20) if (last - first) / s <= 12)
    return [year for year in range(first, last + 1) if year % step == 0 or step == 1]


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"
