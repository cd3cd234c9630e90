"""Experiments: specs, a resumable parallel runner, loading, analysis and figures.

Usage::

    python -m model experiment experiments/specs/deterrence.toml --workers 2
    import experiments
    df = experiments.load("results/deterrence")   # one tidy DataFrame

See ``docs/experiments.md``.
"""

from __future__ import annotations

from typing import Any


def load(out: Any, **kwargs: Any) -> Any:
    """Load every run of an experiment directory into one tidy DataFrame.

    See :func:`experiments.analysis.load`.
    """
    from experiments.analysis import load as _load

    return _load(out, **kwargs)


def run(spec: Any, out: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Run or resume an experiment; see :func:`experiments.runner.run_experiment`."""
    import os

    from experiments.specfile import read_toml

    if isinstance(spec, str | os.PathLike):
        read_toml(spec)  # a missing or malformed file fails before any process starts
    workers = kwargs.get("workers") or os.cpu_count() or 1
    if kwargs.get("scheduler") is None and isinstance(workers, int) and workers > 1:
        # local workers: their fork server imports the model while we import the runner
        from experiments import pool, task

        pool.prepare(task.PRELOAD)
    from experiments.runner import run_experiment

    return run_experiment(spec, out, **kwargs)


__all__ = ["load", "run"]
