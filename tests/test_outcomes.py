"""Outcome columns and their definitions."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from model import CreditSystemModel
from model.outcomes import CORE_COLUMNS, gini, sort_nonnegative

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


# non-negative doubles of every kind: zeros of both signs, subnormals, ties, huge values
NONNEGATIVE = st.floats(min_value=0.0, max_value=1e308, allow_nan=False, allow_subnormal=True)


@given(arrays(np.float64, st.integers(0, 300), elements=NONNEGATIVE))
def test_radix_sort_equals_numpy_sort(x):
    # the Gini coefficient must not depend on which exact sort produced the order
    x[: len(x) // 3] = -0.0
    expected = np.sort(x)
    got = sort_nonnegative(x)
    assert got is x
    np.testing.assert_array_equal(got, expected)


def test_radix_sort_near_ties_and_lattice_values():
    # wealth takes lattice values reached by different sums: ties and one-ulp neighbours
    rng = np.random.default_rng(3)
    base = rng.integers(0, 50, 5000) * 0.2 + 10.0
    x = base + rng.integers(-2, 3, 5000) * np.spacing(base)
    assert np.array_equal(sort_nonnegative(x.copy()), np.sort(x))
    assert sort_nonnegative(np.array([])).shape == (0,)


def test_gini_equals_the_sorted_formula_exactly():
    rng = np.random.default_rng(5)
    x = rng.lognormal(2.0, 1.0, 1001)
    v = np.sort(x)
    n = len(v)
    # the rank-weighted sum in numpy's pairwise order (not BLAS: see test_blas_threads.py)
    expected = 2.0 * (np.arange(1, n + 1.0) * v).sum() / (n * v.sum()) - (n + 1.0) / n
    assert gini(x) == expected
    # and within rounding of the exact rational value of the same formula
    exact = 2 * sum(Fraction(i) * Fraction(float(w)) for i, w in enumerate(v, 1))
    exact = exact / (n * sum(Fraction(float(w)) for w in v)) - Fraction(n + 1, n)
    assert gini(x) == pytest.approx(float(exact), rel=1e-13)


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
