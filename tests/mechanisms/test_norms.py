"""Norms: social learning of integrity, role models, crowding-out (§III(2))."""

import numpy as np
import pytest

from model import CreditSystemModel
from model.mechanisms import norms as norms_module
from model.network import Network
from tests.helpers import clearly_greater, late_mean, off_changes_nothing

ON = {"norms.enabled": True}


def test_off_means_off_with_parameters_moved():
    off_changes_nothing(
        {"norms.conformity": 0.5, "norms.role_model_weight": 9.0, "norms.crowding_out": 0.3}
    )


def _path_model(**kw):
    """Ten subjects: a path 0-1-2, the rest isolated."""
    m = CreditSystemModel(rng=1, n_subjects=10, **{**ON, **kw})
    rows = [[1], [0, 2], [1]] + [[]] * 7
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.array([j for r in rows for j in r], dtype=np.int32)
    m.mechanisms["interaction"].network = Network(indptr=indptr, indices=indices)
    return m


def test_conformity_and_role_models_by_hand():
    m = _path_model(**{"norms.conformity": 0.1, "norms.role_model_weight": 3.0})
    s = m.subjects
    s.integrity[:] = 0.5
    s.integrity[:3] = [0.2, 0.6, 1.0]
    s.red[:] = False
    s.red[2] = True  # a commended role model
    m.mechanisms["norms"].learn()
    np.testing.assert_allclose(s.integrity[[0, 2]], [0.24, 0.96], rtol=1e-6)
    # 1 looked at 0 (step 0.1) or at the role model 2 (step 0.3)
    assert np.isclose(s.integrity[1], 0.56, rtol=1e-6) or np.isclose(s.integrity[1], 0.72)
    assert (s.integrity[3:] == np.float32(0.5)).all()  # isolated subjects keep theirs


def test_crowding_out_erodes_in_proportion_to_the_incentive():
    m = CreditSystemModel(
        rng=1, n_subjects=50, **{**ON, "norms.conformity": 0.0, "norms.crowding_out": 0.5}
    )
    s = m.subjects
    m.period.p_detect[:] = 0.25
    norms = m.mechanisms["norms"]
    x = norms.incentive()
    # the incentive is the deterrence in the decision rule, relative to the gain
    gap = m.mechanisms["decision"].expected_utility_gap()
    deter = gap - m.params["integrity.weight"] * s.integrity + m.world.gain
    np.testing.assert_allclose(x, np.clip(deter / m.world.gain, 0, 1), rtol=1e-5, atol=1e-7)
    assert x.min() > 0
    before = s.integrity.copy()
    norms.learn()
    np.testing.assert_allclose(s.integrity, before * (1 - 0.5 * x), rtol=1e-5)


def test_crowding_out_lowers_integrity_and_honesty():
    kw = {**ON, "norms.crowding_out": 0.05}
    # measured: integrity 0.31 -> 0.06, honesty 0.745 -> 0.656 (5 seeds)
    assert clearly_greater(
        late_mean("mean_integrity", **ON), late_mean("mean_integrity", **kw), 0.1
    )
    assert clearly_greater(late_mean("honesty_rate", **ON), late_mean("honesty_rate", **kw), 0.04)


def test_role_models_raise_integrity():
    # role models are the red-listed: a large red list of firms and persons
    common = {
        **ON,
        "norms.conformity": 0.1,
        "integrity.concentration": 1.0,
        "redlist.kinds": "firms_and_persons",
        "redlist.share": 0.5,
    }
    strong = late_mean("mean_integrity", **common, **{"norms.role_model_weight": 8.0})
    plain = late_mean("mean_integrity", **common, **{"norms.role_model_weight": 1.0})
    # measured: +0.024 (sd 0.01 over 5 seeds): red-listed subjects are the more honest
    assert clearly_greater(strong, plain, 0.01)


def test_conformity_narrows_the_spread_of_integrity():
    spreads = []
    for on in (True, False):
        m = CreditSystemModel(rng=3, n_subjects=2000, **{"norms.enabled": on})
        m.run_for(30)
        spreads.append(float(m.subjects.integrity.std()))
    assert spreads[0] < 0.6 * spreads[1]


@pytest.mark.parametrize(
    "gain,expected",
    [(0.0, [0.0, 1.0, 1.0, 1.0, 1.0]), (0.5, [0.0, 0.002, 0.9, 1.0, 1.0])],
)
def test_the_incentive_is_the_deterrence_over_the_gain_clipped(monkeypatch, gain, expected):
    # without a gain any deterrence is the whole incentive; with one, the ratio up to 1
    m = CreditSystemModel(rng=1, n_subjects=10, gain=gain, **ON)
    deter = np.array([0.0, 0.001, 0.45, 0.5, 2.0] * 2)
    monkeypatch.setattr(norms_module, "total_deterrence", lambda model: deter.copy())
    np.testing.assert_allclose(m.mechanisms["norms"].incentive(), expected * 2, rtol=1e-12)


def test_a_step_closes_at_most_the_whole_gap():
    # conformity 0.5 with a role model weighing 3: the step is capped at the whole gap
    m = _path_model(**{"norms.conformity": 0.5, "norms.role_model_weight": 3.0})
    s = m.subjects
    s.integrity[:3] = [0.2, 0.6, 1.0]
    s.red[:] = False
    s.red[1] = True  # 0's only neighbour is a role model: 0 takes its integrity
    m.mechanisms["norms"].learn()
    assert s.integrity[0] == np.float32(0.6)
    # 2's only neighbour is 1 too: the same step
    assert s.integrity[2] == np.float32(0.6)


def test_a_subject_whose_only_neighbour_is_subject_0_learns_from_it():
    m = _path_model(**{"norms.conformity": 0.25, "norms.role_model_weight": 1.0})
    rows = [[1], [0]] + [[]] * 8  # a pair 0-1
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.array([j for r in rows for j in r], dtype=np.int32)
    m.mechanisms["interaction"].network = Network(indptr=indptr, indices=indices)
    s = m.subjects
    s.integrity[:] = 0.5
    s.integrity[:2] = [0.2, 1.0]
    m.mechanisms["norms"].learn()
    np.testing.assert_allclose(s.integrity[:2], [0.4, 0.8], rtol=1e-6)
    assert (s.integrity[2:] == np.float32(0.5)).all()


def test_the_reported_change_and_crowding_loss_by_hand():
    kw = {**ON, "norms.conformity": 0.0, "norms.crowding_out": 0.5}
    m = CreditSystemModel(rng=1, n_subjects=50, **kw)
    s = m.subjects
    m.period.p_detect[:] = 0.25
    norms = m.mechanisms["norms"]
    x = norms.incentive()
    before = s.integrity.astype(np.float64)
    norms.learn()
    loss = 0.5 * x * before
    out = norms.outcomes()
    assert out["crowding_loss"] == pytest.approx(loss.mean(), rel=1e-5)
    assert out["integrity_change"] == pytest.approx(-loss.mean(), rel=1e-4)
    assert out["integrity_change"] < 0


def test_switched_off_reports_no_change():
    m = CreditSystemModel(rng=1, n_subjects=50)
    m.run_for(2)
    assert m.mechanisms["norms"].outcomes() == {"integrity_change": 0.0, "crowding_loss": 0.0}


def test_without_crowding_out_nothing_is_reported_lost():
    m = _path_model(**{"norms.conformity": 0.1, "norms.role_model_weight": 1.0})
    s = m.subjects
    s.integrity[:] = 0.5
    s.integrity[:3] = [0.2, 0.6, 1.0]
    before = s.integrity.astype(np.float64).mean()
    m.mechanisms["norms"].learn()
    out = m.mechanisms["norms"].outcomes()
    assert out["crowding_loss"] == 0.0
    assert out["integrity_change"] == pytest.approx(s.integrity.astype(np.float64).mean() - before)
    assert out["integrity_change"] != 0.0
