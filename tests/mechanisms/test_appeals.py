"""Appeals: objections decided by offices with capacity and delay, later corrections,
a second instance, liability (§V(2), §V(4))."""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.mechanisms.appeals import Appeals
from model.period import OBJECTED, STANDS, UNDER_REVIEW, VOIDED, Period
from model.population import FIRM
from tests.helpers import clearly_greater, late_mean, off_changes_nothing, run

#: Every false record noticed, objected to and upheld; every subject covered; one region;
#: every serious business finding listed; everyone can pay (ability to pay has its own tests).
SURE = {
    "appeals.enabled": True,
    "appeals.success": 1.0,
    "appeals.propensity": 1.0,
    "appeals.awareness": 1.0,
    "records.coverage": 1.0,
    "blacklist.scope_business": 1.0,
    "blacklist.person_scope": 1.0,
    "means.enabled": False,
}
TERM = 36  # blacklist.term_business


def _model(n=10, t=5, **kw):
    m = CreditSystemModel(rng=2, n_subjects=n, n_regions=1, **{**SURE, **kw})
    m.period = Period.new(t, n)
    m.subjects.payoff[:] = 0.0
    return m


def _finding(m, i, *, false=True, serious=True, domain=1):
    per = m.period
    per.transacted[i] = True
    per.honest[i] = false
    per.false_record[i] = false
    per.detected[i] = not false
    per.serious[i] = serious
    per.domain[i] = domain
    per.open_findings(per.found)


def _ledger_steps(m):
    """The ledger part of STEP_ORDER, from objections to noting what waits."""
    mech = m.mechanisms
    mech["appeals"].object()
    mech["records"].file()
    mech["sanctions"].fine()
    mech["blacklist"].update()
    mech["appeals"].docket()


def _next_period(m):
    """Age records as the end of a period does and open the next period."""
    m.mechanisms["records"].age()
    m.period = Period.new(m.period.t + 1, m.subjects.n)
    m.subjects.payoff[:] = 0.0


# --- the limiting case: the one-shot procedure of earlier versions -------------------------
def _old_object(self):
    """The one-shot rule as it was (commit 33bd480): the reference for the limiting case."""
    m = self.model
    s, per = m.subjects, m.period
    n = s.n
    u_object = self.rng.random(n)
    u_success = self.rng.random(n)
    p = self.p
    open_ = per.sanctionable & s.has_file
    false_obj = open_ & per.false_record & (u_object < p.awareness * p.propensity)
    true_obj = open_ & per.detected & (u_object < p.contest_true)
    upheld = (false_obj & (u_success < p.success)) | (true_obj & (u_success < p.true_success))
    per.mark(upheld, VOIDED)
    self._filed = int(np.count_nonzero(false_obj) + np.count_nonzero(true_obj))
    self._upheld = int(np.count_nonzero(upheld))
    self._upheld_true = int(np.count_nonzero(upheld & true_obj))


def _old_deterrence(self):
    q = self.p.contest_true * self.p.true_success
    if q <= 0.0:
        return 0.0
    escaped = 0.0
    for name in ("sanctions", "blacklist"):
        mech = self.model.mechanisms[name]
        if mech.enabled:
            escaped = escaped + mech.deterrence()
    return -q * escaped


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"appeals.success": 0.8, "appeals.contest_true": 0.3, "appeals.true_success": 0.2},
        {"appeals.propensity": 0.9, "whistleblower.enabled": True, "repair.enabled": True},
    ],
)
def test_unlimited_capacity_no_delay_no_cost_reproduces_the_one_shot_rule(monkeypatch, extra):
    params = {
        "n_subjects": 1500,
        "appeals.enabled": True,
        "detection.false_record_rate": 0.05,
        "appeals.capacity": 1000.0,
        "appeals.delay": 0,
        "appeals.cost": 0.0,
        **extra,
    }
    new = CreditSystemModel(rng=11, **params)
    new.run_for(25)
    monkeypatch.setattr(Appeals, "object", _old_object)
    monkeypatch.setattr(Appeals, "deterrence", _old_deterrence)
    old = CreditSystemModel(rng=11, **params)
    old.run_for(25)
    a, b = new.results(), old.results()
    assert (a["appeals_upheld"] > 0).any()
    # the columns the old rule had, and everything the model computes from them
    queue_only = ["appeals_decided", "objection_delay_mean", "reviews_filed", "state_cost"]
    queue_only += [c for c in a if c.startswith("state_cost_") or c == "net_welfare"]
    pd.testing.assert_frame_equal(a.drop(columns=queue_only), b.drop(columns=queue_only))
    np.testing.assert_array_equal(new.subjects.wealth, old.subjects.wealth)


def test_off_means_off_with_parameters_moved():
    base = off_changes_nothing(
        {
            "appeals.success": 1.0,
            "appeals.contest_true": 0.5,
            "appeals.true_success": 0.5,
            "appeals.capacity": 1.0,
            "appeals.delay": 3,
            "appeals.second_propensity": 1.0,
            "appeals.liability": 5.0,
            "appeals.care_response": True,
        }
    )
    counts = [
        "appeals_filed",
        "appeals_upheld",
        "appeals_upheld_true",
        "appeals_decided",
        "reviews_filed",
        "objection_backlog",
        "review_backlog",
    ]
    assert (base[counts] == 0.0).all().all() and base["objection_delay_mean"].isna().all()


# --- decided at once: voided before anything is charged ------------------------------------
def test_upheld_at_once_is_never_recorded_fined_or_listed():
    m = _model()
    _finding(m, 3)
    _finding(m, 6, false=False)  # a true record: nobody contests it by default
    _ledger_steps(m)
    s, per = m.subjects, m.period
    assert per.finding[3] == VOIDED and per.finding[6] == STANDS
    assert s.records[3].sum() == 0 and s.last_record[3] == -1 and not s.listed(6)[3]
    assert s.payoff[3] == 0.0 and per.fined[3] == 0.0
    assert s.records[6, 1] == 3.0 and s.listed(6)[6] and s.payoff[6] == -3.0
    assert per.fines == 3.0
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_filed"] == 0.1 and out["appeals_upheld"] == 0.1
    assert out["appeals_decided"] == 0.1 and out["objection_delay_mean"] == 0.0


def test_rejected_objection_leaves_the_finding_standing():
    m = _model(**{"appeals.success": 0.0})
    _finding(m, 3)
    _ledger_steps(m)
    s = m.subjects
    assert m.period.finding[3] == STANDS
    assert s.records[3, 1] == 3.0 and s.false_records[3, 1] == 3.0 and s.listed(6)[3]
    assert len(m.mechanisms["appeals"].queue["who"]) == 0  # a rejection is final


# --- waiting, and the later correction ----------------------------------------------------
def test_waiting_objection_stands_then_is_corrected_at_the_later_period_by_hand():
    m = _model(**{"appeals.delay": 2})
    s = m.subjects
    s.last_record[3] = 1
    s.records[3, 1] = 0.5
    _finding(m, 3)  # period 5
    _ledger_steps(m)
    per = m.period
    # it stands while it waits: recorded, fined, listed from period 6 for 36 periods
    assert per.finding[3] == OBJECTED
    assert s.records[3, 1] == np.float32(3.5) and s.payoff[3] == -3.0
    assert s.listed_until[1, 3] == 5 + 1 + TERM and s.wrong_listing[1, 3]
    out = m.mechanisms["appeals"].outcomes()
    assert out["objection_backlog"] == 0.1 and np.isnan(out["objection_delay_mean"])
    _next_period(m)  # period 6: not yet due
    _ledger_steps(m)
    assert s.listed(7)[3] and m.mechanisms["appeals"].outcomes()["appeals_decided"] == 0.0
    _next_period(m)  # period 7: due, upheld
    _ledger_steps(m)
    decay = 0.5 ** (1 / 12)
    # what is left of the earlier record: 0.5 aged twice; the false record is erased
    assert s.records[3, 1] == pytest.approx(0.5 * decay**2, rel=1e-6)
    assert s.false_records[3, 1] == 0.0
    assert s.last_record[3] == 1  # the file's latest record is the one before
    assert s.listed_until[1, 3] == 8  # listed in periods 6 and 7 only
    assert s.payoff[3] == 3.0  # the fine paid in period 5, refunded in period 7
    acc = m.period.accounts
    assert acc.revenue["refunds"] == -3.0 and acc.revenue["fines"] == 0.0
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_upheld"] == 0.1 and out["appeals_decided"] == 0.1
    assert out["objection_delay_mean"] == 2.0 and out["objection_backlog"] == 0.0


@pytest.mark.parametrize("delay", [0, 1, 4])
def test_a_decision_comes_exactly_delay_periods_after_filing(delay):
    m = _model(**{"appeals.delay": delay})
    _finding(m, 3)
    _ledger_steps(m)
    decided_at = 5 if m.period.finding[3] == VOIDED else None
    for _ in range(6):
        if decided_at is not None:
            break
        _next_period(m)
        _ledger_steps(m)
        if m.mechanisms["appeals"].outcomes()["appeals_decided"] > 0:
            decided_at = m.period.t
    assert decided_at == 5 + delay


def test_outcomes_of_two_decisions_and_an_upheld_true_record_by_hand():
    # two objections filed in period 5 (one false record, one true finding contested),
    # both decided two periods later and upheld
    kw = {"appeals.delay": 2, "appeals.contest_true": 1.0, "appeals.true_success": 1.0}
    m = _model(**kw)
    _finding(m, 3)
    _finding(m, 4, false=False)
    _ledger_steps(m)
    for _ in range(2):
        _next_period(m)
        _ledger_steps(m)
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_decided"] == 0.2 and out["appeals_upheld"] == 0.2
    assert out["appeals_upheld_true"] == 0.1 and out["objection_delay_mean"] == 2.0


def test_abolishing_objections_lapses_the_queue_and_ends_the_care_response():
    kw = {"appeals.delay": 3, "appeals.liability": 2.0, "appeals.care_response": True}
    m = _model(**kw)
    _finding(m, 3)
    _ledger_steps(m)
    _next_period(m)
    m.mechanisms["detection"].set_care(2.0)  # as a response to earlier liability would
    m.set("appeals.enabled", False)
    assert m.mechanisms["detection"].care() == 1.0
    assert len(m.mechanisms["appeals"].queue["who"]) == 0


@pytest.mark.parametrize("case", ["ended", "another decision"])
def test_the_second_instance_weighs_only_what_the_finding_s_own_listing_has_to_run(case):
    # rejected at first instance in period 8; the relief at second instance is the fine
    # paid, 3, times its success 0.5, and nothing for a listing: the finding's own listing
    # has ended (a term of 1 period), or the listing in force is another decision's
    kw = {
        "appeals.delay": 3,
        "appeals.success": 0.0,
        "appeals.second_propensity": 1.0,
        "appeals.second_success": 0.5,
        "appeals.second_delay": 2,
        "appeals.second_cost": 1.5 + 0.01,
        "blacklist.cost": 0.5,
    }
    if case == "ended":
        m = _model(**kw, **{"blacklist.term_business": 1})
        _finding(m, 3)
    else:
        m = _model(**kw)
        m.subjects.listed_until[1, 3] = 40  # an earlier decision's listing
        _finding(m, 3, serious=False)
    _ledger_steps(m)
    for _ in range(3):
        _next_period(m)
        _ledger_steps(m)
    out = m.mechanisms["appeals"].outcomes()
    assert out["appeals_decided"] == 0.1 and out["reviews_filed"] == 0.0


def test_with_records_switched_off_an_upheld_objection_erases_nothing():
    # files stay open but nothing is written to them: the finding objected to left no
    # record, and upholding the objection takes nothing off the file
    m = _model(**{"appeals.delay": 1})
    m.set("records.enabled", False)
    s, mech = m.subjects, m.mechanisms
    s.records[3, 1] = 2.0
    s.last_record[3] = 1

    def steps():
        for name, method in (("appeals", "object"), ("sanctions", "fine"), ("appeals", "docket")):
            getattr(mech[name], method)()

    _finding(m, 3)
    steps()
    m.period = Period.new(6, s.n)
    steps()
    assert mech["appeals"].outcomes()["appeals_upheld"] == 0.1
    assert s.records[3, 1] == 2.0 and s.last_record[3] == 1


def test_renewal_falls_back_to_the_earlier_listing_when_annulled():
    m = _model(**{"appeals.delay": 1})
    s = m.subjects
    s.listed_until[1, [3, 4]] = [20, 6]  # 3 listed until 20 (true record), 4 until 6
    _finding(m, 3)
    _finding(m, 4)
    _ledger_steps(m)
    assert s.listed_until[1, 3] == s.listed_until[1, 4] == 5 + 1 + TERM
    _next_period(m)
    _ledger_steps(m)
    assert s.listed_until[1, 3] == 20 and not s.wrong_listing[1, 3]  # the earlier listing
    assert s.listed_until[1, 4] == 7  # nothing earlier in force: ends now


def test_a_listing_renewed_since_rests_on_the_later_finding_and_stands():
    m = _model(**{"appeals.delay": 2, "appeals.propensity": 1.0})
    s = m.subjects
    _finding(m, 3)  # period 5: false, objected
    _ledger_steps(m)
    _next_period(m)
    _finding(m, 3, false=False)  # period 6: a true finding renews the listing
    _ledger_steps(m)
    renewed = s.listed_until[1, 3]
    assert renewed == 6 + 1 + TERM
    _next_period(m)
    _ledger_steps(m)  # period 7: the objection to the period-5 finding is upheld
    assert s.listed_until[1, 3] == renewed
    assert s.last_record[3] == 6  # the later record stays the latest


def test_two_findings_annulled_in_one_period_are_undone_latest_first():
    m = _model(**{"appeals.delay": 3})
    s, app = m.subjects, m.mechanisms["appeals"]
    _finding(m, 3)  # period 5: lists until 42
    _ledger_steps(m)
    _next_period(m)
    _finding(m, 3)  # period 6: renews until 43
    _ledger_steps(m)
    app.queue["due"][:] = 7  # both decided in period 7
    _next_period(m)
    _ledger_steps(m)
    assert s.listed_until[1, 3] == 8 and s.last_record[3] == -1 and s.records[3].sum() == 0
    assert m.mechanisms["appeals"].outcomes()["appeals_upheld"] == 0.1 * 2


def test_an_erased_record_beside_another_leaves_the_other_exactly():
    m = _model(**{"appeals.delay": 30})
    s = m.subjects
    _finding(m, 3, serious=False)  # weight 1, period 5
    _ledger_steps(m)
    for _ in range(29):
        _next_period(m)
        if m.period.t == 20:
            _finding(m, 3, false=False)  # a true serious record in period 20
        _ledger_steps(m)
    _next_period(m)  # period 35: the objection to the period-5 record is upheld
    before = float(s.records[3, 1])
    _ledger_steps(m)
    decay = 0.5 ** (1 / 12)
    assert before == pytest.approx(1 * decay**30 + 3 * decay**15, rel=1e-5)
    assert s.records[3, 1] == pytest.approx(3 * decay**15, rel=1e-5)


def test_liability_is_for_false_records_only():
    kw = {"appeals.contest_true": 1.0, "appeals.true_success": 1.0, "appeals.liability": 2.0}
    m = _model(**{**kw, "appeals.delay": 1})
    _finding(m, 3, false=False)
    _finding(m, 4)
    _ledger_steps(m)
    _next_period(m)
    _ledger_steps(m)
    assert m.mechanisms["appeals"].outcomes()["appeals_upheld"] == 0.2
    assert m.period.accounts.paid["liability"] == 2.0


def test_offices_decide_oldest_first_within_capacity_by_hand():
    # 10 subjects in one region, 100 per 1,000: one decision per period
    m = _model(**{"appeals.capacity": 100.0})
    for i in (1, 2, 3):
        _finding(m, i)
    _ledger_steps(m)
    per, app = m.period, m.mechanisms["appeals"]
    voided = np.flatnonzero(per.finding == VOIDED)
    assert len(voided) == 1 and (per.finding[[1, 2, 3]] != STANDS).all()
    waiting = list(app.queue["who"])
    assert len(waiting) == 2 and app.outcomes()["objection_backlog"] == 0.2
    _next_period(m)
    _finding(m, 7)  # a new objection queues behind the two old ones
    _ledger_steps(m)
    assert m.period.finding[7] == OBJECTED
    assert list(app.queue["who"]) == [waiting[1], 7]
    _next_period(m)
    _ledger_steps(m)
    assert list(app.queue["who"]) == [7]
    assert app.outcomes()["objection_delay_mean"] == 2.0


def test_backlog_grows_by_the_inflow_less_the_capacity():
    # 2,000 subjects in one region at 1 decision per period per 1,000: 2 decisions a period
    df = run(
        5,
        periods=30,
        n_subjects=2000,
        n_regions=1,
        **{
            "appeals.enabled": True,
            "appeals.capacity": 1.0,
            "detection.false_record_rate": 0.1,
        },
    )
    n = 2000
    filed = np.rint(df["appeals_filed"] * n)
    decided = np.rint(df["appeals_decided"] * n)
    backlog = np.rint(df["objection_backlog"] * n)
    assert (filed > 2).all() and (decided == 2).all()
    np.testing.assert_array_equal(np.diff(backlog), filed[1:].to_numpy() - 2)
    rate = (backlog.iloc[-1] - backlog.iloc[0]) / (len(df) - 1)
    assert rate == pytest.approx(filed[1:].mean() - 2.0)


def test_capacity_zero_decides_nothing():
    df = run(
        5,
        periods=10,
        n_subjects=1000,
        **{"appeals.enabled": True, "appeals.capacity": 0.0, "detection.false_record_rate": 0.05},
    )
    assert (df["appeals_decided"] == 0).all() and (df["appeals_upheld"] == 0).all()
    np.testing.assert_allclose(df["objection_backlog"], df["appeals_filed"].cumsum())


def test_fractional_capacity_is_carried_over():
    m = _model(n=10, **{"appeals.capacity": 150.0})  # 1.5 decisions a period
    office = m.mechanisms["appeals"].offices[0]
    assert [office.quota() for _ in range(4)] == [1.0, 2.0, 1.0, 2.0]


# --- what is refunded, second instance, cost, liability, care -----------------------------
def test_refund_is_the_fine_actually_paid():
    m = _model(**{"appeals.delay": 1, "graded.enabled": True, "graded.serious_factor": 2.0})
    _finding(m, 3)  # serious: fined 2 x 3
    m.mechanisms["graded"].classify()
    _ledger_steps(m)
    assert m.subjects.payoff[3] == -6.0
    _next_period(m)
    _ledger_steps(m)
    assert m.subjects.payoff[3] == 6.0 and m.period.accounts.revenue["refunds"] == -6.0


def test_blocked_finding_waiting_is_refunded_nothing_and_its_record_erased():
    m = _model(**{"appeals.delay": 1, "government.enabled": True, "government.protectionism": 1.0})
    m.mechanisms["government"].governments[0].integrity = 0.0
    s = m.subjects
    firm = int(np.flatnonzero(s.kind == 1)[0])
    _finding(m, firm)
    m.mechanisms["appeals"].object()
    m.mechanisms["government"].mark()
    m.mechanisms["records"].file()
    m.mechanisms["sanctions"].fine()
    m.mechanisms["blacklist"].update()
    m.mechanisms["appeals"].docket()
    assert m.period.finding[firm] == 4 and s.records[firm, 1] == 3.0
    assert s.payoff[firm] == 0.0 and not s.listed(6)[firm]
    _next_period(m)
    _ledger_steps(m)
    assert s.records[firm, 1] == 0.0 and s.payoff[firm] == 0.0


def test_second_instance_decides_later_at_its_cost_and_success():
    kw = {
        "appeals.success": 0.0,
        "appeals.second_propensity": 1.0,
        "appeals.second_success": 1.0,
        "appeals.second_delay": 2,
        "appeals.second_cost": 0.5,
    }
    m = _model(**kw)
    _finding(m, 3)
    _ledger_steps(m)
    s, app = m.subjects, m.mechanisms["appeals"]
    # rejected at once, taken further: it stands, under review, and the cost is paid
    assert m.period.finding[3] == UNDER_REVIEW
    assert s.payoff[3] == -0.5 - 3.0 and s.listed(6)[3]
    assert app.outcomes()["review_backlog"] == 0.1 and app.outcomes()["reviews_filed"] == 0.1
    assert app.outcomes()["objection_backlog"] == 0.0  # it waits at second instance only
    _next_period(m)
    _ledger_steps(m)
    assert s.listed(7)[3]
    _next_period(m)
    _ledger_steps(m)  # period 7: upheld at second instance
    assert s.listed_until[1, 3] == 8 and s.payoff[3] == 3.0 and s.records[3].sum() == 0
    assert m.period.accounts.volume["reviews"] == 1


def test_second_instance_without_delay_voids_before_charging():
    kw = {"appeals.success": 0.0, "appeals.second_propensity": 1.0, "appeals.second_delay": 0}
    m = _model(**{**kw, "appeals.second_success": 1.0, "appeals.second_cost": 0.0})
    _finding(m, 3)
    _ledger_steps(m)
    assert m.period.finding[3] == VOIDED and m.subjects.records[3].sum() == 0


@pytest.mark.parametrize(
    "success,cost,objects",
    [
        (0.5, 1.4, True),
        (0.5, 1.5, True),
        (0.5, 1.6, False),
        (0.125, 0.25, True),
        (0.125, 0.5, False),
    ],
)
def test_objecting_only_when_the_expected_relief_covers_the_cost(success, cost, objects):
    # a minor false finding: the relief is the fine, 3, times the success (1.5, 0.375);
    # a relief equal to the cost is worth the objection
    m = _model(**{"appeals.success": success, "appeals.cost": cost})
    _finding(m, 3, serious=False)
    m.mechanisms["appeals"].object()
    assert m.mechanisms["appeals"].outcomes()["appeals_filed"] == (0.1 if objects else 0.0)
    assert m.subjects.payoff[3] == np.float32(-cost if objects else 0.0)


@pytest.mark.parametrize(
    "success,second_cost,goes_on",
    [(0.5, 0.5, True), (0.5, 1.5, True), (0.5, 1.625, False), (0.125, 0.5, False)],
)
def test_a_second_instance_only_when_its_relief_covers_its_cost(success, second_cost, goes_on):
    # rejected at first instance; the relief at second instance is the fine, 3, times its
    # success: 1.5 or 0.375 (a minor finding: no listing)
    kw = {
        "appeals.success": 0.0,
        "appeals.second_propensity": 1.0,
        "appeals.second_success": success,
        "appeals.second_delay": 2,
        "appeals.second_cost": second_cost,
    }
    m = _model(**kw)
    _finding(m, 3, serious=False)
    m.mechanisms["appeals"].object()
    assert m.mechanisms["appeals"].outcomes()["reviews_filed"] == (0.1 if goes_on else 0.0)
    assert m.subjects.payoff[3] == np.float32(-second_cost if goes_on else 0.0)


@pytest.mark.parametrize("second_delay", [0, 1, 2])
def test_a_waiting_objection_rejected_goes_on_to_the_second_instance(second_delay):
    kw = {
        "appeals.delay": 1,
        "appeals.success": 0.0,
        "appeals.second_propensity": 1.0,
        "appeals.second_success": 1.0,
        "appeals.second_delay": second_delay,
    }
    m = _model(**kw)
    s, app = m.subjects, m.mechanisms["appeals"]
    _finding(m, 3)  # period 5: waits
    _ledger_steps(m)
    assert m.period.finding[3] == OBJECTED
    ends = {}
    for t in range(6, 10):  # rejected at first instance in period 6, taken further
        _next_period(m)
        _ledger_steps(m)
        out = app.outcomes()
        if t == 6:
            # (upheld at once at second instance when it has no delay)
            assert out["appeals_decided"] == 0.1 and out["reviews_filed"] == 0.1
            assert out["appeals_upheld"] == (0.1 if second_delay == 0 else 0.0)
        ends[t] = int(s.listed_until[1, 3])
    # upheld at second instance second_delay periods later: the listing ends then
    decided = 6 + second_delay
    assert ends[decided] == decided + 1
    assert all(ends[t] == 42 for t in ends if t < decided)


@pytest.mark.parametrize("margin,objects", [(-0.01, True), (0.01, False)])
def test_the_relief_of_objecting_counts_the_listing_at_its_scope_and_a_fine_one_can_pay(
    margin, objects
):
    # a serious false finding: success 0.5 times (the fine, 3, if the subject can pay it,
    # plus the listing's cost at the department's scope 0.5)
    from model import listings

    kw = {"appeals.success": 0.5, "blacklist.scope_business": 0.5}
    for can_pay in (True, False):
        means = {} if can_pay else {"means.enabled": True, "means.protected": 10.0}
        m = _model(**kw, **means)
        _finding(m, 3)
        fine = 3.0 if can_pay else 0.0
        relief = 0.5 * (fine + 0.5 * listings.cost_of_new_listing(m, 1, TERM)[3])
        m.set("appeals.cost", float(relief + margin))
        m.mechanisms["appeals"].object()
        filed = m.mechanisms["appeals"].outcomes()["appeals_filed"]
        assert filed == (0.1 if objects else 0.0), (can_pay, relief)


@pytest.mark.parametrize("margin,goes_on", [(-0.01, True), (0.01, False)])
def test_after_a_wait_the_second_instance_weighs_what_was_charged(margin, goes_on):
    # once charged, the relief is the fine paid and the listing's periods still to run:
    # in period 6, the listing decided in period 5 (until 42) has 35 periods left
    from model import listings

    kw = {
        "appeals.delay": 1,
        "appeals.success": 0.0,
        "appeals.second_propensity": 1.0,
        "appeals.second_success": 0.5,
        "appeals.second_delay": 2,
    }
    m = _model(**kw)
    status = listings.status_cost(m)
    status = status[3] if np.ndim(status) else status
    relief = 0.5 * (3.0 + (listings.own_cost(m)[1] + status) * 35)
    m.set("appeals.second_cost", float(relief + margin))
    _finding(m, 3)  # period 5: waits; fined and listed meanwhile
    _ledger_steps(m)
    assert m.subjects.listed_until[1, 3] == 42
    _next_period(m)  # period 6: rejected at first instance
    _ledger_steps(m)
    assert m.mechanisms["appeals"].outcomes()["reviews_filed"] == (0.1 if goes_on else 0.0)


@pytest.mark.parametrize("liability,compensation", [(2.0, 1.5), (0.5, 0.25)])
def test_liability_compensation_and_care_by_hand(liability, compensation):
    kw = {
        "appeals.delay": 1,
        "appeals.liability": liability,
        "appeals.compensation": compensation,
        "appeals.care_response": True,
        "appeals.care_elasticity": 0.5,
        "detection.false_record_rate": 0.04,
    }
    m = _model(**kw)
    m.mechanisms["appeals"].docket()  # no false finding yet: care stays 1
    assert m.mechanisms["detection"].care() == 1.0
    _finding(m, 3)
    _finding(m, 4)
    _ledger_steps(m)  # 2 false findings, none overturned yet: care stays 1
    det = m.mechanisms["detection"]
    assert det.care() == 1.0
    _next_period(m)
    _ledger_steps(m)  # both upheld: liability and compensation for each
    acc = m.period.accounts
    assert acc.paid["liability"] == 2 * liability
    assert acc.paid["compensation"] == 2 * compensation
    assert m.subjects.payoff[3] == 3.0 + compensation
    # r = 2 overturned / 2 false findings; care = 1 + 0.5 * (2 + 1.5) * 1 (or 0.5 + 0.25)
    care = 1.0 + 0.5 * (liability + compensation)
    assert det.care() == pytest.approx(care)
    assert det.false_record_rate() == pytest.approx(0.04 / care)
    assert det.p.false_record_rate == 0.04  # the parameter is the detection mechanism's
    # care is paid for: every finding costs care times the unit cost
    _next_period(m)
    _finding(m, 5, false=False)
    m.period.p_detect[:] = 1.0
    det.monitor()
    assert m.period.found.sum() >= 1
    assert m.period.accounts.volume["findings"] == pytest.approx(care * m.period.found.sum())


def test_without_care_response_departments_take_no_more_care():
    kw = {"appeals.delay": 1, "appeals.liability": 2.0, "appeals.care_response": False}
    m = _model(**kw)
    _finding(m, 3)
    _ledger_steps(m)
    _next_period(m)
    _ledger_steps(m)  # upheld: liability paid, but care is not a response here
    assert m.period.accounts.paid["liability"] == 2.0
    assert m.mechanisms["detection"].care() == 1.0


def test_an_objection_to_a_minor_finding_leaves_a_listing_made_via_the_firm():
    # the representative's listing comes from its firm's finding, not from its own minor
    # one: upholding its objection does not annul it
    m = _model(**{"appeals.delay": 1})
    s = m.subjects
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    rep = int(s.representative[firm])
    from model import listings

    listings.place(s, np.array([firm]), 1, 40, False, True)
    assert s.via_firm[1, rep] and s.listed_until[1, rep] == 40
    _finding(m, rep, serious=False)
    _ledger_steps(m)
    _next_period(m)
    _ledger_steps(m)  # upheld: the fine refunded, the via-firm listing stands
    assert m.mechanisms["appeals"].outcomes()["appeals_upheld"] == 0.1
    assert s.listed_until[1, rep] == 40 and s.payoff[rep] == 3.0


def test_deterrence_with_contest_second_instance_and_costs_by_hand():
    kw = {
        "appeals.contest_true": 0.5,
        "appeals.true_success": 0.4,
        "appeals.second_propensity": 0.5,
        "appeals.second_true_success": 0.2,
        "appeals.cost": 0.1,
        "appeals.second_cost": 0.5,
    }
    m = _model(**kw)
    m.period.p_detect[:] = 0.3
    mech = m.mechanisms
    escaped = mech["sanctions"].deterrence() + mech["blacklist"].deterrence()
    q = 0.5 * (0.4 + 0.6 * 0.5 * 0.2)
    fees = 0.5 * (0.1 + 0.6 * 0.5 * 0.5)
    np.testing.assert_allclose(mech["appeals"].deterrence(), -q * escaped + 0.3 * fees)
    assert _model().mechanisms["appeals"].deterrence() == 0.0
    # contests that never succeed still cost their fees: 0.3 * 0.5 * 0.5
    hopeless = _model(**{"appeals.contest_true": 0.5, "appeals.true_success": 0.0})
    hopeless.set("appeals.cost", 0.5)
    hopeless.period.p_detect[:] = 0.3
    np.testing.assert_allclose(hopeless.mechanisms["appeals"].deterrence(), 0.075, rtol=1e-6)


@pytest.mark.parametrize("cost,second_cost", [(0.0, 0.0), (0.1, 0.5)])
def test_false_finding_cost_net_of_objections_by_hand(cost, second_cost):
    # an honest actor with a file escapes the fine and the listing with the chance that
    # its objection succeeds at first or second instance, and pays the fees; free
    # objections still relieve it (the relief does not hinge on a fee)
    kw = {
        "appeals.awareness": 0.5,
        "appeals.propensity": 0.8,
        "appeals.success": 0.5,
        "appeals.second_propensity": 0.5,
        "appeals.second_success": 0.2,
        "appeals.cost": cost,
        "appeals.second_cost": second_cost,
        "records.coverage": 0.5,
    }
    m = _model(n=40, **kw)
    mech = m.mechanisms
    escaped = mech["sanctions"].false_finding_cost() + mech["blacklist"].false_finding_cost()
    assert np.all(escaped > 0)
    objects = 0.5 * 0.8
    q = objects * (0.5 + 0.5 * 0.5 * 0.2)
    fees = objects * (cost + 0.5 * 0.5 * second_cost)
    has_file = m.subjects.has_file
    assert has_file.any() and not has_file.all()
    np.testing.assert_allclose(
        mech["appeals"].false_finding_cost(), np.where(has_file, fees - q * escaped, 0.0)
    )
    # nobody who knows of the objection: no relief and no fee
    assert _model(**{"appeals.awareness": 0.0}).mechanisms["appeals"].false_finding_cost() == 0.0
    # objections that never succeed still cost their fees: 0.4 * 0.5
    hopeless = _model(n=40, **{**kw, "appeals.success": 0.0, "appeals.second_success": 0.0})
    hopeless.set("appeals.cost", 0.5)
    hopeless.set("appeals.second_cost", 0.0)
    np.testing.assert_allclose(
        hopeless.mechanisms["appeals"].false_finding_cost(),
        np.where(hopeless.subjects.has_file, 0.2, 0.0),
    )
    # free contests by the guilty lower deterrence by what they escape
    free = _model(**{"appeals.contest_true": 0.5, "appeals.true_success": 0.4})
    free.period.p_detect[:] = 0.3
    fm = free.mechanisms
    escaped = fm["sanctions"].deterrence() + fm["blacklist"].deterrence()
    np.testing.assert_allclose(fm["appeals"].deterrence(), -0.5 * 0.4 * escaped)


# --- statistics over runs ------------------------------------------------------------------
def test_appeals_reduce_wrongful_listings():
    # a quarter of false findings are voided (propensity 0.5 x success 0.5)
    noisy = {"detection.false_record_rate": 0.1, "n_subjects": 4000}
    off = late_mean("wrongly_listed_share", **noisy)
    on = late_mean("wrongly_listed_share", **noisy, **{"appeals.enabled": True})
    assert clearly_greater(off, on, 0.0)


def test_share_upheld_matches_the_success_rate():
    kw = {"appeals.enabled": True, "appeals.success": 0.3, "detection.false_record_rate": 0.05}
    df = run(3, periods=40, n_subjects=3000, **kw)
    filed, upheld = df["appeals_filed"].sum(), df["appeals_upheld"].sum()
    n_filed = filed * 3000
    assert n_filed > 200
    se = np.sqrt(0.3 * 0.7 / n_filed)
    assert abs(upheld / filed - 0.3) < 4 * se
