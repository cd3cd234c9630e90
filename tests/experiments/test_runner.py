"""Runner: files, metadata, resume after a kill, corrupt files, reproducible summaries."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import experiments
from experiments.analysis import run_metadata
from experiments.runner import ResultsError, run_experiment
from experiments.spec import replicate_seeds

from .conftest import write_tiny

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


def _run(spec: Path, out: Path, **kw) -> dict:
    kw.setdefault("workers", 1)
    return run_experiment(spec, out, progress=False, **kw)


def test_load_is_one_tidy_table(tiny_spec, tmp_path):
    out = tmp_path / "out"
    _run(tiny_spec, out)
    df = experiments.load(out)
    assert len(df) == 4 * 2 * 6  # points x replicates x periods
    assert list(df.columns[:7]) == [
        "run_id",
        "point",
        "scenario",
        "sanctions.fine",
        "detection.probability",
        "replicate",
        "seed",
    ]
    assert df.columns[7] == "period"
    assert {"honesty_rate", "trust_rate", "welfare"} <= set(df.columns)
    assert not df.duplicated(["run_id", "period"]).any()
    assert set(df["seed"]) == set(replicate_seeds(7, 2))
    # a run's rows equal a direct model run with its parameters and seed
    from model import CreditSystemModel

    row = df[df["run_id"] == "p0003-r01"]
    m = CreditSystemModel(
        rng=replicate_seeds(7, 2)[1],
        n_subjects=200,
        **{"sanctions.fine": 3.0, "detection.probability": 0.5},
    )
    m.run_for(6)
    direct = m.results()
    pd.testing.assert_series_equal(
        row["honesty_rate"].reset_index(drop=True), direct["honesty_rate"], check_names=False
    )


def test_metadata_and_manifest_record_parameters_seed_provenance(tiny_spec, tmp_path):
    out = tmp_path / "out"
    _run(tiny_spec, out)
    meta = run_metadata(out / "runs" / "p0002-r01.parquet")
    assert meta["run"]["seed"] == replicate_seeds(7, 2)[1]
    assert meta["run"]["params"] == {
        "n_subjects": 200,
        "sanctions.fine": 3.0,
        "detection.probability": 0.1,
    }
    assert meta["provenance"]["git_commit"]
    assert "numpy" in meta["provenance"]["packages"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["spec_hash"]) == 64
    assert [r["seed"] for r in manifest["runs"][:2]] == replicate_seeds(7, 2)
    assert manifest["base_parameters"]["n_subjects"] == 200
    assert manifest["last_invocation"]["ran"] == 8


def test_summary_csv_is_byte_reproducible(tiny_spec, tmp_path):
    _run(tiny_spec, tmp_path / "a")
    _run(tiny_spec, tmp_path / "b", workers=2)
    a = (tmp_path / "a" / "summary.csv").read_bytes()
    assert a == (tmp_path / "b" / "summary.csv").read_bytes()
    summary = pd.read_csv(tmp_path / "a" / "summary.csv")
    assert len(summary) == 4 and (summary["n_replicates"] == 2).all()


def test_second_run_skips_complete_runs(tiny_spec, tmp_path):
    out = tmp_path / "out"
    first = _run(tiny_spec, out)
    mtimes = {p: p.stat().st_mtime_ns for p in (out / "runs").glob("*.parquet")}
    again = _run(tiny_spec, out)
    assert (first["ran"], again["ran"], again["skipped"]) == (8, 0, 8)
    assert mtimes == {p: p.stat().st_mtime_ns for p in (out / "runs").glob("*.parquet")}


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other_seed"])
def test_corrupt_run_file_is_detected_and_rerun(tiny_spec, tmp_path, damage):
    out = tmp_path / "out"
    _run(tiny_spec, out)
    good = experiments.load(out)
    victim = out / "runs" / "p0001-r00.parquet"
    if damage == "truncate":
        data = victim.read_bytes()
        victim.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        victim.write_bytes(b"not parquet at all")
    else:
        other = pq.read_table(out / "runs" / "p0001-r01.parquet")
        pq.write_table(other, victim)  # complete file, but of another run
    with pytest.raises(ResultsError, match="p0001-r00.parquet"):
        experiments.load(out)
    messages: list[str] = []
    record = run_experiment(tiny_spec, out, workers=1, progress=False, log=messages.append)
    assert record["rerun"] == 1 and record["ran"] == 1
    assert any("p0001-r00.parquet" in m and "re-running" in m for m in messages)
    pd.testing.assert_frame_equal(experiments.load(out), good)


def test_many_unusable_run_files_are_said_in_one_line(tmp_path):
    # a longer run of the same points: every file of the first spec was made with other
    # periods; one line says how many and why, not one line per file
    from tests.experiments.conftest import write_tiny

    out = tmp_path / "out"
    _run(write_tiny(tmp_path, periods=4), out)
    messages: list[str] = []
    record = _run(write_tiny(tmp_path, periods=5), out, log=messages.append)
    assert record["rerun"] == 8 and record["ran"] == 8
    said = [m for m in messages if "re-running" in m]
    assert len(said) == 1, said
    assert said[0].startswith("warning: 8 run files in ") and "other parameters" in said[0]


@pytest.mark.parametrize("damaged, lines", [(3, 3), (4, 1)])
def test_up_to_three_unusable_files_are_named_each_more_in_one_line(
    tiny_spec, tmp_path, damaged, lines
):
    out = tmp_path / "out"
    _run(tiny_spec, out)
    for path in sorted((out / "runs").glob("*.parquet"))[:damaged]:
        path.write_bytes(b"not parquet at all")
    messages: list[str] = []
    record = _run(tiny_spec, out, log=messages.append)
    assert record["rerun"] == damaged
    assert len([m for m in messages if "re-running" in m]) == lines


def test_missing_run_is_an_error_unless_allowed(tiny_spec, tmp_path):
    out = tmp_path / "out"
    _run(tiny_spec, out)
    (out / "runs" / "p0000-r00.parquet").unlink()
    with pytest.raises(ResultsError, match="1 of 8 runs are missing"):
        experiments.load(out)
    assert len(experiments.load(out, allow_missing=True)) == 7 * 6


def test_kill_and_resume_loses_and_duplicates_nothing(tmp_path):
    # 24 points x 2 replicates = 48 runs, long enough to kill part way
    spec = write_tiny(
        tmp_path,
        periods=60,
        fines="[0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0]",
    )
    out = tmp_path / "killed"
    cmd = [PY, "-m", "model", "experiment", str(spec), "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    runs = out / "runs"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = len(list(runs.glob("*.parquet"))) if runs.exists() else 0
        if done >= 6 or proc.poll() is not None:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole job: client and worker processes
    proc.wait()
    done = len(list(runs.glob("*.parquet")))
    assert 0 < done < 48, f"kill did not land part way ({done} of 48 files)"
    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"48 runs: {done} already complete, {48 - done} run" in resumed.stdout
    clean = tmp_path / "clean"
    _run(spec, clean, workers=2)
    a, b = experiments.load(out), experiments.load(clean)
    assert a["run_id"].nunique() == 48 and not a.duplicated(["run_id", "period"]).any()
    pd.testing.assert_frame_equal(a, b)
    assert (out / "summary.csv").read_bytes() == (clean / "summary.csv").read_bytes()
    assert not list(runs.glob(".*.tmp"))


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PY, "-m", "model", "experiment", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    missing = _cli(str(tmp_path / "none.toml"))
    assert missing.returncode == 2
    assert missing.stderr == f"error: {tmp_path / 'none.toml'}: no such file\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "b"\nperiods = 3\nreplicates = 0\nmaster_seed = 1\n')
    res = _cli(str(bad))
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert "replicates: input should be greater than or equal to 1" in res.stderr
    res = _cli(str(bad), "--workers", "0")
    assert res.returncode == 2 and res.stderr.count("\n") == 1


def test_load_of_a_directory_without_manifest_is_one_clear_error(tmp_path):
    with pytest.raises(ResultsError, match="manifest.json: no such file"):
        experiments.load(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ResultsError, match="corrupt manifest"):
        experiments.load(tmp_path)


def test_a_corrupt_manifest_of_the_directory_is_rewritten_with_a_warning(tiny_spec, tmp_path):
    out = tmp_path / "out"
    _run(tiny_spec, out)
    (out / "manifest.json").write_text("[]")
    messages: list[str] = []
    record = run_experiment(tiny_spec, out, workers=1, progress=False, log=messages.append)
    assert record["skipped"] == 8
    assert messages == [f"warning: {out / 'manifest.json'} is corrupt; it will be rewritten"]
    assert json.loads((out / "manifest.json").read_text())["n_runs"] == 8
