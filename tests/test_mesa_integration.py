"""The flat parameter names work with Mesa's own tools (batch_run)."""

import mesa
import pandas as pd

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
