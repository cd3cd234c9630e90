"""Integrity education: campaigns move integrity towards a ceiling (§III(1))."""

import numpy as np

from model import CreditSystemModel
from tests.helpers import clearly_greater, late_mean, off_changes_nothing, run

ON = {"education.enabled": True}


def test_off_means_off_with_parameters_moved():
    off_changes_nothing({"education.rate": 0.9, "education.reach": 1.0, "education.cost": 5.0})


def test_partial_adjustment_towards_the_ceiling_by_hand():
    kw = {**ON, "education.reach": 1.0, "education.rate": 0.5, "education.cost": 0.25}
    m = CreditSystemModel(rng=1, n_subjects=10, **kw)
    s = m.subjects
    s.integrity[:] = 0.2
    s.integrity[1] = 1.0
    m.mechanisms["education"].campaign()
    assert s.integrity[0] == np.float32(0.6) and s.integrity[1] == 1.0
    out = m.mechanisms["education"].outcomes()
    assert out["education_reached"] == 1.0 and out["education_cost_per_subject"] == 0.25
    # above a lower ceiling nothing changes; below it the gap to it is halved
    m2 = CreditSystemModel(rng=1, n_subjects=10, **{**kw, "education.ceiling": 0.5})
    m2.subjects.integrity[:] = 0.8
    m2.subjects.integrity[0] = 0.3
    m2.mechanisms["education"].campaign()
    assert m2.subjects.integrity[0] == np.float32(0.4)
    assert (m2.subjects.integrity[1:] == np.float32(0.8)).all()


def test_reach_is_the_share_reached():
    df = run(2, periods=20, n_subjects=3000, **{**ON, "education.reach": 0.3})
    share = df["education_reached"].mean()
    se = np.sqrt(0.3 * 0.7 / (3000 * 20))
    assert abs(share - 0.3) < 4 * se
    assert np.allclose(df["education_cost_per_subject"], df["education_reached"] * 0.05)


def test_education_raises_integrity_and_honesty():
    # measured: integrity 0.30 -> 0.51, honesty 0.74 -> 0.80 (5 seeds, sd < 0.003)
    assert clearly_greater(late_mean("mean_integrity", **ON), late_mean("mean_integrity"), 0.1)
    assert clearly_greater(late_mean("honesty_rate", **ON), late_mean("honesty_rate"), 0.03)


def test_a_reach_of_zero_moves_nobody_and_costs_nothing():
    kw = {**ON, "education.reach": 0.0, "education.rate": 0.5, "education.cost": 1.0}
    m = CreditSystemModel(rng=1, n_subjects=50, **kw)
    s = m.subjects
    s.integrity[:] = np.linspace(0.0, 0.9, 50, dtype=np.float32)
    before = s.integrity.copy()
    m.mechanisms["education"].campaign()
    np.testing.assert_array_equal(s.integrity, before)
    out = m.mechanisms["education"].outcomes()
    assert out["education_reached"] == 0.0 and out["education_cost_per_subject"] == 0.0


def test_switched_off_nobody_is_reached_and_nothing_is_spent():
    df = run(1, periods=3, n_subjects=100)
    assert (df["education_reached"] == 0.0).all()
    assert (df["education_cost_per_subject"] == 0.0).all()
