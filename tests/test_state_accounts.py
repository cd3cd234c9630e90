"""The state's accounts: fines and rewards are transfers; net welfare is payoffs plus the
state's balance; each activity is priced once (issue 12, item 4)."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.accounts import Accounts
from model.period import BLOCKED, VOIDED, Period
from tests.helpers import run

EVERYTHING = {
    "appeals.enabled": True,
    "appeals.delay": 2,
    "appeals.capacity": 5.0,
    "appeals.liability": 1.0,
    "appeals.compensation": 0.5,
    "appeals.second_propensity": 0.5,
    "whistleblower.enabled": True,
    "graded.enabled": True,
    "government.enabled": True,
    "detection.false_record_rate": 0.05,
}


@pytest.mark.parametrize("params", [{}, EVERYTHING])
def test_net_welfare_is_payoffs_plus_revenue_minus_costs_every_period(params):
    df = run(4, periods=30, n_subjects=1500, **params)
    balance = df["state_revenue"] - df["state_cost"]
    np.testing.assert_allclose(df["net_welfare"], df["welfare"] + balance, rtol=0, atol=1e-12)
    revenue = df[[c for c in df if c.startswith("state_revenue_")]].sum(axis=1)
    cost = df[[c for c in df if c.startswith("state_cost_")]].sum(axis=1)
    np.testing.assert_allclose(df["state_revenue"], revenue, atol=1e-12)
    np.testing.assert_allclose(df["state_cost"], cost, atol=1e-12)
    np.testing.assert_allclose(df["state_revenue_fines"], df["fines_per_subject"], atol=1e-12)
    np.testing.assert_allclose(df["state_cost_rewards"], df["rewards_per_subject"], atol=1e-12)


def _hand(n=10, **kw):
    m = CreditSystemModel(rng=1, n_subjects=n, n_regions=1, **kw)
    m.period = Period.new(5, n)
    m.subjects.payoff[:] = 0.0
    return m


def _net(m):
    """Sum of payoffs plus the state's balance (payoff units)."""
    unit = m.mechanisms["state"].unit_costs()
    return float(m.subjects.payoff.sum(dtype=np.float64)) + m.period.accounts.balance(unit)


def test_a_fine_is_a_transfer_by_hand():
    m = _hand(**{"means.enabled": False, "sanctions.fine": 2.5})
    per = m.period
    per.finding[[1, 4, 7]] = 1  # standing
    before = _net(m)
    m.mechanisms["sanctions"].fine()
    assert per.fines == 7.5 and m.subjects.payoff.sum() == -7.5
    assert list(per.fined[[1, 4, 7]]) == [2.5, 2.5, 2.5]
    assert _net(m) == before
    out = m.mechanisms["state"].outcomes()
    assert out["state_revenue"] == 0.75 and out["net_welfare"] == pytest.approx(0.0)


def test_a_reward_is_a_transfer_and_a_cost_by_hand():
    m = _hand(**{"redlist.facilitation": 0.5})  # exact in the float32 of payoffs
    m.subjects.red[[2, 3]] = True
    before = _net(m)
    m.mechanisms["redlist"].reward()
    assert m.period.accounts.paid["rewards"] == 1.0
    assert _net(m) == before
    assert m.mechanisms["state"].outcomes()["state_cost_rewards"] == 0.1


def test_activities_are_priced_at_the_state_unit_costs_by_hand():
    m = _hand(**{"state.inspection_cost": 0.5, "state.finding_cost": 2.0, "state.file_cost": 0.1})
    per = m.period
    per.transacted[[0, 1, 2]] = True
    per.honest[[0, 1, 2]] = [False, False, True]
    per.p_monitor[:] = 0.25
    per.p_detect[:] = 1.0  # both violations found
    m.mechanisms["detection"].monitor()
    m.mechanisms["records"].file()
    costs = per.accounts.costs(m.mechanisms["state"].unit_costs())
    assert per.accounts.volume["inspections"] == 0.75  # three acts monitored at 0.25
    assert costs["inspections"] == 0.375
    n_found = int(per.found.sum())
    assert n_found >= 2 and costs["findings"] == 2.0 * n_found
    assert costs["files"] == pytest.approx(0.1 * int(m.subjects.has_file.sum()))


def test_a_refund_is_revenue_handed_back_by_hand():
    acc = Accounts()
    acc.collect("fines", 5.0)
    acc.repay("fines", 3.0)
    assert acc.revenue == {"fines": 5.0, "refunds": -3.0}
    unit = dict.fromkeys(acc.volume, 1.0)
    assert acc.balance(unit) == 2.0


def test_unknown_account_items_fail_loudly():
    acc = Accounts()
    with pytest.raises(KeyError):
        acc.collect("taxes", 1.0)
    with pytest.raises(KeyError):
        acc.pay("fines", 1.0)
    with pytest.raises(KeyError):
        acc.use("lunches", 1.0)


@pytest.mark.parametrize("code", [VOIDED, BLOCKED])
def test_a_finding_upheld_or_blocked_before_sanctioning_is_never_charged(code):
    kw = {"blacklist.scope_business": 1.0, "blacklist.person_scope": 1.0, "records.coverage": 1.0}
    m = _hand(**{"means.enabled": False, **kw})
    per, s = m.period, m.subjects
    for i in (3, 6):
        per.transacted[i] = True
        per.honest[i] = False
        per.detected[i] = True
        per.serious[i] = True
        per.domain[i] = 1
    per.open_findings(per.found)
    per.mark(per.found & (np.arange(10) == 3), code)
    for name, step in (("records", "file"), ("sanctions", "fine"), ("blacklist", "update")):
        getattr(m.mechanisms[name], step)()
    assert s.payoff[3] == 0.0 and per.fined[3] == 0.0 and not s.listed(6)[3]
    assert s.records[3].sum() == (3.0 if code == BLOCKED else 0.0)
    assert s.payoff[6] == -3.0 and s.listed(6)[6]  # the other finding is charged
    assert per.fines == 3.0
