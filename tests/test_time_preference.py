"""Time preference (issue 11, item 2): every period ahead weighs beta * delta ** k.

The decision rule owns the discount factor (``decision.discount``, one per subject when
``decision.discount_concentration`` is positive) and the present bias
(``decision.present_bias``); every anticipation of periods ahead goes through
model/listings.py. Checked by hand for each multi-period term, against the perpetuity,
and in a model where a listing is the only sanction: the honesty advantage of permanent
over 24-month listing is what the discounted costs imply.
"""

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from model import CreditSystemModel, listings
from model.population import FIRM, SOCIAL
from tests.helpers import hand_model, run

D = 0.9


def geometric(delta, first, last):
    """sum of delta ** k for k = first .. last, by a loop (not the code under test)."""
    return sum(delta**k for k in range(first, last + 1))


#: A listing is the only consequence: the department's own restriction.
LIST_ONLY = {
    "joint.enabled": False,
    "market.enabled": False,
    "judicial.enabled": False,
    "redlist.enabled": False,
    "sanctions.enabled": False,
    "blacklist.cost": 0.5,
    "records.coverage": 1.0,
}


@pytest.mark.parametrize("term", [1, 12, 36])
def test_a_new_listing_costs_the_discounted_sum_of_its_periods(term):
    m = hand_model({**LIST_ONLY, "decision.discount": D})
    cost = listings.cost_of_new_listing(m, SOCIAL, term)
    np.testing.assert_allclose(cost, 0.5 * geometric(D, 1, term), rtol=1e-12)


@pytest.mark.parametrize("delta", [0.95, 0.99])
def test_a_permanent_listing_costs_the_discounted_perpetuity(delta):
    m = hand_model({**LIST_ONLY, "decision.discount": delta})
    cost = listings.cost_of_new_listing(m, SOCIAL, listings.PERMANENT_TERM)
    perpetuity = 0.5 * delta / (1 - delta)
    np.testing.assert_allclose(cost, perpetuity, rtol=1e-5)


def test_without_discounting_a_permanent_listing_counts_a_life_of_periods():
    m = hand_model(LIST_ONLY)
    cost = listings.cost_of_new_listing(m, SOCIAL, listings.PERMANENT_TERM)
    np.testing.assert_array_equal(cost, 0.5 * listings.PERMANENT_TERM)


def test_present_bias_weighs_every_period_ahead_and_not_the_current_one():
    params = {**LIST_ONLY, "sanctions.enabled": True, "sanctions.fine": 2.0}
    m = hand_model({**params, "decision.discount": D, "decision.present_bias": 0.5})
    m.period.p_detect[:] = 0.5
    cost = listings.cost_of_new_listing(m, SOCIAL, 12)
    np.testing.assert_allclose(cost, 0.5 * 0.5 * geometric(D, 1, 12), rtol=1e-12)
    # the fine is paid in the period of the finding: no weight
    np.testing.assert_allclose(m.mechanisms["sanctions"].deterrence(), 0.5 * 2.0)
    np.testing.assert_allclose(
        listings.anticipated_periods(m, 3, 5), 0.5 * geometric(D, 3, 5), rtol=1e-12
    )


def test_discount_factors_differ_by_subject_when_concentration_is_positive():
    m = CreditSystemModel(
        rng=4,
        n_subjects=20_000,
        **{"decision.discount": 0.95, "decision.discount_concentration": 200.0},
    )
    delta = m.mechanisms["decision"].discount_factor()
    assert delta.shape == (20_000,)
    # Beta(190, 10): mean 0.95, sd sqrt(0.95 * 0.05 / 201) = 0.0154
    assert abs(delta.mean() - 0.95) < 3 * 0.0154 / np.sqrt(20_000) + 1e-4
    assert abs(delta.std() - np.sqrt(0.95 * 0.05 / 201)) < 0.001
    assert ((delta > 0) & (delta < 1)).all()
    # each subject's listing cost is its own discounted sum
    cost = listings.cost_of_new_listing(m, SOCIAL, 12, idx=np.arange(5))
    status = listings.status_cost(m)  # one number: market and joint, the same for all
    expected = [(0.2 + status) * geometric(d, 1, 12) for d in delta[:5]]
    np.testing.assert_allclose(cost, expected, rtol=1e-10)


def test_a_concentration_below_one_still_spreads_the_factors():
    # any positive concentration draws one factor per subject: Beta(0.95 c, 0.05 c) with
    # c = 0.5 has sd sqrt(0.95 * 0.05 / 1.5) = 0.178
    m = CreditSystemModel(
        rng=4,
        n_subjects=5000,
        **{"decision.discount": 0.95, "decision.discount_concentration": 0.5},
    )
    delta = m.mechanisms["decision"].discount_factor()
    assert delta.shape == (5000,)
    assert abs(delta.mean() - 0.95) < 4 * 0.178 / np.sqrt(5000)
    assert abs(delta.std() - np.sqrt(0.95 * 0.05 / 1.5)) < 0.02


def test_a_discount_factor_of_zero_weighs_no_period_ahead_whatever_the_concentration():
    # the limiting case: nothing after the current period counts, so a listing costs 0
    for c in (0.0, 50.0):  # a concentration cannot act at 0: kept on request
        m = hand_model(
            {**LIST_ONLY, "decision.discount": 0.0, "decision.discount_concentration": c},
            allow_inactive=True,
        )
        assert np.all(m.mechanisms["decision"].discount_factor() == 0.0)
        np.testing.assert_array_equal(listings.cost_of_new_listing(m, SOCIAL, 12), 0.0)
        np.testing.assert_array_equal(listings.anticipated_periods(m, 1, 1200), 0.0)


def decay_by_hand(delta, beta, keep):
    """Weighed sum over k >= 1 of beta * delta ** k * keep ** (k - 1), over its plain sum."""
    return beta * sum(delta**k * keep ** (k - 1) for k in range(1, 3000)) * (1.0 - keep)


def test_per_subject_factors_of_a_subset_by_hand():
    m = CreditSystemModel(
        rng=4,
        n_subjects=50,
        **{
            "decision.discount": 0.9,
            "decision.discount_concentration": 20.0,
            "decision.present_bias": 0.5,
        },
    )
    delta = m.mechanisms["decision"].discount_factor()
    idx = np.array([3, 0, 49])
    got = listings.anticipated_periods(m, 2, 6, idx)
    np.testing.assert_allclose(got, [0.5 * geometric(delta[i], 2, 6) for i in idx], rtol=1e-12)
    everyone = listings.anticipated_periods(m, 2, 6)
    np.testing.assert_allclose(everyone, [0.5 * geometric(d, 2, 6) for d in delta], rtol=1e-12)
    np.testing.assert_allclose(
        listings.decay_discount(m, 0.75, idx),
        [decay_by_hand(delta[i], 0.5, 0.75) for i in idx],
        rtol=1e-10,
    )


@pytest.mark.parametrize("delta,beta", [(0.9, 1.0), (1.0, 0.5), (1.0, 1.0), (0.8, 0.5)])
def test_one_factor_for_all_by_hand(delta, beta):
    m = hand_model({"decision.discount": delta, "decision.present_bias": beta})
    idx = np.array([1, 2])
    np.testing.assert_allclose(
        listings.anticipated_periods(m, 1, 3, idx), beta * geometric(delta, 1, 3), rtol=1e-12
    )
    for keep in (0.0, 0.75):
        np.testing.assert_allclose(
            listings.decay_discount(m, keep), decay_by_hand(delta, beta, keep), rtol=1e-10
        )
        np.testing.assert_allclose(
            listings.decay_discount(m, keep, idx), decay_by_hand(delta, beta, keep), rtol=1e-10
        )


def test_a_present_bias_of_zero_weighs_nothing_ahead():
    # the limiting case beta = 0: only the current period counts
    m = hand_model({**LIST_ONLY, "decision.present_bias": 0.0})
    np.testing.assert_array_equal(listings.anticipated_periods(m, 1, 12), 0.0)
    np.testing.assert_array_equal(listings.cost_of_new_listing(m, SOCIAL, 12), 0.0)
    m.subjects.listed_until[SOCIAL, 1] = m.period.t + 1 + 4  # four periods ahead
    np.testing.assert_array_equal(listings.remaining_cost(m, 12), 0.0)
    assert listings.decay_discount(m, 0.5) == 0.0


def test_the_cost_still_ahead_is_weighed_like_every_period_ahead():
    m = hand_model({**LIST_ONLY, "decision.discount": D, "decision.present_bias": 0.5})
    m.subjects.listed_until[SOCIAL, 1] = m.period.t + 1 + 4  # four periods ahead
    cost = listings.remaining_cost(m, 120)
    assert cost[1] == pytest.approx(0.5 * 0.5 * geometric(D, 1, 4), rel=1e-12)
    assert cost[0] == 0.0


def test_the_shared_table_of_partial_sums_cannot_be_written():
    # it is cached per factor: a caller writing into it would change every later sum
    with pytest.raises(ValueError):
        listings._partial_sums(0.9)[5] = 0.0


@pytest.mark.parametrize("moved", [{"decision.discount_concentration": 50.0}, {}])
def test_no_discounting_means_no_draw_and_no_change(moved):
    # a concentration without discounting is refused (it cannot act); kept on request,
    # it draws nothing and changes nothing
    base = run(3, 12, n_subjects=600)
    same = CreditSystemModel(
        rng=3, n_subjects=600, allow_inactive=True, **{"decision.discount": 1.0, **moved}
    )
    same.run_for(12)
    pd.testing.assert_frame_equal(base, same.results(), check_exact=True)


def test_drawing_discount_factors_shifts_no_other_stream():
    a = CreditSystemModel(rng=9, n_subjects=500, **{"decision.discount": 0.97})
    b = CreditSystemModel(
        rng=9,
        n_subjects=500,
        **{"decision.discount": 0.97, "decision.discount_concentration": 30.0},
    )
    assert np.array_equal(a.subjects.integrity, b.subjects.integrity)
    assert np.array_equal(a.mechanisms["records"].rank, b.mechanisms["records"].rank)
    assert np.array_equal(
        a.mechanisms["interaction"].network.indices, b.mechanisms["interaction"].network.indices
    )
    # the choice's own draws are the decision stream's, unchanged
    assert a.mechanisms["decision"].rng.random() == b.mechanisms["decision"].rng.random()


# --- every multi-period term by hand ------------------------------------------------------


def test_red_list_and_joint_rewards_at_risk_are_discounted():
    params = {
        "redlist.facilitation": 0.5,
        "redlist.clean_periods": 6,
        "joint.reward": 0.25,
        "decision.discount": D,
        "decision.present_bias": 0.5,
    }
    m = hand_model(params)
    m.subjects.red[:] = True
    m.period.p_detect[:] = 0.5
    w = 0.5 * geometric(D, 1, 6)
    np.testing.assert_allclose(m.mechanisms["redlist"].deterrence(), 0.5 * 0.5 * w, rtol=1e-6)
    np.testing.assert_allclose(m.mechanisms["joint"].deterrence(), 0.5 * 3 * 0.25 * w, rtol=1e-6)


def test_market_exit_is_discounted():
    params = {
        "graded.enabled": True,
        "graded.exit_strikes": 1,
        "graded.exit_duration": 24,
        "graded.criticism_cost": 0.0,
        "sanctions.enabled": False,
        "records.coverage": 1.0,
        "detection.serious_share": 0.5,
        "decision.discount": D,
        "firm_share": 0.5,
    }
    m = hand_model(params)
    m.period.p_detect[:] = 0.5
    firm = m.subjects.kind == FIRM
    exit_value = geometric(D, 1, 24) * 2.0 * 1.0  # own transaction and one as partner
    expected = np.where(firm, 0.5 * 0.5 * exit_value, 0.0)
    np.testing.assert_allclose(m.mechanisms["graded"].deterrence(), expected, rtol=1e-6)


def test_a_leaked_stain_is_discounted_over_the_record_s_life():
    params = {
        "security.enabled": True,
        "security.leak_rate": 0.5,
        "security.leak_size": 0.5,
        "security.leak_harm": 1.0,
        "security.record_harm_factor": 2.0,
        "records.coverage": 1.0,
        "records.half_life": 1.0,
        "records.expiry_weight": 0.2,
        "decision.discount": D,
    }
    m = hand_model(params)
    m.period.p_detect[:] = 0.5
    # weight 1 halves each ageing: 1, 0.5, 0.25 on file, erased at 0.125: 3 leaks
    assert m.mechanisms["records"].lifetime(1.0) == 3
    expected = 0.5 * 0.25 * 1.0 * (1 + D + D**2)
    np.testing.assert_allclose(m.mechanisms["security"].deterrence(), expected, rtol=1e-6)


def test_rating_refusals_ahead_are_discounted():
    params = {"rating.enabled": True, "rating.memory": 0.25, "firm_share": 0.5}
    plain = hand_model(params)
    disc = hand_model({**params, "decision.discount": D, "decision.present_bias": 0.5})
    firm = plain.subjects.kind == FIRM
    # sum_k beta delta^k keep^(k - 1) over sum_k keep^(k - 1), keep = 0.75
    factor = 0.5 * sum(D**k * 0.75 ** (k - 1) for k in range(1, 400)) * 0.25
    a, b = plain.mechanisms["rating"].deterrence(), disc.mechanisms["rating"].deterrence()
    np.testing.assert_allclose(b[firm], factor * a[firm], rtol=1e-9)


# --- theory: permanent against 24-month listing -----------------------------------------

#: Only a department's listing deters (0.5 a period); every finding is serious and
#: listed; no integrity; nobody is listed at the start, so period 1 is computed by hand.
ONLY_LISTING = {
    **LIST_ONLY,
    "n_subjects": 20_000,
    "integrity.mean": 0.0,
    "detection.serious_share": 1.0,
    "detection.false_record_rate": 0.0,
    "detection.report_rate": 0.0,
    "detection.probability": 0.2,
    "blacklist.scope_government": 1.0,
    "blacklist.scope_business": 1.0,
    "blacklist.scope_social": 1.0,
    "blacklist.person_scope": 1.0,
    "blacklist.cost": 0.05,
    "decision.rationality": 2.0,
}


def first_period_honesty(term, delta):
    params = {
        **ONLY_LISTING,
        "blacklist.term_government": term,
        "blacklist.term_business": term,
        "blacklist.term_social": term,
        "decision.discount": delta,
    }
    return np.array([run(seed, 1, **params)["honesty_rate"].iloc[0] for seed in (1, 2, 3)])


def predicted_honesty(term, delta):
    """logit of p * cost * (discounted periods) - gain (gain 1, no moral cost)."""
    periods = term if delta == 1.0 else geometric(delta, 1, term)
    return float(expit(2.0 * (0.2 * 0.05 * periods - 1.0)))


def test_discounting_shrinks_the_honesty_advantage_of_permanent_listing_as_predicted():
    gaps = {}
    for delta in (1.0, 0.98):
        h24, hperm = first_period_honesty(24, delta), first_period_honesty(1200, delta)
        p24, pperm = predicted_honesty(24, delta), predicted_honesty(1200, delta)
        # 20,000 acts per run, 3 runs: standard error of a mean share <= 0.002
        assert abs(h24.mean() - p24) < 0.01, (delta, h24, p24)
        assert abs(hperm.mean() - pperm) < 0.01, (delta, hperm, pperm)
        gaps[delta] = hperm.mean() - h24.mean()
    # undiscounted: 1200 against 24 periods of cost; at 0.98 a month: 49 against 18.8
    assert gaps[1.0] > 0.7
    assert 0.05 < gaps[0.98] < gaps[1.0] - 0.5
    np.testing.assert_allclose(
        gaps[0.98], predicted_honesty(1200, 0.98) - predicted_honesty(24, 0.98), atol=0.015
    )
