"""Interaction: partners from the network, payoffs, trust learning."""

import numpy as np

from model import CreditSystemModel
from model.period import Period
from model.population import BUSINESS, FIRM
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
