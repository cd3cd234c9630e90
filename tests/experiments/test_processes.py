"""Concurrency and signals (issue 14, item 3).

* one runner per output directory: a second one says who holds the directory and exits
  without touching anything; a lock left by a dead runner is taken over;
* Ctrl-C (SIGINT) and SIGTERM at any moment, start-up included, end with one line and
  exit code 130 / 143, no partial file and no worker process left;
* worker processes die with their parent, even when the parent is killed with SIGKILL.

Every wait polls a condition with a generous deadline (the machine running the tests
may be busy); nothing relies on a fixed sleep.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from experiments.runfile import read_run
from experiments.runner import ResultsError, run_experiment
from experiments.spec import expand_runs, load_spec

from .conftest import write_tiny

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DEADLINE = 120.0
#: A process that takes a directory's lock and keeps it until killed.
HOLD = """
import sys
from pathlib import Path
from experiments.lock import DirectoryLock
lock = DirectoryLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
sys.stdin.read()
"""
BIG_FINES = "[0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0]"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def session_pids(sid: int) -> list[int]:
    """Live processes of a session (zombies excluded), from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            pids.append(int(entry.name))
    return pids


def start(args: list[str], **kw) -> subprocess.Popen:
    """``python [-X importtime] -m model ...`` in a new session (its own process group)."""
    return subprocess.Popen(
        [PY, *args],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


#: One ``-X importtime`` report ("import time: self | cumulative | name").
_IMPORT_TIME = re.compile(r"import time:\s*[^|\n]*\|[^|\n]*\|[^\n]*(\n|$)")


def messages(stderr: str) -> list[str]:
    """stderr without ``-X importtime`` reports.

    The workers' fork server starts early, with the interpreter's flags, and writes its own
    import reports to the same stderr: one may land between a message and its newline, so
    reports are cut out of the text, not dropped as whole lines.
    """
    return [line for line in _IMPORT_TIME.sub("", stderr).splitlines() if line]


def assert_clean(out: Path, spec: Path) -> None:
    """No temporary file anywhere; every run file present verifies."""
    assert not [p for p in out.rglob("*.tmp*")], list(out.rglob("*.tmp*"))
    runs = {r["run_id"]: r for r in expand_runs(load_spec(spec))}
    for path in (out / "runs").glob("*.parquet") if (out / "runs").exists() else []:
        assert read_run(path, runs[path.stem])[1] is None, path


@pytest.fixture
def long_spec(tmp_path) -> Path:
    """48 runs of 60 periods: several seconds with two workers."""
    return write_tiny(tmp_path, periods=60, fines=BIG_FINES)


def test_second_runner_is_refused_and_a_dead_holders_lock_is_taken_over(tiny_spec, tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [PY, "-c", HOLD, str(out)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        # an in-flight temporary file of the holder: must survive the refused runner
        tmp = out / "runs" / f".p0000-r00.parquet.{holder.pid}.tmp"
        tmp.write_bytes(b"being written")
        before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        with pytest.raises(ResultsError) as info:
            run_experiment(tiny_spec, out, workers=1, progress=False)
        message = str(info.value)
        assert "\n" not in message
        assert f"in use by another runner: pid {holder.pid} on host {socket.gethostname()}" in (
            message
        )
        assert "started 2" in message  # the holder's start time, e.g. 2025-...
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
        # the command line says the same in one line, exit code 2
        proc = subprocess.run(
            [PY, "-m", "model", "experiment", str(tiny_spec), "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
        )
        assert proc.returncode == 2
        assert len(proc.stderr.splitlines()) == 1 and f"pid {holder.pid}" in proc.stderr
        assert tmp.read_bytes() == b"being written"
    finally:
        holder.kill()
        holder.wait()
    # the holder died holding the lock: the next runner takes it over and cleans up
    log: list[str] = []
    record = run_experiment(tiny_spec, out, workers=1, progress=False, log=log.append)
    assert record["ran"] == 8
    assert any("took over the lock" in m and f"pid {holder.pid}" in m for m in log), log
    assert not tmp.exists()  # its writer is dead: a left-over, never a result
    assert_clean(out, tiny_spec)


def test_ctrl_c_mid_sweep_while_another_runner_waits(long_spec, tmp_path):
    out = tmp_path / "out"
    proc = start(["-m", "model", "experiment", str(long_spec), "--out", str(out), "--workers", "2"])
    lock = out / "runs" / ".lock"
    wait_until(lambda: lock.exists() and f'"pid": {proc.pid}' in lock.read_text(), "the lock")
    with pytest.raises(ResultsError, match=f"pid {proc.pid}"):
        run_experiment(long_spec, out, workers=1, progress=False)
    runs = out / "runs"
    wait_until(lambda: len(list(runs.glob("*.parquet"))) >= 1, "a finished run")
    os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
    _, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 130, err
    assert messages(err) == [
        "interrupted (Ctrl-C): finished runs are saved; run the same command to resume"
    ]
    wait_until(lambda: session_pids(proc.pid) == [], "the workers to exit")
    assert_clean(out, long_spec)
    assert len(list(runs.glob("*.parquet"))) < 48  # stopped part way (resume: test_runner)


def test_sigterm_to_the_runner_alone_stops_its_workers(long_spec, tmp_path):
    out = tmp_path / "out"
    proc = start(["-m", "model", "experiment", str(long_spec), "--out", str(out), "--workers", "2"])
    # the pool is up: the runner, the resource tracker and two workers
    wait_until(lambda: len(session_pids(proc.pid)) >= 4, "the workers")
    proc.send_signal(signal.SIGTERM)  # e.g. `kill PID`, a batch system's time limit
    _, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 143, err
    assert messages(err) == [
        "interrupted (SIGTERM): finished runs are saved; run the same command to resume"
    ]
    wait_until(lambda: session_pids(proc.pid) == [], "the workers to exit")
    assert_clean(out, long_spec)


def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path):
    # runs of minutes: a worker learns of its parent's death from its watchdog, not by
    # finishing its run and finding nobody to send the result to
    spec = write_tiny(tmp_path, periods=100_000, replicates=1).read_text()
    spec = spec.replace("n_subjects = 200", "n_subjects = 20000")
    (tmp_path / "long.toml").write_text(spec)
    out = tmp_path / "out"
    args = ["-m", "model", "experiment", str(tmp_path / "long.toml"), "--out", str(out)]
    proc = start([*args, "--workers", "2"])
    # the pool is up: the runner, the resource tracker and two workers
    wait_until(lambda: len(session_pids(proc.pid)) >= 4, "the workers")
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone: no chance to clean up
    proc.wait(timeout=DEADLINE)  # not communicate(): the workers hold the output pipes
    try:
        wait_until(lambda: session_pids(proc.pid) == [], "every worker to exit", timeout=30)
    finally:
        for pid in session_pids(proc.pid):  # never leave a failed test's workers behind
            os.kill(pid, signal.SIGKILL)


# SIGINT at points of start-up: `-X importtime` reports each import as it finishes, so
# the signal lands while the interpreter is importing (deterministically, not by timing)
STARTUP = ["argparse", "numpy", "pyarrow", "pandas", "mesa", "experiments.validate"]


@pytest.mark.parametrize("marker", STARTUP)
def test_ctrl_c_during_start_up_is_one_line_and_exit_130(tiny_spec, tmp_path, marker):
    out = tmp_path / "out"
    proc = start(
        ["-X", "importtime", "-m", "model", "experiment", str(tiny_spec), "--out", str(out)]
    )
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("import time:") and line.rstrip().endswith(f" {marker}"):
            proc.send_signal(signal.SIGINT)
            break
    else:
        pytest.fail(f"{marker} was never imported: {''.join(seen)[-500:]}")
    stdout, rest = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 130, rest
    lines = messages(rest)
    assert len(lines) == 1 and lines[0].startswith("interrupted (Ctrl-C)"), rest
    assert "Traceback" not in rest
    assert not out.exists() or not list(out.rglob("*.tmp*"))


def test_sigterm_during_start_up_of_run_is_one_line_and_exit_143(tmp_path):
    target = tmp_path / "run.csv"
    proc = start(["-X", "importtime", "-m", "model", "run", "--periods", "5", "--out", str(target)])
    for line in proc.stderr:
        if line.rstrip().endswith(" mesa"):
            proc.send_signal(signal.SIGTERM)
            break
    _, rest = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 143, rest
    assert messages(rest) == ["interrupted (SIGTERM): nothing was written"]
    assert list(tmp_path.iterdir()) == []


def test_a_killed_process_not_yet_reaped_counts_as_dead():
    # a zombie answers kill(pid, 0); its temporary files must still be removable
    from experiments.lock import pid_alive

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        assert pid_alive(os.getpid())
        wait_until(lambda: not pid_alive(child.pid), "the child to exit")
        stat = Path(f"/proc/{child.pid}/stat").read_text()  # not reaped: still there
        assert stat.rsplit(")", 1)[1].split()[0] == "Z"
    finally:
        child.wait(timeout=DEADLINE)
    assert not pid_alive(child.pid)
