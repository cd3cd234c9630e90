"""Tiny experiment specs shared by the experiment tests."""

from __future__ import annotations

from pathlib import Path

import pytest

TINY = """
name = "tiny"
periods = {periods}
replicates = {replicates}
master_seed = 7

[base]
n_subjects = 200

[vary]
type = "grid"

[vary.grid]
"sanctions.fine" = {fines}
"detection.probability" = [0.1, 0.5]

[outputs]
outcomes = ["honesty_rate", "trust_rate"]
last_periods = 3
"""


def write_tiny(
    directory: Path, periods: int = 6, replicates: int = 2, fines: str = "[0.0, 3.0]"
) -> Path:
    """Write a tiny grid spec (2 x 2 points by default) and return its path."""
    path = directory / "tiny.toml"
    path.write_text(TINY.format(periods=periods, replicates=replicates, fines=fines))
    return path


@pytest.fixture
def tiny_spec(tmp_path: Path) -> Path:
    return write_tiny(tmp_path)
