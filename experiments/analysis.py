"""Load run files into one tidy table; summarise; sensitivity indices; figures.

The summary of a run is the mean of each outcome over its last ``outputs.last_periods``
periods (the model's transient is excluded); a design point's summary is the mean,
standard deviation and standard error of those run means across replicates. Sampling
designs average the replicates of a point before SALib computes the indices, so the
indices describe the expected outcome, not one noisy draw.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from experiments.runner import META_KEY, ResultsError, read_manifest, verify_run, write_atomic_text
from experiments.spec import ExperimentSpec, SamplingDesign, parse_spec, salib_problem

ID_COLUMNS = ("run_id", "point", "scenario", "replicate", "seed")


def load(out: str | Path, *, allow_missing: bool = False) -> pd.DataFrame:
    """Load every run of an experiment directory into one tidy DataFrame.

    Args:
        out: The experiment's output directory (with ``manifest.json`` and ``runs/``).
        allow_missing: Load what is there instead of failing on missing runs.

    Returns:
        One row per run and period: ``run_id``, ``point``, ``scenario``, the varied
        parameters, ``replicate``, ``seed``, ``period`` and every outcome column.

    Raises:
        ResultsError: If the manifest is missing or corrupt, or a run file is missing
            (unless ``allow_missing``) or does not verify.

    """
    out = Path(out)
    manifest = read_manifest(out)
    spec = parse_spec(manifest["spec"], str(out / "manifest.json"))
    from experiments.spec import expand_runs

    runs = {r["run_id"]: r for r in expand_runs(spec)}
    tables, missing = [], []
    for entry in manifest["runs"]:
        path = out / "runs" / f"{entry['run_id']}.parquet"
        if not path.exists():
            missing.append(entry["run_id"])
            continue
        problem = verify_run(path, runs[entry["run_id"]])
        if problem:
            raise ResultsError(f"{path}: {problem}; run the experiment again to redo it")
        tables.append(pq.read_table(path).replace_schema_metadata(None))
    if missing and not allow_missing:
        raise ResultsError(
            f"{out}: {len(missing)} of {len(manifest['runs'])} runs are missing "
            f"(e.g. {missing[0]}); run the experiment again to complete it"
        )
    if not tables:
        raise ResultsError(f"{out}: no completed runs")
    return pa.concat_tables(tables, promote_options="default").to_pandas()


def run_metadata(path: str | Path) -> dict[str, Any]:
    """The configuration and provenance stored in one run file's schema metadata."""
    return json.loads(pq.read_schema(path).metadata[META_KEY])


def run_means(df: pd.DataFrame, outcomes: list[str], last: int) -> pd.DataFrame:
    """Per run: the mean of each outcome over the last ``last`` periods."""
    cut = df["period"] > df["period"].max() - last
    keys = [c for c in df.columns if c not in outcomes and c != "period" and c in _keys(df)]
    return df[cut].groupby(keys, sort=False, dropna=False)[outcomes].mean().reset_index()


def _keys(df: pd.DataFrame) -> list[str]:
    start = list(df.columns).index("seed")
    return list(df.columns[: start + 1])


def summarise(df: pd.DataFrame, spec: ExperimentSpec) -> pd.DataFrame:
    """Per design point: mean, sd and se across replicates of each run's late mean."""
    outcomes = list(spec.outputs.outcomes)
    rm = run_means(df, outcomes, spec.outputs.last_periods)
    point_cols = [c for c in _keys(df) if c not in ("run_id", "replicate", "seed")]
    g = rm.groupby(point_cols, sort=True, dropna=False)[outcomes]
    mean, sd, n = g.mean(), g.std(ddof=1), g.count()
    parts = []
    for o in outcomes:
        parts += [
            mean[o].rename(f"{o}_mean"),
            sd[o].rename(f"{o}_sd"),
            (sd[o] / np.sqrt(n[o])).rename(f"{o}_se"),
        ]
    table = pd.concat(parts, axis=1)
    table.insert(0, "n_replicates", n[outcomes[0]])
    return table.reset_index()


def sensitivity(df: pd.DataFrame, spec: ExperimentSpec) -> pd.DataFrame:
    """Morris (mu*, sigma, mu* CI) or Sobol (S1, ST with 95% CIs) indices per outcome.

    Outputs are each run's mean over the last ``last_periods`` periods, averaged over
    replicates at each sample point. The bootstrap uses the design's seed, so the
    confidence intervals are reproducible.
    """
    from SALib.analyze import morris as morris_an
    from SALib.analyze import sobol as sobol_an

    v = spec.vary
    assert isinstance(v, SamplingDesign)
    outcomes = list(spec.outputs.outcomes)
    rm = run_means(df, outcomes, spec.outputs.last_periods)
    y_all = rm.groupby("point")[outcomes].mean().sort_index()
    sp = salib_problem(spec)
    problem = {"num_vars": sp["num_vars"], "names": sp["names"], "bounds": sp["bounds"]}
    if v.type == "morris":
        sp.sample_morris(v.trajectories, num_levels=v.levels, seed=v.seed)
    else:
        sp.sample_sobol(v.samples, calc_second_order=False, seed=v.seed)
    x = sp.samples
    if len(y_all) != len(x):
        raise ResultsError(f"{len(y_all)} sample points have results, expected {len(x)}")
    rows = []
    for o in outcomes:
        y = y_all[o].to_numpy(dtype=float)
        if not np.all(np.isfinite(y)):
            continue
        if v.type == "morris":
            res = morris_an.analyze(problem, x, y, num_levels=v.levels, seed=v.seed)
            keys = ("mu_star", "mu_star_conf", "mu", "sigma")
        else:
            res = sobol_an.analyze(problem, y, calc_second_order=False, seed=v.seed)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        for i, name in enumerate(problem["names"]):
            rows.append({"outcome": o, "parameter": name, **{k: res[k][i] for k in keys}})
    return pd.DataFrame(rows)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write a CSV byte-reproducibly (10 significant digits, fixed row order)."""
    write_atomic_text(path, table.to_csv(index=False, float_format="%.10g", lineterminator="\n"))


def analyse(out: str | Path, spec: ExperimentSpec | None = None) -> dict[str, Path]:
    """Write ``summary.csv`` (and ``sensitivity.csv``) and the spec's figures.

    Returns:
        The written files by role.

    """
    from experiments import plots

    out = Path(out)
    if spec is None:
        spec = parse_spec(read_manifest(out)["spec"], str(out / "manifest.json"))
    df = load(out)
    written: dict[str, Path] = {}
    summary = summarise(df, spec)
    write_csv(summary, out / "summary.csv")
    written["summary"] = out / "summary.csv"
    sens = None
    if isinstance(spec.vary, SamplingDesign):
        sens = sensitivity(df, spec)
        write_csv(sens, out / "sensitivity.csv")
        written["sensitivity"] = out / "sensitivity.csv"
    for path in plots.draw_spec_plots(spec, df, summary, sens, out / "figures"):
        written[path.stem + path.suffix] = path
    return written
