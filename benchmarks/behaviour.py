"""What the behavioural options of issue 11 cost per period, at research scale.

``python -m benchmarks.behaviour [--subjects 100000] [--periods 10] [--blocks 3]``

Each variant (rational expectations at the defaults; learned beliefs; learned beliefs
with 11% awareness; heterogeneous discounting with present bias; legitimacy; chilling;
all of them) runs in a fresh interpreter: build the model, run 3 warm-up periods, then
``blocks`` blocks of ``periods`` periods; the time per period is the best block (the
machine is shared: the least disturbed block), all blocks are kept. Writes
``results/benchmarks/behaviour.csv`` and prints it, with the ratio to the rational
defaults measured in the same round. ``--reference DIR`` also times the defaults of
another source tree (e.g. an export of the main branch before issue 11), to measure what
the honest path costs at the defaults.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "results" / "benchmarks" / "behaviour.csv"

LEARNED = {"decision.beliefs": "learned"}
VARIANTS: dict[str, dict] = {
    "rational (defaults)": {},
    "learned beliefs": LEARNED,
    "learned beliefs, awareness 0.11": {**LEARNED, "decision.awareness": 0.11},
    "discounting (Beta per subject), present bias": {
        "decision.discount": 0.98,
        "decision.discount_concentration": 100.0,
        "decision.present_bias": 0.7,
    },
    "legitimacy": {"legitimacy.enabled": True},
    "chilling": {"chilling.enabled": True},
    "all behavioural options": {
        **LEARNED,
        "decision.awareness": 0.11,
        "decision.discount": 0.98,
        "decision.discount_concentration": 100.0,
        "decision.present_bias": 0.7,
        "legitimacy.enabled": True,
        "chilling.enabled": True,
    },
}

_WORKER = """
import json, sys, time
from model import CreditSystemModel
n, periods, blocks = (int(x) for x in sys.argv[1:4])
params = json.loads(sys.argv[4])
t0 = time.perf_counter()
m = CreditSystemModel(rng=1, n_subjects=n, **params)
build = time.perf_counter() - t0
m.run_for(3)
times = []
for _ in range(blocks):
    t0 = time.perf_counter()
    m.run_for(periods)
    times.append((time.perf_counter() - t0) / periods)
print(json.dumps({"build_s": build, "per_period_s": times}))
"""


def measure(n: int, periods: int, blocks: int, params: dict, src: Path | None = None) -> dict:
    """Run one variant in a fresh interpreter (on source tree ``src``); return its timings."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, str(n), str(periods), str(blocks), json.dumps(params)],
        check=True,
        capture_output=True,
        text=True,
        cwd=src or ROOT,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """Measure every variant and write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=100_000)
    ap.add_argument("--periods", type=int, default=10)
    ap.add_argument("--blocks", type=int, default=3)
    ap.add_argument("--reference", type=Path, default=None)
    args = ap.parse_args(argv)
    rows = []
    variants = [(name, params, None) for name, params in VARIANTS.items()]
    if args.reference is not None:
        variants.append((f"reference defaults ({args.reference.name})", {}, args.reference))
    for name, params, src in variants:
        r = measure(args.subjects, args.periods, args.blocks, params, src)
        rows.append(
            {
                "variant": name,
                "subjects": args.subjects,
                "build_s": round(r["build_s"], 3),
                "per_period_s": round(min(r["per_period_s"]), 4),
                "per_period_s_all": " ".join(f"{x:.4f}" for x in r["per_period_s"]),
            }
        )
    base = rows[0]["per_period_s"]
    for row in rows:
        row["ratio_to_rational"] = round(row["per_period_s"] / base, 3)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
