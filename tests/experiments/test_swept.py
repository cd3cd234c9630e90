"""Every default that says it is swept is varied by a committed experiment.

A parameter whose declaration (``clause``) says "swept" rests on no source; the brief's rule
is that such a default is then swept. This checks it against the committed specs: the
parameter must be varied (a grid axis, a sampling bound, a scenario's or finding's value:
anything but the ``base`` table) by some spec in experiments/specs/ or by
experiments/robustness.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from model import REGISTRY

ROOT = Path(__file__).resolve().parents[2]


def _names(x: Any, found: set[str]) -> None:
    """Every registry name used as a key anywhere in ``x``."""
    if isinstance(x, dict):
        for k, v in x.items():
            if k in REGISTRY:
                found.add(k)
            _names(v, found)
    elif isinstance(x, list):
        for v in x:
            _names(v, found)


def varying() -> dict[str, list[Path]]:
    """The committed specs that vary each parameter (every table but ``base``)."""
    by: dict[str, list[Path]] = {}
    files = [*sorted((ROOT / "experiments" / "specs").glob("*.toml"))]
    files.append(ROOT / "experiments" / "robustness.toml")
    for path in files:
        spec = tomllib.loads(path.read_text())
        spec.pop("base", None)
        found: set[str] = set()
        _names(spec, found)
        for name in found:
            by.setdefault(name, []).append(path)
    return by


def varied() -> set[str]:
    """Parameters that some committed spec varies (every table but ``base``)."""
    return set(varying())


def test_every_swept_default_is_varied_by_a_committed_spec():
    swept = {s.name for s in REGISTRY.values() if "swept" in (s.clause or "")}
    assert len(swept) > 50
    missing = sorted(swept - varied())
    assert not missing, f"declared swept but varied by no committed spec: {missing}"


def test_a_swept_default_varied_only_by_screenings_moves_an_outcome_in_one():
    # a screening that varies a parameter where it cannot act reports mu* exactly 0 for it
    # (morris_extensions did so for the care elasticity and the government's weight): such a
    # parameter is not swept. Checked on the committed screenings' sensitivity tables.
    import pandas as pd

    swept = {s.name for s in REGISTRY.values() if "swept" in (s.clause or "")}
    inert = []
    for name, specs in varying().items():
        tables = [ROOT / "results" / p.stem / "sensitivity.csv" for p in specs]
        if name not in swept or not all(t.exists() for t in tables):
            continue  # a grid or a comparison varies it: its figures show what it does
        sens = [pd.read_csv(t) for t in tables]
        # Morris: mu*; Sobol: the total index
        effect = max(
            d.loc[d["parameter"] == name, "mu_star" if "mu_star" in d else "ST"].max() for d in sens
        )
        if not effect > 0.0:
            inert.append(name)
    assert not inert, f"declared swept but varied only where it cannot act: {inert}"


def test_a_name_set_only_in_base_tables_does_not_count_as_varied():
    # appeals.care_response is set (to true) in the base of due_process and morris_modes and
    # varied nowhere; scoring.threshold is a bound of morris_modes
    texts = [p.read_text() for p in (ROOT / "experiments" / "specs").glob("*.toml")]
    assert sum('"appeals.care_response" = true' in t for t in texts) >= 2
    assert "appeals.care_response" not in varied()
    assert "scoring.threshold" in varied()
