"""Outcome columns and their definitions."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from model import CreditSystemModel
from model.outcomes import CORE_COLUMNS, gini, list_outcomes
from model.population import (
    BUSINESS,
    FIRM,
    GOVERNMENT,
    JUDICIAL,
    KINDS,
    PERMANENT,
    PERSON,
    SOCIAL,
)
from tests.helpers import hand_model, step_with

REQUIRED = (
    "honesty_rate",
    "trust_rate",
    "welfare",
    "gini",
    "blacklisted_share",
    "wrongly_listed_share",
    "wrongful_listing_share",
    "redlisted_share",
    "mean_integrity",
    "coverage",
)


def test_gini_hand_cases():
    assert gini(np.ones(10)) == pytest.approx(0.0)
    assert gini(np.array([0, 0, 0, 1.0])) == pytest.approx(0.75)  # (n-1)/n
    assert gini(np.array([1.0, 3.0])) == pytest.approx(0.25)
    assert gini(np.array([-5.0, 0.0])) == 0.0


# non-negative doubles: zeros of both signs, subnormals, ties, values far apart
NONNEGATIVE = st.floats(min_value=0.0, max_value=1e12, allow_nan=False, allow_subnormal=True)


@settings(deadline=None)
@given(arrays(np.float64, st.integers(1, 60), elements=NONNEGATIVE))
def test_gini_equals_the_mean_absolute_difference(x):
    # the definition, with no sort at all: sum_i sum_j |x_i - x_j| / (2 n^2 mean), in
    # exact rational arithmetic
    x[: len(x) // 3] = -0.0
    vals = [Fraction(float(v)) for v in x]
    total = sum(vals)
    if total == 0:
        assert gini(x) == 0.0
        return
    n = len(vals)
    pairs = sum(abs(a - b) for a in vals for b in vals)
    exact = float(pairs / (2 * n * total))
    assert gini(x) == pytest.approx(exact, rel=1e-12, abs=1e-15)


def test_gini_on_lattice_values_and_near_ties():
    # wealth takes lattice values reached by different sums: ties and one-ulp neighbours
    rng = np.random.default_rng(3)
    base = rng.integers(0, 50, 400) * 0.2 + 10.0
    x = base + rng.integers(-2, 3, 400) * np.spacing(base)
    d = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) * x.sum())
    assert gini(x) == pytest.approx(d, rel=1e-12)
    assert gini(np.array([])) == 0.0
    # the order the values come in does not matter, to the last bit
    assert gini(x[::-1].copy()) == gini(x) == gini(rng.permutation(x))


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
    # the lists as published at the end of the period: those that hold in the next
    assert row["blacklisted_share"] == pytest.approx(s.listed(per.t + 1).mean())
    assert row["coverage"] == pytest.approx(s.has_file.mean())
    assert row["redlisted_share"] == pytest.approx(s.red.mean())


def _listed_by_hand(t=5, n=12):
    """Listings of a hand model at period t (rows: departments, judicial last)."""
    m = hand_model({}, n=n, t=t)
    s = m.subjects
    kinds = s.kind.copy()
    u, w = s.listed_until, s.wrong_listing
    u[BUSINESS, 0], w[BUSINESS, 0] = t + 3, True  # holds on, on a false record
    u[SOCIAL, 0] = t + 2  # and on a second list, on a true one
    u[GOVERNMENT, 1] = t + 1  # its last period is t: not on the published list
    w[GOVERNMENT, 1] = True
    u[JUDICIAL, 2] = PERMANENT
    u[SOCIAL, 3], w[SOCIAL, 3] = t + 10, True
    u[BUSINESS, 4] = t  # ended the period before
    u[BUSINESS, 5] = t + 2
    u[SOCIAL, 5] = t + 1  # a second listing ending now
    return m, kinds


def test_list_outcomes_by_hand():
    m, kind = _listed_by_hand()
    out = list_outcomes(m)
    # published at the end of t = 5: subjects 0, 2, 3, 5 (4 of 12)
    assert out["blacklisted_share"] == 4 / 12
    # subjects with a published listing on a false record: 0 and 3
    assert out["wrongly_listed_share"] == 2 / 12
    # listings (subject, department) published: 0 x 2, 2, 3, 5 -> 5; on a false record 2
    assert out["wrongful_listing_share"] == 2 / 5
    # listings whose last period was t: 1's government and 5's social
    assert out["listings_ended"] == 2 / 12
    on = np.zeros(12, dtype=bool)
    on[[0, 2, 3, 5]] = True
    for code, name in enumerate(KINDS):
        mine = kind == code
        expected = on[mine].mean() if mine.any() else np.nan
        np.testing.assert_equal(out[f"listed_share_{name}"], expected)
    assert out["new_listings"] == 0.0


def test_nobody_listed_gives_nan_wrongful_share_and_zero_shares():
    m = hand_model({}, n=12, t=5)
    out = list_outcomes(m)
    assert math.isnan(out["wrongful_listing_share"])
    assert out["wrongly_listed_share"] == 0.0 and out["blacklisted_share"] == 0.0
    assert out["listings_ended"] == 0.0 and out["new_listings"] == 0.0


def test_a_kind_without_subjects_has_a_nan_listed_share():
    m = hand_model({}, n=12, t=5, official_share=0.0)
    out = list_outcomes(m)
    assert math.isnan(out["listed_share_official"])
    assert out["listed_share_person"] == 0.0


def test_new_listings_count_the_listings_decided_this_period():
    m = hand_model(
        {
            "records.coverage": 1.0,
            "blacklist.scope_business": 1.0,
            "blacklist.person_scope": 1.0,
            "blacklist.representatives": True,
        },
        n=30,
        t=5,
    )
    s, per = m.subjects, m.period
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    person = int(np.flatnonzero((s.kind == PERSON) & (np.arange(30) != s.representative[firm]))[0])
    per.domain[[firm, person]] = BUSINESS
    per.detected[[firm, person]] = per.serious[[firm, person]] = True
    per.open_findings(per.found)
    m.mechanisms["records"].file()
    m.mechanisms["blacklist"].update()
    # the firm, its representative and the person: three listings of 30 subjects
    assert list_outcomes(m)["new_listings"] == 3 / 30
    assert list_outcomes(m)["blacklisted_share"] == 3 / 30


def test_the_timing_convention_over_real_periods():
    # the row of period t counts the lists as published at its end (listed(t + 1)):
    # exactly the subjects who bear a listing's consequences at the start of t + 1
    m = CreditSystemModel(rng=3, n_subjects=2000, **{"blacklist.scope_social": 0.5})
    s = m.subjects
    bearing = {}

    def read(m):
        bearing[m.period.t] = s.listed(m.period.t).copy()

    published = {}
    for _ in range(12):
        step_with(m, {("blacklist", "restrict"): read})
        t = m.period.t
        assert m.outcomes["blacklisted_share"] == np.count_nonzero(s.listed(t + 1)) / s.n
        assert m.outcomes["listings_ended"] == np.count_nonzero(s.listed_until == t + 1) / s.n
        published[t] = s.listed(t + 1).copy()
    assert any(p.any() for p in published.values())
    for t in range(1, 12):
        np.testing.assert_array_equal(bearing[t], published[t - 1])


# --- the society-wide outcomes of a period, by hand ----------------------------------


def _acts_by_hand(m):
    """Twelve subjects' acts in a blank period: who tried, who dealt, who kept faith."""
    per, s = m.period, m.subjects
    per.attempted[:10] = True  # 10 of 12 sought a deal
    per.transacted[:8] = True  # 8 deals took place
    per.honest[:] = False
    per.honest[[0, 1, 2, 4, 6, 8]] = True  # 8 kept faith but did not deal: not counted
    deals = [BUSINESS, SOCIAL, SOCIAL, GOVERNMENT, BUSINESS, SOCIAL, BUSINESS, BUSINESS]
    per.domain[:] = deals + [SOCIAL] * 4
    s.payoff[:] = np.arange(12, dtype=np.float32)
    s.trust[:] = 0.5
    s.trust[:3] = 1.0
    return per, s


def test_core_outcomes_of_a_period_by_hand():
    from model.outcomes import core_outcomes

    m = hand_model({}, n=12, t=5)
    per, s = _acts_by_hand(m)
    per.accounts.collect("fines", 0.6)  # less than one unit: per subject 0.05
    per.accounts.pay("rewards", 3.0)
    per.extra["screened_out"] = 2.0
    out = core_outcomes(m)
    assert out["honesty_rate"] == 5 / 8  # kept faith in 0, 1, 2, 4, 6 of 8 deals
    assert out["trust_rate"] == 8 / 10
    assert out["welfare"] == pytest.approx(66 / 12)  # 0 + 1 + ... + 11
    assert out["mean_trust"] == pytest.approx((3 * 1.0 + 9 * 0.5) / 12)
    assert out["fines_per_subject"] == pytest.approx(0.05)
    assert out["rewards_per_subject"] == pytest.approx(0.25)
    assert out["excluded_share"] == pytest.approx(2 / 12)
    # per domain: business deals 0 (kept), 4 (kept), 6 (kept), 7 (broke); social 1, 2
    # (kept), 5 (broke); government 3 (broke); no judicial act
    assert out["honesty_rate_business"] == 3 / 4
    assert out["honesty_rate_social"] == 2 / 3
    assert out["honesty_rate_government"] == 0.0
    assert math.isnan(out["honesty_rate_judicial"])
    # per kind, counted subject by subject
    for code, name in enumerate(KINDS):
        deals = [i for i in range(8) if s.kind[i] == code]
        kept = [i for i in deals if i in (0, 1, 2, 4, 6)]
        expected = len(kept) / len(deals) if deals else math.nan
        np.testing.assert_equal(out[f"honesty_rate_{name}"], expected)


def test_a_period_without_deals_reports_rates_of_zero_and_no_group_rate():
    from model.outcomes import core_outcomes

    m = hand_model({}, n=12, t=5)
    out = core_outcomes(m)  # nobody sought a deal
    assert out["honesty_rate"] == 0.0 and out["trust_rate"] == 0.0
    assert out["fines_per_subject"] == 0.0 and out["excluded_share"] == 0.0
    assert all(math.isnan(out[f"honesty_rate_{k}"]) for k in KINDS)
    m.period.attempted[:4] = True  # sought, refused every time
    out = core_outcomes(m)
    assert out["honesty_rate"] == 0.0 and out["trust_rate"] == 0.0


def test_the_cached_ranks_are_read_only():
    from model.outcomes import _ranks

    r = _ranks(7)
    assert r.tolist() == [1, 2, 3, 4, 5, 6, 7]
    with pytest.raises(ValueError, match="read-only"):
        r[0] = 0.0


def test_the_wrongly_listed_are_counted_as_subjects_not_as_lists():
    # subject 0 wrongly on two lists, subjects 1 and 2 wrongly on one and the same list
    m = hand_model({}, n=12, t=5)
    s, t = m.subjects, 5
    s.listed_until[[BUSINESS, SOCIAL], 0] = t + 3
    s.listed_until[SOCIAL, [1, 2]] = t + 3
    s.wrong_listing[:] = s.listed_until > 0
    out = list_outcomes(m)
    assert out["wrongly_listed_share"] == 3 / 12
    assert out["blacklisted_share"] == 3 / 12
    assert out["wrongful_listing_share"] == 4 / 4


# --- what the outcomes derive once and share -------------------------------------------


def _period_by_hand(t=5, n=18):
    """Three regions of six subjects with hand-set acts, domains and listings."""
    from model.period import Period

    m = hand_model({}, n=n, t=t, n_regions=3)
    s = m.subjects
    m.period = per = Period.new(t, n)
    rng = np.random.default_rng(11)
    s.kind[:] = rng.integers(0, len(KINDS), n)
    per.domain[:] = rng.integers(0, 4, n)
    per.attempted[:] = rng.random(n) < 0.8
    per.transacted[:] = per.attempted & (rng.random(n) < 0.8)
    per.honest[:] = rng.random(n) < 0.6
    s.listed_until[BUSINESS, [0, 7, 13]] = t + 2  # published
    s.listed_until[JUDICIAL, [7, 8]] = [PERMANENT, t + 1]  # 8: its last period was t
    s.wrong_listing[BUSINESS, 13] = s.wrong_listing[JUDICIAL, 8] = True
    return m


def test_the_tally_counts_every_combination_by_hand():
    from model.outcomes import ACT, DOMAIN, KIND, LISTED, REGION, margin, tally

    m = _period_by_hand()
    s, per = m.subjects, m.period
    counts = tally(m)
    assert counts.shape == (3, 4, 3, 2, 3)
    listed = {0, 7, 13}
    expected = np.zeros(counts.shape, dtype=int)
    for i in range(s.n):  # subject by subject
        act = 0 if not per.transacted[i] else (2 if per.honest[i] else 1)
        cell = (i // 6, per.domain[i], s.kind[i], int(i in listed), act)
        expected[cell] += 1
    np.testing.assert_array_equal(counts, expected)
    # the margins are sums over the other axes, in the order of the kept axes
    for keep in ((ACT,), (REGION, ACT), (KIND, LISTED), (DOMAIN, ACT), (KIND,)):
        drop = tuple(a for a in range(5) if a not in keep)
        np.testing.assert_array_equal(margin(counts, *keep), expected.sum(axis=drop))
    assert margin(counts, KIND).tolist() == [int(np.sum(s.kind == k)) for k in range(3)]


def test_the_published_lists_by_hand():
    from model.outcomes import published

    m = _period_by_hand()
    pub = published(m)
    assert np.flatnonzero(pub.on_any).tolist() == [0, 7, 13]
    assert np.flatnonzero(pub.wrong_any).tolist() == [13]  # 8's listing has ended
    assert (pub.n_listed, pub.n_wrongly_listed) == (3, 1)
    assert np.count_nonzero(pub.holds) == 4 and np.count_nonzero(pub.wrong) == 1
    np.testing.assert_array_equal(pub.on_any, m.subjects.listed(m.period.t + 1))
    # shared by every mechanism's outcomes: none can change them in place
    for a in (pub.holds, pub.wrong, pub.on_any, pub.wrong_any):
        with pytest.raises(ValueError, match="read-only"):
            a[...] = True


@pytest.mark.parametrize("n", [1, 7, 8191, 8192, 8193, 100_003])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_shared_mean_is_numpy_s_mean_to_the_last_bit(n, dtype):
    # numpy sums a float32 array into a float64 accumulator chunk by chunk (its buffer
    # holds 8,192 values); the shared mean must make the same sum
    from model.outcomes import period_mean

    m = hand_model({}, n=12)
    x = np.random.default_rng(n).lognormal(0.0, 3.0, n).astype(dtype)
    assert period_mean(m, x) == float(x.mean(dtype=np.float64))


def test_derived_values_are_shared_within_the_outcome_computation_only():
    from model.outcomes import period_mean, published, tally

    m = _period_by_hand()
    x = np.ones(m.subjects.n, dtype=np.float32)
    with m.period.reading():
        assert period_mean(m, x) == 1.0
        x[:] = 3.0
        assert period_mean(m, x) == 1.0  # summed once in the block
        assert tally(m) is tally(m) and published(m) is published(m)
    assert period_mean(m, x) == 3.0  # outside it: afresh
    assert tally(m) is not tally(m)


def test_the_outcomes_computed_together_equal_those_computed_one_by_one():
    # every mechanism on, five regions: the shared values are the ones each outcome
    # would compute for itself
    from benchmarks.config import all_mechanisms_on
    from model.outcomes import core_outcomes

    m = CreditSystemModel(rng=6, n_subjects=600, n_regions=5, **all_mechanisms_on())
    for _ in range(6):
        m.step()
        one_by_one = core_outcomes(m)  # outside period.reading(): nothing shared
        for mech in m.mechanisms.values():
            one_by_one.update(mech.outcomes())
        together = m.compute_outcomes()
        assert list(together) == list(one_by_one)
        np.testing.assert_equal(together, one_by_one)
