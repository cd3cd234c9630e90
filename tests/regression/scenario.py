"""The regression scenario and how to compute its outcome table.

The scenario is fixed on purpose: default parameters, 2,000 subjects, 40 periods,
seeds 1 and 2. Its stored table (``baseline.csv``) pins every outcome column, so any
change to the model's behaviour, intended or not, shows up as a failing test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.model import CreditSystemModel

BASELINE = Path(__file__).with_name("baseline.csv")
SEEDS = (1, 2)
N_SUBJECTS = 2000
PERIODS = 40
#: Relative and absolute tolerance of the comparison: float sums may differ in the
#: last bits across numpy builds (SIMD reduction order), nothing more.
TOLERANCE = 1e-12


def outcome_table() -> pd.DataFrame:
    """Run the scenario and return one row per seed and period."""
    frames = []
    for seed in SEEDS:
        model = CreditSystemModel(rng=seed, n_subjects=N_SUBJECTS)
        for _ in range(PERIODS):
            model.step()
        # the numeric outcomes; ``events`` (the schedule's changes, text) is empty at the
        # defaults and has its own tests (tests/test_interventions.py)
        df = model.results().drop(columns="events")
        df.insert(0, "seed", seed)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)
