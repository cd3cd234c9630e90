"""Red list: eligibility, the green channel, and its deterrent value."""

import numpy as np

from model import CreditSystemModel
from model.period import Period
from tests.helpers import clearly_greater, late_mean


def test_eligibility_rule():
    m = CreditSystemModel(
        rng=1,
        n_subjects=10,
        **{"records.coverage": 1.0, "redlist.threshold": 95.0, "redlist.clean_periods": 12},
    )
    s = m.subjects
    s.score[:] = 100.0
    s.score[1] = 94.0  # too low
    s.last_record[2] = 10  # recent record: 20 - 10 < 12
    s.last_record[3] = 8  # clean for 12 periods
    s.listed_until[4] = 30  # listed
    s.has_file[5] = False  # no file
    m.period = Period.new(20, 10)
    m.mechanisms["redlist"].update()
    np.testing.assert_array_equal(s.red[:6], [True, False, False, True, False, False])


def test_reward_paid_and_budgeted():
    m = CreditSystemModel(rng=1, n_subjects=10, **{"redlist.reward": 0.3})
    s = m.subjects
    s.red[:] = False
    s.red[[0, 9]] = True
    s.payoff[:] = 0
    m.period = Period.new(0, 10)
    m.mechanisms["redlist"].reward()
    assert s.payoff[0] == np.float32(0.3) and s.payoff[1] == 0
    assert abs(m.period.rewards - 0.6) < 1e-12


def test_larger_reward_raises_honesty():
    low = late_mean("honesty_rate", periods=30, **{"redlist.reward": 0.0})
    high = late_mean("honesty_rate", periods=30, **{"redlist.reward": 0.5})
    assert clearly_greater(high, low, 0.03)


def test_red_and_black_lists_are_disjoint():
    m = CreditSystemModel(rng=8, n_subjects=2000)
    for _ in range(30):
        m.step()
        assert not (m.subjects.red & m.subjects.listed(m.period.t)).any()
