"""Derived outcomes and paired contrasts (issue 13, items 3 and 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import experiments
from experiments import derived
from experiments.runner import run_experiment
from experiments.spec import SpecError, parse_spec

SPEC = {
    "name": "report",
    "periods": 8,
    "replicates": 4,
    "master_seed": 11,
    "base": {"n_subjects": 300, "detection.false_record_rate": 0.05},
    "vary": {
        "type": "scenarios",
        "scenarios": {
            "no fine": {"sanctions.fine": 0.0},
            "fine 2": {"sanctions.fine": 2.0},
            "fine 6": {"sanctions.fine": 6.0},
        },
    },
    "outputs": {
        "outcomes": ["honesty_rate", "wrongly_listed", "honest_and_trusting"],
        "last_periods": 3,
        "derived": {
            "wrongly_listed": "blacklisted_share * wrongful_listing_share",
            "honest_and_trusting": "where(honesty_rate > 0.5, trust_rate, -1)",
        },
    },
    "contrasts": [
        {"name": "fine_effect", "a": {"scenario": "fine 6"}, "b": {"scenario": "no fine"}},
        {"a": {"scenario": "fine 2"}, "b": {"scenario": "no fine"}, "outcomes": ["honesty_rate"]},
    ],
    "plots": [
        {"kind": "bars", "name": "bars", "outcomes": ["wrongly_listed"]},
        {"kind": "timeseries", "name": "ts", "outcomes": ["wrongly_listed"], "band": "ci"},
    ],
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "out"
    run_experiment(parse_spec(SPEC), out, workers=1, progress=False)
    return out, experiments.load(out)


def test_derived_outcomes_are_computed_per_period(result):
    _, df = result
    np.testing.assert_array_equal(
        df["wrongly_listed"], df["blacklisted_share"] * df["wrongful_listing_share"]
    )
    expected = np.where(df["honesty_rate"] > 0.5, df["trust_rate"], -1.0)
    np.testing.assert_array_equal(df["honest_and_trusting"], expected)
    assert list(df.columns[-2:]) == ["wrongly_listed", "honest_and_trusting"]


def test_derived_outcomes_are_summarised_like_model_outcomes(result):
    out, df = result
    summary = pd.read_csv(out / "summary.csv")
    late = df[df["period"] > 5]  # the last 3 of 8 periods
    per_run = late.groupby(["scenario", "replicate"])["wrongly_listed"].mean()
    for scenario, row in summary.set_index("scenario").iterrows():
        runs = per_run.loc[scenario]
        assert row["wrongly_listed_mean"] == pytest.approx(runs.mean(), rel=1e-9)
        assert row["wrongly_listed_sd"] == pytest.approx(runs.std(ddof=1), rel=1e-9)


def test_derived_outcomes_are_drawn_with_their_formula(result):
    out, _ = result
    svg = (out / "figures" / "bars.svg").read_text()
    assert "blacklisted_share *" in svg  # the axis label states the formula
    assert (out / "figures" / "ts.png").exists()


def test_paired_contrast_matches_a_hand_computed_paired_t_interval(result):
    out, df = result
    table = pd.read_csv(out / "contrasts.csv")
    assert list(table.columns) == [
        "contrast", "a", "b", "outcome", "n_pairs", "mean_a", "mean_b", "difference", "se",
        "ci95_low", "ci95_high", "p_value",
    ]  # fmt: skip
    assert table["contrast"].tolist() == ["fine_effect"] * 3 + ["contrast_1"]
    late = df[df["period"] > 5]
    for _, row in table.iterrows():
        scen_a = row["a"].split("'")[1]
        scen_b = row["b"].split("'")[1]
        a = late[late["scenario"] == scen_a].groupby("replicate")
        b = late[late["scenario"] == scen_b].groupby("replicate")
        # the pairs share their seed: replicate r of both points
        assert (a["seed"].first() == b["seed"].first()).all()
        d = (a[row["outcome"]].mean() - b[row["outcome"]].mean()).dropna().to_numpy()
        n = len(d)
        se = d.std(ddof=1) / np.sqrt(n)
        half = stats.t.ppf(0.975, n - 1) * se
        assert row["n_pairs"] == n  # a replicate with nobody listed has no wrongful share
        assert n == 4 or row["outcome"] != "honesty_rate"
        assert row["difference"] == pytest.approx(d.mean(), rel=1e-9, abs=1e-12)
        assert row["se"] == pytest.approx(se, rel=1e-9, abs=1e-12)
        assert row["ci95_low"] == pytest.approx(d.mean() - half, rel=1e-9, abs=1e-12)
        assert row["ci95_high"] == pytest.approx(d.mean() + half, rel=1e-9, abs=1e-12)
        if se > 0:
            pairs = pd.concat([a[row["outcome"]].mean(), b[row["outcome"]].mean()], axis=1)
            ttest = stats.ttest_rel(*pairs.dropna().to_numpy().T)
            assert row["p_value"] == pytest.approx(ttest.pvalue, rel=1e-6)
    fine = table[(table["contrast"] == "fine_effect") & (table["outcome"] == "honesty_rate")]
    assert fine["ci95_low"].iloc[0] > 0  # a fine of 6 raises honesty in every replicate


def test_contrast_drops_pairs_with_a_missing_value():
    from experiments.analysis import contrasts

    spec = parse_spec(
        {
            **SPEC,
            "outputs": {"outcomes": ["honesty_rate"], "last_periods": 1},
            "contrasts": [{"a": {"scenario": "fine 2"}, "b": {"scenario": "no fine"}}],
            "plots": [],
        }
    )
    rows = []
    for point, scenario in enumerate(["no fine", "fine 2", "fine 6"]):
        for rep, value in enumerate([0.1, 0.2, np.nan, 0.4]):
            rows.append(
                {
                    "run_id": f"p{point}-r{rep}",
                    "point": point,
                    "scenario": scenario,
                    "sanctions.fine": 0.0,
                    "replicate": rep,
                    "seed": rep,
                    "period": 1,
                    "honesty_rate": value + point,
                }  # fmt: skip
            )
    table = contrasts(pd.DataFrame(rows), spec)
    row = table.iloc[0]
    assert row["n_pairs"] == 3  # replicate 2 is NaN at both points
    assert row["difference"] == pytest.approx(1.0)
    assert row["se"] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("a + b * 2", [5.0, 8.0, np.nan]),
        ("-a ** 2", [-1.0, -4.0, -9.0]),
        ("a / b", [0.5, 2 / 3, np.nan]),
        ("a / (a - a)", [np.inf, np.inf, np.inf]),
        ("(a - a) / (a - a)", [np.nan, np.nan, np.nan]),
        ("a > 1.5", [0.0, 1.0, 1.0]),
        ("1 < a <= 2", [0.0, 1.0, 0.0]),
        ("where(a >= 2, a, 0)", [0.0, 2.0, 3.0]),
        ("min(a, b) + max(a, 0.5)", [2.0, 4.0, np.nan]),
        ("abs(a - 2) + sqrt(4) + log(exp(0))", [3.0, 2.0, 3.0]),
        ("7", [7.0, 7.0, 7.0]),
    ],
)
def test_expressions_evaluate_elementwise_with_ieee_semantics(expression, expected):
    cols = {"a": np.array([1.0, 2.0, 3.0]), "b": np.array([2.0, 3.0, np.nan])}
    tree = derived.parse(expression, cols)
    np.testing.assert_array_equal(derived.evaluate(tree, cols, 3), expected)


@pytest.mark.parametrize(
    "expression",
    [
        "a.__class__",
        "__import__('os')",
        "a[0]",
        "[a]",
        "a if a else b",
        "a and b",
        "lambda: a",
        "f'{a}'",
        "abs(a, key=b)",
        "max(*a)",
        "a @ b",
        "a % 2",
        "~a",
        "not a",
        "True + a",
        "a := 2",
        "(" * 300 + "a" + ")" * 300,
    ],
)
def test_anything_outside_the_language_is_refused(expression):
    with pytest.raises(derived.DerivedError) as info:
        derived.parse(expression, {"a", "b"})
    assert "\n" not in str(info.value)


def test_a_spec_with_a_derived_outcome_a_contrast_and_faceted_bars_needs_no_hand_work(tmp_path):
    spec = {
        "name": "whole",
        "periods": 4,
        "replicates": 2,
        "master_seed": 5,
        "base": {"n_subjects": 150},
        "vary": {
            "type": "grid",
            "grid": {"sanctions.fine": [0.0, 4.0], "detection.probability": [0.1, 0.5]},
        },
        "outputs": {
            "outcomes": ["honesty_rate", "kept_minus_trust"],
            "derived": {"kept_minus_trust": "honesty_rate - trust_rate"},
        },
        "contrasts": [
            {
                "a": {"sanctions.fine": 4.0, "detection.probability": 0.5},
                "b": {"sanctions.fine": 0.0, "detection.probability": 0.5},
            }
        ],
        "plots": [{"kind": "bars", "facet": "detection.probability", "name": "faceted"}],
    }
    record = run_experiment(parse_spec(spec), tmp_path / "o", workers=1, progress=False)
    assert set(record["written"]) >= {"summary", "contrasts", "figures/faceted.png"}
    # and a heatmap over a three-factor grid without a facet is refused before any run
    three = {
        **spec,
        "vary": {
            "type": "grid",
            "grid": {**spec["vary"]["grid"], "detection.report_rate": [0.0, 0.2]},
        },
        "plots": [{"kind": "heatmap", "x": "sanctions.fine", "y": "detection.probability"}],
    }
    with pytest.raises(SpecError, match="detection.report_rate also vary"):
        parse_spec(three)
