"""Scores and grades from visible records."""

import numpy as np

from model import CreditSystemModel
from model.mechanisms.scoring import grades, visible_records
from tests.helpers import clearly_greater, late_mean


def test_visible_records_under_sharing_levels():
    rec = np.array([[1.0, 2.0, 0.0, 4.0], [0.0, 0.0, 3.0, 0.0]], dtype=np.float32)
    home = np.array([1, 2])
    np.testing.assert_allclose(visible_records(rec, home, 1.0), [7.0, 3.0])
    np.testing.assert_allclose(visible_records(rec, home, 0.0), [2.0, 3.0])
    np.testing.assert_allclose(visible_records(rec, home, 0.5), [4.5, 3.0])


def test_grade_cut_offs():
    score = np.array([100, 90, 89.9, 70, 69, 50, 49.9, 0], dtype=np.float32)
    g = grades(score, np.ones(8, dtype=bool))
    np.testing.assert_array_equal(g, [0, 0, 1, 1, 2, 2, 3, 3])
    assert (grades(score, np.zeros(8, dtype=bool)) == -1).all()


def test_score_formula():
    m = CreditSystemModel(rng=1, n_subjects=10, **{"records.coverage": 1.0, "scoring.points": 20.0})
    s = m.subjects
    s.records[0, 0] = 1.0
    s.records[1, 1] = 2.5
    s.records[2, 3] = 9.0
    m.mechanisms["scoring"].score()
    np.testing.assert_allclose(s.score[:4], [80.0, 50.0, 0.0, 100.0])


def test_harsher_points_list_more_subjects():
    mild = late_mean("blacklisted_share", periods=30, **{"scoring.points": 5.0})
    harsh = late_mean("blacklisted_share", periods=30, **{"scoring.points": 40.0})
    # harsher points also deter, so the gap is net of the behavioural response
    assert clearly_greater(harsh, mild, 0.008)
