"""Graded sanctions and market exit (§V(1))."""

import numpy as np

from model.population import FIRM, PERSON
from tests.helpers import clearly_greater, hand_model, late_mean, off_changes_nothing, run


def _model(n=12, **kw):
    return hand_model({"graded.enabled": True, **kw}, n=n)


def test_off_means_off_with_parameters_moved():
    base = off_changes_nothing(
        {"graded.exit_strikes": 1, "graded.serious_factor": 5.0, "graded.licence_cost": 2.0}
    )
    assert (base["market_exits"] == 0.0).all()


def test_severity_schedule_by_hand():
    m = _model(
        **{
            "graded.criticism_cost": 0.4,
            "graded.serious_factor": 2.0,
            "graded.exit_strikes": 2,
            "graded.exit_duration": 6,
        }
    )
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    fine = m.params["sanctions.fine"]
    firm = np.flatnonzero(s.kind == FIRM)[0]
    person = np.flatnonzero(s.kind == PERSON)[:3]
    a, b, c = person
    s.has_file[:] = True
    s.records[:] = 0.0
    s.records[[b, firm], 1] = 1.0  # live records: b's minor finding is a repeat
    g.strikes[firm] = 1
    g.classify()
    per.detected[[a, b, c, firm]] = True
    per.serious[[c, firm]] = True
    per.recorded[[a, b, c, firm]] = True
    s.payoff[:] = 0.0
    # the core fines every finding first
    m.mechanisms["sanctions"].fine()
    g.sanction()
    assert s.payoff[a] == np.float32(-0.4)  # warning + criticism, fine refunded
    assert s.payoff[b] == np.float32(-fine)  # repeated minor: the standard fine
    assert s.payoff[c] == np.float32(-2 * fine)  # serious: twice the fine
    assert s.payoff[firm] == np.float32(-2 * fine)
    assert per.fines == fine * 0 + fine + 2 * fine + 2 * fine
    # the firm's second serious strike: out of the market for 6 periods from next period
    assert g.exit_until[firm] == 5 + 6 + 1
    assert g.outcomes()["market_exits"] == 1 / 12
    assert not g.exited(5)[c]  # persons never exit


def test_exited_subjects_neither_act_nor_serve_as_partners():
    m = _model()
    per, g = m.period, m.mechanisms["graded"]
    per.partner[:] = np.arange(1, 13) % 12
    per.attempted[:] = True
    g.exit_until[4] = 10
    g.bar()
    # subject 4 as actor, and subject 3 whose partner is 4
    np.testing.assert_array_equal(np.flatnonzero(~per.attempted), [3, 4])


def test_leniency_lowers_fines_per_subject():
    on = late_mean("fines_per_subject", seeds=(1, 2, 3, 4), **{"graded.enabled": True})
    off = late_mean("fines_per_subject", seeds=(1, 2, 3, 4))
    assert clearly_greater(off, on, 0.02)


def test_one_strike_exit_removes_firms_from_the_market():
    kw = {"graded.enabled": True, "graded.exit_strikes": 1, "graded.exit_duration": 1200}
    kw["detection.serious_share"] = 0.3
    dfs = [run(s, periods=30, **kw) for s in (1, 2, 3, 4)]
    exited = np.array([df["exited_share"].iloc[-1] for df in dfs])
    new = np.array([df["market_exits"].sum() for df in dfs])
    # permanent bans: the stock at the end is the sum of the flows
    np.testing.assert_allclose(exited, new, atol=1e-12)
    assert (exited > 0.005).all()
    assert (exited <= 0.2).all()  # only firms (20% of subjects) can exit


def test_findings_blocked_by_a_local_government_are_left_to_its_refund():
    m = _model(**{"government.enabled": True})
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    a, b = np.flatnonzero(s.kind == PERSON)[:2]
    s.has_file[:] = True
    s.records[:] = 0.0
    g.classify()
    per.detected[[a, b]] = True
    per.recorded[[a, b]] = True
    s.payoff[:] = 0.0
    m.mechanisms["sanctions"].fine()
    m.mechanisms["government"]._idx = np.array([a])  # a's fine will be blocked
    g.sanction()
    fine = m.params["sanctions.fine"]
    assert s.payoff[a] == np.float32(-fine)  # untouched here: the shield refunds it
    assert s.payoff[b] == np.float32(-m.params["graded.criticism_cost"])  # warned
    assert g.outcomes()["warned_share"] == 1 / 12
