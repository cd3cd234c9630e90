"""One measurement in a fresh interpreter: ``python -m benchmarks.worker '<json spec>'``.

A fresh process per measurement makes ``ru_maxrss`` (the peak resident set of the
process) attributable to one model size. The spec is a JSON object with ``impl``
("array": the model; "numpy": the plain-numpy benchmark core; "plain": plain Mesa),
``n``, ``periods``, ``repeats``, ``mechanisms`` (the array model's configuration,
``benchmarks.config``: "bench", "core" or "all"), ``degree`` (optional), ``seed``,
``tracemalloc`` (bool) and ``count_bytes`` (bool: count the bytes numpy moves,
``benchmarks.bytecount``, instead of timing). Prints one JSON line.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
import tracemalloc
from typing import Any


def maxrss_bytes() -> int:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _status(field: str) -> int | None:
    try:
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def reset_peak_rss() -> int:
    """Reset the peak-RSS watermark (Linux) and return the current resident set.

    Imports (pandas, pyarrow, scipy via mesa) leave a transient peak that would hide a
    small model's memory under ``ru_maxrss``; writing 5 to ``/proc/self/clear_refs``
    resets the watermark ``VmHWM`` to the current ``VmRSS``. Falls back to
    ``ru_maxrss`` where that is not possible.
    """
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return _status("VmRSS") or maxrss_bytes()
    except OSError:
        return maxrss_bytes()


def peak_rss() -> int:
    """Peak resident set since the last reset (``VmHWM``), else ``ru_maxrss``."""
    return _status("VmHWM") or maxrss_bytes()


def build(spec: dict[str, Any]) -> Any:
    """The model, numpy core or plain Mesa model the spec names."""
    from benchmarks.config import parameters
    from benchmarks.numpy_core import NumpyCore
    from benchmarks.plain_mesa import PlainMesaModel
    from model.model import CreditSystemModel

    params: dict[str, Any] = {"n_subjects": spec["n"]}
    if spec.get("degree"):
        params["interaction.degree"] = spec["degree"]
    seed = spec.get("seed", 1)
    if spec["impl"] == "array":
        params.update(parameters(spec.get("mechanisms", "core")))
        return CreditSystemModel(rng=seed, **params)
    if spec["impl"] == "numpy":
        return NumpyCore(params.pop("n_subjects"), seed, **params)
    return PlainMesaModel(rng=seed, **params)


def count_bytes(spec: dict[str, Any]) -> dict[str, Any]:
    """Bytes numpy moves per subject-period, counted (``benchmarks.bytecount``)."""
    from benchmarks import bytecount

    model = build(spec)
    for _ in range(spec.get("warmup", 3)):
        model.step()
    bytecount.counted(model)
    with bytecount.counting() as tally:
        for _ in range(spec["periods"]):
            model.step()
    subject_periods = spec["n"] * spec["periods"]
    top = sorted(tally.by_name.items(), key=lambda kv: -kv[1])[:12]
    return {
        **spec,
        "bytes_per_subject_period": tally.bytes / subject_periods,
        "calls_per_period": tally.calls / spec["periods"],
        "top_bytes_per_subject_period": {k: v / subject_periods for k, v in top},
    }


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Build one model, run it, and time and measure it."""
    import numpy as np

    if spec.get("count_bytes"):
        return count_bytes(spec)
    # every import before the baseline and the clock: only the model is measured
    import benchmarks.config  # noqa: F401
    import benchmarks.numpy_core  # noqa: F401
    import benchmarks.plain_mesa  # noqa: F401
    import model.model  # noqa: F401

    gc.collect()
    rss_base = reset_peak_rss()
    if spec.get("tracemalloc"):
        tracemalloc.start()
    t0 = time.perf_counter()
    model = build(spec)
    build_s = time.perf_counter() - t0
    if spec.get("tracemalloc"):
        _, build_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
    blocks = []
    for _ in range(spec["repeats"]):
        t0 = time.perf_counter()
        for _ in range(spec["periods"]):
            model.step()
        blocks.append(time.perf_counter() - t0)
    out: dict[str, Any] = {
        **spec,
        "build_s": build_s,
        "run_s_best": min(blocks),
        "run_s_all": blocks,
        "period_s": min(blocks) / spec["periods"],
        "rss_baseline_bytes": rss_base,
        "rss_peak_bytes": peak_rss(),
        "ru_maxrss_bytes": maxrss_bytes(),
    }
    if spec.get("tracemalloc"):
        _, step_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["tracemalloc_build_peak_bytes"] = build_peak
        out["tracemalloc_step_peak_bytes"] = step_peak
    if spec["impl"] == "array":
        rows = model.results()
        out["n_edges"] = int(len(model.mechanisms["interaction"].network.indices) // 2)
    else:
        import pandas as pd

        rows = pd.DataFrame(model.rows)
    if spec.get("table"):  # every outcome column, for the equivalence checks
        out["table"] = rows.drop(columns=["events", "period"], errors="ignore").to_dict("list")
    out["honesty_rate_mean"] = float(np.mean(rows["honesty_rate"]))
    return out


if __name__ == "__main__":
    print(json.dumps(measure(json.loads(sys.argv[1]))))
