"""Progress and orientation (issue 13, item 7): each command says what it does and did."""

from __future__ import annotations

from pathlib import Path

import pytest

from experiments import baseline
from model import REGISTRY
from model.cli import main


def _cli(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_make_run_shows_progress_and_says_what_it_wrote(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(baseline, "N_SUBJECTS", 300)
    out = tmp_path / "base"
    code = baseline.main(["--out", str(out), "--replicates", "2", "--periods", "4"])
    stdout, stderr = capsys.readouterr()
    assert code == 0
    progress = stderr.splitlines()  # not a terminal here: one line per run
    assert progress == [
        "baseline: run 1 of 4 done (system as documented (defaults), replicate 1 of 2)",
        "baseline: run 2 of 4 done (system as documented (defaults), replicate 2 of 2)",
        "baseline: run 3 of 4 done (no credit system, replicate 1 of 2)",
        "baseline: run 4 of 4 done (no credit system, replicate 2 of 2)",
    ]
    lines = stdout.splitlines()
    assert lines[0].startswith("baseline: 4 runs (2 scenarios x 2 replicates")
    assert (
        "Each outcome in the last period (period 4), mean over 2 replicates "
        "(rows: outcomes; columns: scenarios):"
    ) in lines
    assert lines[-1].startswith(f"wrote {out}/: outcomes.csv (16 rows")
    for name in ("baseline.png", "baseline.svg", "provenance.json"):
        assert name in lines[-1] and (out / name).exists()


def test_params_filter_by_mechanism_with_a_header(capsys):
    code, lines, _ = _cli(capsys, "params", "sanctions")
    assert code == 0
    names = [n for n in REGISTRY if n.startswith("sanctions.")]
    assert lines[0].startswith(f"{len(names)} of {len(REGISTRY)} parameters (matching 'sanctions')")
    assert lines[1].split()[:3] == ["name", "default", "allowed"]
    assert [line.split()[0] for line in lines[2:]] == names


def test_params_filter_by_substring_and_without_filter(capsys):
    _, lines, _ = _cli(capsys, "params", "half_life")
    listed = [line.split()[0] for line in lines[2:]]
    assert listed and all("half_life" in n for n in listed)
    _, lines, _ = _cli(capsys, "params")
    assert lines[0].startswith(f"{len(REGISTRY)} of {len(REGISTRY)} parameters (every parameter)")
    assert len(lines) == len(REGISTRY) + 2


def test_params_markdown_has_a_header_and_a_row_per_match(capsys):
    _, lines, _ = _cli(capsys, "params", "redlist", "--markdown")
    names = [n for n in REGISTRY if n.startswith("redlist.")]
    assert lines[0] == f"Parameters (matching 'redlist': {len(names)} of {len(REGISTRY)})"
    assert lines[2].startswith("| name | default |")
    assert [line.split("`")[1] for line in lines[4:]] == names


def test_experiment_ends_with_the_output_directory_and_the_figures(tmp_path, capsys):
    spec = Path(tmp_path / "s.toml")
    spec.write_text(
        """
name = "s"
periods = 4
replicates = 2
master_seed = 3
[base]
n_subjects = 120
[vary]
type = "grid"
[vary.grid]
"sanctions.fine" = [0.0, 4.0]
[outputs]
outcomes = ["honesty_rate"]
[[plots]]
kind = "bars"
name = "bars_honesty"
[[plots]]
kind = "timeseries"
[[contrasts]]
a = {"sanctions.fine" = 4.0}
b = {"sanctions.fine" = 0.0}
"""
    )
    out = tmp_path / "out"
    code, lines, err = _cli(capsys, "experiment", str(spec), "--out", str(out), "--workers", "1")
    assert code == 0, err
    assert lines[0] == "s: 4 runs (2 design points x 2 replicates); 0 already complete, 4 to run"
    assert lines[1].startswith("estimate: about ") and "of run files" in lines[1]
    assert lines[-2].startswith("4 runs: 0 already complete, 4 run (0 redone) in ")
    assert lines[-1] == (
        f"results in {out}/: manifest.json, summary.csv, contrasts.csv; figures in "
        f"{out}/figures/: bars_honesty.png, timeseries_1.png (and .svg)"
    )
    # resuming says so, and estimates nothing
    code, lines, _ = _cli(capsys, "experiment", str(spec), "--out", str(out), "--workers", "1")
    assert lines[0].endswith("4 already complete, 0 to run")
    assert not any(line.startswith("estimate") for line in lines)


@pytest.mark.parametrize("workers", [1, 4])
def test_estimate_scales_with_subjects_periods_and_workers(workers):
    from experiments.preflight import COST_POOL_START, estimate

    runs = [{"periods": 100, "params": {"n_subjects": 10_000}}] * 8
    seconds, disk = estimate(runs, workers)
    one = 0.1 + 100 * (3e-4 + 10_000 * 1.5e-7)
    expected = 8 * one / workers + (COST_POOL_START if workers > 1 else 0)
    assert seconds == pytest.approx(expected)
    assert disk > 8 * 100 * 60 * 5  # at least 5 bytes per value of 60 outcome columns
