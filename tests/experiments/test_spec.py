"""Spec validation: each mistake is one message naming the file, the key and the problem."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from experiments.spec import (
    SpecError,
    expand_runs,
    load_spec,
    parse_spec,
    replicate_seeds,
    spec_hash,
)

from .conftest import TINY


def _spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.toml"
    path.write_text(text)
    return path


def _error(path: Path) -> str:
    with pytest.raises(SpecError) as info:
        load_spec(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


def tiny_text(**changes: str) -> str:
    text = TINY.format(periods=6, replicates=2, fines="[0.0, 3.0]")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_unknown_parameter_names_key_and_suggestion(tmp_path):
    msg = _error(_spec(tmp_path, tiny_text(**{'"sanctions.fine"': '"sanctions.fines"'})))
    assert "vary.grid.sanctions.fines: Unknown parameter 'sanctions.fines'" in msg
    assert "Did you mean 'sanctions.fine'" in msg


def test_unknown_parameter_in_base(tmp_path):
    msg = _error(_spec(tmp_path, tiny_text(n_subjects="n_subject")))
    assert ": base: Unknown parameter 'n_subject'" in msg


def test_out_of_range_value_in_grid(tmp_path):
    msg = _error(_spec(tmp_path, tiny_text(**{"[0.1, 0.5]": "[0.1, 1.5]"})))
    assert "vary.grid.detection.probability:" in msg and "out of range" in msg


def test_empty_grid(tmp_path):
    msg = _error(_spec(tmp_path, tiny_text(**{"[0.0, 3.0]": "[]"})))
    assert msg.endswith("vary.grid.sanctions.fine: grid is empty")


def test_negative_replicates(tmp_path):
    msg = _error(_spec(tmp_path, tiny_text(**{"replicates = 2": "replicates = -1"})))
    assert "replicates: input should be greater than or equal to 1" in msg


def test_missing_file(tmp_path):
    path = tmp_path / "nope.toml"
    assert _error(path) == f"{path}: no such file"


def test_misspelt_key_is_rejected(tmp_path):
    msg = _error(_spec(tmp_path, tiny_text(**{"periods = 6": "period = 6"})))
    # one message for the first problem, with a count of the others
    assert "period: unknown key" in msg or "periods: required key is missing" in msg
    assert "(and 1 more)" in msg


def test_unknown_outcome(tmp_path):
    msg = _error(_spec(tmp_path, tiny_text(**{'"trust_rate"]': '"trustrate"]'})))
    assert msg.endswith("outputs.outcomes[1]: unknown outcome 'trustrate'")


def test_invalid_toml(tmp_path):
    msg = _error(_spec(tmp_path, "name = \n"))
    assert "not valid TOML" in msg


def test_nested_tables_equal_quoted_flat_names(tmp_path):
    flat = load_spec(_spec(tmp_path, tiny_text()))
    nested_text = tiny_text(**{'"sanctions.fine" = ': "sanctions.fine = "}).replace(
        '"detection.probability" = ', "detection.probability = "
    )
    nested = load_spec(_spec(tmp_path, nested_text))
    assert nested == flat
    assert spec_hash(nested) == spec_hash(flat)


def test_replicate_seeds_derive_from_master_by_seed_sequence():
    # pinned: a change here silently changes every published replicate
    assert replicate_seeds(7, 3) == [1201125462, 3618983171, 3831650445]
    children = np.random.SeedSequence(7).spawn(3)
    assert replicate_seeds(7, 3) == [int(c.generate_state(1)[0]) for c in children]
    # more replicates extend the list without changing the first ones
    assert replicate_seeds(7, 5)[:3] == replicate_seeds(7, 3)


def test_runs_cross_points_and_replicates_with_common_seeds(tmp_path):
    spec = load_spec(_spec(tmp_path, tiny_text()))
    runs = expand_runs(spec)
    assert len(runs) == 4 * 2
    assert len({r["run_id"] for r in runs}) == 8
    seeds = replicate_seeds(7, 2)
    assert all(r["seed"] == seeds[r["replicate"]] for r in runs)
    assert runs[2]["params"] == {
        "n_subjects": 200,
        "sanctions.fine": 0.0,
        "detection.probability": 0.5,
    }


def test_scenarios_design_and_preset():
    spec = parse_spec(
        {
            "name": "s",
            "periods": 3,
            "replicates": 1,
            "master_seed": 1,
            "preset": "no_system",
            "base": {"n_subjects": 100},
            "vary": {
                "type": "scenarios",
                "scenarios": {
                    "off": {},
                    "fines only": {"detection": {"enabled": True}, "sanctions.enabled": True},
                },
            },
        }
    )
    runs = expand_runs(spec)
    assert [r["scenario"] for r in runs] == ["off", "fines only"]
    assert runs[0]["params"]["detection.enabled"] is False
    assert runs[1]["params"]["detection.enabled"] is True
    assert runs[1]["params"]["blacklist.enabled"] is False  # from the preset


def test_unknown_preset():
    with pytest.raises(SpecError, match="<spec>: preset: unknown preset 'nosystem'"):
        parse_spec(
            {"name": "s", "periods": 3, "replicates": 1, "master_seed": 1, "preset": "nosystem"}
        )


def test_sampling_bounds_checked_against_registry():
    base = {"name": "s", "periods": 3, "replicates": 1, "master_seed": 1}
    with pytest.raises(SpecError, match=r"vary.bounds.sanctions.fine: lower bound 5.0"):
        parse_spec({**base, "vary": {"type": "morris", "bounds": {"sanctions.fine": [5, 1]}}})
    with pytest.raises(SpecError, match=r"vary.bounds.detection.probability: .*out of range"):
        parse_spec({**base, "vary": {"type": "sobol", "bounds": {"detection.probability": [0, 2]}}})
    with pytest.raises(SpecError, match="vary.samples: must be a power of two"):
        parse_spec(
            {
                **base,
                "vary": {"type": "sobol", "samples": 100, "bounds": {"sanctions.fine": [0, 5]}},
            }
        )


def test_sobol_design_has_n_times_d_plus_2_points():
    spec = parse_spec(
        {
            "name": "s",
            "periods": 3,
            "replicates": 2,
            "master_seed": 1,
            "vary": {
                "type": "sobol",
                "samples": 8,
                "bounds": {"sanctions.fine": [0, 5], "blacklist.term_business": [1, 48]},
            },
        }
    )
    runs = expand_runs(spec)
    assert len(runs) == 8 * (2 + 2) * 2
    # integer parameters are rounded to integers after sampling
    assert all(isinstance(r["params"]["blacklist.term_business"], int) for r in runs)
