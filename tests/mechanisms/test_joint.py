"""Joint reward and punishment across domains (§V(1))."""

import numpy as np
import pandas as pd

from tests.helpers import clearly_greater, hand_model, late_mean, run


def _model(n=10, **kw):
    return hand_model({"joint.enabled": True, **kw}, n=n)


def test_off_means_off_with_parameters_moved():
    base = run(4, periods=15, n_subjects=800)
    moved = run(4, periods=15, n_subjects=800, **{"joint.cost": 2.0, "joint.reward": 1.0})
    pd.testing.assert_frame_equal(base, moved)
    assert (base["joint_restrictions"] == 0.0).all()


def test_national_platform_restricts_in_all_three_other_domains():
    m = _model(**{"joint.cost": 0.25, "joint.reward": 0.1})
    s, joint = m.subjects, m.mechanisms["joint"]
    s.listed_until[:] = 0
    s.listed_until[[1, 7]] = 20
    s.payoff[:] = 1.0
    joint.restrict()
    expected = np.ones(10, np.float32)
    expected[[1, 7]] -= np.float32(0.25) * 3
    np.testing.assert_allclose(s.payoff, expected, rtol=1e-6)
    assert joint.outcomes()["joint_restrictions"] == 0.2
    s.red[:] = False
    s.red[[2, 3, 4]] = True
    s.payoff[:] = 0.0
    joint.reward()
    np.testing.assert_allclose(s.payoff[[2, 3, 4]], 0.3, rtol=1e-6)
    assert m.period.rewards == np.float64(9 * 0.1)


def test_silos_restrict_nobody():
    m = _model(**{"sharing.enabled": True, "sharing.level": 0.0})
    m.mechanisms["sharing"].set_level()
    s, joint = m.subjects, m.mechanisms["joint"]
    s.listed_until[:] = 20
    s.payoff[:] = 1.0
    joint.restrict()
    assert (s.payoff == 1.0).all()
    assert joint.outcomes()["joint_restrictions"] == 0.0


def test_deterrence_matches_formula():
    m = _model(**{"joint.cost": 0.2, "joint.reward": 0.05})
    per, s = m.period, m.subjects
    per.p_detect[:] = 0.3
    s.red[:] = False
    s.red[0] = True
    bl = m.mechanisms["blacklist"]
    expected = 0.3 * bl.listing_probability() * bl.p.duration * 3 * 0.2
    expected[0] += 0.3 * 3 * 0.05 * m.params["redlist.clean_periods"]
    np.testing.assert_allclose(m.mechanisms["joint"].deterrence(), expected, rtol=1e-6)


def test_joint_punishment_raises_honesty():
    on = late_mean("honesty_rate", seeds=(1, 2, 3, 4), **{"joint.enabled": True})
    off = late_mean("honesty_rate", seeds=(1, 2, 3, 4))
    assert clearly_greater(on, off, 0.03)


def test_restricted_share_is_the_listed_share_on_a_national_platform():
    df = run(2, periods=30, **{"joint.enabled": True})
    np.testing.assert_allclose(df["joint_restrictions"], df["blacklisted_share"], atol=1e-12)
