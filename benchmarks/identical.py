"""Check that a performance change keeps results bit-identical.

Usage::

    python -m benchmarks.identical save [FILE]    # before the change
    python -m benchmarks.identical check [FILE]   # after it: exits 1 on any difference

Runs eight small models (3,000 subjects, 40 periods) that cover the code paths a
speed-up may touch: two default seeds, the imitation rule, the scale-free network, the
score-triggered pilot with score screening, every mechanism on (with each decision
rule), and frequent false records without expiry. Saves, or compares, each model's outcome
table and the final value of every subject array. The regression baseline in
``tests/regression/`` checks one scenario; this checks more, and is meant to be run by
hand around an optimisation (FILE defaults to ``/tmp/credit-identical.pkl``).
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.config import all_mechanisms_on
from model.model import CreditSystemModel

DEFAULT_FILE = Path("/tmp/credit-identical.pkl")


def configs() -> list[tuple[int, dict[str, Any]]]:
    """(seed, parameters) of the models compared."""
    every = all_mechanisms_on()
    return [
        (1, {}),
        (2, {}),
        (3, {"decision.rule": "imitation"}),
        (4, {"interaction.network": "scale_free"}),
        (5, {"scoring.enabled": True, "scoring.variant": "trigger", "scoring.refuse_below": 60.0}),
        (6, every),
        (7, {**every, "decision.rule": "imitation"}),
        (8, {"records.expiry_weight": 0.0, "detection.false_record_rate": 0.2}),
    ]


def snapshot() -> list[tuple[Any, dict[str, np.ndarray]]]:
    """Outcome table and final subject arrays of every configuration."""
    out = []
    for seed, params in configs():
        m = CreditSystemModel(rng=seed, n_subjects=3000, **params)
        for _ in range(40):
            m.step()
        state = {f.name: getattr(m.subjects, f.name).copy() for f in dataclasses.fields(m.subjects)}
        out.append((m.results(), state))
    return out


def differences(ref: list, new: list) -> list[str]:
    """Human-readable differences between two snapshots (empty: identical)."""
    found = []
    for (seed, _), (r0, s0), (r1, s1) in zip(configs(), ref, new, strict=True):
        if not r0.equals(r1):  # DataFrame.equals counts NaN == NaN
            cols = [c for c in r0.columns if not r0[c].equals(r1[c])]
            found.append(f"seed {seed}: outcome columns differ: {cols}")
        found += [
            f"seed {seed}: subject array '{k}' differs"
            for k in s0
            if not np.array_equal(s0[k], s1[k])
        ]
    return found


def main(argv: list[str]) -> int:
    """Entry point: ``save`` or ``check``, then an optional file."""
    if not argv or argv[0] not in ("save", "check"):
        print("usage: python -m benchmarks.identical save|check [FILE]", file=sys.stderr)
        return 2
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_FILE
    if argv[0] == "save":
        path.write_bytes(pickle.dumps(snapshot()))
        print(f"saved {len(configs())} models to {path}")
        return 0
    if not path.exists():
        print(f"no snapshot at {path}: run 'save' before the change", file=sys.stderr)
        return 2
    diff = differences(pickle.loads(path.read_bytes()), snapshot())
    print("\n".join(diff) if diff else "identical")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
