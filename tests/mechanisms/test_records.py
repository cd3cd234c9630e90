"""Credit records: coverage, filing by severity, ageing and expiry."""

import numpy as np

from model import CreditSystemModel
from model.period import BLOCKED, FORGIVEN, STANDS, VOIDED, Period
from tests.helpers import clearly_greater, late_mean


def test_coverage_share_and_nesting():
    m = CreditSystemModel(rng=1, n_subjects=10_000, **{"records.coverage": 0.3})
    assert abs(m.subjects.has_file.mean() - 0.3) < 0.02
    before = m.subjects.has_file.copy()
    m.mechanisms["records"].set_coverage(0.6)
    after = m.subjects.has_file
    assert (after | ~before).all()  # nobody loses a file when coverage rises
    assert abs(after.mean() - 0.6) < 0.02


def test_filing_weights_by_severity_and_tracks_false_records():
    m = CreditSystemModel(
        rng=1, n_subjects=10, **{"records.coverage": 1.0, "records.serious_weight": 3.0}
    )
    per = Period.new(4, 10)
    per.domain[:] = 1
    per.detected[[0, 1]] = True
    per.serious[1] = True
    per.false_record[2] = True
    per.open_findings(per.found)
    m.period = per
    m.mechanisms["records"].file()
    s = m.subjects
    np.testing.assert_array_equal(s.records[:3, 1], [1.0, 3.0, 1.0])
    np.testing.assert_array_equal(s.false_records[:3, 1], [0.0, 0.0, 1.0])
    assert s.records[3:].sum() == 0
    np.testing.assert_array_equal(s.last_record[:4], [4, 4, 4, -1])


def test_uncovered_subjects_get_no_record():
    m = CreditSystemModel(rng=1, n_subjects=10, **{"records.coverage": 0.0})
    per = Period.new(0, 10)
    per.detected[:] = True
    per.open_findings(per.found)
    m.period = per
    m.mechanisms["records"].file()
    assert m.subjects.records.sum() == 0 and not per.recorded.any()


def test_findings_forgiven_or_voided_are_not_filed_blocked_ones_are():
    m = CreditSystemModel(rng=1, n_subjects=10, **{"records.coverage": 1.0})
    per = Period.new(4, 10)
    per.domain[:] = 2
    per.detected[:5] = True
    per.open_findings(per.found)
    per.finding[:5] = [STANDS, FORGIVEN, VOIDED, BLOCKED, STANDS]
    m.period = per
    m.mechanisms["records"].file()
    np.testing.assert_array_equal(per.recorded[:5], [True, False, False, True, True])
    np.testing.assert_array_equal(m.subjects.records[:5, 2], [1, 0, 0, 1, 1])
    np.testing.assert_array_equal(m.subjects.last_record[:5], [4, -1, -1, 4, 4])


def test_record_lifetime_by_hand():
    m = CreditSystemModel(
        rng=1,
        n_subjects=10,
        **{"records.half_life": 12.0, "records.expiry_weight": 0.1, "records.serious_weight": 3.0},
    )
    rec = m.mechanisms["records"]
    # the smallest k with w * 0.5 ** (k / 12) < 0.1
    for w in (1.0, 3.0, 0.1):
        k = next(k for k in range(10_000) if w * 0.5 ** (k / 12) < 0.1)
        assert rec.lifetime(w) == k
    assert rec.lifetime(0.05) == 0
    assert rec.weight_of(serious=True) == 3.0 and rec.weight_of(serious=False) == 1.0


def test_ageing_halves_weight_per_half_life_then_expires():
    m = CreditSystemModel(
        rng=1, n_subjects=10, **{"records.half_life": 2.0, "records.expiry_weight": 0.3}
    )
    s = m.subjects
    s.records[0, 2] = 1.0
    rec = m.mechanisms["records"]
    rec.age()
    rec.age()
    assert abs(s.records[0, 2] - 0.5) < 1e-6  # two periods = one half-life
    rec.age()
    rec.age()  # 0.25 < 0.3: erased
    assert s.records[0, 2] == 0.0


def test_coverage_raises_honesty():
    low = late_mean("honesty_rate", periods=30, **{"records.coverage": 0.1})
    high = late_mean("honesty_rate", periods=30, **{"records.coverage": 1.0})
    assert clearly_greater(high, low, 0.01)
