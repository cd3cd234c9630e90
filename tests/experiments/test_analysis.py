"""Summaries, sensitivity indices and figures on tiny experiments."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from experiments import plots
from experiments.canonical import CANONICAL, SPECS
from experiments.runner import run_experiment
from experiments.spec import load_spec, parse_spec


def _sampling_spec(kind: str, **design) -> dict:
    return {
        "name": kind,
        "periods": 6,
        "replicates": 1,
        "master_seed": 3,
        # with an empty red list, the reward other domains pay red-listed subjects
        # (joint.reward) reaches nobody: an active parameter that cannot change anything
        "base": {"n_subjects": 200, "redlist.share": 0.0},
        "vary": {
            "type": kind,
            "bounds": {"sanctions.fine": [0.0, 10.0], "joint.reward": [0.0, 1.0]},
            "seed": 5,
            **design,
        },
        "outputs": {"outcomes": ["honesty_rate", "fines_per_subject"], "last_periods": 3},
        "plots": [{"kind": "sensitivity"}],
    }


def test_morris_finds_the_fine_and_gives_exactly_zero_to_an_inert_lever(tmp_path):
    spec = parse_spec(_sampling_spec("morris", trajectories=6))
    run_experiment(spec, tmp_path / "o", workers=1, progress=False)
    tmp_path = tmp_path / "o"
    sens = pd.read_csv(tmp_path / "sensitivity.csv").set_index(["outcome", "parameter"])
    assert sens.loc[("honesty_rate", "joint.reward"), "mu_star"] == 0.0
    assert sens.loc[("honesty_rate", "joint.reward"), "sigma"] == 0.0
    assert sens.loc[("honesty_rate", "sanctions.fine"), "mu_star"] > 0.05
    assert (tmp_path / "figures" / "sensitivity_0.svg").exists()


def test_sobol_total_index_of_an_inert_parameter_is_zero(tmp_path):
    spec = parse_spec(_sampling_spec("sobol", samples=16))
    run_experiment(spec, tmp_path / "o", workers=1, progress=False)
    tmp_path = tmp_path / "o"
    sens = pd.read_csv(tmp_path / "sensitivity.csv").set_index(["outcome", "parameter"])
    inert = sens.loc[("honesty_rate", "joint.reward")]
    assert inert["ST"] == 0.0 and inert["S1"] == 0.0
    assert sens.loc[("honesty_rate", "sanctions.fine"), "ST"] > 0.5
    assert {"S1_conf", "ST_conf"} <= set(sens.columns)


def test_summary_is_mean_sd_se_of_late_period_means(tiny_spec, tmp_path):
    import experiments

    out = tmp_path / "out"
    run_experiment(tiny_spec, out, workers=1, progress=False)
    df = experiments.load(out)
    summary = pd.read_csv(out / "summary.csv")
    one = df[df["point"] == 1]
    late = one[one["period"] > 3].groupby("replicate")["honesty_rate"].mean()
    row = summary[summary["point"] == 1].iloc[0]
    assert row["honesty_rate_mean"] == pytest.approx(late.mean(), rel=1e-9)
    assert row["honesty_rate_sd"] == pytest.approx(late.std(ddof=1), rel=1e-9)
    assert row["honesty_rate_se"] == pytest.approx(late.std(ddof=1) / np.sqrt(2), rel=1e-9)


def test_heatmap_labels_units_and_draws_the_deterrence_line():
    summary = pd.DataFrame(
        {
            "detection.probability": [0.1, 0.1, 0.5, 0.5],
            "sanctions.fine": [1.0, 4.0, 1.0, 4.0],
            "honesty_rate_mean": [0.2, 0.5, 0.6, 0.9],
        }
    )
    fig = plots.heatmap(
        summary,
        "detection.probability",
        "sanctions.fine",
        "honesty_rate",
        overlay="deterrence",
        gain=1.0,
    )
    ax = fig.axes[0]
    assert ax.get_xlabel() == "detection.probability (probability per violation)"
    assert ax.get_ylabel() == "sanctions.fine (payoff units)"
    (line,) = ax.get_lines()
    x, y = line.get_data()
    np.testing.assert_allclose(x * y, 1.0)  # p * fine = gain everywhere on the line
    plt.close(fig)


def test_every_canonical_spec_is_valid():
    assert sorted(p.stem for p in SPECS.glob("*.toml")) == sorted(CANONICAL)
    for name in CANONICAL:
        load_spec(SPECS / f"{name}.toml")  # raises SpecError naming the problem


def test_tradeoff_and_bars_from_a_scenario_spec(tmp_path: Path):
    spec = parse_spec(
        {
            "name": "cs",
            "periods": 5,
            "replicates": 2,
            "master_seed": 1,
            "base": {"n_subjects": 200},
            "vary": {
                "type": "scenarios",
                "scenarios": {
                    "carrot: 0.5": {"redlist.facilitation": 0.5, "sanctions.fine": 0.0},
                    "stick: 2": {"redlist.facilitation": 0.0, "sanctions.fine": 2.0},
                    "stick: 4": {"redlist.facilitation": 0.0, "sanctions.fine": 4.0},
                },
            },
            "outputs": {
                "outcomes": ["honesty_rate", "fines_per_subject", "rewards_per_subject"],
                "last_periods": 2,
            },
            "plots": [
                {
                    "kind": "tradeoff",
                    "x_outcomes": ["fines_per_subject", "rewards_per_subject"],
                    "outcomes": ["honesty_rate"],
                    "name": "t",
                },
                {"kind": "bars", "outcomes": ["honesty_rate"], "name": "b"},
            ],
        }
    )
    run_experiment(spec, tmp_path, workers=1, progress=False)
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert summary["scenario"].tolist() == ["carrot: 0.5", "stick: 2", "stick: 4"]
    carrot = summary.iloc[0]
    assert carrot["fines_per_subject_mean"] == 0.0 and carrot["rewards_per_subject_mean"] > 0
    for stem in ("t", "b"):
        for ext in ("png", "svg"):
            assert (tmp_path / "figures" / f"{stem}.{ext}").stat().st_size > 1000


def test_a_scenario_gets_only_what_it_sets_not_the_defaults_filled_in_for_the_table():
    # one scenario sets records.coverage, another switches the phase-in on: the table
    # shows coverage's default for the second, but the model must not get it (under the
    # phase-in schedule the model refuses a value for records.coverage)
    from experiments.spec import expand_runs
    from model import CreditSystemModel

    spec = parse_spec(
        {
            "name": "fill",
            "periods": 2,
            "replicates": 1,
            "master_seed": 1,
            "base": {"n_subjects": 60},
            "vary": {
                "type": "scenarios",
                "scenarios": {
                    "full": {"phase_in.enabled": False, "records.coverage": 1.0},
                    "plan": {"phase_in.enabled": True},
                },
            },
            "outputs": {"outcomes": ["honesty_rate"]},
        },
        source="test",
    )
    runs = {r["scenario"]: r for r in expand_runs(spec)}
    assert runs["plan"]["overrides"]["records.coverage"] == 0.8  # the default, for the table
    assert "records.coverage" not in runs["plan"]["params"]
    assert runs["full"]["params"]["records.coverage"] == 1.0
    for r in runs.values():
        CreditSystemModel(rng=r["seed"], **r["params"])  # the model accepts what it gets
