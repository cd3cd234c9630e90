"""The model works with Mesa's tools: batch_run with flat parameter names, the DataCollector."""

import mesa
import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel


def test_batch_run_with_flat_dotted_names():
    rows = mesa.batch_run(
        CreditSystemModel,
        parameters={"n_subjects": 400, "sanctions.fine": [0.5, 6.0]},
        rng=[1, 2],
        max_steps=8,
        number_processes=1,
        display_progress=False,
    )
    df = pd.DataFrame(rows)
    assert len(df) == 4
    assert set(df["sanctions.fine"]) == {0.5, 6.0}
    by_fine = df.groupby("sanctions.fine")["honesty_rate"].mean()
    assert by_fine[6.0] > by_fine[0.5] + 0.1  # a higher fine deters
    # batch_run's runs equal the model run directly with the same seed
    direct = CreditSystemModel(rng=1, n_subjects=400, **{"sanctions.fine": 6.0})
    direct.run_for(8)
    row = df[(df["sanctions.fine"] == 6.0) & (df["rng"] == 1)].iloc[0]
    assert row["honesty_rate"] == direct.results()["honesty_rate"].iloc[-1]


def test_outcome_collector_collects_what_mesas_datacollector_does():
    """The model's collector (no deep copy) gives Mesa's DataCollector's table, value for
    value, at a non-default setting with columns that are NaN in some periods."""
    from functools import partial

    from model.model import _outcome

    model = CreditSystemModel(
        rng=3, n_subjects=300, **{"sanctions.fine": 2.5, "repair.enabled": True}
    )
    stock = mesa.DataCollector(model_reporters={c: partial(_outcome, c) for c in model.columns()})
    for _ in range(6):
        model.step()
        stock.collect(model)
        # each period's row is the model's outcomes of that period, in the columns' order
        assert list(model.datacollector.model_vars) == list(model.columns())
        row = [v[-1] for v in model.datacollector.model_vars.values()]
        want = [model.outcomes[c] for c in model.columns()]
        assert np.array_equal(row, want, equal_nan=True)
    ours = model.datacollector.get_model_vars_dataframe()
    theirs = stock.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    assert model.datacollector._collection_steps == stock._collection_steps == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("config", ["bench", "core", "all"])
def test_outcome_values_are_immutable_numbers(config):
    """What the collector's skipping of Mesa's deep copy rests on: every outcome value of
    every configuration is a number (immutable), not an array or a container."""
    from benchmarks.config import parameters

    model = CreditSystemModel(rng=2, n_subjects=300, **parameters(config))
    for _ in range(3):
        model.step()
        bad = {c: type(v) for c, v in model.outcomes.items() if not isinstance(v, int | float)}
        assert not bad
