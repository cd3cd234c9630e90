"""The findings ledger (model/period.py): decide once, act once.

Each finding of a period is marked by the procedural steps before anything is charged:
forgiven (first-offence leniency), voided (an objection upheld), blocked (local
protectionism: recorded, but neither fined nor listed). Records, fines and listings
then act once on what the marks leave; nothing is charged and then undone.
"""

import numpy as np
import pytest

from model import CreditSystemModel
from model.period import (
    BLOCKED,
    FORGIVEN,
    NONE,
    OBJECTED,
    STANDS,
    UNDER_REVIEW,
    VOIDED,
    Period,
)
from model.population import BUSINESS, FIRM, PERSON, SOCIAL
from model.schedule import STEP_ORDER
from tests.helpers import step_with


def test_acts_of_a_period_by_hand():
    # only an actor whose transaction took place can have broken faith: one who chose to
    # break it but found no partner (or was refused) did not
    per = Period.new(0, 4)
    per.transacted[:] = [True, True, False, False]
    per.honest[:] = [True, False, True, False]
    assert list(per.cheated) == [False, True, False, False]
    assert list(per.act_state()) == [2, 1, 0, 0]
    per.detected[1] = True
    per.false_record[0] = True
    assert list(per.found) == [True, True, False, False]


def test_findings_waiting_for_a_decision_stand_and_the_disposed_do_not():
    codes = [NONE, STANDS, FORGIVEN, VOIDED, BLOCKED, OBJECTED, UNDER_REVIEW]
    per = Period.new(0, len(codes))
    per.finding[:] = codes
    # fines and listings act on standing findings, objected or under review alike
    assert list(per.sanctionable) == [False, True, False, False, False, True, True]
    # a blocked finding is kept on file without sanctions
    assert list(per.kept_on_file) == [False, True, False, False, True, True, True]


def test_mark_disposes_only_of_standing_findings():
    per = Period.new(0, 6)
    per.open_findings(np.array([1, 1, 1, 1, 0, 0], dtype=bool))
    assert list(per.finding) == [STANDS] * 4 + [NONE] * 2
    hit = per.mark(np.array([1, 1, 0, 0, 1, 0], dtype=bool), FORGIVEN)
    assert list(hit) == [True, True, False, False, False, False]  # no finding, no mark
    # the first step that disposes of a finding decides it
    hit = per.mark(np.array([0, 1, 1, 0, 0, 0], dtype=bool), VOIDED)
    assert list(hit) == [False, False, True, False, False, False]
    per.mark(np.array([1, 1, 1, 1, 1, 1], dtype=bool), BLOCKED)
    assert list(per.finding) == [FORGIVEN, FORGIVEN, VOIDED, BLOCKED, NONE, NONE]
    # a later finding against the same actor does not reopen a disposed one
    per.open_findings(np.ones(6, dtype=bool))
    assert list(per.finding) == [FORGIVEN, FORGIVEN, VOIDED, BLOCKED, STANDS, STANDS]
    assert list(per.kept_on_file) == [False, False, False, True, True, True]
    assert list(per.sanctionable) == [False, False, False, False, True, True]


#: Every procedural step decides with certainty: a first minor finding is forgiven, an
#: objection to a false finding is upheld, a government of integrity 0 blocks every
#: standing finding against a local firm. No other finding is made (detection off);
#: transactions are worth nothing, so payoffs show only what the system charges.
CERTAIN = {
    "detection.enabled": False,
    "records.coverage": 1.0,
    "sanctions.fine": 1.0,
    "blacklist.scope_government": 1.0,
    "blacklist.scope_business": 1.0,
    "blacklist.scope_social": 1.0,
    "blacklist.cost": 0.5,
    "blacklist.person_scope": 1.0,
    "blacklist.representatives": False,
    "judicial.litigation_rate": 0.0,
    "redlist.enabled": False,
    "repair.enabled": True,
    "repair.first_offence_leniency": True,
    "repair.clean_periods": 1000,
    "repair.propensity": 0.0,
    "appeals.enabled": True,
    "appeals.success": 1.0,
    "appeals.propensity": 1.0,
    "appeals.awareness": 1.0,
    "government.enabled": True,
    "government.protectionism": 1.0,
    "government.integrity_mean": 0.0,
    "government.integrity_spread": 0.0,
    "government.broken_promise_cost": 0.0,
    "government.evaluation": 0.0,
    "surplus": 0.0,
    "gain": 0.0,
    "harm": 0.0,
    "n_regions": 1,
}


def certain_model(**kw):
    params = {**CERTAIN, **kw}
    world = {k: params.pop(k) for k in list(params) if "." not in k}
    return CreditSystemModel(rng=2, n_subjects=16, **world, **params)


def cast(m):
    """Six actors and the finding each gets; which code the ledger should give it."""
    s = m.subjects
    persons = np.flatnonzero(s.kind == PERSON)
    firms = np.flatnonzero(s.kind == FIRM)
    a, b, d, f = persons[:4]
    c, e = firms[:2]
    s.last_record[[d, f]] = 0  # on file before: their minor findings are not first ones
    s.records[[d, f], SOCIAL] = 0.5
    return {
        # id: (domain, serious, false, expected code)
        a: (SOCIAL, False, False, FORGIVEN),  # first minor finding: forgiven
        b: (SOCIAL, True, True, VOIDED),  # false: the objection is upheld
        c: (BUSINESS, True, False, BLOCKED),  # a local firm: shielded
        d: (SOCIAL, True, False, STANDS),  # stands: recorded, fined, listed
        e: (BUSINESS, False, False, FORGIVEN),  # forgiveness comes before the shield
        f: (SOCIAL, False, True, VOIDED),  # a false minor finding, not a first one
    }


def findings(who):
    def act(m):
        per = m.period
        for i, (dom, serious, false, _code) in who.items():
            per.domain[i] = dom
            per.serious[i] = serious
            (per.false_record if false else per.detected)[i] = True
        per.open_findings(per.found)

    return act


def test_forgiven_voided_and_blocked_findings_are_never_fined_or_listed():
    m = certain_model()
    s = m.subjects
    m.step()  # period 0: nothing happens
    who = cast(m)
    ids = np.array(sorted(who))
    records_before = s.records.copy()
    step_with(m, {("repair", "forgive"): findings(who)})  # period 1
    per = m.period
    codes = {i: int(per.finding[i]) for i in ids}
    assert codes == {i: who[i][3] for i in ids}
    stands = [i for i in ids if who[i][3] == STANDS]
    blocked = [i for i in ids if who[i][3] == BLOCKED]
    # fines: one, for the finding that stands
    assert per.fines == 1.0
    fined = {int(i) for i in ids if s.payoff[i] != 0.0}
    assert fined == set(stands) and s.payoff[stands[0]] == -1.0
    # listings: only the finding that stands
    listed = set(np.flatnonzero(s.listed_until.any(axis=0)).tolist())
    assert listed == set(stands)
    # records: the standing and the blocked finding enter the file (the government
    # blocks sanctions, not the information); forgiven and voided ones never do
    assert set(np.flatnonzero(per.recorded).tolist()) == set(stands) | set(blocked)
    weight = m.params["records.serious_weight"]
    decay = np.float32(0.5 ** (1 / m.params["records.half_life"]))
    c = blocked[0]
    assert s.records[c, BUSINESS] == pytest.approx(weight * decay, rel=1e-6)
    for i, (_dom, _serious, _false, code) in who.items():
        if code in (FORGIVEN, VOIDED):
            np.testing.assert_allclose(s.records[i], records_before[i] * decay, rtol=1e-6)
            assert s.last_record[i] == (0 if records_before[i].any() else -1)
    assert s.last_record[c] == 1 and s.last_record[stands[0]] == 1
    out = m.outcomes
    assert out["forgiven"] == 2 / 16 and out["appeals_upheld"] == 2 / 16
    assert out["protectionism_rate"] == 1.0


def test_no_step_charges_or_lists_a_marked_finding_and_then_undoes_it():
    # watch every step of the period: a subject whose finding is forgiven, voided or
    # blocked is never charged, listed or taken off the red list, not even for a while
    m = certain_model(**{"joint.reward": 0.0})  # red-listed subjects get nothing
    s = m.subjects
    who = cast(m)
    marked = np.array([i for i, v in who.items() if v[3] != STANDS])
    s.red[marked] = True  # red-listed beforehand: a listing would take them off
    seen = []

    def snap(m):
        seen.append(
            (
                s.payoff[marked].copy(),
                s.listed_until[:, marked].copy(),
                s.red[marked].copy(),
                m.period.fines,
            )
        )

    hooks = {(name, method): snap for name, method, _ in STEP_ORDER}
    hooks[("repair", "forgive")] = lambda m: (findings(who)(m), snap(m))
    step_with(m, hooks)
    snap(m)
    for payoff, until, red, _fines in seen:
        assert not payoff.any() and not until.any() and red.all()
    fines = [f for *_, f in seen]
    assert fines == sorted(fines)  # fines are never refunded


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_in_full_runs_only_standing_findings_are_fined_and_list(seed):
    # every procedural mechanism on at rates strictly between 0 and 1
    kw = {
        "records.coverage": 0.7,
        "detection.false_record_rate": 0.1,
        "detection.serious_share": 0.5,
        "blacklist.scope_social": 1.0,
        "repair.enabled": True,
        "repair.first_offence_leniency": True,
        "appeals.enabled": True,
        "appeals.success": 0.5,
        "appeals.contest_true": 0.3,
        "appeals.true_success": 0.5,
        "government.enabled": True,
        "government.protectionism": 0.8,
        "judicial.litigation_rate": 0.0,
    }
    m = CreditSystemModel(rng=seed, n_subjects=1500, **kw)
    fine = m.params["sanctions.fine"]
    s = m.subjects
    for _ in range(8):
        before = s.listed_until.copy()
        m.step()
        per = m.period
        stands = per.finding == STANDS
        assert per.fines == pytest.approx(fine * np.count_nonzero(stands))
        assert np.array_equal(per.recorded, per.kept_on_file & s.has_file)
        # an administrative listing made this period rests on a standing serious finding
        # on file (its own, or its firm's for a representative)
        own = ((s.listed_until[:3] > before[:3]) & ~s.via_firm[:3]).any(axis=0)
        assert not (own & ~(stands & per.serious & per.recorded)).any()
        assert {FORGIVEN, VOIDED, BLOCKED} >= set(np.unique(per.finding[per.found])) - {STANDS}
