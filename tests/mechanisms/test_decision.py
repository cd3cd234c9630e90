"""Conduct: the logit and imitation rules, with limiting cases from theory."""

import numpy as np
import pytest

from model import CreditSystemModel
from tests.helpers import SEEDS, clearly_greater, late_mean

# Only fines: no integrity, no listing, no red list, no screening, no reports.
FINES_ONLY = {
    "n_subjects": 2000,
    "integrity.mean": 0.0,
    "blacklist.enabled": False,
    "judicial.enabled": False,
    "joint.enabled": False,
    "redlist.enabled": False,
    "market.enabled": False,
    "detection.report_rate": 0.0,
    "detection.probability": 0.2,
    "gain": 1.0,
}


@pytest.mark.parametrize("fine,expect_high", [(6.0, True), (4.0, False)])
def test_best_response_limit_honest_iff_expected_fine_exceeds_gain(fine, expect_high):
    # p * fine = 1.2 > gain = 1 -> keep faith; p * fine = 0.8 < 1 -> break it
    # (Becker 1968); with rationality 50 the logit is within 1e-4 of the best response
    h = late_mean(
        "honesty_rate",
        periods=5,
        last=5,
        seeds=SEEDS[:3],
        **FINES_ONLY,
        **{"sanctions.fine": fine, "decision.rationality": 50.0},
    )
    if expect_high:
        assert (h > 0.99).all(), h
    else:
        assert (h < 0.01).all(), h


def test_zero_rationality_is_a_coin_toss():
    h = late_mean("honesty_rate", periods=10, **FINES_ONLY, **{"decision.rationality": 0.0})
    assert np.all(np.abs(h - 0.5) < 0.03), h


def test_logit_probability_matches_formula():
    # with fines only, every actor has the same utility gap; the honest act is wrongly
    # fined with the false-record rate e = 0.01, so the fine at stake is (p - e) * fine:
    # dU = (0.2 - 0.01) * 3 - 1 = -0.43; P(honest) = 1 / (1 + exp(0.43 * 2))
    expected = 1.0 / (1.0 + np.exp(-2.0 * ((0.2 - 0.01) * 3.0 - 1.0)))
    h = late_mean(
        "honesty_rate",
        periods=10,
        **{**FINES_ONLY, "n_subjects": 5000},
        **{"sanctions.fine": 3.0, "decision.rationality": 2.0},
    )
    # standard error of a share over ~5000 acts x 10 periods is ~0.0025
    assert abs(h.mean() - expected) < 0.01, (h, expected)


def test_utility_gap_is_sum_of_deterrence_plus_integrity_minus_gain():
    m = CreditSystemModel(rng=1, n_subjects=50, **{"integrity.weight": 2.0})
    m.step()  # fill period arrays and scores
    dec = m.mechanisms["decision"]
    terms = sum(
        np.asarray(x.deterrence(), dtype=float)
        for n, x in m.mechanisms.items()
        if x.enabled and n != "decision"
    )
    # minus the expected sanctions of keeping faith (false findings at the error rate)
    wrongs = sum(
        np.asarray(x.false_finding_cost(), dtype=float)
        for x in m.mechanisms.values()
        if x.enabled and x.wrongs
    )
    terms = terms - m.period.e_expected * wrongs
    expected = terms + 2.0 * m.subjects.integrity - m.world.gain
    np.testing.assert_allclose(dec.expected_utility_gap(), expected, rtol=1e-12)


def test_integrity_raises_honesty():
    low = late_mean("honesty_rate", periods=10, **{"integrity.mean": 0.1})
    high = late_mean("honesty_rate", periods=10, **{"integrity.mean": 0.7})
    assert clearly_greater(high, low, 0.1)


IMITATION = {"n_subjects": 2000, "decision.rule": "imitation", "decision.rationality": 5.0}


def test_imitation_spreads_honesty_under_strong_deterrence():
    # expected fine 0.6 * 5 = 3 >> gain: honest strategies earn more and spread
    strong = {**IMITATION, "detection.probability": 0.6, "sanctions.fine": 5.0}
    h = late_mean("honesty_rate", periods=60, **strong)
    assert (h > 0.8).all(), h


def test_imitation_spreads_cheating_without_a_system():
    none = {
        **IMITATION,
        "detection.enabled": False,
        "blacklist.enabled": False,
        "redlist.enabled": False,
        "market.enabled": False,
        "judicial.enabled": False,
        "joint.enabled": False,
        "integrity.mean": 0.0,
    }
    h = late_mean("honesty_rate", periods=60, **none)
    # from an honest half at the start (initial_honesty 0.5) to a small minority, kept
    # above zero by exploration and by regions that cheating has not yet overrun
    assert (h < 0.3).all() and h.mean() < 0.2, h


@pytest.mark.parametrize("rationality", [1000.0, 2.0])
def test_fermi_imitation_by_hand_with_the_integrity_cost_of_cheating(rationality):
    # Everyone earns 1; a cheater also bears its moral cost 2 * 0.25 = 0.5, so an honest
    # neighbour is better off by 0.5: a cheater copies the honest neighbour it draws with
    # probability 1 / (1 + exp(-rationality * 0.5)) (1 at rationality 1000), an honest
    # subject copies a cheater with 1 / (1 + exp(rationality * 0.5)) (0 at 1000). The
    # draws (neighbour, then copy) are replayed from a copy of the decision stream.
    import copy

    from tests.helpers import hand_model

    params = {"decision.rule": "imitation", "decision.rationality": rationality}
    m = hand_model({**params, "integrity.weight": 2.0}, n=200, seed=6)
    s, per, dec = m.subjects, m.period, m.mechanisms["decision"]
    s.integrity[:] = 0.25
    s.payoff[:] = 1.0
    honest = np.zeros(200, dtype=bool)
    honest[[0, 199, 57, 58, 120, 121, 122]] = True  # includes the first and the last id
    s.strategy[:] = honest
    per.transacted[:] = True
    per.honest[:] = honest
    rng = copy.deepcopy(dec.rng)
    nb = m.mechanisms["interaction"].network.random_neighbour(rng.random(200))
    u = rng.random(200)
    up, down = (
        u < 1.0 / (1.0 + np.exp(-rationality * 0.5)),
        u < 1.0 / (1.0 + np.exp(rationality * 0.5)),
    )
    dec.learn()
    expected = np.where(honest, ~(~honest[nb] & down), honest[nb] & up)
    assert np.array_equal(s.strategy, expected)
    assert (expected & ~honest).sum() >= 3 and (nb[~honest] == 0).any() and (nb >= 0).all()
    if rationality == 2.0:  # some draws fall between the rule's chance and a wrong one
        assert (honest[nb] & ~honest & ~up).any() and (~honest[nb] & honest & down).any()
