"""Saved runs on disk: a run the class saves is still there after a reload.

Each saved run is two files in ``results/app/saved/`` (or ``$CREDIT_ABM_APP_DIR/saved``):
the outcome table as CSV and a small JSON file with its label, preset, seed and
parameters. Every tab of the page sees the same saved runs.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def app_dir() -> Path:
    """The page's output folder (``results/app`` unless ``CREDIT_ABM_APP_DIR`` is set)."""
    return Path(os.environ.get("CREDIT_ABM_APP_DIR") or ROOT / "results" / "app")


def saved_dir() -> Path:
    """Where saved runs are kept."""
    return app_dir() / "saved"


@dataclass(frozen=True)
class SavedRun:
    """A saved run's description (its table is read by :func:`load`).

    Attributes:
        name: File name stem (unique).
        label: What the page shows.
        meta: Preset, seed, period and changed parameters.

    """

    name: str
    label: str
    meta: dict[str, Any]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "run"


def save(label: str, frame: pd.DataFrame, meta: dict[str, Any]) -> SavedRun:
    """Save a run's table and description; returns its entry."""
    folder = saved_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{time.strftime('%Y%m%d-%H%M%S')}-{_slug(label)}"
    k = 1
    while (folder / f"{name}.json").exists():
        k += 1
        name = f"{name.rsplit('~', 1)[0]}~{k}"
    frame.to_csv(folder / f"{name}.csv", index=False)
    # the description last: a run is listed only once its table is complete
    (folder / f"{name}.json").write_text(
        json.dumps({"label": label, **meta}, default=str, indent=1), encoding="utf-8"
    )
    return SavedRun(name, label, meta)


def runs() -> list[SavedRun]:
    """Every saved run, oldest first."""
    out = []
    for path in sorted(saved_dir().glob("*.json")):
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a half-written or foreign file: not a saved run
        if (path.with_suffix(".csv")).exists():
            out.append(SavedRun(path.stem, str(meta.pop("label", path.stem)), meta))
    return out


def load(name: str) -> pd.DataFrame | None:
    """A saved run's table, or None if it is gone."""
    path = saved_dir() / f"{Path(name).name}.csv"
    try:
        return pd.read_csv(path)
    except (OSError, ValueError):
        return None


def delete(name: str) -> None:
    """Forget a saved run."""
    for ext in (".json", ".csv"):
        (saved_dir() / f"{Path(name).name}{ext}").unlink(missing_ok=True)
