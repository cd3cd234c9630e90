"""Administrative fines: charged once, on the findings that stand (§V(1))."""

import numpy as np
import pytest

from model.period import BLOCKED, FORGIVEN, STANDS, VOIDED
from tests.helpers import clearly_greater, hand_model, late_mean


def test_the_fine_is_charged_once_to_every_standing_finding():
    m = hand_model({"sanctions.fine": 2.5}, n=10)
    per, s = m.period, m.subjects
    per.detected[[1, 4]] = True
    per.false_record[7] = True  # a false finding is fined like a true one
    per.detected[[2, 3, 5]] = True
    per.open_findings(per.found)
    per.finding[[2, 3, 5]] = [FORGIVEN, VOIDED, BLOCKED]
    s.has_file[4] = False  # with or without a credit file
    s.payoff[:] = 1.0
    m.mechanisms["sanctions"].fine()
    expected = np.ones(10, np.float32)
    expected[[1, 4, 7]] -= 2.5
    np.testing.assert_array_equal(s.payoff, expected)
    assert per.fines == 7.5
    assert list(per.finding[[1, 4, 7]]) == [STANDS] * 3


@pytest.mark.parametrize(
    "first,serious,factor",
    [(True, False, 0.0), (False, False, 1.0), (True, True, 3.0), (False, True, 3.0)],
)
def test_graded_fines_are_the_fine_times_the_schedule_factor(first, serious, factor):
    m = hand_model(
        {"sanctions.fine": 2.0, "graded.enabled": True, "graded.serious_factor": 3.0}, n=10
    )
    per, s = m.period, m.subjects
    g = m.mechanisms["graded"]
    per.detected[3] = True
    per.serious[3] = serious
    per.open_findings(per.found)
    g.first[:] = first
    s.payoff[:] = 0.0
    m.mechanisms["sanctions"].fine()
    assert s.payoff[3] == np.float32(-2.0 * factor)
    assert per.fines == pytest.approx(2.0 * factor)
    assert np.count_nonzero(s.payoff) == (factor > 0)


def test_deterrence_is_the_detection_probability_times_the_fine():
    m = hand_model({"sanctions.fine": 2.5}, n=10)
    m.period.p_detect[:] = np.linspace(0.0, 0.9, 10)
    np.testing.assert_allclose(
        m.mechanisms["sanctions"].deterrence(), np.linspace(0.0, 0.9, 10) * 2.5, rtol=1e-6
    )


def test_higher_fines_raise_honesty():
    low = late_mean("honesty_rate", periods=20, **{"sanctions.fine": 0.5})
    high = late_mean("honesty_rate", periods=20, **{"sanctions.fine": 6.0})
    assert clearly_greater(high, low, 0.1)


def test_fines_off_collect_nothing():
    fines = late_mean("fines_per_subject", periods=10, **{"sanctions.enabled": False})
    assert (fines == 0).all()


@pytest.mark.parametrize("sanctions_on", [True, False])
def test_nothing_is_defaulted_on_unless_fines_can_be_defaulted_on(sanctions_on):
    # fines paid whatever the means (or no fines at all): no default, no rate to report
    m = hand_model({"sanctions.enabled": sanctions_on}, n=10)
    per = m.period
    per.detected[[1, 2]] = True
    per.open_findings(per.found)
    if sanctions_on:
        m.mechanisms["sanctions"].fine()
        assert per.fines > 0
    out = m.mechanisms["sanctions"].outcomes()
    assert out["fines_defaulted_per_subject"] == 0.0
    assert np.isnan(out["fine_default_rate"])


def test_a_fine_below_one_payoff_unit_is_defaulted_on_like_any_other():
    # means protected up to the mean wealth (4.02): subject 1 can pay, subject 2 cannot
    kw = {"means.protected": 1.0, "sanctions.fine": 0.5, "sanctions.ability_to_pay": True}
    m = hand_model(kw, n=10, n_regions=1)
    s, per = m.subjects, m.period
    s.wealth[:] = 0.0
    s.wealth[[1, 2]] = [40.0, 0.2]
    s.payoff[:] = 0.0
    per.detected[[1, 2]] = True
    per.open_findings(per.found)
    m.mechanisms["sanctions"].fine()
    assert s.payoff[1] == np.float32(-0.5) and s.payoff[2] == 0.0
    assert per.fines == 0.5
    out = m.mechanisms["sanctions"].outcomes()
    assert out["fine_default_rate"] == 0.5
    assert out["fines_defaulted_per_subject"] == pytest.approx(0.05)
