"""Information security: classified disclosure and leaks (§V(2), §V(4), §V(5))."""

import numpy as np
import pytest

from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing, run


def _model(n=10, **kw):
    return hand_model({"security.enabled": True, **kw}, n=n)


def test_off_means_off_with_parameters_moved():
    base = off_changes_nothing({"security.leak_rate": 1.0, "security.public_disclosure": 0.0})
    assert (base["leaks"] == 0.0).all()


def test_leak_harm_by_hand():
    m = _model(
        **{
            "security.leak_rate": 1.0,
            "security.leak_size": 1.0,
            "security.leak_harm": 0.5,
            "security.record_harm_factor": 4.0,
        }
    )
    s, sec = m.subjects, m.mechanisms["security"]
    s.has_file[:] = True
    s.has_file[9] = False  # no file, nothing to leak
    s.records[:] = 0.0
    s.records[2, 1] = 0.5
    s.listed_until[:] = 0
    s.listed_until[3, 3] = 20  # on the court's list, without a record
    s.listed_until[1, 4] = 5  # a listing that ended before this period (t = 5)
    s.payoff[:] = 0.0
    sec.leak()
    expected = np.full(10, -0.5, np.float32)
    expected[[2, 3]] = -2.0
    expected[9] = 0.0
    np.testing.assert_array_equal(s.payoff, expected)
    assert sec.outcomes()["leaks"] == 0.9


def test_undisclosed_checks_are_undone():
    m = _model(**{"security.public_disclosure": 0.0})
    per, sec = m.period, m.mechanisms["security"]
    per.checked[:] = True
    per.refused[[1, 2]] = True
    per.assured[[5]] = True
    per.extra["screened_out"] = 2.0
    sec.classify()
    assert not per.checked.any() and not per.refused.any() and not per.assured.any()
    assert per.extra["screened_out"] == 0.0


def test_full_disclosure_equals_the_core_screening():
    m = _model(**{"security.public_disclosure": 1.0})
    per = m.period
    per.checked[[0, 1]] = True
    per.refused[1] = True
    m.mechanisms["security"].classify()
    np.testing.assert_array_equal(np.flatnonzero(per.checked), [0, 1])
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [1])


def test_leaks_share_matches_rate_and_size():
    kw = {"security.enabled": True, "security.leak_rate": 1.0, "security.leak_size": 0.25}
    df = run(1, periods=20, **kw)
    # every period a breach exposes a quarter of the files (coverage 0.8): 0.2 of subjects
    assert abs(df["leaks"].mean() - 0.25 * df["coverage"].mean()) < 0.01


def test_hidden_status_lowers_exclusion_and_honesty():
    seeds = (1, 2, 3, 4)
    kw = {"security.enabled": True, "security.leak_rate": 0.0}
    shown = {**kw, "security.public_disclosure": 1.0}
    hidden = {**kw, "security.public_disclosure": 0.0}
    assert (late_mean("excluded_share", seeds=seeds, **hidden) == 0).all()
    assert clearly_greater(
        late_mean("honesty_rate", seeds=seeds, **shown),
        late_mean("honesty_rate", seeds=seeds, **hidden),
        0.01,
    )


def test_leaks_lower_welfare_when_they_do_not_deter():
    # equal harm for clean and stained files: no deterrent, only the direct loss
    seeds = (1, 2, 3, 4)
    kw = {"security.enabled": True, "security.leak_rate": 1.0, "security.leak_size": 0.5}
    kw["security.record_harm_factor"] = 1.0
    # expected loss: 0.5 of files (coverage 0.8) lose 0.5 each, 0.2 per subject
    assert clearly_greater(
        late_mean("welfare", seeds=seeds),
        late_mean("welfare", seeds=seeds, **kw),
        0.15,
    )


def test_leaks_that_hurt_records_more_deter_violations():
    seeds = (1, 2, 3, 4)
    kw = {"security.enabled": True, "security.leak_rate": 1.0, "security.leak_size": 0.5}
    assert clearly_greater(
        late_mean("honesty_rate", seeds=seeds, **kw),
        late_mean("honesty_rate", seeds=seeds, **{**kw, "security.record_harm_factor": 1.0}),
        0.05,
    )


def test_deterrence_by_hand():
    kw = {"security.leak_rate": 0.5, "security.leak_size": 0.2, "security.leak_harm": 1.0}
    kw |= {"security.record_harm_factor": 3.0, "security.public_disclosure": 0.25}
    kw |= {"records.half_life": 12.0, "records.expiry_weight": 0.1}
    m = _model(**kw)
    m.period.p_detect[:] = 0.2
    m.subjects.has_file[:] = True
    m.subjects.has_file[3] = False
    # a unit record lasts the smallest k with 0.5 ** (k / 12) < 0.1: 40 ageings
    life = next(k for k in range(1000) if 0.5 ** (k / 12) < 0.1)
    assert life == 40
    leak = 0.2 * 0.5 * 0.2 * 1.0 * (3.0 - 1.0) * life
    expected = np.full(10, leak)
    expected[3] = 0.0
    np.testing.assert_allclose(m.mechanisms["security"].deterrence(), expected, rtol=1e-6)


def test_the_disclosed_share_enters_what_a_listing_costs():
    kw = {"security.public_disclosure": 0.25, "market.screening": 0.5}
    m = hand_model({"security.enabled": True, **kw}, n=10, surplus=2.0)
    # refusals come only from checks that return the status
    assert m.mechanisms["market"].listed_cost() == pytest.approx(0.5 * 0.25 * 2.0)
