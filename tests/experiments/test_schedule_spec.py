"""Scenario presets and scheduled changes in experiment specs.

A scenario may start from a model preset (``preset = "no_system"``), and a spec or a
scenario may hold ``[[schedule]]`` changes that reach the model's ``schedule=`` argument,
take effect at exactly their period, are recorded in the manifest and the run files, and
are marked on time-series figures. Bad input is one line naming the key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest

import experiments
from experiments.analysis import run_metadata
from experiments.plots import timeseries
from experiments.runfile import fingerprint
from experiments.runner import run_experiment
from experiments.spec import SpecError, expand_runs, parse_spec, varied_names
from model.presets import PRESETS


def _spec(**extra: Any) -> dict[str, Any]:
    base = {
        "name": "s",
        "periods": 6,
        "replicates": 2,
        "master_seed": 1,
        "base": {"n_subjects": 300},
    }
    return {**base, **extra}


def _scenarios(scenarios: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return _spec(vary={"type": "scenarios", "scenarios": scenarios}, **extra)


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(SpecError) as info:
        parse_spec(data)
    message = str(info.value)
    assert "\n" not in message and message.startswith("<spec>: ")
    return message


FINE_ON_AT_3 = [{"parameter": "sanctions.enabled", "period": 3, "value": True}]


# --- presets per scenario -------------------------------------------------------------


def test_a_scenario_starts_from_its_preset_then_base_then_its_overrides():
    spec = parse_spec(
        _scenarios(
            {
                "none": {"preset": "no_system", "detection.enabled": True},
                "score": {"preset": "single_score"},
                "plain": {},
            },
            preset="rewards_only",
        )
    )
    runs = {r["scenario"]: r for r in expand_runs(spec)}
    none = runs["none"]["params"]
    # the preset's values, except what the scenario overrides; the base on top
    assert {k: none[k] for k in PRESETS["no_system"] if k != "detection.enabled"} == {
        k: v for k, v in PRESETS["no_system"].items() if k != "detection.enabled"
    }
    assert none["detection.enabled"] is True
    assert none["n_subjects"] == 300
    # a scenario's preset replaces the spec's: nothing of rewards_only is left
    assert "redlist.facilitation" not in none
    score = runs["score"]["params"]
    assert score["scoring.enabled"] is True and score["scoring.variant"] == "trigger"
    assert "redlist.facilitation" in score  # single_score's own value
    assert score["redlist.facilitation"] == PRESETS["single_score"]["redlist.facilitation"]
    # a scenario without a preset keeps the spec's
    assert runs["plain"]["params"]["sanctions.enabled"] is False  # rewards_only
    # every name a preset sets differs between points and is recorded per run
    names = varied_names(spec)
    assert set(PRESETS["single_score"]) <= set(names)
    assert set(PRESETS["rewards_only"]) <= set(names)
    assert runs["none"]["overrides"]["scoring.enabled"] is False
    assert runs["score"]["overrides"]["scoring.enabled"] is True


def test_a_point_gets_only_the_parameters_it_sets_not_defaults_other_points_vary():
    # "on" sets a repair parameter; "off" leaves repair off: passing the default of
    # repair.cost to "off" would be refused by the model as a value that cannot act
    spec = parse_spec(
        _scenarios(
            {
                "on": {"repair.enabled": True, "repair.cost": 2.0},
                "off": {},
            }
        )
    )
    runs = {r["scenario"]: r for r in expand_runs(spec)}
    assert "repair.cost" not in runs["off"]["params"]
    assert runs["off"]["overrides"]["repair.cost"] == 1.0  # recorded: the default in force
    from model import CreditSystemModel

    for run in runs.values():
        CreditSystemModel(rng=run["seed"], schedule=run.get("schedule"), **run["params"])


def test_unknown_scenario_preset_is_one_line_naming_the_scenario():
    msg = _error(_scenarios({"x": {"preset": "nosystem"}}))
    assert "vary.scenarios.x.preset: unknown preset 'nosystem'; one of [" in msg
    msg = _error(_scenarios({"x": {"preset": 3}}))
    assert "vary.scenarios.x.preset: unknown preset 3" in msg


def test_a_grid_may_not_vary_what_a_scenario_preset_sets():
    data = _spec(
        vary={
            "type": "scenarios",
            "scenarios": {"score": {"preset": "single_score"}},
            "grid": {"redlist.share": [0.1, 0.2]},
        }
    )
    msg = _error(data)
    assert "vary.scenarios.score.preset: preset 'single_score' sets ['redlist.share']" in msg


def test_a_scenario_preset_that_makes_a_base_value_inactive_names_the_point():
    # no_system switches sanctions off; a fine in the base cannot act there
    data = _scenarios({"none": {"preset": "no_system"}, "on": {}})
    data["base"]["sanctions.fine"] = 5.0
    msg = _error(data)
    assert "vary: design point 0 (scenario 'none')" in msg
    assert "'sanctions.enabled' = false" in msg


# --- schedules --------------------------------------------------------------------------


def test_spec_schedule_reaches_every_run_in_the_models_form():
    ramp = {"parameter": "sanctions.fine", "from": 1.0, "to": 3.0, "start": 2, "span": 2}
    spec = parse_spec(
        _spec(
            schedule=[*FINE_ON_AT_3, ramp],
            preset="no_system",
            base={"n_subjects": 300, "detection.enabled": True},
        )
    )
    for run in expand_runs(spec):
        # span 2 from period 2 ends at period 4
        assert run["schedule"] == [
            FINE_ON_AT_3[0],
            {"parameter": "sanctions.fine", "from": 1.0, "to": 3.0, "start": 2, "end": 4},
        ]


def test_scenario_schedules_add_to_the_specs():
    spec = parse_spec(
        _scenarios(
            {
                "off again": {
                    "schedule": [{"parameter": "sanctions.enabled", "period": 5, "value": False}]
                },
                "stays": {},
            },
            preset="no_system",
            schedule=FINE_ON_AT_3,
            base={"n_subjects": 300, "detection.enabled": True},
        )
    )
    runs = {r["scenario"]: r for r in expand_runs(spec)}
    assert runs["stays"]["schedule"] == FINE_ON_AT_3
    assert runs["off again"]["schedule"] == [
        *FINE_ON_AT_3,
        {"parameter": "sanctions.enabled", "period": 5, "value": False},
    ]


def test_a_run_without_schedule_keeps_its_fingerprint():
    spec = parse_spec(_spec())
    (run, *_) = expand_runs(spec)
    assert "schedule" not in run
    import hashlib

    key = {k: run[k] for k in ("params", "seed", "periods")}
    expected = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    assert fingerprint(run) == expected
    assert fingerprint({**run, "schedule": FINE_ON_AT_3}) != expected


def test_scheduled_change_takes_effect_at_exactly_its_period(tmp_path: Path):
    """The fine is switched on at period 3 and off at period 5: fines only in 3-4."""
    data = _scenarios(
        {
            "on 3, off 5": {
                "schedule": [
                    *FINE_ON_AT_3,
                    {"parameter": "sanctions.enabled", "period": 5, "value": False},
                ]
            },
            "never": {},
        },
        preset="no_system",
        base={"n_subjects": 300, "detection.enabled": True, "detection.probability": 0.5},
        outputs={"outcomes": ["honesty_rate", "fines_per_subject"], "last_periods": 2},
        plots=[{"kind": "timeseries", "outcomes": ["fines_per_subject"], "name": "ts"}],
    )
    spec = parse_spec(data)
    out = tmp_path / "out"
    run_experiment(spec, out, workers=1, progress=False)
    df = experiments.load(out)
    on = df[df["scenario"] == "on 3, off 5"]
    never = df[df["scenario"] == "never"]
    fined = on.groupby("period")["fines_per_subject"].max()
    assert (fined.loc[[1, 2, 5, 6]] == 0).all() and (fined.loc[[3, 4]] > 0).all()
    assert (never["fines_per_subject"] == 0).all()
    # identical until the change: common random numbers, and the schedule did nothing yet
    cols = ["replicate", "period", "honesty_rate"]
    before = lambda d: d[d["period"] < 3][cols].reset_index(drop=True)  # noqa: E731
    assert before(on).equals(before(never))
    events = on.groupby("period")["events"].first()
    assert events[3] == "sanctions.enabled=True" and events[5] == "sanctions.enabled=False"
    assert events[[1, 2, 4, 6]].eq("").all()
    # recorded: manifest (per run and per scenario), provenance of each run file
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schedules"] == {"on 3, off 5": on_schedule(spec)}
    assert manifest["spec"]["vary"]["scenarios"]["on 3, off 5"]["schedule"]
    entry = next(r for r in manifest["runs"] if r["scenario"] == "on 3, off 5")
    assert entry["schedule"] == on_schedule(spec)
    assert "schedule" not in next(r for r in manifest["runs"] if r["scenario"] == "never")
    meta = run_metadata(out / "runs" / f"{entry['run_id']}.parquet")
    assert meta["run"]["schedule"] == on_schedule(spec)


def on_schedule(spec: Any) -> list[dict[str, Any]]:
    return next(r["schedule"] for r in expand_runs(spec) if r.get("schedule"))


def test_timeseries_marks_the_change_periods():
    import pandas as pd

    rows = []
    for scenario, events in (("a", {3: "x=1", 5: "x=2"}), ("b", {})):
        for rep in (0, 1):
            for period in range(1, 8):
                rows.append(
                    {
                        "scenario": scenario,
                        "replicate": rep,
                        "period": period,
                        "honesty_rate": 0.5,
                        "events": events.get(period, ""),
                    }
                )
    fig = timeseries(pd.DataFrame(rows), ["honesty_rate"], [])
    ax = fig.axes[0]
    verticals = sorted(
        line.get_xdata()[0]
        for line in ax.get_lines()
        if len(set(line.get_xdata())) == 1 and line.get_linestyle() == ":"
    )
    assert verticals == [3, 5]
    assert "scheduled changes" in fig._suptitle.get_text().replace("\n", " ")
    assert "periods 3, 5" in fig._suptitle.get_text().replace("\n", " ")
    plt.close(fig)


@pytest.mark.parametrize(
    ("entry", "key", "problem"),
    [
        (
            {"parameter": "sanctions.fine", "period": 2, "value": 1.0, "when": 3},
            "schedule[0].when",
            "unknown key; a change has parameter, period and value",
        ),
        ({"period": 2, "value": 1.0}, "schedule[0].parameter", "required key is missing"),
        (
            {"parameter": "sanctions.fines", "period": 2, "value": 1.0},
            "schedule[0]",
            "Unknown parameter 'sanctions.fines'. Did you mean 'sanctions.fine'",
        ),
        ({"parameter": "sanctions.fine", "period": 2, "value": -1.0}, "schedule[0]", "range"),
        (
            {"parameter": "sanctions.fine", "period": 0, "value": 1.0},
            "schedule[0]",
            "'period' must be a period number >= 1, got 0",
        ),
        (
            {"parameter": "sanctions.fine", "period": True, "value": 1.0},
            "schedule[0]",
            "'period' must be a period number >= 1, got True",
        ),
        (
            {"parameter": "sanctions.fine", "period": 7, "value": 1.0},
            "schedule[0]",
            "period 7 is after the run's last period (6)",
        ),
        (
            {"parameter": "sanctions.fine", "from": 0.0, "to": 1.0, "start": 2, "span": 5},
            "schedule[0]",
            "period 7 is after the run's last period (6)",
        ),
        (
            {"parameter": "sanctions.fine", "from": 0.0, "to": 1.0, "start": 2, "span": 0},
            "schedule[0].span",
            "must be a number of periods >= 1, got 0",
        ),
        (
            {"parameter": "sanctions.fine", "from": 0, "to": 1, "start": 2, "end": 4, "span": 2},
            "schedule[0]",
            "give a ramp's end or its span, not both",
        ),
        (
            {"parameter": "sanctions.fine", "from": 0.0, "to": 1.0, "start": 4, "end": 3},
            "schedule[0]",
            "'end' (3) must be after 'start' (4)",
        ),
        (
            {"parameter": "sanctions.enabled", "from": 0, "to": 1, "start": 2, "end": 4},
            "schedule[0]",
            "'sanctions.enabled' is not a number and cannot be ramped",
        ),
        (
            {"parameter": "sanctions.fine", "period": 2},
            "schedule[0]",
            "a change has parameter, period and value, or (a ramp) parameter, from, to, start "
            "and end or span; got ['parameter', 'period']",
        ),
        (
            {"parameter": "n_subjects", "period": 2, "value": 100},
            "schedule[0]",
            "'n_subjects' acts only when the model is set up and cannot be scheduled",
        ),
    ],
)
def test_bad_schedule_entry_is_one_line_naming_the_key(entry, key, problem):
    msg = _error(_spec(schedule=[entry]))
    assert f"<spec>: {key}: " in msg
    assert problem in msg


def test_schedule_structure_errors_come_from_pydantic_in_one_line():
    assert "<spec>: schedule: input should be a valid list" in _error(_spec(schedule=3))
    msg = _error(_spec(schedule=[3]))
    assert "<spec>: schedule[0]: input should be a valid dictionary" in msg


def test_a_parameter_changed_twice_in_one_period_names_both_entries():
    twice = {"parameter": "sanctions.fine", "period": 3, "value": 1.0}
    msg = _error(_spec(schedule=[twice, {**twice, "value": 2.0}]))
    assert "schedule[1]: 'sanctions.fine' is changed twice in period 3 (also by schedule[0])" in msg
    # a ramp covering the period of a step
    ramp = {"parameter": "sanctions.fine", "from": 0.0, "to": 1.0, "start": 2, "end": 4}
    msg = _error(_spec(schedule=[ramp, twice]))
    assert "schedule[1]: 'sanctions.fine' is changed twice in period 3" in msg
    # the scenario's own change against the spec's
    msg = _error(_scenarios({"x": {"schedule": [twice]}}, schedule=[twice]))
    assert (
        "vary.scenarios.x.schedule[0]: 'sanctions.fine' is changed twice in period 3 "
        "(also by schedule[0])" in msg
    )


def test_a_scheduled_parameter_of_a_switched_off_mechanism_names_the_switch():
    change = {"parameter": "repair.cost", "period": 3, "value": 2.0}
    msg = _error(_spec(schedule=[change]))
    assert "<spec>: schedule: schedule, period 3: Parameter 'repair.cost' cannot act" in msg
    assert "'repair.enabled' = false" in msg
    # switched on by a later change: accepted
    on = {"parameter": "repair.enabled", "period": 4, "value": True}
    parse_spec(_spec(schedule=[change, on]))
    # in a scenario: the design point is named
    msg = _error(_scenarios({"x": {"schedule": [change]}, "y": {}}))
    assert "vary: design point 0 (scenario 'x'): schedule, period 3:" in msg
    # a base value of a mechanism the schedule switches on later is accepted (as the model)
    data = _spec(schedule=[on])
    data["base"]["repair.cost"] = 2.0
    parse_spec(data)


def test_a_scenario_schedule_written_as_one_table_is_explained():
    data = _scenarios({"x": {"schedule": {"parameter": "sanctions.fine", "period": 2}}})
    msg = _error(data)
    assert "vary.scenarios.x.schedule.parameter: a scenario's schedule is a list" in msg
    assert '[[vary.scenarios."x".schedule]]' in msg
    msg = _error(_scenarios({"x": {"schedule": 3}}))
    assert "vary.scenarios.x.schedule: must be a list of changes" in msg


def test_toml_spec_with_presets_and_schedules(tmp_path: Path):
    path = tmp_path / "h.toml"
    path.write_text(
        """
name = "h"
periods = 8
replicates = 2
master_seed = 3
preset = "no_system"

[base]
n_subjects = 300
"detection.enabled" = true

[vary]
type = "scenarios"

[vary.scenarios."fine 3-5"]
"norms.enabled" = true
"norms.crowding_out" = 0.02
[[vary.scenarios."fine 3-5".schedule]]
parameter = "sanctions.enabled"
period = 3
value = true
[[vary.scenarios."fine 3-5".schedule]]
parameter = "sanctions.enabled"
period = 6
value = false

[vary.scenarios."lists"]
preset = "outline_core"

[[schedule]]
parameter = "detection.probability"
from = 0.1
to = 0.4
start = 2
span = 3
"""
    )
    from experiments.spec import load_spec

    spec = load_spec(path)
    runs = {r["scenario"]: r for r in expand_runs(spec)}
    assert [c["parameter"] for c in runs["fine 3-5"]["schedule"]] == [
        "detection.probability",
        "sanctions.enabled",
        "sanctions.enabled",
    ]
    assert runs["fine 3-5"]["schedule"][0]["end"] == 5
    assert runs["lists"]["params"].get("sanctions.enabled", True) is True  # the defaults
    assert "norms.crowding_out" not in runs["lists"]["params"]


def test_every_point_of_every_canonical_grid_or_scenario_spec_builds_its_model():
    """What validation accepts, the model accepts: no run may fail mid-sweep.

    (The phase_in spec passed validation and failed in its third scenario: each run
    was handed the default of ``records.coverage``, which the phase-in overrides.)
    """
    from experiments.canonical import CANONICAL, SPECS
    from experiments.spec import SamplingDesign, load_spec
    from model import CreditSystemModel

    for name in CANONICAL:
        spec = load_spec(SPECS / f"{name}.toml")
        if isinstance(spec.vary, SamplingDesign):
            continue  # thousands of points; their rows are checked by validation
        for run in expand_runs(spec):
            if run["replicate"] == 0:
                CreditSystemModel(rng=run["seed"], schedule=run.get("schedule"), **run["params"])
