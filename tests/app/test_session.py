"""The page's state owner (model/classroom/session.py), without a browser.

Each sequence the issue lists (switch while playing, many switches, reset after a
switch, pause, run to N) leaves one model, built from exactly the controls, and no
play loop stepping a model the page no longer shows.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from model import REGISTRY, CreditSystemModel
from model.classroom.session import (
    SPEEDS,
    Change,
    Session,
    changed_parameters,
    idle_controls,
    pending_changes,
    preset_controls,
    run_changes,
    run_info,
)
from model.presets import PRESETS

FAST = len(SPEEDS) - 1


@pytest.fixture
def session():
    s = Session("outline_core")
    s.set_speed(FAST)
    yield s
    s.close()
    s.join()


def _wait_for_period(s: Session, t: int, timeout: float = 60.0) -> None:
    """Poll until the page shows period ``t`` (or play ended), with a deadline."""
    deadline = time.monotonic() + timeout
    while s.state.value.t < t and s._runner is not None:
        assert time.monotonic() < deadline, f"period {t} not reached in {timeout} s"
        time.sleep(0.01)


def test_the_page_starts_with_the_page_defaults(session):
    snap = session.state.value
    assert snap.seed == 1 and snap.params["n_subjects"] == 2000 and snap.t == 0
    assert snap.changed == {"n_subjects": 2000}
    assert len(snap.frame) == 0


def test_reset_after_a_preset_switch_builds_exactly_the_controls(session):
    session.set_control("seed", 7)
    session.set_control("n_subjects", 1500)
    session.select_preset("punishment_only")
    controls = session.controls.value
    assert controls["seed"] == 7 and controls["n_subjects"] == 1500  # carried over
    assert controls["redlist.enabled"] is False
    session.step()
    session.reset()
    snap = session.state.value
    m = session.model_for_tests()
    assert snap.t == 0 and snap.seed == 7 == m.seed_entropy
    assert m.params["n_subjects"] == 1500 and m.params["redlist.enabled"] is False
    expected = {k: v for k, v in controls.items() if k != "seed" and v != REGISTRY[k].default}
    assert snap.changed == expected == changed_parameters(m.params)
    assert pending_changes(session.controls.value, session.built.value) == {}


def test_a_set_up_control_waits_for_reset_and_a_bad_value_is_refused(session):
    session.set_control("n_subjects", 1500)  # acts only when a model is set up
    assert pending_changes(session.controls.value, session.built.value) == {"n_subjects": 1500}
    assert session.model_for_tests().subjects.n == 2000
    session.set_control("detection.probability", 1.5)
    assert "out of range" in session.error.value
    assert "detection.probability" not in session.controls.value
    session.reset()
    assert session.model_for_tests().subjects.n == 1500
    assert session.error.value is None


def test_before_the_first_period_a_control_starts_the_run_with_it(session):
    before = session.model_for_tests()
    session.set_control("sanctions.fine", 5.5)
    m = session.model_for_tests()
    assert m is not before and m.t == 0 and m.params["sanctions.fine"] == 5.5
    assert m.events == [] and session.state.value.events == ()
    assert session.state.value.changed == {"n_subjects": 2000, "sanctions.fine": 5.5}
    assert pending_changes(session.controls.value, session.built.value) == {}
    # the same run as a model built with it
    session.play(until=4)
    assert session.join()
    ref = CreditSystemModel(rng=1, n_subjects=2000, **{"sanctions.fine": 5.5})
    ref.run_for(4)
    assert session.state.value.frame.equals(ref.results())


def test_during_a_run_a_control_acts_from_the_next_period_as_scheduled(session):
    session.play(until=3)
    assert session.join()
    before = session.model_for_tests()
    session.set_control("detection.probability", 0.075)
    m = session.model_for_tests()
    assert m is before and m.params["detection.probability"] == 0.075  # the same run goes on
    snap = session.state.value
    assert snap.events == (Change(4, "detection.probability", 0.15, 0.075),)
    assert "detection.probability" not in snap.changed  # the run line: what it started with
    assert pending_changes(session.controls.value, session.built.value) == {}
    session.play(until=8)
    assert session.join()
    # the API's schedule with the change at period 4 gives the same table
    ref = CreditSystemModel(
        rng=1,
        n_subjects=2000,
        schedule=[{"parameter": "detection.probability", "period": 4, "value": 0.075}],
    )
    ref.run_for(8)
    frame = session.state.value.frame
    assert frame.equals(ref.results())
    assert frame["events"].tolist() == [""] * 3 + ["detection.probability=0.075"] + [""] * 4
    # and differs from the run without it from period 4 on, not before
    plain = CreditSystemModel(rng=1, n_subjects=2000)
    plain.run_for(8)
    cols = [c for c in frame if c != "events"]
    assert frame[cols].iloc[:3].equals(plain.results()[cols].iloc[:3])
    assert not frame[cols].iloc[3:].equals(plain.results()[cols].iloc[3:])


def test_the_run_info_runs_the_run_again_with_its_changes(session):
    session.set_control("sanctions.fine", 4.0)  # before period 1: the run starts with it
    session.play(until=5)
    assert session.join()
    session.set_control("detection.probability", 0.075)
    session.set_control("redlist.enabled", False)
    session.play(until=9)
    assert session.join()
    info = json.loads(json.dumps(run_info(session.state.value)))  # as downloaded
    assert info["parameters"]["sanctions.fine"] == 4.0
    assert info["parameters"]["detection.probability"] == 0.15  # what it started with
    assert info["schedule"] == [
        {"parameter": "detection.probability", "period": 6, "value": 0.075},
        {"parameter": "redlist.enabled", "period": 6, "value": False},
    ]
    again = CreditSystemModel(
        rng=info["seeds"][0], schedule=info["schedule"], allow_inactive=True, **info["parameters"]
    )
    again.run_for(info["periods"])
    assert again.results().equals(session.state.value.frame)


def test_a_change_while_playing_acts_from_the_period_after_the_one_shown(session):
    session.set_speed(2)  # two periods a second: the change lands between periods
    session.play()
    _wait_for_period(session, 1)
    session.set_control("sanctions.enabled", False)
    m = session.model_for_tests()
    ((period, name, old, new),) = m.events
    assert (name, old, new) == ("sanctions.enabled", True, False) and period >= 2
    _wait_for_period(session, period + 1)  # a period with the change has run
    session.pause()
    assert session.join()
    t = m.t
    assert t >= period and session.state.value.t == t
    ref = CreditSystemModel(
        rng=1,
        n_subjects=2000,
        schedule=[{"parameter": "sanctions.enabled", "period": period, "value": False}],
    )
    ref.run_for(t)
    assert session.state.value.frame.equals(ref.results())


def test_a_change_the_model_refuses_mid_run_waits_for_reset(session):
    session.step()
    session.set_control("whistleblower.base_rate", 0.9)  # above whistleblower.max_rate
    assert "Not applied" in session.error.value and "max_rate" in session.error.value
    m = session.model_for_tests()
    assert m.events == [] and m.params["whistleblower.base_rate"] != 0.9
    assert pending_changes(session.controls.value, session.built.value) == {
        "whistleblower.base_rate": 0.9
    }


def test_dragging_a_slider_between_two_periods_is_one_change():
    events = [
        (4, "a", 1, 2),
        (4, "a", 2, 3),
        (5, "b", True, False),
        (6, "a", 3, 4),
        (6, "a", 4, 3),  # undone before period 6 began
    ]
    assert run_changes(events) == (Change(4, "a", 1, 3), Change(5, "b", True, False))


def test_an_impossible_combination_keeps_the_running_model(session):
    before = session.model_for_tests()
    session.set_control("n_subjects", 100)
    session.set_control("interaction.degree", 100)  # must be below n_subjects
    session.reset()
    assert "interaction.degree" in session.error.value
    assert session.model_for_tests() is before


def test_switching_preset_while_playing_ends_the_old_loop_and_model(session):
    session.play()
    _wait_for_period(session, 3)
    old = session.model_for_tests()
    old_thread = session._runner
    session.select_preset("no_system")
    assert not old_thread.is_alive()  # ended before the new model was built
    assert session.playing.value is False
    frozen = old.t
    new = session.model_for_tests()
    assert new is not old and session.state.value.t == 0
    assert session.controls.value["detection.enabled"] is False
    session.play(until=5)
    assert session.join()
    assert old.t == frozen  # nobody stepped the old model after the switch
    assert new.t == 5 == session.state.value.t


def test_many_switches_while_playing_leave_one_consistent_model(session):
    names = list(PRESETS)
    for k in range(12):
        session.play()
        session.select_preset(names[k % len(names)])
    assert session.join()
    snap = session.state.value
    last = names[11 % len(names)]
    assert snap.preset == last and snap.t == 0
    expected = preset_controls(last, keep={"seed": 1, "n_subjects": 2000})
    for k, v in expected.items():
        if k != "seed":
            assert snap.params[k] == v
    assert threading.active_count() < 50
    assert not [t for t in threading.enumerate() if t.name.startswith(f"play-{session.id}")]


def test_pause_stops_before_the_next_period_and_shows_the_last(session):
    session.set_speed(2)  # two periods a second: pause lands between periods
    session.play()
    _wait_for_period(session, 1)
    session.pause()
    assert session.join()
    t = session.model_for_tests().t
    assert session.state.value.t == t and session.playing.value is False
    session.step()
    assert session.model_for_tests().t == t + 1  # no extra period ran in between


def test_run_to_period_stops_exactly_there(session):
    session.play(until=7)
    assert session.join()
    assert session.model_for_tests().t == 7 == session.state.value.t
    assert len(session.state.value.frame) == 7
    session.play(until=7)  # already there: nothing runs
    assert session.join() and session.model_for_tests().t == 7


def test_snapshots_never_change_after_they_are_made(session):
    session.step()
    first = session.state.value
    rows = first.frame.copy()
    session.play(until=6)
    assert session.join()
    assert first.t == 1 and len(first.frame) == 1
    assert first.frame.equals(rows)
    assert len(session.state.value.frame) == session.state.value.t == 6


def test_comparison_runs_in_step_with_the_same_seed_and_population(session):
    session.step()
    session.step()
    session.set_comparison("no_system")
    snap = session.state.value
    assert snap.twin_preset == "no_system" and len(snap.twin_frame) == 2
    session.play(until=5)
    assert session.join()
    snap = session.state.value
    assert len(snap.twin_frame) == 5 and (snap.twin_frame["blacklisted_share"] == 0).all()
    session.set_comparison(None)
    assert session.state.value.twin_frame is None


def test_the_class_plays_a_subject(session):
    i = session.state.value.subject["id"]
    for _ in range(3):
        session.choose(False)
    snap = session.state.value
    assert snap.t == 3 and len(snap.history) == 3
    for row in snap.history:
        assert row["kept_faith"] in (False, None)  # broke faith whenever a deal took place
    session.choose(True)
    assert session.state.value.history[-1]["kept_faith"] in (True, None)
    assert session.model_for_tests().forced_acts == {i: True}
    session.set_subject(5)
    assert session.model_for_tests().forced_acts == {} and session.state.value.history == ()
    session.set_subject(10**6)
    assert "Subject ids" in session.error.value


def test_a_closed_session_does_not_play(session):
    session.close()
    session.play()
    assert session._runner is None


def test_a_value_that_cannot_act_is_kept_and_named(session):
    # norms is off by default: its slider may move, the model is still built
    session.set_control("norms.crowding_out", 0.3)
    assert idle_controls(session.controls.value) == [
        "norms.crowding_out (while norms.enabled is off)"
    ]
    session.reset()
    assert session.error.value is None
    assert session.model_for_tests().params["norms.crowding_out"] == 0.3
    session.set_control("norms.enabled", True)
    assert idle_controls(session.controls.value) == []


def test_a_control_outside_its_mode_is_said_so_not_as_a_switch():
    # the pilot is on, but the threshold acts only in the trigger variant
    on = {"scoring.enabled": True, "scoring.threshold": 40.0}
    assert idle_controls(on) == ["scoring.threshold (acts only when scoring.variant is 'trigger')"]
    assert idle_controls({**on, "scoring.variant": "trigger"}) == []
    assert idle_controls({"scoring.threshold": 40.0}) == [
        "scoring.threshold (while scoring.enabled is off)"
    ]
    # the plan's schedule sets coverage every period: a slider value cannot act
    assert idle_controls({"phase_in.enabled": True, "records.coverage": 0.5}) == [
        "records.coverage (set by the phase-in schedule)"
    ]
