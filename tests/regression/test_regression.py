"""The model reproduces the stored outcome table of the regression scenario."""

import numpy as np
import pandas as pd
import pytest

from tests.regression.scenario import BASELINE, TOLERANCE, outcome_table

HOW_TO_UPDATE = (
    "If this change of behaviour is intended, rewrite the baseline deliberately with "
    "`python -m tests.regression.update` and add a CHANGELOG.md entry saying why."
)


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_csv(BASELINE), outcome_table()


def test_baseline_has_the_scenario_rows(tables):
    stored, _ = tables
    assert sorted(stored["seed"].unique()) == [1, 2]
    assert stored.groupby("seed")["period"].apply(list).map(len).tolist() == [40, 40]


def test_every_stored_column_is_still_reported(tables):
    stored, now = tables
    missing = [c for c in stored.columns if c not in now.columns]
    assert not missing, f"Outcome columns no longer reported: {missing}. {HOW_TO_UPDATE}"


def test_outcomes_equal_the_stored_baseline(tables):
    stored, now = tables
    diffs = []
    for col in stored.columns:
        a = stored[col].to_numpy(dtype=np.float64)
        b = now[col].to_numpy(dtype=np.float64)
        same = np.isclose(a, b, rtol=TOLERANCE, atol=TOLERANCE, equal_nan=True)
        if not same.all():
            i = int(np.flatnonzero(~same)[0])
            diffs.append(
                f"{col}: first difference at seed {stored['seed'][i]} period "
                f"{stored['period'][i]}: stored {float(a[i])!r}, now {float(b[i])!r}"
            )
    assert not diffs, "Outcomes differ from the regression baseline:\n" + "\n".join(
        diffs[:10] + [HOW_TO_UPDATE]
    )
