"""The main job (`make run`): its outputs, their provenance and their reproducibility."""

import json

import pandas as pd

from experiments import baseline


def test_baseline_writes_reproducible_outputs_with_provenance(tmp_path, monkeypatch):
    monkeypatch.setattr(baseline, "N_SUBJECTS", 400)
    a = baseline.run(tmp_path / "a", replicates=2, periods=6)
    baseline.run(tmp_path / "b", replicates=2, periods=6)
    for name in ("outcomes.csv", "baseline.png", "baseline.svg", "provenance.json"):
        assert (tmp_path / "a" / name).stat().st_size > 0
    assert (tmp_path / "a" / "outcomes.csv").read_bytes() == (
        tmp_path / "b" / "outcomes.csv"
    ).read_bytes()
    table = pd.read_csv(tmp_path / "a" / "outcomes.csv")
    assert len(table) == len(a) == 2 * 2 * 6  # scenarios x replicates x periods
    assert {"scenario", "replicate", "seed", "period", "honesty_rate"} <= set(table.columns)
    prov = json.loads((tmp_path / "a" / "provenance.json").read_text())
    assert prov["seeds"] == sorted(set(table["seed"]), key=list(table["seed"]).index)
    assert set(prov) >= {"parameters", "seeds", "packages", "git_commit"}
    assert prov["packages"]["mesa"].startswith("3.5")
    # the no-system scenario really has no system
    none = table[table["scenario"] == "no credit system"]
    assert (none["blacklisted_share"] == 0).all() and (none["fines_per_subject"] == 0).all()
