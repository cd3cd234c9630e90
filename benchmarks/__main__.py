"""Run the benchmark suite: ``python -m benchmarks [--quick] [--out DIR]``.

Measures, each in a fresh subprocess (``benchmarks.worker``):

* throughput of the array model (periods/s and subject-periods/s) from 1,000 to
  1,000,000 subjects, with the core mechanisms (defaults) and with every switchable
  mechanism on;
* the same for the plain Mesa implementation (``benchmarks.plain_mesa``) up to 100,000
  subjects, and the ratio of subject-periods/s at equal sizes;
* peak memory per subject, two ways: ``ru_maxrss`` minus the interpreter's peak after
  imports (what the operating system sees, allocator slack included), and the
  tracemalloc peak of numpy's allocations (build and periods separately);
* a million subjects for 100 periods, build included (the one-minute / three-minute
  targets);
* how the cost of a period scales with subjects and with network degree (log-log
  slopes);
* equivalence: the plain Mesa model's honesty rate against the array model's for the
  same parameters and seeds.

Writes CSV, JSON, a plot and ``summary.md`` to ``results/benchmarks/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
HONESTY_MARGIN = 0.05  # plain Mesa and array honesty rates must agree this closely


def run_worker(**spec: Any) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", json.dumps(spec)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"worker failed for {spec}:\n{proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"  {spec['impl']:5s} {spec.get('mechanisms', 'core'):4s} n={spec['n']:>9,} "
        f"deg={spec.get('degree') or 6:>2}  {res['period_s'] * 1e3:9.2f} ms/period  "
        f"build {res['build_s']:6.2f} s",
        flush=True,
    )
    return res


def load() -> list[float]:
    """1, 5 and 15-minute load averages (the machine is shared)."""
    return [round(x, 2) for x in os.getloadavg()]


def throughput(quick: bool, rounds: int = 2) -> pd.DataFrame:
    """Periods/s and subject-periods/s for both implementations.

    The sizes are visited in ``rounds`` interleaved rounds (array core, array with every
    mechanism, plain Mesa, next size, ..., then again), and the best round is kept per
    implementation and size: on a shared machine both implementations then meet similar
    load, so their ratio is not biased by a change of load between them.
    """
    # n -> (periods per block, repeats) for the array model and for plain Mesa
    array_plan = {1_000: (200, 5), 10_000: (100, 5), 100_000: (20, 3), 1_000_000: (5, 2)}
    plain_plan = {1_000: (20, 5), 10_000: (4, 5), 100_000: (1, 2)}
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000, 1_000_000]
    best: dict[tuple[str, str, int], dict[str, Any]] = {}
    for _ in range(rounds):
        for n in sizes:
            runs = [("array", "core", *array_plan[n]), ("array", "all", *array_plan[n])]
            if n in plain_plan:
                runs.append(("plain", "core", *plain_plan[n]))
            for impl, mechs, periods, repeats in runs:
                r = run_worker(impl=impl, mechanisms=mechs, n=n, periods=periods, repeats=repeats)
                key = (impl, mechs, n)
                if key not in best or r["period_s"] < best[key]["period_s"]:
                    best[key] = r
    df = pd.DataFrame(list(best.values())).sort_values(["impl", "mechanisms", "n"])
    df["periods_per_s"] = 1.0 / df["period_s"]
    df["subject_periods_per_s"] = df["n"] / df["period_s"]
    return df.reset_index(drop=True)


def million(quick: bool) -> pd.DataFrame:
    """A million subjects (or 100,000 when quick) for 100 periods, build included."""
    n = 100_000 if quick else 1_000_000
    rows = []
    for mechs in ("core", "all"):
        r = run_worker(impl="array", mechanisms=mechs, n=n, periods=100, repeats=1)
        r["total_s"] = r["build_s"] + r["run_s_best"]
        rows.append(r)
    return pd.DataFrame(rows)


def memory(quick: bool) -> pd.DataFrame:
    """Peak memory per subject: ru_maxrss over a baseline, and tracemalloc peaks."""
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    rows = []
    for mechs in ("core", "all"):
        for n in sizes:
            rss = run_worker(impl="array", mechanisms=mechs, n=n, periods=5, repeats=1)
            tm = run_worker(
                impl="array", mechanisms=mechs, n=n, periods=3, repeats=1, tracemalloc=True
            )
            rows.append(
                {
                    "mechanisms": mechs,
                    "n": n,
                    "rss_over_baseline_per_subject": (
                        rss["rss_peak_bytes"] - rss["rss_baseline_bytes"]
                    )
                    / n,
                    "tracemalloc_build_peak_per_subject": tm["tracemalloc_build_peak_bytes"] / n,
                    "tracemalloc_step_peak_per_subject": tm["tracemalloc_step_peak_bytes"] / n,
                    "rss_baseline_mb": rss["rss_baseline_bytes"] / 2**20,
                }
            )
    return pd.DataFrame(rows)


def scaling(quick: bool) -> tuple[pd.DataFrame, dict[str, float]]:
    """Cost of a period against subjects (degree 6) and against degree (n fixed)."""
    ns = [10_000, 30_000, 100_000] if quick else [10_000, 30_000, 100_000, 300_000, 1_000_000]
    n_fixed = 30_000 if quick else 100_000
    rows = []
    for n in ns:
        periods = max(5, int(3_000_000 / n))
        rows.append(
            run_worker(impl="array", n=n, degree=6, periods=periods, repeats=5) | {"sweep": "n"}
        )
    for degree in (4, 8, 16, 32, 64):
        periods = max(5, int(3_000_000 / n_fixed))
        rows.append(
            run_worker(impl="array", n=n_fixed, degree=degree, periods=periods, repeats=5)
            | {"sweep": "degree"}
        )
    df = pd.DataFrame(rows)
    by_n = df[df["sweep"] == "n"]
    by_deg = df[df["sweep"] == "degree"]
    slopes = {
        # cost ~ n^a: a = 1 is linear in subjects
        "slope_period_time_vs_n": float(
            np.polyfit(np.log(by_n["n"]), np.log(by_n["period_s"]), 1)[0]
        ),
        # cost at fixed n against edges: per-period work is one draw per subject, so
        # the slope should be near 0 (the edges are only read, not iterated)
        "slope_period_time_vs_edges_fixed_n": float(
            np.polyfit(np.log(by_deg["n_edges"]), np.log(by_deg["period_s"]), 1)[0]
        ),
        # total cost against subjects + edges over all runs
        # building the network sorts its edges: near-linear in edges
        "slope_build_time_vs_edges": float(
            np.polyfit(np.log(df["n_edges"]), np.log(df["build_s"]), 1)[0]
        ),
        "slope_period_time_vs_n_plus_edges": float(
            np.polyfit(np.log(df["n"] + df["n_edges"]), np.log(df["period_s"]), 1)[0]
        ),
    }
    return df, slopes


def equivalence(quick: bool) -> pd.DataFrame:
    """Honesty rate of plain Mesa vs array model for the same parameters and seeds."""
    n, periods = (2_000, 30) if quick else (5_000, 40)
    rows = []
    for seed in (1, 2, 3):
        a = run_worker(impl="array", n=n, periods=periods, repeats=1, seed=seed)
        p = run_worker(impl="plain", n=n, periods=periods, repeats=1, seed=seed)
        rows.append(
            {
                "seed": seed,
                "n": n,
                "periods": periods,
                "honesty_array": a["honesty_rate_mean"],
                "honesty_plain_mesa": p["honesty_rate_mean"],
                "abs_difference": abs(a["honesty_rate_mean"] - p["honesty_rate_mean"]),
            }
        )
    df = pd.DataFrame(rows)
    df["within_margin"] = df["abs_difference"] <= HONESTY_MARGIN
    return df


def plot(tp: pd.DataFrame, path: Path) -> None:
    """Log-log plot of subject-periods per second against n, both implementations."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for (impl, mechs), g in tp.groupby(["impl", "mechanisms"]):
        label = {"array": "array model", "plain": "plain Mesa (one Agent per subject)"}[impl]
        if impl == "array":
            label += " (core)" if mechs == "core" else " (every mechanism on)"
        ax.loglog(g["n"], g["subject_periods_per_s"], marker="o", label=label)
    ax.set_xlabel("subjects")
    ax.set_ylabel("subject-periods per second")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def summary(res: dict[str, Any]) -> str:
    """The text the README quotes: ratios and whether each target is met."""
    tp = pd.DataFrame(res["throughput"])
    arr = tp[(tp["impl"] == "array") & (tp["mechanisms"] == "core")].set_index("n")
    plain = tp[tp["impl"] == "plain"].set_index("n")
    lines = ["## Performance (ratios; absolute times depend on the machine)", ""]
    for n in plain.index:
        ratio = arr.loc[n, "subject_periods_per_s"] / plain.loc[n, "subject_periods_per_s"]
        lines.append(
            f"- {n:,} subjects: the array model runs {ratio:.0f}x the subject-periods per "
            "second of a plain Mesa implementation of the same core rules (one `mesa.Agent` "
            "per subject, `shuffle_do`)."
        )
    for r in res["million"]:
        lines.append(
            f"- {r['n']:,} subjects, {r['mechanisms']} mechanisms, 100 periods: "
            f"{r['total_s']:.0f} s including {r['build_s']:.0f} s to build the network."
        )
    mem = pd.DataFrame(res["memory"])
    for _, r in mem[mem["n"] == mem["n"].max()].iterrows():
        lines.append(
            f"- Peak memory at {r['n']:,} subjects ({r['mechanisms']}): "
            f"{r['rss_over_baseline_per_subject']:.0f} bytes per subject (resident set over "
            f"the interpreter's), {r['tracemalloc_build_peak_per_subject']:.0f} bytes "
            "(numpy allocations, tracemalloc peak while building)."
        )
    s = res["slopes"]
    lines.append(
        f"- Cost of a period grows as n^{s['slope_period_time_vs_n']:.2f} with subjects "
        f"(log-log slope; 1 is linear) and as edges^{s['slope_period_time_vs_edges_fixed_n']:.2f}"
        " with network degree at fixed n (a period draws one neighbour per subject from the"
        " CSR arrays, so its cost does not depend on the number of edges); building the "
        f"network grows as edges^{s['slope_build_time_vs_edges']:.2f}."
    )
    eq = pd.DataFrame(res["equivalence"])
    lines.append(
        f"- Equivalence check: plain Mesa and array honesty rates differ by at most "
        f"{eq['abs_difference'].max():.3f} over seeds {list(eq['seed'])} (margin {HONESTY_MARGIN})."
    )
    lines += [
        "",
        f"Measured {res['started']} on {res['machine']['cpus']} cores while the machine was "
        f"shared (load averages {res['load_before']} before, {res['load_after']} after); "
        "best of several repeats.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and write the results."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    ap.add_argument("--out", default=str(ROOT / "results" / "benchmarks"), help="output folder")
    ap.add_argument(
        "--only",
        choices=("throughput", "million", "memory", "scaling", "equivalence"),
        action="append",
        help="run only these parts (repeatable)",
    )
    args = ap.parse_args(argv)
    parts = args.only or ["equivalence", "throughput", "memory", "scaling", "million"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    import mesa

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    res: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "quick": args.quick,
        "load_before": load(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "mesa": mesa.__version__,
            "git_commit": commit,
        },
    }
    path = out / "results.json"
    if path.exists() and args.only:  # keep earlier parts when re-running some
        old = json.loads(path.read_text())
        res = {
            **old,
            **{k: v for k, v in res.items() if k not in ("machine",)},
            "machine": res["machine"],
        }
    for part in parts:
        print(f"[{part}]", flush=True)
        if part == "throughput":
            df = throughput(args.quick)
            df.to_csv(out / "throughput.csv", index=False)
            plot(df, out / "subject_periods.png")
            res["throughput"] = df.to_dict("records")
        elif part == "million":
            df = million(args.quick)
            df.to_csv(out / "million.csv", index=False)
            res["million"] = df.to_dict("records")
        elif part == "memory":
            df = memory(args.quick)
            df.to_csv(out / "memory.csv", index=False)
            res["memory"] = df.to_dict("records")
        elif part == "scaling":
            df, slopes = scaling(args.quick)
            df.to_csv(out / "scaling.csv", index=False)
            res["scaling"], res["slopes"] = df.to_dict("records"), slopes
        elif part == "equivalence":
            df = equivalence(args.quick)
            df.to_csv(out / "equivalence.csv", index=False)
            res["equivalence"] = df.to_dict("records")
            if not df["within_margin"].all():
                print("WARNING: plain Mesa and array honesty rates differ by more than the margin")
    res["load_after"] = load()
    path.write_text(json.dumps(res, indent=1, default=str))
    if all(k in res for k in ("throughput", "million", "memory", "slopes", "equivalence")):
        text = summary(res)
        (out / "summary.md").write_text(text)
        print(text)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
