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
