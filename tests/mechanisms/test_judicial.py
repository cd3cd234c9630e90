"""Courts and the list of dishonest judgment debtors (§II(4)), on by default.

Every debtor's fate is computed by hand: sued and heard with certainty, at rationality
1000 (a debtor complies exactly when refusing costs more than paying), or with the
probabilities set to 0 or 1 (limiting cases).
"""

import dataclasses
import math

import numpy as np
import pytest

from model import CreditSystemModel, listings
from model.mechanisms.interaction import sigmoid
from model.period import Period
from model.population import FIRM, JUDICIAL, PERMANENT, PERSON
from tests.helpers import clearly_greater, late_mean, off_changes_nothing

#: Every broken transaction is sued and heard; nothing else costs a listed subject;
#: everyone can pay (ability to pay is switched on where a test needs debtors who cannot).
SURE = {
    "judicial.litigation_rate": 1.0,
    "judicial.capacity": 1000.0,
    "means.enabled": False,
    "decision.rationality": 1000.0,
    "joint.cost": 0.0,
    "market.screening": 0.0,
    "blacklist.cost": 0.0,
}
#: Refusing costs nothing (no enforcement, no restriction): every able debtor refuses.
REFUSE = {**SURE, "judicial.enforcement_rate": 0.0, "judicial.restriction_cost": 0.0}
#: Nobody can pay: the exempt part is ten times the mean subject's means.
BROKE = {"means.enabled": True, "means.protected": 10.0}


def _model(n=12, t=5, harm=2.0, allow_inactive=False, **kw):
    m = CreditSystemModel(
        rng=3, n_subjects=n, n_regions=1, harm=harm, allow_inactive=allow_inactive, **{**SURE, **kw}
    )
    m.period = Period.new(t, n)
    return m


def _cheats(m, actors, partners):
    per = m.period
    per.transacted[actors] = True
    per.honest[actors] = False
    per.partner[actors] = partners


def _next_period(m):
    """A blank next period (no disputes) for the late performance of defaulters."""
    m.period = Period.new(m.period.t + 1, m.subjects.n)


def test_on_by_default():
    m = CreditSystemModel(rng=1, n_subjects=50)
    assert m.mechanisms["judicial"].enabled and m.mechanisms["judicial"].p.list


def test_off_means_off_with_parameters_moved():
    off = {"judicial.enabled": False}
    base = off_changes_nothing(
        {**off, "judicial.enforcement_rate": 1.0, "judicial.litigation_rate": 1.0},
        common=off,
    )
    assert base["judgments_enforced_rate"].isna().all()
    assert (base["defaulters_share"] == 0.0).all()
    assert base["listed_unable_share"].isna().all()


def test_compliance_probability_by_hand():
    # c = sigmoid(beta * (e * D + (1 - e) * L - D)): enforced refusers are not listed
    m = _model(
        harm=2.0,
        **{"decision.rationality": 1.5, "judicial.enforcement_rate": 0.4},
    )
    jud = m.mechanisms["judicial"]
    for big_l in (0.0, 0.5, 3.0):
        refuse = 0.4 * 2.0 + 0.6 * big_l
        c = 1.0 / (1.0 + math.exp(-1.5 * (refuse - 2.0)))
        assert jud.compliance_probability(big_l) == pytest.approx(c, rel=1e-12)
    got = jud.compliance_probability(np.array([0.0, 2.0]))
    np.testing.assert_allclose(got, [sigmoid(1.5 * (0.8 - 2.0)), sigmoid(1.5 * (0.8 + 1.2 - 2.0))])
    # certain enforcement: the listing never happens and does not matter
    e1 = _model(harm=2.0, **{"decision.rationality": 1.5, "judicial.enforcement_rate": 1.0})
    assert e1.mechanisms["judicial"].compliance_probability(100.0) == pytest.approx(0.5)


def test_listing_cost_by_hand():
    # the court's restriction plus the status costs, each period held with (1 - p)^(k-1)
    kw = {"judicial.restriction_cost": 0.25, "joint.cost": 0.125, "judicial.performance_rate": 0.1}
    m = _model(**kw)
    per_period = 0.25 + 3 * 0.125
    expected = per_period * (1 - 0.9**listings.PERMANENT_TERM) / 0.1
    np.testing.assert_allclose(m.mechanisms["judicial"].listing_cost(), expected)
    np.testing.assert_allclose(m.mechanisms["judicial"].listing_cost(np.array([2, 3])), expected)
    certain = _model(**{**kw, "judicial.performance_rate": 1.0})
    np.testing.assert_allclose(certain.mechanisms["judicial"].listing_cost(), per_period)
    never = _model(**{**kw, "judicial.performance_rate": 0.0})
    np.testing.assert_allclose(
        never.mechanisms["judicial"].listing_cost(), per_period * listings.PERMANENT_TERM
    )
    assert _model(**{**kw, "judicial.list": False}).mechanisms["judicial"].listing_cost() == 0.0


def test_deterrence_by_hand():
    kw = {
        "decision.rationality": 2.0,
        "judicial.enforcement_rate": 0.4,
        "judicial.restriction_cost": 0.05,
        "judicial.performance_rate": 1.0,  # the listing holds one period: L = 0.05
        "judicial.litigation_rate": 0.3,
        "means.enabled": True,
        "means.protected": 0.0,  # what a subject has is what it can pay
    }
    m = CreditSystemModel(rng=3, n_subjects=12, n_regions=2, harm=2.0, **{**SURE, **kw})
    jud, s = m.mechanisms["judicial"], m.subjects
    s.payoff[:] = 0.0
    s.wealth[:] = 100.0
    s.wealth[[1, 6, 7]] = [1.99, 0.0, 2.0]  # 1 and 6 cannot pay damages of 2; 7 just can
    d, e, big_l = 2.0, 0.4, 0.05
    c = 1.0 / (1.0 + math.exp(-2.0 * (e * d + (1 - e) * big_l - d)))
    able = c * d + (1 - c) * (e * d + (1 - e) * big_l)
    # a debtor who could not pay pays nothing and bears the listing
    judgment = np.full(12, able)
    judgment[[1, 6]] = big_l
    jud.courts[0].hearing_probability = 0.5
    jud.courts[1].hearing_probability = 1.0
    heard = np.where(s.region == 0, 0.5, 1.0)
    np.testing.assert_allclose(jud.deterrence(), 0.3 * heard * judgment, rtol=1e-12)
    # without the list taking the unable, a debtor who cannot pay risks nothing
    off = CreditSystemModel(
        rng=3, n_subjects=12, n_regions=2, harm=2.0, **{**SURE, **kw, "judicial.list_unable": False}
    )
    off.subjects.payoff[:] = 0.0
    off.subjects.wealth[:] = s.wealth
    off.mechanisms["judicial"].courts[0].hearing_probability = 0.5
    judgment[[1, 6]] = 0.0
    np.testing.assert_allclose(
        off.mechanisms["judicial"].deterrence(), 0.3 * heard * judgment, rtol=1e-12
    )


def test_compliers_pay_the_damages_to_their_partner():
    # a listing that lasts (restriction 1 per period, never performing) costs far more
    # than the damages: every able debtor complies
    m = _model(**{"judicial.restriction_cost": 1.0, "judicial.performance_rate": 0.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    _cheats(m, [1, 2], [3, 3])
    s.payoff[:] = 0.0
    jud.adjudicate()
    d = np.float32(m.world.harm)
    expected = np.zeros(12, np.float32)
    expected[[1, 2]] = -d
    expected[3] = 2 * d
    np.testing.assert_array_equal(s.payoff, expected)
    assert not s.listed_until.any()
    out = jud.outcomes()
    assert out["judgments_enforced_rate"] == 1.0 and out["honesty_rate_judicial"] == 1.0
    assert out["defaulters_share"] == 0.0 and out["judgments_per_subject"] == 2 / 12
    assert math.isnan(out["listed_unable_share"])


def test_refusers_are_listed_until_they_perform_and_recorded():
    m = _model(**REFUSE, **{"judicial.performance_rate": 0.0})
    jud, s, per = m.mechanisms["judicial"], m.subjects, m.period
    s.has_file[:] = True
    person = int(np.flatnonzero(s.kind == PERSON)[0])
    _cheats(m, [person], [0])
    s.payoff[:] = 0.0
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, person] == PERMANENT  # listed until performance
    assert not s.listed_until[:JUDICIAL].any()  # the court's list only
    assert jud.owed[person] == np.float32(m.world.harm) and jud.creditor[person] == 0
    assert s.records[person, JUDICIAL] == np.float32(m.params["records.serious_weight"])
    assert s.last_record[person] == per.t
    # nobody else refused a judgment: nobody else has a judicial record
    assert np.count_nonzero(s.records[:, JUDICIAL]) == 1
    np.testing.assert_array_equal(s.payoff, 0.0)  # nothing paid at judgment
    out = jud.outcomes()
    assert out["judgments_enforced_rate"] == 0.0 and out["honesty_rate_judicial"] == 0.0
    assert out["defaulters_share"] == 1 / 12 and out["listed_unable_share"] == 0.0
    assert out["defaulters_performed"] == 0.0
    # never performing (rate 0), it stays listed however long
    for _ in range(30):
        _next_period(m)
        jud.adjudicate()
    assert s.listed(m.period.t + 1)[person] and jud.owed[person] > 0


@pytest.mark.parametrize("harm", [2.0, 0.5])
def test_certain_performance_pays_the_creditor_and_ends_the_listing_next_period(harm):
    # damages of 2 and, below one payoff unit, 0.5
    m = _model(harm=harm, **REFUSE, **{"judicial.performance_rate": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    person = int(np.flatnonzero(s.kind == PERSON)[0])
    _cheats(m, [person], [7])
    jud.adjudicate()
    assert s.listed(6)[person]
    _next_period(m)  # period 6: performs in its first listed period
    s.payoff[:] = 0.0
    jud.adjudicate()
    d = np.float32(m.world.harm)
    assert s.payoff[person] == -d and s.payoff[7] == d
    assert s.listed_until[JUDICIAL, person] == 7  # held in period 6 only
    assert jud.owed[person] == 0.0
    assert jud.outcomes()["defaulters_performed"] == 1 / 12
    assert jud.outcomes()["defaulters_share"] == 0.0


def test_unable_debtors_are_never_seized_and_always_listed():
    # certain enforcement and a listing that costs a lot: an able debtor would comply or
    # be seized; a debtor without means can do neither
    m = _model(**{**BROKE, "judicial.enforcement_rate": 1.0, "judicial.restriction_cost": 5.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    _cheats(m, [1, 2, 4], [0, 0, 0])
    s.payoff[:] = 0.0
    jud.adjudicate()
    np.testing.assert_array_equal(s.payoff, 0.0)
    assert (s.listed_until[JUDICIAL, [1, 2, 4]] == PERMANENT).all()
    assert jud.unable[[1, 2, 4]].all()
    out = jud.outcomes()
    assert out["judgments_enforced_rate"] == 0.0 and out["listed_unable_share"] == 1.0


def test_certain_enforcement_performs_every_judgment_and_lists_nobody_able():
    # e = 1 and no listing cost: refusing costs e * D = D, the debtor is indifferent; the
    # refusers are seized, so every judgment is performed and nobody is listed
    m = _model(**{"judicial.restriction_cost": 0.0, "judicial.enforcement_rate": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    assert jud.compliance_probability(0.0) == 0.5
    _cheats(m, [1, 2, 5, 6, 8, 9], [0] * 6)
    s.payoff[:] = 0.0
    jud.adjudicate()
    assert s.payoff[0] == np.float32(6 * m.world.harm)
    out = jud.outcomes()
    assert out["judgments_enforced_rate"] == 1.0
    assert 0.0 < out["honesty_rate_judicial"] < 1.0  # some refused, and were seized
    assert not s.listed_until.any()


def test_without_the_list_refusers_keep_the_damages_and_are_never_listed():
    m = _model(**REFUSE, **{"judicial.list": False, "judicial.performance_rate": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    s.has_file[:] = True
    _cheats(m, [1, 2], [0, 0])
    s.payoff[:] = 0.0
    jud.adjudicate()
    assert not s.listed_until.any() and not jud.owed.any()
    np.testing.assert_array_equal(s.payoff, 0.0)
    assert (s.records[[1, 2], JUDICIAL] > 0).all()  # the refusal is still on file
    _next_period(m)
    jud.adjudicate()  # nobody performs late: there is no list to leave
    np.testing.assert_array_equal(s.payoff, 0.0)
    assert jud.outcomes()["defaulters_share"] == 0.0


def test_listed_defaulters_bear_the_restriction_while_listed():
    m = _model(**{"judicial.restriction_cost": 0.25})
    jud, s = m.mechanisms["judicial"], m.subjects
    s.listed_until[JUDICIAL, [2, 7, 9]] = [6, 5, PERMANENT]  # period 5: 2 and 9 are listed
    s.listed_until[1, 4] = 10  # another department's list is not the court's
    s.payoff[:] = 0.0
    jud.restrict()
    expected = np.zeros(12, np.float32)
    expected[[2, 9]] = -0.25
    np.testing.assert_array_equal(s.payoff, expected)


def test_a_listed_firms_representative_is_listed_and_leaves_with_it():
    m = _model(n=30, **REFUSE, **{"judicial.performance_rate": 0.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    rep = int(s.representative[firm])
    _cheats(m, [firm], [0])
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, rep] == PERMANENT and s.via_firm[JUDICIAL, rep]
    assert jud.owed[rep] == 0.0  # the debt is the firm's
    assert jud.outcomes()["defaulters_share"] == 2 / 30
    assert jud.outcomes()["listed_unable_share"] == 0.0  # one own-account defaulter
    # the firm performs: its representative's listing made via the firm ends with it
    jud.p = dataclasses.replace(jud.p, performance_rate=1.0)
    _next_period(m)
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, firm] == 7 and s.listed_until[JUDICIAL, rep] == 7


def test_a_representative_listed_on_its_own_account_stays_when_the_firm_performs():
    m = _model(n=30, **REFUSE, **{"judicial.performance_rate": 0.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    rep = int(s.representative[firm])
    _cheats(m, [firm, rep], [0, 0])
    jud.adjudicate()
    assert not s.via_firm[JUDICIAL, rep]
    # only the firm performs (the representative's own debt is cleared by hand first)
    jud.owed[rep] = 0.0
    jud.p = dataclasses.replace(jud.p, performance_rate=1.0)
    _next_period(m)
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, firm] == 7
    assert s.listed_until[JUDICIAL, rep] == PERMANENT


def test_a_representative_of_two_listed_firms_stays_until_both_perform():
    m = _model(n=30, **REFUSE, **{"judicial.performance_rate": 0.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    # two firms with the same representative (hand-made: the population rule gives it
    # to neighbouring firms only now and then)
    firms = np.flatnonzero(s.kind == FIRM)[:2]
    rep = int(np.flatnonzero(s.kind == PERSON)[0])
    s.representative[firms] = rep
    _cheats(m, firms, [0, 0])
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, rep] == PERMANENT
    jud.owed[firms[1]] = 0.0  # the second firm cannot perform late: it owes nothing
    jud.p = dataclasses.replace(jud.p, performance_rate=1.0)
    _next_period(m)
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, firms[0]] == 7
    assert s.listed_until[JUDICIAL, firms[1]] == PERMANENT
    assert s.listed_until[JUDICIAL, rep] == PERMANENT  # still represents a listed firm


def test_without_the_link_representatives_are_not_listed():
    m = _model(n=30, **REFUSE, **{"judicial.representatives": False})
    jud, s = m.mechanisms["judicial"], m.subjects
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    _cheats(m, [firm], [0])
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, firm] == PERMANENT
    assert np.count_nonzero(s.listed_until) == 1


def test_court_capacity_limits_hearings():
    m = CreditSystemModel(rng=1, n_subjects=4000, n_regions=2, **{"judicial.litigation_rate": 0.5})
    court = m.mechanisms["judicial"].courts[0]
    cap = m.params["judicial.capacity"] * 2000 / 1000  # per 1,000 subjects of the region
    assert court.capacity == cap
    assert court.docket(4 * cap) == 0.25 and court.docket(10) == 1.0 and court.docket(0) == 1.0
    m.run_for(20)
    df = m.results()
    # courts hear at most their capacity on average
    assert df["judgments_per_subject"].mean() * 4000 < 2 * cap * 1.15


def test_the_court_list_raises_honesty():
    on = late_mean("honesty_rate", **{"judicial.litigation_rate": 0.2})
    off = late_mean("honesty_rate", **{"judicial.litigation_rate": 0.2, "judicial.list": False})
    assert clearly_greater(on, off, 0.02)


def test_higher_enforcement_rate_raises_performance():
    # without the list (which at defaults makes nearly every able debtor comply): at
    # rationality 2 and D = 2, c = sigmoid(2 (e D - D)) is 0.02 at e = 0; performed at
    # judgment c + (1 - c) e is 0.94 at e = 0.9
    weak = {
        "judicial.list": False,
        "decision.rationality": 2.0,
        "judicial.litigation_rate": 0.2,
        "means.enabled": False,
        "judicial.enforcement_rate": 0.0,
    }
    strong = {**weak, "judicial.enforcement_rate": 0.9}
    assert clearly_greater(
        late_mean("judgments_enforced_rate", **strong),
        late_mean("judgments_enforced_rate", **weak),
        0.7,
    )


# --- found by mutation testing: each rule below failed to be pinned down ----------------


def test_each_debtor_draws_its_own_chances():
    # with every chance at one half, about half of many debtors are heard, seized or
    # performing late: one draw for all would give all or none. Half cannot pay (no
    # wealth, nothing exempt): they are listed, and leave by deletion, paying nothing
    n = 4000
    kw = {
        "judicial.capacity": 500.0,  # per 1,000 subjects: half of the n cases filed
        "judicial.enforcement_rate": 0.5,
        "judicial.performance_rate": 0.5,
        "judicial.restriction_cost": 0.0,
        "judicial.representatives": False,
        "means.enabled": True,
        "means.protected": 0.0,
    }
    m = _model(n=n, **{**REFUSE, **kw})
    jud, s = m.mechanisms["judicial"], m.subjects
    s.payoff[:] = 0.0
    s.wealth[:] = np.where(np.arange(n) % 2 == 0, 0.0, 100.0)
    everyone = np.arange(n)
    _cheats(m, everyone, (everyone + 1) % n)
    jud.adjudicate()
    judged = jud.outcomes()["judgments_per_subject"]
    assert abs(judged - 0.5) < 5 * np.sqrt(0.25 / n)
    listed = s.listed_until[JUDICIAL] == PERMANENT
    # unable (1/2) or able, refusing and not seized (1/2 * 1/2): 3/4 of the judged
    k = judged * n
    assert abs(listed.sum() / k - 0.75) < 5 * np.sqrt(0.1875 / k)
    np.testing.assert_array_equal(jud.unable[listed], s.wealth[listed] == 0.0)
    assert abs(jud.unable[listed].mean() - 2 / 3) < 0.05
    _next_period(m)
    s.payoff[:] = 0.0
    jud.adjudicate()
    out = jud.outcomes()
    left = (out["defaulters_performed"] + out["defaulters_deleted"]) * n
    assert abs(left / listed.sum() - 0.5) < 5 * np.sqrt(0.25 / listed.sum())
    # those who could pay performed, those who could not were deleted
    assert out["defaulters_performed"] * n == np.count_nonzero(s.payoff < 0)


def test_hearings_are_counted_and_limited_by_capacity():
    m = _model(n=1000, **{"judicial.capacity": 5.0})  # 5 cases for 1,000 subjects
    jud = m.mechanisms["judicial"]
    court = jud.courts[0]
    assert court.capacity == 5.0 and court.hearing_probability == 1.0
    _cheats(m, np.arange(500), np.arange(500, 1000))
    jud.adjudicate()
    assert court.filed == 500 and court.hearing_probability == 5.0 / 500
    assert court.heard == round(jud.outcomes()["judgments_per_subject"] * 1000) <= 20
    assert court.docket(5) == 1.0 and court.docket(4) == 1.0 and court.docket(10) == 0.5
    # a court that can hear less than one case a period hears a single case by chance
    court.capacity = 0.5
    assert court.docket(1) == 0.5 and court.docket(0) == 1.0


def test_deterrence_at_the_start_assumes_every_case_is_heard():
    kw = {"judicial.litigation_rate": 0.5, "judicial.performance_rate": 1.0}
    m = _model(harm=2.0, **{**kw, "judicial.restriction_cost": 0.25})
    jud = m.mechanisms["judicial"]
    c = jud.compliance_probability(0.25)
    e = m.params["judicial.enforcement_rate"]
    able = c * 2.0 + (1 - c) * (e * 2.0 + (1 - e) * 0.25)
    np.testing.assert_allclose(jud.deterrence(), 0.5 * able)


def test_a_repeat_defaulter_owes_both_debts_and_its_record_adds_up():
    m = _model(**REFUSE, **{"judicial.performance_rate": 0.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    s.has_file[:] = True
    s.records[4, JUDICIAL] = 0.5
    _cheats(m, [4], [0])
    jud.adjudicate()
    _next_period(m)
    _cheats(m, [4], [1])
    jud.adjudicate()
    d = np.float32(m.world.harm)
    assert jud.owed[4] == 2 * d and jud.creditor[4] == 1
    w = np.float32(m.params["records.serious_weight"])
    assert s.records[4, JUDICIAL] == np.float32(0.5) + 2 * w


def test_court_listings_rest_on_no_false_record_and_end_red_status():
    m = _model(n=30, **REFUSE, **{"judicial.performance_rate": 0.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    rep = int(s.representative[firm])
    s.red[[firm, rep]] = True
    _cheats(m, [firm], [0])
    jud.adjudicate()
    assert not s.wrong_listing.any()
    assert not s.red[firm] and not s.red[rep]
    assert m.period.extra["new_listings"] == 2.0
    # with the departments' listings of the same period: counted together
    m2 = _model(n=30, **REFUSE)
    m2.period.extra["new_listings"] = 3.0
    _cheats(m2, [firm], [0])
    m2.mechanisms["judicial"].adjudicate()
    assert m2.period.extra["new_listings"] == 5.0


def test_performing_ends_the_court_listing_only():
    m = _model(**REFUSE, **{"judicial.performance_rate": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    s.listed_until[1, 3] = 40  # a department's listing of the same debtor
    _cheats(m, [3], [0])
    jud.adjudicate()
    _next_period(m)
    jud.adjudicate()
    assert s.listed_until[JUDICIAL, 3] == 7 and s.listed_until[1, 3] == 40


def test_without_the_court_list_former_defaulters_do_not_perform_late():
    m = CreditSystemModel(rng=3, n_subjects=12, n_regions=1, **{**SURE, **REFUSE})
    m.run_for(1)
    jud, s = m.mechanisms["judicial"], m.subjects
    listings.place(s, np.array([2]), JUDICIAL, PERMANENT, False, False)
    jud.owed[2], jud.creditor[2] = 2.0, 0
    m.set("judicial.list", False)  # the listing ends before the coming period
    m.set("judicial.performance_rate", 1.0)
    m.step()
    assert jud.owed[2] == 2.0 and m.outcomes["defaulters_performed"] == 0.0


def test_the_unable_share_of_own_account_defaulters():
    m = _model(n=30, harm=1.0, **{**REFUSE, **BROKE})
    jud, s = m.mechanisms["judicial"], m.subjects
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    _cheats(m, [firm], [0])
    jud.adjudicate()
    # the representative is on the list but owes nothing: the firm alone counts
    assert jud.outcomes()["defaulters_share"] == 2 / 30
    assert jud.outcomes()["listed_unable_share"] == 1.0
    off = _model(**{"judicial.enabled": False}, allow_inactive=True)
    out = off.mechanisms["judicial"].outcomes()
    assert out["defaulters_performed"] == 0.0 and out["judgments_per_subject"] == 0.0


def test_a_representative_of_two_listed_firms_stays_when_one_is_deleted():
    # firms without means are listed and leave the list by deletion, paying nothing;
    # their representative stays while another firm it represents is listed
    m = _model(n=30, **{**REFUSE, **BROKE, "judicial.performance_rate": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    firms = np.flatnonzero(s.kind == FIRM)[:2]
    rep = int(np.flatnonzero(s.kind == PERSON)[0])
    s.representative[firms] = rep
    _cheats(m, firms, [0, 0])
    jud.adjudicate()
    assert jud.unable[firms].all() and s.listed_until[JUDICIAL, rep] == PERMANENT
    jud.owed[firms[1]] = 0.0  # the second firm does not leave
    _next_period(m)
    s.payoff[:] = 0.0
    jud.adjudicate()
    assert jud.outcomes()["defaulters_deleted"] == 1 / 30 and not s.payoff.any()
    assert s.listed_until[JUDICIAL, firms[0]] == 7
    assert s.listed_until[JUDICIAL, rep] == PERMANENT


def test_without_listing_the_unable_only_refusers_who_could_pay_are_listed():
    kw = {
        **REFUSE,
        "judicial.list_unable": False,
        "means.enabled": True,
        "means.protected": 0.0,  # what a subject has is what it can pay
    }
    m = _model(n=12, **kw)
    jud, s = m.mechanisms["judicial"], m.subjects
    s.payoff[:] = 0.0
    s.wealth[:] = 100.0
    s.wealth[[1, 2]] = 0.0  # cannot pay damages of 2
    s.wealth[5] = 0.0  # nor could 5, but nobody sues it
    _cheats(m, [1, 2, 3], [0, 0, 0])
    jud.adjudicate()
    # 3 could pay and refused: listed; 1 and 2 could not: not listed, creditor unpaid
    assert s.listed_until[JUDICIAL, 3] == PERMANENT
    assert not s.listed_until[JUDICIAL, [1, 2]].any() and not jud.owed[[1, 2]].any()
    np.testing.assert_array_equal(s.payoff, 0.0)
    out = jud.outcomes()
    assert out["judgments_unable_rate"] == 2 / 3
    assert out["defaulters_refusing_share"] == 1 / 12 and out["defaulters_unable_share"] == 0.0
    # listing the unable (the practice): all three are on the list
    m2 = _model(n=12, **{**kw, "judicial.list_unable": True})
    m2.subjects.payoff[:] = 0.0
    m2.subjects.wealth[:] = s.wealth
    _cheats(m2, [1, 2, 3], [0, 0, 0])
    m2.mechanisms["judicial"].adjudicate()
    assert (m2.subjects.listed_until[JUDICIAL, [1, 2, 3]] == PERMANENT).all()
    out2 = m2.mechanisms["judicial"].outcomes()
    assert out2["defaulters_unable_share"] == 2 / 12
    assert out2["defaulters_refusing_share"] == 1 / 12
    assert out2["listed_unable_share"] == 2 / 3


def test_a_deleted_listing_clears_the_debt_and_only_the_court_listing():
    m = _model(**{**REFUSE, **BROKE, "judicial.performance_rate": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    s.listed_until[1, 3] = 40  # a department's listing of the same debtor
    _cheats(m, [3], [0])
    jud.adjudicate()
    assert jud.owed[3] > 0
    _next_period(m)
    s.payoff[:] = 0.0
    jud.adjudicate()
    assert jud.owed[3] == 0.0 and not s.payoff.any()
    assert s.listed_until[JUDICIAL, 3] == 7 and s.listed_until[1, 3] == 40
    out = jud.outcomes()
    assert out["defaulters_deleted"] == 1 / 12 and out["defaulters_performed"] == 0.0
    off = _model(**{"judicial.enabled": False}, allow_inactive=True).mechanisms["judicial"]
    out = off.outcomes()
    assert out["defaulters_deleted"] == 0.0 and out["defaulters_unable_share"] == 0.0
    assert out["defaulters_refusing_share"] == 0.0
