"""What a worker does for the runner: one run, as a sealed Arrow table.

Kept apart from :mod:`experiments.runner` so that a worker process (local or Dask) imports
only what a run needs: the model, pyarrow and the run-file seal. Not the spec reader
(pydantic), the analysis, the progress bar or the plotting, which only the runner uses.
A worker's start-up is mostly the model's imports (Mesa, which imports its whole package:
``mesa.discrete_space``, ``mesa.experimental`` and with them scipy.spatial and pandas).
"""

from __future__ import annotations

import time
from typing import Any

import pyarrow as pa

from experiments.runfile import fingerprint, seal

#: The modules a worker needs before its first run (imported once by the process that
#: forks local workers, :mod:`experiments.pool`).
PRELOAD = ("experiments.task", "model.model")


def run_one(run: dict[str, Any], provenance: dict[str, Any]) -> pa.Table:
    """Run one model and return its tidy outcome table, sealed with metadata and hash.

    A top-level function of plain arguments, so it pickles for spawned processes and
    Dask workers.

    Args:
        run: One entry of :func:`experiments.spec.expand_runs`.
        provenance: Package versions and git commit of the submitting process.

    Returns:
        An Arrow table: one row per period with the run's identifying columns and
        every outcome; the run configuration and content hash in the schema metadata.

    """
    from model import CreditSystemModel

    start = time.perf_counter()
    model = CreditSystemModel(rng=run["seed"], schedule=run.get("schedule"), **run["params"])
    model.run_for(run["periods"])
    df = model.results()
    n = len(df)
    ident: dict[str, Any] = {
        "run_id": [run["run_id"]] * n,
        "point": [run["point"]] * n,
        "scenario": [run["scenario"]] * n,
    }
    for name, value in run["overrides"].items():
        ident[name] = [value] * n
    ident["replicate"] = [run["replicate"]] * n
    ident["seed"] = pa.array([run["seed"]] * n, pa.int64())
    table = pa.Table.from_pydict(ident)
    outcomes = pa.Table.from_pandas(df, preserve_index=False)
    for name in outcomes.column_names:
        table = table.append_column(name, outcomes[name])
    meta = {
        "run": run,
        "fingerprint": fingerprint(run),
        "seconds": round(time.perf_counter() - start, 4),
        "provenance": provenance,
    }
    return seal(table, meta)
