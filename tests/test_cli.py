"""The command line rejects bad input with one clear line on stderr and exit code 2."""

import subprocess
import sys
from pathlib import Path

import pytest

from model.cli import main

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--periods", "1", "--set", "n_subjects=50"]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["run", *args])
    except SystemExit as exc:  # argparse usage errors exit through SystemExit
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "must_mention"),
    [
        (["--set", "sanctions.no_such_field=1"], "sanctions.no_such_field"),
        (["--set", "nonsense.name=1"], "nonsense.name"),
        (["--set", "sanctions.fine=-5"], "out of range"),
        (["--set", "detection.probability=1.5"], "detection.probability"),
        (["--set", "n_subjects=3"], "n_subjects"),
        (["--set", "sanctions.fine=abc"], "sanctions.fine"),
        (["--set", "interaction.degree=2.5"], "integer"),
        (["--set", "blacklist.enabled=3"], "true or false"),
        (["--set", "decision.rule=majority"], "decision.rule"),
        (["--set", "no_equals_sign"], "name=value"),
        (["--set", "interaction.degree=60"], "smaller than"),
        (["--seed", "abc"], "--seed"),
        (["--seed", "-1"], "--seed"),
        (["--seed", "1.5"], "--seed"),
        (["--periods", "zero"], "--periods"),
        (["--periods", "0"], "--periods"),
        (["--no-such-option", "3"], "--no-such-option"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(capsys, args, must_mention):
    code, out, err = run_cli(capsys, *SMALL, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert must_mention in lines[0]
    assert "Traceback" not in err


def test_good_input_runs_and_exits_0(capsys, tmp_path):
    target = tmp_path / "out.csv"
    code, out, err = run_cli(capsys, *SMALL, "--seed", "3", "--out", str(target))
    assert code == 0, err
    assert target.exists()
    header = target.read_text().splitlines()[0].split(",")
    assert header[:2] == ["period", "honesty_rate"]
    assert len(target.read_text().splitlines()) == 2  # header + one period


@pytest.mark.parametrize("args", [["--seed", "abc"], ["--seed", "-1"], ["--set", "foo=1"]])
def test_module_entry_point_exit_code_and_stderr(args):
    """The real process: `python -m model run ...` (no traceback, exit code 2)."""
    proc = subprocess.run(
        [sys.executable, "-m", "model", "run", *SMALL, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
