"""Graded sanctions and market exit (§V(1))."""

import numpy as np

from model.period import BLOCKED, VOIDED
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
            "graded.criticism_cost": 0.5,
            "graded.serious_factor": 2.0,
            "graded.exit_strikes": 2,
            "graded.exit_duration": 6,
            "sanctions.fine": 1.5,
        }
    )
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    firm = np.flatnonzero(s.kind == FIRM)[0]
    person = np.flatnonzero(s.kind == PERSON)[:3]
    a, b, c = person
    s.has_file[:] = True
    s.records[:] = 0.0
    s.records[[b, firm], 1] = 1.0  # live records: b's minor finding is a repeat
    g.strikes[firm] = 1
    per.detected[[a, b, c, firm]] = True
    per.serious[[c, firm]] = True
    per.open_findings(per.found)
    g.classify()  # before the findings are filed
    m.mechanisms["records"].file()
    s.payoff[:] = 0.0
    m.mechanisms["sanctions"].fine()  # fine x the schedule's factor, once
    g.sanction()
    assert s.payoff[a] == np.float32(-0.5)  # first minor: a warning and criticism, no fine
    assert s.payoff[b] == np.float32(-1.5)  # repeated minor: the standard fine
    assert s.payoff[c] == np.float32(-3.0)  # serious: twice the fine
    assert s.payoff[firm] == np.float32(-3.0)
    assert per.fines == 0 + 1.5 + 3.0 + 3.0
    assert g.outcomes()["warned_share"] == 1 / 12
    # the firm's second serious strike: out of the market for 6 periods from next period
    assert g.exit_until[firm] == 5 + 6 + 1
    assert g.exited(6)[firm] and g.exited(11)[firm]  # barred in periods 6 to 11
    assert not g.exited(12)[firm]
    assert g.outcomes()["market_exits"] == 1 / 12
    assert not g.exited(5)[c]  # persons never exit


def test_a_permanent_ban_never_ends():
    m = _model(**{"graded.exit_strikes": 1, "graded.exit_duration": 1200})
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    firm = np.flatnonzero(s.kind == FIRM)[0]
    s.has_file[firm] = True
    per.detected[firm] = per.serious[firm] = True
    per.open_findings(per.found)
    g.classify()
    m.mechanisms["records"].file()
    g.sanction()
    assert g.exited(5000)[firm] and g.exited(10**9)[firm]
    m2 = _model(**{"graded.exit_strikes": 1, "graded.exit_duration": 1199})
    g2 = m2.mechanisms["graded"]
    m2.subjects.has_file[firm] = True
    m2.period.detected[firm] = m2.period.serious[firm] = True
    m2.period.open_findings(m2.period.found)
    g2.classify()
    m2.mechanisms["records"].file()
    g2.sanction()
    assert g2.exited(5 + 1199)[firm] and not g2.exited(5 + 1200)[firm]


def test_licence_cost_falls_on_listed_firms_only():
    m = _model(**{"graded.licence_cost": 0.25})
    s, g = m.subjects, m.mechanisms["graded"]
    firms = np.flatnonzero(s.kind == FIRM)
    person = np.flatnonzero(s.kind == PERSON)[0]
    s.listed_until[1, [firms[0], person]] = 10
    s.listed_until[3, firms[1]] = 6  # the court's list counts; its last period is 5
    s.payoff[:] = 0.0
    g.restrict()
    expected = np.zeros(12, np.float32)
    expected[firms[:2]] = -0.25
    np.testing.assert_array_equal(s.payoff, expected)
    np.testing.assert_array_equal(g.listed_cost(), np.where(s.kind == FIRM, 0.25, 0.0))


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
    kw["detection.serious_share"] = 0.5
    kw["records.coverage"] = 1.0
    dfs = [run(s, periods=30, **kw) for s in (1, 2, 3, 4)]
    exited = np.array([df["exited_share"].iloc[-1] for df in dfs])
    new = np.array([df["market_exits"].sum() for df in dfs])
    # permanent bans: the stock at the end is the sum of the flows
    np.testing.assert_allclose(exited, new, atol=1e-12)
    assert (exited > 0.005).all()
    assert (exited <= 0.2).all()  # only firms (20% of subjects) can exit


def test_findings_that_do_not_stand_are_neither_warned_nor_struck():
    m = _model(**{"graded.exit_strikes": 1})
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    a = np.flatnonzero(s.kind == PERSON)[0]
    firm = np.flatnonzero(s.kind == FIRM)[0]
    s.has_file[:] = True
    per.detected[[a, firm]] = True
    per.serious[firm] = True
    per.open_findings(per.found)
    per.finding[[a, firm]] = [VOIDED, BLOCKED]
    g.classify()
    m.mechanisms["records"].file()  # the blocked finding is on file all the same
    s.payoff[:] = 0.0
    m.mechanisms["sanctions"].fine()
    g.sanction()
    assert not s.payoff.any() and m.period.fines == 0.0
    assert g.strikes[firm] == 0 and not g.exited(6)[firm]
    assert g.outcomes()["warned_share"] == 0.0
