"""Whistle-blowers: rewarded third-party reports and false reports (§V(1))."""

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.network import Network
from model.period import NONE, STANDS, Period
from tests.helpers import clearly_greater, late_mean, off_changes_nothing, run

ON = {"whistleblower.enabled": True}


def _tiny(**kw):
    """Ten subjects; 0-1, 0-2, 0-3, 2-3 linked, 4..9 isolated; per-witness rate 0.1."""
    params = {**ON, "whistleblower.base_rate": 0.1, "whistleblower.max_rate": 0.1, **kw}
    m = CreditSystemModel(rng=5, n_subjects=10, **params)
    rows = [[1, 2, 3], [0], [0, 3], [0, 2]] + [[]] * 6
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.array([j for r in rows for j in r], dtype=np.int32)
    m.mechanisms["interaction"].network = Network(indptr=indptr, indices=indices)
    m.mechanisms["whistleblower"].setup()
    m.period = Period.new(3, 10)
    return m


def test_off_means_off_with_parameters_moved():
    off_changes_nothing({"whistleblower.reward": 9.0, "whistleblower.false_report_rate": 0.1})


def test_response_function():
    m = CreditSystemModel(
        rng=1,
        n_subjects=10,
        **{
            **ON,
            "whistleblower.reward": 2.0,
            "whistleblower.base_rate": 0.01,
            "whistleblower.max_rate": 0.11,
            "whistleblower.elasticity": 0.5,
        },
    )
    expected = 0.01 + 0.10 * (1 - np.exp(-1.0))
    assert abs(m.mechanisms["whistleblower"].witness_rate() - expected) < 1e-12


def test_report_probability_and_detection_by_hand():
    m = _tiny()
    wb = m.mechanisms["whistleblower"]
    # witnesses are the neighbours other than the partner: degree - 1
    np.testing.assert_allclose(wb.p_report[:4], [1 - 0.9**2, 0.0, 0.1, 0.1], rtol=1e-6)
    m.period.p_detect[:] = 0.5
    wb.assess()
    np.testing.assert_allclose(m.period.p_detect[:4], [1 - 0.5 * 0.81, 0.5, 0.55, 0.55], rtol=1e-6)


def test_witness_is_never_the_partner_and_uniform_among_the_others():
    m = _tiny()
    wb, per = m.mechanisms["whistleblower"], m.period
    per.partner[:4] = [1, 0, 0, 0]
    # actor 2 (neighbours 0, 3) with partner 0: the witness can only be 3
    u = np.linspace(0, 0.999, 50)
    assert (wb.pick_witness(np.full(50, 2), u) == 3).all()
    # actor 0 (neighbours 1, 2, 3) with partner 1: witnesses 2 and 3, half each
    got = wb.pick_witness(np.zeros(1000, dtype=np.int64), (np.arange(1000) + 0.5) / 1000)
    assert set(got.tolist()) == {2, 3}
    assert (got == 2).sum() == 500


def test_reward_paid_to_the_witness_from_the_budget():
    m = _tiny(**{"whistleblower.reward": 1.5, "whistleblower.false_report_rate": 0.0})
    wb, s, per = m.mechanisms["whistleblower"], m.subjects, m.period
    per.partner[2] = 0
    per.transacted[2] = True
    per.honest[2] = False
    per.detected[2] = True
    per.p_detect[:] = wb.p_report  # only witnesses detect: every detection is a report
    s.payoff[:] = 0.0
    wb.report()
    expected = np.zeros(10, np.float32)
    expected[3] = 1.5
    np.testing.assert_array_equal(s.payoff, expected)
    assert per.rewards == 1.5
    assert wb.outcomes()["whistleblower_reports"] == 0.1


def test_rewards_raise_honesty():
    hi = late_mean("honesty_rate", **{**ON, "whistleblower.reward": 3.0})
    lo = late_mean("honesty_rate", **{**ON, "whistleblower.reward": 0.0})
    # measured: +0.12 (sd 0.001 over 5 seeds)
    assert clearly_greater(hi, lo, 0.06)


def test_false_reports_rise_with_the_reward():
    hi = late_mean("whistleblower_false_reports", **{**ON, "whistleblower.reward": 3.0})
    lo = late_mean("whistleblower_false_reports", **{**ON, "whistleblower.reward": 0.5})
    # expected about 6x (0.006 vs 0.001 per honest act); measured 0.0047 vs 0.0006
    assert clearly_greater(hi, lo, 0.002)


def test_no_false_reports_without_false_report_rate():
    df = run(1, periods=20, **{**ON, "whistleblower.false_report_rate": 0.0})
    assert (df["whistleblower_false_reports"] == 0).all()
    assert df["whistleblower_reports"].sum() > 0


def test_no_reports_without_monitoring_departments():
    from model import CreditSystemModel as _M

    kw = {"n_subjects": 500, "detection.enabled": False, "sanctions.fine": 3.0}
    off = _M(rng=3, **kw)
    on = _M(rng=3, **kw, **{"whistleblower.enabled": True, "whistleblower.reward": 3.0})
    off.run_for(8)
    on.run_for(8)

    cols = [c for c in off.results().columns if not c.startswith("whistleblower")]
    pd.testing.assert_frame_equal(off.results()[cols], on.results()[cols])


def test_false_report_probability_is_capped_and_needs_a_witness():
    # p_false = min(false_report_rate * reward, 1); an honest act is wrongly found with
    # 1 - (1 - e)(1 - p_false) where a witness other than the partner exists, else e
    for rate, p_false in ((0.1, 0.2), (0.8, 1.0)):
        m = _tiny(**{"whistleblower.reward": 2.0, "whistleblower.false_report_rate": rate})
        wb, per = m.mechanisms["whistleblower"], m.period
        assert wb.p_false == pytest.approx(p_false)
        per.p_false[:] = 0.05
        wb.assess()
        witnessed = np.array([1, 0, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
        expected = np.where(witnessed, 1 - 0.95 * (1 - p_false), 0.05)
        np.testing.assert_allclose(per.p_false, expected, rtol=1e-6)


def test_malicious_reports_by_hand():
    # p_false = 1: every honest act that took place, has a witness other than the
    # partner and is not already wrongly found is reported, as a serious false finding
    # (serious_share 1); its witness is paid from the budget
    m = _tiny(
        **{
            "whistleblower.reward": 1.5,
            "whistleblower.false_report_rate": 0.8,
            "detection.serious_share": 1.0,
        }
    )
    wb, s, per = m.mechanisms["whistleblower"], m.subjects, m.period
    per.partner[:4] = [1, 0, 0, 0]
    per.transacted[[0, 1, 2, 4]] = True  # 3 has no transaction; 4 no witness
    per.honest[1] = False  # 1 broke faith, undetected
    per.false_record[2] = True  # 2 already wrongly found by its department
    per.serious[1] = True  # a serious finding already made stays serious
    per.p_detect[:] = 0.5
    s.payoff[:] = 0.0
    wb.report()
    reported = np.zeros(10, dtype=bool)
    reported[0] = True
    np.testing.assert_array_equal(per.false_record, reported | (np.arange(10) == 2))
    np.testing.assert_array_equal(per.serious, reported | (np.arange(10) == 1))
    assert per.finding[0] == STANDS and per.finding[3] == NONE
    # actor 0 (partner 1) is reported by witness 2 or 3
    assert s.payoff.sum() == 1.5 and s.payoff[[2, 3]].sum() == 1.5
    assert per.rewards == 1.5
    assert per.accounts.volume["findings"] == 1
    out = wb.outcomes()
    assert out == {
        "whistleblower_reports": 0.0,
        "whistleblower_false_reports": 0.1,
        "whistleblower_payouts": pytest.approx(0.15),
    }


def test_switched_off_or_without_departments_nothing_is_reported_or_paid():
    zero = {
        "whistleblower_reports": 0.0,
        "whistleblower_false_reports": 0.0,
        "whistleblower_payouts": 0.0,
    }
    off = CreditSystemModel(rng=1, n_subjects=100)
    off.run_for(2)
    assert off.mechanisms["whistleblower"].outcomes() == zero
    kw = {"whistleblower.enabled": True, "detection.enabled": False}
    idle = CreditSystemModel(rng=1, n_subjects=100, **kw)
    idle.run_for(2)
    assert idle.mechanisms["whistleblower"].outcomes() == zero


def test_witness_is_uniform_among_the_non_partners_wherever_the_partner_sits():
    # actor 1 has neighbours 0, 2, 3, 4 (its CSR row starts at place 1, not 0); with the
    # partner first, in the middle or last, each other neighbour reports 1 / 3 of the time
    m = _tiny()
    rows = [[1], [0, 2, 3, 4], [1], [1], [1]] + [[]] * 5
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.array([j for r in rows for j in r], dtype=np.int32)
    m.mechanisms["interaction"].network = Network(indptr=indptr, indices=indices)
    wb, per = m.mechanisms["whistleblower"], m.period
    u = (np.arange(300) + 0.5) / 300
    for partner in (0, 3, 4):
        per.partner[1] = partner
        got = wb.pick_witness(np.ones(300, dtype=np.int64), u)
        others = sorted({0, 2, 3, 4} - {partner})
        assert sorted(set(got.tolist())) == others
        assert [int((got == w).sum()) for w in others] == [100, 100, 100]
