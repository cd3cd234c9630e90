"""Policy over time: model.set, the schedule, and parameters that cannot act (issue 13)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model import CreditSystemModel
from model.params import ParameterError
from model.population import JUDICIAL

N = 600


def build(**kw) -> CreditSystemModel:
    return CreditSystemModel(rng=5, n_subjects=N, **kw)


def table(periods: int = 12, **kw) -> pd.DataFrame:
    m = build(**kw)
    m.run_for(periods)
    return m.results()


# --- a change takes effect at exactly its period -------------------------------------
@pytest.mark.parametrize("period", [1, 2, 7, 12])
def test_scheduled_fine_acts_from_exactly_its_period(period):
    df = table(
        **{"sanctions.fine": 0.0},
        schedule=[{"parameter": "sanctions.fine", "period": period, "value": 4.0}],
    )
    fines = df["fines_per_subject"].to_numpy()
    assert (fines[: period - 1] == 0.0).all()  # no fine before it: exactly zero
    assert fines[period - 1] > 0.0  # findings of period `period` are fined 4 each
    # every fine from then on is a whole number of fines of 4 per subject
    charged = fines[period - 1 :] * N / 4.0
    assert np.allclose(charged, np.round(charged))


def test_set_between_steps_equals_the_schedule():
    scheduled = table(schedule=[{"parameter": "detection.probability", "period": 5, "value": 0.6}])
    m = build()
    m.run_for(4)
    m.set("detection.probability", 0.6)
    m.run_for(8)
    pd.testing.assert_frame_equal(scheduled, m.results())


def test_an_empty_schedule_changes_nothing():
    pd.testing.assert_frame_equal(table(), table(schedule=[]))
    assert (table()["events"] == "").all()


def test_ramp_moves_linearly_and_is_recorded_as_events():
    m = build(
        schedule=[
            {"parameter": "detection.probability", "start": 3, "end": 7, "from": 0.1, "to": 0.5}
        ]
    )
    seen = {}
    for _ in range(9):
        m.step()
        seen[m.t] = m.mechanisms["detection"].p.probability
    # periods 1-2 keep the default; 3..7 go 0.1, 0.2, ..., 0.5; then it stays
    assert seen[1] == seen[2] == 0.15
    assert [round(seen[k], 12) for k in range(3, 8)] == [0.1, 0.2, 0.3, 0.4, 0.5]
    assert seen[8] == seen[9] == 0.5
    ev = m.results()["events"]
    assert ev.iloc[2] == "detection.probability=0.1" and ev.iloc[7] == ""


def test_integer_ramp_rounds():
    m = build(
        schedule=[
            {"parameter": "blacklist.term_business", "start": 1, "end": 3, "from": 1, "to": 2}
        ]
    )
    terms = []
    for _ in range(3):
        m.step()
        terms.append(m.mechanisms["blacklist"].p.term_business)
    assert terms == [1, 2, 2]  # 1, 1.5 -> 2 (round half to even), 2


# --- switching mechanisms on and off mid-run ------------------------------------------
def test_a_mechanism_switched_off_draws_nothing_more():
    m = build(**{"social.enabled": True})
    m.run_for(3)
    m.set("social.enabled", False)
    state = m.mechanisms["social"].rng.bit_generator.state
    m.run_for(4)
    assert m.mechanisms["social"].rng.bit_generator.state == state
    assert (m.results()["shamed_share"].iloc[3:] == 0.0).all()


def test_a_mechanism_switched_on_mid_run_is_set_up_then():
    m = build(**{"judicial.enabled": False})
    m.run_for(4)
    assert not m.mechanisms["judicial"].is_set_up
    m.set("judicial.enabled", True)
    assert m.mechanisms["judicial"].is_set_up and len(m.mechanisms["judicial"].courts) == 4
    m.run_for(30)
    df = m.results()
    assert (df["judgments_per_subject"].iloc[:4] == 0.0).all()
    assert df["judgments_per_subject"].iloc[4:].sum() > 0.0


def test_abolishing_the_blacklist_ends_its_listings_at_that_period():
    m = build(**{"blacklist.scope_business": 1.0, "blacklist.scope_social": 1.0})
    m.run_for(20)
    s = m.subjects
    assert (s.listed_until[:JUDICIAL] > m.t).any()  # some department listings hold now
    m.set("blacklist.enabled", False)
    # from the coming period (index m.t) on, no department listing holds
    assert not (s.listed_until[:JUDICIAL] > m.t).any()
    m.run_for(5)
    assert not (s.listed_until[:JUDICIAL] > m.t).any()


def test_abolishing_the_court_list_ends_its_listings():
    # a listing that costs nothing deters nobody: debtors are sued, refuse and are listed
    cheap = {"judicial.restriction_cost": 0.0, "joint.cost": 0.0, "market.screening": 0.0}
    m = build(**{"judicial.litigation_rate": 0.5, **cheap})
    m.run_for(15)
    assert (m.subjects.listed_until[JUDICIAL] > m.t).any()
    m.set("judicial.list", False)
    assert not (m.subjects.listed_until[JUDICIAL] > m.t).any()


# --- what cannot act is an error ------------------------------------------------------
def test_set_up_only_parameters_cannot_change_in_a_running_model():
    m = build()
    with pytest.raises(ParameterError, match="only when the model is set up"):
        m.set("n_subjects", 10)
    with pytest.raises(ParameterError, match="cannot be scheduled"):
        build(schedule=[{"parameter": "interaction.degree", "period": 2, "value": 4}])


def test_parameters_of_a_switched_off_mechanism_are_refused_naming_the_switch():
    with pytest.raises(ParameterError, match=r"'social.enabled' = false"):
        build(**{"social.shame": 1.0})
    m = build()
    with pytest.raises(ParameterError, match=r"'social.enabled' = false"):
        m.set("social.shame", 1.0)
    assert m.mechanisms["social"].p.shame == 0.2 and m.events == []  # nothing changed
    with pytest.raises(ParameterError, match=r"schedule, period 3: .*'social.enabled'"):
        build(schedule=[{"parameter": "social.shame", "period": 3, "value": 1.0}])


def test_inactive_values_are_accepted_when_asked_or_switched_on_later():
    build(allow_inactive=True, **{"social.shame": 1.0})
    build(
        **{"social.shame": 1.0},
        schedule=[{"parameter": "social.enabled", "period": 10, "value": True}],
    )


@pytest.mark.parametrize("on_at", [2, 3])
def test_a_value_set_for_a_mechanism_the_schedule_switches_on_then_is_accepted(on_at):
    # after one period a value set now holds from period 2; the schedule switches social
    # on in period 2 (the same period) or 3: either way the value acts once it is on
    m = build(schedule=[{"parameter": "social.enabled", "period": on_at, "value": True}])
    m.run_for(1)
    m.set("social.shame", 1.0)
    assert m.events == [(2, "social.shame", 0.2, 1.0)]
    m.run_for(on_at - 1)
    assert m.mechanisms["social"].enabled and m.mechanisms["social"].p.shame == 1.0
    # with no schedule switching it on, the same value is refused
    with pytest.raises(ParameterError, match=r"'social.enabled' = false"):
        build().set("social.shame", 1.0)


def test_a_switch_on_the_schedule_has_already_made_does_not_count_for_later_values():
    # social is switched on in period 2, then off by hand from period 3: a value set now
    # cannot act, whatever the schedule did in the periods already run
    m = build(schedule=[{"parameter": "social.enabled", "period": 2, "value": True}])
    m.run_for(2)
    m.set("social.enabled", False)
    with pytest.raises(ParameterError, match=r"'social.enabled' = false"):
        m.set("social.shame", 1.0)


def test_a_parameter_outside_the_mode_it_needs_is_refused_naming_the_mode():
    # the spread of discount factors needs a mean discount strictly between 0 and 1
    spread = {"decision.discount_concentration": 20.0}
    with pytest.raises(ParameterError, match=r"'decision.discount' is strictly between"):
        build(**spread)
    build(**spread, **{"decision.discount": 0.9})
    m = build(**{"decision.discount": 0.9})
    m.set("decision.discount", 1.0)
    with pytest.raises(ParameterError, match=r"'decision.discount_concentration' cannot act"):
        m.set("decision.discount_concentration", 20.0)
    assert m.params["decision.discount_concentration"] == 0.0  # nothing changed
    # a later scheduled change into the mode makes the setting acceptable, as a later
    # switch does; a scheduled setting is judged at its own period
    build(**spread, schedule=[{"parameter": "decision.discount", "period": 5, "value": 0.9}])
    # a later change that leaves the mode unmet does not make it acceptable
    with pytest.raises(ParameterError, match="strictly between"):
        build(**spread, schedule=[{"parameter": "decision.discount", "period": 5, "value": 0.0}])
    with pytest.raises(ParameterError, match=r"schedule, period 4: .*strictly between"):
        build(schedule=[{"parameter": "decision.discount_concentration", "period": 4, "value": 9}])
    build(allow_inactive=True, **spread)


@pytest.mark.parametrize(
    "setting, mode, needs",
    [
        ({"appeals.second_success": 0.9}, {"appeals.second_propensity": 0.2}, "above 0"),
        ({"appeals.second_delay": 5}, {"appeals.second_propensity": 0.2}, "above 0"),
        ({"appeals.second_cost": 0.1}, {"appeals.second_propensity": 0.2}, "above 0"),
        ({"appeals.true_success": 0.4}, {"appeals.contest_true": 0.1}, "above 0"),
        ({"scoring.threshold": 70.0}, {"scoring.variant": "trigger"}, "'trigger'"),
    ],
)
def test_objection_and_scoring_terms_are_refused_outside_their_mode(setting, mode, needs):
    # the second instance's terms do nothing if nobody goes to it; the success of an
    # objection to a true record, if none is contested; the threshold, if no score lists
    switch = {f"{next(iter(setting)).split('.')[0]}.enabled": True}
    with pytest.raises(ParameterError, match=f"cannot act: .* is {needs}"):
        build(**switch, **setting)
    build(**switch, **setting, **mode)


def test_a_mode_fixed_at_set_up_is_said_to_need_a_new_model():
    # beliefs are chosen when the model is built: a running model cannot be put in the mode
    m = build()
    with pytest.raises(ParameterError, match=r"Build the model with 'decision.beliefs' so"):
        m.set("decision.belief_memory", 0.5)
    with pytest.raises(ParameterError, match=r"Set 'decision.discount' so"):
        m.set("decision.discount_concentration", 5.0)


def test_every_mode_condition_is_declared_by_the_mechanism_that_owns_it():
    # one owner per quantity: a condition reads a parameter of the same mechanism, or
    # another mechanism's switch, or a condition that other mechanism declares itself
    # (appeals' SECOND_INSTANCE, read by the state's cost of a review); each parameter's
    # own default satisfies or fails it without error
    import importlib

    from model import REGISTRY

    conditional = [s for s in REGISTRY.values() if s.acts_if is not None]
    assert len(conditional) >= 14
    for spec in conditional:
        other, words, holds = spec.acts_if
        assert other in REGISTRY, spec.name
        owner = REGISTRY[other].group
        if owner != spec.group:
            module = importlib.import_module(f"model.mechanisms.{owner}")
            declared = any(v is spec.acts_if for v in vars(module).values())
            assert other == f"{owner}.enabled" or declared, spec.name
        assert isinstance(holds(REGISTRY[other].default), bool) and words


@pytest.mark.parametrize(
    "setting, refused, accepted",
    [
        # departments' care responds to liability only with care_response on
        (
            {"appeals.enabled": True, "appeals.care_elasticity": 2.0},
            "'appeals.care_response' is true",
            {"appeals.care_response": True},
        ),
        # with legitimacy on, subjects' own legitimacy carries the term (counted once)
        (
            {"government.enabled": True, "legitimacy.enabled": True},
            "'legitimacy.enabled' is false",
            {"legitimacy.enabled": False},
        ),
        # objections are upheld, filed and reviewed only with appeals on
        (
            {"legitimacy.enabled": True, "legitimacy.upheld_gain": 0.3},
            "'appeals.enabled' is true",
            {"appeals.enabled": True},
        ),
        ({"state.objection_cost": 1.0}, "'appeals.enabled' is true", {"appeals.enabled": True}),
        (
            {"appeals.enabled": True, "state.review_cost": 1.0},
            "'appeals.second_propensity' is above 0",
            {"appeals.second_propensity": 0.1},
        ),
    ],
)
def test_terms_that_need_another_mechanism_are_refused_without_it(setting, refused, accepted):
    if "government.enabled" in setting:
        setting = {**setting, "government.legitimacy_weight": 1.0}
    with pytest.raises(ParameterError, match=f"cannot act: it acts only when {refused}"):
        build(**setting)
    build(**{**setting, **accepted})
    build(allow_inactive=True, **setting)


def test_phase_in_overrides_static_sharing_and_coverage():
    with pytest.raises(ParameterError, match="phase-in schedule"):
        build(**{"phase_in.enabled": True, "records.coverage": 0.5})
    with pytest.raises(ParameterError, match="phase-in schedule"):
        build(**{"phase_in.enabled": True, "sharing.enabled": True, "sharing.level": 0.2})
    # only those two, and only under the phase-in schedule
    build(**{"phase_in.enabled": True, "sanctions.fine": 2.0})
    build(**{"records.coverage": 0.5, "sharing.enabled": True, "sharing.level": 0.2})


@pytest.mark.parametrize(
    "schedule, message",
    [
        ({"parameter": "sanctions.fine", "period": 2, "value": 1.0}, "must be a list"),
        ([{"parameter": "sanctions.fin", "period": 2, "value": 1.0}], "Unknown parameter"),
        ([{"parameter": "sanctions.fine", "period": 0, "value": 1.0}], "period number >= 1"),
        ([{"parameter": "sanctions.fine", "period": 2.5, "value": 1.0}], "period number"),
        ([{"parameter": "sanctions.fine", "period": True, "value": 1.0}], "period number"),
        ([{"parameter": "sanctions.fine", "period": 2, "value": -1.0}], "out of range"),
        ([{"parameter": "sanctions.fine", "period": 2}], "keys"),
        ([{"parameter": "sanctions.fine", "when": 2, "value": 1.0}], "keys"),
        (
            [
                {"parameter": "sanctions.fine", "period": 2, "value": 1.0},
                {"parameter": "sanctions.fine", "period": 2, "value": 2.0},
            ],
            "twice in period 2",
        ),
        (
            [{"parameter": "social.enabled", "start": 1, "end": 3, "from": 0, "to": 1}],
            "cannot be ramped",
        ),
        (
            [{"parameter": "sanctions.fine", "start": 3, "end": 3, "from": 0, "to": 1}],
            "must be after",
        ),
        (["sanctions.fine"], "table/dict"),
        (
            [{"parameter": "firm_share", "period": 2, "value": 0.99}],
            "cannot be scheduled",
        ),
    ],
)
def test_bad_schedules_fail_with_one_line(schedule, message):
    with pytest.raises(ParameterError, match=message) as e:
        build(schedule=schedule)
    assert "\n" not in str(e.value)
