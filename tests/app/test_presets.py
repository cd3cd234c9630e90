"""Presets (model/presets.py): valid against the registry, and they do what they say."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from model import REGISTRY, CreditSystemModel
from model.model import _check_consistency
from model.params import resolve
from model.presets import GUIDE, PRESETS, TITLES, preset, split_known
from tests.helpers import clearly_greater


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


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_value_a_preset_sets_can_act(name):
    # a preset naming a parameter of a mechanism it leaves off would be rejected
    CreditSystemModel(rng=1, n_subjects=50, **PRESETS[name])


SEEDS = range(1, 5)
PRESET_TRUST_START = REGISTRY["interaction.trust_initial"].default


@functools.cache
def _runs(name: str, periods: int = 30) -> list[dict]:
    """Late-period means (last 10 of ``periods``) over 4 seeds, and the final records."""
    out = []
    for seed in SEEDS:
        m = CreditSystemModel(rng=seed, n_subjects=1500, **PRESETS[name])
        m.run_for(periods)
        row = m.results().iloc[-10:].mean(numeric_only=True).to_dict()
        row["records_on_file"] = float(m.subjects.records.sum())
        out.append(row)
    return out


def per_seed(name: str, col: str) -> np.ndarray:
    return np.array([r[col] for r in _runs(name)])


def test_outline_core_guide():
    # a few trusted firms are red-listed; persons and firms are listed; some on false records
    red = per_seed("outline_core", "redlisted_share")
    assert ((red > 0) & (red < 0.05)).all()
    assert (per_seed("outline_core", "listed_share_firm") > 0).all()
    assert (per_seed("outline_core", "listed_share_person") > 0).all()
    assert (per_seed("outline_core", "wrongful_listing_share") < 0.5).all()


def test_no_system_guide():
    # nothing fined or listed; honesty well below the default system's; trust drifts down
    assert (per_seed("no_system", "blacklisted_share") == 0.0).all()
    assert (per_seed("no_system", "fines_per_subject") == 0.0).all()
    assert (per_seed("no_system", "wrongly_listed_share") == 0.0).all()
    assert np.isnan(per_seed("no_system", "wrongful_listing_share")).all()
    assert clearly_greater(
        per_seed("outline_core", "honesty_rate"), per_seed("no_system", "honesty_rate"), 0.1
    )
    assert (per_seed("no_system", "mean_trust") < PRESET_TRUST_START).all()


def test_single_score_guide():
    # persons listed over everyday dealings, more wrongly listed, more excluded, and a
    # red list for a large share of subjects
    core, score = "outline_core", "single_score"
    assert clearly_greater(
        per_seed(score, "listed_share_person"), per_seed(core, "listed_share_person"), 0.02
    )
    assert clearly_greater(
        per_seed(score, "wrongly_listed_share"), per_seed(core, "wrongly_listed_share"), 0.005
    )
    assert clearly_greater(
        per_seed(score, "excluded_share"), per_seed(core, "excluded_share"), 0.01
    )
    assert clearly_greater(
        per_seed(score, "redlisted_share"), per_seed(core, "redlisted_share"), 0.3
    )


def test_outline_full_guide():
    # honesty and trust rise over the default; errors make up more of what is left listed
    core, full = "outline_core", "outline_full"
    assert clearly_greater(per_seed(full, "honesty_rate"), per_seed(core, "honesty_rate"), 0.08)
    assert clearly_greater(per_seed(full, "trust_rate"), per_seed(core, "trust_rate"), 0.03)
    assert clearly_greater(
        per_seed(full, "wrongful_listing_share"), per_seed(core, "wrongful_listing_share"), 0.0
    )


def test_silos_guide():
    # without the sharing platform honesty is lower than the default's
    assert clearly_greater(
        per_seed("outline_core", "honesty_rate"), per_seed("silos", "honesty_rate"), 0.005
    )


def test_error_prone_no_appeals_guide():
    # few are listed at all (about 1,500 subjects here): never fewer wrongly listed, and
    # clearly more on average
    errors = per_seed("error_prone_no_appeals", "wrongly_listed_share")
    core = per_seed("outline_core", "wrongly_listed_share")
    assert (errors >= core).all() and errors.mean() > core.mean() + 0.001


def test_rewards_only_and_punishment_only_guides():
    # no fines and no lists, a fifth of firms red-listed; honesty between no system and
    # punishment only
    assert (per_seed("rewards_only", "fines_per_subject") == 0.0).all()
    assert (per_seed("rewards_only", "blacklisted_share") == 0.0).all()
    assert (per_seed("rewards_only", "wrongly_listed_share") == 0.0).all()
    firm_share = REGISTRY["firm_share"].default
    red = per_seed("rewards_only", "redlisted_share")
    assert (red <= PRESETS["rewards_only"]["redlist.share"] * firm_share + 1e-9).all()
    assert (red > 0.5 * PRESETS["rewards_only"]["redlist.share"] * firm_share).all()
    assert clearly_greater(
        per_seed("rewards_only", "honesty_rate"), per_seed("no_system", "honesty_rate"), 0.01
    )
    assert clearly_greater(
        per_seed("punishment_only", "honesty_rate"), per_seed("rewards_only", "honesty_rate"), 0.1
    )
    assert (per_seed("punishment_only", "redlisted_share") == 0.0).all()


def test_education_only_guide():
    # nobody listed; integrity rises over the default's
    assert (per_seed("education_only", "blacklisted_share") == 0.0).all()
    assert clearly_greater(
        per_seed("education_only", "mean_integrity"), per_seed("no_system", "mean_integrity"), 0.05
    )


def test_no_department_records_or_fines_in_no_system_and_education_only():
    # the guide texts say "no department records", "no sanctions": courts may still note a
    # refusal in a credit file, but no department lists or fines anyone
    for name in ("no_system", "education_only"):
        assert (per_seed(name, "admin_listed_share") == 0.0).all(), name
        assert (per_seed(name, "fines_per_subject") == 0.0).all(), name
