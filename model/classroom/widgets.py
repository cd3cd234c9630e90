"""Browser widgets of the page: a Vega-Lite chart with PNG/SVG export, a width probe.

Solara's own ``FigureAltair`` re-embeds the whole chart on every change and offers no
export; this widget keeps the view and swaps in new data by name, draws SVG (text keeps
its size on a projector) and saves the chart as PNG or SVG in the browser. The scripts
come from the page's server (``_solara/cdn``, filled by solara-assets;
:mod:`model.classroom.assets` adds the version links it needs).
"""

from __future__ import annotations

from pathlib import Path

import ipyvuetify as v
import traitlets


class VegaChart(v.VuetifyTemplate):
    """A Vega-Lite chart.

    Traits:
        spec: The Vega-Lite specification (data by name, without values).
        datasets: Dataset name -> rows (list of dicts).
        export_name: File name (without extension) of the PNG/SVG export; "" hides it.
        cdn: Base URL of the front-end files (default: the page's ``_solara/cdn``).
    """

    template_file = str(Path(__file__).with_name("vega.vue"))
    spec = traitlets.Dict().tag(sync=True)
    datasets = traitlets.Dict().tag(sync=True)
    export_name = traitlets.Unicode("").tag(sync=True)
    cdn = traitlets.Unicode(None, allow_none=True).tag(sync=True)


class Viewport(v.VuetifyTemplate):
    """Reports the browser window's width (``width``, CSS px; 0 until known)."""

    template_file = str(Path(__file__).with_name("viewport.vue"))
    width = traitlets.Int(0).tag(sync=True)
