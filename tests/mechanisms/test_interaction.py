"""Interaction: partners from the network, payoffs, trust learning."""

import copy
import math

import numpy as np

from model import CreditSystemModel
from model.mechanisms.interaction import sigmoid
from model.network import Network
from model.period import Period
from model.population import ACT_DOMAINS, BUSINESS, FIRM
from tests.helpers import clearly_greater, late_mean


def test_partners_are_network_neighbours():
    m = CreditSystemModel(rng=3, n_subjects=500)
    m.step()
    net = m.mechanisms["interaction"].network
    p = m.period.partner
    for i in range(0, 500, 37):  # a sample of actors
        assert p[i] in net.indices[net.indptr[i] : net.indptr[i + 1]]


def test_firms_act_mostly_in_business():
    m = CreditSystemModel(rng=3, n_subjects=5000)
    m.step()
    firms = m.subjects.kind == FIRM
    share = (m.period.domain[firms] == BUSINESS).mean()
    assert abs(share - 0.9) < 0.03  # 1000 firms: SE ~ 0.01


def test_settle_pays_hand_computed_amounts_and_updates_trust():
    m = CreditSystemModel(
        rng=1,
        n_subjects=10,
        gain=1.5,
        harm=2.0,
        surplus=1.0,
        **{"interaction.degree": 2, "interaction.trust_learning": 0.5},
    )
    s = m.subjects
    s.trust[:] = 0.8
    per = Period.new(0, 10)
    per.partner[:] = [1, 2, 3, -1, -1, -1, -1, -1, -1, -1]
    per.transacted[:3] = True
    per.honest[:3] = [True, False, True]
    m.period = per
    m.mechanisms["interaction"].settle()
    # 0 -> 1 kept: 0 gets 1, 1 gets 1; 1 -> 2 broken: 1 gets 1 + 1.5, 2 gets 1 - 2;
    # 2 -> 3 kept: 2 gets 1, 3 gets 1
    np.testing.assert_allclose(s.payoff[:4], [1.0, 3.5, 0.0, 1.0])
    assert (s.payoff[4:] == 0).all()
    # partner 2 met a cheat: 0.8 + 0.5 * (0 - 0.8) = 0.4; partners 1 and 3 met honesty
    np.testing.assert_allclose(s.trust[:4], [0.8, 0.9, 0.4, 0.9], rtol=1e-6)


def test_low_initial_trust_means_fewer_transactions():
    low = late_mean("trust_rate", periods=5, last=5, **{"interaction.trust_initial": 0.3})
    high = late_mean("trust_rate", periods=5, last=5, **{"interaction.trust_initial": 0.9})
    assert clearly_greater(high, low, 0.2)


def test_trust_erodes_without_a_system():
    off = {
        "detection.enabled": False,
        "blacklist.enabled": False,
        "redlist.enabled": False,
        "market.enabled": False,
    }
    m = CreditSystemModel(rng=2, n_subjects=2000, **off)
    m.run_for(40)
    df = m.results()
    assert df["mean_trust"].iloc[-1] < df["mean_trust"].iloc[0] - 0.2


def _replay(mech):
    """A copy of a mechanism's stream: the draws its next call will make."""
    return copy.deepcopy(mech.rng)


def test_match_draws_a_neighbour_and_a_domain_by_the_kind_of_actor():
    n = 3000
    m = CreditSystemModel(rng=4, n_subjects=n, **{"interaction.degree": 4})
    inter, s = m.mechanisms["interaction"], m.subjects
    m.period = Period.new(3, n)
    s.payoff[:] = 7.0  # last period's payoffs: the period starts from nothing
    rng = _replay(inter)
    inter.match()
    per = m.period
    expected_partner = inter.network.random_neighbour(rng.random(n))
    np.testing.assert_array_equal(per.partner, expected_partner)
    u = rng.random(n)
    # the domain by the inverse of each kind's distribution over domains
    for kind in range(ACT_DOMAINS.shape[0]):
        rows = s.kind == kind
        cdf = np.cumsum(ACT_DOMAINS[kind])
        expected = np.searchsorted(cdf, u[rows], side="right")
        np.testing.assert_array_equal(per.domain[rows], expected)
    assert (s.payoff == 0).all()
    assert per.attempted.all()


def test_an_isolated_actor_attempts_nothing_and_a_neighbour_0_is_a_partner():
    m = CreditSystemModel(rng=1, n_subjects=10)
    # a star around 0 (1..4), a pair 5-6 and isolated 7..9
    rows = [[1, 2, 3, 4], [0], [0], [0], [0], [6], [5], [], [], []]
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.array([j for r in rows for j in r], dtype=np.int32)
    inter = m.mechanisms["interaction"]
    inter.network = Network(indptr=indptr, indices=indices)
    m.period = Period.new(2, 10)
    inter.match()
    per = m.period
    np.testing.assert_array_equal(per.partner[1:7], [0, 0, 0, 0, 6, 5])
    np.testing.assert_array_equal(per.attempted, [True] * 7 + [False] * 3)


def test_partners_agree_by_the_logit_of_the_value_of_trusting():
    n = 4000
    kw = {"decision.rationality": 1.5}
    m = CreditSystemModel(rng=2, n_subjects=n, surplus=0.5, harm=2.0, **kw)
    inter, s = m.mechanisms["interaction"], m.subjects
    per = m.period = Period.new(3, n)
    gen = np.random.default_rng(0)
    s.trust[:] = gen.random(n).astype(np.float32)
    per.partner[:] = gen.integers(0, n, n)
    per.partner[:50] = -1  # no partner: no attempt
    per.partner[50:100] = 0  # subject 0 is a partner like any other
    s.trust[0] = 0.05
    per.attempted[:] = per.partner >= 0
    per.refused[100:300] = True  # refused on their status by screening partners
    per.assured[300:600] = True  # a red-listed status seen: the green channel
    u = _replay(inter).random(n)
    inter.agree()
    value = 0.5 - (1.0 - s.trust[np.maximum(per.partner, 0)].astype(np.float64)) * 2.0
    p_trust = np.array([1.0 / (1.0 + math.exp(-1.5 * v)) for v in value])
    trusts = per.assured | (u < p_trust)
    refused = np.zeros(n, bool)
    refused[100:300] = True
    refused |= per.attempted & ~trusts
    np.testing.assert_array_equal(per.refused, refused)
    np.testing.assert_array_equal(per.transacted, per.attempted & ~refused)
    assert per.transacted[300:600].all()  # the assured are all trusted
    assert not per.transacted[:50].any() and not per.transacted[100:300].any()
    # the test must see partners of both kinds: trusted and refused by the logit
    logit = per.attempted & ~per.assured & ~np.isin(np.arange(n), np.arange(100, 300))
    assert per.refused[logit].any() and per.transacted[logit].any()


def test_the_logistic_function_by_hand():
    x = np.array([-40.0, -3.0, -0.5, 0.0, 0.5, 3.0, 40.0])
    expected = [1.0 / (1.0 + math.exp(-v)) for v in x]
    np.testing.assert_allclose(sigmoid(x), expected, rtol=1e-12, atol=1e-15)


def test_account_adds_the_period_payoff_to_wealth():
    m = CreditSystemModel(rng=1, n_subjects=10)
    s = m.subjects
    s.wealth[:] = 2.0
    s.payoff[:] = np.linspace(-1.0, 1.0, 10)
    m.mechanisms["interaction"].account()
    np.testing.assert_allclose(s.wealth, 2.0 + np.linspace(-1.0, 1.0, 10), rtol=1e-6)


def test_a_partner_met_by_several_actors_learns_from_the_share_that_kept_faith():
    m = CreditSystemModel(
        rng=1, n_subjects=10, gain=1.5, harm=2.0, surplus=1.0, **{"interaction.trust_learning": 0.5}
    )
    s = m.subjects
    s.trust[:] = 0.8
    per = m.period = Period.new(0, 10)
    per.partner[:] = [9, 9, 9, 8, 8, -1, -1, -1, -1, -1]
    per.transacted[:5] = True
    per.honest[:5] = [True, False, True, False, False]
    with np.errstate(all="raise"):  # partners who met nobody: no 0 / 0 on the way
        m.mechanisms["interaction"].settle()
    # 9 met three actors, two kept faith: 0.8 + 0.5 * (2/3 - 0.8); 8 met two cheats
    np.testing.assert_allclose(s.trust[[8, 9]], [0.4, 0.8 + 0.5 * (2 / 3 - 0.8)], rtol=1e-6)
    assert (s.trust[:8] == np.float32(0.8)).all()
    # 9 gets three surpluses less one harm; 8 two surpluses less two harms
    np.testing.assert_allclose(s.payoff[[8, 9]], [2 * (1.0 - 2.0), 3 * 1.0 - 2.0])
