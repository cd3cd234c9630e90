"""Sweep throughput: runs per minute of a sweep of many small runs.

``python -m benchmarks.sweep [--runs 32] [--n 1000] [--periods 50] [--repeats 2]`` runs the same
sweep (a grid over ``sanctions.fine``, replicates to make up the number of runs) through
the experiment runner (``experiments.runner.run_experiment``) with 1 local worker, 2
local workers and a loopback Dask cluster of 2 workers
(``LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)``), each
into a fresh output directory and each in a fresh interpreter (so that no configuration
inherits another's imports or fork server), and prints one JSON line:

* wall time of the call to ``run_experiment``, start-up of the workers included
  (starting the Dask cluster is timed apart as ``cluster_start_s``); runs per minute
  and the ratios to one worker;
* CPU seconds of the whole process tree of the configuration (the runner's interpreter,
  its imports included, and every worker, fork server and Dask process it started;
  ``cpu_*_s``), counted by the kernel once they have exited. On a shared machine the
  wall-time ratios depend on how many cores the other users leave free; the CPU seconds
  do not: their excess over one worker's is what the extra processes cost.

The summary and figures are not written (``analyse=False``): only the runs are timed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
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


def one(config: str, runs: int, n: int, periods: int) -> dict[str, Any]:
    """Time one configuration (``w1``, ``w2`` or ``dask``) in this process."""
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="credit-sweep-") as tmp:
        folder = Path(tmp)
        spec = write_spec(folder, runs, n, periods)
        if config in ("w1", "w2"):
            out["s"] = timed_sweep(spec, folder / "out", workers=int(config[1]))
            from experiments.pool import stop_fork_server

            stop_fork_server()  # waited for: its CPU time (and its workers') is counted
            return out
        from distributed import LocalCluster

        t0 = time.perf_counter()
        with LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True
        ) as cluster:
            out["cluster_start_s"] = time.perf_counter() - t0
            out["s"] = timed_sweep(spec, folder / "out", scheduler=cluster.scheduler_address)
    return out


def in_fresh_process(config: str, runs: int, n: int, periods: int) -> dict[str, Any]:
    """:func:`one` in a fresh interpreter, with the CPU seconds of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    argv = ["--one", config, "--runs", str(runs), "--n", str(n), "--periods", str(periods)]
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.sweep", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(f"sweep {config} failed: {proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["cpu_s"] = sum(getattr(after, k) - getattr(before, k) for k in ("ru_utime", "ru_stime"))
    return res


def measure(runs: int = 32, n: int = 1000, periods: int = 50, repeats: int = 2) -> dict[str, Any]:
    """Time the sweep with 1 worker, 2 workers and a loopback Dask cluster of 2.

    The configurations are visited ``repeats`` times in turn (1, 2, Dask, 1, 2, Dask,
    ...) so that they meet similar load; the best wall time of each is kept (every one
    is listed under ``*_s_all``), with the CPU seconds of that same sweep.
    """
    out: dict[str, Any] = {"runs": runs, "n": n, "periods": periods, "repeats": repeats}
    keys = (("w1", "workers_1"), ("w2", "workers_2"), ("dask", "dask_2"))
    for _ in range(repeats):
        for config, key in keys:
            res = in_fresh_process(config, runs, n, periods)
            out.setdefault(f"{key}_s_all", []).append(res["s"])
            if res["s"] <= min(out[f"{key}_s_all"]):
                out[f"{key}_s"] = res["s"]
                out[f"cpu_{key}_s"] = res["cpu_s"]
                if "cluster_start_s" in res:
                    out["cluster_start_s"] = res["cluster_start_s"]
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
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--one", choices=("w1", "w2", "dask"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(one(a.one, a.runs, a.n, a.periods)))
    else:
        print(json.dumps(measure(a.runs, a.n, a.periods, a.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
