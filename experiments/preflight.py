"""Everything checked and estimated before a sweep starts, without writing anything.

The runner's arguments (worker count, Dask scheduler address), the output directory
(never one that holds something else) and the estimate of time and disk printed before
the first run. Each problem is a :class:`ResultsError` with a one-line message.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

#: Rough costs for the estimate printed before a sweep, measured on the project's
#: 2-core development machine (model at its defaults, seconds): per run (process
#: round trip, table, file), per period (collecting outcomes) and per subject-period.
COST_RUN, COST_PERIOD, COST_SUBJECT_PERIOD = 0.1, 3e-4, 1.5e-7
#: Starting spawned worker processes (each imports the model): seconds, once per sweep.
COST_POOL_START = 3.0
#: Bytes of a run file: footer and metadata, plus about 5 per value (measured: 25 kB for
#: 60 periods of 68 columns).
FILE_OVERHEAD, BYTES_PER_VALUE = 10_000, 5
_ADDRESS = re.compile(
    r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-_]*):(\d{1,5})$"
)


class ResultsError(ValueError):
    """An output directory or runner argument that cannot be used (one-line message)."""


def max_workers() -> int:
    """Most local worker processes accepted: four per core, at least 8."""
    return max(8, 4 * (os.cpu_count() or 1))


def check_workers(workers: Any) -> None:
    """``workers`` is None or an integer from 1 to :func:`max_workers`."""
    ok = isinstance(workers, int) and not isinstance(workers, bool)
    if workers is None or (ok and 1 <= workers <= max_workers()):
        return
    raise ResultsError(
        f"workers must be an integer from 1 to {max_workers()} (4 per core), got {workers!r}"
    )


def check_chunk(chunk: Any) -> None:
    """``chunk`` (runs per task) is None or a positive integer."""
    ok = isinstance(chunk, int) and not isinstance(chunk, bool)
    if chunk is None or (ok and chunk >= 1):
        return
    raise ResultsError(f"chunk (runs per task) must be an integer >= 1, got {chunk!r}")


def check_scheduler(address: Any) -> None:
    """A Dask scheduler address: ``tcp://HOST:PORT`` (or tls://, ws://, ...; PORT 1-65535)."""
    if address is None:
        return
    match = _ADDRESS.match(address) if isinstance(address, str) else None
    if match is None or not 1 <= int(match.group(1)) <= 65535:
        raise ResultsError(
            f"scheduler {address!r} is not a Dask scheduler address; expected "
            "tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786"
        )


def recorded_experiment(out: Path) -> str | None:
    """The experiment a directory holds, from ``manifest.json`` or ``provenance.json``.

    None if neither exists; ``"?"`` if one exists but cannot be read (then it is ours to
    rewrite only if it is the manifest, which is derived from the spec).
    """
    for name in ("manifest.json", "provenance.json"):
        path = out / name
        if path.exists():
            try:
                return str(json.loads(path.read_text())["spec"]["name"])
            except (OSError, ValueError, KeyError, TypeError):
                return "?" if name == "provenance.json" else None
    return None


def check_output_dir(out: Path, name: str) -> None:
    """An output directory we may write into, checked without writing anything.

    Accepted: a directory that does not exist yet (under a writable one), an empty
    directory, or an experiment directory of the same experiment (resume; recognised by
    its ``manifest.json`` or committed ``provenance.json``). Refused, so that nothing
    already written is overwritten: a file, a non-empty directory that is not an
    experiment directory, another experiment's directory.
    """
    text = str(out)
    if not text.strip() or "\0" in text:
        raise ResultsError(f"output directory {text!r} is not a usable path")
    try:
        if out.exists() and not out.is_dir():
            raise ResultsError(f"{out}: exists and is not a directory; choose a directory")
        if out.is_dir():
            held = recorded_experiment(out)
            if held is not None and held != name:
                raise ResultsError(
                    f"{out} holds experiment {held!r}, not {name!r}; "
                    "choose another output directory"
                )
            other = sorted(e.name for e in out.iterdir() if e.name != "runs")
            if held is None and other and not (out / "manifest.json").exists():
                raise ResultsError(
                    f"{out} is not empty and is not an experiment directory (it holds "
                    f"{other[0]!r}); choose a new or empty directory"
                )
            return
        parent = out.absolute().parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir():
            raise ResultsError(f"{out}: cannot be created: {parent} is not a directory")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise ResultsError(f"{out}: cannot be created: {parent} is not writable")
    except OSError as exc:
        raise ResultsError(f"{out}: cannot be used ({exc.strerror or exc})") from None


def estimate(runs: list[dict[str, Any]], workers: int) -> tuple[float, int]:
    """Rough wall time (seconds) and disk (bytes) of ``runs`` on ``workers`` processes."""
    from experiments.spec import outcome_columns
    from model import REGISTRY

    default_n = REGISTRY["n_subjects"].default
    cols = len(outcome_columns()) + 8
    per_period = [
        COST_PERIOD + r["params"].get("n_subjects", default_n) * COST_SUBJECT_PERIOD for r in runs
    ]
    seconds = sum(COST_RUN + r["periods"] * c for r, c in zip(runs, per_period, strict=True))
    disk = sum(FILE_OVERHEAD + r["periods"] * cols * BYTES_PER_VALUE for r in runs)
    parallel = max(1, min(workers, len(runs)))
    start = COST_POOL_START if parallel > 1 else 0.0
    return start + seconds / parallel, disk


def human_time(seconds: float) -> str:
    """Seconds in words: ``45 s``, ``12 min``, ``2.5 h``."""
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def human_bytes(n: int) -> str:
    """Bytes in words: ``11.0 MB``."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"
