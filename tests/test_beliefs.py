"""Beliefs instead of knowledge, and awareness (issue 11, item 3).

Under ``decision.beliefs = 'learned'`` every subject holds Beta beliefs about the
chances that a violation is found and that an honest act is wrongly found, updated from
its own acts and its neighbours' (model/beliefs.py); every deterrence term reads the
perceived chance (``period.p_expected``). Unaware subjects (``decision.awareness``)
expect nothing until a finding or listing touches them or a neighbour. Checked by hand,
against theory (convergence in a stationary world, lag after a change), and for
stream independence and off-means-off.
"""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.beliefs import (
    BROKE_FOUND,
    BROKE_UNFOUND,
    KEPT_FOUND,
    KEPT_UNFOUND,
    NO_ACT,
    Beliefs,
    act_codes,
)
from model.network import Network
from model.params import ParameterError
from tests.helpers import hand_model, run

# --- by hand -------------------------------------------------------------------------


def test_act_codes_by_hand():
    transacted = np.array([False, True, True, True, True])
    honest = np.array([True, False, False, True, True])
    detected = np.array([False, False, True, False, False])
    wrongly = np.array([False, False, False, False, True])
    codes = act_codes(transacted, honest, detected, wrongly)
    assert codes.tolist() == [NO_ACT, BROKE_UNFOUND, BROKE_FOUND, KEPT_UNFOUND, KEPT_FOUND]


def path_of_three() -> Network:
    """0 - 1 - 2: subject 1 sees 0 and 2; 0 and 2 see 1."""
    return Network(indptr=np.array([0, 1, 3, 4]), indices=np.array([1, 0, 2, 1], np.int32))


def test_own_and_neighbours_evidence_by_hand():
    b = Beliefs(3, prior_detect=0.5, prior_false=0.1, strength=2.0, neighbour_weight=0.5)
    codes = np.array([BROKE_FOUND, BROKE_UNFOUND, KEPT_FOUND], dtype=np.int8)
    b.observe(codes, path_of_three(), None)
    # subject 0: own hit, neighbour 1 a miss at weight 0.5: (1 + 1) / (2 + 1 + 0.5)
    # subject 1: own miss, neighbour 0 a hit at 0.5: (1 + 0.5) / (2 + 1 + 0.5)
    # subject 2: no detection evidence of its own, neighbour 1 a miss: 1 / (2 + 0.5)
    np.testing.assert_allclose(b.perceived(0), [2 / 3.5, 1.5 / 3.5, 1 / 2.5], rtol=1e-6)
    # false findings: only subject 2 kept faith (wrongly found); subject 1 sees it at 0.5
    np.testing.assert_allclose(
        b.perceived(1), [0.2 / 2, (0.2 + 0.5) / 2.5, (0.2 + 1) / 3], rtol=1e-6
    )


def test_memory_discounts_past_evidence_and_learners_mask_freezes_the_rest():
    net = path_of_three()
    b = Beliefs(3, 0.5, 0.1, strength=2.0, neighbour_weight=0.0, memory=0.5)
    hit = np.array([BROKE_FOUND] * 3, dtype=np.int8)
    miss = np.array([BROKE_UNFOUND] * 3, dtype=np.int8)
    b.observe(hit, net, None)
    b.observe(miss, net, np.array([True, True, False]))
    # prior 1 hit, 1 miss; after the hit, halved: 0.5 + 1 hits, 0.5 misses;
    # learners after the miss: 0.75 hits, 0.25 + 1 misses; subject 2 keeps 1.5 and 0.5
    np.testing.assert_allclose(b.perceived(0), [0.75 / 2, 0.75 / 2, 1.5 / 2], rtol=1e-6)


def test_neighbour_counts_by_hand():
    counts = path_of_three().neighbour_counts(np.array([2, 0, 1]), 3)
    assert counts.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 0]]


LEARNED = {"decision.beliefs": "learned", "decision.prior_detect": 0.3}


def test_deterrence_reads_the_perceived_chances():
    m = hand_model({**LEARNED, "sanctions.fine": 2.0, "decision.prior_false": 0.1})
    per = m.period
    per.p_detect[:] = 0.9  # the true chance is not what a learner expects
    per.p_false[:] = 0.9
    dec = m.mechanisms["decision"]
    dec.perceive()
    np.testing.assert_allclose(per.p_expected, 0.3, rtol=1e-6)
    np.testing.assert_allclose(per.e_expected, 0.1, rtol=1e-6)
    np.testing.assert_allclose(m.mechanisms["sanctions"].deterrence(), 0.6, rtol=1e-6)
    np.testing.assert_allclose(dec.honest_cost(), 0.1 * dec.cost_of_false_finding(), rtol=1e-6)


def test_unaware_subjects_weigh_only_integrity_against_gain():
    m = hand_model({"decision.awareness": 0.5, "integrity.weight": 2.0}, n=200)
    dec = m.mechanisms["decision"]
    aware = dec.aware()
    assert 0.35 < aware.mean() < 0.65
    m.period.p_detect[:] = 0.5
    m.period.p_false[:] = 0.1
    dec.perceive()
    gap = dec.expected_utility_gap()
    moral = 2.0 * m.subjects.integrity.astype(np.float64)
    np.testing.assert_allclose(gap[~aware], moral[~aware] - 1.0, rtol=1e-12)
    assert (m.period.p_expected[~aware] == 0).all()
    assert (m.period.p_expected[aware] == np.float32(0.5)).all()
    assert not np.allclose(gap[aware], moral[aware] - 1.0)


def test_nobody_aware_means_no_sanction_anticipated_on_either_path():
    # the limiting case awareness 0: whatever the sanctions and errors, every gap is
    # integrity against gain, and nobody expects a finding
    kw = {"decision.awareness": 0.0, "integrity.weight": 2.0, "sanctions.fine": 50.0}
    m = hand_model({**kw, "decision.discount": 0.9, "redlist.facilitation": 3.0}, n=100)
    dec = m.mechanisms["decision"]
    m.period.p_detect[:] = 0.9
    m.period.p_false[:] = 0.2
    dec.perceive()
    moral = 2.0 * m.subjects.integrity.astype(np.float64)
    np.testing.assert_allclose(dec.expected_utility_gap(), moral - 1.0, rtol=1e-12)
    assert not m.period.p_expected.any() and not m.period.e_expected.any()
    assert dec.outcomes()["aware_share"] == 0.0


def test_a_finding_makes_its_subject_and_neighbours_aware():
    m = hand_model({"decision.awareness": 0.0}, n=30)
    dec = m.mechanisms["decision"]
    assert not dec.aware().any()
    m.period.detected[7] = True
    dec.observe()
    net = m.mechanisms["interaction"].network
    nbrs = net.indices[net.indptr[7] : net.indptr[8]]
    expected = np.zeros(30, dtype=bool)
    expected[7] = True
    expected[nbrs] = True
    assert np.array_equal(dec.aware(), expected)


def test_a_listing_makes_its_subject_aware():
    m = hand_model({"decision.awareness": 0.0, "decision.awareness_spread": 0.0}, n=30)
    m.subjects.listed_until[1, 4] = m.period.t + 5
    m.mechanisms["decision"].observe()
    assert np.flatnonzero(m.mechanisms["decision"].aware()).tolist() == [4]


def test_a_listing_on_the_list_as_published_makes_aware_and_one_that_ended_does_not():
    # at the end of period t the list as published holds listings with listed_until > t + 1
    m = hand_model({"decision.awareness": 0.0, "decision.awareness_spread": 0.0}, n=30)
    t = m.period.t
    m.subjects.listed_until[1, 4] = t + 2  # decided now for one period: holds in t + 1
    m.subjects.listed_until[2, 9] = t + 1  # its last period was t: off the list
    m.mechanisms["decision"].observe()
    assert np.flatnonzero(m.mechanisms["decision"].aware()).tolist() == [4]


def test_awareness_spreads_through_neighbours_at_its_rate():
    m = hand_model({"decision.awareness": 0.0, "decision.awareness_spread": 0.25}, n=20_000, seed=5)
    dec = m.mechanisms["decision"]
    m.period.detected[::50] = True
    touched = m.period.detected.copy()
    dec.observe()
    net = m.mechanisms["interaction"].network
    seen = net.neighbour_counts(touched.view(np.int8), 2)[:, 1] > 0
    newly = dec.aware() & ~touched
    assert (dec.aware()[touched]).all()
    assert not (newly & ~seen).any()
    rate = newly[seen & ~touched].mean()
    assert abs(rate - 0.25) < 0.03, rate


# --- theory: convergence in a stationary world, lag after a change ----------------------

#: One detection probability for every act: no red list (inspection factor), no
#: officials' files, no domains; p = 1 - (1 - 0.15)(1 - 0.1) = 0.235.
STATIONARY = {
    **LEARNED,
    "redlist.enabled": False,
    "decision.prior_strength": 2.0,
    "n_subjects": 1000,
}
TRUE_P = 1 - (1 - 0.15) * (1 - 0.1)


def mean_belief(m, channel):
    b = m.mechanisms["decision"].beliefs
    return float(b.perceived(channel).mean())


def test_learned_beliefs_converge_to_the_true_chances_in_a_stationary_world():
    m = CreditSystemModel(rng=11, **STATIONARY)
    gaps = []
    for _ in range(4):
        m.run_for(50)
        gaps.append(abs(mean_belief(m, 0) - TRUE_P))
    # prior 0.3 against 0.235; the gap shrinks as evidence accumulates
    assert gaps[-1] < 0.01, gaps
    assert gaps[-1] < gaps[0], gaps
    # false findings: 1% of honest acts, seen far more rarely; prior 0.05
    assert abs(mean_belief(m, 1) - 0.01) < 0.004, mean_belief(m, 1)


@pytest.mark.parametrize("memory", [1.0, 0.9])
def test_learned_beliefs_lag_behind_a_change_of_policy(memory):
    m = CreditSystemModel(rng=12, **{**STATIONARY, "decision.belief_memory": memory})
    m.run_for(60)
    before = mean_belief(m, 0)
    m.set("detection.probability", 0.6)  # from the next period on
    new_p = 1 - (1 - 0.6) * (1 - 0.1)
    path = []
    for _ in range(30):
        m.step()
        path.append(mean_belief(m, 0))
    assert abs(before - TRUE_P) < 0.03
    # one period after the change beliefs have barely moved; they move towards the new
    # chance every period and are still short of it after 30 periods (memory 1)
    assert path[0] < before + 0.5 * (new_p - before)
    assert before < path[0] < path[9] < path[-1]
    if memory == 1.0:
        assert path[-1] < new_p - 0.05, path[-1]
    else:
        assert abs(path[-1] - new_p) < 0.05, path[-1]


def test_forgetting_follows_a_change_faster():
    ends = {}
    for memory in (1.0, 0.9):
        m = CreditSystemModel(rng=12, **{**STATIONARY, "decision.belief_memory": memory})
        m.run_for(60)
        m.set("detection.probability", 0.6)
        m.run_for(15)
        ends[memory] = mean_belief(m, 0)
    assert ends[0.9] > ends[1.0] + 0.05, ends


# --- off means off; draws --------------------------------------------------------------

INACTIVE = {
    "decision.prior_detect": 0.9,
    "decision.prior_false": 0.3,
    "decision.prior_strength": 50.0,
    "decision.neighbour_weight": 0.1,
    "decision.belief_memory": 0.5,
    "decision.awareness_spread": 0.3,
}


@pytest.mark.parametrize("name", sorted(INACTIVE))
def test_learning_parameters_are_refused_where_they_cannot_act(name):
    # rational expectations and full awareness: a setting that could not act is an error
    # (it would otherwise pass for a result), naming the mode it needs
    with pytest.raises(ParameterError, match=f"'{name}' cannot act"):
        CreditSystemModel(rng=1, n_subjects=100, **{name: INACTIVE[name]})


def test_rational_and_fully_aware_ignore_the_learning_parameters():
    # kept on request (allow_inactive), they change nothing, draw for draw
    base = run(4, 15, n_subjects=800)
    model = CreditSystemModel(rng=4, n_subjects=800, allow_inactive=True, **INACTIVE)
    model.run_for(15)
    pd.testing.assert_frame_equal(base, model.results(), check_exact=True)
    assert (base["aware_share"] == 1.0).all()


@pytest.mark.parametrize(
    "mode",
    [
        {"decision.beliefs": "learned", "decision.prior_detect": 0.9},
        {"decision.beliefs": "learned", "decision.belief_memory": 0.5},
        {"decision.awareness": 0.999, "decision.awareness_spread": 0.3},
        {"decision.discount": 0.999, "decision.discount_concentration": 5.0},
        {"decision.discount": 0.001, "decision.discount_concentration": 5.0},
        {"decision.rule": "imitation", "decision.exploration": 0.1},
        {"decision.rule": "imitation", "decision.initial_honesty": 0.9},
    ],
)
def test_learning_parameters_are_accepted_in_the_mode_they_need(mode):
    CreditSystemModel(rng=1, n_subjects=100, **mode).run_for(1)


@pytest.mark.parametrize("discount", [0.0, 1.0])
def test_discount_spread_cannot_act_at_a_degenerate_mean(discount):
    # a Beta distribution of mean 0 or 1 has no spread: every factor equals the mean
    with pytest.raises(ParameterError, match="strictly between 0 and 1"):
        CreditSystemModel(
            rng=1,
            n_subjects=100,
            **{"decision.discount": discount, "decision.discount_concentration": 5.0},
        )


@pytest.mark.parametrize(
    "behaviour",
    [
        {"decision.beliefs": "learned"},
        {"decision.awareness": 0.3},
        {"decision.awareness": 0.3, "decision.awareness_spread": 0.5},
        {"decision.discount": 0.95, "decision.discount_concentration": 20.0},
    ],
    ids=["learned", "awareness", "awareness spread", "discounting"],
)
def test_behavioural_options_leave_every_other_draw_unchanged(behaviour):
    # with every choice a coin toss (rationality 0: neither actors, partners nor
    # debtors weigh anything) what subjects expect cannot change what happens: every
    # outcome but the expectations themselves must be the same, draw for draw
    zero = {"decision.rationality": 0.0, "n_subjects": 800}
    base = run(6, 12, **zero)
    other = run(6, 12, **zero, **behaviour)
    expectations = ["aware_share", "perceived_detection", "perceived_false_rate"]
    pd.testing.assert_frame_equal(
        base.drop(columns=expectations), other.drop(columns=expectations), check_exact=True
    )


def test_a_change_of_discount_keeps_each_subject_s_rank():
    m = CreditSystemModel(
        rng=3,
        n_subjects=500,
        **{"decision.discount": 0.9, "decision.discount_concentration": 50.0},
    )
    before = m.mechanisms["decision"].discount_factor().copy()
    m.step()
    m.set("decision.discount", 0.97)
    after = m.mechanisms["decision"].discount_factor()
    assert abs(after.mean() - 0.97) < 0.01
    assert np.array_equal(np.argsort(before), np.argsort(after))
