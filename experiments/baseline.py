"""The baseline experiment: the core model at its defaults against a world without it.

Runs the default model (the core mechanisms on: records, fines, department lists, the
court list, joint punishment, the red list and market screening) and the model's
"no system" preset (all of them off) for
``REPLICATES`` seeds derived from one master seed, and writes to ``results/baseline/``:

* ``outcomes.csv``: one row per scenario, replicate and period with every outcome column;
* ``baseline.png`` and ``baseline.svg``: the main outcomes over time, mean and the
  5-95% range across replicates;
* ``provenance.json``: parameters, seeds, package versions and the git commit.

Run it with ``make run`` or ``python -m experiments.baseline [--out DIR]``: a progress
bar (on a terminal; a line per run otherwise), then the table of last-period means with
a sentence saying what it is, and a last line naming what was written where. Ctrl-C
ends it with one line and exit code 130 and leaves no partial file.
"""

from __future__ import annotations

if __name__ == "__main__":  # before the slow imports below: Ctrl-C there is one line too
    from model.cli import exit_on_signal, install

    install(exit_on_signal)

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from experiments.plots import save  # noqa: E402
from experiments.runfile import write_atomic  # noqa: E402
from experiments.spec import replicate_seeds  # noqa: E402
from model import CreditSystemModel, default_parameters  # noqa: E402
from model.presets import PRESETS  # noqa: E402
from model.provenance import provenance  # noqa: E402

MASTER_SEED = 20140614  # the Outline's date of issue (State Council, 14 June 2014)
REPLICATES = 10
PERIODS = 120  # months: ten years
N_SUBJECTS = 10_000

#: The defaults against the model's own "no credit system" preset (every mechanism of the
#: core off: detection, fines, department lists, the court list, joint punishment, the red
#: list and market screening), so that the counterfactual follows the model's core.
SCENARIOS: dict[str, dict[str, object]] = {
    "system as documented (defaults)": {},
    "no credit system": dict(PRESETS["no_system"]),
}

PANELS = (
    ("honesty_rate", "Honesty rate (share of kept transactions)"),
    ("trust_rate", "Trust rate (share of attempted transactions made)"),
    ("welfare", "Welfare (mean payoff per subject and period)"),
    ("blacklisted_share", "Listed share of subjects (any list)"),
    ("wrongful_listing_share", "Share of listings resting on a false record"),
    ("redlisted_share", "Red-listed share of subjects"),
)


def run(
    out: Path,
    replicates: int = REPLICATES,
    periods: int = PERIODS,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Run every scenario and replicate; write the CSV, figure and provenance.

    Args:
        out: Output directory.
        replicates: Runs per scenario.
        periods: Periods per run.
        progress: Called with a short description after each run (e.g. a progress bar's
            update); None: silent.

    """
    seeds = replicate_seeds(MASTER_SEED, replicates)
    frames = []
    for scenario, overrides in SCENARIOS.items():
        params = {"n_subjects": N_SUBJECTS, **overrides}
        for rep, seed in enumerate(seeds):
            model = CreditSystemModel(rng=seed, **params)
            model.run_for(periods)
            df = model.results()
            df.insert(0, "seed", seed)
            df.insert(0, "replicate", rep)
            df.insert(0, "scenario", scenario)
            frames.append(df)
            if progress:
                progress(f"{scenario}, replicate {rep + 1} of {replicates}")
    table = pd.concat(frames, ignore_index=True)
    out.mkdir(parents=True, exist_ok=True)
    text = table.to_csv(index=False, float_format="%.10g")
    write_atomic(out / "outcomes.csv", lambda tmp: tmp.write_text(text))
    plot(table, out)
    record = provenance(
        {
            name: {**default_parameters(), "n_subjects": N_SUBJECTS, **o}
            for name, o in SCENARIOS.items()
        },
        seeds,
        master_seed=MASTER_SEED,
        periods=periods,
        replicates=replicates,
    )
    text = json.dumps(record, indent=2, default=str)
    write_atomic(out / "provenance.json", lambda tmp: tmp.write_text(text))
    return table


def plot(table: pd.DataFrame, out: Path) -> None:
    """Outcomes over time: mean line and 5-95% band across replicates, per scenario."""
    fig, axes = plt.subplots(2, 3, figsize=(13, 7), sharex=True)
    for ax, (col, label) in zip(axes.flat, PANELS, strict=True):
        for scenario, g in table.groupby("scenario", sort=False):
            by = g.groupby("period")[col]
            mean, lo, hi = by.mean(), by.quantile(0.05), by.quantile(0.95)
            line = ax.plot(mean.index, mean.values, label=scenario)[0]
            ax.fill_between(mean.index, lo.values, hi.values, alpha=0.25, color=line.get_color())
        ax.set_title(label, fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("period (months)")
    axes.flat[0].legend(fontsize=9)
    n_rep = table["replicate"].nunique()
    fig.suptitle(f"Baseline: {N_SUBJECTS:,} subjects, mean and 5-95% range over {n_rep} replicates")
    fig.tight_layout()
    save(fig, out, "baseline")


def _progress_reporter(total: int) -> tuple[Callable[[str], None], Callable[[], None]]:
    """A progress bar on a terminal, else one line per run on stderr; and its closer."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, desc="baseline", unit="run", file=sys.stderr)
        return (lambda what: (bar.set_postfix_str(what, refresh=False), bar.update(1))), bar.close
    count = [0]

    def line(what: str) -> None:
        count[0] += 1
        print(f"baseline: run {count[0]} of {total} done ({what})", file=sys.stderr, flush=True)

    return line, lambda: None


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    from model.cli import guarded

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="results/baseline", help="output directory")
    parser.add_argument("--replicates", type=int, default=REPLICATES)
    parser.add_argument("--periods", type=int, default=PERIODS)
    args = parser.parse_args(argv)
    if not 1 <= args.replicates <= 10_000 or not 1 <= args.periods <= 100_000:
        parser.error("--replicates must be 1 to 10,000 and --periods 1 to 100,000")
    out = Path(args.out)
    n_runs = len(SCENARIOS) * args.replicates
    print(
        f"baseline: {n_runs} runs ({len(SCENARIOS)} scenarios x {args.replicates} replicates, "
        f"{N_SUBJECTS:,} subjects, {args.periods} periods each)",
        flush=True,
    )

    def work() -> int:
        report, close = _progress_reporter(n_runs)
        try:
            table = run(out, args.replicates, args.periods, report)
        finally:
            close()
        last = table[table["period"] == table["period"].max()]
        summary = last.groupby("scenario", sort=False)[[c for c, _ in PANELS]].mean()
        print(
            f"\nEach outcome in the last period (period {args.periods}), mean over "
            f"{args.replicates} replicates (rows: outcomes; columns: scenarios):"
        )
        print(summary.round(3).T.to_string())
        print(
            f"\nwrote {out}/: outcomes.csv ({len(table):,} rows: scenario x replicate x period, "
            "every outcome), baseline.png and baseline.svg (six outcomes over time: mean and "
            "5-95% range of replicates), provenance.json (parameters, seeds, versions, commit)"
        )
        return 0

    return guarded(work, "nothing more was written; run it again to redo it")


if __name__ == "__main__":
    raise SystemExit(main())
