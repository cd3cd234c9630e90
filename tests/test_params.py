"""Parameters: flat names, validation, one clear message per mistake."""

import numpy as np
import pytest

from model import REGISTRY, CreditSystemModel, ParameterError, default_parameters

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
