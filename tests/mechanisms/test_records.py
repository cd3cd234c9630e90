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


def test_records_never_expire_at_an_expiry_weight_of_0():
    m = CreditSystemModel(
        rng=1, n_subjects=10, **{"records.half_life": 1.0, "records.expiry_weight": 0.0}
    )
    rec, s = m.mechanisms["records"], m.subjects
    assert rec.lifetime(1.0) >= 2**30 and rec.lifetime(1e-30) >= 2**30
    s.records[0, 1] = 1.0
    for _ in range(20):
        rec.age()
    assert s.records[0, 1] == np.float32(0.5**20)


def test_a_weight_exactly_at_the_expiry_weight_stays_on_file():
    # half-life 1: 0.5 -> 0.25 exactly; at an expiry weight of 0.25 the record stays
    m = CreditSystemModel(
        rng=1, n_subjects=10, **{"records.half_life": 1.0, "records.expiry_weight": 0.25}
    )
    rec, s = m.mechanisms["records"], m.subjects
    s.records[0, 2] = 0.5
    s.false_records[0, 2] = 0.5
    rec.age()
    assert s.records[0, 2] == 0.25 and s.false_records[0, 2] == 0.25
    rec.age()
    assert s.records[0, 2] == 0.0 and s.false_records[0, 2] == 0.0


def test_erasing_a_record_takes_off_what_is_left_of_its_weight():
    # half-life 2: a record of weight 3 written 2 ageings ago weighs 1.5 now
    kw = {"records.half_life": 2.0, "records.expiry_weight": 0.3}
    m = CreditSystemModel(rng=1, n_subjects=10, **kw)
    rec, s = m.mechanisms["records"], m.subjects
    s.records[[1, 2, 3], 2] = [4.0, 1.75, 2.0]
    s.false_records[[1, 2, 3], 2] = [2.0, 1.5, 0.5]
    idx = np.array([1, 2, 3])
    rec.erase(
        idx,
        np.array([2, 2, 2]),
        np.array([3.0, 3.0, 1.0]),
        np.array([2, 2, 0]),
        np.array([True, True, False]),
    )
    # 1: 4 - 1.5 = 2.5 stays, its false part 2 - 1.5 = 0.5 stays
    # 2: 1.75 - 1.5 = 0.25 < 0.3 is erased, and its false part 1.5 - 1.5 = 0
    # 3: 2 - 1 = 1 (a true record: the false part is untouched)
    np.testing.assert_allclose(s.records[[1, 2, 3], 2], [2.5, 0.0, 1.0], rtol=1e-6)
    np.testing.assert_allclose(s.false_records[[1, 2, 3], 2], [0.5, 0.0, 0.5], rtol=1e-6)
    # a weight left exactly at the expiry weight stays: 1.25 - 1 (written this period)
    m2 = CreditSystemModel(rng=1, n_subjects=10, **{**kw, "records.expiry_weight": 0.25})
    m2.subjects.records[1, 0] = 1.25
    m2.mechanisms["records"].erase(
        np.array([1]), np.array([0]), np.array([1.0]), np.array([0]), np.array([False])
    )
    assert m2.subjects.records[1, 0] == 0.25


def test_the_reported_coverage_is_the_share_with_a_file():
    m = CreditSystemModel(rng=1, n_subjects=10, **{"records.coverage": 1.0})
    m.subjects.has_file[[2, 5, 7]] = False
    assert m.mechanisms["records"].outcomes() == {"coverage": 0.7}
