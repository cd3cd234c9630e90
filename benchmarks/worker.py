"""One measurement in a fresh interpreter: ``python -m benchmarks.worker '<json spec>'``.

A fresh process per measurement makes ``ru_maxrss`` (the peak resident set of the
process) attributable to one model size. The spec is a JSON object with ``impl``
("array" or "plain"), ``n``, ``periods``, ``repeats``, ``mechanisms`` ("core" or
"all"), ``degree`` (optional) and ``tracemalloc`` (bool). Prints one JSON line.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import resource
import sys
import time
import tracemalloc
from typing import Any


def all_mechanisms_on() -> dict[str, bool]:
    """``<name>.enabled = True`` for every registered mechanism that has a switch.

    Read at run time from ``model.mechanisms.MECHANISMS`` so that mechanisms added
    later are included.
    """
    from model.mechanisms import MECHANISMS

    return {
        f"{name}.enabled": True
        for name, cls in MECHANISMS.items()
        if "enabled" in {f.name for f in dataclasses.fields(cls.Params)}
    }


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


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Build one model, run it, and time and measure it."""
    import numpy as np

    from benchmarks.plain_mesa import PlainMesaModel
    from model.model import CreditSystemModel

    params: dict[str, Any] = {"n_subjects": spec["n"]}
    if spec.get("degree"):
        params["interaction.degree"] = spec["degree"]
    if spec.get("mechanisms") == "all":
        params.update(all_mechanisms_on())
    cls = CreditSystemModel if spec["impl"] == "array" else PlainMesaModel
    gc.collect()
    rss_base = reset_peak_rss()
    if spec.get("tracemalloc"):
        tracemalloc.start()
    t0 = time.perf_counter()
    model = cls(rng=spec.get("seed", 1), **params)
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
        h = model.results()["honesty_rate"].to_numpy()
        out["n_edges"] = int(len(model.mechanisms["interaction"].network.indices) // 2)
    else:
        h = np.array([row["honesty_rate"] for row in model.rows])
    out["honesty_rate_mean"] = float(h.mean())
    return out


if __name__ == "__main__":
    print(json.dumps(measure(json.loads(sys.argv[1]))))
