"""The model object: its checks at the boundaries, run_for, set and the results table.

The parameters one at a time are tested in tests/test_params.py, schedules and ``set``
in tests/test_interventions.py; here the checks that involve more than one value at
their boundaries, the seed, whole periods, a world parameter set mid-run and the table
of results with its events.
"""

import pytest

from model import CreditSystemModel, ParameterError
from model.outcomes import CORE_COLUMNS
from model.population import OFFICIAL, PERSON


def build(**kw) -> CreditSystemModel:
    kw.setdefault("n_subjects", 50)
    kw.setdefault("rng", 2)
    return CreditSystemModel(**kw)


# --- checks of more than one value, at their boundaries -----------------------------


def test_firms_and_officials_may_make_up_the_whole_population():
    # 0.3 + 0.7 is exactly 1 in floating point: allowed, and nobody is a person
    m = build(firm_share=0.3, official_share=0.7)
    assert not (m.subjects.kind == PERSON).any()
    assert (m.subjects.kind == OFFICIAL).sum() == 35
    with pytest.raises(ParameterError, match="must not exceed 1"):
        build(firm_share=0.3, official_share=0.71)


def test_the_degree_must_be_below_the_number_of_subjects():
    # (even: the small world's ring has degree/2 neighbours on each side)
    build(n_subjects=11, **{"interaction.degree": 10})
    with pytest.raises(ParameterError, match="smaller than 'n_subjects'"):
        build(n_subjects=10, **{"interaction.degree": 10})


def test_an_odd_degree_is_refused_only_for_the_small_world():
    # the ring has degree/2 neighbours on each side; a scale-free network's mean degree
    # may be odd
    with pytest.raises(ParameterError, match="must be even"):
        build(**{"interaction.degree": 5})
    build(**{"interaction.degree": 6})
    build(**{"interaction.degree": 5, "interaction.network": "scale_free"})


def test_a_reporting_base_rate_may_equal_its_maximum():
    on = {"whistleblower.enabled": True}
    build(**on, **{"whistleblower.base_rate": 0.4, "whistleblower.max_rate": 0.4})
    with pytest.raises(ParameterError, match="must not exceed 'whistleblower.max_rate'"):
        build(**on, **{"whistleblower.base_rate": 0.41, "whistleblower.max_rate": 0.4})


def test_seed_zero_is_a_seed():
    # non-negative integers are seeds, 0 included
    m = build(rng=0)
    assert m.seed_entropy == 0
    m.run_for(1)


# --- periods, set, results ------------------------------------------------------------


def test_run_for_zero_periods_does_nothing_and_only_whole_periods_run():
    m = build()
    m.run_for(0)
    assert m.t == 0 and len(m.results()) == 0
    m.run_for(1)
    assert m.t == 1
    for bad in (True, 2.5, -1):
        with pytest.raises(ParameterError, match="run_for"):
            m.run_for(bad)
    assert m.t == 1


def test_a_world_parameter_set_between_periods_holds_from_the_next():
    m = build()
    m.run_for(2)
    m.set("gain", 3.0)
    assert m.world.gain == 3.0 and m.params["gain"] == 3.0
    assert m.events == [(3, "gain", 1.0, 3.0)]


def test_visibility_is_full_without_the_sharing_mechanism():
    m = build()
    assert m.sharing_level == 1.0
    m.run_for(2)
    assert m.sharing_level == 1.0


def test_results_number_the_periods_and_show_each_change_in_its_period():
    # changes in the first and in the last period run are shown in their rows
    schedule = [
        {"parameter": "sanctions.fine", "period": 1, "value": 2.0},
        {"parameter": "gain", "period": 3, "value": 1.5},
    ]
    m = build(schedule=schedule)
    m.run_for(3)
    df = m.results()
    assert list(df.columns) == ["period", *m.columns(), "events"]
    assert list(df.columns[1 : 1 + len(CORE_COLUMNS)]) == list(CORE_COLUMNS)
    assert df["period"].tolist() == [1, 2, 3]
    assert df["events"].tolist() == ["sanctions.fine=2", "", "gain=1.5"]
