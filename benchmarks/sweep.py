"""Sweep throughput: runs per minute of a sweep of many small runs.

``python -m benchmarks.sweep [--runs 32] [--n 1000] [--periods 50] [--repeats 2]`` runs the same
sweep (a grid over ``sanctions.fine``, replicates to make up the number of runs) through
the experiment runner (``run_experiment``; with local workers their fork server is
started before the runner's imports, as ``python -m model experiment`` and
``experiments.run`` do) with 1 local worker, 2 local
workers and a loopback Dask cluster of 2 workers
(``LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
preload=["experiments.dask_preload"])``: each worker imports the model as it starts, as the
local workers' fork server does from before the runner's imports, and as ``dask worker
--preload experiments.dask_preload`` does; docs/experiments.md), each configuration in fresh
interpreters (so that none inherits another's imports or fork server), twice:

* *cold*: the first sweep of a fresh interpreter. ``*_s`` is the wall time of the call to
  ``run_experiment`` (the start-up of local workers included, the runner's imports not;
  a Dask cluster's start, its workers' imports with it, is ``cluster_start_s``),
  ``*_cold_s`` the wall time from the interpreter's first statement to the end of the
  sweep (every import, the fork server, starting the Dask cluster: what a user of
  ``python -m model experiment`` waits for, less the interpreter's own start-up), and
  ``cpu_*_s`` the CPU seconds of the whole process tree (the runner's interpreter, its
  imports included, and every worker, fork server and Dask process it started), counted
  by the kernel once they have exited;
* *warm*: a second, identical sweep into a new directory after a first one in the same
  interpreter (imports done, fork server or Dask cluster running: what each further sweep
  of ``make experiments`` costs): ``*_warm_s`` its wall time, and ``cpu_*_warm_s`` the CPU
  seconds of that interpreter's tree less those of the cold one (about one sweep's).

On a shared machine the wall-time ratios depend on how many cores the other users leave
free (``load1``, the 1-minute load average, is recorded before each measurement); the CPU
seconds do not: their excess over one worker's is what the extra processes cost.

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

#: The interpreter's first statement (nearly): the start of the cold figure.
START = time.perf_counter()

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


def one(config: str, runs: int, n: int, periods: int, warm: bool = False) -> dict[str, Any]:
    """Time one configuration (``w1``, ``w2`` or ``dask``) in this process.

    Cold (``warm=False``): ``s``, the call, and ``cold_s``, from :data:`START`. Warm: a first
    sweep, then ``s`` of a second one.
    """
    if config == "w2":  # as `python -m model experiment` and `experiments.run` do
        from experiments import pool, task

        pool.prepare(task.PRELOAD)
    import experiments.runner  # noqa: F401 - the runner's imports, before the timed call

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="credit-sweep-") as tmp:
        folder = Path(tmp)
        spec = write_spec(folder, runs, n, periods)
        if config in ("w1", "w2"):
            executor: dict[str, Any] = {"workers": int(config[1])}
            if warm:
                timed_sweep(spec, folder / "first", **executor)
            out["s"] = timed_sweep(spec, folder / "out", **executor)
            out["cold_s"] = time.perf_counter() - START
            from experiments.pool import stop_fork_server

            stop_fork_server()  # waited for: its CPU time (and its workers') is counted
            return out
        from distributed import LocalCluster

        t0 = time.perf_counter()
        with LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            dashboard_address=None,
            processes=True,
            preload=["experiments.dask_preload"],  # the imports at start, not in the sweep
        ) as cluster:
            out["cluster_start_s"] = time.perf_counter() - t0
            executor = {"scheduler": cluster.scheduler_address}
            if warm:
                timed_sweep(spec, folder / "first", **executor)
            out["s"] = timed_sweep(spec, folder / "out", **executor)
            out["cold_s"] = time.perf_counter() - START
    return out


def load1() -> float:
    """The 1-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def in_fresh_process(
    config: str, runs: int, n: int, periods: int, warm: bool = False
) -> dict[str, Any]:
    """:func:`one` in a fresh interpreter, with the CPU seconds of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    argv = ["--one", config, "--runs", str(runs), "--n", str(n), "--periods", str(periods)]
    load = load1()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.sweep", *argv, *(["--warm"] if warm else [])],
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(f"sweep {config} failed: {proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["cpu_s"] = sum(getattr(after, k) - getattr(before, k) for k in ("ru_utime", "ru_stime"))
    res["load1"] = load
    return res


def measure(runs: int = 32, n: int = 1000, periods: int = 50, repeats: int = 2) -> dict[str, Any]:
    """Time the sweep with 1 worker, 2 workers and a loopback Dask cluster of 2.

    The configurations are visited ``repeats`` times in turn (1, 2, Dask, 1, 2, Dask,
    ...; cold then warm) so that they meet similar load; the best wall time of each
    figure is kept (every one is listed under ``*_all``, with the load before it), with
    the CPU seconds of that same sweep.
    """
    out: dict[str, Any] = {"runs": runs, "n": n, "periods": periods, "repeats": repeats}
    keys = (("w1", "workers_1"), ("w2", "workers_2"), ("dask", "dask_2"))
    for _ in range(repeats):
        for config, key in keys:
            cold = in_fresh_process(config, runs, n, periods)
            warm = in_fresh_process(config, runs, n, periods, warm=True)
            for fig, res, s in (
                ("", cold, cold["s"]),
                ("_cold", cold, cold["cold_s"]),
                ("_warm", warm, warm["s"]),
            ):
                out.setdefault(f"{key}{fig}_s_all", []).append(s)
                out.setdefault(f"{key}{fig}_load1_all", []).append(res["load1"])
                if s <= min(out[f"{key}{fig}_s_all"]):
                    out[f"{key}{fig}_s"] = s
                    out[f"{key}{fig}_load1"] = res["load1"]
                    cpu = res["cpu_s"] - (cold["cpu_s"] if fig == "_warm" else 0.0)
                    out[f"cpu_{key}{fig}_s"] = cpu
                    if "cluster_start_s" in res:
                        out["cluster_start_s"] = res["cluster_start_s"]
    for fig in ("", "_cold", "_warm"):
        for key in ("workers_1", "workers_2", "dask_2"):
            out[f"{key}{fig}_runs_per_min"] = 60.0 * runs / out[f"{key}{fig}_s"]
        out[f"speedup_workers_2{fig}"] = out[f"workers_1{fig}_s"] / out[f"workers_2{fig}_s"]
        out[f"speedup_dask_2{fig}"] = out[f"workers_1{fig}_s"] / out[f"dask_2{fig}_s"]
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the measurement as one JSON line."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sweep")
    ap.add_argument("--runs", type=int, default=32)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--periods", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--one", choices=("w1", "w2", "dask"), help=argparse.SUPPRESS)
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(one(a.one, a.runs, a.n, a.periods, a.warm)))
    else:
        print(json.dumps(measure(a.runs, a.n, a.periods, a.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
