"""The Gini coefficient with the sorted order carried between periods, against ``np.sort``.

``python -m benchmarks.gini_order [N] [PERIODS] [bench|core|all]`` steps two identical
models in lockstep, one computing the Gini as the model does (:func:`model.outcomes.gini`,
a fresh ``np.sort`` every period) and one with the order of last period's wealth carried
over (gather the new wealth in that order, re-sort it with a stable argsort, which is fast
on nearly sorted data, and keep the permutation). It prints whether the coefficients are
identical, how out of order the carried order is, and the time per period of the Gini and
of the whole outcome computation with each. Issue 16, item 2; the result (not kept: slower)
is in ``benchmarks/README.md``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

import model.outcomes as outcomes
from benchmarks.config import parameters
from model import CreditSystemModel


class CarriedGini:
    """:func:`model.outcomes.gini` with last period's sorted order carried over."""

    def __init__(self) -> None:
        self.perm: np.ndarray | None = None
        self.out_of_order = 0.0

    def __call__(self, x: np.ndarray) -> float:
        w = np.maximum(np.asarray(x, dtype=np.float64), 0.0)
        if self.perm is None or len(self.perm) != len(w):
            self.perm = np.argsort(w, kind="stable")
        else:
            near = w[self.perm]
            self.out_of_order = float(np.count_nonzero(near[1:] < near[:-1])) / max(len(w), 1)
            self.perm = self.perm[np.argsort(near, kind="stable")]
        v = w[self.perm]  # the same sorted values as np.sort: the same sums below
        n, total = len(v), v.sum()
        if n == 0 or total <= 0.0:
            return 0.0
        np.multiply(v, outcomes._ranks(n), out=v)
        g = 2.0 * float(v.sum()) / (n * total) - (n + 1.0) / n
        return float(min(max(g, 0.0), 1.0))


def compare(n: int, periods: int, config: str = "core") -> dict[str, Any]:
    """Step both models ``periods`` times; per-period times in seconds."""
    kw = parameters(config)
    models = {k: CreditSystemModel(rng=3, n_subjects=n, **kw) for k in ("sort", "carried")}
    carried = CarriedGini()
    ginis = {"sort": outcomes.gini, "carried": carried}
    t_gini = dict.fromkeys(models, 0.0)
    t_out = dict.fromkeys(models, 0.0)
    for key, m in models.items():
        inner, f = m.compute_outcomes, ginis[key]

        def timed_outcomes(inner: Any = inner, key: str = key) -> dict[str, float]:
            t = time.perf_counter()
            r = inner()
            t_out[key] += time.perf_counter() - t
            return r

        def timed_gini(x: np.ndarray, f: Any = f, key: str = key) -> float:
            t = time.perf_counter()
            r = f(x)
            t_gini[key] += time.perf_counter() - t
            return r

        m.compute_outcomes = timed_outcomes
        ginis[key] = timed_gini
    original = outcomes.gini
    identical = 0
    try:
        for _ in range(periods):
            for key, m in models.items():
                outcomes.gini = ginis[key]
                m.step()
            identical += models["sort"].outcomes["gini"] == models["carried"].outcomes["gini"]
    finally:
        outcomes.gini = original
    res: dict[str, Any] = {"n": n, "periods": periods, "config": config}
    res["identical_periods"] = int(identical)
    res["out_of_order_share"] = carried.out_of_order
    for key in models:
        res[f"gini_{key}_s"] = t_gini[key] / periods
        res[f"outcomes_{key}_s"] = t_out[key] / periods
    return res


def main(argv: list[str] | None = None) -> int:
    """Print the comparison."""
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 100_000
    periods = int(args[1]) if len(args) > 1 else 40
    config = args[2] if len(args) > 2 else "core"
    r = compare(n, periods, config)
    print(
        f"n={n:,} {config}, {periods} periods: Gini identical in {r['identical_periods']} "
        f"periods; {r['out_of_order_share']:.0%} of neighbours out of order in last period's "
        f"order. Per period, np.sort against carried order: Gini "
        f"{r['gini_sort_s'] * 1e3:.2f} against {r['gini_carried_s'] * 1e3:.2f} ms, outcome "
        f"computation {r['outcomes_sort_s'] * 1e3:.2f} against "
        f"{r['outcomes_carried_s'] * 1e3:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
