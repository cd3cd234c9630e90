"""Regenerate every canonical experiment under ``results/<name>/``.

``python -m experiments.canonical`` (or ``make experiments``) runs each spec of
:data:`CANONICAL` in order, resuming runs already complete, and writes per experiment
``summary.csv`` (and ``sensitivity.csv``), ``figures/*.png|svg``, ``manifest.json`` and
``provenance.json`` (the manifest without its run list; the Morris and Sobol manifests, megabytes
long, are not committed).
The per-run Parquet files go to ``results/<name>/runs/`` (git-ignored). A spec whose
parameters do not exist yet (a mechanism still being written) is reported and skipped.

After the Morris screening, the Sobol spec's parameter list is compared with the ten
largest mu* for ``honesty_rate``; a mismatch is reported (the spec is a static file so
that a published Sobol analysis does not change silently when the screening does).
"""

from __future__ import annotations

if __name__ == "__main__":  # before the slow imports below: Ctrl-C there is one line too
    from model.cli import exit_on_signal, install

    install(exit_on_signal)

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from experiments.lock import DirectoryLock, LockBusy
from experiments.preflight import ResultsError, check_scheduler, check_workers
from experiments.runner import read_manifest, run_experiment, write_atomic_text
from experiments.spec import SpecError, load_spec

SPECS = Path(__file__).resolve().parent / "specs"
RESULTS = Path(__file__).resolve().parent.parent / "results"

#: The canonical experiments, in the order they run (cheap ones first, Sobol last).
CANONICAL: tuple[str, ...] = (
    "deterrence",
    "errors_due_process",
    "due_process",
    "carrot_stick",
    "phase_in",
    "sharing_joint",
    "repair_vs_permanent",
    "education_norms",
    "protectionism",
    "regimes",
    "hysteresis_fine",
    "hysteresis_blacklist",
    "hysteresis_redlist",
    "reform",
    "morris",
    "morris_extensions",
    "morris_behaviour",
    "morris_modes",
    "morris_repair",
    "switches",
    "sobol",
)


def morris_top(path: Path, outcome: str = "honesty_rate", k: int = 10) -> list[str]:
    """The ``k`` parameters with the largest Morris mu* for ``outcome``."""
    sens = pd.read_csv(path)
    s = sens[sens["outcome"] == outcome].sort_values("mu_star", ascending=False)
    return s["parameter"].head(k).tolist()


def check_sobol_matches_morris(results: Path = RESULTS) -> str | None:
    """Return a warning if the Sobol spec's parameters differ from the Morris top ten."""
    path = results / "morris" / "sensitivity.csv"
    if not path.exists():
        return None
    top = morris_top(path)
    vary = load_spec(SPECS / "sobol.toml").vary
    names = list(vary.bounds) if vary is not None and hasattr(vary, "bounds") else []
    if set(top) != set(names):
        return (
            f"the Sobol spec varies {sorted(names)} but the Morris top ten for honesty_rate "
            f"is {sorted(top)}: update experiments/specs/sobol.toml"
        )
    return None


def write_provenance(out: Path) -> Path:
    """Write ``provenance.json``: the manifest without the run list (small enough to commit).

    The full manifest of a sampling design lists thousands of runs (megabytes); the spec,
    its hash, the seed derivation, versions and commit are what a reader needs, and the
    run list follows from the spec (:func:`experiments.spec.expand_runs`).
    """
    manifest = read_manifest(out)
    record = {k: v for k, v in manifest.items() if k != "runs"}
    path = out / "provenance.json"
    write_atomic_text(path, json.dumps(record, indent=1, default=str) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """Run the canonical experiments (all, or those named)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"subset of {', '.join(CANONICAL)}")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    parser.add_argument("--scheduler", help="Dask scheduler address")
    parser.add_argument("--clean", action="store_true", help="delete old run files first")
    parser.add_argument("--results", default=str(RESULTS), help="results directory")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in CANONICAL]
    if unknown:
        parser.error(f"unknown experiment(s) {unknown}; choose from {list(CANONICAL)}")
    results = Path(args.results)
    from model.cli import guarded

    try:  # every input before the first run
        check_workers(args.workers)
        check_scheduler(args.scheduler)
    except ResultsError as exc:
        parser.error(str(exc))

    return guarded(lambda: _run_all(args, results), "finished runs are saved; run it again")


def _run_all(args: argparse.Namespace, results: Path) -> int:
    skipped = []
    for name in args.names or CANONICAL:
        try:
            spec = load_spec(SPECS / f"{name}.toml")
        except SpecError as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
            skipped.append(name)
            continue
        out = results / name
        if args.clean and (out / "runs").exists():
            try:
                with DirectoryLock(out):  # never under a runner at work
                    for path in (out / "runs").glob("*.parquet"):
                        path.unlink()
            except LockBusy as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        start = time.perf_counter()
        try:
            rec = run_experiment(spec, out, workers=args.workers, scheduler=args.scheduler)
        except (SpecError, ResultsError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(
            f"{name}: {rec['planned']} runs ({rec['ran']} run now) "
            f"in {time.perf_counter() - start:.0f} s -> {out}"
        )
        write_provenance(out)
        if name == "morris":
            warning = check_sobol_matches_morris(results)
            if warning:
                print(f"warning: {warning}", file=sys.stderr)
    if skipped:
        print(f"skipped (parameters missing or spec invalid): {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
