"""Lists and what a listing costs (model/listings.py), checked by hand.

The timing convention: a listing decided in period t for a term of D periods holds in
periods t + 1, ..., t + D, and every consequence of a listing acts at the start of a
period, so a listing of term D is charged in exactly D periods. The one listing-cost
function (``cost_of_new_listing``) is what subjects anticipate; here it is compared
with hand computations and with what a real period charges.
"""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel, listings
from model.population import BUSINESS, FIRM, GOVERNMENT, JUDICIAL, PERMANENT, PERSON, SOCIAL
from model.schedule import STEP_ORDER
from tests.helpers import hand_model, step_with

# --- hand values: binary fractions, so that float32 payoffs add up exactly -------------
BL, JOINT, SHAME, LICENCE, COURT = 0.5, 0.25, 0.5, 0.5, 0.5

#: Nothing happens in these models but what a test puts in: no findings (detection
#: off), no suits, no fines, transactions worth nothing, one region, every cost 0.
QUIET = {
    "detection.enabled": False,
    "sanctions.enabled": False,
    "redlist.enabled": False,
    "judicial.litigation_rate": 0.0,
    "judicial.restriction_cost": 0.0,
    "records.coverage": 1.0,
    "blacklist.scope_business": 1.0,
    "blacklist.scope_government": 1.0,
    "blacklist.representatives": True,
    "blacklist.cost": 0.0,
    "joint.cost": 0.0,
    "market.screening": 0.0,
    "surplus": 0.0,
    "gain": 0.0,
    "harm": 0.0,
    "n_regions": 1,
}

#: Each consequence on its own: parameters, cost per period to a listed firm and to its
#: legal representative (a person, listed with it).
CONSEQUENCES = {
    "department restriction": ({"blacklist.cost": BL}, BL, BL),
    "joint restriction": ({"joint.cost": JOINT}, 3 * JOINT, 3 * JOINT),
    "shame": (
        {
            "social.enabled": True,
            "social.disclosure": 1.0,
            "social.shame": SHAME,
            "social.ostracism": 0.0,
        },
        SHAME,
        SHAME,
    ),
    "licence cost": (
        {
            "graded.enabled": True,
            "graded.licence_cost": LICENCE,
            "graded.criticism_cost": 0.0,
            "graded.exit_strikes": 100,
        },
        LICENCE,
        0.0,  # licensing restrictions fall on enterprises only
    ),
}
CONSEQUENCES["all of them"] = (
    {k: v for params, _, _ in CONSEQUENCES.values() for k, v in params.items()},
    BL + 3 * JOINT + SHAME + LICENCE,
    BL + 3 * JOINT + SHAME,
)


def quiet_model(n=12, **kw):
    params = {**QUIET, **kw}
    world = {k: params.pop(k) for k in list(params) if "." not in k}
    return CreditSystemModel(rng=5, n_subjects=n, **world, **params)


def a_firm(m):
    """A firm with a legal representative."""
    s = m.subjects
    firm = int(np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))[0])
    return firm, int(s.representative[firm])


def serious_finding(i, domain=BUSINESS, false=False):
    """A hook that enters a standing serious finding against ``i`` into the ledger."""

    def act(m):
        per = m.period
        per.domain[i] = domain
        per.serious[i] = True
        (per.false_record if false else per.detected)[i] = True
        per.open_findings(per.found)

    return act


def run_periods(m, periods, hooks_at):
    """Run ``periods`` periods; return each period's payoff (rows: periods)."""
    paid = []
    for t in range(periods):
        step_with(m, hooks_at.get(t, {}))
        paid.append(m.subjects.payoff.astype(np.float64).copy())
    return np.array(paid)


def next_entry(entry):
    """The entry of STEP_ORDER that follows ``entry``."""
    keys = [(name, method) for name, method, _ in STEP_ORDER]
    return keys[keys.index(entry) + 1]


# --- the helper that runs a period with hooks is the model's own period ---------------


def test_step_with_no_hooks_is_model_step():
    a = CreditSystemModel(rng=3, n_subjects=300)
    b = CreditSystemModel(rng=3, n_subjects=300)
    for _ in range(4):
        a.step()
        step_with(b, {})
    pd.testing.assert_frame_equal(a.results(), b.results())
    assert np.array_equal(a.subjects.wealth, b.subjects.wealth)


# --- timing ------------------------------------------------------------------------------


def test_listing_until_boundaries():
    assert listings.listing_until(7, 1) == 9  # holds in period 8 only
    assert listings.listing_until(7, 24) == 32
    assert listings.listing_until(7, 1199) == 7 + 1 + 1199
    assert listings.listing_until(7, 1200) == PERMANENT
    assert listings.listing_until(7, 5000) == PERMANENT
    assert listings.PERMANENT_TERM == 1200


@pytest.mark.parametrize("term", [1, 3, 1199])
def test_a_listing_of_term_d_holds_in_exactly_the_d_periods_after_the_decision(term):
    m = hand_model({}, n=10, t=7)
    s = m.subjects
    listings.place(s, np.array([4]), BUSINESS, listings.listing_until(7, term), False, False)
    held = [u for u in range(8, 7 + term + 5) if s.listed(u)[4]]
    assert held == list(range(8, 8 + term))
    assert not s.listed(7 + term + 1)[4]


def test_a_permanent_listing_holds_for_ever():
    # a listing placed at t = 7 with the largest term must hold at t = 5000 (constructed
    # by hand: no 5000-period run), and each department still charges it then
    m = quiet_model(**{"blacklist.cost": BL})
    s = m.subjects
    listings.place(s, np.array([2]), BUSINESS, listings.listing_until(7, 1200), False, False)
    assert s.listed_until[BUSINESS, 2] == PERMANENT
    assert s.listed(5000)[2] and s.listed(10**9)[2]
    m.period.t = 5000
    s.payoff[:] = 0.0
    m.mechanisms["blacklist"].restrict()
    assert s.payoff[2] == -np.float32(BL) and np.count_nonzero(s.payoff) == 1


def test_a_permanent_term_from_the_department_never_ends():
    m = quiet_model(**{"blacklist.term_business": 1200})
    firm, rep = a_firm(m)
    for t in range(2):
        step_with(m, {("records", "file"): serious_finding(firm)} if t == 1 else {})
    s = m.subjects
    assert s.listed_until[BUSINESS, firm] == PERMANENT
    assert s.listed_until[BUSINESS, rep] == PERMANENT
    assert s.listed(5000)[firm]
    # the anticipated cost counts PERMANENT_TERM periods (undiscounted)
    cost = listings.cost_of_new_listing(quiet_model(**{"blacklist.cost": BL}), BUSINESS, 1200)
    np.testing.assert_allclose(cost, 1200 * BL)


# --- a listing of term D is charged for exactly D periods, as anticipated -----------


@pytest.mark.parametrize("term", [1, 3])
@pytest.mark.parametrize("consequence", sorted(CONSEQUENCES))
def test_each_consequence_is_charged_for_exactly_the_term_and_as_anticipated(consequence, term):
    params, firm_cost, rep_cost = CONSEQUENCES[consequence]
    m = quiet_model(**params, **{"blacklist.term_business": term})
    firm, rep = a_firm(m)
    anticipated = {}

    def anticipate(m):
        anticipated["firm"] = listings.cost_of_new_listing(m, BUSINESS, term)[firm]
        anticipated["rep"] = listings.cost_of_new_listing(m, BUSINESS, term)[rep]

    t0 = 2
    hooks = {("records", "file"): serious_finding(firm), ("blacklist", "update"): anticipate}
    paid = run_periods(m, t0 + term + 3, {t0: hooks})
    expected = np.zeros(len(paid))
    expected[t0 + 1 : t0 + 1 + term] = -firm_cost
    np.testing.assert_array_equal(paid[:, firm], expected)
    expected[t0 + 1 : t0 + 1 + term] = -rep_cost
    np.testing.assert_array_equal(paid[:, rep], expected)
    # nobody else is charged anything
    others = np.ones(m.subjects.n, dtype=bool)
    others[[firm, rep]] = False
    assert not paid[:, others].any()
    # subjects anticipate exactly what they are then charged
    assert anticipated["firm"] == pytest.approx(term * firm_cost)
    assert anticipated["firm"] == pytest.approx(-paid[:, firm].sum())
    assert anticipated["rep"] == pytest.approx(term * rep_cost)


@pytest.mark.parametrize("term", [1, 4])
def test_with_time_preference_the_anticipated_cost_weighs_each_charged_period(term):
    # delta 0.9, beta 0.5: the k-th period after the decision weighs 0.5 * 0.9 ** k, and
    # the periods charged are exactly the k = 1 .. term after it
    params, firm_cost, _ = CONSEQUENCES["all of them"]
    m = quiet_model(
        **params,
        **{
            "blacklist.term_business": term,
            "decision.discount": 0.9,
            "decision.present_bias": 0.5,
        },
    )
    firm, _rep = a_firm(m)
    anticipated = {}

    def anticipate(m):
        anticipated["firm"] = listings.cost_of_new_listing(m, BUSINESS, term)[firm]

    t0 = 2
    hooks = {("records", "file"): serious_finding(firm), ("blacklist", "update"): anticipate}
    paid = run_periods(m, t0 + term + 3, {t0: hooks})
    charged = np.flatnonzero(paid[:, firm])
    np.testing.assert_array_equal(charged, np.arange(t0 + 1, t0 + 1 + term))
    weighed = sum(0.5 * 0.9 ** (p - t0) * -paid[p, firm] for p in charged)
    assert anticipated["firm"] == pytest.approx(weighed, rel=1e-6)
    assert weighed == pytest.approx(0.5 * firm_cost * sum(0.9**k for k in range(1, term + 1)))


@pytest.mark.parametrize("term,k", [(4, 1), (4, 3), (2, 2)])
def test_a_renewal_charges_only_the_periods_it_adds(term, k):
    params, firm_cost, _ = CONSEQUENCES["all of them"]
    m = quiet_model(**params, **{"blacklist.term_business": term})
    firm, _rep = a_firm(m)
    anticipated = []

    def anticipate(m):
        anticipated.append(listings.cost_of_new_listing(m, BUSINESS, term)[firm])

    t0 = 1
    hooks = {("records", "file"): serious_finding(firm), ("blacklist", "update"): anticipate}
    paid = run_periods(m, t0 + k + term + 3, {t0: hooks, t0 + k: hooks})
    charged = np.flatnonzero(paid[:, firm])
    # the renewal in t0 + k restarts the term: charged from t0 + 1 to t0 + k + term
    np.testing.assert_array_equal(charged, np.arange(t0 + 1, t0 + k + term + 1))
    # the first decision expected the whole term, the renewal only the k periods it adds
    assert anticipated == pytest.approx([term * firm_cost, k * firm_cost])
    assert sum(anticipated) == pytest.approx(-paid[:, firm].sum())


def test_status_consequences_are_charged_once_however_many_lists():
    # on a government list for 10 periods, a business listing of 3 adds only the
    # business department's own restriction: the status costs are already charged
    params, firm_cost, _ = CONSEQUENCES["all of them"]
    status = firm_cost - BL
    m = quiet_model(**params, **{"blacklist.term_business": 3, "blacklist.term_government": 10})
    firm, _rep = a_firm(m)
    anticipated = {}

    def anticipate(m):
        anticipated["business"] = listings.cost_of_new_listing(m, BUSINESS, 3)[firm]

    hooks_at = {
        1: {("records", "file"): serious_finding(firm, GOVERNMENT)},
        2: {("records", "file"): serious_finding(firm), ("blacklist", "update"): anticipate},
    }
    paid = run_periods(m, 15, hooks_at)
    # periods 2..11 on the government list; 3..5 also on the business list
    expected = np.zeros(15)
    expected[2:12] = -(BL + status)
    expected[3:6] -= BL
    np.testing.assert_array_equal(paid[:, firm], expected)
    assert anticipated["business"] == pytest.approx(3 * BL)


REFUSALS = {
    # every partner checks (screening 1, one region) and refuses a listed actor
    "market screening": ({"market.screening": 1.0}, ("security", "classify")),
    # with ostracism 1 and no screening, every neighbour shuns a disclosed listed actor
    "ostracism": (
        {"social.enabled": True, "social.disclosure": 1.0, "social.ostracism": 1.0},
        ("blacklist", "restrict"),
    ),
}


@pytest.mark.parametrize("term", [1, 3])
@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_of_a_listed_actor_last_exactly_the_term(case, term):
    params, step = REFUSALS[case]
    m = quiet_model(surplus=1.0, **params, **{"blacklist.term_business": term})
    firm, rep = a_firm(m)
    refused = []

    def read(m):
        refused.append(m.period.refused.copy())

    t0 = 2
    hooks_at = {t: {step: read} for t in range(t0 + term + 3)}
    hooks_at[t0] = {step: read, ("records", "file"): serious_finding(firm)}
    run_periods(m, t0 + term + 3, hooks_at)
    refused = np.array(refused)
    expected = np.zeros(len(refused), dtype=bool)
    expected[t0 + 1 : t0 + 1 + term] = True
    np.testing.assert_array_equal(refused[:, firm], expected)
    np.testing.assert_array_equal(refused[:, rep], expected)
    others = np.ones(m.subjects.n, dtype=bool)
    others[[firm, rep]] = False
    assert not refused[:, others].any()


@pytest.mark.parametrize("performance_rate,periods", [(1.0, 1), (0.0, 6)])
def test_the_court_restriction_is_charged_while_the_debtor_stays_listed(performance_rate, periods):
    # a firm that cannot pay is listed at t0 until it performs: with certain performance
    # it performs in the first period it can and is charged once; never performing, it
    # is charged in every period after t0
    m = quiet_model(
        harm=1.0,
        **{
            "judicial.litigation_rate": 1.0,
            "judicial.capacity": 1000.0,
            "means.enabled": True,
            "means.protected": 10.0,  # nobody can pay: the firm is listed whatever it costs
            "judicial.restriction_cost": COURT,
            "judicial.performance_rate": performance_rate,
        },
    )
    firm, rep = a_firm(m)
    partner = int(np.flatnonzero(m.subjects.kind == PERSON)[-1])
    anticipated = {}
    charged = []

    def no_disputes(m):
        m.period.transacted[:] = False  # no other dispute reaches the court

    def dispute(m):
        no_disputes(m)
        per = m.period
        per.transacted[firm], per.honest[firm], per.partner[firm] = True, False, partner
        anticipated["firm"] = m.mechanisms["judicial"].listing_cost()[firm]

    def before(m):
        charged.append(m.subjects.payoff[[firm, rep]].astype(np.float64))

    def after(m):
        charged[-1] = charged[-1] - m.subjects.payoff[[firm, rep]]

    watch = {
        ("judicial", "restrict"): before,
        next_entry(("judicial", "restrict")): after,
        ("judicial", "adjudicate"): no_disputes,
    }
    t0 = 1
    hooks_at = {t: watch for t in range(t0 + 7)}
    hooks_at[t0] = {**watch, ("judicial", "adjudicate"): dispute}
    run_periods(m, t0 + 7, hooks_at)
    charged = np.array(charged)
    expected = np.zeros(len(charged))
    expected[t0 + 1 : t0 + 1 + periods] = COURT
    np.testing.assert_array_equal(charged[:, 0], expected)
    np.testing.assert_array_equal(charged[:, 1], expected)  # the representative with it
    # anticipated: the court's restriction for as long as the listing is expected to hold
    # (one period when performance is certain, PERMANENT_TERM periods when it never is)
    horizon = 1 if performance_rate == 1.0 else listings.PERMANENT_TERM
    assert anticipated["firm"] == pytest.approx(horizon * COURT)


# --- the one listing-cost function, by hand ----------------------------------------------


def cost_model(**kw):
    """t = 5; own restrictions 0.5 (departments) and 0.25 (court); status 3 * 0.125."""
    params = {
        "blacklist.cost": 0.5,
        "judicial.restriction_cost": 0.25,
        "joint.cost": 0.125,
        "market.screening": 0.0,
        **kw,
    }
    return hand_model(params, n=10, t=5, allow_inactive=True)


STATUS = 3 * 0.125


def test_own_and_status_costs_by_hand():
    m = cost_model()
    np.testing.assert_array_equal(listings.own_cost(m), [0.5, 0.5, 0.5, 0.25])
    assert listings.status_cost(m) == pytest.approx(STATUS)
    off = cost_model(**{"blacklist.enabled": False, "judicial.enabled": False})
    np.testing.assert_array_equal(listings.own_cost(off), [0.0, 0.0, 0.0, 0.0])
    only_court = cost_model(**{"blacklist.enabled": False})
    np.testing.assert_array_equal(listings.own_cost(only_court), [0.0, 0.0, 0.0, 0.25])


def test_status_cost_sums_every_consequence_by_hand():
    kw = {
        "market.screening": 0.5,
        "joint.cost": 0.25,
        "social.enabled": True,
        "social.disclosure": 0.5,
        "social.shame": 0.25,
        "social.ostracism": 0.5,
        "graded.enabled": True,
        "graded.licence_cost": 0.75,
    }
    m = hand_model(kw, n=10, surplus=2.0)
    firm = m.subjects.kind == FIRM
    market = 0.5 * 1.0 * 2.0  # screening * visibility (national platform) * surplus
    joint = 3 * 1.0 * 0.25
    social = 0.5 * (0.25 + 0.5 * (1 - 0.5 * 1.0) * 2.0)  # disclosure (shame + shunned)
    expected = market + joint + social + np.where(firm, 0.75, 0.0)
    np.testing.assert_allclose(listings.status_cost(m), expected)


def same_region_by_hand(m):
    """Share of each subject's network neighbours in its own region, from the CSR rows."""
    s, net = m.subjects, m.mechanisms["interaction"].network
    rows = [net.indices[net.indptr[i] : net.indptr[i + 1]] for i in range(s.n)]
    return np.array([np.mean(s.region[r] == s.region[i]) for i, r in enumerate(rows)])


def test_visibility_by_hand():
    m = hand_model({"sharing.enabled": True, "sharing.level": 0.5}, n=40, n_regions=4)
    same = same_region_by_hand(m)
    assert 0.0 < same.mean() < 1.0
    np.testing.assert_allclose(listings.visibility(m), same + (1 - same) * 0.5, rtol=1e-6)
    assert listings.visibility(hand_model({}, n=40)) == 1.0  # national platform
    kw = {"sharing.enabled": True, "sharing.level": 0.0}
    sec = hand_model({**kw, "security.enabled": True, "security.public_disclosure": 0.25}, n=40)
    np.testing.assert_allclose(listings.visibility(sec), 0.25 * same_region_by_hand(sec))


def test_a_new_listing_costs_its_term_by_hand():
    m = cost_model()
    cost = listings.cost_of_new_listing(m, BUSINESS, 6)
    np.testing.assert_allclose(cost, 6 * (0.5 + STATUS))
    # per-subject domains and terms; a subset of subjects
    dom = np.array([GOVERNMENT, JUDICIAL, BUSINESS])
    got = listings.cost_of_new_listing(m, dom, np.array([1, 2, 1200]), idx=np.array([0, 3, 9]))
    np.testing.assert_allclose(got, [0.5 + STATUS, 2 * (0.25 + STATUS), 1200 * (0.5 + STATUS)])


def test_only_the_periods_a_listing_adds_are_counted():
    m = cost_model()
    s, t = m.subjects, 5
    s.listed_until[BUSINESS, 1] = t + 1 + 4  # same department, 4 periods left
    s.listed_until[BUSINESS, 2] = t + 1  # its last period was this one: nothing left
    s.listed_until[BUSINESS, 3] = t + 1 + 9  # longer than the new term
    s.listed_until[GOVERNMENT, 4] = t + 1 + 10  # another list covers every new period
    s.listed_until[GOVERNMENT, 5] = t + 1 + 2  # another list covers two of them
    s.listed_until[JUDICIAL, 6] = PERMANENT  # listed until it performs
    s.listed_until[BUSINESS, 7] = PERMANENT
    cost = listings.cost_of_new_listing(m, BUSINESS, 6)
    own, status = 0.5, STATUS
    expected = [
        6 * (own + status),
        2 * (own + status),
        6 * (own + status),
        0.0,
        6 * own,
        6 * own + 4 * status,
        6 * own,
        0.0,
        6 * (own + status),
        6 * (own + status),
    ]
    np.testing.assert_allclose(cost, expected)


@pytest.mark.parametrize("block", [1, 3, 4, 10])
def test_the_cost_of_a_new_listing_is_the_same_in_blocks_of_any_size(monkeypatch, block):
    # computed block by block of subjects (bounds the memory): by hand, as above, with
    # block boundaries between subjects of different cover; and a subset in blocks
    monkeypatch.setattr(listings, "_BLOCK", block)
    m = cost_model()
    s, t = m.subjects, 5
    s.listed_until[BUSINESS, 1] = t + 1 + 4
    s.listed_until[GOVERNMENT, 5] = t + 1 + 2
    s.listed_until[JUDICIAL, 6] = PERMANENT
    own, status = 0.5, STATUS
    expected = [6 * (own + status)] * 10
    expected[1], expected[5], expected[6] = 2 * (own + status), 6 * own + 4 * status, 6 * own
    np.testing.assert_allclose(listings.cost_of_new_listing(m, BUSINESS, 6), expected)
    dom = np.array([GOVERNMENT, JUDICIAL, BUSINESS, BUSINESS, JUDICIAL])
    idx = np.array([0, 3, 9, 1, 6])
    got = listings.cost_of_new_listing(m, dom, np.array([1, 2, 1200, 6, 3]), idx=idx)
    want = [own + status, 2 * (0.25 + status), 1200 * (own + status), 2 * (own + status), 0.0]
    np.testing.assert_allclose(got, want)


@pytest.mark.parametrize("survival", [0.0, 0.5, 1.0])
def test_the_cost_of_a_new_listing_in_blocks_is_exactly_the_one_in_one_block(monkeypatch, survival):
    # every term is per subject: the block size changes no bit, with a discount factor
    # per subject and present bias, for every subject and for a subset
    m = CreditSystemModel(
        rng=2,
        n_subjects=200,
        **{"decision.discount": 0.9, "decision.discount_concentration": 5.0},
        **{"decision.present_bias": 0.7},
    )
    m.run_for(6)
    dom = m.period.domain
    idx = np.arange(3, 200, 7)
    term = np.arange(200) % 13

    def both():
        return (
            listings.cost_of_new_listing(m, dom, term, survival),
            listings.cost_of_new_listing(m, dom[idx], term[idx], survival, idx=idx),
        )

    whole = both()
    monkeypatch.setattr(listings, "_BLOCK", 7)
    blocks = both()
    assert whole[0].any()
    for w, b in zip(whole, blocks, strict=True):
        assert w.dtype == b.dtype == np.float64
        np.testing.assert_array_equal(w, b)


@pytest.mark.parametrize("survival", [0.0, 0.5, 0.9, 1.0])
def test_a_listing_that_ends_at_random_counts_each_period_by_its_chance(survival):
    m = cost_model()
    s = m.subjects
    s.listed_until[GOVERNMENT, 1] = 5 + 1 + 3  # three periods of status already paid
    cost = listings.cost_of_new_listing(m, JUDICIAL, listings.PERMANENT_TERM, survival)
    # k-th period ahead holds with probability survival ** (k - 1)
    chance = survival ** np.arange(listings.PERMANENT_TERM)
    own, status = 0.25, STATUS
    assert cost[0] == pytest.approx((own + status) * chance.sum())
    assert cost[1] == pytest.approx(own * chance.sum() + status * chance[3:].sum())
    if survival == 0.0:
        assert cost[0] == pytest.approx(own + status) and cost[1] == pytest.approx(own)


@pytest.mark.parametrize("survival", [0.0, 0.5, 1.0])
def test_a_listing_of_no_period_costs_nothing_whatever_its_survival(survival):
    m = cost_model()
    with np.errstate(divide="raise", invalid="raise"):
        cost = listings.cost_of_new_listing(m, JUDICIAL, 0, survival)
    np.testing.assert_array_equal(cost, 0.0)


def test_discounted_periods_by_hand():
    dp = listings.discounted_periods
    assert dp(1, 3, 1.0) == 3.0 and dp(4, 3, 1.0) == 0.0 and dp(2, 2, 1.0) == 1.0
    assert dp(2, 4, 0.9) == pytest.approx(0.81 + 0.729 + 0.6561)
    assert dp(1, 1200, 0.5) == pytest.approx(1.0)
    assert dp(5, 4, 0.9) == 0.0
    # one factor per subject: summed in closed form
    got = dp(np.array([1, 1, 3, 2]), np.array([3, 2, 2, 2]), np.array([0.9, 1.0, 0.5, 0.5]))
    np.testing.assert_allclose(got, [0.9 + 0.81 + 0.729, 2.0, 0.0, 0.25])
    # the table for a shared factor agrees with the closed form (up to the rounding of
    # a difference of partial sums near 1 / (1 - delta))
    first, last = np.array([1, 7, 30, 1199]), np.array([1200, 40, 31, 1200])
    np.testing.assert_allclose(
        dp(first, last, 0.97), dp(first, last, np.full(4, 0.97)), rtol=1e-12, atol=1e-13
    )


def test_remaining_cost_by_hand():
    m = cost_model()
    s, t = m.subjects, 5
    s.listed_until[BUSINESS, 1] = t + 1 + 4
    s.listed_until[JUDICIAL, 1] = PERMANENT
    s.listed_until[BUSINESS, 2] = t + 1 + 4
    s.listed_until[GOVERNMENT, 2] = t + 1 + 2
    s.listed_until[BUSINESS, 3] = t + 1  # its last period was this one
    cost = listings.remaining_cost(m, 120)
    assert cost[1] == pytest.approx(4 * 0.5 + 120 * 0.25 + 120 * STATUS)
    assert cost[2] == pytest.approx(4 * 0.5 + 2 * 0.5 + 4 * STATUS)
    assert cost[3] == 0.0 and cost[0] == 0.0
    short = listings.remaining_cost(m, 3)
    assert short[2] == pytest.approx(3 * 0.5 + 2 * 0.5 + 3 * STATUS)
    # what ending some departments' listings would save: their own restrictions, and
    # the status costs of the periods no other listing covers
    admin = listings.remaining_cost(m, 120, (GOVERNMENT, BUSINESS, SOCIAL))
    assert admin[1] == pytest.approx(4 * 0.5)  # the court's list keeps the status costs
    assert admin[2] == pytest.approx(cost[2])  # nothing else covers them
    business = listings.remaining_cost(m, 120, (BUSINESS,))
    assert business[2] == pytest.approx(4 * 0.5 + 2 * STATUS)  # government covers two
    assert business[1] == pytest.approx(4 * 0.5)


@pytest.mark.parametrize("domains", [None, (GOVERNMENT, BUSINESS, SOCIAL), (JUDICIAL,)])
def test_remaining_cost_of_some_subjects_is_their_entries_of_the_whole(domains):
    # a discount factor and a status cost per subject, lists of every department
    kw = {
        "decision.discount": 0.9,
        "decision.discount_concentration": 5.0,
        "decision.present_bias": 0.8,
        "social.enabled": True,
        "graded.enabled": True,
        "sharing.enabled": True,
    }
    m = CreditSystemModel(rng=3, n_subjects=300, **kw)
    m.step()
    rng = np.random.default_rng(0)
    t = m.period.t
    m.subjects.listed_until[:] = rng.choice([0, t, t + 2, t + 30, PERMANENT], size=(4, 300))
    idx = np.array([0, 7, 8, 150, 299])
    whole = listings.remaining_cost(m, 24, domains)
    np.testing.assert_array_equal(listings.remaining_cost(m, 24, domains, idx=idx), whole[idx])
    assert listings.remaining_cost(m, 24, domains, idx=idx[:0]).shape == (0,)


def test_status_cost_and_visibility_of_some_subjects_are_their_entries_of_the_whole():
    # every rule with a listed cost on, a sharing level below 1, security's disclosure
    kw = {
        "social.enabled": True,
        "graded.enabled": True,
        "sharing.enabled": True,
        "security.enabled": True,
    }
    m = CreditSystemModel(rng=4, n_subjects=300, **kw)
    m.step()
    idx = np.array([3, 4, 60, 299])
    whole = listings.status_cost(m)
    assert np.ndim(whole) == 1  # a value per subject: the case that needs the index
    np.testing.assert_array_equal(listings.status_cost(m, idx), whole[idx])
    np.testing.assert_array_equal(listings.visibility(m, idx), listings.visibility(m)[idx])
    for name in ("market", "social", "graded"):
        mech = m.mechanisms[name]
        np.testing.assert_array_equal(mech.listed_cost(idx), mech.listed_cost()[idx])
    # while the choice shares the whole (period.reading), a few are still their own
    with m.period.reading():
        np.testing.assert_array_equal(listings.status_cost(m, idx), whole[idx])
        np.testing.assert_array_equal(listings.status_cost(m, idx[:2]), whole[idx[:2]])
        np.testing.assert_array_equal(listings.status_cost(m), whole)


@pytest.mark.parametrize("survival", [1.0, 0.5, 0.0])
def test_cost_of_a_new_listing_of_some_subjects_is_their_entries_of_the_whole(survival):
    kw = {"decision.discount": 0.9, "decision.discount_concentration": 5.0}
    m = CreditSystemModel(rng=5, n_subjects=300, **{**kw, "social.enabled": True})
    m.step()
    rng = np.random.default_rng(1)
    t = m.period.t
    # listings of several departments each, ending at different times
    m.subjects.listed_until[:] = rng.choice([0, t, t + 2, t + 30, PERMANENT], size=(4, 300))
    dom = rng.integers(0, 4, 300)
    term = rng.choice([1, 12, listings.PERMANENT_TERM], 300)
    idx = np.array([1, 2, 50, 200, 299])
    whole = listings.cost_of_new_listing(m, dom, term, survival)
    some = listings.cost_of_new_listing(m, dom[idx], term[idx], survival, idx=idx)
    np.testing.assert_array_equal(some, whole[idx])


# --- place and lift -------------------------------------------------------------------


def test_place_renews_to_the_later_end_and_keeps_permanent_listings():
    m = hand_model({}, n=10)
    s = m.subjects
    s.listed_until[BUSINESS, [1, 2, 3]] = [20, 8, PERMANENT]
    listings.place(s, np.array([1, 2, 3, 4]), BUSINESS, 12, True, False)
    np.testing.assert_array_equal(s.listed_until[BUSINESS, 1:5], [20, 12, PERMANENT, 12])
    # the latest decision says whether the listing rests on a false record
    assert s.wrong_listing[BUSINESS, 1:5].all()
    listings.place(s, np.array([1, 4]), BUSINESS, 13, np.array([False, True]), False)
    np.testing.assert_array_equal(s.wrong_listing[BUSINESS, [1, 4]], [False, True])
    assert not s.listed_until[[GOVERNMENT, SOCIAL, JUDICIAL]].any()


def test_place_lists_a_firms_representative_with_it():
    m = hand_model({}, n=20)
    s = m.subjects
    firm, rep = a_firm(m)
    person = int(np.flatnonzero((s.kind == PERSON) & (np.arange(s.n) != rep))[0])
    reps = listings.place(s, np.array([firm, person]), SOCIAL, 30, True, True)
    np.testing.assert_array_equal(reps, [rep])  # a person has no representative
    assert s.listed_until[SOCIAL, rep] == 30
    assert s.wrong_listing[SOCIAL, rep] and s.via_firm[SOCIAL, rep]
    assert not s.via_firm[SOCIAL, firm] and not s.via_firm[SOCIAL, person]
    assert not s.listed_until[[GOVERNMENT, BUSINESS, JUDICIAL], rep].any()
    # a representative already listed on its own account for longer keeps its record
    s.listed_until[BUSINESS, rep] = 50
    s.wrong_listing[BUSINESS, rep] = False
    listings.place(s, np.array([firm]), BUSINESS, 30, True, True)
    assert s.listed_until[BUSINESS, rep] == 50
    assert not s.wrong_listing[BUSINESS, rep] and not s.via_firm[BUSINESS, rep]
    # without the link only the firm is listed
    listings.place(s, np.array([firm]), GOVERNMENT, 30, False, False)
    assert s.listed_until[GOVERNMENT, rep] == 0
    # a listing on its own account clears the representative's link
    listings.place(s, np.array([rep]), SOCIAL, 31, False, True)
    assert not s.via_firm[SOCIAL, rep] and not s.wrong_listing[SOCIAL, rep]


def test_a_representative_listed_on_its_own_account_to_the_same_end_keeps_its_listing():
    # the firm's listing adds nothing to the representative's own: it keeps its own
    # record of why, and does not leave the list when the firm does
    m = hand_model({}, n=20)
    s = m.subjects
    firm, rep = a_firm(m)
    listings.place(s, np.array([rep]), BUSINESS, 30, False, False)
    listings.place(s, np.array([firm]), BUSINESS, 30, True, True)
    assert s.listed_until[BUSINESS, rep] == 30
    assert not s.wrong_listing[BUSINESS, rep] and not s.via_firm[BUSINESS, rep]
    listings.lift(s, np.array([firm]), 5)
    assert s.listed_until[BUSINESS, firm] == 6 and s.listed_until[BUSINESS, rep] == 30


def test_place_with_nobody_changes_nothing():
    m = hand_model({}, n=10)
    before = m.subjects.listed_until.copy()
    reps = listings.place(m.subjects, np.zeros(0, dtype=np.int64), BUSINESS, 9, False, True)
    assert len(reps) == 0 and np.array_equal(m.subjects.listed_until, before)


def test_lift_ends_listings_from_the_next_period():
    m = hand_model({}, n=10)
    s = m.subjects
    s.listed_until[:, [1, 2, 3]] = np.array([[20, 20, 4], [30, 6, 4], [20, 20, 4], [0, 0, 0]])
    listings.lift(s, np.array([1, 2]), 5, domain=BUSINESS)
    np.testing.assert_array_equal(s.listed_until[BUSINESS, 1:4], [6, 6, 4])
    assert s.listed_until[GOVERNMENT, 1] == 20  # other departments' listings stay
    listings.lift(s, np.array([1, 3]), 5)
    np.testing.assert_array_equal(s.listed_until[:, 1], [6, 6, 6, 0])
    np.testing.assert_array_equal(s.listed_until[:, 3], [4, 4, 4, 0])  # never extended
    assert s.listed(5)[1] and not s.listed(6)[1]


def test_lift_ends_a_representatives_listing_made_via_the_firm():
    m = hand_model({}, n=30)
    s = m.subjects
    firms = np.flatnonzero((s.kind == FIRM) & (s.representative >= 0))
    a, b, c = firms[:3]
    rep = int(np.flatnonzero(s.kind == PERSON)[0])
    s.representative[[a, b]] = rep  # a and b share a representative
    listings.place(s, np.array([a]), BUSINESS, 20, False, True)
    listings.place(s, np.array([b]), BUSINESS, 15, False, True)
    assert s.listed_until[BUSINESS, rep] == 20 and s.via_firm[BUSINESS, rep]
    # a is lifted: its representative stays, as long as b stays listed
    listings.lift(s, np.array([a]), 5)
    assert s.listed_until[BUSINESS, a] == 6 and s.listed_until[BUSINESS, rep] == 15
    # b is lifted too: the representative leaves with it
    listings.lift(s, np.array([b]), 5, domain=BUSINESS)
    assert s.listed_until[BUSINESS, rep] == 6
    # a representative whose own decision extended its listing beyond the firm's stays
    rep_c = int(s.representative[c])
    listings.place(s, np.array([c]), SOCIAL, 20, False, True)
    listings.place(s, np.array([rep_c]), SOCIAL, 30, False, False)
    listings.lift(s, np.array([c]), 5)
    assert s.listed_until[SOCIAL, rep_c] == 30


@pytest.mark.parametrize("where", ["first", "last"])
def test_lift_finds_representatives_at_either_end_of_the_ids(where):
    # representative ids 0 and n - 1 are ids like any other; another person's listing in
    # the same department has nothing to do with the representative's
    m = hand_model({}, n=30)
    s = m.subjects
    rep = 0 if where == "first" else 29
    s.kind[rep] = PERSON
    s.representative[rep] = -1
    a, b = np.flatnonzero(s.kind == FIRM)[:2]
    other = int(np.flatnonzero((s.kind == PERSON) & (np.arange(30) != rep))[0])
    s.representative[[a, b]] = rep
    listings.place(s, np.array([a]), BUSINESS, 20, False, True)
    listings.place(s, np.array([other]), BUSINESS, 40, False, False)
    listings.place(s, np.array([b]), BUSINESS, 7, False, True)  # holds in period 6 only
    listings.lift(s, np.array([a]), 5)
    # b still holds in period 6: the representative with it, not a period longer
    assert s.listed_until[BUSINESS, rep] == 7
    listings.lift(s, np.array([b]), 5)
    assert s.listed_until[BUSINESS, rep] == 6
    assert s.listed_until[BUSINESS, other] == 40


def test_place_lists_nobody_else_for_a_firm_without_a_representative():
    m = hand_model({}, n=20)
    s = m.subjects
    firm = int(np.flatnonzero(s.kind == FIRM)[0])
    s.representative[firm] = -1  # a region without persons
    reps = listings.place(s, np.array([firm]), BUSINESS, 9, False, True)
    assert len(reps) == 0
    assert np.count_nonzero(s.listed_until) == 1


def test_a_listing_that_ends_at_random_counts_only_what_it_adds():
    m = cost_model()
    s = m.subjects
    s.listed_until[JUDICIAL, 1] = PERMANENT  # already on the court's list
    s.listed_until[JUDICIAL, 2] = 5 + 1 + 3  # on it for three more periods
    own, status = 0.25, STATUS
    certain = listings.cost_of_new_listing(m, JUDICIAL, listings.PERMANENT_TERM, 0.0)
    assert certain[1] == 0.0 and certain[2] == 0.0 and certain[0] == pytest.approx(own + status)
    half = listings.cost_of_new_listing(m, JUDICIAL, listings.PERMANENT_TERM, 0.5)
    chance = 0.5 ** np.arange(listings.PERMANENT_TERM)
    assert half[1] == 0.0
    assert half[2] == pytest.approx((own + status) * chance[3:].sum())
    # a one-period listing that holds with certainty in its only period
    one = listings.cost_of_new_listing(m, BUSINESS, 1, 0.0)
    assert one[0] == pytest.approx(0.5 + status)


# --- annulling a listing decision later (an objection upheld after the listing acted) ---


def test_annul_ends_a_fresh_listing_and_restores_a_renewed_one():
    m = hand_model({}, n=12, t=8)
    s = m.subjects
    t = 8
    # subject 1: a fresh listing decided in period 5 (until 5 + 1 + 10 = 16)
    s.listed_until[BUSINESS, 1], s.wrong_listing[BUSINESS, 1] = 16, True
    # subject 2: a renewal in period 5 of a listing that would have held until 12
    s.listed_until[BUSINESS, 2], s.wrong_listing[BUSINESS, 2] = 16, False
    # subject 3: a renewal of a listing whose end (9) has come: it ends now
    s.listed_until[BUSINESS, 3] = 16
    # subject 4: renewed again since (until 20): the later decision stands
    s.listed_until[BUSINESS, 4], s.wrong_listing[BUSINESS, 4] = 20, True
    # subject 5: a renewal of a listing that holds one more period (until t + 2)
    s.listed_until[BUSINESS, 5], s.wrong_listing[BUSINESS, 5] = 16, True
    idx = np.array([1, 2, 3, 4, 5])
    dom = np.full(5, BUSINESS)
    until = np.full(5, 16)
    before = np.array([0, 12, 9, 0, t + 2])
    wrong_before = np.array([False, True, True, False, False])
    own = listings.annul(s, idx, dom, until, before, wrong_before, t)
    np.testing.assert_array_equal(own, [True, True, True, False, True])
    np.testing.assert_array_equal(s.listed_until[BUSINESS, 1:6], [t + 1, 12, t + 1, 20, t + 2])
    # an earlier listing still in force has its own record of why back
    assert s.wrong_listing[BUSINESS, 2] and not s.wrong_listing[BUSINESS, 5]
    assert s.wrong_listing[BUSINESS, 4]
    assert s.listed(t)[1] and not s.listed(t + 1)[1]  # periods served are not undone


def test_annul_ends_the_representatives_listing_made_by_the_same_decision():
    m = hand_model({}, n=40, t=8)
    s = m.subjects
    t = 8
    s.kind[np.arange(40) % 3 == 1] = FIRM  # enough firms for every case
    persons = [i for i in np.flatnonzero(s.kind == PERSON) if i not in (0, 39)]
    s.kind[[0, 39]] = PERSON
    s.representative[[0, 39]] = -1
    a, b, c, d, e, f, g = np.flatnonzero(s.kind == FIRM)[:7]
    s.representative[a] = 0  # the first id
    s.representative[b] = persons[0]
    s.representative[c] = -1  # no representative
    s.representative[d] = 39  # the last id: its firm is not annulled
    s.representative[e] = persons[1]
    s.representative[[f, g]] = persons[2]  # one representative for two firms
    listings.place(s, np.array([a, b, c, d, f]), SOCIAL, 16, True, True)
    listings.place(s, np.array([g]), SOCIAL, 20, True, True)  # extends the shared one
    listings.place(s, np.array([persons[0]]), SOCIAL, 25, False, False)  # its own, longer
    listings.place(s, np.array([e]), SOCIAL, 16, True, False)
    listings.place(s, np.array([persons[1]]), SOCIAL, 16, False, False)  # own, same end
    annulled = np.array([a, b, c, e, f])
    listings.annul(
        s,
        annulled,
        np.full(5, SOCIAL),
        np.full(5, 16),
        np.zeros(5, dtype=np.int64),
        np.zeros(5, dtype=bool),
        t,
    )
    np.testing.assert_array_equal(s.listed_until[SOCIAL, annulled], [t + 1] * 5)
    assert s.listed_until[SOCIAL, 0] == t + 1  # listed with a by the same decision
    assert s.listed_until[SOCIAL, persons[0]] == 25  # extended on its own account
    assert s.listed_until[SOCIAL, persons[1]] == 16  # on its own account, not via e
    assert s.listed_until[SOCIAL, persons[2]] == 20  # via g, by a later decision
    assert s.listed_until[SOCIAL, 39] == 16 and s.listed_until[SOCIAL, d] == 16


@pytest.mark.parametrize("survival", [1.0, 0.0, 0.6])
@pytest.mark.parametrize(
    "time_preference",
    [{}, {"decision.discount": 0.9}, {"decision.discount": 0.95, "decision.present_bias": 0.7}],
)
def test_the_cost_per_department_is_the_cost_per_subject_bit_for_bit(survival, time_preference):
    # cost_of_department_listing computes the cost once per department for the subjects
    # with no listing in force and looks it up: the very values of the per-subject formula
    m = cost_model(**time_preference)
    s, t = m.subjects, 5
    s.listed_until[BUSINESS, 1] = t + 1 + 4
    s.listed_until[BUSINESS, 2] = t + 1  # its last period was this one: nothing covered
    s.listed_until[GOVERNMENT, 4] = t + 1 + 10
    s.listed_until[SOCIAL, 5] = t + 1 + 2
    s.listed_until[JUDICIAL, 6] = PERMANENT
    s.listed_until[BUSINESS, 7] = PERMANENT
    dom = np.array([GOVERNMENT, BUSINESS, SOCIAL, JUDICIAL, GOVERNMENT] * 2, dtype=np.int8)
    terms = np.array([5, 36, 1, listings.PERMANENT_TERM])
    every = np.arange(s.n)
    by_subject = listings.cost_of_new_listing(m, dom, terms[dom], survival, idx=every)
    np.testing.assert_array_equal(
        listings.cost_of_department_listing(m, dom, terms, survival), by_subject
    )
    # a term per subject for all subjects: the per-subject formula
    np.testing.assert_array_equal(
        listings.cost_of_new_listing(m, dom, terms[dom], survival), by_subject
    )
    # one department and term for all (the court list's call)
    by_subject = listings.cost_of_new_listing(m, JUDICIAL, 12, survival, idx=every)
    np.testing.assert_array_equal(
        listings.cost_of_new_listing(m, JUDICIAL, 12, survival), by_subject
    )
    assert len(np.unique(by_subject)) > 1  # listings in force change some subjects' cost
