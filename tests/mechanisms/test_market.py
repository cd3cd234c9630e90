"""Market discipline: partners check status and refuse the listed."""

import numpy as np

from model import CreditSystemModel
from model.period import Period
from tests.helpers import clearly_greater, late_mean


def test_full_screening_refuses_every_visible_listed_actor():
    m = CreditSystemModel(
        rng=1, n_subjects=10, n_regions=1, **{"market.screening": 1.0, "records.coverage": 1.0}
    )
    s = m.subjects
    s.listed_until[[2, 5]] = 10
    s.red[7] = True
    per = Period.new(0, 10)
    per.partner[:] = (np.arange(10) + 1) % 10
    per.attempted[:] = True
    m.period = per
    m.mechanisms["market"].screen()
    assert per.checked.all()
    np.testing.assert_array_equal(np.flatnonzero(per.refused), [2, 5])
    np.testing.assert_array_equal(np.flatnonzero(per.assured), [7])


def test_no_screening_refuses_nobody():
    m = CreditSystemModel(rng=1, n_subjects=10, **{"market.screening": 0.0})
    m.subjects.listed_until[:] = 10
    per = Period.new(0, 10)
    per.partner[:] = (np.arange(10) + 1) % 10
    per.attempted[:] = True
    m.period = per
    m.mechanisms["market"].screen()
    assert not per.refused.any()


def test_screening_raises_honesty_and_excludes_listed():
    low = late_mean("honesty_rate", periods=30, **{"market.screening": 0.0})
    high = late_mean("honesty_rate", periods=30, **{"market.screening": 1.0})
    assert clearly_greater(high, low, 0.03)
    excluded = late_mean("excluded_share", periods=30, **{"market.screening": 1.0})
    assert (excluded > 0).all()
