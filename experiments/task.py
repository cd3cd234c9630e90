"""What a worker does for the runner: runs, as sealed Arrow tables or written run files.

Kept apart from :mod:`experiments.runner` so that a worker process (local or Dask) imports
only what a run needs: the model, pyarrow and the run-file seal. Not the spec reader
(pydantic), the analysis, the progress bar or the plotting, which only the runner uses.
A worker's start-up is mostly the model's imports (Mesa, which imports its whole package:
``mesa.discrete_space``, ``mesa.experimental`` and with them scipy.spatial and pandas).
This module itself imports nothing heavy at the top, so that the runner's command line
can read :data:`PRELOAD` and start the fork server before its own imports.

Runs go to workers in *chunks* (:func:`chunks`, :func:`run_chunk`): one message per chunk
instead of one per run. A local worker writes each run's file itself as soon as the run
is done (atomically, with its content hash: :func:`experiments.runfile.write_run_file`)
and returns only the file names and digests, which the runner records in
``runs/SHA256SUMS``; so a kill in the middle of a chunk loses at most the runs in
flight, as with one run per task. A Dask worker returns the tables (it may not share
the runner's file system) and the runner writes them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

#: The modules a worker needs before its first run (imported once by the process that
#: forks local workers, :mod:`experiments.pool`).
PRELOAD = ("experiments.task", "experiments.runfile", "model.model")
#: Largest chunk, in estimated seconds of work: a chunk's runs are reported to the
#: runner (progress bar, ``SHA256SUMS``) when the whole chunk is done.
CHUNK_SECONDS = 2.0


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
    import pyarrow as pa

    from experiments.runfile import fingerprint, seal
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


def run_chunk(
    runs: list[dict[str, Any]], provenance: dict[str, Any], runs_dir: str | None = None
) -> list[Any]:
    """Run several runs in turn (one task of a worker).

    Args:
        runs: Entries of :func:`experiments.spec.expand_runs`.
        provenance: As for :func:`run_one`.
        runs_dir: Where to write the run files (``<run_id>.parquet``), each as soon as its
            run is done; None to return the tables instead.

    Returns:
        With ``runs_dir``: ``(file name, SHA-256 of its bytes)`` per run, for
        ``SHA256SUMS``; without: the sealed tables. In the order of ``runs``.

    """
    from experiments.runfile import write_run_file

    out: list[Any] = []
    for run in runs:
        table = run_one(run, provenance)
        if runs_dir is None:
            out.append(table)
        else:
            path = Path(runs_dir) / f"{run['run_id']}.parquet"
            out.append((path.name, write_run_file(table, path)))
    return out


def chunks(
    runs: list[dict[str, Any]], workers: int, run_seconds: float | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Split ``runs`` into chunks for ``workers`` processes, largest first ("guided").

    Each chunk takes ``ceil(remaining / (2 * workers))`` runs, so that the chunks shrink
    towards the end and the workers finish nearly together, and at most
    :data:`CHUNK_SECONDS` of estimated work (``run_seconds`` per run), so that progress
    and digests are reported often. Which runs go together does not change any run's
    output (each run has its own seed): only how many messages the runner handles.

    Args:
        runs: The runs to do, in order.
        workers: Worker processes (or Dask threads) sharing them.
        run_seconds: Estimated seconds per run; None for no cap.

    """
    cap = len(runs) if not run_seconds else max(1, int(CHUNK_SECONDS / run_seconds))
    i = 0
    while i < len(runs):
        size = min(cap, max(1, math.ceil((len(runs) - i) / (2 * max(1, workers)))))
        yield runs[i : i + size]
        i += size
