"""The bit-identity check used around performance changes (benchmarks/identical.py)."""

import pytest

from benchmarks import identical


@pytest.fixture
def two_configs(monkeypatch):
    # two of the eight models keep the test short; the logic is the same
    monkeypatch.setattr(
        identical, "configs", lambda: [(1, {}), (3, {"decision.rule": "imitation"})]
    )


def test_a_snapshot_equals_a_rerun_and_any_change_is_named(two_configs):
    ref = identical.snapshot()
    assert identical.differences(ref, identical.snapshot()) == []
    changed = identical.snapshot()
    table, state = changed[1]
    table.loc[5, "gini"] += 1e-15
    state["trust"][0] += 1e-6
    diff = identical.differences(ref, changed)
    assert diff == [
        "seed 3: outcome columns differ: ['gini']",
        "seed 3: subject array 'trust' differs",
    ]


def test_command_line_exit_codes(two_configs, tmp_path, capsys):
    path = tmp_path / "snap.pkl"
    assert identical.main(["check", str(path)]) == 2  # nothing saved yet
    assert "run 'save' before the change" in capsys.readouterr().err
    assert identical.main(["save", str(path)]) == 0
    assert identical.main(["check", str(path)]) == 0
    assert identical.main(["frobnicate"]) == 2
