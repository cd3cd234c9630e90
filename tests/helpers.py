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
    moved: dict[str, Any],
    seed: int = 4,
    periods: int = 15,
    n_subjects: int = 800,
    common: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Assert that moving a switched-off mechanism's parameters changes no outcome.

    ``common`` is set in both runs (e.g. the switch of a mechanism on by default).

    Returns:
        The outcome table of the model with ``common`` only, for further checks.
    """
    common = common or {}
    base = run(seed, periods, n_subjects=n_subjects, **common)
    # the moved values cannot act: say so, or the model rejects them as a likely mistake
    moved = {**common, **moved}
    moved_run = run(seed, periods, n_subjects=n_subjects, allow_inactive=True, **moved)
    pd.testing.assert_frame_equal(base, moved_run)
    return base


def hand_model(
    params: dict[str, Any],
    n: int = 10,
    t: int = 5,
    seed: int = 3,
    allow_inactive: bool = False,
    **world: Any,
):
    """A tiny model with a blank period ``t``, for cases computed by hand."""
    from model.period import Period

    m = CreditSystemModel(rng=seed, n_subjects=n, allow_inactive=allow_inactive, **world, **params)
    m.period = Period.new(t, n)
    return m


def step_with(model, hooks: dict[tuple[str, str], Any]) -> None:
    """Run one period as ``model.step`` does, calling ``hooks[(mechanism, method)](model)``
    just before that entry of STEP_ORDER (whether or not the mechanism is on).

    Lets a test put a finding, a dispute or a listing into a real period at the point
    where the step order would make it, and read the state between two steps.
    """
    from model.period import Period
    from model.schedule import STEP_ORDER

    model.period = Period.new(model.t, model.subjects.n)
    for name, method, _why in STEP_ORDER:
        if (name, method) in hooks:
            hooks[(name, method)](model)
        mech = model.mechanisms[name]
        if mech.enabled:
            getattr(mech, method)()
    model.outcomes = model.compute_outcomes()
    model.datacollector.collect(model)
    model.t += 1
