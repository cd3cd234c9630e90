"""Presets (model/presets.py): valid against the registry, and they do what they say."""

from __future__ import annotations

import numpy as np
import pytest

from model import REGISTRY, CreditSystemModel
from model.model import _check_consistency
from model.params import resolve
from model.presets import GUIDE, PRESETS, TITLES, preset, split_known


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_names_and_values_validate(name):
    params = PRESETS[name]
    unknown = [k for k in params if k not in REGISTRY]
    assert not unknown, f"preset {name!r} names parameters the model does not have: {unknown}"
    values = resolve(params, REGISTRY)  # raises ParameterError on a bad value
    _check_consistency(values)
    for k, v in params.items():
        assert values[k] == v


def test_every_preset_has_a_title_and_guide():
    assert set(TITLES) == set(PRESETS) == set(GUIDE)
    for name, text in GUIDE.items():
        sentences = [s for s in text.split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 4, name


def test_preset_returns_a_copy_and_rejects_unknown_names():
    p = preset("no_system")
    p["detection.enabled"] = True
    assert PRESETS["no_system"]["detection.enabled"] is False
    with pytest.raises(KeyError, match="unknown preset 'nosystem'"):
        preset("nosystem")


def test_split_known():
    known, unknown = split_known({"sanctions.fine": 2.0, "zz.x": 1}, REGISTRY)
    assert known == {"sanctions.fine": 2.0}
    assert unknown == ["zz.x"]


def _final(name: str, seed: int, periods: int = 30) -> dict[str, float]:
    known, _ = split_known(PRESETS[name], REGISTRY)
    m = CreditSystemModel(rng=seed, n_subjects=1500, **known)
    for _ in range(periods):
        m.step()
    return m.results().iloc[-10:].mean(numeric_only=True).to_dict()


def test_guides_claims_hold_over_seeds():
    """What the guide tells teachers to look for, checked over 4 seeds."""
    seeds = range(1, 5)
    core = [_final("outline_core", s) for s in seeds]
    none = [_final("no_system", s) for s in seeds]
    errors = [_final("error_prone_no_appeals", s) for s in seeds]
    silos = [_final("silos", s) for s in seeds]
    full = [_final("outline_full", s) for s in seeds]

    def mean(runs, col):
        return float(np.mean([r[col] for r in runs]))

    # no system: nobody listed, and honesty below the core system's by a clear margin
    assert mean(none, "blacklisted_share") == 0.0
    assert mean(none, "wrongly_blacklisted_share") == 0.0
    assert mean(core, "honesty_rate") > mean(none, "honesty_rate") + 0.05
    # error-prone records without appeals: a larger wrongly listed share than the core
    assert mean(errors, "wrongly_blacklisted_share") > mean(core, "wrongly_blacklisted_share") + 0.1
    # silos: records not shared lower honesty; the full plan raises it above the core
    assert mean(silos, "honesty_rate") < mean(core, "honesty_rate") - 0.03
    assert mean(full, "honesty_rate") > mean(core, "honesty_rate") + 0.1
    # the full plan: few listings, most of them resting on false records (base rates)
    assert mean(full, "blacklisted_share") < mean(core, "blacklisted_share")
    assert mean(full, "wrongly_blacklisted_share") > 0.5
