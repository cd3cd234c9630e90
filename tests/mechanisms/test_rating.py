"""Credit service market: rating agencies and rating-based screening of firms (§V(3))."""

import copy

import numpy as np
import pytest
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


# --- tests written against surviving mutants (issue 14, item 7) ---------------------------
def test_a_rating_is_honesty_plus_bias_plus_scaled_noise_clipped_to_the_unit_interval():
    m = _model()
    ag = m.mechanisms["rating"].agencies[0]
    ag.accuracy, ag.bias = 0.6, 0.1  # noise sd 0.5 x 0.4 = 0.2
    h = np.full(5, 0.5, np.float32)
    z = np.array([1.0, -2.0, 0.0, 3.0, -4.0], np.float32)
    # 0.5 + 0.1 + 0.2 z: 0.8, 0.2, 0.6, then 1.2 and -0.2 clipped
    np.testing.assert_allclose(ag.rate(h, z), [0.8, 0.2, 0.6, 1.0, 0.0], rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    "k,accuracy,spread,expected",
    [
        (1, 0.7, 0.3, [0.7]),  # one agency: the mean accuracy, whatever the spread
        (2, 0.5, 0.2, [0.3, 0.7]),
        (3, 0.9, 0.3, [0.6, 0.9, 1.0]),  # 1.2 clipped
        (3, 0.1, 0.3, [0.0, 0.1, 0.4]),  # -0.2 clipped
    ],
)
def test_accuracy_is_spread_evenly_and_clipped(k, accuracy, spread, expected):
    kw = {"rating.n_agencies": k, "rating.accuracy": accuracy, "rating.accuracy_spread": spread}
    rat = _model(n=40, **kw).mechanisms["rating"]
    np.testing.assert_allclose([a.accuracy for a in rat.agencies], expected, atol=1e-12)
    for a, acc in zip(rat.agencies, expected, strict=True):
        np.testing.assert_allclose(rat.sd[a.clients], 0.5 * (1 - acc), rtol=1e-6)


def test_only_attempted_transactions_not_yet_refused_are_screened():
    m = _model(**{"rating.accuracy": 1.0, "rating.bias": 0.0, "rating.use": 1.0})
    rat, s, per = m.mechanisms["rating"], m.subjects, m.period
    firms = np.flatnonzero(s.kind == FIRM)
    rat.honesty[firms] = 0.1  # every firm rated below the cut-off
    per.attempted[:] = True
    per.attempted[firms[0]] = False  # no transaction to refuse
    per.refused[firms[1]] = True  # already refused by a partner who checked
    rat.screen()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), firms[1:])
    # new refusals on a rating over attempted transactions: firms 2 and 3 of 19
    assert rat.outcomes()["rating_refusals"] == 2 / 19


def test_partners_consult_with_probability_use_by_replaying_the_draws():
    kw = {"rating.accuracy": 1.0, "rating.bias": 0.0, "rating.use": 0.5}
    m = _model(n=400, **kw)
    rat, s, per = m.mechanisms["rating"], m.subjects, m.period
    firms = s.kind == FIRM
    rat.honesty[:] = 0.1
    per.attempted[:] = True
    replay = copy.deepcopy(rat.rng)
    replay.standard_normal(s.n, dtype=np.float32)  # the noise comes first
    u = replay.random(s.n)
    rat.screen()
    np.testing.assert_array_equal(per.refused, firms & (u < 0.5))
    assert 0 < np.count_nonzero(per.refused) < np.count_nonzero(firms)


def test_nobody_attempting_means_no_refusal_share_and_no_firm_no_error():
    m = _model()
    rat = m.mechanisms["rating"]
    rat.screen()  # a blank period: nobody attempts a deal
    assert rat.outcomes()["rating_refusals"] == 0.0
    m = _model(firm_share=0.0)
    m.mechanisms["rating"].screen()
    assert m.mechanisms["rating"].outcomes()["rating_error"] == 0.0


def test_only_firms_update_their_recent_honesty():
    m = _model(**{"rating.memory": 0.5})
    rat, s, per = m.mechanisms["rating"], m.subjects, m.period
    rat.honesty[:] = 1.0
    per.transacted[:] = True
    per.honest[:] = False  # everyone broke faith
    rat.observe()
    np.testing.assert_allclose(rat.honesty, np.where(s.kind == FIRM, 0.5, 1.0))


@pytest.mark.parametrize("moved", [{"decision.present_bias": 0.0}, {"decision.discount": 0.0}])
def test_nothing_ahead_weighs_so_rating_refusals_do_not_deter(moved):
    # the limiting case of time preference: refusals come from the next period on
    m = _model(**{"rating.accuracy": 0.6, **moved})
    rat = m.mechanisms["rating"]
    rat.honesty[:] = 0.7
    assert np.all(rat.deterrence() == 0.0)
    assert np.any(_model(**{"rating.accuracy": 0.6}).mechanisms["rating"].deterrence() > 0)


def test_deterrence_by_hand_at_a_surplus_other_than_one():
    kw = {"rating.accuracy": 0.2, "rating.bias": -0.1, "rating.use": 0.8, "rating.memory": 0.4}
    m = hand_model({**RAT, **kw}, n=20, surplus=2.5)
    rat, s = m.mechanisms["rating"], m.subjects
    rat.honesty[:] = 0.5
    # sd 0.5 x 0.8 = 0.4; level 0.6 + 0.1 = 0.7; after cheating 0.3, after keeping 0.7
    dp = ndtr((0.7 - 0.3) / 0.4) - ndtr((0.7 - 0.7) / 0.4)  # Phi(1) - 1/2
    expected = np.where(s.kind == FIRM, 0.8 * 2.5 * dp / 0.4, 0.0)
    np.testing.assert_allclose(rat.deterrence(), expected, rtol=1e-5)
