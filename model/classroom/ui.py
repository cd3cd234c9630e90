"""Small page parts shared by the main page and the class game."""

from __future__ import annotations

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


@solara.component
def MonitorRow(t: int, outcomes: Mapping[str, float], columns: Mapping[str, str]) -> None:
    """NetLogo-style monitors: the period and the latest value of each main outcome."""
    with solara.Row(gap="8px", classes=["cr-monitors"]):
        with solara.Div(classes=["cr-monitor"]):
            solara.Text("period", classes=["cr-monitor-label"])
            solara.Text(str(t), classes=["monitor", "monitor-period"])
        for key in MONITORS:
            col = BY_KEY[key]
            name = columns.get(key)
            if name is None:
                continue
            with solara.Div(classes=["cr-monitor"], style={"border-top-color": col.colour}):
                with solara.Tooltip(col.meaning):
                    solara.Text(col.short or col.label, classes=["cr-monitor-label"])
                solara.Text(
                    fmt(outcomes.get(name)),
                    classes=["monitor", f"monitor-{key}"],
                    style={"color": col.colour},
                )
