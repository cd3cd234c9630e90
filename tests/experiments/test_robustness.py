"""The robustness experiment's spec and its verdicts (experiments/robustness.py)."""

from pathlib import Path

import pytest

from experiments import robustness as rb


def test_the_committed_spec_is_valid():
    spec = rb.load_spec(rb.SPEC)
    assert len(spec["behaviours"]) >= 3
    assert next(iter(spec["behaviours"])) == "rational expectations"
    assert {"imitation", "discounting, learned beliefs"} <= set(spec["behaviours"])


@pytest.mark.parametrize(
    "edit,problem",
    [
        (('"sanctions.fine" = 6.0', '"sanctions.fines" = 6.0'), "Unknown parameter"),
        (('outcome = "honesty_rate"', 'outcome = "honesty"'), "unknown outcome"),
        (("sign = 1", "sign = 2"), "sign must be 1 or -1"),
        (("last_periods = 20", "last_periods = 200"), "last_periods"),
    ],
)
def test_a_bad_spec_is_one_line_naming_the_problem(tmp_path, edit, problem):
    text = rb.SPEC.read_text().replace(*edit, 1)
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(rb.SpecError) as err:
        rb.load_spec(path)
    assert problem in str(err.value) and "\n" not in str(err.value)


def synthetic(effects: dict[str, list[float]]) -> tuple[dict, list[dict]]:
    """A spec with one finding (expected +) and rows whose b - a are ``effects``."""
    spec = {
        "replicates": 3,
        "behaviours": {name: {} for name in effects},
        "findings": [{"name": "f", "claim": "c", "outcome": "honesty_rate", "sign": 1}],
    }
    rows = []
    for name, diffs in effects.items():
        for r, d in enumerate(diffs):
            rows.append(
                {"finding": "f", "behaviour": name, "arm": "a", "replicate": r, "value": 0.5}
            )
            rows.append(
                {"finding": "f", "behaviour": name, "arm": "b", "replicate": r, "value": 0.5 + d}
            )
    return spec, rows


def test_verdicts_by_hand():
    spec, rows = synthetic(
        {
            "rational": [0.10, 0.11, 0.12],
            "half": [0.05, 0.06, 0.07],
            "reversed": [-0.10, -0.11, -0.12],
            "unclear": [-0.10, 0.0, 0.10],
            "third": [0.03, 0.04, 0.05],
        }
    )
    table = {r["behaviour"]: r for r in rb.summarise(spec, rows)}
    assert table["rational"]["sign"] == "holds" and table["rational"]["ratio_to_rational"] == 1
    assert table["half"]["sign"] == "holds"
    assert table["half"]["ratio_to_rational"] == pytest.approx(0.06 / 0.11)
    assert table["half"]["rough_size_holds"]
    assert table["third"]["sign"] == "holds" and not table["third"]["rough_size_holds"]
    assert table["reversed"]["sign"] == "reversed"
    assert table["unclear"]["sign"] == "unclear"
    # mean 0.11, sd 0.01, se 0.01 / sqrt(3), t(2) = 4.303
    half = 4.302652729911275 * 0.01 / 3**0.5
    assert table["rational"]["ci_low"] == pytest.approx(0.11 - half)
    assert table["rational"]["ci_high"] == pytest.approx(0.11 + half)


def test_a_tiny_design_runs_end_to_end(tmp_path):
    text = rb.SPEC.read_text()
    for a, b in (
        ("periods = 80", "periods = 3"),
        ("replicates = 3", "replicates = 2"),
        ("last_periods = 20", "last_periods = 2"),
        ("n_subjects = 3000", "n_subjects = 100"),
    ):
        text = text.replace(a, b, 1)
    spec_path = tmp_path / "tiny.toml"
    spec_path.write_text(text)
    assert (
        rb.main(["--spec", str(spec_path), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    )
    out = tmp_path / "out"
    for name in ("runs.csv", "robustness.csv", "robustness.png", "provenance.json"):
        assert (out / name).exists(), name
    spec = rb.load_spec(spec_path)
    lines = (out / "robustness.csv").read_text().splitlines()
    assert len(lines) == 1 + len(spec["findings"]) * len(spec["behaviours"])
    assert (
        Path(out / "runs.csv").read_text().count("\n")
        == 1 + len(spec["findings"]) * len(spec["behaviours"]) * 2 * 2
    )
