"""Small helpers shared by the tests."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from model import CreditSystemModel

SEEDS = (1, 2, 3, 4, 5)


def run(seed: int, periods: int = 40, **params: Any) -> pd.DataFrame:
    """Run one model and return its outcome table."""
    params.setdefault("n_subjects", 2000)
    model = CreditSystemModel(rng=seed, **params)
    model.run_for(periods)
    return model.results()


def late_mean(column: str, periods: int = 40, last: int = 10, seeds=SEEDS, **params: Any):
    """Per-seed mean of ``column`` over the last ``last`` periods; returns an array."""
    return np.array(
        [run(s, periods, **params)[column].iloc[-last:].mean() for s in seeds], dtype=float
    )


def clearly_greater(a: np.ndarray, b: np.ndarray, margin: float) -> bool:
    """True if paired per-seed values ``a`` exceed ``b`` by ``margin`` on average and
    in every seed (the effect is not carried by one lucky seed)."""
    d = np.asarray(a) - np.asarray(b)
    return bool(d.mean() > margin and (d > 0).all())


def off_changes_nothing(
    moved: dict[str, Any], seed: int = 4, periods: int = 15, n_subjects: int = 800
) -> pd.DataFrame:
    """Assert that moving a switched-off mechanism's parameters changes no outcome.

    Returns:
        The outcome table of the default model, for further checks.
    """
    base = run(seed, periods, n_subjects=n_subjects)
    # the moved values cannot act: say so, or the model rejects them as a likely mistake
    moved_run = run(seed, periods, n_subjects=n_subjects, allow_inactive=True, **moved)
    pd.testing.assert_frame_equal(base, moved_run)
    return base


def hand_model(params: dict[str, Any], n: int = 10, t: int = 5, seed: int = 3, **world: Any):
    """A tiny model with a blank period ``t``, for cases computed by hand."""
    from model.period import Period

    m = CreditSystemModel(rng=seed, n_subjects=n, **world, **params)
    m.period = Period.new(t, n)
    return m
