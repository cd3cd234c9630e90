"""Figures of experiment results (matplotlib, saved as PNG and SVG).

* :func:`timeseries`: outcome over time per scenario or design point, the mean across
  replicates with a band: the 5-95% range of replicates (``band="quantile"``) or the
  mean +- 2 standard errors (``band="se"``); the legend says which.
* :func:`heatmap`: a late-period outcome over two varied parameters, optionally with
  the line ``x * y = gain`` where the expected fine equals the gain from breaking faith.
* :func:`bars`: late-period outcomes per scenario, with +- 2 standard error bars.
* :func:`sensitivity`: Morris mu* against sigma, or Sobol S1 and ST with 95% intervals.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    "wrongly_blacklisted_share": "share of listings on a false record",
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


def outcome_label(name: str) -> str:
    """``honesty_rate`` -> ``honesty rate (share of transactions kept)``."""
    unit = OUTCOME_UNITS.get(name)
    if unit is None and name.startswith("honesty_rate_"):
        unit = "share of transactions kept"
    return name.replace("_", " ") + (f" ({unit})" if unit else "")


def param_label(name: str) -> str:
    """A parameter with its unit from the registry."""
    spec = REGISTRY.get(name)
    return f"{name} ({spec.unit})" if spec and spec.unit not in ("-", "") else name


def save(fig: plt.Figure, directory: Path, stem: str) -> list[Path]:
    """Save a figure as PNG and SVG (atomically) and close it."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for ext in ("png", "svg"):
        path = directory / f"{stem}.{ext}"
        tmp = directory / f".{stem}.tmp.{ext}"
        # a fixed date keeps the SVG byte-stable across re-runs
        meta = {"Date": None} if ext == "svg" else {"Software": None}
        fig.savefig(tmp, dpi=130, metadata=meta)
        tmp.replace(path)
        paths.append(path)
    plt.close(fig)
    return paths


def _label_of(df: pd.DataFrame, varied: list[str]) -> pd.Series:
    parts = []
    if df["scenario"].nunique() > 1:
        parts.append(df["scenario"].astype(str))
    for name in varied:
        # a parameter that only changes with the scenario is named by the scenario already
        if df.groupby("scenario", sort=False)[name].nunique().max() > 1:
            parts.append(name + "=" + df[name].astype(str))
    if not parts:
        return df["scenario"].astype(str)
    label = parts[0]
    for p in parts[1:]:
        label = label + ", " + p
    return label


def timeseries(
    df: pd.DataFrame, outcomes: list[str], varied: list[str], band: str = "quantile"
) -> plt.Figure:
    """Outcome over time: mean across replicates with a band, one line per point."""
    n = len(outcomes)
    cols = min(n, 3)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.4 * rows), squeeze=False)
    labels = _label_of(df, varied)
    n_rep = df["replicate"].nunique()
    for ax, col in zip(axes.flat, outcomes, strict=False):
        for label, g in df.groupby(labels, sort=False):
            by = g.groupby("period")[col]
            mean = by.mean()
            if band == "quantile":
                lo, hi = by.quantile(0.05), by.quantile(0.95)
            else:
                se = by.std(ddof=1) / np.sqrt(by.count())
                lo, hi = mean - 2 * se, mean + 2 * se
            line = ax.plot(mean.index, mean.values, label=str(label), lw=1.4)[0]
            ax.fill_between(mean.index, lo.values, hi.values, alpha=0.2, color=line.get_color())
        ax.set_xlabel("period (months)")
        ax.set_ylabel(outcome_label(col), fontsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    what = "5-95% range of replicates" if band == "quantile" else "mean +- 2 SE"
    axes.flat[0].legend(fontsize=7, title=f"line: mean of {n_rep}; band: {what}", title_fontsize=7)
    fig.tight_layout()
    return fig


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
) -> plt.Figure:
    """Late-period mean of ``outcome`` over two varied parameters.

    With ``overlay="deterrence"`` the curve ``x * y = gain`` is drawn: above it the
    expected fine of breaking faith exceeds the private gain (Becker 1968).
    """
    table = summary.pivot_table(index=y, columns=x, values=f"{outcome}_mean", aggfunc="mean")
    fig = ax.figure if ax is not None else plt.figure(figsize=(6, 4.6))
    ax = ax or fig.add_subplot()
    xs, ys = table.columns.to_numpy(dtype=float), table.index.to_numpy(dtype=float)
    mesh = ax.pcolormesh(_edges(xs), _edges(ys), table.to_numpy(), cmap="viridis", shading="flat")
    fig.colorbar(mesh, ax=ax, label=outcome_label(outcome))
    ax.set_xticks(xs, _ticklabels(table.columns))
    ax.set_yticks(ys, _ticklabels(table.index))
    ax.tick_params(labelsize=7)
    if overlay == "deterrence" and gain:
        grid = np.linspace(max(xs.min(), 1e-6), xs.max(), 200)
        curve = gain / grid
        keep = (curve >= _edges(ys)[0]) & (curve <= _edges(ys)[-1])
        ax.plot(grid[keep], curve[keep], "w--", lw=2, label=f"{x} x {y} = gain ({gain:g})")
        ax.legend(loc="upper right", fontsize=7, framealpha=0.6)
    ax.set_xlabel(param_label(x))
    ax.set_ylabel(param_label(y))
    if title:
        ax.set_title(title, fontsize=9)
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


def bars(summary: pd.DataFrame, outcomes: list[str], varied: list[str]) -> plt.Figure:
    """Late-period outcomes per scenario/design point, with +- 2 SE error bars."""
    n = len(outcomes)
    fig, axes = plt.subplots(1, n, figsize=(max(3.6 * n, 5), 3.8), squeeze=False)
    labels = _label_of(summary, varied).tolist()
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, o in zip(axes.flat, outcomes, strict=True):
        pos = np.arange(len(summary))
        ax.bar(
            pos,
            summary[f"{o}_mean"],
            yerr=2 * summary[f"{o}_se"].fillna(0),
            color=[colours[i % len(colours)] for i in range(len(pos))],
            capsize=3,
        )
        ax.set_xticks(pos, labels, rotation=35, ha="right", fontsize=7)
        ax.set_ylabel(outcome_label(o), fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    n_rep = int(summary["n_replicates"].min())
    fig.suptitle(f"mean of the late periods over {n_rep} replicates; bars: +- 2 SE", fontsize=9)
    fig.tight_layout()
    return fig


def tradeoff(summary: pd.DataFrame, x_outcomes: list[str], outcomes: list[str]) -> plt.Figure:
    """Outcomes against the sum of ``x_outcomes``, one line per scenario group.

    The group is the scenario name before ``:`` ("carrot: reward 0.2" -> "carrot"), so
    arms that move different levers can be compared at equal values of ``x`` (for
    example equal money moved per subject and period).
    """
    n = len(outcomes)
    fig, axes = plt.subplots(1, n, figsize=(4.8 * n, 3.9), squeeze=False)
    x = sum(summary[f"{o}_mean"] for o in x_outcomes)
    group = summary["scenario"].astype(str).str.split(":").str[0].str.strip()
    for ax, o in zip(axes.flat, outcomes, strict=True):
        for g in dict.fromkeys(group):
            # points joined in the spec's order of the lever, not sorted by x: money
            # moved can fall again as a lever grows (fewer violations, fewer fines)
            m = (group == g).to_numpy()
            xs = x[m].to_numpy()
            ys = summary.loc[m, f"{o}_mean"].to_numpy()
            es = 2 * summary.loc[m, f"{o}_se"].fillna(0).to_numpy()
            ax.errorbar(xs, ys, yerr=es, marker="o", ms=4, capsize=2, label=g)
            names = summary.loc[m, "scenario"].astype(str).str.split(":").str[-1].str.strip()
            if names.nunique() > 1:
                for xi, yi, t in zip(xs, ys, names, strict=True):
                    ax.annotate(t, (xi, yi), fontsize=6, xytext=(3, 3), textcoords="offset points")
        ax.set_xlabel(
            " + ".join(x_outcomes).replace("_", " ") + " (payoff units/subject/period)", fontsize=8
        )
        ax.set_ylabel(outcome_label(o), fontsize=8)
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=7, title="error bars: +- 2 SE", title_fontsize=7)
    fig.tight_layout()
    return fig


def sensitivity(sens: pd.DataFrame, outcomes: list[str]) -> plt.Figure:
    """Morris mu* (with CI) against sigma, or Sobol S1/ST with 95% intervals."""
    n = len(outcomes)
    morris = "mu_star" in sens.columns
    fig, axes = plt.subplots(1, n, figsize=(5.2 * n, 4.6 if morris else 4.2), squeeze=False)
    for ax, o in zip(axes.flat, outcomes, strict=True):
        s = sens[sens["outcome"] == o]
        if morris:
            ax.errorbar(s["mu_star"], s["sigma"], xerr=s["mu_star_conf"], fmt="o", ms=4)
            top = s.nlargest(8, "mu_star")
            for _, r in top.iterrows():
                ax.annotate(r["parameter"], (r["mu_star"], r["sigma"]), fontsize=6)
            ax.set_xlabel(f"mu* (mean |elementary effect|, {o} per unit of range)")
            ax.set_ylabel("sigma (interaction / non-linearity)")
        else:
            s = s.sort_values("ST")
            pos = np.arange(len(s))
            ax.barh(pos - 0.2, s["S1"], 0.4, xerr=s["S1_conf"], label="S1 (first order)")
            ax.barh(pos + 0.2, s["ST"], 0.4, xerr=s["ST_conf"], label="ST (total)")
            ax.set_yticks(pos, s["parameter"], fontsize=7)
            ax.set_xlabel("Sobol index (share of output variance); bars: 95% CI")
            ax.legend(fontsize=7)
        ax.set_title(outcome_label(o), fontsize=9)
        ax.grid(alpha=0.3)
    fig.tight_layout()
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
    gain = {**{n: s.default for n, s in REGISTRY.items()}, **base_parameters(spec)}["gain"]
    written: list[Path] = []
    for i, p in enumerate(spec.plots):
        outcomes = p.outcomes or list(spec.outputs.outcomes)
        stem = p.name or f"{p.kind}_{i}"
        fig: Any
        if p.kind == "timeseries":
            fig = timeseries(df, outcomes, varied, p.band)
        elif p.kind == "bars":
            fig = bars(summary, outcomes, varied)
        elif p.kind == "tradeoff":
            fig = tradeoff(summary, p.x_outcomes, outcomes)
        elif p.kind == "sensitivity":
            fig = sensitivity(sens, [o for o in outcomes if o in set(sens["outcome"])])
        else:
            # rows: outcomes, columns: facet values; without a facet, one row of outcomes
            facets = sorted(summary[p.facet].unique()) if p.facet else [None]
            rows, cols = (len(outcomes), len(facets)) if p.facet else (1, len(outcomes))
            fig, axes = plt.subplots(rows, cols, figsize=(5.8 * cols, 4.4 * rows), squeeze=False)
            for r, o in enumerate(outcomes):
                for c, f in enumerate(facets):
                    sub = summary if f is None else summary[summary[p.facet] == f]
                    heatmap(
                        sub,
                        p.x,
                        p.y,
                        o,
                        overlay=p.overlay,
                        gain=gain,
                        ax=axes[r, c] if p.facet else axes[0, r],
                        title=None if f is None else f"{p.facet} = {f}",
                    )
            fig.tight_layout()
        written += save(fig, directory, stem)
    return written
