"""Figures of experiment results (matplotlib, saved as PNG and SVG).

Every figure says, in its title line, how many replicates each point averages and what
its bands or error bars are. Figures use matplotlib's constrained layout; after layout,
tick labels that would overlap are thinned and optional point labels that would overlap
are dropped, so no text clips or overlaps (:mod:`experiments.layout`; its
:func:`~experiments.layout.text_problems` is run by the tests on every figure type).

* :func:`timeseries`: outcome over time per design point, the mean across replicates
  with a band: the 5-95% range of replicates (``band="quantile"``) or the t-based 95%
  confidence interval of the mean (``band="ci"``).
* :func:`heatmap`: a late-period outcome over two varied parameters, optionally with
  the line ``x * y = gain`` where the expected fine equals the gain from breaking faith;
  :func:`heatmaps` draws rows of outcomes and columns of facet values, each row on one
  shared colour scale.
* :func:`bars`: late-period outcomes per design point (horizontal bars, t-based 95%
  confidence intervals), optionally one panel per facet value on a shared scale.
* :func:`tradeoff`: outcomes against the sum of other outcomes, one line per scenario
  group or per value of a chosen parameter.
* :func:`sensitivity`: Morris mu* (with its confidence interval) and sigma, or Sobol
  S1 and ST with 95% intervals, one bar per parameter.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
# SVG element ids are hashed with a random salt unless one is fixed: fix it so that a
# re-run writes byte-identical SVG files
matplotlib.rcParams["svg.hashsalt"] = "credit-abm"
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from experiments.layout import DPI, declutter  # noqa: E402
from model import REGISTRY  # noqa: E402

if TYPE_CHECKING:
    from experiments.spec import ExperimentSpec

#: Units of outcome columns for axis labels.
OUTCOME_UNITS: dict[str, str] = {
    "honesty_rate": "share of transactions kept",
    "trust_rate": "share of attempted transactions made",
    "welfare": "payoff units per subject and period",
    "gini": "Gini of wealth, 0-1",
    "blacklisted_share": "share of subjects",
    "wrongful_listing_share": "share of listings on a false record",
    "wrongly_listed_share": "share of subjects",
    "admin_listed_share": "share of subjects",
    "redlisted_share": "share of subjects",
    "mean_integrity": "integrity, 0-1",
    "excluded_share": "share of subjects",
    "fines_per_subject": "payoff units per subject and period",
    "rewards_per_subject": "payoff units per subject and period",
    "mean_trust": "probability",
    "coverage": "share of subjects with a credit file",
    "sharing_level": "0 silos, 1 national platform",
    "honesty_region_spread": "max - min of regional honesty rates",
    "protectionism_rate": "share of decisions against local firms blocked",
    "gov_integrity": "mean government integrity, 0-1",
    "joint_restrictions": "share restricted in other domains",
    "new_listings": "listings per period",
    "crowding_loss": "integrity lost per period",
}
CI_WORDS = "t-based 95% CI of the mean"


def outcome_label(name: str, derived: Mapping[str, str] | None = None) -> str:
    """``honesty_rate`` -> ``honesty rate (share of transactions kept)``.

    A derived outcome is labelled with its formula.
    """
    if derived and name in derived:
        return f"{name.replace('_', ' ')} (= {derived[name]})"
    unit = OUTCOME_UNITS.get(name)
    if unit is None and name.startswith("honesty_rate_"):
        unit = "share of transactions kept"
    if unit is None and name.startswith("listed_share_"):
        unit = "share of subjects of that kind"
    return name.replace("_", " ") + (f" ({unit})" if unit else "")


def param_label(name: str) -> str:
    """A parameter with its unit from the registry."""
    spec = REGISTRY.get(name)
    return f"{name} ({spec.unit})" if spec and spec.unit not in ("-", "") else name


def wrap(text: str, width: int = 40) -> str:
    """Break a long label into lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def replicates_note(counts: Iterable[int]) -> str:
    """``3 replicates per point`` (or ``2-3 ...`` when some runs are missing)."""
    counts = [int(c) for c in counts]
    lo, hi = min(counts), max(counts)
    n = f"{lo}" if lo == hi else f"{lo}-{hi}"
    return f"{n} replicate{'s' if hi != 1 else ''} per point"


def _note(fig: plt.Figure, text: str) -> None:
    """The figure's one-line statement of replicates and intervals (wrapped to fit)."""
    chars = int(fig.get_figwidth() * 72 / (8 * 0.56))
    fig.suptitle(wrap(text, chars), fontsize=8)


def save(fig: plt.Figure, directory: Path, stem: str) -> list[Path]:
    """Declutter, then save a figure as PNG and SVG (atomically) and close it."""
    from experiments.runfile import write_atomic

    declutter(fig)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for ext in ("png", "svg"):
        path = directory / f"{stem}.{ext}"
        # a fixed date keeps the SVG byte-stable across re-runs
        meta = {"Date": None} if ext == "svg" else {"Software": None}
        write_atomic(
            path, lambda tmp, e=ext, m=meta: fig.savefig(tmp, dpi=DPI, format=e, metadata=m)
        )
        paths.append(path)
    plt.close(fig)
    return paths


def _label_of(df: pd.DataFrame, varied: list[str], skip: tuple[str, ...] = ()) -> pd.Series:
    """Each row's design point in words: scenario and the grid values that vary."""
    parts = []
    if "scenario" not in skip and df["scenario"].nunique() > 1:
        parts.append(df["scenario"].astype(str))
    for name in varied:
        if name in skip:
            continue
        # a parameter that only changes with the scenario is named by the scenario already
        if df.groupby("scenario", sort=False)[name].nunique().max() > 1:
            parts.append(name + "=" + df[name].astype(str))
    if not parts:
        return df["scenario"].astype(str)
    label = parts[0]
    for p in parts[1:]:
        label = label + ", " + p
    return label


def _legend(fig: plt.Figure, ax: plt.Axes, title: str) -> None:
    """One legend outside the panels, on the right (never over data or labels)."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    labels = [wrap(str(lab), 34) for lab in labels]
    fig.legend(
        handles, labels, loc="outside right upper", fontsize=7, title=title, title_fontsize=7
    )
    # a tall legend must fit: 7-point lines, half a line between entries, title, frame
    lines = sum(lab.count("\n") + 1 for lab in labels)
    needed = (8.4 * lines + 4.2 * len(labels) + 40) / 72 + 0.4
    if fig.get_figheight() < needed:
        fig.set_figheight(needed)


def timeseries(
    df: pd.DataFrame,
    outcomes: list[str],
    varied: list[str],
    band: str = "quantile",
    derived: Mapping[str, str] | None = None,
) -> plt.Figure:
    """Outcome over time: mean across replicates with a band, one line per point."""
    from experiments.analysis import t_halfwidth

    n = len(outcomes)
    cols = min(n, 3)
    rows = int(np.ceil(n / cols))
    labels = _label_of(df, varied)
    n_lines = labels.nunique()
    height = max(3.4 * rows, 0.2 * n_lines + 1.2)
    fig, axes = plt.subplots(
        rows, cols, figsize=(4.6 * cols + 2.6, height), squeeze=False, layout="constrained"
    )
    changes = change_periods(df, labels)
    # a period at which several design points change is marked once, in grey; one at
    # which a single point changes, in that point's colour (a line drawn over another
    # of a different colour would hide it)
    count: dict[int, int] = {}
    for periods in changes.values():
        for period in periods:
            count[period] = count.get(period, 0) + 1
    shared = sorted(p for p, k in count.items() if k > 1)
    for ax, col in zip(axes.flat, outcomes, strict=False):
        colours = {}
        for label, g in df.groupby(labels, sort=False):
            by = g.groupby("period")[col]
            mean = by.mean()
            if band == "quantile":
                lo, hi = by.quantile(0.05), by.quantile(0.95)
            else:
                half = pd.Series(t_halfwidth(by.std(ddof=1), by.count()), index=mean.index)
                lo, hi = mean - half, mean + half
            line = ax.plot(mean.index, mean.values, label=str(label), lw=1.4)[0]
            ax.fill_between(mean.index, lo.values, hi.values, alpha=0.2, color=line.get_color())
            colours[label] = line.get_color()
        _mark_changes(ax, shared, "0.25")
        for label, periods in changes.items():
            _mark_changes(ax, [p for p in periods if count[p] == 1], colours[label])
        ax.set_xlabel("period (months)", fontsize=8)
        ax.set_ylabel(wrap(outcome_label(col, derived), 38), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    what = "5-95% range of replicates" if band == "quantile" else CI_WORDS
    _legend(fig, axes.flat[0], "design point")
    reps = df.groupby(labels, sort=False)["replicate"].nunique()
    note = f"line: mean over {replicates_note(reps)}; band: {what}"
    if changes:
        at = sorted({p for periods in changes.values() for p in periods})
        own = len(shared) < len(at)
        whose = (
            " (grey: of several design points; coloured: of that design point only)"
            if own and shared
            else " (in the colour of the design point they apply to)"
            if own
            else ""
        )
        ramp = " (shaded: a ramp)" if any(b > a for a, b in _runs(at)) else ""
        word = "period" if len(at) == 1 else "periods"
        note += f"; dotted verticals: scheduled changes{whose}, at {word} {_spans_text(at)}{ramp}"
    _note(fig, note)
    return fig


def change_periods(df: pd.DataFrame, labels: pd.Series) -> dict[Any, list[int]]:
    """Periods in which scheduled changes took effect, per design point (label).

    Read from the outcome table's ``events`` column (``CreditSystemModel.results``):
    a change that did not change a value is not an event. Design points without
    changes are left out.
    """
    if "events" not in df.columns:
        return {}
    has = df["events"].fillna("").astype(str) != ""
    out = {}
    for label, g in df[has].groupby(labels[has], sort=False):
        out[label] = sorted(int(p) for p in g["period"].unique())
    return out


def _runs(periods: list[int]) -> list[tuple[int, int]]:
    """Consecutive periods grouped: ``[1, 2, 3, 7]`` -> ``[(1, 3), (7, 7)]``."""
    out: list[tuple[int, int]] = []
    for p in periods:
        if out and p == out[-1][1] + 1:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


def _spans_text(periods: list[int]) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in _runs(periods))


def _mark_changes(ax: plt.Axes, periods: list[int], colour: str) -> None:
    """A dotted vertical line at each change, a light band over each ramp."""
    for a, b in _runs(periods):
        ax.axvline(a, color=colour, ls=":", lw=1.1, zorder=1)
        if b > a:
            ax.axvline(b, color=colour, ls=":", lw=1.1, zorder=1)
            ax.axvspan(a, b, color=colour, alpha=0.08, lw=0, zorder=0)


def heatmap(
    summary: pd.DataFrame,
    x: str,
    y: str,
    outcome: str,
    *,
    overlay: str | None = None,
    gain: float | None = None,
    ax: plt.Axes | None = None,
    title: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar: bool = True,
    derived: Mapping[str, str] | None = None,
) -> plt.Figure:
    """Late-period mean of ``outcome`` over two varied parameters.

    With ``overlay="deterrence"`` the curve ``x * y = gain`` is drawn: above it the
    expected fine of breaking faith exceeds the private gain (Becker 1968). ``summary``
    must have one row per (x, y) cell: :mod:`experiments.validate` refuses designs in
    which a third parameter varies unless it is a facet.
    """
    cells = summary.groupby([y, x]).size()
    if (cells > 1).any():
        raise ValueError(f"{outcome}: several design points per ({x}, {y}) cell; facet them")
    table = summary.pivot(index=y, columns=x, values=f"{outcome}_mean")
    fig = ax.figure if ax is not None else plt.figure(figsize=(6, 4.6), layout="constrained")
    ax = ax or fig.add_subplot()
    xs, ys = table.columns.to_numpy(dtype=float), table.index.to_numpy(dtype=float)
    mesh = ax.pcolormesh(
        _edges(xs),
        _edges(ys),
        table.to_numpy(dtype=float),
        cmap="viridis",
        shading="flat",
        vmin=vmin,
        vmax=vmax,
    )
    if colorbar:
        cb = fig.colorbar(mesh, ax=ax)
        cb.set_label(wrap(outcome_label(outcome, derived), 34), fontsize=8)
        cb.ax.tick_params(labelsize=7)
    ax.set_xticks(xs, _ticklabels(table.columns))
    ax.set_yticks(ys, _ticklabels(table.index))
    ax.tick_params(labelsize=7)
    if overlay == "deterrence" and gain:
        grid = np.linspace(max(xs.min(), 1e-6), xs.max(), 200)
        curve = gain / grid
        keep = (curve >= _edges(ys)[0]) & (curve <= _edges(ys)[-1])
        ax.plot(grid[keep], curve[keep], "w--", lw=2, label=f"{x} x {y} = gain ({gain:g})")
        ax.legend(loc="upper right", fontsize=6, framealpha=0.6)
    ax.set_xlabel(wrap(param_label(x), 60), fontsize=8)
    ax.set_ylabel(wrap(param_label(y), 34), fontsize=8)
    if title:
        ax.set_title(title, fontsize=8)
    return fig


def heatmaps(
    summary: pd.DataFrame,
    x: str,
    y: str,
    outcomes: list[str],
    *,
    facet: str | None = None,
    overlay: str | None = None,
    gain: float | None = None,
    derived: Mapping[str, str] | None = None,
) -> plt.Figure:
    """Rows of outcomes; with a facet, one column per facet value on one colour scale."""
    if facet is None:
        fig, axes = plt.subplots(
            1,
            len(outcomes),
            figsize=(5.6 * len(outcomes), 4.6),
            squeeze=False,
            layout="constrained",
        )
        for ax, o in zip(axes[0], outcomes, strict=True):
            heatmap(summary, x, y, o, overlay=overlay, gain=gain, ax=ax, derived=derived)
        scale = "each panel has its own colour scale"
    else:
        values = list(dict.fromkeys(summary[facet].tolist()))
        fig, axes = plt.subplots(
            len(outcomes),
            len(values),
            figsize=(4.4 * len(values) + 1.6, 4.0 * len(outcomes)),
            squeeze=False,
            layout="constrained",
        )
        for r, o in enumerate(outcomes):
            col = summary[f"{o}_mean"].to_numpy(dtype=float)
            vmin, vmax = float(np.nanmin(col)), float(np.nanmax(col))
            for c, value in enumerate(values):
                sub = summary[summary[facet] == value]
                heatmap(
                    sub,
                    x,
                    y,
                    o,
                    overlay=overlay,
                    gain=gain,
                    ax=axes[r, c],
                    vmin=vmin,
                    vmax=vmax,
                    colorbar=False,
                    title=wrap(f"{facet} = {value}", 40),
                    derived=derived,
                )
            cb = fig.colorbar(axes[r, 0].collections[0], ax=list(axes[r]))
            cb.set_label(
                wrap(outcome_label(o, derived) + ", one scale for the row", 34), fontsize=8
            )
            cb.ax.tick_params(labelsize=7)
        scale = "panels of a row share one colour scale"
    note = replicates_note(summary["n_replicates"])
    _note(fig, f"colour: late-period mean over {note}; {scale}")
    return fig


def _ticklabels(values: pd.Index) -> list[str]:
    """Grid values as tick labels: switches as off/on, numbers compactly."""
    if values.dtype == bool:
        return ["on" if v else "off" for v in values]
    return [f"{v:g}" for v in values]


def _edges(v: np.ndarray) -> np.ndarray:
    """Cell edges halfway between sorted grid values (for unevenly spaced grids)."""
    v = np.sort(v)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def _ci(summary: pd.DataFrame, o: str) -> np.ndarray:
    from experiments.analysis import t_halfwidth

    half = t_halfwidth(summary[f"{o}_sd"], summary["n_replicates"])
    return np.nan_to_num(np.asarray(half, dtype=float))


def bars(
    summary: pd.DataFrame,
    outcomes: list[str],
    varied: list[str],
    facet: str | None = None,
    derived: Mapping[str, str] | None = None,
) -> plt.Figure:
    """Late-period outcomes per design point as horizontal bars with 95% CIs.

    With ``facet``, one panel per value of that parameter (or of ``scenario``); the
    panels of an outcome share one value axis.
    """
    values = list(dict.fromkeys(summary[facet].tolist())) if facet else [None]
    skip = (facet,) if facet else ()
    labels = _label_of(summary, varied, skip)
    per_panel = max(int((summary[facet] == v).sum()) if facet else len(summary) for v in values)
    height = max(2.6, 0.28 * per_panel + 1.3) * len(outcomes)
    fig, axes = plt.subplots(
        len(outcomes),
        len(values),
        figsize=(max(3.8 * len(values), 5.5) + 2.5, height),
        squeeze=False,
        layout="constrained",
        sharex="row",
    )
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for r, o in enumerate(outcomes):
        for c, value in enumerate(values):
            ax = axes[r, c]
            m = (summary[facet] == value).to_numpy() if facet else np.ones(len(summary), bool)
            sub = summary[m]
            pos = np.arange(len(sub))[::-1]  # first design point on top
            ax.barh(
                pos,
                sub[f"{o}_mean"],
                xerr=_ci(sub, o),
                color=[colours[i % len(colours)] for i in range(len(sub))],
                capsize=3,
            )
            ax.set_yticks(pos, [wrap(str(t), 32) for t in labels[m]], fontsize=7)
            ax.yaxis.keep_labels = True  # one label per bar: never thinned (layout.declutter)
            ax.set_ylim(-0.7, len(sub) - 0.3)
            ax.tick_params(axis="x", labelsize=7)
            ax.set_xlabel(wrap(outcome_label(o, derived), 40), fontsize=8)
            ax.grid(axis="x", alpha=0.3)
            if facet:
                ax.set_title(wrap(f"{facet} = {value}", 40), fontsize=8)
    scale = "; panels of a row share one scale" if facet else ""
    note = replicates_note(summary["n_replicates"])
    _note(fig, f"bar: late-period mean over {note}; error bar: {CI_WORDS}{scale}")
    return fig


def tradeoff(
    summary: pd.DataFrame,
    x_outcomes: list[str],
    outcomes: list[str],
    by: str | None = None,
    derived: Mapping[str, str] | None = None,
) -> plt.Figure:
    """Outcomes against the sum of ``x_outcomes``: one line per group of design points.

    Groups: the values of ``by`` (a varied parameter or ``scenario``), or without it the
    scenario name before ``:`` ("carrot: reward 0.2" -> "carrot"), so that arms that
    move different levers can be compared at equal values of ``x`` (for example equal
    money moved per subject and period). Points are joined in the spec's order.
    """
    n = len(outcomes)
    fig, axes = plt.subplots(
        1, n, figsize=(4.8 * n + 2.4, 4.0), squeeze=False, layout="constrained"
    )
    x = sum(summary[f"{o}_mean"] for o in x_outcomes)
    if by is None:
        group = summary["scenario"].astype(str).str.split(":").str[0].str.strip()
        names = summary["scenario"].astype(str).str.split(":").str[-1].str.strip()
        title = "scenario group"
    else:
        group = summary[by].astype(str)
        names = _label_of(summary, [c for c in summary.columns if c in REGISTRY], (by,))
        title = by
    for ax, o in zip(axes.flat, outcomes, strict=True):
        for g in dict.fromkeys(group):
            # points joined in the spec's order of the lever, not sorted by x: money
            # moved can fall again as a lever grows (fewer violations, fewer fines)
            m = (group == g).to_numpy()
            xs = x[m].to_numpy()
            ys = summary.loc[m, f"{o}_mean"].to_numpy()
            ax.errorbar(xs, ys, yerr=_ci(summary[m], o), marker="o", ms=4, capsize=2, label=g)
            if names[m].nunique() > 1:
                for xi, yi, t in zip(xs, ys, names[m], strict=True):
                    a = ax.annotate(
                        t, (xi, yi), fontsize=6, xytext=(3, 3), textcoords="offset points"
                    )
                    a.optional_label = True  # dropped if it would overlap (layout.declutter)
        x_words = " + ".join(outcome_label(o, derived) for o in x_outcomes)
        ax.set_xlabel(wrap(x_words, 48), fontsize=8)
        ax.set_ylabel(wrap(outcome_label(o, derived), 38), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    _legend(fig, axes.flat[0], title)
    note = replicates_note(summary["n_replicates"])
    _note(fig, f"point: late-period mean over {note}; error bar: {CI_WORDS}")
    return fig


def sensitivity(
    sens: pd.DataFrame,
    outcomes: list[str],
    replicates: int,
    derived: Mapping[str, str] | None = None,
) -> plt.Figure:
    """Per parameter: Morris mu* (95% CI) and sigma, or Sobol S1 and ST (95% CIs)."""
    n = len(outcomes)
    morris = "mu_star" in sens.columns
    n_par = sens["parameter"].nunique()
    fig, axes = plt.subplots(
        1,
        n,
        figsize=(5.4 * n, max(3.2, 0.3 * n_par + 1.6)),
        squeeze=False,
        layout="constrained",
    )
    for ax, o in zip(axes.flat, outcomes, strict=True):
        s = sens[sens["outcome"] == o].sort_values("mu_star" if morris else "ST")
        pos = np.arange(len(s))
        if morris:
            ax.barh(pos - 0.2, s["mu_star"], 0.4, xerr=s["mu_star_conf"], label="mu* (95% CI)")
            ax.barh(pos + 0.2, s["sigma"], 0.4, label="sigma (interaction / non-linearity)")
            ax.set_xlabel(
                wrap(f"elementary effect on {o} per unit of parameter range", 44), fontsize=8
            )
        else:
            ax.barh(pos - 0.2, s["S1"], 0.4, xerr=s["S1_conf"], label="S1 (first order)")
            ax.barh(pos + 0.2, s["ST"], 0.4, xerr=s["ST_conf"], label="ST (total)")
            ax.set_xlabel("Sobol index (share of output variance)", fontsize=8)
        ax.set_yticks(pos, s["parameter"], fontsize=7)
        ax.yaxis.keep_labels = True  # one label per bar: never thinned
        ax.set_ylim(-0.7, len(s) - 0.3)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(wrap(outcome_label(o, derived), 44), fontsize=8)
        ax.grid(axis="x", alpha=0.3)
    _legend(fig, axes.flat[0], "index")
    what = "Morris screening" if morris else "Sobol indices; error bars: 95% bootstrap CI"
    reps = f"{replicates} replicate{'s' if replicates != 1 else ''}"
    _note(fig, f"{what}; each sample point's output is the mean of {reps}")
    return fig


def draw_spec_plots(
    spec: ExperimentSpec,
    df: pd.DataFrame,
    summary: pd.DataFrame,
    sens: pd.DataFrame | None,
    directory: Path,
) -> Iterable[Path]:
    """Draw every plot of a spec; returns the written files."""
    from experiments.spec import base_parameters, varied_names

    varied = varied_names(spec)
    derived = spec.outputs.derived
    gain = {**{n: s.default for n, s in REGISTRY.items()}, **base_parameters(spec)}["gain"]
    written: list[Path] = []
    for i, p in enumerate(spec.plots):
        outcomes = p.outcomes or list(spec.outputs.outcomes)
        fig: Any
        if p.kind == "timeseries":
            fig = timeseries(df, outcomes, varied, p.band or "quantile", derived)
        elif p.kind == "bars":
            fig = bars(summary, outcomes, varied, p.facet, derived)
        elif p.kind == "tradeoff":
            fig = tradeoff(summary, p.x_outcomes, outcomes, p.by, derived)
        elif p.kind == "sensitivity":
            present = [o for o in outcomes if o in set(sens["outcome"])]
            if not present:
                continue  # every output was NaN somewhere: no indices (sensitivity.csv)
            fig = sensitivity(sens, present, spec.replicates, derived)
        else:
            fig = heatmaps(
                summary,
                p.x,
                p.y,
                outcomes,
                facet=p.facet,
                overlay=p.overlay,
                gain=gain,
                derived=derived,
            )
        written += save(fig, directory, p.stem(i))
    return written
