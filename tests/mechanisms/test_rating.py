"""Credit service market: rating agencies and rating-based screening of firms (§V(3))."""

import numpy as np
from scipy.special import ndtr

from model.population import FIRM
from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing

RAT = {"rating.enabled": True}


def _model(n=20, **kw):
    return hand_model({**RAT, **kw}, n=n)


def test_off_means_off_with_parameters_moved():
    base = off_changes_nothing({"rating.use": 1.0, "rating.cutoff": 0.9, "rating.accuracy": 0.1})
    assert (base["rating_error"] == 0.0).all() and (base["rating_refusals"] == 0.0).all()


def test_agencies_share_the_firms_with_their_own_accuracy():
    m = _model(n=200, **{"rating.n_agencies": 3, "rating.accuracy_spread": 0.2})
    rat = m.mechanisms["rating"]
    clients = np.sort(np.concatenate([a.clients for a in rat.agencies]))
    np.testing.assert_array_equal(clients, np.flatnonzero(m.subjects.kind == FIRM))
    np.testing.assert_allclose([a.accuracy for a in rat.agencies], [0.5, 0.7, 0.9])
    np.testing.assert_allclose(rat.agencies[0].sd, 0.25)


def test_exact_ratings_refuse_exactly_the_firms_below_the_cutoff():
    m = _model(**{"rating.accuracy": 1.0, "rating.bias": 0.0, "rating.use": 1.0})
    rat, s, per = m.mechanisms["rating"], m.subjects, m.period
    firms = np.flatnonzero(s.kind == FIRM)
    assert len(firms) == 4
    rat.honesty[firms] = [0.2, 0.59, 0.6, 0.9]
    per.attempted[:] = True
    per.refused[:] = False
    rat.screen()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), firms[:2])
    out = rat.outcomes()
    assert out["rating_error"] == 0.0 and out["rating_refusals"] == 2 / 20


def test_bias_inflates_ratings_and_observation_by_hand():
    m = _model(**{"rating.accuracy": 1.0, "rating.bias": 0.3, "rating.memory": 0.25})
    rat, s, per = m.mechanisms["rating"], m.subjects, m.period
    firms = np.flatnonzero(s.kind == FIRM)
    rat.honesty[firms] = [0.2, 0.5, 0.8, 1.0]
    per.attempted[:] = True
    rat.screen()
    np.testing.assert_allclose(rat.rating[firms], [0.5, 0.8, 1.0, 1.0], rtol=1e-6)
    np.testing.assert_allclose(rat.outcomes()["rating_error"], (0.3 + 0.3 + 0.2 + 0.0) / 4)
    # recent honesty follows the acts of firms that transacted
    per.transacted[firms[:3]] = True
    per.honest[firms[:3]] = [True, False, True]
    rat.observe()
    np.testing.assert_allclose(
        rat.honesty[firms], [0.2 + 0.25 * 0.8, 0.5 - 0.25 * 0.5, 0.8 + 0.25 * 0.2, 1.0], rtol=1e-6
    )


def test_deterrence_formula():
    kw = {"rating.accuracy": 0.6, "rating.bias": 0.1, "rating.use": 0.5, "rating.memory": 0.2}
    m = _model(**kw)
    rat, s = m.mechanisms["rating"], m.subjects
    h = np.linspace(0.3, 1.0, s.n).astype(np.float32)
    rat.honesty[:] = h
    sd, level = 0.5 * 0.4, 0.6 - 0.1
    dp = ndtr((level - 0.8 * h) / sd) - ndtr((level - (h + 0.2 * (1 - h))) / sd)
    expected = np.where(s.kind == FIRM, 0.5 * m.world.surplus * dp / 0.2, 0.0)
    np.testing.assert_allclose(rat.deterrence(), expected, rtol=1e-5)


def test_rating_error_falls_with_accuracy():
    kw = {**RAT, "rating.bias": 0.0}
    low = late_mean("rating_error", **kw, **{"rating.accuracy": 0.0})
    mid = late_mean("rating_error", **kw, **{"rating.accuracy": 0.5})
    exact = late_mean("rating_error", **kw, **{"rating.accuracy": 1.0})
    # measured: 0.247, 0.138, 0.000 (noise sd 0.5, 0.25, 0)
    assert clearly_greater(low, mid, 0.05) and clearly_greater(mid, exact, 0.05)
    assert np.all(exact == 0.0)


def test_ratings_raise_firm_honesty():
    on = late_mean("honesty_rate_firm", **RAT)
    off = late_mean("honesty_rate_firm")
    # measured: 0.745 -> 0.847
    assert clearly_greater(on, off, 0.05)


def test_inflated_ratings_weaken_screening():
    honest_agencies = late_mean("honesty_rate_firm", **RAT, **{"rating.bias": 0.0})
    inflating = late_mean("honesty_rate_firm", **RAT, **{"rating.bias": 0.3})
    # measured: 0.895 -> 0.786
    assert clearly_greater(honest_agencies, inflating, 0.05)


def test_only_firms_are_rated_and_refused():
    m = _model(**{"rating.use": 1.0, "rating.cutoff": 1.0, "rating.bias": -0.5})
    rat, s, per = m.mechanisms["rating"], m.subjects, m.period
    rat.honesty[:] = 0.0  # even the entries of persons and officials
    per.attempted[:] = True
    rat.screen()
    np.testing.assert_array_equal(per.refused, s.kind == FIRM)
