"""Ability to pay: who can pay a fine or a judgment debt; default; the court list's purpose
(able but refusing) against those who cannot pay (issue 12, item 3)."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.period import Period
from model.population import JUDICIAL
from tests.helpers import run


def _model(n=10, **kw):
    m = CreditSystemModel(rng=3, n_subjects=n, n_regions=1, **kw)
    m.period = Period.new(5, n)
    return m


def _wealth(m, wealth, payoff=0.0):
    m.subjects.wealth[:] = wealth
    m.subjects.payoff[:] = payoff


def test_available_means_by_hand():
    m = _model(**{"means.protected": 0.5})
    wealth = np.array([0, 2, 4, 6, 8, 10, 12, 14, 16, 18], dtype=float)
    _wealth(m, wealth, payoff=1.0)
    # means = wealth + 1, mean 10; exempt 0.5 * 10 = 5
    expected = np.maximum(wealth + 1.0 - 5.0, 0.0)
    means = m.mechanisms["means"]
    np.testing.assert_array_equal(means.available(), expected)
    np.testing.assert_array_equal(means.available(np.array([9, 0])), expected[[9, 0]])
    # exactly enough is enough; a hair short is not
    assert list(means.can_pay(3.0)) == list(expected >= 3.0)
    # subject 3: 6 + 1 - 5 = 2 available
    assert means.can_pay(np.array([2.0, 2.0 + 1e-9]), np.array([3, 3])).tolist() == [True, False]


def test_switched_off_everyone_can_pay():
    m = _model(**{"means.enabled": False})
    _wealth(m, -50.0)
    assert m.mechanisms["means"].can_pay(1e9).all()


def test_a_fine_that_cannot_be_paid_is_defaulted_on_not_collected():
    m = _model(**{"means.protected": 1.0, "sanctions.fine": 3.0, "sanctions.ability_to_pay": True})
    wealth = np.zeros(10)
    wealth[[1, 2]] = [40.0, 2.0]  # mean 4.2: 1 can pay 35.8, 2 nothing
    _wealth(m, wealth)
    per = m.period
    per.finding[[1, 2]] = 1
    m.mechanisms["sanctions"].fine()
    assert m.subjects.payoff[1] == -3.0 and m.subjects.payoff[2] == 0.0
    assert per.fines == 3.0 and per.fined[2] == 0.0
    out = m.mechanisms["sanctions"].outcomes()
    assert out["fine_default_rate"] == 0.5 and out["fines_defaulted_per_subject"] == 0.3


def test_a_fine_deters_only_those_who_could_pay_it():
    m = _model(**{"means.protected": 1.0, "sanctions.fine": 3.0, "sanctions.ability_to_pay": True})
    wealth = np.zeros(10)
    wealth[1] = 40.0
    _wealth(m, wealth)
    m.period.p_detect[:] = 0.5
    deter = m.mechanisms["sanctions"].deterrence()
    assert deter[1] == 1.5 and (deter[np.arange(10) != 1] == 0.0).all()


def _court(n=10, **kw):
    params = {
        "judicial.litigation_rate": 1.0,
        "judicial.capacity": 1000.0,
        "judicial.enforcement_rate": 0.0,
        "judicial.restriction_cost": 0.0,
        "decision.rationality": 1000.0,
        "means.protected": 1.0,
        # a listing costs nothing else: an able debtor refuses
        "market.enabled": False,
        "joint.enabled": False,
        **kw,
    }
    return _model(n=n, **params)


def _cheats(m, actors, partners):
    per = m.period
    per.transacted[actors] = True
    per.honest[actors] = False
    per.partner[actors] = partners


def test_debtors_who_cannot_pay_default_and_are_listed_only_if_the_list_takes_them():
    for list_unable in (True, False):
        m = _court(**{"judicial.list_unable": list_unable})
        wealth = np.zeros(10)
        wealth[1] = 60.0  # able: refuses (nothing deters it here), is listed
        _wealth(m, wealth)
        _cheats(m, [1, 2], [5, 6])  # 2 cannot pay the damages
        jud = m.mechanisms["judicial"]
        jud.adjudicate()
        s = m.subjects
        assert s.listed_until[JUDICIAL, 1] > 6
        assert (s.listed_until[JUDICIAL, 2] > 6) == list_unable
        out = jud.outcomes()
        assert out["judgments_unable_rate"] == 0.5
        assert out["defaulters_refusing_share"] == 0.1
        assert out["defaulters_unable_share"] == (0.1 if list_unable else 0.0)
        assert out["listed_unable_share"] == (0.5 if list_unable else 0.0)
        assert s.payoff[5] == s.payoff[6] == 0.0  # no creditor is paid


def test_listed_defaulters_leave_by_paying_if_they_can_else_by_deletion():
    m = _court(**{"judicial.performance_rate": 1.0})
    s, jud = m.subjects, m.mechanisms["judicial"]
    _wealth(m, 0.0)
    s.wealth[1] = 60.0
    s.listed_until[JUDICIAL, [1, 2]] = 10**6
    jud.owed[[1, 2]] = 2.0
    jud.creditor[[1, 2]] = [5, 6]
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, 1] == s.listed_until[JUDICIAL, 2] == 6
    assert s.payoff[1] == -2.0 and s.payoff[5] == 2.0  # performed
    assert s.payoff[2] == 0.0 and s.payoff[6] == 0.0  # deleted, creditor unpaid
    out = jud.outcomes()
    assert out["defaulters_performed"] == 0.1 and out["defaulters_deleted"] == 0.1


def test_judicial_deterrence_of_those_who_could_not_pay_is_the_listing_only():
    m = _court(**{"judicial.restriction_cost": 0.5, "judicial.performance_rate": 0.5})
    wealth = np.zeros(10)
    wealth[1] = 60.0
    _wealth(m, wealth)
    jud = m.mechanisms["judicial"]
    cost_l = jud.listing_cost()
    deter = jud.deterrence()
    assert deter[2] == pytest.approx(cost_l[2])
    m2 = _court(**{"judicial.restriction_cost": 0.5, "judicial.list_unable": False})
    _wealth(m2, wealth)
    assert m2.mechanisms["judicial"].deterrence()[2] == 0.0


def test_fines_are_paid_whatever_the_means_unless_they_can_be_defaulted_on():
    m = _model(**{"means.protected": 1.0, "sanctions.fine": 3.0})
    _wealth(m, 0.0)
    m.period.finding[[1, 2]] = 1
    m.period.p_detect[:] = 0.5
    assert (m.mechanisms["sanctions"].deterrence() == 1.5).all()
    m.mechanisms["sanctions"].fine()
    assert m.period.fines == 6.0 and m.subjects.payoff[1] == -3.0


def test_more_exempt_means_more_debtors_unable():
    kw = {"sanctions.ability_to_pay": True}
    low = run(2, periods=30, n_subjects=3000, **{"means.protected": 0.8}, **kw)
    high = run(2, periods=30, n_subjects=3000, **{"means.protected": 0.95}, **kw)
    assert high["judgments_unable_rate"].mean() > low["judgments_unable_rate"].mean()
    assert high["fine_default_rate"].mean() > low["fine_default_rate"].mean()
    nobody = run(2, periods=10, n_subjects=1000, **{"means.protected": 0.0}, **kw)
    assert (nobody["fine_default_rate"].fillna(0) == 0).all()
