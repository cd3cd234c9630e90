"""Joint reward and punishment across domains (§V(1)), on by default."""

import numpy as np
import pytest

from model import listings
from model.population import BUSINESS, JUDICIAL, PERMANENT
from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing, run


def _model(n=10, **kw):
    return hand_model({"joint.enabled": True, **kw}, n=n)


def test_off_means_off_with_parameters_moved():
    off = {"joint.enabled": False}
    base = off_changes_nothing({"joint.cost": 2.0, "joint.reward": 1.0}, common=off)
    assert (base["joint_restrictions"] == 0.0).all()


def test_a_national_platform_restricts_in_all_three_other_domains():
    m = _model(**{"joint.cost": 0.25, "joint.reward": 0.125})
    s, joint = m.subjects, m.mechanisms["joint"]
    s.listed_until[BUSINESS, 1] = 20
    s.listed_until[JUDICIAL, 7] = PERMANENT  # the court's list binds the others too
    s.listed_until[BUSINESS, 8] = 5  # ended before period 5
    s.listed_until[BUSINESS, 9] = 6  # its last period is period 5
    s.payoff[:] = 1.0
    joint.restrict()
    expected = np.ones(10, np.float32)
    expected[[1, 7, 9]] -= 0.75
    np.testing.assert_array_equal(s.payoff, expected)
    assert joint.outcomes()["joint_restrictions"] == 0.3
    s.red[[2, 3, 4]] = True
    s.payoff[:] = 0.0
    joint.reward()
    np.testing.assert_array_equal(s.payoff[[2, 3, 4]], 0.375)
    assert m.period.rewards == 9 * 0.125
    assert joint.outcomes()["joint_rewarded_share"] == 0.3


def test_silos_restrict_and_reward_nobody():
    m = _model(**{"sharing.enabled": True, "sharing.level": 0.0})
    s, joint = m.subjects, m.mechanisms["joint"]
    s.listed_until[:] = 20
    s.red[:] = True
    s.payoff[:] = 1.0
    joint.restrict()
    joint.reward()
    assert (s.payoff == 1.0).all()
    assert joint.outcomes()["joint_restrictions"] == 0.0


def test_partial_sharing_restricts_in_each_other_domain_with_the_level():
    n = 20000
    m = _model(n=n, **{"sharing.enabled": True, "sharing.level": 0.25, "joint.cost": 1.0})
    s, joint = m.subjects, m.mechanisms["joint"]
    s.listed_until[BUSINESS] = 20
    s.payoff[:] = 0.0
    joint.restrict()
    # binomial(3, 0.25) domains, each costing 1: mean 0.75, variance 3 * 0.25 * 0.75
    assert set(np.unique(s.payoff)) <= {0.0, -1.0, -2.0, -3.0}
    assert abs(-s.payoff.mean() - 0.75) < 4 * np.sqrt(0.5625 / n)
    assert joint.listed_cost() == pytest.approx(0.75)


def test_listed_cost_and_deterrence_by_hand():
    kw = {"joint.cost": 0.2, "joint.reward": 0.05, "redlist.clean_periods": 6}
    m = _model(**kw)
    per, s = m.period, m.subjects
    joint = m.mechanisms["joint"]
    assert joint.listed_cost() == pytest.approx(3 * 0.2)
    per.p_detect[:] = 0.3
    s.red[0] = True
    # a red-listed actor puts the other domains' rewards at risk for the clean spell
    expected = np.zeros(10)
    expected[0] = 0.3 * 3 * 0.05 * 6
    np.testing.assert_allclose(joint.deterrence(), expected)
    off = _model(**{"redlist.enabled": False, "joint.reward": 0.05})
    off.subjects.red[0] = True
    assert off.mechanisms["joint"].deterrence() == 0.0
    # the restriction enters the one listing-cost function
    assert listings.status_cost(m) == pytest.approx(
        joint.listed_cost() + m.mechanisms["market"].listed_cost()
    )


def test_joint_punishment_raises_honesty():
    kw = {"joint.cost": 1.0, "blacklist.scope_social": 0.5}
    on = late_mean("honesty_rate", seeds=(1, 2, 3, 4), **kw)
    off = late_mean(
        "honesty_rate", seeds=(1, 2, 3, 4), allow_inactive=True, **kw, **{"joint.enabled": False}
    )
    assert clearly_greater(on, off, 0.005)


def test_restricted_share_is_the_listed_share_on_a_national_platform():
    # restrictions act at the start of a period on the lists as published at the end
    # of the previous one
    df = run(2, periods=30)
    np.testing.assert_allclose(
        df["joint_restrictions"].iloc[1:], df["blacklisted_share"].iloc[:-1], atol=1e-12
    )


def test_a_false_finding_costs_a_red_listed_actor_the_rewards_of_the_clean_spell():
    # given the finding (no detection chance applied): 3 domains * reward * clean spell,
    # at partial sharing the expected number of domains that see the status
    kw = {"joint.reward": 0.05, "redlist.clean_periods": 6}
    m = _model(**kw, **{"sharing.enabled": True, "sharing.level": 0.5})
    m.period.p_detect[:] = 0.3
    m.subjects.red[[0, 4]] = True
    expected = np.zeros(10)
    expected[[0, 4]] = 3 * 0.5 * 0.05 * 6
    np.testing.assert_allclose(m.mechanisms["joint"].false_finding_cost(), expected)
    np.testing.assert_allclose(m.mechanisms["joint"].deterrence(), 0.3 * expected, rtol=1e-6)


def test_switched_off_reports_no_restriction_and_no_reward():
    m = _model(**{"joint.enabled": False})
    m.run_for(2)
    out = m.mechanisms["joint"].outcomes()
    assert out == {"joint_restrictions": 0.0, "joint_rewarded_share": 0.0}


def test_on_a_national_platform_nothing_is_drawn():
    # every other domain sees every status: the number of domains is not drawn, so
    # joint's own stream is left where it was (a later partial level draws the same)
    m = _model(**{"joint.cost": 0.25, "joint.reward": 0.125})
    s, joint = m.subjects, m.mechanisms["joint"]
    s.listed_until[BUSINESS, :5] = 20
    s.red[5:] = True
    state = joint.rng.bit_generator.state
    joint.restrict()
    joint.reward()
    assert joint.rng.bit_generator.state == state
