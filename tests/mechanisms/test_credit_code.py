"""Unified social credit code: re-registration without it (§V(2))."""

import numpy as np
import pandas as pd

from model import CreditSystemModel
from model.period import Period
from model.population import BUSINESS, FIRM, JUDICIAL, PERMANENT, PERSON
from tests.helpers import clearly_greater, late_mean, off_changes_nothing, run


def test_off_means_off_with_parameters_moved():
    off_changes_nothing(
        {"credit_code.reregister_cost": 0.0, "credit_code.kinds": "firms_and_persons"}
    )


def test_with_the_unified_code_the_outcomes_equal_the_core():
    base = run(5, periods=20, n_subjects=800)
    code = run(
        5,
        periods=20,
        n_subjects=800,
        **{"credit_code.enabled": True, "credit_code.unified": True},
    )
    pd.testing.assert_frame_equal(base, code)


def test_reregistration_by_hand():
    m = CreditSystemModel(
        rng=1,
        n_subjects=20,
        **{
            "credit_code.enabled": True,
            "credit_code.reregister_cost": 1.5,
            "decision.rationality": 1000.0,
        },
    )
    m.period = Period.new(10, 20)
    s, cc = m.subjects, m.mechanisms["credit_code"]
    firm = np.flatnonzero(s.kind == FIRM)[:2]
    person = np.flatnonzero(s.kind == PERSON)[0]
    stained = [*firm, person]
    s.records[stained, 1] = 2.0
    s.listed_until[BUSINESS, stained] = 30  # 19 periods left: worth far more than the cost
    s.listed_until[JUDICIAL, firm[1]] = PERMANENT  # every list is shed, the court's too
    s.red[firm[0]] = True
    s.payoff[:] = 0.0
    cc.reregister()
    # firms shed records and listings at the cost; the person cannot re-register
    assert (s.records[firm] == 0).all()
    assert (s.listed_until[:, firm] <= 11).all() and not s.listed(11)[firm].any()
    assert (s.last_record[firm] == 10).all() and not s.red[firm].any()
    np.testing.assert_array_equal(s.payoff[firm], np.float32(-1.5))
    assert s.records[person, 1] == 2.0 and s.listed_until[BUSINESS, person] == 30
    assert cc.outcomes()["reregistrations"] == 2 / 20
    # with one period left the clean slate is worth less than the cost: nobody moves
    s.records[firm, 1] = 2.0
    s.listed_until[BUSINESS, firm] = 12
    cc.reregister()
    assert (s.records[firm, 1] == 2.0).all()


def test_clean_slate_value_by_hand():
    kw = {
        "credit_code.enabled": True,
        "credit_code.horizon": 24,
        "blacklist.cost": 0.5,
        "judicial.restriction_cost": 0.25,
        "joint.cost": 0.125,
        "market.screening": 0.0,
    }
    m = CreditSystemModel(rng=1, n_subjects=10, **kw)
    m.period = Period.new(4, 10)
    s = m.subjects
    s.listed_until[BUSINESS, :4] = [0, 5, 15, 100]  # 0, 0, 10 and 95 periods left
    s.listed_until[JUDICIAL, 4] = PERMANENT
    status = 3 * 0.125
    left = np.array([0, 0, 10, 24, 0, 0, 0, 0, 0, 0])
    expected = left * (0.5 + status)
    expected[4] = 24 * (0.25 + status)
    np.testing.assert_allclose(m.mechanisms["credit_code"].clean_slate_value(), expected)


def test_without_the_code_listings_are_shed_and_honesty_falls():
    kw = {"credit_code.enabled": True, "credit_code.kinds": "firms_and_persons"}
    without = {**kw, "credit_code.unified": False}
    unified = {**kw, "credit_code.unified": True}
    seeds = (1, 2, 3, 4)
    assert clearly_greater(
        late_mean("blacklisted_share", seeds=seeds, **unified),
        late_mean("blacklisted_share", seeds=seeds, **without),
        0.01,
    )
    assert clearly_greater(
        late_mean("honesty_rate", seeds=seeds, **unified),
        late_mean("honesty_rate", seeds=seeds, **without),
        0.01,
    )
    assert (late_mean("reregistrations", seeds=seeds, **without) > 0).all()


def _stained_model(n=400, **kw):
    params = {"credit_code.enabled": True, "graded.enabled": True, "decision.rationality": 0.0}
    m = CreditSystemModel(rng=2, n_subjects=n, **{**params, **kw})
    m.period = Period.new(10, n)
    return m


def test_who_counts_as_stained_at_the_boundaries():
    # rationality 0: every stained eligible subject re-registers with chance 1/2 (the
    # logit of any value), a clean one never; the draws are replayed from a copy of the
    # mechanism's stream, so the set that re-registers is known exactly
    import copy

    m = _stained_model()
    s, cc, graded = m.subjects, m.mechanisms["credit_code"], m.mechanisms["graded"]
    t = 10
    firms = np.flatnonzero(s.kind == FIRM)
    groups = np.array_split(firms[:180], 6)
    s.records[groups[0], 0] = 0.5  # a record below 1, in the first domain only
    s.records[groups[1], 0] = 1.0  # equal records in two domains
    s.records[groups[1], 1] = 1.0
    s.listed_until[BUSINESS, groups[2]] = t + 2  # listed in the coming period
    s.listed_until[BUSINESS, groups[3]] = t + 1  # in its last period: not stained
    graded.exit_until[groups[4]] = t + 1  # out of the market this period
    graded.exit_until[groups[5]] = t  # the ban has run out
    graded.strikes[groups[4]] = 2
    s.false_records[groups[0], 0] = 1.0
    person = np.flatnonzero(s.kind == PERSON)[:30]
    s.records[person, 1] = 3.0  # persons cannot re-register under kinds="firms"
    stained = np.zeros(s.n, dtype=bool)
    stained[np.concatenate([groups[0], groups[1], groups[2], groups[4]])] = True
    u = copy.deepcopy(cc.rng).random(s.n)
    expected = stained & (u < 0.5)
    for k in (0, 1, 2, 4):
        assert expected[groups[k]].any()  # the draws give every stained group a mover
    cc.reregister()
    moved = s.last_record == t
    np.testing.assert_array_equal(moved, expected)
    assert cc.outcomes()["reregistrations"] == expected.sum() / s.n
    # the clean slate: records and false records erased, graded's memory forgotten
    assert (s.records[expected] == 0).all() and (s.false_records[expected] == 0).all()
    assert (graded.strikes[groups[4]][expected[groups[4]]] == 0).all()
    assert (graded.exit_until[expected] <= t).all()
    assert (graded.strikes[groups[4]][~expected[groups[4]]] == 2).all()


def test_eligible_kinds():
    for kinds, allowed in (("firms", [FIRM]), ("firms_and_persons", [FIRM, PERSON])):
        m = _stained_model(n=100, **{"credit_code.kinds": kinds})
        eligible = m.mechanisms["credit_code"].eligible
        np.testing.assert_array_equal(eligible, np.isin(m.subjects.kind, allowed))


def test_clean_slate_value_counts_the_periods_of_market_exit_left():
    # no listing: the value is the exit's periods still ahead (up to the horizon), each
    # worth the lost own transaction and one as partner, 2 * surplus (here 2 * 1.5), without
    # discounting
    m = _stained_model(n=10, **{"credit_code.horizon": 6, "surplus": 1.5})
    t = 10
    m.mechanisms["graded"].exit_until[:6] = [0, t, t + 1, t + 2, t + 5, t + 100]
    left = np.array([0, 0, 0, 1, 4, 6, 0, 0, 0, 0])
    expected = left * 3.0
    np.testing.assert_allclose(m.mechanisms["credit_code"].clean_slate_value(), expected)
    some = np.array([1, 4, 5])
    cc = m.mechanisms["credit_code"]
    np.testing.assert_array_equal(cc.clean_slate_value(some), cc.clean_slate_value()[some])
    # of some subjects: their entries of the whole, also with a discount factor each
    kw = {"decision.discount": 0.9, "decision.discount_concentration": 4.0}
    m = _stained_model(n=10, **{"credit_code.horizon": 6, **kw})
    m.mechanisms["graded"].exit_until[:6] = [0, t, t + 1, t + 2, t + 5, t + 100]
    m.subjects.listed_until[BUSINESS, 2:5] = [t + 3, PERMANENT, t]
    cc = m.mechanisms["credit_code"]
    np.testing.assert_array_equal(cc.clean_slate_value(some), cc.clean_slate_value()[some])


def test_escaped_listing_cost_by_hand():
    # the blacklist's listing cost and probability stubbed with known values: an eligible
    # actor escapes p_found * P(listed) * max(cost - reregister_cost, 0)
    m = _stained_model(n=12, **{"credit_code.reregister_cost": 1.0})
    s, cc, bl = m.subjects, m.mechanisms["credit_code"], m.mechanisms["blacklist"]
    eligible = s.kind == FIRM
    f, other = np.flatnonzero(eligible), np.flatnonzero(~eligible)
    cost, saved = np.full(12, 0.5), np.zeros(12)  # a listing cheaper than a new identity
    cost[f[:2]], saved[f[:2]] = [1.5, 4.0], [0.5, 3.0]
    cost[other[0]] = 4.0  # saves nothing: cannot re-register
    bl.cost_of_listing = lambda: cost
    bl.listing_probability = lambda: np.full(12, 0.4)
    m.period.p_expected[:] = 0.25
    np.testing.assert_allclose(cc.deterrence(), -0.25 * 0.4 * saved * eligible)
    np.testing.assert_allclose(cc.false_finding_cost(), -0.4 * saved * eligible)
    assert eligible.any() and not eligible.all()
    assert np.any(saved * eligible > 0)
    # with the code, or without a blacklist, nothing is escaped
    unified = _stained_model(n=12, **{"credit_code.unified": True})
    assert unified.mechanisms["credit_code"].deterrence() == 0.0
    no_list = _stained_model(n=12, **{"blacklist.enabled": False})
    assert no_list.mechanisms["credit_code"].false_finding_cost() == 0.0


def test_switched_off_nobody_re_registers():
    df = run(1, periods=3, n_subjects=100)
    assert (df["reregistrations"] == 0.0).all()


def test_reregistration_chance_is_the_logit_of_value_minus_cost():
    # surplus 1, cost 4: 3 periods of exit ahead are worth 6 (chance 1 / (1 + e^-2)),
    # 1 period worth 2 (chance 1 / (1 + e^2)), at rationality 1; draws replayed
    import copy

    kw = {"decision.rationality": 1.0, "credit_code.reregister_cost": 4.0, "surplus": 1.0}
    m = _stained_model(**kw)
    s, cc, graded = m.subjects, m.mechanisms["credit_code"], m.mechanisms["graded"]
    firms = np.flatnonzero(s.kind == FIRM)
    high, low = firms[:100], firms[100:200]
    graded.exit_until[high] = 10 + 4
    graded.exit_until[low] = 10 + 2
    p = np.zeros(s.n)
    p[high], p[low] = 1 / (1 + np.exp(-2.0)), 1 / (1 + np.exp(2.0))
    u = copy.deepcopy(cc.rng).random(s.n)
    cc.reregister()
    np.testing.assert_array_equal(s.last_record == 10, u < p)
