"""Load run files into one tidy table; summarise; sensitivity indices; figures.

The summary of a run is the mean of each outcome over its last ``outputs.last_periods``
periods (the model's transient is excluded); a design point's summary is the mean,
standard deviation and standard error of those run means across replicates. Sampling
designs average the replicates of a point before SALib computes the indices, so the
indices describe the expected outcome, not one noisy draw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from experiments import derived
from experiments.runfile import read_digests, read_run
from experiments.runfile import run_metadata as run_metadata
from experiments.runner import ResultsError, read_manifest, write_atomic_text
from experiments.spec import (
    ExperimentSpec,
    SamplingDesign,
    design_points,
    expand_runs,
    parse_spec,
    point_label,
    salib_problem,
)

ID_COLUMNS = ("run_id", "point", "scenario", "replicate", "seed")


def load(out: str | Path, *, allow_missing: bool = False) -> pd.DataFrame:
    """Load every run of an experiment directory into one tidy DataFrame.

    Every run file is verified as it is read (page checksums, content hash, the
    parameters, seed and periods of its run): a damaged file is an error naming it,
    never silently loaded.

    Args:
        out: The experiment's output directory (with ``manifest.json`` and ``runs/``).
        allow_missing: Load what is there instead of failing on missing runs.

    Returns:
        One row per run and period: ``run_id``, ``point``, ``scenario``, the varied
        parameters, ``replicate``, ``seed``, ``period``, every outcome column and the
        spec's derived outcomes.

    Raises:
        ResultsError: If the manifest is missing or corrupt, or a run file is missing
            (unless ``allow_missing``) or damaged; one line naming the file.

    """
    out = Path(out)
    manifest = read_manifest(out)
    spec = parse_spec(manifest["spec"], str(out / "manifest.json"), max_runs=None)
    runs = {r["run_id"]: r for r in expand_runs(spec)}
    tables, missing = [], []
    digests = read_digests(out / "runs")
    for entry in manifest["runs"]:
        run = runs.get(entry["run_id"])
        if run is None:
            raise ResultsError(
                f"{out / 'manifest.json'}: lists run {entry['run_id']!r}, which its spec "
                "does not have (corrupt manifest)"
            )
        path = out / "runs" / f"{entry['run_id']}.parquet"
        if not path.exists():
            missing.append(entry["run_id"])
            continue
        table, problem = read_run(path, run, digests)
        if problem:
            raise ResultsError(f"{path}: {problem}; run the experiment again to redo it")
        tables.append(table.replace_schema_metadata(None))
    if missing and not allow_missing:
        raise ResultsError(
            f"{out}: {len(missing)} of {len(manifest['runs'])} runs are missing "
            f"(e.g. {missing[0]}); run the experiment again to complete it"
        )
    if not tables:
        raise ResultsError(f"{out}: no completed runs")
    df = pa.concat_tables(tables, promote_options="default").to_pandas()
    return add_derived(df, spec)


def add_derived(df: pd.DataFrame, spec: ExperimentSpec) -> pd.DataFrame:
    """Append the spec's derived outcomes, computed per row (period), in order."""
    for name, expression in spec.outputs.derived.items():
        tree = derived.parse(expression, set(df.columns))
        cols = {c: df[c].to_numpy(dtype=float) for c in derived.columns_used(tree)}
        df[name] = derived.evaluate(tree, cols, len(df))
    return df


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
    rm = run_means(df, outcomes, spec.last_periods)
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
    table = pd.concat([n[outcomes[0]].rename("n_replicates"), *parts], axis=1)
    # the design point's columns joined at once (reset_index inserts them one by one, which
    # fragments a frame of a hundred swept parameters)
    keys = table.index.to_frame(index=False)
    return pd.concat([keys, table.reset_index(drop=True)], axis=1)


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
    rm = run_means(df, outcomes, spec.last_periods)
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


def t_halfwidth(sd: Any, n: Any, level: float = 0.95) -> Any:
    """Half-width of the t-based confidence interval of a mean: t(n-1) * sd / sqrt(n).

    NaN where ``n < 2`` (no interval from one value).
    """
    from scipy import stats

    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = stats.t.ppf(0.5 + level / 2, np.where(n >= 2, n - 1, np.nan))
        return t * np.asarray(sd, dtype=float) / np.sqrt(n)


def contrasts(df: pd.DataFrame, spec: ExperimentSpec) -> pd.DataFrame:
    """Paired differences between design points that share replicate seeds.

    For each contrast and outcome: the per-replicate difference ``a - b`` of the runs'
    late-period means (replicate ``r`` of both points has the same seed), its mean,
    standard error ``sd / sqrt(n)``, the t-based 95% confidence interval and the
    two-sided p-value of a paired t-test. Pairs with a missing value (NaN) are dropped;
    ``n_pairs`` says how many were used.
    """
    from scipy import stats

    from experiments.validate import select_point

    outcomes = list(spec.outputs.outcomes)
    rm = run_means(df, outcomes, spec.last_periods)
    points = design_points(spec)
    labels = {p["point"]: point_label(p, spec) for p in points}
    rows = []
    for i, c in enumerate(spec.contrasts):
        ia, ib = (select_point(spec, points, getattr(c, s), f"contrasts[{i}].{s}") for s in "ab")
        a = rm[rm["point"] == ia].set_index("replicate").sort_index()
        b = rm[rm["point"] == ib].set_index("replicate").sort_index()
        shared = a.index.intersection(b.index)
        if not (a.loc[shared, "seed"] == b.loc[shared, "seed"]).all():
            raise ResultsError(f"contrast {c.name or i}: replicates do not share seeds")
        for o in c.outcomes or outcomes:
            pair = pd.concat([a.loc[shared, o], b.loc[shared, o]], axis=1, keys=["a", "b"])
            pair = pair.dropna()
            d = (pair["a"] - pair["b"]).to_numpy()
            n = len(d)
            mean = float(d.mean()) if n else float("nan")
            sd = float(d.std(ddof=1)) if n >= 2 else float("nan")
            half = float(t_halfwidth(sd, n))
            se = sd / np.sqrt(n) if n else float("nan")
            with np.errstate(invalid="ignore", divide="ignore"):
                p = float(2 * stats.t.sf(abs(mean / se), n - 1)) if n >= 2 else float("nan")
            rows.append(
                {
                    "contrast": c.name or f"contrast_{i}",
                    "a": labels[ia],
                    "b": labels[ib],
                    "outcome": o,
                    "n_pairs": n,
                    "mean_a": float(pair["a"].mean()) if n else float("nan"),
                    "mean_b": float(pair["b"].mean()) if n else float("nan"),
                    "difference": mean,
                    "se": se,
                    "ci95_low": mean - half,
                    "ci95_high": mean + half,
                    "p_value": p,
                }
            )
    return pd.DataFrame(rows)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write a CSV byte-reproducibly (10 significant digits, fixed row order)."""
    write_atomic_text(path, table.to_csv(index=False, float_format="%.10g", lineterminator="\n"))


def analyse(out: str | Path, spec: ExperimentSpec | None = None) -> dict[str, Path]:
    """Write ``summary.csv`` (and ``contrasts.csv``, ``sensitivity.csv``) and the figures.

    Returns:
        The written files by role.

    """
    from experiments import plots

    out = Path(out)
    if spec is None:
        spec = parse_spec(read_manifest(out)["spec"], str(out / "manifest.json"), max_runs=None)
    df = load(out)
    written: dict[str, Path] = {}
    summary = summarise(df, spec)
    write_csv(summary, out / "summary.csv")
    written["summary"] = out / "summary.csv"
    if spec.contrasts:
        write_csv(contrasts(df, spec), out / "contrasts.csv")
        written["contrasts"] = out / "contrasts.csv"
    sens = None
    if isinstance(spec.vary, SamplingDesign):
        sens = sensitivity(df, spec)
        write_csv(sens, out / "sensitivity.csv")
        written["sensitivity"] = out / "sensitivity.csv"
    for path in plots.draw_spec_plots(spec, df, summary, sens, out / "figures"):
        written[f"figures/{path.name}"] = path
    return written
