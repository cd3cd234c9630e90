"""Vega-Lite specifications of the page's charts, drawn by the browser.

Pure functions of the page's snapshots (:class:`model.classroom.session.Snapshot`):
each chart is a specification with no data in it (the data goes separately, by name,
so that a new period changes only the data and the browser redraws without
re-parsing) and fixed axes: the same scale for every preset, widened only when a run
leaves it. One chart per kind of quantity (:data:`model.classroom.columns.AXES`).
Text in the charts is :data:`FONT` px or larger, readable from the back of a classroom.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from model.classroom.columns import AXES, COLUMNS, Axis, Column
from model.inspect import STATUS

#: Font size of ticks, axis titles and legends (px).
FONT = 16
#: Font size of chart titles (px).
TITLE_FONT = 18
#: The x axis spans at least this many periods (two years), then whole years.
HORIZON = 24
#: Line style of each run: the current run solid, a saved one dashed.
THIS_RUN = "this run"
DASH = (8, 5)

#: Colour of the marks of a change made during the run.
CHANGE_COLOUR = "#555555"

#: Colours of :data:`model.inspect.STATUS`.
STATUS_COLOURS: tuple[str, ...] = ("#bbbbbb", "#6baed6", "#d62728", "#000000", "#ff7f0e")


def config() -> dict[str, Any]:
    """Vega-Lite ``config``: large text, no chart border."""
    return {
        "font": "Roboto, Arial, sans-serif",
        "axis": {"labelFontSize": FONT, "titleFontSize": FONT, "titleFontWeight": "normal"},
        "legend": {"labelFontSize": FONT, "titleFontSize": FONT, "symbolSize": 200},
        "title": {"fontSize": TITLE_FONT, "anchor": "start"},
        "view": {"stroke": None},
    }


def x_domain(t: int, horizon: int = HORIZON) -> list[int]:
    """Periods on the x axis: ``horizon``, or whole years enough to show ``t``."""
    return [0, max(horizon, 12 * math.ceil(t / 12))]


def y_domain(axis: Axis, values: Iterable[float]) -> list[float]:
    """The axis's fixed scale, widened only to include values that leave it."""
    lo, hi = axis.domain
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if vals:
        lo, hi = min(lo, min(vals)), max(hi, max(vals))
    return [lo, hi]


def series(axis: str, columns: Mapping[str, str]) -> list[Column]:
    """The columns drawn on one axis, among those the model reports."""
    return [c for c in COLUMNS if c.axis == axis and c.key in columns]


def rows(
    frame: pd.DataFrame | None, on_axis: Sequence[Column], columns: Mapping[str, str], run: str
) -> list[dict[str, Any]]:
    """Long-format data rows ``{period, series, run, value}`` of one run (NaN left out)."""
    out: list[dict[str, Any]] = []
    if frame is None or len(frame) == 0:
        return out
    periods = frame["period"].to_numpy()
    for col in on_axis:
        name = columns.get(col.key)
        if name is None or name not in frame:
            continue
        values = frame[name].to_numpy(dtype=float)
        ok = np.isfinite(values)
        out.extend(
            {"period": int(p), "series": col.label, "run": run, "value": float(v)}
            for p, v in zip(periods[ok], values[ok], strict=True)
        )
    return out


def outcome_spec(
    axis: Axis,
    on_axis: Sequence[Column],
    runs: Sequence[str],
    x_dom: Sequence[float],
    y_dom: Sequence[float],
    height: int = 150,
    title: str | None = None,
) -> dict[str, Any]:
    """Lines of the columns on one axis, one line style per run, and the run's changes.

    A change of a parameter during the run (dataset ``events``, :func:`event_rows`) is a
    vertical dashed line half a period before the first period it acts in (between the
    last point without it and the first with it), numbered at the top as on the run
    line; its tooltip says what changed.

    Args:
        axis: The kind of quantity (fixes the y title).
        on_axis: Its columns (legend order and colours).
        runs: Run labels, :data:`THIS_RUN` first (solid), others dashed.
        x_dom: Period range.
        y_dom: Value range.
        height: Plot height in px (the width follows the page).
        title: Chart title (default: the axis's).

    Returns:
        A Vega-Lite specification reading its data from the datasets ``table`` and
        ``events``; the lines are its first layer (:func:`lines`).

    """
    dashes = [[1, 0]] + [list(DASH)] * (len(runs) - 1)
    colour: dict[str, Any] = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": [c.label for c in on_axis], "range": [c.colour for c in on_axis]},
        "legend": {"orient": "bottom", "direction": "horizontal", "title": None},
    }
    if len(on_axis) == 1:
        colour["legend"] = None
    encoding: dict[str, Any] = {
        "x": {
            "field": "period",
            "type": "quantitative",
            "scale": {"domain": list(x_dom), "nice": False},
            "axis": {"title": "period (month)", "tickMinStep": 1, "tickCount": 4},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "scale": {"domain": list(y_dom), "nice": False, "zero": False},
            "axis": {"title": axis.unit, "tickCount": 4},
        },
        "color": colour,
        "detail": {"field": "run"},
    }
    if len(runs) > 1:
        # no legend row for the line styles (room on a projector): the title says it
        encoding["strokeDash"] = {
            "field": "run",
            "type": "nominal",
            "scale": {"domain": list(runs), "range": dashes},
            "legend": None,
        }
        title = f"{title or axis.title} (dashed: saved run)"
    at = {"field": "period", "type": "quantitative"}
    return {
        "title": title or axis.title,
        "width": "container",
        "height": height,
        "layer": [
            {
                "data": {"name": "table"},
                "mark": {"type": "line", "strokeWidth": 3, "clip": True},
                "encoding": encoding,
            },
            {
                "data": {"name": "events"},
                "mark": {
                    "type": "rule",
                    "color": CHANGE_COLOUR,
                    "strokeWidth": 2,
                    "strokeDash": [4, 4],
                    "clip": True,
                },
                "encoding": {"x": at, "tooltip": {"field": "text", "type": "nominal"}},
            },
            {
                "data": {"name": "events"},
                "mark": {
                    "type": "text",
                    "color": CHANGE_COLOUR,
                    "fontSize": FONT,
                    "fontWeight": "bold",
                    "align": "left",
                    "baseline": "top",
                    "dx": 3,
                    "clip": True,
                },
                "encoding": {
                    "x": at,
                    "y": {"value": 2},
                    "text": {"field": "label", "type": "nominal"},
                    "tooltip": {"field": "text", "type": "nominal"},
                },
            },
        ],
        "config": config(),
    }


def lines(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The layer of an outcome chart that draws the runs' lines (its scales and legends)."""
    return spec["layer"][0]


def change_text(change: Any) -> str:
    """One change during a run, for people: ``from period 13: name 0.15 -> 0.075``."""
    return f"from period {change.period}: {change.name} {change.old} → {change.new}"


def event_rows(changes: Sequence[Any]) -> list[dict[str, Any]]:
    """The ``events`` dataset: one mark per period with changes (period, numbers, text).

    Args:
        changes: Changes during the run, oldest first, each with ``period`` (the first
            period it acts in), ``name``, ``old`` and ``new``
            (:class:`model.classroom.session.Change`); numbered from 1 in this order.

    """
    by_period: dict[int, list[tuple[int, Any]]] = {}
    for i, c in enumerate(changes, start=1):
        by_period.setdefault(int(c.period), []).append((i, c))
    return [
        {
            "period": period - 0.5,
            "label": ",".join(str(i) for i, _ in group),
            "text": "; ".join(f"({i}) {change_text(c)}" for i, c in group),
        }
        for period, group in by_period.items()
    ]


def outcome_charts(
    frames: Mapping[str, pd.DataFrame | None],
    columns: Mapping[str, str],
    t: int,
    height: int = 150,
    axes: Sequence[str] | None = None,
) -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """One chart per kind of quantity the model reports, with every run's rows.

    Args:
        frames: Run label -> outcome table; :data:`THIS_RUN` first.
        columns: The page's column keys -> the model's names.
        t: Periods run (sets the x range).
        height: Plot height in px.
        axes: The kinds of quantity to draw (default: all, in :data:`AXES` order).

    Returns:
        ``(axis key, spec, rows)`` per chart.

    """
    out = []
    runs = [label for label, df in frames.items() if df is not None]
    longest = max([t] + [len(df) for df in frames.values() if df is not None])
    for key in axes or list(AXES):
        axis = AXES[key]
        on_axis = series(key, columns)
        if not on_axis:
            continue
        data = [r for label in runs for r in rows(frames[label], on_axis, columns, label)]
        spec = outcome_spec(
            axis,
            on_axis,
            runs,
            x_domain(longest),
            y_domain(axis, (r["value"] for r in data)),
            height=height,
        )
        out.append((key, spec, data))
    return out


def network_spec(sample: Mapping[str, np.ndarray], height: int = 300) -> dict[str, Any]:
    """The sampled network: fixed layout, edges grey, nodes coloured by credit status.

    The edges are part of the specification (they never change for a model); the nodes'
    status is the dataset ``nodes`` (:func:`network_rows`).
    """
    pos, edges = sample["pos"], sample["edges"]
    edge_rows = [
        {
            "x": float(pos[i, 0]),
            "y": float(pos[i, 1]),
            "x2": float(pos[j, 0]),
            "y2": float(pos[j, 1]),
        }
        for i, j in edges
    ]
    hidden = {"axis": None, "scale": {"zero": False}}
    return {
        "width": "container",
        "height": height,
        "layer": [
            {
                "data": {"values": edge_rows},
                "mark": {"type": "rule", "color": "#cccccc", "strokeWidth": 1},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **hidden},
                    "y": {"field": "y", "type": "quantitative", **hidden},
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                },
            },
            {
                "data": {"name": "nodes"},
                "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **hidden},
                    "y": {"field": "y", "type": "quantitative", **hidden},
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "scale": {"domain": list(STATUS), "range": list(STATUS_COLOURS)},
                        "legend": {"orient": "right", "title": "credit status"},
                    },
                    "tooltip": [
                        {"field": "id", "title": "subject"},
                        {"field": "status", "title": "status"},
                    ],
                },
            },
        ],
        "config": config(),
    }


def network_rows(sample: Mapping[str, np.ndarray], status: np.ndarray) -> list[dict[str, Any]]:
    """The ``nodes`` dataset: position, subject id and status label of each node."""
    pos, nodes = sample["pos"], sample["nodes"]
    return [
        {"x": float(x), "y": float(y), "id": int(i), "status": STATUS[int(c)]}
        for (x, y), i, c in zip(pos, nodes, status, strict=True)
    ]
