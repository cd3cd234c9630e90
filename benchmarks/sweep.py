"""Sweep throughput: runs per minute of a sweep of many small runs.

``python -m benchmarks.sweep [--runs 32] [--n 1000] [--periods 50]`` runs the same
sweep (a grid over ``sanctions.fine``, replicates to make up the number of runs) through
the experiment runner (``experiments.runner.run_experiment``) with 1 local worker, 2
local workers and a loopback Dask cluster of 2 workers
(``LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)``), each
into a fresh output directory, and prints one JSON line: wall time (the call to
``run_experiment``, start-up of the workers included; starting the Dask cluster is
timed apart as ``cluster_start_s``), runs per minute, and the ratios to one worker.
The summary and figures are not written (``analyse=False``): only the runs are timed.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

SPEC = """
name = "bench_sweep"
title = "Sweep throughput benchmark"
periods = {periods}
replicates = {replicates}
master_seed = 1

[base]
n_subjects = {n}

[vary]
type = "grid"
[vary.grid]
"sanctions.fine" = {fines}

[outputs]
outcomes = ["honesty_rate"]
last_periods = 10
"""


def write_spec(folder: Path, runs: int, n: int, periods: int) -> Path:
    """A spec of ``runs`` runs: 8 fines x ``runs / 8`` replicates (or fewer fines)."""
    points = min(8, runs)
    if runs % points:
        raise ValueError(f"runs must be a multiple of {points}, got {runs}")
    fines = [round(0.5 * (k + 1), 2) for k in range(points)]
    text = SPEC.format(periods=periods, replicates=runs // points, n=n, fines=fines)
    path = folder / "bench_sweep.toml"
    path.write_text(text)
    return path


def timed_sweep(spec: Path, out: Path, **executor: Any) -> float:
    """Seconds to run every run of ``spec`` into ``out`` with the given executor."""
    from experiments.runner import run_experiment

    t0 = time.perf_counter()
    rec = run_experiment(spec, out, progress=False, analyse=False, **executor)
    seconds = time.perf_counter() - t0
    if rec["ran"] != rec["planned"]:
        raise RuntimeError(f"sweep ran {rec['ran']} of {rec['planned']} runs")
    return seconds


def measure(runs: int = 32, n: int = 1000, periods: int = 50) -> dict[str, Any]:
    """Time the sweep with 1 worker, 2 workers and a loopback Dask cluster of 2."""
    out: dict[str, Any] = {"runs": runs, "n": n, "periods": periods}
    with tempfile.TemporaryDirectory(prefix="credit-sweep-") as tmp:
        folder = Path(tmp)
        spec = write_spec(folder, runs, n, periods)
        out["workers_1_s"] = timed_sweep(spec, folder / "w1", workers=1)
        out["workers_2_s"] = timed_sweep(spec, folder / "w2", workers=2)
        from distributed import LocalCluster

        t0 = time.perf_counter()
        with LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True
        ) as cluster:
            out["cluster_start_s"] = time.perf_counter() - t0
            out["dask_2_s"] = timed_sweep(
                spec, folder / "dask", scheduler=cluster.scheduler_address
            )
    for key in ("workers_1", "workers_2", "dask_2"):
        out[f"{key}_runs_per_min"] = 60.0 * runs / out[f"{key}_s"]
    out["speedup_workers_2"] = out["workers_1_s"] / out["workers_2_s"]
    out["speedup_dask_2"] = out["workers_1_s"] / out["dask_2_s"]
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the measurement as one JSON line."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sweep")
    ap.add_argument("--runs", type=int, default=32)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--periods", type=int, default=50)
    a = ap.parse_args(argv)
    print(json.dumps(measure(a.runs, a.n, a.periods)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
