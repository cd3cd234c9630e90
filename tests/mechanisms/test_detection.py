"""Monitoring: detection, reports and false findings."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.period import NONE, Period
from tests.helpers import clearly_greater, late_mean


def test_detected_share_of_violations_matches_probability():
    m = CreditSystemModel(
        rng=5, n_subjects=5000, **{"detection.probability": 0.3, "detection.report_rate": 0.2}
    )
    found = cheats = 0
    for _ in range(10):
        m.step()
        found += m.period.detected.sum()
        cheats += m.period.cheated.sum()
    expected = 1 - 0.7 * 0.8
    se = np.sqrt(expected * (1 - expected) / cheats)
    assert abs(found / cheats - expected) < 4 * se


def test_false_findings_only_on_honest_acts_at_the_error_rate():
    m = CreditSystemModel(rng=5, n_subjects=5000, **{"detection.false_record_rate": 0.05})
    false = honest = 0
    for _ in range(10):
        m.step()
        per = m.period
        assert not (per.false_record & ~(per.transacted & per.honest)).any()
        assert not (per.detected & ~per.cheated).any()
        false += per.false_record.sum()
        honest += (per.transacted & per.honest).sum()
    se = np.sqrt(0.05 * 0.95 / honest)
    assert abs(false / honest - 0.05) < 4 * se


def test_detection_raises_honesty():
    on = late_mean("honesty_rate", periods=30)
    off = late_mean("honesty_rate", periods=30, **{"detection.enabled": False})
    assert clearly_greater(on, off, 0.2)


def test_errors_raise_wrongful_listings():
    kw = {"blacklist.scope_social": 0.5}
    low = late_mean(
        "wrongly_listed_share", periods=40, **kw, **{"detection.false_record_rate": 0.0}
    )
    high = late_mean(
        "wrongly_listed_share", periods=40, **kw, **{"detection.false_record_rate": 0.05}
    )
    assert (low == 0).all()  # without false findings no listing rests on one
    assert clearly_greater(high, low, 0.002)


def test_findings_enter_the_ledger_as_standing():
    m = CreditSystemModel(rng=5, n_subjects=3000, **{"detection.false_record_rate": 0.05})
    m.step()
    per = m.period
    assert per.found.any()
    assert (per.finding[per.found] != NONE).all() and (per.finding[~per.found] == NONE).all()


def test_serious_share_of_findings():
    m = CreditSystemModel(rng=5, n_subjects=5000, **{"detection.serious_share": 0.3})
    serious = found = 0
    for _ in range(5):
        m.step()
        found += m.period.found.sum()
        serious += m.period.serious.sum()
        assert not (m.period.serious & ~m.period.found).any()
    assert abs(serious / found - 0.3) < 4 * np.sqrt(0.21 / found)


def test_subjects_expect_the_false_record_rate_departments_record_with_care_included():
    # a liability rule raises departments' care to 4: they record a false finding with
    # 0.08 / 4 = 0.02, and rational subjects weigh that chance, not the nominal 0.08
    m = CreditSystemModel(rng=5, n_subjects=4000, **{"detection.false_record_rate": 0.08})
    m.mechanisms["detection"].set_care(4.0)
    false = honest = 0
    for _ in range(6):
        m.step()
        per = m.period
        assert np.allclose(per.p_false, 0.02)
        assert np.allclose(per.e_expected, 0.02)
        false += per.false_record.sum()
        honest += (per.transacted & per.honest).sum()
    se = np.sqrt(0.02 * 0.98 / honest)
    assert abs(false / honest - 0.02) < 4 * se


def test_nobody_monitors_when_detection_is_off():
    kw = {
        "detection.enabled": False,
        "detection.probability": 0.5,
        "detection.serious_share": 0.5,
        "detection.false_record_rate": 0.1,
    }
    det = CreditSystemModel(rng=5, n_subjects=10, allow_inactive=True, **kw).mechanisms["detection"]
    assert det.serious_share() == 0.0
    assert det.base_probability() == 0.0
    assert det.false_record_rate() == 0.0
    on = CreditSystemModel(rng=5, n_subjects=10, **{**kw, "detection.enabled": True})
    det = on.mechanisms["detection"]
    assert (det.serious_share(), det.base_probability(), det.false_record_rate()) == (0.5, 0.5, 0.1)


def test_care_is_at_least_1_and_divides_the_false_record_rate():
    m = CreditSystemModel(rng=5, n_subjects=10, **{"detection.false_record_rate": 0.08})
    det = m.mechanisms["detection"]
    det.set_care(1.0)  # the least care: allowed
    assert det.care() == 1.0 and det.false_record_rate() == 0.08
    det.set_care(4.0)
    assert det.care() == 4.0 and det.false_record_rate() == 0.02
    for bad in (0.5, 0.0, float("nan")):
        with pytest.raises(ValueError, match="at least 1"):
            det.set_care(bad)
    assert det.care() == 4.0  # a refused value changes nothing


def test_the_state_inspects_the_acts_that_took_place_and_investigates_with_care():
    kw = {"detection.probability": 0.25, "detection.false_record_rate": 0.5}
    m = CreditSystemModel(rng=5, n_subjects=100, **kw)
    m.period = per = Period.new(3, 100)
    per.transacted[:60] = True
    per.honest[30:] = True  # 30 cheats and 30 honest acts took place
    det = m.mechanisms["detection"]
    det.set_care(2.5)
    det.plan()
    det.assess()
    det.monitor()
    assert per.accounts.volume["inspections"] == 60 * 0.25
    found = int(per.found.sum())
    assert found > 0
    assert per.accounts.volume["findings"] == 2.5 * found
