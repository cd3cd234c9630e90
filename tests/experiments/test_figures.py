"""Figures that do not mislead and do not clip (issue 13, item 5).

Each figure type is drawn from synthetic results shaped like the canonical experiments'
(their grids, scenario names and outcome labels), without running a model, and its text
is checked: no two texts overlap, none reaches outside the figure, and the title line
states the replicates and what the bands or bars are.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from experiments import layout, plots

RNG = np.random.default_rng(0)


def summary_of(points: list[dict], outcomes: list[str], n: int = 3) -> pd.DataFrame:
    """A summary.csv-like table: identity columns, n_replicates, mean/sd/se per outcome."""
    rows = []
    for i, p in enumerate(points):
        row = {"point": i, "scenario": p.pop("scenario", "base"), **p, "n_replicates": n}
        for o in outcomes:
            row[f"{o}_mean"] = RNG.uniform(0, 1)
            row[f"{o}_sd"] = RNG.uniform(0, 0.1)
            row[f"{o}_se"] = row[f"{o}_sd"] / np.sqrt(n)
        rows.append(row)
    return pd.DataFrame(rows)


def grid(**values: list) -> list[dict]:
    names = [k.replace("__", ".") for k in values]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values.values())]


def runs_of(summary: pd.DataFrame, varied: list[str], outcomes: list[str], periods: int = 60):
    """A load()-like table: every point x 3 replicates x periods."""
    frames = []
    for _, p in summary.iterrows():
        for rep in range(3):
            df = pd.DataFrame({"period": np.arange(1, periods + 1)})
            for o in outcomes:
                df[o] = RNG.uniform(0, 1, periods)
            df.insert(0, "seed", 100 + rep)
            df.insert(0, "replicate", rep)
            for name in reversed(varied):
                df.insert(0, name, p[name])
            df.insert(0, "scenario", p["scenario"])
            df.insert(0, "point", p["point"])
            df.insert(0, "run_id", f"p{p['point']:04d}-r{rep:02d}")
            frames.append(df)
    return pd.concat(frames, ignore_index=True)


def scheduled_runs() -> pd.DataFrame:
    """Hysteresis-like runs: per-scenario scheduled changes (steps, and a ramp) as events."""
    names = ["crowding-out: fine 25-84", "crowding-out: never", "no norms: fine 25-84"]
    outcomes = ["honesty_rate", "mean_integrity", "trust_rate", "fines_per_subject"]
    summary = summary_of([{"scenario": n} for n in names], outcomes)
    df = runs_of(summary, [], outcomes, periods=156)
    df["events"] = ""
    fined = df["scenario"].str.contains("fine")
    df.loc[fined & (df["period"] == 25), "events"] = "sanctions.enabled=True"
    df.loc[fined & (df["period"] == 85), "events"] = "sanctions.enabled=False"
    ramp = (df["scenario"] == names[2]) & df["period"].between(100, 112)
    df.loc[ramp, "events"] = "detection.probability=0.3"
    return df


DETERRENCE = summary_of(
    grid(
        detection__probability=[0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9],
        sanctions__fine=[0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0],
    ),
    ["honesty_rate", "trust_rate", "welfare"],
)
PROTECTIONISM = summary_of(
    grid(
        government__protectionism=[0.0, 0.25, 0.5, 0.75, 1.0],
        government__integrity_mean=[0.3, 0.5, 0.7, 0.9],
        government__evaluation=[0.0, 0.2],
    ),
    ["honesty_region_spread", "honesty_rate_firm", "protectionism_rate"],
)
SHARING = summary_of(
    grid(sharing__level=[0.0, 0.25, 0.5, 0.75, 1.0], joint__enabled=[False, True]),
    ["wrongful_listing_share", "excluded_share"],
)
CARROT = summary_of(
    [
        {"scenario": f"{arm}: {lever} {v}", "redlist.facilitation": r, "sanctions.fine": f}
        for arm, lever, vals in (
            ("carrot", "reward", (0.1, 0.2, 0.4, 0.7, 1.0, 1.5)),
            ("stick", "fine", (0.5, 1, 2, 4, 8, 16)),
        )
        for v in vals
        for r, f in [((v, 0.0) if arm == "carrot" else (0.0, v))]
    ]
    + [{"scenario": "neither", "redlist.facilitation": 0.0, "sanctions.fine": 0.0}],
    ["honesty_rate", "welfare", "gini", "fines_per_subject", "rewards_per_subject"],
)
EDUCATION = summary_of(
    [
        {"scenario": name, "education.enabled": e, "norms.enabled": m}
        for name, e, m in (
            ("no education, no norm learning", False, False),
            ("education campaigns in schools and media", True, False),
            ("norm learning from neighbours (conformity)", False, True),
            ("both: education and norm learning together", True, True),
        )
    ],
    ["honesty_rate", "mean_integrity", "trust_rate"],
)
PARAMETERS = [
    "n_regions", "firm_share", "official_share", "surplus", "gain", "harm", "initial_wealth",
    "interaction.degree", "interaction.rewiring", "interaction.trust_initial",
    "interaction.trust_learning", "integrity.mean", "integrity.concentration",
    "integrity.weight", "decision.rationality", "detection.probability",
    "detection.report_rate", "detection.false_record_rate", "detection.serious_share",
    "records.coverage", "records.serious_weight", "records.half_life",
    "records.expiry_weight", "scoring.points", "sanctions.fine", "blacklist.threshold",
    "blacklist.term_business", "blacklist.cost", "redlist.threshold", "redlist.clean_periods",
    "redlist.facilitation", "market.screening", "market.min_score",
]  # fmt: skip


def morris_table() -> pd.DataFrame:
    rows = []
    for o in ("honesty_rate", "trust_rate", "welfare"):
        for p in PARAMETERS:
            mu = RNG.exponential(0.05)
            rows.append({"outcome": o, "parameter": p, "mu_star": mu, "mu_star_conf": mu / 4,
                         "mu": mu, "sigma": RNG.exponential(0.03)})  # fmt: skip
    return pd.DataFrame(rows)


def sobol_table() -> pd.DataFrame:
    rows = []
    for o in ("honesty_rate", "trust_rate"):
        for p in PARAMETERS[:10]:
            s1 = RNG.uniform(0, 0.4)
            rows.append({"outcome": o, "parameter": p, "S1": s1, "S1_conf": 0.05,
                         "ST": s1 + 0.1, "ST_conf": 0.05})  # fmt: skip
    return pd.DataFrame(rows)


FIGURES = {
    "heatmap-deterrence": lambda: plots.heatmaps(
        DETERRENCE,
        "detection.probability",
        "sanctions.fine",
        ["honesty_rate", "trust_rate", "welfare"],
        overlay="deterrence",
        gain=1.0,
    ),
    "heatmap-faceted": lambda: plots.heatmaps(
        PROTECTIONISM,
        "government.protectionism",
        "government.integrity_mean",
        ["honesty_region_spread", "honesty_rate_firm", "protectionism_rate"],
        facet="government.evaluation",
    ),
    "heatmap-switch-axis": lambda: plots.heatmaps(
        SHARING, "sharing.level", "joint.enabled", ["wrongful_listing_share", "excluded_share"]
    ),
    "bars-scenarios": lambda: plots.bars(
        EDUCATION, ["honesty_rate", "mean_integrity"], ["education.enabled", "norms.enabled"]
    ),
    "bars-faceted": lambda: plots.bars(
        PROTECTIONISM,
        ["honesty_rate_firm"],
        ["government.protectionism", "government.integrity_mean", "government.evaluation"],
        facet="government.evaluation",
    ),
    "tradeoff-groups": lambda: plots.tradeoff(
        CARROT, ["fines_per_subject", "rewards_per_subject"], ["honesty_rate", "welfare", "gini"]
    ),
    "tradeoff-by": lambda: plots.tradeoff(
        DETERRENCE, ["welfare"], ["honesty_rate"], by="detection.probability"
    ),
    "timeseries-quantile": lambda: plots.timeseries(
        runs_of(EDUCATION, ["education.enabled", "norms.enabled"], ["honesty_rate", "trust_rate"]),
        ["honesty_rate", "trust_rate"],
        ["education.enabled", "norms.enabled"],
        "quantile",
    ),
    "timeseries-ci-many-lines": lambda: plots.timeseries(
        runs_of(SHARING, ["sharing.level", "joint.enabled"], ["excluded_share"]),
        ["excluded_share"],
        ["sharing.level", "joint.enabled"],
        "ci",
        derived={"excluded_share": "a long formula over several outcome columns * 2"},
    ),
    "timeseries-scheduled": lambda: plots.timeseries(
        scheduled_runs(),
        ["honesty_rate", "mean_integrity", "trust_rate", "fines_per_subject"],
        [],
        "quantile",
    ),
    "sensitivity-morris": lambda: plots.sensitivity(
        morris_table(), ["honesty_rate", "trust_rate", "welfare"], 2
    ),
    "sensitivity-sobol": lambda: plots.sensitivity(
        sobol_table(), ["honesty_rate", "trust_rate"], 2
    ),
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_text_never_overlaps_or_clips_and_replicates_are_stated(name):
    fig = FIGURES[name]()
    try:
        layout.declutter(fig)  # what save() does before writing
        assert layout.text_problems(fig) == []
        note = fig._suptitle.get_text().replace("\n", " ")
        assert "replicate" in note
        if "bars" in name or "tradeoff" in name:
            assert "t-based 95% CI of the mean" in note
        if name == "timeseries-quantile":
            assert "band: 5-95% range of replicates" in note
        if name == "timeseries-ci-many-lines":
            assert "band: t-based 95% CI of the mean" in note
        if name == "timeseries-scheduled":
            assert "scheduled changes (grey: of several design points; coloured: of" in note
            assert "at periods 25, 85, 100-112 (shaded: a ramp)" in note
    finally:
        plt.close(fig)


def test_the_check_finds_overlapping_and_clipped_text():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.5, 0.5, "one label", transform=ax.transAxes)
    ax.text(0.52, 0.5, "another label", transform=ax.transAxes)
    fig.text(0.9, 0.5, "runs off the right-hand edge of the figure")
    problems = layout.text_problems(fig)
    plt.close(fig)
    assert any("overlaps" in p for p in problems)
    assert any("cut at the figure's edge" in p for p in problems)


def test_thinning_keeps_dense_heatmap_ticks_apart():
    values = [round(0.01 * i, 2) for i in range(40)]  # 40 ticks on one axis
    summary = summary_of(grid(detection__probability=values, sanctions__fine=[0.0, 1.0]), ["gini"])
    fig = plots.heatmaps(summary, "detection.probability", "sanctions.fine", ["gini"])
    layout.declutter(fig)
    shown = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert layout.text_problems(fig) == []
    assert 3 <= len(shown) < 40 and shown[0] == "0"  # thinned, not emptied
    plt.close(fig)


def test_faceted_heatmaps_share_one_colour_scale_per_row():
    fig = FIGURES["heatmap-faceted"]()
    panels = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")]
    assert len(panels) == 3 * 2
    for row in range(3):
        limits = {panels[2 * row + c].collections[0].get_clim() for c in range(2)}
        assert len(limits) == 1
        outcome = ["honesty_region_spread", "honesty_rate_firm", "protectionism_rate"][row]
        values = PROTECTIONISM[f"{outcome}_mean"]
        assert limits.pop() == pytest.approx((values.min(), values.max()))
    colour_bars = [ax for ax in fig.axes if ax not in panels]
    assert len(colour_bars) == 3
    assert all("one scale for the row" in ax.get_ylabel().replace("\n", " ") for ax in colour_bars)
    assert "panels of a row share one colour scale" in fig._suptitle.get_text().replace("\n", " ")
    plt.close(fig)


def test_heatmap_refuses_to_average_cells():
    with pytest.raises(ValueError, match="several design points per"):
        plots.heatmap(PROTECTIONISM, "government.protectionism", "government.integrity_mean",
                      "honesty_rate_firm")  # fmt: skip


def test_faceted_bars_draw_one_panel_per_value_and_outcome():
    fig = plots.bars(
        PROTECTIONISM,
        ["honesty_rate_firm", "protectionism_rate"],
        ["government.protectionism", "government.integrity_mean", "government.evaluation"],
        facet="government.evaluation",
    )
    panels = [ax for ax in fig.axes if ax.patches]
    assert len(panels) == 2 * 2
    assert [ax.get_title() for ax in panels[:2]] == [
        "government.evaluation = 0.0",
        "government.evaluation = 0.2",
    ]
    assert all(len(ax.patches) == 20 for ax in panels)  # 5 x 4 points per facet value
    # the facet is in the title, not repeated in every bar label
    assert not any("evaluation" in t.get_text() for t in panels[0].get_yticklabels())
    plt.close(fig)


def test_tradeoff_by_a_parameter_draws_one_line_per_level():
    fig = FIGURES["tradeoff-by"]()
    ax = fig.axes[0]
    assert len(ax.containers) == 10  # one error-bar line per detection probability
    legend = fig.legends[0]
    assert legend.get_title().get_text() == "detection.probability"
    assert [t.get_text() for t in legend.get_texts()][:2] == ["0.0", "0.05"]
    plt.close(fig)


def test_tradeoff_without_by_draws_one_line_per_scenario_group():
    fig = FIGURES["tradeoff-groups"]()
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["carrot", "stick", "neither"]
    plt.close(fig)
