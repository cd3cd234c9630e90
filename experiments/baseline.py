"""The baseline experiment: the core model at its defaults against a world without it.

Runs the default model (records, scores, fines, blacklist, red list and market
screening on) and a "no system" counterfactual (all of them off) for
``REPLICATES`` seeds derived from one master seed, and writes to ``results/baseline/``:

* ``outcomes.csv``: one row per scenario, replicate and period with every outcome column;
* ``baseline.png`` and ``baseline.svg``: the main outcomes over time, mean and the
  5-95% range across replicates;
* ``provenance.json``: parameters, seeds, package versions and the git commit.

Run it with ``make run`` or ``python -m experiments.baseline [--out DIR]``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from experiments.plots import save  # noqa: E402
from experiments.spec import replicate_seeds  # noqa: E402
from model import CreditSystemModel, default_parameters  # noqa: E402
from model.provenance import provenance  # noqa: E402

MASTER_SEED = 20140614  # the Outline's date of issue (State Council, 14 June 2014)
REPLICATES = 10
PERIODS = 120  # months: ten years
N_SUBJECTS = 10_000

SCENARIOS: dict[str, dict[str, object]] = {
    "Outline core (defaults)": {},
    "no system": {
        "detection.enabled": False,
        "sanctions.enabled": False,
        "blacklist.enabled": False,
        "redlist.enabled": False,
        "market.enabled": False,
    },
}

PANELS = (
    ("honesty_rate", "Honesty rate (share of kept transactions)"),
    ("trust_rate", "Trust rate (share of attempted transactions made)"),
    ("welfare", "Welfare (mean payoff per subject and period)"),
    ("blacklisted_share", "Blacklisted share of subjects"),
    ("wrongly_blacklisted_share", "Share of listings resting on a false record"),
    ("redlisted_share", "Red-listed share of subjects"),
)


def run(out: Path, replicates: int = REPLICATES, periods: int = PERIODS) -> pd.DataFrame:
    """Run every scenario and replicate; write the CSV, figure and provenance."""
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
    table = pd.concat(frames, ignore_index=True)
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "outcomes.csv", table.to_csv(index=False, float_format="%.10g"))
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
    _write_atomic(out / "provenance.json", json.dumps(record, indent=2, default=str))
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


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="results/baseline", help="output directory")
    parser.add_argument("--replicates", type=int, default=REPLICATES)
    parser.add_argument("--periods", type=int, default=PERIODS)
    args = parser.parse_args(argv)
    if args.replicates < 1 or args.periods < 1:
        parser.error("--replicates and --periods must be at least 1")
    out = Path(args.out)
    table = run(out, args.replicates, args.periods)
    last = table[table["period"] == table["period"].max()]
    summary = last.groupby("scenario", sort=False)[[c for c, _ in PANELS]].mean()
    print(summary.round(3).to_string())
    print(f"wrote {out}/outcomes.csv, baseline.png, baseline.svg, provenance.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
