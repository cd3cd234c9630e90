"""A switched-off mechanism changes nothing; switching it on changes something."""

import dataclasses

import pandas as pd
import pytest

from model import REGISTRY, CreditSystemModel
from model.mechanisms import EXTENSIONS, MECHANISMS

SWITCHABLE = [n for n, c in MECHANISMS.items() if "enabled" in c.Params.__dataclass_fields__]


def _run(periods=12, **params):
    m = CreditSystemModel(rng=9, n_subjects=600, allow_inactive=True, **params)
    m.run_for(periods)
    return m.results()


def _perturbed(name: str) -> dict:
    """Every non-switch parameter of a mechanism moved away from its default."""
    out = {}
    for f in dataclasses.fields(MECHANISMS[name].Params):
        spec = REGISTRY[f"{name}.{f.name}"]
        if f.name == "enabled":
            continue
        if spec.kind is bool:
            out[spec.name] = not spec.default
        elif spec.kind is str:
            out[spec.name] = next(c for c in spec.choices if c != spec.default)
        else:
            lo, hi = spec.low, spec.high
            target = lo if spec.default != lo else hi
            # halfway to the bound keeps values sensible (e.g. durations)
            value = spec.default + (target - spec.default) / 2
            out[spec.name] = int(round(value)) if spec.kind is int else value
    return out


@pytest.mark.parametrize("name", SWITCHABLE)
def test_off_means_off(name):
    base = _run(**{f"{name}.enabled": False})
    changed = _run(**{f"{name}.enabled": False, **_perturbed(name)})
    pd.testing.assert_frame_equal(base, changed)


def test_extensions_are_off_by_default():
    for cls in EXTENSIONS:
        assert cls.Params().enabled is False, cls.name


@pytest.mark.parametrize("name", SWITCHABLE)
def test_on_changes_the_outcomes(name):
    on = _run(**{f"{name}.enabled": True})
    off = _run(**{f"{name}.enabled": False})
    assert not on.equals(off), f"switching {name} on changed nothing"
