"""Administrative fines."""

import numpy as np

from model import CreditSystemModel
from model.period import Period
from tests.helpers import clearly_greater, late_mean


def test_fine_charged_to_every_finding_exactly():
    m = CreditSystemModel(rng=1, n_subjects=10, **{"sanctions.fine": 2.5})
    per = Period.new(0, 10)
    per.detected[[1, 4]] = True
    per.false_record[7] = True
    m.period = per
    m.subjects.payoff[:] = 1.0
    m.mechanisms["sanctions"].fine()
    expected = np.ones(10)
    expected[[1, 4, 7]] -= 2.5
    np.testing.assert_allclose(m.subjects.payoff, expected)
    assert per.fines == 7.5


def test_higher_fines_raise_honesty():
    low = late_mean("honesty_rate", periods=20, **{"sanctions.fine": 0.5})
    high = late_mean("honesty_rate", periods=20, **{"sanctions.fine": 6.0})
    assert clearly_greater(high, low, 0.1)


def test_fines_off_collect_nothing():
    fines = late_mean("fines_per_subject", periods=10, **{"sanctions.enabled": False})
    assert (fines == 0).all()
