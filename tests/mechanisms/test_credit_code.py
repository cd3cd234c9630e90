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
