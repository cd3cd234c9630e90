"""Robustness of the canonical findings to the behavioural model (issue 11, item 8).

``python -m experiments.robustness [--spec experiments/robustness.toml] [--out
results/robustness] [--workers 2]`` runs every finding of the spec (a paired comparison
of two arms, ``a`` and ``b``) under every behavioural model of the spec, with the same
replicate seeds in both arms and under every model (common random numbers), and writes:

* ``runs.csv``: one row per finding, behavioural model, arm and replicate: the run's mean
  of the finding's outcome over the last ``last_periods`` periods;
* ``robustness.csv``: one row per finding and behavioural model: the effect (mean over
  replicates of b - a, paired by seed), its standard error and a t-based 95% interval,
  the expected sign, the verdict on the sign (``holds``: the interval excludes 0 on the
  expected side; ``reversed``: it excludes 0 on the other; ``unclear``: it contains 0),
  the effect relative to the rational model's, and whether the rough size holds (the
  ratio is between 0.5 and 2);
* ``robustness.png`` / ``.svg``: per finding, the effect under each model with its
  interval;
* ``provenance.json``: the spec, its hash, seeds, package versions and git commit.

Replicate seeds are ``SeedSequence(master_seed).spawn(replicates)`` as in the canonical
experiments. The spec is validated against the model's parameter registry (every name
and value) and its outcome columns before any run starts.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import multiprocessing
import subprocess
import sys
import textwrap
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from model import REGISTRY, CreditSystemModel
from model.params import ParameterError, resolve

ROOT = Path(__file__).resolve().parent.parent
SPEC = Path(__file__).with_name("robustness.toml")
OUT = ROOT / "results" / "robustness"
#: The reference behavioural model: the first of the spec's (rational expectations).
SIZE_BAND = (0.5, 2.0)


class SpecError(ValueError):
    """A robustness spec that cannot be used; the message is one line."""


def load_spec(path: Path) -> dict[str, Any]:
    """Read and validate a robustness spec; raise SpecError naming the problem."""
    try:
        spec = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise SpecError(f"{path}: {e}") from None
    for key in ("name", "periods", "replicates", "master_seed", "last_periods"):
        if key not in spec:
            raise SpecError(f"{path}: '{key}' is missing.")
    if not spec.get("behaviours"):
        raise SpecError(f"{path}: no [behaviours] given.")
    if not spec.get("findings"):
        raise SpecError(f"{path}: no [[findings]] given.")
    if not 1 <= spec["last_periods"] <= spec["periods"]:
        raise SpecError(f"{path}: last_periods must be in [1, periods].")
    columns = set(CreditSystemModel(rng=0, n_subjects=50).columns())
    names = set()
    for i, f in enumerate(spec["findings"]):
        where = f"{path}: findings[{i}]"
        for key in ("name", "claim", "outcome", "sign", "a", "b"):
            if key not in f:
                raise SpecError(f"{where}: '{key}' is missing.")
        if f["name"] in names:
            raise SpecError(f"{where}: the name {f['name']!r} is used twice.")
        names.add(f["name"])
        if f["outcome"] not in columns:
            raise SpecError(f"{where}: unknown outcome {f['outcome']!r}.")
        if f["sign"] not in (1, -1):
            raise SpecError(f"{where}: sign must be 1 or -1, got {f['sign']!r}.")
        for label, behaviour in spec["behaviours"].items():
            for arm in ("a", "b"):
                try:
                    resolve(run_params(spec, behaviour, f[arm]), REGISTRY)
                except ParameterError as e:
                    raise SpecError(f"{where}, arm {arm}, {label!r}: {e}") from None
    return spec


def run_params(spec: dict, behaviour: dict, arm: dict) -> dict[str, Any]:
    """The parameters of one run: base, then the behavioural model, then the arm."""
    return {**spec.get("base", {}), **behaviour, **arm}


def replicate_seeds(master: int, n: int) -> list[int]:
    """Replicate seeds derived from the master seed (as in the canonical experiments)."""
    children = np.random.SeedSequence(master).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def _one_run(job: tuple[dict, int, int, int, str]) -> float:
    params, seed, periods, last, outcome = job
    # arms may hold values a switched-off mechanism ignores (kept the same in both arms)
    m = CreditSystemModel(rng=seed, allow_inactive=True, **params)
    m.run_for(periods)
    return float(m.results()[outcome].iloc[-last:].mean())


def run(spec: dict, workers: int) -> list[dict[str, Any]]:
    """Every run of the design; one row per finding, behaviour, arm and replicate."""
    seeds = replicate_seeds(spec["master_seed"], spec["replicates"])
    keys, jobs = [], []
    for f in spec["findings"]:
        for label, behaviour in spec["behaviours"].items():
            for arm in ("a", "b"):
                params = run_params(spec, behaviour, f[arm])
                for r, seed in enumerate(seeds):
                    keys.append((f["name"], label, arm, r, seed))
                    jobs.append((params, seed, spec["periods"], spec["last_periods"], f["outcome"]))
    if workers == 1:
        values = [_one_run(job) for job in jobs]
    else:
        # spawn: safe with threads in the parent, as experiments.runner does
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            values = list(pool.map(_one_run, jobs, chunksize=1))
    return [
        {"finding": k[0], "behaviour": k[1], "arm": k[2], "replicate": k[3], "seed": k[4],
         "value": v}
        for k, v in zip(keys, values, strict=True)
    ]  # fmt: skip


def t_quantile(df: int) -> float:
    """Two-sided 95% quantile of Student's t with ``df`` degrees of freedom."""
    from scipy.stats import t

    return float(t.ppf(0.975, df))


def summarise(spec: dict, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Effects, intervals and verdicts per finding and behavioural model."""
    reference = next(iter(spec["behaviours"]))
    value = {(r["finding"], r["behaviour"], r["arm"], r["replicate"]): r["value"] for r in rows}
    n = spec["replicates"]
    out = []
    for f in spec["findings"]:
        effects = {}
        for label in spec["behaviours"]:
            d = np.array(
                [
                    value[f["name"], label, "b", r] - value[f["name"], label, "a", r]
                    for r in range(n)
                ]
            )
            mean = float(d.mean())
            se = float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
            half = t_quantile(n - 1) * se if n > 1 else float("nan")
            effects[label] = (mean, se, mean - half, mean + half)
        ref = effects[reference][0]
        for label, (mean, se, lo, hi) in effects.items():
            s = f["sign"]
            if s * lo > 0 and s * hi > 0:
                verdict = "holds"
            elif s * lo < 0 and s * hi < 0:
                verdict = "reversed"
            else:
                verdict = "unclear"
            ratio = mean / ref if ref != 0 else float("nan")
            size = SIZE_BAND[0] <= ratio <= SIZE_BAND[1] and verdict == "holds"
            out.append(
                {
                    "finding": f["name"],
                    "section": f.get("section", ""),
                    "claim": f["claim"],
                    "outcome": f["outcome"],
                    "behaviour": label,
                    "effect": mean,
                    "se": se,
                    "ci_low": lo,
                    "ci_high": hi,
                    "expected_sign": "+" if f["sign"] > 0 else "-",
                    "sign": verdict,
                    "ratio_to_rational": ratio,
                    "rough_size_holds": bool(size),
                }
            )
    return out


def plot(spec: dict, table: list[dict[str, Any]], out: Path) -> None:
    """One panel per finding: the effect under each behavioural model, +- 95% interval."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    findings = [f["name"] for f in spec["findings"]]
    labels = list(spec["behaviours"])
    cols = 4
    rows = math.ceil(len(findings) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.0 * cols, 2.3 * rows + 0.9), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, name in zip(axes.flat, findings, strict=False):
        rows_f = [r for r in table if r["finding"] == name]
        for k, r in enumerate(rows_f):
            ax.errorbar(
                r["effect"],
                k,
                xerr=[[r["effect"] - r["ci_low"]], [r["ci_high"] - r["effect"]]],
                fmt="o",
                color=colours[k % len(colours)],
                label=r["behaviour"],
            )
        ax.axvline(0.0, color="grey", lw=0.8)
        ax.set_yticks([])
        ax.set_ylim(len(rows_f) - 0.5, -0.5)
        title = f"{name} ({rows_f[0]['expected_sign']}): {rows_f[0]['claim']}"
        ax.set_title(textwrap.fill(title, 48), fontsize=8, loc="left")
        ax.set_xlabel(f"effect on {rows_f[0]['outcome']} (b - a)", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(findings) :]:
        ax.set_visible(False)
    handles, names = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    fig.suptitle(
        f"{spec.get('title', spec['name'])}: effect of each finding under "
        f"{len(labels)} behavioural models (mean over {spec['replicates']} paired "
        "replicates, 95% t interval)",
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0.05, 1, 0.97))
    for ext in ("png", "svg"):
        fig.savefig(out / f"robustness.{ext}", dpi=110)
    plt.close(fig)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})
    tmp.replace(path)


def _provenance(spec_path: Path, spec: dict) -> dict[str, Any]:
    import importlib.metadata as md

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    inside = spec_path.resolve().is_relative_to(ROOT)
    return {
        "spec": str(spec_path.resolve().relative_to(ROOT)) if inside else spec_path.name,
        "spec_sha256": hashlib.sha256(spec_path.read_bytes()).hexdigest(),
        "seeds": replicate_seeds(spec["master_seed"], spec["replicates"]),
        "git_commit": commit,
        "packages": {p: md.version(p) for p in ("numpy", "mesa", "pandas", "scipy", "matplotlib")},
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Validate the spec, run the design, write the tables, figure and provenance."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", type=Path, default=SPEC)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        spec = load_spec(args.spec)
    except SpecError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    rows = run(spec, args.workers)
    table = summarise(spec, rows)
    _write_csv(args.out / "runs.csv", rows)
    _write_csv(args.out / "robustness.csv", table)
    plot(spec, table, args.out)
    (args.out / "provenance.json").write_text(
        json.dumps(_provenance(args.spec, spec), indent=1) + "\n"
    )
    for r in table:
        print(
            f"{r['finding']:<18} {r['behaviour']:<42} {r['effect']:+.4f} "
            f"[{r['ci_low']:+.4f}, {r['ci_high']:+.4f}] {r['sign']:<8} "
            f"x{r['ratio_to_rational']:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
