"""The classroom page: the credit-system model in a browser (Mesa SolaraViz).

Start it with ``make app`` (or ``solara run model/app.py --host 127.0.0.1 --port 8765
--production``) and open http://127.0.0.1:8765. A teacher picks a preset (see
:mod:`model.presets`), moves the switches and sliders in the sidebar, presses Reset to
build a model with them, and Steps or Plays it. The page shows NetLogo-style monitors
of the main outcomes, live plots, a sample of the network coloured by credit status,
a saved run as dashed lines, and optionally a second preset run side by side.

Design notes (why it is built this way):

- Controls are generated from ``model.REGISTRY`` (every parameter's default, type,
  range, unit and meaning), so mechanisms added to ``model/mechanisms`` appear on the
  page without editing it: each mechanism's ``enabled`` switch plus its key
  parameters (:data:`KEY_PARAMETERS`, or its first two numeric parameters).
- The model lives in a reactive variable created inside :func:`Page`, one per browser
  tab; a model created at module level would be shared by every tab.
- The page passes SolaraViz that reactive variable, so its Reset (which builds a new
  model from the sidebar's values) replaces the model the page's own panels draw.
- The network view draws a fixed snowball sample of a few hundred subjects with a
  layout computed once per model; only the colours change each step.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `solara run model/app.py` runs this file as a script with model/ first on sys.path,
# where `import model` would find model/model.py instead of the package: put the
# repository root first instead (a no-op when imported as `model.app`).
_PACKAGE_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _PACKAGE_DIR]
sys.path.insert(0, str(_PACKAGE_DIR.parent))
if "model" in sys.modules and not hasattr(sys.modules["model"], "__path__"):
    del sys.modules["model"]  # a module model.py imported by mistake, not the package

import math  # noqa: E402
from collections.abc import Mapping  # noqa: E402
from typing import Any  # noqa: E402

import matplotlib  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import solara  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from mesa.visualization import SolaraViz  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402

from model import REGISTRY, CreditSystemModel  # noqa: E402
from model.mechanisms import MECHANISMS  # noqa: E402
from model.params import Spec  # noqa: E402
from model.presets import GUIDE, PRESETS, TITLES, split_known  # noqa: E402

matplotlib.use("Agg")

#: Outcome columns on the monitors and plots, with labels for teachers.
OUTCOMES: dict[str, str] = {
    "honesty_rate": "Honesty (share of kept transactions)",
    "trust_rate": "Trust (share of attempted deals made)",
    "welfare": "Welfare (mean payoff per subject)",
    "blacklisted_share": "Listed (share of subjects)",
    "wrongly_listed_share": "Wrongly listed (share of subjects)",
    "mean_integrity": "Mean intrinsic integrity (conscience)",
}
COLOURS: dict[str, str] = {
    "honesty_rate": "#1f77b4",
    "trust_rate": "#2ca02c",
    "welfare": "#9467bd",
    "blacklisted_share": "#222222",
    "wrongly_listed_share": "#ff7f0e",
    "mean_integrity": "#8c564b",
}

#: Key parameters shown as sliders, by mechanism ("" = world parameters). A mechanism
#: not listed here gets its first two numeric parameters; names that do not exist in
#: the registry are skipped, so this can name mechanisms before they are merged.
KEY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "": ("n_subjects", "gain", "harm"),
    "interaction": ("degree",),
    "integrity": ("mean",),
    "decision": ("rationality",),
    "detection": ("probability", "false_record_rate"),
    "records": ("coverage",),
    "scoring": ("points", "threshold"),
    "sanctions": ("fine",),
    "blacklist": ("scope_business", "term_business"),
    "redlist": ("share", "facilitation"),
    "market": ("screening",),
    "social": ("shame", "ostracism"),
    "whistleblower": ("reward",),
    "appeals": ("success",),
    "repair": ("clean_periods",),
    "education": ("rate", "reach"),
    "norms": ("crowding_out",),
    "sharing": ("level",),
    "government": ("protectionism",),
    "judicial": ("enforcement_rate",),
}

#: Classroom bounds: a population the page can step quickly on a school laptop.
MAX_CLASSROOM_SUBJECTS = 20_000
#: Nodes in the network view.
SAMPLE_SIZE = 300
DEFAULT_PRESET = "outline_core"
NO_COMPARISON = "(none)"


# --- controls built from the registry -------------------------------------------------
def key_parameters(registry: Mapping[str, Spec] = REGISTRY) -> list[str]:
    """Flat names that get a control on the page, in display order.

    World parameters first, then for each mechanism (registry order) its switch and
    its key parameters.
    """
    names = [n for n in KEY_PARAMETERS[""] if n in registry]
    for mech in MECHANISMS:
        own = [n for n in registry if n.startswith(mech + ".")]
        if f"{mech}.enabled" in registry:
            names.append(f"{mech}.enabled")
        if mech in KEY_PARAMETERS:
            keys = [f"{mech}.{f}" for f in KEY_PARAMETERS[mech]]
        else:
            keys = [n for n in own if registry[n].kind in (int, float)][:2]
        names.extend(n for n in keys if n in registry and n not in names)
    return names


def _nice_step(span: float) -> float:
    """A round slider step giving about 100 positions over ``span``."""
    if span <= 0:
        return 0.01
    raw = span / 100.0
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if raw <= m * mag:
            return m * mag
    return 10.0 * mag


def slider_range(spec: Spec, value: float) -> tuple[float, float, float]:
    """Bounds and step of a classroom slider for a numeric parameter.

    The registry's ranges are what the model accepts (``sanctions.fine`` up to 1000);
    a slider over all of it would be useless, so the upper end is cut to ten times the
    default (or 10 where the default is 0), never below the current value and never
    above the valid range.

    Args:
        spec: The parameter's spec.
        value: The value the slider starts at.

    Returns:
        (low, high, step).

    """
    low = float(spec.low) if spec.low is not None else 0.0
    high = float(spec.high) if spec.high is not None else max(10.0 * abs(spec.default), 10.0)
    if spec.name == "n_subjects":
        low, high = max(low, 100.0), min(high, float(MAX_CLASSROOM_SUBJECTS))
    elif high > 1.0:
        cap = 10.0 * float(spec.default) if spec.default else 10.0
        high = min(high, max(cap, low + 1.0))
    high = max(high, float(value))
    if spec.kind is int:
        step = 100.0 if spec.name == "n_subjects" else max(1.0, round(_nice_step(high - low)))
        # the browser snaps a slider's value to low + k * step at once, which would
        # silently change the parameter: the start value must lie on the grid
        step = float(math.gcd(int(step), int(value - low)) or step)
    else:
        step = _nice_step(high - low)
        while step > 1e-6 and not _on_grid(value - low, step):
            step /= 10.0
    return low, high, step


def _on_grid(offset: float, step: float) -> bool:
    k = offset / step
    return abs(k - round(k)) < 1e-6


def control(spec: Spec, value: Any) -> dict[str, Any]:
    """The SolaraViz user-input description of one parameter.

    Args:
        spec: The parameter's spec (type, range, unit, meaning).
        value: The value to start at.

    Returns:
        A dict SolaraViz's ``UserInputs`` draws as a checkbox, select or slider.

    """
    if spec.kind is bool:
        mech = spec.name.split(".")[0]
        title = MECHANISMS[mech].title if mech in MECHANISMS else spec.doc
        return {"type": "Checkbox", "value": bool(value), "label": f"{spec.name}: {title}"}
    if spec.kind is str:
        return {
            "type": "Select",
            "value": value,
            "values": list(spec.choices or (value,)),
            "label": spec.name,
        }
    low, high, step = slider_range(spec, value)
    label = spec.name  # short: a long label squeezes the slider; units in "What the controls mean"
    if spec.kind is int:
        return {
            "type": "SliderInt",
            "value": int(value),
            "min": int(low),
            "max": int(high),
            "step": int(step),
            "label": label,
        }
    return {
        "type": "SliderFloat",
        "value": float(value),
        "min": low,
        "max": high,
        "step": step,
        "label": label,
    }


def preset_parameters(name: str, n_subjects: int | None = None) -> tuple[dict[str, Any], list[str]]:
    """The parameters the page runs a preset with, and the preset's unknown names.

    The classroom default population is 2,000 subjects (the model's default, 10,000,
    is for research runs); a preset's names that this version of the model does not
    have are left out and reported.
    """
    params, unknown = split_known(PRESETS[name], REGISTRY)
    params.setdefault("n_subjects", n_subjects or 2000)
    return params, unknown


def model_params_for(params: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """SolaraViz ``model_params``: controls for key parameters, the rest fixed."""
    out: dict[str, Any] = {
        "rng": {
            "type": "SliderInt",
            "value": seed,
            "min": 0,
            "max": 99,
            "step": 1,
            "label": "seed (rng)",
        }
    }
    for name in key_parameters():
        spec = REGISTRY[name]
        out[name] = control(spec, params.get(name, spec.default))
    for name, value in params.items():
        if name not in out:
            out[name] = value  # fixed: kept on Reset
    return out


class ClassroomModel(CreditSystemModel):
    """The model as SolaraViz rebuilds it on Reset.

    Mesa 3.5's Reset passes ``scenario=`` (a default ``mesa.experimental`` Scenario
    carrying only the seed) to any model whose constructor takes ``**kwargs``;
    CreditSystemModel would reject it as an unknown parameter name. The scenario's
    seed is used only when no ``rng`` is given.
    """

    def __init__(self, *, rng: Any = None, scenario: Any = None, **params: Any) -> None:
        if rng is None and scenario is not None:
            rng = getattr(scenario, "rng", None)
        super().__init__(rng=rng, **params)


def make_model(params: Mapping[str, Any], seed: int) -> CreditSystemModel:
    """Build a model for the page (flat names as keyword arguments)."""
    return ClassroomModel(rng=seed, **params)


# --- figures (pure functions: timed and tested without a browser) ---------------------
def outcome_frame(model: CreditSystemModel) -> pd.DataFrame:
    """The outcomes of the run so far (period and the plotted columns)."""
    if model.t == 0:
        return pd.DataFrame(columns=["period", *OUTCOMES])
    return model.results()[["period", *OUTCOMES]]


def outcome_figure(df: pd.DataFrame, saved: Mapping[str, Any] | None = None) -> Figure:
    """Shares (left) and welfare (right) over time; a saved run as dashed lines.

    Args:
        df: The current run (``outcome_frame``).
        saved: ``{"label": str, "df": DataFrame}`` of a saved run, or None.

    Returns:
        A matplotlib Figure (not attached to pyplot).

    """
    # a fixed layout: constrained layout doubled the time of a redraw (0.16 -> 0.08 s)
    fig = Figure(figsize=(7.5, 3.9))
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.3, top=0.91, wspace=0.3)
    ax_s, ax_w = fig.subplots(1, 2, width_ratios=[1.6, 1])
    for col in OUTCOMES:
        ax = ax_w if col == "welfare" else ax_s
        ax.plot(df["period"], df[col], color=COLOURS[col], lw=1.8, label=OUTCOMES[col])
        if saved is not None:
            sd = saved["df"]
            ax.plot(sd["period"], sd[col], color=COLOURS[col], lw=1.3, ls="--")
    ax_s.set_ylim(0, 1)
    ax_s.set_xlabel("period (month)")
    ax_s.set_ylabel("share")
    ax_w.set_xlabel("period (month)")
    ax_w.set_ylabel("payoff units")
    ax_w.set_title("Welfare", fontsize=9)
    title = "Outcomes (solid: this run"
    title += f"; dashed: saved run '{saved['label']}')" if saved is not None else ")"
    ax_s.set_title(title, fontsize=9)
    # below the panels, so that it never hides a line
    fig.legend(fontsize=7.5, loc="lower center", ncol=3, frameon=False)
    for ax in (ax_s, ax_w):
        ax.grid(alpha=0.3)
    return fig


#: Status categories of the network view, in drawing order, with colours.
STATUS_COLOURS: dict[str, str] = {
    "no file": "#cccccc",
    "ordinary": "#6baed6",
    "red-listed": "#d62728",
    "blacklisted": "#000000",
    "wrongly blacklisted": "#ff7f0e",
}


def status_codes(model: CreditSystemModel) -> np.ndarray:
    """Credit status of every subject as an index into :data:`STATUS_COLOURS`.

    Uses the period the monitors report (outcomes are computed before ``t`` advances),
    so the network and the "blacklisted" monitor count the same listings.
    """
    s = model.subjects
    t = max(model.t - 1, 0)
    # the lists as published at the end of period t (the monitors' convention)
    listed = s.listed(t + 1)
    code = np.where(s.has_file, 1, 0).astype(np.int8)
    code[s.red] = 2
    code[listed] = 3
    code[s.wrongly_listed(t + 1)] = 4
    return code


def network_sample(model: CreditSystemModel, size: int = SAMPLE_SIZE, seed: int = 0) -> dict:
    """A connected snowball sample of the network with a fixed layout.

    A breadth-first snowball from one subject keeps the local structure (clusters,
    hubs) that a uniform random sample of a sparse network loses: a uniform sample of
    300 out of 5,000 subjects with six neighbours each keeps almost no edges.

    Returns:
        ``{"nodes": ids, "edges": (k, 2) positions into nodes, "pos": (len(nodes), 2)}``.

    """
    import networkx as nx

    netw = model.mechanisms["interaction"].network
    indptr, indices = netw.indptr, netw.indices
    n = len(indptr) - 1
    size = min(size, n)
    start = int(np.random.default_rng(seed).integers(n))
    seen = {start}
    order = [start]
    frontier = [start]
    while frontier and len(order) < size:
        nxt = []
        for u in frontier:  # a few hundred nodes, once per model: not a per-step loop
            for v in indices[indptr[u] : indptr[u + 1]]:
                v = int(v)
                if v not in seen and len(order) < size:
                    seen.add(v)
                    order.append(v)
                    nxt.append(v)
        frontier = nxt
    nodes = np.array(order, dtype=np.int64)
    where = {v: i for i, v in enumerate(order)}
    edges = [
        (where[u], where[int(v)])
        for u in order
        for v in indices[indptr[u] : indptr[u + 1]]
        if int(v) in where and where[int(v)] > where[u]
    ]
    g = nx.Graph()
    g.add_nodes_from(range(len(nodes)))
    g.add_edges_from(edges)
    layout = nx.spring_layout(g, seed=seed, iterations=60)
    pos = np.array([layout[i] for i in range(len(nodes))])
    return {"nodes": nodes, "edges": np.array(edges, dtype=np.int64).reshape(-1, 2), "pos": pos}


def network_figure(model: CreditSystemModel, sample: Mapping[str, Any]) -> Figure:
    """The sampled network coloured by credit status (layout fixed by ``sample``)."""
    from matplotlib.collections import LineCollection

    fig = Figure(figsize=(5.0, 4.0))
    fig.subplots_adjust(left=0.01, right=0.66, bottom=0.01, top=0.92)
    ax = fig.subplots()
    pos, edges = sample["pos"], sample["edges"]
    if len(edges):
        ax.add_collection(LineCollection(pos[edges], colors="#bbbbbb", linewidths=0.5, zorder=1))
    codes = status_codes(model)[sample["nodes"]]
    colours = np.array(list(STATUS_COLOURS.values()))
    ax.scatter(pos[:, 0], pos[:, 1], s=22, c=colours[codes], edgecolors="white", lw=0.3, zorder=2)
    counts = np.bincount(codes, minlength=len(STATUS_COLOURS))
    for (label, colour), k in zip(STATUS_COLOURS.items(), counts, strict=True):
        ax.scatter([], [], s=30, c=colour, label=f"{label} ({k})")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(
        f"Network sample: {len(sample['nodes'])} of {model.subjects.n} subjects", fontsize=9
    )
    ax.set_axis_off()
    ax.autoscale_view()
    return fig


def comparison_figure(
    runs: Mapping[str, pd.DataFrame],
) -> Figure:
    """Two runs side by side, one panel each, with the same axes."""
    fig = Figure(figsize=(9.0, 3.0))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.9, wspace=0.08)
    axes = fig.subplots(1, len(runs), sharey=True, squeeze=False)[0]
    for ax, (label, df) in zip(axes, runs.items(), strict=True):
        for col in OUTCOMES:
            if col == "welfare":
                continue  # shares only: welfare has another scale
            ax.plot(df["period"], df[col], color=COLOURS[col], lw=1.6, label=OUTCOMES[col])
        ax.set_title(label, fontsize=9)
        ax.set_ylim(0, 1)
        ax.set_xlabel("period (month)")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share")
    axes[0].legend(fontsize=7, loc="lower left")
    return fig


def changed_parameters(model: CreditSystemModel) -> dict[str, Any]:
    """The model's parameters that differ from the defaults (what the run really uses)."""
    return {k: v for k, v in model.params.items() if v != REGISTRY[k].default}


def fmt(value: float) -> str:
    """A monitor's text: three decimals, or a dash before the first step."""
    return (
        "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"
    )


# --- page state (solara reactive variables are per browser tab) -----------------------
preset_name = solara.reactive(DEFAULT_PRESET)
saved_run: solara.Reactive[dict | None] = solara.reactive(None)
compare_name = solara.reactive(NO_COMPARISON)


# --- components ----------------------------------------------------------------------
@solara.component
def Monitors(model: CreditSystemModel) -> None:
    """NetLogo-style monitors: the current value of each main outcome."""
    update_counter.get()  # refresh on Step/Play
    out = model.outcomes
    with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
        with solara.Card(style={"min-width": "110px", "padding": "6px"}):
            solara.Text("period", style={"font-size": "0.8em", "display": "block"})
            solara.Text(
                str(model.t),
                classes=["monitor", "monitor-period"],
                style={"font-size": "1.4em", "font-weight": "bold", "display": "block"},
            )
        for col, label in OUTCOMES.items():
            with solara.Card(style={"min-width": "150px", "padding": "6px"}):
                solara.Text(label, style={"font-size": "0.8em", "display": "block"})
                solara.Text(
                    fmt(out.get(col)),
                    classes=["monitor", f"monitor-{col}"],
                    style={
                        "font-size": "1.4em",
                        "font-weight": "bold",
                        "color": COLOURS[col],
                        "display": "block",
                    },
                )


@solara.component
def RunParameters(model: CreditSystemModel) -> None:
    """What the current run uses: its parameters that differ from the defaults."""
    changed = changed_parameters(model)
    text = ", ".join(f"{k} = {v}" for k, v in changed.items()) or "all defaults"
    seed = model.seed_entropy
    solara.Text(f"This run (seed {seed}): {text}", classes=["run-parameters"])


@solara.component
def OutcomePlot(model: CreditSystemModel) -> None:
    """Live plots of the main outcomes, with the saved run dashed; save button."""
    update_counter.get()
    df = outcome_frame(model)

    def save() -> None:
        saved_run.value = {"label": f"{preset_name.value}, period {model.t}", "df": df.copy()}

    with solara.Column(classes=["outcome-plot"]):
        solara.FigureMatplotlib(outcome_figure(df, saved_run.value), format="png")
        with solara.Row():
            solara.Button("Save this run", on_click=save, disabled=model.t == 0, outlined=True)
            solara.Button(
                "Forget saved run",
                on_click=lambda: saved_run.set(None),
                disabled=saved_run.value is None,
                text=True,
            )
            if saved_run.value is not None:
                solara.Text(f"saved: {saved_run.value['label']}", classes=["saved-label"])


@solara.component
def NetworkView(model: CreditSystemModel) -> None:
    """A fixed sample of the network coloured by credit status."""
    update_counter.get()
    sample = solara.use_memo(lambda: network_sample(model), dependencies=[model])
    with solara.Column(classes=["network-view"]):
        solara.FigureMatplotlib(network_figure(model, sample), format="png")


@solara.component
def Comparison(model: CreditSystemModel) -> None:
    """A second preset run in lockstep with the current one, shown side by side.

    The second model has the current run's population size and seed, and is stepped
    whenever the current one is, so both panels always show the same periods.
    """
    update_counter.get()
    other = compare_name.value
    n = model.subjects.n
    seed = model.seed_entropy

    def build() -> CreditSystemModel | None:
        if other == NO_COMPARISON:
            return None
        params, _ = preset_parameters(other, n_subjects=n)
        params["n_subjects"] = n
        return make_model(params, seed)

    twin = solara.use_memo(build, dependencies=[other, model])
    solara.Select(
        "Run another preset side by side",
        values=[NO_COMPARISON, *PRESETS],
        value=compare_name,
    )
    if twin is None:
        return
    while twin.t < model.t:  # catch up: the twin is stepped in lockstep
        twin.step()
    runs = {
        f"this run ({preset_name.value})": outcome_frame(model),
        f"{other}": outcome_frame(twin),
    }
    with solara.Column(classes=["comparison-plot"]):
        solara.FigureMatplotlib(comparison_figure(runs), format="png")


@solara.component
def PresetPicker() -> None:
    """The preset list with what to look for."""
    _, unknown = split_known(PRESETS[preset_name.value], REGISTRY)
    solara.Select(
        "Preset",
        values=list(PRESETS),
        value=preset_name,
        classes=["preset-select"],
    )
    solara.Markdown(f"**{TITLES[preset_name.value]}.** {GUIDE[preset_name.value]}")
    if unknown:
        solara.Warning(
            "Not in this version of the model, left out: " + ", ".join(unknown), dense=True
        )


@solara.component
def ControlsHelp() -> None:
    """A table of what each control means (name, unit, valid range, meaning)."""
    rows = ["| parameter | unit | valid values | meaning |", "|---|---|---|---|"]
    for name in key_parameters():
        spec = REGISTRY[name]
        rows.append(f"| `{name}` | {spec.unit} | {spec.allowed()} | {spec.doc} |")
    with solara.Details("What the controls mean (press Reset after changing them)"):
        solara.Markdown("\n".join(rows))


#: Slider values always visible (Vuetify shows the thumb label only while dragging);
#: room above each slider for the label.
CSS = """
.v-slider__thumb-label-container { display: block !important; }
.v-input__slider { padding-top: 14px; }
"""


@solara.component
def Page() -> None:
    """The classroom page (one model per browser tab)."""
    name = preset_name.value
    params, _ = solara.use_memo(lambda: preset_parameters(name), dependencies=[name])
    seed = 1
    # one reactive model per tab and preset; SolaraViz's Reset replaces its value
    model = solara.use_memo(lambda: solara.reactive(make_model(params, seed)), dependencies=[name])
    SolaraViz(
        model,
        components=[],
        model_params=model_params_for(params, seed),
        name="Social credit system: rewards and punishments (classroom)",
        play_interval=150,
    ).key(f"viz-{name}")
    m = model.value
    solara.Style(CSS)
    with solara.Column(style={"padding": "8px"}):
        with solara.Card("Preset"):
            PresetPicker()
        Monitors(m)
        RunParameters(m)
        with solara.Columns([3, 2]):
            with solara.Card("Outcomes"):
                OutcomePlot(m)
            with solara.Card("Network: credit status"):
                NetworkView(m)
        with solara.Card("Comparison"):
            Comparison(m)
        ControlsHelp()
