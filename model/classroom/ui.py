"""Small page parts shared by the main page and the class game."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import markdown
import solara

from model.classroom.columns import BY_KEY, MONITORS


def md(text: str, classes: list[str] | None = None) -> solara.Element:
    """Markdown rendered on the server (Solara's Markdown would load KaTeX from a CDN)."""
    return solara.HTML(
        tag="div",
        unsafe_innerHTML=markdown.markdown(text, extensions=["tables"]),
        classes=["cr-md", *(classes or [])],
    )


def fmt(value: float | None, digits: int = 3) -> str:
    """A monitor's text: three decimals, or a dash where there is no value (yet)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def monitors_html(t: int, outcomes: Mapping[str, float], columns: Mapping[str, str]) -> str:
    """The monitors' markup: the period and the latest value of each main outcome."""
    cells = [
        '<div class="cr-monitor"><span class="cr-monitor-label">period</span>'
        f'<span class="monitor monitor-period">{t}</span></div>'
    ]
    for key in MONITORS:
        col = BY_KEY[key]
        name = columns.get(key)
        if name is None:
            continue
        cells.append(
            f'<div class="cr-monitor" style="border-top-color: {col.colour}">'
            f'<span class="cr-monitor-label" title="{html.escape(col.meaning)}">'
            f"{html.escape(col.short or col.label)}</span>"
            f'<span class="monitor monitor-{key}" style="color: {col.colour}">'
            f"{fmt(outcomes.get(name))}</span></div>"
        )
    return "".join(cells)


@solara.component
def MonitorRow(t: int, outcomes: Mapping[str, float], columns: Mapping[str, str]) -> None:
    """NetLogo-style monitors, drawn as one element: they change together, never one
    after the other (a reader never sees a new period beside an old value).
    """
    solara.HTML(
        tag="div", unsafe_innerHTML=monitors_html(t, outcomes, columns), classes=["cr-monitors"]
    )
