"""The selective red list: quota in merit order, clean spell, facilitation, inspections."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.population import BUSINESS, FIRM, OFFICIAL, PERSON
from tests.helpers import clearly_greater, hand_model, late_mean, run


def _model(n=40, t=20, **kw):
    return hand_model({"records.coverage": 1.0, **kw}, n=n, t=t)


def test_the_quota_is_a_share_of_the_eligible_kinds():
    m = _model(n=100, **{"redlist.share": 0.25})
    red, s = m.mechanisms["redlist"], m.subjects
    n_firms = np.count_nonzero(s.kind == FIRM)
    assert red.quota == int(np.floor(0.25 * n_firms))
    assert set(red.order.tolist()) == set(np.flatnonzero(s.kind == FIRM).tolist())
    both = _model(n=100, **{"redlist.share": 0.25, "redlist.kinds": "firms_and_persons"})
    eligible = np.flatnonzero(np.isin(s.kind, [FIRM, PERSON]))
    assert both.mechanisms["redlist"].quota == int(np.floor(0.25 * len(eligible)))
    assert set(both.mechanisms["redlist"].order.tolist()) == set(eligible.tolist())
    assert _model(n=100, **{"redlist.share": 0.0}).mechanisms["redlist"].quota == 0


@pytest.mark.parametrize("kinds", ["firms", "firms_and_persons"])
def test_candidates_are_admitted_in_merit_order_up_to_the_quota(kinds):
    m = _model(n=100, **{"redlist.share": 0.2, "redlist.kinds": kinds})
    red, s = m.mechanisms["redlist"], m.subjects
    order = red.order.copy()
    red.update()
    assert np.count_nonzero(s.red) == red.quota > 0
    np.testing.assert_array_equal(np.flatnonzero(s.red), np.sort(red.order[: red.quota]))
    assert not s.red[s.kind == OFFICIAL].any()
    if kinds == "firms":
        assert not s.red[s.kind == PERSON].any()
    # the best two lose their candidacy: the next in merit order take their places
    best = red.order[:2]
    s.last_record[best[0]] = 20  # a record this period
    s.listed_until[BUSINESS, best[1]] = 30  # a listing
    red.update()
    np.testing.assert_array_equal(np.flatnonzero(s.red), np.sort(red.order[2 : red.quota + 2]))
    # the merit order is drawn once: updates do not change it
    assert np.array_equal(red.order, order)


def test_a_quota_larger_than_the_candidates_admits_every_candidate():
    m = _model(n=40, **{"redlist.share": 1.0})
    s = m.subjects
    firms = np.flatnonzero(s.kind == FIRM)
    s.has_file[firms[0]] = False  # no file: never a candidate
    s.last_record[firms[1]] = 19
    s.listed_until[BUSINESS, firms[2]] = 22
    m.mechanisms["redlist"].update()
    np.testing.assert_array_equal(np.flatnonzero(s.red), firms[3:])


@pytest.mark.parametrize("clean", [1, 2, 12])
def test_the_clean_spell_boundary(clean):
    m = _model(**{"redlist.share": 1.0, "redlist.clean_periods": clean})
    s, t = m.subjects, 20
    firms = np.flatnonzero(s.kind == FIRM)[:3]
    s.last_record[firms] = [t - clean, t - clean + 1, -1]
    m.mechanisms["redlist"].update()
    # clean for exactly clean_periods periods: admitted; one period short: not yet
    np.testing.assert_array_equal(s.red[firms], [True, False, True])
    # a record in period 0 is a record like any other
    early = _model(t=clean - 1, **{"redlist.share": 1.0, "redlist.clean_periods": clean})
    early.subjects.last_record[firms[0]] = 0
    early.mechanisms["redlist"].update()
    assert not early.subjects.red[firms[0]] and early.subjects.red[firms[2]]


@pytest.mark.parametrize("clean", [0, 1])
def test_a_new_record_always_takes_a_subject_off_at_the_next_update(clean):
    m = _model(**{"redlist.share": 1.0, "redlist.clean_periods": clean})
    s = m.subjects
    firm = np.flatnonzero(s.kind == FIRM)[0]
    s.red[firm] = True
    s.last_record[firm] = 20  # recorded this period
    m.mechanisms["redlist"].update()
    assert not s.red[firm]
    # deterrence: the status is lost for the spell (at least one period)
    assert m.mechanisms["redlist"].clean_spell() == max(clean, 1)


def test_a_listing_whose_last_period_was_this_one_does_not_bar_admission():
    m = _model(**{"redlist.share": 1.0, "redlist.clean_periods": 0})
    s = m.subjects
    a, b = np.flatnonzero(s.kind == FIRM)[:2]
    s.listed_until[BUSINESS, a] = 21  # held in period 20 only
    s.listed_until[BUSINESS, b] = 22  # holds in period 21
    m.mechanisms["redlist"].update()
    assert s.red[a] and not s.red[b]


def test_facilitation_is_paid_to_the_red_listed_and_counted_as_rewards():
    m = _model(n=10, **{"redlist.facilitation": 0.25})
    s = m.subjects
    s.red[[0, 9]] = True
    s.payoff[:] = 0.5
    m.mechanisms["redlist"].reward()
    expected = np.full(10, 0.5, np.float32)
    expected[[0, 9]] = 0.75
    np.testing.assert_array_equal(s.payoff, expected)
    assert m.period.rewards == 0.5


def test_fewer_inspections_multiply_monitoring_not_reports():
    kw = {
        "redlist.inspection_factor": 0.5,
        "detection.probability": 0.2,
        "detection.report_rate": 0.3,
    }
    m = _model(n=10, **kw)
    s, per = m.subjects, m.period
    s.red[[1, 2]] = True
    m.mechanisms["detection"].plan()
    m.mechanisms["redlist"].inspect()
    m.mechanisms["detection"].assess()
    q = np.where(s.red, 0.2 * 0.5, 0.2)
    np.testing.assert_allclose(per.p_monitor, q, rtol=1e-6)
    np.testing.assert_allclose(per.p_detect, 1 - (1 - q) * (1 - 0.3), rtol=1e-6)
    # factor 0: red-listed subjects are found only by reports
    zero = _model(n=10, **{**kw, "redlist.inspection_factor": 0.0})
    zero.subjects.red[1] = True
    zero.mechanisms["detection"].plan()
    zero.mechanisms["redlist"].inspect()
    zero.mechanisms["detection"].assess()
    assert zero.period.p_detect[1] == pytest.approx(0.3)


def test_deterrence_by_hand():
    kw = {"redlist.facilitation": 0.25, "redlist.clean_periods": 6}
    m = _model(n=10, **kw)
    s, per = m.subjects, m.period
    s.red[[3, 4]] = True
    per.p_detect[:] = 0.4
    expected = np.where(s.red, 0.4 * 0.25 * 6, 0.0)
    np.testing.assert_allclose(m.mechanisms["redlist"].deterrence(), expected)


def test_the_red_listed_share_fills_the_quota_of_clean_firms():
    kw = {"redlist.share": 0.1, "records.coverage": 1.0}
    df = run(2, periods=3, n_subjects=2000, **kw)
    n_firms = np.count_nonzero(CreditSystemModel(rng=2, n_subjects=2000).subjects.kind == FIRM)
    quota = int(np.floor(0.1 * n_firms))
    # period 0: nobody has a record yet and nobody is listed at its end but a few
    assert df["redlisted_share"].iloc[0] <= quota / 2000
    assert df["redlisted_share"].iloc[0] > 0.9 * quota / 2000


def test_nobody_is_red_and_listed_at_once():
    m = CreditSystemModel(rng=8, n_subjects=2000, **{"redlist.share": 0.5})
    for _ in range(30):
        m.step()
        assert not (m.subjects.red & m.subjects.listed(m.t)).any()


def test_a_larger_benefit_raises_firms_honesty():
    kw = {"redlist.share": 0.5, "redlist.clean_periods": 6}
    low = late_mean("honesty_rate_firm", periods=30, **kw, **{"redlist.facilitation": 0.0})
    high = late_mean("honesty_rate_firm", periods=30, **kw, **{"redlist.facilitation": 1.0})
    assert clearly_greater(high, low, 0.02)


@pytest.mark.parametrize("discount", [1.0, 0.9])
def test_what_a_red_listed_actor_puts_at_risk_by_hand(discount):
    # a finding, true or false, costs a red-listed actor its facilitation over the clean
    # spell, each period ahead discounted: f * sum of delta ** k for k = 1 .. c
    kw = {"redlist.facilitation": 0.5, "redlist.clean_periods": 6, "decision.discount": discount}
    m = _model(**kw)
    s, red = m.subjects, m.mechanisms["redlist"]
    s.red[:] = False
    s.red[[2, 7]] = True
    m.period.p_detect[:] = 0.25
    at_risk = 0.5 * sum(discount**k for k in range(1, 7))
    expected = np.where(s.red, at_risk, 0.0)
    np.testing.assert_allclose(red.false_finding_cost(), expected, rtol=1e-12)
    np.testing.assert_allclose(red.deterrence(), 0.25 * expected, rtol=1e-6)


def test_abolishing_the_red_list_takes_everyone_off_it():
    m = CreditSystemModel(rng=3, n_subjects=300)
    m.run_for(3)
    assert m.subjects.red.any()
    m.set("redlist.enabled", False)
    assert not m.subjects.red.any()
    m.run_for(2)
    assert not m.subjects.red.any()
