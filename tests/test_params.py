"""Parameters: flat names, validation, one clear message per mistake."""

from dataclasses import dataclass, replace

import numpy as np
import pytest

from model import REGISTRY, CreditSystemModel, ParameterError, default_parameters
from model.params import param, specs_of

CANONICAL = (
    "n_subjects",
    "gain",
    "harm",
    "detection.probability",
    "detection.false_record_rate",
    "records.coverage",
    "sanctions.fine",
    "blacklist.enabled",
    "blacklist.scope_business",
    "blacklist.term_business",
    "scoring.variant",
    "scoring.threshold",
    "judicial.list",
    "interaction.cross_region",
    "redlist.enabled",
    "redlist.share",
    "redlist.facilitation",
    "market.screening",
    "decision.rule",
    "decision.rationality",
    "integrity.mean",
)


def test_canonical_names_exist():
    missing = [n for n in CANONICAL if n not in REGISTRY]
    assert missing == []


def test_every_parameter_is_documented():
    for name, spec in REGISTRY.items():
        assert spec.doc and spec.unit and spec.clause, name
        if spec.kind in (int, float):
            assert spec.low is not None and spec.high is not None, name
            assert spec.low <= spec.default <= spec.high, name
        if spec.kind is str:
            assert spec.default in spec.choices, name


def test_defaults_fill_in_and_overrides_apply():
    m = CreditSystemModel(rng=1, n_subjects=100, **{"sanctions.fine": 5})
    assert m.params["sanctions.fine"] == 5.0
    assert isinstance(m.params["sanctions.fine"], float)
    assert m.params["blacklist.term_business"] == default_parameters()["blacklist.term_business"]
    assert m.mechanisms["sanctions"].p.fine == 5.0


def test_removed_names_fail_loudly():
    # the score trigger moved to the scoring pilot; lists have per-department terms
    for old in ("blacklist.trigger", "blacklist.threshold", "blacklist.duration", "redlist.reward"):
        with pytest.raises(ParameterError, match="Unknown parameter"):
            CreditSystemModel(rng=1, n_subjects=100, **{old: 1})


def test_unknown_name_names_it_and_suggests():
    with pytest.raises(ParameterError) as e:
        CreditSystemModel(rng=1, **{"sanction.fine": 3.0})
    msg = str(e.value)
    assert "sanction.fine" in msg and "sanctions.fine" in msg


@pytest.mark.parametrize(
    "name,value,fragment",
    [
        ("sanctions.fine", -1.0, "out of range"),
        ("detection.probability", 1.5, "[0, 1]"),
        ("n_subjects", 2.5, "integer"),
        ("n_subjects", "many", "integer"),
        ("blacklist.enabled", 1, "true or false"),
        ("sanctions.fine", True, "number"),
        ("decision.rule", "random", "'logit', 'imitation'"),
        ("sanctions.fine", float("nan"), "NaN"),
    ],
)
def test_bad_values_give_one_clear_message(name, value, fragment):
    with pytest.raises(ParameterError) as e:
        CreditSystemModel(rng=1, **{"n_subjects": 100, name: value})
    assert f"'{name}'" in str(e.value)
    assert fragment in str(e.value)


def test_numpy_scalars_are_accepted():
    m = CreditSystemModel(rng=1, n_subjects=np.int64(100), **{"sanctions.fine": np.float32(2)})
    assert m.subjects.n == 100 and m.params["sanctions.fine"] == 2.0


def test_cross_parameter_consistency():
    with pytest.raises(ParameterError, match="firm_share"):
        CreditSystemModel(rng=1, firm_share=0.7, official_share=0.5)
    with pytest.raises(ParameterError, match="interaction.degree"):
        CreditSystemModel(rng=1, n_subjects=10, **{"interaction.degree": 20})


@pytest.mark.parametrize("rng", ["seed", -1, 1.5, True])
def test_bad_seed(rng):
    with pytest.raises(ParameterError, match="rng"):
        CreditSystemModel(rng=rng, n_subjects=100)


# --- validation at the boundaries; values in messages -------------------------------


def test_every_number_accepts_its_bounds_and_refuses_the_next_value_beyond():
    for name, spec in REGISTRY.items():
        if spec.kind not in (int, float):
            continue
        assert spec.validate(spec.low) == spec.low, name
        assert spec.validate(spec.high) == spec.high, name
        if spec.kind is int:
            below, above = spec.low - 1, spec.high + 1
        else:
            below = float(np.nextafter(spec.low, -np.inf))
            above = float(np.nextafter(spec.high, np.inf))
        for bad in (below, above):
            with pytest.raises(ParameterError, match="out of range"):
                spec.validate(bad)


def test_whole_numbers_as_floats_are_integers_and_numbers_stay_floats():
    n = REGISTRY["n_subjects"]
    assert n.validate(100.0) == 100 and type(n.validate(100.0)) is int
    with pytest.raises(ParameterError, match="must be an integer in"):
        n.validate(12.5)  # in range, but not a whole number
    assert type(n.validate(np.int64(100))) is int
    fine = REGISTRY["sanctions.fine"]
    for value in (2, 2.0, np.float32(2), np.int64(2)):
        assert fine.validate(value) == 2.0 and type(fine.validate(value)) is float, value


@pytest.mark.parametrize("value,shown", [(float("nan"), "NaN"), (float("inf"), "inf")])
def test_nan_and_infinity_are_refused_for_integers_and_numbers(value, shown):
    for name in ("n_subjects", "sanctions.fine"):
        with pytest.raises(ParameterError, match=f"'{name}' must be .*got {shown}"):
            REGISTRY[name].validate(value)
    with pytest.raises(ParameterError, match="got -inf"):
        REGISTRY["sanctions.fine"].validate(float("-inf"))


def test_an_integer_too_large_for_a_float_is_refused_and_shortened():
    big = 10**400
    with pytest.raises(ParameterError, match=r"got 100000000000\.\.\. \(401 characters\)"):
        REGISTRY["sanctions.fine"].validate(big)


def test_values_are_shown_whole_up_to_40_characters():
    rule = REGISTRY["decision.rule"]
    whole = "x" * 38  # its repr, quotes included, has 40 characters
    with pytest.raises(ParameterError, match=f"got '{whole}'"):
        rule.validate(whole)
    with pytest.raises(ParameterError, match=r"got 'xxxxxxxxxxx\.\.\. \(41 characters\)"):
        rule.validate("x" * 39)


def test_allowed_values_in_words():
    assert REGISTRY["blacklist.enabled"].allowed() == "true or false"
    assert REGISTRY["decision.rule"].allowed().startswith("one of 'logit', 'imitation'")
    assert REGISTRY["detection.probability"].allowed() == "a number in [0, 1]"
    assert REGISTRY["n_subjects"].allowed() == "an integer in [10, 5000000]"
    # whole bounds are written as integers below 1e15, from there as Python writes the
    # float; other bounds as they are; no bound is infinity
    spec = REGISTRY["sanctions.fine"]
    assert replace(spec, low=0.5, high=1e14).allowed() == "a number in [0.5, 100000000000000]"
    assert replace(spec, low=-2.0, high=1e15).allowed() == "a number in [-2, 1000000000000000.0]"
    assert replace(spec, low=0.0, high=1e16).allowed() == "a number in [0, 1e+16]"
    assert replace(spec, low=0.0, high=None).allowed() == "a number in [0, inf]"


def test_a_name_belongs_to_its_mechanism_or_to_the_world():
    assert REGISTRY["sanctions.fine"].group == "sanctions"
    assert REGISTRY["whistleblower.base_rate"].group == "whistleblower"
    assert REGISTRY["n_subjects"].group == ""


def test_a_parameter_of_an_unsupported_type_is_refused_when_declared():
    @dataclass(frozen=True)
    class Bad:
        weights: tuple = param((1, 2), unit="-", doc="-", clause="-")

    with pytest.raises(TypeError, match="x.weights: unsupported parameter type"):
        specs_of("x", Bad)
