"""Outcome columns and their definitions."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.outcomes import CORE_COLUMNS, gini

REQUIRED = (
    "honesty_rate",
    "trust_rate",
    "welfare",
    "gini",
    "blacklisted_share",
    "wrongly_blacklisted_share",
    "redlisted_share",
    "mean_integrity",
    "coverage",
)


def test_gini_hand_cases():
    assert gini(np.ones(10)) == pytest.approx(0.0)
    assert gini(np.array([0, 0, 0, 1.0])) == pytest.approx(0.75)  # (n-1)/n
    assert gini(np.array([1.0, 3.0])) == pytest.approx(0.25)
    assert gini(np.array([-5.0, 0.0])) == 0.0


def test_required_columns_present_in_order():
    m = CreditSystemModel(rng=1, n_subjects=300)
    m.run_for(3)
    cols = list(m.results().columns)
    assert cols[0] == "period"
    assert cols[1 : 1 + len(REQUIRED)] == list(REQUIRED)
    assert set(CORE_COLUMNS) <= set(cols)


def test_outcomes_match_period_arrays():
    m = CreditSystemModel(rng=4, n_subjects=1000)
    m.run_for(5)
    per, s = m.period, m.subjects
    row = m.results().iloc[-1]
    tx = per.transacted
    assert row["honesty_rate"] == pytest.approx(per.honest[tx].mean())
    assert row["trust_rate"] == pytest.approx(tx.sum() / per.attempted.sum())
    assert row["welfare"] == pytest.approx(s.payoff.mean())
    assert row["blacklisted_share"] == pytest.approx(s.listed(per.t).mean())
    assert row["coverage"] == pytest.approx(s.has_file.mean())
    assert row["redlisted_share"] == pytest.approx(s.red.mean())
