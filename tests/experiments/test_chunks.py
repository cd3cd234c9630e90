"""Runs in chunks, written by the workers (issue 16, item 3).

Which worker runs a run, and with which others in one task, must not change anything a
sweep writes: the run files' tables and metadata (all but the measured ``seconds``), the
digests in ``SHA256SUMS`` (each the SHA-256 of its file) and ``summary.csv``. A kill in
the middle of a chunk, when a worker has written some of its chunk's files and the
runner has recorded none of their digests, loses nothing: the resume verifies those
files by their content, keeps them and runs the rest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from experiments.runfile import META_KEY, file_digest, read_digests
from experiments.runner import run_experiment
from experiments.task import CHUNK_SECONDS, chunks

from .conftest import write_tiny
from .test_processes import session_pids, wait_until

ROOT = Path(__file__).resolve().parents[2]
BIG_FINES = "[0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0]"


def contents(out: Path) -> dict[str, tuple]:
    """Per run file: its table (values and types) and its metadata without ``seconds``."""
    found = {}
    for path in sorted((out / "runs").glob("*.parquet")):
        table = pq.read_table(path)
        meta = json.loads(table.schema.metadata[META_KEY])
        meta.pop("seconds")  # the run's measured duration: the only thing allowed to differ
        found[path.name] = (table.replace_schema_metadata(None), meta)
    return found


def assert_digests_match_files(out: Path) -> None:
    runs = out / "runs"
    recorded = read_digests(runs)
    names = sorted(p.name for p in runs.glob("*.parquet"))
    assert sorted(recorded) == names
    for name in names:
        assert recorded[name] == file_digest(runs / name), name


@pytest.mark.parametrize("n", [1, 2, 5, 12, 13])
def test_guided_chunks_cover_every_run_once_in_order_largest_first(n):
    runs = [{"i": i} for i in range(n)]
    parts = list(chunks(runs, 2))
    assert [r for part in parts for r in part] == runs
    sizes = [len(p) for p in parts]
    assert all(s >= 1 for s in sizes) and sizes == sorted(sizes, reverse=True)
    # the first chunk is a quarter of the runs (2 workers), rounded up
    assert sizes[0] == -(-n // 4)


def test_chunks_are_capped_by_estimated_seconds():
    runs = [{"i": i} for i in range(100)]
    parts = list(chunks(runs, 1, run_seconds=CHUNK_SECONDS / 3))
    assert max(len(p) for p in parts) == 3
    assert [r for part in parts for r in part] == runs
    # a run longer than the cap still makes a chunk of one
    assert {len(p) for p in chunks(runs, 1, run_seconds=10 * CHUNK_SECONDS)} == {1}


def test_outputs_do_not_depend_on_workers_or_chunks(tmp_path):
    spec = write_tiny(tmp_path, replicates=3)  # 4 points x 3 replicates = 12 runs
    ways = {
        "w1": {"workers": 1},
        "w2": {"workers": 2},  # guided chunks
        "w2c1": {"workers": 2, "chunk": 1},
        "w2c5": {"workers": 2, "chunk": 5},
        "w2c12": {"workers": 2, "chunk": 12},  # one worker does everything
    }
    results = {}
    for name, how in ways.items():
        out = tmp_path / name
        rec = run_experiment(spec, out, progress=False, **how)
        assert rec["ran"] == 12
        assert_digests_match_files(out)
        assert not list(out.rglob("*.tmp*"))
        results[name] = (contents(out), (out / "summary.csv").read_bytes())
    first_files, first_summary = results["w1"]
    assert len(first_files) == 12
    for name, (files, summary) in results.items():
        assert files.keys() == first_files.keys(), name
        for f, (table, meta) in files.items():
            assert table.equals(first_files[f][0]), (name, f)
            assert table.schema == first_files[f][0].schema, (name, f)
            assert meta == first_files[f][1], (name, f)
        assert summary == first_summary, name


@pytest.mark.parametrize("chunk", [0, -1, 1.5, True, "2"])
def test_a_bad_chunk_is_one_line_before_any_work(tmp_path, chunk):
    from experiments.preflight import ResultsError

    out = tmp_path / "out"
    with pytest.raises(ResultsError, match=r"^chunk \(runs per task\) must be an integer >= 1"):
        run_experiment(write_tiny(tmp_path), out, progress=False, chunk=chunk)
    assert not out.exists()


KILLABLE = """
import sys
from experiments.runner import run_experiment
run_experiment(sys.argv[1], sys.argv[2], workers=2, chunk=24, progress=False)
"""


def test_a_kill_in_the_middle_of_chunks_loses_nothing(tmp_path):
    # 48 runs in two chunks of 24: when 3 files exist, no chunk can be complete, so the
    # runner has recorded no digest yet: every file on disk was written by a worker alone
    spec = write_tiny(tmp_path, periods=60, fines=BIG_FINES)
    out = tmp_path / "killed"
    runs = out / "runs"
    cmd = [sys.executable, "-c", KILLABLE, str(spec), str(out)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = len(list(runs.glob("*.parquet"))) if runs.exists() else 0
        if done >= 3 or proc.poll() is not None:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers, mid-write maybe
    proc.wait()
    # a killed process ends a moment after the signal: resume once every one has (on a
    # busy machine the workers, reparented, may still be exiting)
    wait_until(lambda: session_pids(proc.pid) == [], "the killed workers to exit")
    kept = sorted(p.name for p in runs.glob("*.parquet"))
    assert 3 <= len(kept) < 24, f"kill did not land within the first chunks ({len(kept)})"
    assert read_digests(runs) == {}, "a chunk finished before the kill"
    before = {name: (runs / name).read_bytes() for name in kept}

    rec = run_experiment(spec, out, workers=2, progress=False)
    assert (rec["skipped"], rec["rerun"], rec["ran"]) == (len(kept), 0, 48 - len(kept))
    for name, data in before.items():  # kept as they were, and now recorded
        assert (runs / name).read_bytes() == data
    assert_digests_match_files(out)
    assert not list(out.rglob("*.tmp*"))  # the killed workers' temporary files are gone

    clean = tmp_path / "clean"
    run_experiment(spec, clean, workers=1, progress=False)
    resumed, fresh = contents(out), contents(clean)
    assert resumed.keys() == fresh.keys()
    for f, (table, meta) in resumed.items():
        assert table.equals(fresh[f][0]) and meta == fresh[f][1], f
    assert (out / "summary.csv").read_bytes() == (clean / "summary.csv").read_bytes()
