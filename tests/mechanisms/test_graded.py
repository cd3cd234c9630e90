"""Graded sanctions and market exit (§V(1))."""

import numpy as np
import pytest

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


@pytest.mark.parametrize("ban_end,new_exit", [(5, True), (6, False)])
def test_a_strike_in_the_first_period_after_a_ban_brings_a_new_exit(ban_end, new_exit):
    # t = 5: a ban ending at 5 (its last period was 4) is over; one ending at 6 still holds
    m = _model(**{"graded.exit_strikes": 1, "graded.exit_duration": 3})
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    firm = np.flatnonzero(s.kind == FIRM)[0]
    s.has_file[firm] = True
    g.exit_until[firm] = ban_end
    per.detected[firm] = per.serious[firm] = True
    per.open_findings(per.found)
    g.classify()
    m.mechanisms["records"].file()
    g.sanction()
    assert g.exit_until[firm] == (5 + 3 + 1 if new_exit else ban_end)
    assert g.outcomes()["market_exits"] == (1 / 12 if new_exit else 0.0)


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


# --- tests written against surviving mutants (issue 14, item 7) ---------------------------
#: A schedule away from the defaults: serious share 1/4, serious fine x3, criticism 0.5,
#: fine 2, exit at the second strike for 6 periods (surplus 1.5 where set).
SCHEDULE = {
    "detection.serious_share": 0.25,
    "graded.serious_factor": 3.0,
    "graded.criticism_cost": 0.5,
    "graded.exit_strikes": 2,
    "graded.exit_duration": 6,
    "sanctions.fine": 2.0,
}


def test_a_live_record_is_any_positive_weight_in_any_domain():
    m = _model(**SCHEDULE)
    s, g = m.subjects, m.mechanisms["graded"]
    s.has_file[:] = True
    s.records[:] = 0.0
    s.records[1, 0] = 0.25  # a faded record in the first domain only
    s.records[2, 3] = 0.25  # ... in the last domain only
    s.records[3, 1] = 1.0
    s.has_file[4] = False
    s.records[4, 1] = 1.0  # a record, but no file on which a department sees it
    g.strikes[:] = 3
    g.classify()
    # first offences: 0 (clean file), 4 (no file) and the clean 5..11
    np.testing.assert_array_equal(np.flatnonzero(g.first), [0, *range(4, 12)])
    # strikes lapse where no record is live (4's record is live though it has no file)
    np.testing.assert_array_equal(np.flatnonzero(g.strikes), [1, 2, 3, 4])


def test_expected_change_in_sanction_costs_by_hand():
    m = _model(**SCHEDULE, firm_share=0.5, surplus=1.5)
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    s.has_file[:] = True
    s.records[:] = 0.0
    f_rec_near, f_clean_near, f_rec_far, f_nofile = np.flatnonzero(s.kind == FIRM)[:4]
    p_rec, p_clean, p_nofile = np.flatnonzero(s.kind == PERSON)[:3]
    s.records[[p_rec, f_rec_near, f_rec_far, p_nofile, f_nofile], 2] = 0.5
    s.has_file[[p_nofile, f_nofile]] = False
    g.strikes[[f_rec_near, f_clean_near, f_nofile, p_rec]] = 1  # f_clean_near: lapsed
    # E[factor] - 1 times the fine: 0.75 x (1 repeated or 0 first) + 0.25 x 3 - 1
    repeat = (0.75 * 1 + 0.25 * 3 - 1) * 2.0  # 1.0
    first = (0.75 * 0 + 0.25 * 3 - 1) * 2.0 + 0.75 * 0.5  # -0.5, plus criticism 0.375
    exit_term = 0.25 * 6 * 2 * 1.5  # serious share x periods out x (own + partner) surplus
    cost = g.false_finding_cost()
    assert cost[p_rec] == pytest.approx(repeat)  # persons never exit
    assert cost[p_clean] == pytest.approx(first)
    assert cost[p_nofile] == pytest.approx(first)  # a record no department sees
    assert cost[f_nofile] == pytest.approx(first)  # no file: no strike, no exit ahead
    assert cost[f_rec_far] == pytest.approx(repeat)  # two strikes from exit
    assert cost[f_rec_near] == pytest.approx(repeat + exit_term)
    assert cost[f_clean_near] == pytest.approx(first)  # its strike lapsed with its records
    # deterrence weighs the same change by the detection probability the actor expects
    per.p_detect[:] = np.linspace(0.0, 0.55, 12, dtype=np.float32)
    np.testing.assert_allclose(g.deterrence(), cost * per.p_detect, rtol=1e-6)


def test_without_fines_the_schedule_changes_only_criticism_and_exit():
    kw = {k: v for k, v in SCHEDULE.items() if k != "sanctions.fine"}
    m = _model(**{**kw, "sanctions.enabled": False, "graded.exit_strikes": 1})
    s, g = m.subjects, m.mechanisms["graded"]
    s.has_file[:] = True
    s.records[:] = 0.0
    s.records[2, 0] = 1.0
    expected = np.where(np.arange(12) == 2, 0.0, 0.75 * 0.5)
    expected[s.kind == FIRM] += 0.25 * 6 * 2  # one strike from exit at exit_strikes 1
    np.testing.assert_allclose(g.false_finding_cost(), expected)


@pytest.mark.parametrize("duration,periods", [(119, 119), (120, 120), (121, 120), (1200, 120)])
def test_an_exit_is_valued_over_at_most_the_ten_year_horizon(duration, periods):
    m = _model(**{**SCHEDULE, "graded.exit_strikes": 1, "graded.exit_duration": duration})
    s, g = m.subjects, m.mechanisms["graded"]
    s.has_file[:] = True
    s.records[:] = 1.0  # every minor finding a repeat: the fine term is 1.0
    firm = np.flatnonzero(s.kind == FIRM)[0]
    assert g.false_finding_cost()[firm] == pytest.approx(1.0 + 0.25 * periods * 2)


def test_an_exited_subject_0_is_barred_as_partner_too():
    m = _model()
    per, g = m.period, m.mechanisms["graded"]
    per.partner[:] = np.arange(1, 13) % 12  # subject 11 deals with subject 0
    per.attempted[:] = True
    g.exit_until[0] = 6  # out of the market in period 5 only
    g.bar()
    np.testing.assert_array_equal(np.flatnonzero(~per.attempted), [0, 11])


def test_a_serious_strike_short_of_the_limit_counts_but_does_not_exit():
    m = _model(**{"graded.exit_strikes": 3})
    s, per, g = m.subjects, m.period, m.mechanisms["graded"]
    firm = np.flatnonzero(s.kind == FIRM)[0]
    s.has_file[firm] = True
    s.records[firm, 1] = 1.0
    g.strikes[firm] = 1
    per.detected[firm] = per.serious[firm] = True
    per.open_findings(per.found)
    g.classify()
    m.mechanisms["records"].file()
    g.sanction()
    assert g.strikes[firm] == 2
    assert not g.exited(6)[firm] and g.outcomes()["market_exits"] == 0.0


def test_a_new_identity_has_no_strikes_and_no_ban():
    m = _model(firm_share=0.5)
    g = m.mechanisms["graded"]
    a, b, c = np.flatnonzero(m.subjects.kind == FIRM)[:3]
    g.strikes[[a, b, c]] = [1, 2, 2]
    g.exit_until[[a, b, c]] = [3, 40, 40]  # a's ban ended in period 2
    g.forget(np.array([a, b]))  # in period 5
    assert g.strikes[a] == 0 and g.strikes[b] == 0 and g.strikes[c] == 2
    assert not g.exited(5)[[a, b]].any() and g.exited(5)[c]
    assert g.exited(2)[a] and not g.exited(3)[a]  # an ended ban is left as it was


def test_abolishing_graded_sanctions_ends_market_exits_before_the_coming_period():
    m = hand_model({"graded.enabled": True, "graded.exit_duration": 12}, n=12)
    g = m.mechanisms["graded"]
    firms = np.flatnonzero(m.subjects.kind == FIRM)
    m.t = 8  # the coming period
    g.exit_until[firms] = [30, 4]  # one ban running, one ended in period 3
    m.set("graded.enabled", False)
    np.testing.assert_array_equal(g.exit_until[firms], [8, 4])
    assert g.exited(7)[firms[0]] and not g.exited(8).any()
    assert g.outcomes() == {"market_exits": 0.0, "exited_share": 0.0, "warned_share": 0.0}


def test_strikes_that_have_lapsed_bring_no_exit_nearer():
    # a firm's every record expired at the last ageing: its strike is reset before its
    # next finding counts (classify), so that finding cannot be its second strike
    kw = {"graded.exit_strikes": 2, "graded.criticism_cost": 0.0, "sanctions.enabled": False}
    m = _model(**kw, firm_share=0.5)
    s, g = m.subjects, m.mechanisms["graded"]
    lapsed, live = np.flatnonzero(s.kind == FIRM)[:2]
    s.has_file[[lapsed, live]] = True
    s.records[:] = 0.0
    s.records[live, 1] = 1.0
    g.strikes[[lapsed, live]] = 1
    exit_term = 0.1 * 36 * 2 * 1.0  # default serious share, duration and surplus
    before = g.false_finding_cost()
    assert before[lapsed] == 0.0 and before[live] == pytest.approx(exit_term)
    g.classify()
    assert g.strikes[lapsed] == 0
    np.testing.assert_array_equal(g.false_finding_cost(), before)  # as anticipated
