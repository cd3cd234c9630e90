"""Judicial public trust: lawsuits, judgments, enforcement and the defaulter list (§II(4))."""

import math

import numpy as np

from model import CreditSystemModel
from model.period import Period
from model.population import JUDICIAL
from tests.helpers import clearly_greater, late_mean, off_changes_nothing

JUD = {"judicial.enabled": True}


def _model(n=10, **kw):
    """One region, every broken transaction sued and heard, near best-response debtors."""
    params = {
        **JUD,
        "judicial.litigation_rate": 1.0,
        "judicial.capacity": 1000.0,
        "decision.rationality": 1000.0,
        **kw,
    }
    m = CreditSystemModel(rng=3, n_subjects=n, n_regions=1, **params)
    m.period = Period.new(5, n)
    return m


def _cheats(m, actors, partners):
    per = m.period
    per.transacted[actors] = True
    per.honest[actors] = False
    per.partner[actors] = partners


def test_off_means_off_with_parameters_moved():
    base = off_changes_nothing({"judicial.enforcement_rate": 1.0, "judicial.litigation_rate": 1.0})
    assert base["judgments_enforced_rate"].isna().all()
    assert (base["defaulters_share"] == 0.0).all()


def test_compliance_pays_damages_by_hand():
    # listing cost 24 * 1 = 24 > damages 2: every debtor complies
    m = _model(**{"judicial.restriction_cost": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    _cheats(m, [1, 2], [3, 3])
    s.payoff[:] = 0.0
    jud.adjudicate()
    d = np.float32(m.world.harm)
    expected = np.zeros(10, np.float32)
    expected[[1, 2]] = -d
    expected[3] = 2 * d
    np.testing.assert_array_equal(s.payoff, expected)
    out = jud.outcomes()
    assert out["judgments_enforced_rate"] == 1.0 and out["honesty_rate_judicial"] == 1.0
    assert out["defaulters_share"] == 0.0 and out["judgments_per_subject"] == 0.2


def test_refusers_are_listed_and_recorded_by_hand():
    # no enforcement, no restriction cost: refusing costs nothing, every debtor refuses
    m = _model(**{"judicial.restriction_cost": 0.0, "judicial.enforcement_rate": 0.0})
    jud, s, per = m.mechanisms["judicial"], m.subjects, m.period
    s.has_file[:] = True
    _cheats(m, [4], [0])
    s.payoff[:] = 0.0
    jud.adjudicate()
    assert jud.defaulter_until[4] == per.t + 24
    assert s.records[4, JUDICIAL] == np.float32(m.params["records.serious_weight"])
    assert s.last_record[4] == per.t
    np.testing.assert_array_equal(s.payoff, 0.0)  # nothing paid, nothing restricted
    out = jud.outcomes()
    assert out["judgments_enforced_rate"] == 0.0 and out["honesty_rate_judicial"] == 0.0
    assert out["defaulters_share"] == 0.1
    # the listing lasts exactly list_duration periods
    assert jud.defaulter_until[4] > per.t + 23 and not jud.defaulter_until[4] > per.t + 24


def test_enforcement_and_restriction_by_hand():
    # e = 1 and no listing cost: refusing costs e * D = D, the debtor is indifferent;
    # those who refuse have the damages seized, so every judgment is performed
    m = _model(**{"judicial.restriction_cost": 0.0, "judicial.enforcement_rate": 1.0})
    jud, s = m.mechanisms["judicial"], m.subjects
    assert jud.compliance_probability() == 0.5  # indifferent: e * D + L == D
    _cheats(m, [1, 2, 5, 6], [0, 0, 0, 0])
    s.payoff[:] = 0.0
    jud.adjudicate()
    # complying or seized, every judgment is performed: the partner gets 4 * D
    assert s.payoff[0] == np.float32(4 * m.world.harm)
    assert jud.outcomes()["judgments_enforced_rate"] == 1.0
    listed = jud.defaulters()
    assert 0 < listed.sum() < 4  # the refusers (about half) are listed all the same
    # a listed defaulter pays the restriction cost every period it is listed
    m2 = _model(**{"judicial.restriction_cost": 0.3})
    j2, s2 = m2.mechanisms["judicial"], m2.subjects
    j2.defaulter_until[[2, 7]] = [6, 5]  # period 5: 2 is listed, 7's listing has ended
    s2.payoff[:] = 0.0
    j2.adjudicate()
    expected = np.zeros(10, np.float32)
    expected[2] = -np.float32(0.3)
    np.testing.assert_array_equal(s2.payoff, expected)


def test_compliance_probability_and_deterrence_formulas():
    m = _model(
        **{
            "decision.rationality": 2.0,
            "judicial.enforcement_rate": 0.4,
            "judicial.restriction_cost": 0.05,
            "judicial.list_duration": 10,
            "judicial.litigation_rate": 0.3,
        }
    )
    jud = m.mechanisms["judicial"]
    d, e, big_l = m.world.harm, 0.4, 0.5
    c = 1.0 / (1.0 + math.exp(-2.0 * (e * d + big_l - d)))
    assert math.isclose(jud.compliance_probability(), c, rel_tol=1e-12)
    cost = c * d + (1 - c) * (e * d + big_l)
    jud.courts[0].hearing_probability = 0.5
    np.testing.assert_allclose(jud.deterrence(), 0.3 * 0.5 * cost)


def test_court_capacity_limits_hearings():
    m = CreditSystemModel(rng=1, n_subjects=4000, n_regions=2, **JUD)
    court = m.mechanisms["judicial"].courts[0]
    assert court.capacity == 20.0 * 2000 / 1000  # 20 per 1,000 subjects of the region
    assert court.docket(160) == 0.25 and court.docket(10) == 1.0 and court.docket(0) == 1.0
    m.run_for(20)
    df = m.results()
    # courts hear at most their capacity on average: 80 cases per period in all
    assert df["judgments_per_subject"].mean() * 4000 < 80 * 1.15


def test_judicial_enforcement_raises_honesty():
    on = late_mean("honesty_rate", **JUD)
    off = late_mean("honesty_rate")
    # measured: 0.743 -> 0.846 (sd 0.005 over 5 seeds)
    assert clearly_greater(on, off, 0.05)


def test_higher_enforcement_rate_raises_performance_and_honesty():
    weak = {**JUD, "judicial.restriction_cost": 0.02, "judicial.enforcement_rate": 0.0}
    strong = {**weak, "judicial.enforcement_rate": 0.9}
    # measured: performed 0.04 -> 0.96; honesty 0.792 -> 0.850
    assert clearly_greater(
        late_mean("judgments_enforced_rate", **strong),
        late_mean("judgments_enforced_rate", **weak),
        0.5,
    )
    assert clearly_greater(
        late_mean("honesty_rate", **strong), late_mean("honesty_rate", **weak), 0.03
    )
