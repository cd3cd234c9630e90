"""Social discipline: disclosure, shame and ostracism of the listed (§V(1))."""

import numpy as np

from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing, run


def _model(n=10, **kw):
    return hand_model({"social.enabled": True, **kw}, n=n)


def test_off_means_off_with_parameters_moved():
    off_changes_nothing({"social.shame": 5.0, "social.ostracism": 1.0, "social.disclosure": 0.1})


def test_disclosure_shame_and_ostracism_by_hand():
    m = _model(**{"social.shame": 0.7, "social.ostracism": 1.0, "social.disclosure": 1.0})
    soc, s, per = m.mechanisms["social"], m.subjects, m.period
    s.listed_until[:] = 0
    s.listed_until[[2, 4]] = 20  # newly listed this period
    soc.expose()
    np.testing.assert_array_equal(np.flatnonzero(soc.exposed), [2, 4])
    # shame: only the exposed and listed lose exactly the shame cost
    s.payoff[:] = 1.0
    soc.shame()
    expected = np.ones(10, np.float32)
    expected[[2, 4]] -= np.float32(0.7)
    np.testing.assert_array_equal(s.payoff, expected)
    # ostracism 1: every attempted, not yet refused transaction of an exposed actor fails
    per.attempted[:] = True
    soc.ostracise()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [2, 4])
    # a lifted listing is forgotten at the next disclosure step
    s.listed_until[2] = 5
    soc.expose()
    np.testing.assert_array_equal(np.flatnonzero(soc.exposed), [4])


def test_nothing_is_disclosed_at_zero_disclosure():
    m = _model(**{"social.disclosure": 0.0})
    soc, s = m.mechanisms["social"], m.subjects
    s.listed_until[:] = 20
    soc.expose()
    assert not soc.exposed.any()


def test_deterrence_matches_formula():
    m = _model(**{"social.shame": 0.5, "social.ostracism": 0.4, "social.disclosure": 0.5})
    per = m.period
    per.p_detect[:] = 0.2
    bl = m.mechanisms["blacklist"]
    screening = m.params["market.screening"]
    per_period = 0.5 + 0.4 * (1 - screening) * m.world.surplus
    expected = 0.2 * bl.listing_probability() * 0.5 * bl.p.duration * per_period
    np.testing.assert_allclose(m.mechanisms["social"].deterrence(), expected, rtol=1e-6)


def test_exposure_raises_honesty():
    on = late_mean("honesty_rate", **{"social.enabled": True})
    off = late_mean("honesty_rate")
    # measured: +0.044 (sd 0.003 over 5 seeds)
    assert clearly_greater(on, off, 0.02)


def test_shamed_share_is_at_most_the_blacklisted_share():
    df = run(2, periods=30, **{"social.enabled": True})
    assert (df["shamed_share"] <= df["blacklisted_share"] + 1e-12).all()
    assert df["shamed_share"].iloc[-10:].mean() > 0
