"""A catalogue of bad inputs: each is refused before any work, in one line (issue 14).

Every case goes through a public entry point: the command line (``python -m model
run|experiment|params``, called in-process through ``model.cli.main`` and, for a
sample, as a real process), an experiment spec (through the ``experiment`` command),
or the Python API (``CreditSystemModel``, ``run_for``, ``experiments.run``,
``experiments.load``). For each case the test asserts:

* the exit code (2) or the exception type;
* exactly one line of message, naming the culprit (file, key or parameter) and what is
  allowed, and no traceback;
* no run started (the functions that run a model are replaced by ones that fail the
  test if called);
* nothing already written changed (a snapshot of the whole working directory, with a
  finished experiment and an unrelated file in it, is identical afterwards).

No case runs a sweep: validation happens before any work, which is what is tested.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DELETE = object()

#: A valid tiny spec (2 x 2 grid, 2 replicates, 3 periods); cases change one thing.
BASE: dict[str, Any] = {
    "name": "tiny",
    "periods": 3,
    "replicates": 2,
    "master_seed": 7,
    "base": {"n_subjects": 200},
    "vary": {
        "type": "grid",
        "grid": {"sanctions.fine": [0.0, 3.0], "detection.probability": [0.1, 0.5]},
    },
    "outputs": {"outcomes": ["honesty_rate", "trust_rate"], "last_periods": 2},
}


# --- a minimal TOML writer for the spec cases ---------------------------------------


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else json.dumps(k)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def toml(data: dict[str, Any], prefix: str = "") -> str:
    """TOML text of nested tables and arrays of tables."""
    lines, tables = [], []
    for k, v in data.items():
        if isinstance(v, dict):
            tables.append((k, v))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            tables.append((k, v))
        else:
            lines.append(f"{_key(k)} = {_value(v)}")
    out = "\n".join(lines) + "\n"
    for k, v in tables:
        name = f"{prefix}.{_key(k)}" if prefix else _key(k)
        if isinstance(v, list):
            for item in v:
                out += f"\n[[{name}]]\n" + toml(item, name)
        else:
            out += f"\n[{name}]\n" + toml(v, name)
    return out


def spec_with(**changes: Any) -> dict[str, Any]:
    """BASE with top-level keys replaced (DELETE removes one); dotted keys go deeper."""
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        keys = path.split("__")
        target = data
        for k in keys[:-1]:
            target = target.setdefault(k, {})
        if value is DELETE:
            target.pop(keys[-1], None)
        else:
            target[keys[-1]] = value
    return data


def grid(**values: list[Any]) -> dict[str, Any]:
    return {"type": "grid", "grid": {k.replace("__", "."): v for k, v in values.items()}}


def morris(bounds: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "morris", "bounds": bounds, "trajectories": 2, **extra}


def sobol(bounds: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "sobol", "bounds": bounds, "samples": 4, **extra}


THREE = grid(
    sanctions__fine=[0.0, 3.0], detection__probability=[0.1, 0.5], detection__report_rate=[0.0, 0.2]
)

# (id, spec dict or raw text/bytes, words the one-line message must contain)
SPEC_CASES: list[tuple[str, Any, list[str]]] = [
    # top-level values: types, ranges, sizes
    ("replicates-true", spec_with(replicates=True), ["replicates", "valid integer", "true"]),
    ("replicates-0", spec_with(replicates=0), ["replicates", "greater than or equal to 1"]),
    ("replicates-negative", spec_with(replicates=-1), ["replicates", "greater than"]),
    ("replicates-float", spec_with(replicates=2.0), ["replicates", "valid integer"]),
    ("replicates-string", spec_with(replicates="2"), ["replicates", "valid integer"]),
    ("replicates-1e8", spec_with(replicates=100_000_000), ["replicates", "10000"]),
    ("replicates-missing", spec_with(replicates=DELETE), ["replicates", "required key"]),
    ("periods-true", spec_with(periods=True), ["periods", "valid integer"]),
    ("periods-0", spec_with(periods=0), ["periods", "greater than or equal to 1"]),
    ("periods-float", spec_with(periods=1e9), ["periods", "valid integer"]),
    ("periods-huge", spec_with(periods=1_000_000), ["periods", "100000"]),
    ("periods-nan", spec_with(periods=float("nan")), ["periods", "valid integer"]),
    ("master-seed-negative", spec_with(master_seed=-1), ["master_seed", "greater than"]),
    ("master-seed-true", spec_with(master_seed=True), ["master_seed", "valid integer"]),
    ("master-seed-float", spec_with(master_seed=1.5), ["master_seed", "valid integer"]),
    ("name-slash", spec_with(name="a/b"), ["name", "letters, digits"]),
    ("name-dots", spec_with(name=".."), ["name", "letters, digits"]),
    ("name-empty", spec_with(name=""), ["name", "letters, digits"]),
    ("name-number", spec_with(name=5), ["name", "valid string"]),
    ("unknown-top-key", spec_with(colour="red"), ["colour", "unknown key"]),
    ("misspelt-key", spec_with(replicate=2, replicates=DELETE), ["replicate"]),
    ("preset-unknown", spec_with(preset="nosystem"), ["preset", "nosystem"]),
    # scenario presets and schedules (issue 13)
    (
        "scenario-preset-unknown",
        spec_with(vary={"type": "scenarios", "scenarios": {"x": {"preset": "nosystem"}}}),
        ["vary.scenarios.x.preset", "unknown preset 'nosystem'"],
    ),
    (
        "scenario-schedule-one-table",
        spec_with(
            vary={
                "type": "scenarios",
                "scenarios": {"x": {"schedule": {"parameter": "sanctions.fine", "period": 2}}},
            }
        ),
        ["vary.scenarios.x.schedule.parameter", "two brackets"],
    ),
    ("schedule-not-list", spec_with(schedule=3), ["schedule", "valid list"]),
    (
        "schedule-unknown-key",
        spec_with(schedule=[{"parameter": "sanctions.fine", "period": 2, "value": 1.0, "at": 2}]),
        ["schedule[0].at", "unknown key"],
    ),
    (
        "schedule-period-0",
        spec_with(schedule=[{"parameter": "sanctions.fine", "period": 0, "value": 1.0}]),
        ["schedule[0]", "'period' must be a period number >= 1"],
    ),
    (
        "schedule-after-last-period",
        spec_with(schedule=[{"parameter": "sanctions.fine", "period": 4, "value": 1.0}]),
        ["schedule[0]", "after the run's last period (3)"],
    ),
    (
        "schedule-unknown-parameter",
        spec_with(schedule=[{"parameter": "sanctions.fines", "period": 2, "value": 1.0}]),
        ["schedule[0]", "sanctions.fines", "Did you mean"],
    ),
    (
        "schedule-value-out-of-range",
        spec_with(schedule=[{"parameter": "sanctions.fine", "period": 2, "value": -1.0}]),
        ["schedule[0]", "sanctions.fine"],
    ),
    (
        "schedule-end-and-span",
        spec_with(
            schedule=[
                {"parameter": "sanctions.fine", "from": 0, "to": 1, "start": 1, "end": 2, "span": 1}
            ]
        ),
        ["schedule[0]", "end or its span, not both"],
    ),
    (
        "schedule-twice-in-a-period",
        spec_with(
            schedule=[
                {"parameter": "sanctions.fine", "period": 2, "value": 1.0},
                {"parameter": "sanctions.fine", "period": 2, "value": 2.0},
            ]
        ),
        ["schedule[1]", "changed twice in period 2"],
    ),
    (
        "schedule-switched-off-mechanism",
        spec_with(schedule=[{"parameter": "repair.cost", "period": 2, "value": 2.0}]),
        ["schedule", "repair.cost", "'repair.enabled' = false"],
    ),
    (
        "schedule-setup-only",
        spec_with(schedule=[{"parameter": "n_subjects", "period": 2, "value": 100}]),
        ["schedule[0]", "n_subjects", "cannot be scheduled"],
    ),
    # base parameter values
    ("base-int-nan", spec_with(base={"n_subjects": float("nan")}), ["base", "n_subjects", "NaN"]),
    ("base-int-inf", spec_with(base={"n_subjects": float("inf")}), ["base", "n_subjects", "inf"]),
    ("base-float-inf", spec_with(base={"sanctions.fine": float("-inf")}), ["sanctions.fine"]),
    ("base-float-nan", spec_with(base={"sanctions.fine": float("nan")}), ["sanctions.fine"]),
    ("base-unknown", spec_with(base={"n_subject": 200}), ["base", "n_subject", "n_subjects"]),
    ("base-bool-for-int", spec_with(base={"n_subjects": True}), ["n_subjects", "integer"]),
    ("base-string-for-int", spec_with(base={"n_subjects": "200"}), ["n_subjects", "integer"]),
    ("base-int-for-bool", spec_with(base={"blacklist.enabled": 1}), ["blacklist.enabled"]),
    ("base-choice", spec_with(base={"decision.rule": "majority"}), ["decision.rule"]),
    ("base-out-of-range", spec_with(base={"n_subjects": 5}), ["n_subjects", "out of range"]),
    (
        "base-shares-over-1",
        spec_with(base={"n_subjects": 200, "firm_share": 0.7, "official_share": 0.5}),
        ["base", "firm_share", "official_share"],
    ),
    (
        "base-degree-vs-n",
        spec_with(base={"n_subjects": 20, "interaction.degree": 30}),
        ["base", "interaction.degree", "n_subjects"],
    ),
    (
        "base-whistleblower-rates",
        spec_with(
            base={
                "whistleblower.enabled": True,
                "whistleblower.base_rate": 0.5,
                "whistleblower.max_rate": 0.1,
            },
        ),
        ["base", "whistleblower.base_rate", "whistleblower.max_rate"],
    ),
    # grids and scenarios
    ("grid-empty", spec_with(vary=grid(sanctions__fine=[])), ["vary.grid.sanctions.fine", "empty"]),
    (
        "grid-repeated",
        spec_with(vary=grid(sanctions__fine=[1.0, 1])),
        ["vary.grid.sanctions.fine", "repeated"],
    ),
    (
        "grid-out-of-range",
        spec_with(vary=grid(detection__probability=[0.1, 1.5])),
        ["vary.grid.detection.probability", "out of range"],
    ),
    (
        "grid-bool-for-number",
        spec_with(vary=grid(sanctions__fine=[True, 2.0])),
        ["vary.grid.sanctions.fine", "a number"],
    ),
    (
        "grid-nan",
        spec_with(vary=grid(sanctions__fine=[float("nan")])),
        ["vary.grid.sanctions.fine", "NaN"],
    ),
    ("grid-not-a-list", spec_with(vary=grid(sanctions__fine=3.0)), ["sanctions.fine", "list"]),
    ("grid-unknown-param", spec_with(vary=grid(sanctions__fines=[1.0])), ["sanctions.fines"]),
    ("grid-none", spec_with(vary={"type": "grid", "grid": {}}), ["vary.grid", "empty"]),
    ("vary-type-unknown", spec_with(vary={"type": "lhs"}), ["vary", "lhs"]),
    (
        "grid-shares-only-together",
        spec_with(vary=grid(firm_share=[0.3, 0.7], official_share=[0.1, 0.4])),
        ["vary", "design point 3", "firm_share=0.7", "official_share=0.4", "exceed 1"],
    ),
    (
        "grid-odd-degree",
        spec_with(vary=grid(interaction__degree=[4, 5])),
        ["vary", "interaction.degree=5", "even"],
    ),
    (
        "morris-awareness-spread-at-full-awareness",
        spec_with(
            vary={
                "type": "morris",
                "trajectories": 2,
                "bounds": {"decision.awareness": [0.5, 1.0], "decision.awareness_spread": [0, 1]},
            }
        ),
        ["vary.bounds", "decision.awareness_spread", "below 1"],
    ),
    (
        "degree-vs-scenario-size",
        spec_with(
            vary={
                "type": "scenarios",
                "scenarios": {"big": {"n_subjects": 300}, "small": {"n_subjects": 20}},
                "grid": {"interaction.degree": [4, 24]},
            }
        ),
        ["vary", "scenario 'small'", "interaction.degree=24", "smaller than 'n_subjects' = 20"],
    ),
    (
        "whistleblower-rates-only-together",
        spec_with(
            base={"n_subjects": 200, "whistleblower.enabled": True},
            vary=grid(whistleblower__base_rate=[0.01, 0.3], whistleblower__max_rate=[0.2, 0.5]),
        ),
        ["vary", "whistleblower.base_rate=0.3", "whistleblower.max_rate=0.2"],
    ),
    (
        "inactive-parameter-in-a-scenario",
        spec_with(
            vary={
                "type": "scenarios",
                "scenarios": {"on": {"education.enabled": True}, "off": {"education.rate": 0.5}},
            }
        ),
        ["vary", "design point 1", "scenario 'off'", "'education.enabled' = false"],
    ),
    ("scenarios-none", spec_with(vary={"type": "scenarios"}), ["vary.scenarios", "required"]),
    (
        "scenario-unknown-param",
        spec_with(vary={"type": "scenarios", "scenarios": {"a": {"sanctions.fines": 1.0}}}),
        ["vary.scenarios.a", "sanctions.fines"],
    ),
    (
        "scenario-empty-name",
        spec_with(vary={"type": "scenarios", "scenarios": {" ": {"sanctions.fine": 1.0}}}),
        ["vary.scenarios", "empty"],
    ),
    (
        "grid-and-scenario-overlap",
        spec_with(
            vary={
                "type": "scenarios",
                "scenarios": {"a": {"sanctions.fine": 1.0}},
                "grid": {"sanctions.fine": [1.0, 2.0]},
            }
        ),
        ["vary", "both in grid and scenarios", "sanctions.fine"],
    ),
    (
        "grid-huge",
        spec_with(
            vary=grid(
                sanctions__fine=[float(i) for i in range(100)],
                detection__probability=[i / 200 for i in range(100)],
                detection__report_rate=[i / 200 for i in range(100)],
            )
        ),
        ["vary", "1,000,000 design points", "at most 100,000"],
    ),
    # sampling designs
    ("morris-no-bounds", spec_with(vary=morris({})), ["vary.bounds", "no parameters"]),
    (
        "morris-reversed",
        spec_with(vary=morris({"sanctions.fine": [5.0, 1.0]})),
        ["vary.bounds.sanctions.fine", "lower bound 5.0"],
    ),
    (
        "morris-nan-bound",
        spec_with(vary=morris({"sanctions.fine": [float("nan"), 1.0]})),
        ["vary.bounds.sanctions.fine", "finite"],
    ),
    (
        "morris-inf-bound",
        spec_with(vary=morris({"sanctions.fine": [0.0, float("inf")]})),
        ["vary.bounds.sanctions.fine", "finite"],
    ),
    (
        "morris-bool-bound",
        spec_with(vary=morris({"sanctions.fine": [True, 2.0]})),
        ["vary.bounds.sanctions.fine[0]", "valid number"],
    ),
    (
        "morris-three-bounds",
        spec_with(vary=morris({"sanctions.fine": [0.0, 1.0, 2.0]})),
        ["vary.bounds.sanctions.fine", "at most 2"],
    ),
    (
        "morris-string-param",
        spec_with(vary=morris({"decision.rule": [0.0, 1.0]})),
        ["vary.bounds.decision.rule", "numeric"],
    ),
    (
        "morris-bool-param",
        spec_with(vary=morris({"blacklist.enabled": [0.0, 1.0]})),
        ["vary.bounds.blacklist.enabled", "numeric"],
    ),
    (
        "morris-unknown-param",
        spec_with(vary=morris({"sanctions.fines": [0.0, 1.0]})),
        ["vary.bounds.sanctions.fines", "Unknown parameter"],
    ),
    (
        "morris-out-of-range",
        spec_with(vary=morris({"detection.probability": [0.0, 2.0]})),
        ["vary.bounds.detection.probability", "out of range"],
    ),
    (
        "morris-integer-collapse",
        spec_with(vary=morris({"n_regions": [1.0, 1.4]})),
        ["vary.bounds.n_regions", "round to one value"],
    ),
    (
        "morris-integer-levels-collapse",
        spec_with(vary=morris({"n_regions": [1, 3]}, levels=4)),
        ["vary.bounds.n_regions", "Morris levels", "levels <= 3"],
    ),
    (
        "morris-trajectories-1",
        spec_with(vary=morris({"sanctions.fine": [0, 1]}, trajectories=1)),
        ["vary.trajectories", "greater than or equal to 2"],
    ),
    (
        "morris-levels-1",
        spec_with(vary=morris({"sanctions.fine": [0, 1]}, levels=1)),
        ["vary.levels", "greater than or equal to 2"],
    ),
    (
        "morris-levels-huge",
        spec_with(vary=morris({"sanctions.fine": [0, 1]}, levels=10**6)),
        ["vary.levels", "less than or equal to 1000"],
    ),
    (
        "morris-seed-64bit",
        spec_with(vary=morris({"sanctions.fine": [0, 1]}, seed=2**33)),
        ["vary.seed", "less than or equal to 4294967295"],
    ),
    (
        "morris-trajectories-huge",
        spec_with(vary=morris({"sanctions.fine": [0, 1]}, trajectories=10**9)),
        ["vary", "2,000,000,000 design points"],
    ),
    (
        "morris-samples-invalid-together",
        spec_with(
            base={"n_subjects": 12},
            vary=morris({"interaction.degree": [2, 20]}, trajectories=4),
        ),
        ["vary.bounds", "design point", "interaction.degree=", "smaller than 'n_subjects' = 12"],
    ),
    (
        "sobol-not-power-of-two",
        spec_with(vary=sobol({"sanctions.fine": [0, 5]}, samples=100)),
        ["vary.samples", "power of two"],
    ),
    (
        "sobol-huge",
        spec_with(vary=sobol({"sanctions.fine": [0, 5]}, samples=2**40)),
        ["vary", "design points", "at most 100,000"],
    ),
    (
        "sobol-integer-collapse",
        spec_with(vary=sobol({"blacklist.term_business": [3.6, 4.4]})),
        ["vary.bounds.blacklist.term_business", "round to one value"],
    ),
    # outputs and derived outcomes
    ("outcomes-empty", spec_with(outputs={"outcomes": []}), ["outputs.outcomes", "at least 1"]),
    (
        "outcomes-duplicate",
        spec_with(outputs={"outcomes": ["honesty_rate", "honesty_rate"]}),
        ["outputs.outcomes[1]", "listed twice"],
    ),
    (
        "outcomes-unknown",
        spec_with(outputs={"outcomes": ["honesty_rate", "trustrate"]}),
        ["outputs.outcomes[1]", "trustrate"],
    ),
    (
        "outcomes-not-a-list",
        spec_with(outputs={"outcomes": "honesty_rate"}),
        ["outputs.outcomes", "valid list"],
    ),
    (
        "last-periods-above-periods",
        spec_with(outputs={"outcomes": ["honesty_rate"], "last_periods": 5}),
        ["outputs.last_periods", "more than the 3 periods"],
    ),
    (
        "last-periods-0",
        spec_with(outputs={"outcomes": ["honesty_rate"], "last_periods": 0}),
        ["outputs.last_periods", "greater than or equal to 1"],
    ),
    (
        "last-periods-true",
        spec_with(outputs={"outcomes": ["honesty_rate"], "last_periods": True}),
        ["outputs.last_periods", "valid integer"],
    ),
    (
        "derived-syntax",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "honesty_rate *"}}),
        ["outputs.derived.x", "not a valid expression"],
    ),
    (
        "derived-unknown-column",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "honesty_rat * 2"}}),
        ["outputs.derived.x", "'honesty_rat'", "did you mean 'honesty_rate'"],
    ),
    (
        "derived-import",
        spec_with(
            outputs={"outcomes": ["honesty_rate"], "derived": {"x": "__import__('os').getcwd()"}}
        ),
        ["outputs.derived.x", "not allowed"],
    ),
    (
        "derived-attribute",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "honesty_rate.real"}}),
        ["outputs.derived.x", "not allowed"],
    ),
    (
        "derived-lambda",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "(lambda: 1)()"}}),
        ["outputs.derived.x", "not allowed"],
    ),
    (
        "derived-unknown-function",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "open(1)"}}),
        ["outputs.derived.x", "function 'open' is not allowed"],
    ),
    (
        "derived-string-constant",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "'a' * 3"}}),
        ["outputs.derived.x", "only numbers"],
    ),
    (
        "derived-floor-division",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "honesty_rate // 2"}}),
        ["outputs.derived.x", "'//' is not allowed"],
    ),
    (
        "derived-name-clash",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"welfare": "gini * 2"}}),
        ["outputs.derived.welfare", "already a column"],
    ),
    (
        "derived-bad-name",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"2x": "gini * 2"}}),
        ["outputs.derived.2x", "letters, digits and _"],
    ),
    (
        "derived-too-long",
        spec_with(
            outputs={"outcomes": ["honesty_rate"], "derived": {"x": " + ".join(["gini"] * 200)}}
        ),
        ["outputs.derived.x", "at most 500"],
    ),
    (
        "derived-uses-later-derived",
        spec_with(
            outputs={"outcomes": ["honesty_rate"], "derived": {"x": "y * 2", "y": "gini + 1"}}
        ),
        ["outputs.derived.x", "'y'"],
    ),
    (
        "derived-wrong-arity",
        spec_with(outputs={"outcomes": ["honesty_rate"], "derived": {"x": "max(gini)"}}),
        ["outputs.derived.x", "max() takes 2"],
    ),
    # plots
    (
        "plot-name-slash",
        spec_with(plots=[{"kind": "timeseries", "name": "a/b"}]),
        ["plots[0].name", "letters, digits"],
    ),
    (
        "plot-name-parent",
        spec_with(plots=[{"kind": "timeseries", "name": "../x"}]),
        ["plots[0].name", "letters, digits"],
    ),
    (
        "plot-name-hidden",
        spec_with(plots=[{"kind": "timeseries", "name": ".x"}]),
        ["plots[0].name", "letters, digits"],
    ),
    (
        "plot-names-twice",
        spec_with(plots=[{"kind": "timeseries", "name": "a"}, {"kind": "bars", "name": "a"}]),
        ["plots[1].name", "used twice"],
    ),
    (
        "plot-default-name-clash",
        spec_with(plots=[{"kind": "bars"}, {"kind": "timeseries", "name": "bars_0"}]),
        ["plots[1].name", "'bars_0' is used twice"],
    ),
    ("plot-kind-unknown", spec_with(plots=[{"kind": "pie"}]), ["plots[0].kind", "pie"]),
    (
        "heatmap-axis-not-varied",
        spec_with(plots=[{"kind": "heatmap", "x": "sanctions.fine", "y": "detection.report_rate"}]),
        ["plots[0].y", "varied parameter"],
    ),
    (
        "heatmap-x-equals-y",
        spec_with(plots=[{"kind": "heatmap", "x": "sanctions.fine", "y": "sanctions.fine"}]),
        ["plots[0].y", "two different"],
    ),
    (
        "heatmap-third-factor",
        spec_with(
            vary=THREE,
            plots=[{"kind": "heatmap", "x": "sanctions.fine", "y": "detection.probability"}],
        ),
        ["plots[0]", "detection.report_rate also vary", "average", "set facet = 'detection"],
    ),
    (
        "heatmap-string-axis",
        spec_with(
            vary=grid(sanctions__fine=[0.0, 1.0], decision__rule=["logit", "imitation"]),
            plots=[{"kind": "heatmap", "x": "sanctions.fine", "y": "decision.rule"}],
        ),
        ["plots[0].y", "not numeric"],
    ),
    (
        "heatmap-facet-is-axis",
        spec_with(
            plots=[
                {
                    "kind": "heatmap",
                    "x": "sanctions.fine",
                    "y": "detection.probability",
                    "facet": "sanctions.fine",
                }
            ]
        ),
        ["plots[0].facet", "differ from x and y"],
    ),
    (
        "timeseries-with-x",
        spec_with(plots=[{"kind": "timeseries", "x": "sanctions.fine"}]),
        ["plots[0].x", "not used by a timeseries plot"],
    ),
    (
        "bars-with-overlay",
        spec_with(plots=[{"kind": "bars", "overlay": "deterrence"}]),
        ["plots[0].overlay", "not used by a bars plot"],
    ),
    (
        "bars-facet-not-varied",
        spec_with(plots=[{"kind": "bars", "facet": "detection.report_rate"}]),
        ["plots[0].facet", "not a varied parameter"],
    ),
    ("band-se", spec_with(plots=[{"kind": "timeseries", "band": "se"}]), ["plots[0].band"]),
    ("tradeoff-no-x", spec_with(plots=[{"kind": "tradeoff"}]), ["plots[0].x_outcomes"]),
    (
        "tradeoff-by-unknown",
        spec_with(plots=[{"kind": "tradeoff", "x_outcomes": ["trust_rate"], "by": "gain"}]),
        ["plots[0].by", "not a varied parameter"],
    ),
    (
        "tradeoff-mixes-two-factors",
        spec_with(plots=[{"kind": "tradeoff", "x_outcomes": ["trust_rate"]}]),
        ["plots[0].by", "mix sanctions.fine and detection.probability"],
    ),
    (
        "sensitivity-on-grid",
        spec_with(plots=[{"kind": "sensitivity"}]),
        ["plots[0].kind", "morris/sobol"],
    ),
    (
        "heatmap-on-morris",
        spec_with(
            vary=morris({"sanctions.fine": [0, 1], "detection.probability": [0, 1]}),
            plots=[{"kind": "heatmap", "x": "sanctions.fine", "y": "detection.probability"}],
        ),
        ["plots[0].kind", "grid or scenarios"],
    ),
    (
        "plot-outcome-not-summarised",
        spec_with(plots=[{"kind": "bars", "outcomes": ["welfare"]}]),
        ["plots[0].outcomes[0]", "not summarised"],
    ),
    (
        "plot-outcome-twice",
        spec_with(plots=[{"kind": "timeseries", "outcomes": ["welfare", "welfare"]}]),
        ["plots[0].outcomes[1]", "listed twice"],
    ),
    (
        "plot-outcome-unknown",
        spec_with(plots=[{"kind": "timeseries", "outcomes": ["wellfare"]}]),
        ["plots[0].outcomes[0]", "unknown outcome"],
    ),
    # contrasts
    (
        "contrast-on-morris",
        spec_with(
            vary=morris({"sanctions.fine": [0, 1]}),
            contrasts=[{"a": {"sanctions.fine": 0.0}, "b": {"sanctions.fine": 1.0}}],
        ),
        ["contrasts", "grid or scenarios"],
    ),
    (
        "contrast-one-replicate",
        spec_with(
            replicates=1,
            contrasts=[
                {
                    "a": {"sanctions.fine": 0.0, "detection.probability": 0.1},
                    "b": {"sanctions.fine": 3.0, "detection.probability": 0.1},
                }
            ],
        ),
        ["contrasts", "replicates >= 2"],
    ),
    (
        "contrast-selects-two",
        spec_with(contrasts=[{"a": {"sanctions.fine": 0.0}, "b": {"sanctions.fine": 3.0}}]),
        ["contrasts[0].a", "selects 2 design points"],
    ),
    (
        "contrast-selects-none",
        spec_with(
            contrasts=[
                {
                    "a": {"sanctions.fine": 1.0, "detection.probability": 0.1},
                    "b": {"sanctions.fine": 3.0, "detection.probability": 0.1},
                }
            ]
        ),
        ["contrasts[0].a", "selects 0 design points"],
    ),
    (
        "contrast-same-point",
        spec_with(
            contrasts=[
                {
                    "a": {"sanctions.fine": 0.0, "detection.probability": 0.1},
                    "b": {"sanctions.fine": 0.0, "detection.probability": 0.1},
                }
            ]
        ),
        ["contrasts[0]", "same design point"],
    ),
    (
        "contrast-key-not-varied",
        spec_with(contrasts=[{"a": {"gain": 1.0}, "b": {"scenario": "base"}}]),
        ["contrasts[0].a.gain", "not 'scenario' or a varied parameter"],
    ),
    (
        "contrast-outcome-not-summarised",
        spec_with(
            contrasts=[
                {
                    "a": {"sanctions.fine": 0.0, "detection.probability": 0.1},
                    "b": {"sanctions.fine": 3.0, "detection.probability": 0.1},
                    "outcomes": ["welfare"],
                }
            ]
        ),
        ["contrasts[0].outcomes[0]", "unknown outcome 'welfare'"],
    ),
    # the file itself
    ("toml-invalid", "name = \n", ["not valid TOML"]),
    ("empty-file", "", ["required key is missing", "and 3 more"]),
    ("not-utf8", "name = 'caf\xe9'\n".encode("latin-1"), ["not UTF-8", "0xe9"]),
    ("binary-garbage", bytes(range(256)) * 4, ["not UTF-8"]),
    ("too-large", "# " + "x" * 1_100_000 + "\n", ["bytes; a spec file has at most"]),
]


# --- fixtures ---------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``root`` (content hash, modification time) and every directory."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_dir():
            out[str(path.relative_to(root))] = ("directory", 0)
        elif path.is_file() and not path.is_fifo():
            data = path.read_bytes()
            out[str(path.relative_to(root))] = (
                hashlib.sha256(data).hexdigest(),
                path.stat().st_mtime_ns,
            )
    return out


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """A finished experiment directory (the spec BASE), to be left untouched."""
    from experiments.runner import run_experiment

    root = tmp_path_factory.mktemp("finished")
    spec = root / "tiny.toml"
    spec.write_text(toml(BASE))
    run_experiment(spec, root / "results", workers=1, progress=False)
    return root


@pytest.fixture
def world(tmp_path, finished, monkeypatch) -> Path:
    """A working directory with a finished experiment, a spec and an unrelated file."""
    import shutil

    shutil.copytree(finished, tmp_path / "w")
    w = tmp_path / "w"
    (w / "notes.txt").write_text("my notes: never to be touched\n")
    (w / "a_file").write_text("not a directory\n")
    (w / "empty_dir").mkdir()
    (w / "full_dir").mkdir()
    (w / "full_dir" / "thesis.tex").write_text("\\documentclass{article}\n")
    os.mkfifo(w / "fifo")

    def no_run(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a run started although the input was bad")

    monkeypatch.setattr("experiments.task.run_one", no_run)
    monkeypatch.setattr("model.model.CreditSystemModel.step", no_run)
    monkeypatch.chdir(w)
    return w


def cli(capsys, argv: list[str]) -> tuple[int, str, str]:
    from model.cli import main

    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(err: str, words: list[str]) -> None:
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    for w in words:
        assert w in lines[0], f"{w!r} not in: {lines[0]}"


# --- the catalogue ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"), [c[1:] for c in SPEC_CASES], ids=[c[0] for c in SPEC_CASES]
)
def test_bad_spec_is_refused_before_any_run(world, capsys, text, words):
    path = world / "bad.toml"
    if isinstance(text, dict):
        text = toml(text)
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    before = snapshot(world)
    code, out, err = cli(capsys, ["experiment", str(path), "--out", "new_out", "--workers", "1"])
    assert code == 2
    assert out == ""
    assert_one_line(err, [f"{path}: ", *words])
    assert snapshot(world) == before
    assert not (world / "new_out").exists()


RUN = ["run", "--periods", "2"]
CLI_CASES: list[tuple[str, list[str], list[str]]] = [
    ("int-nan", [*RUN, "--set", "n_subjects=nan"], ["n_subjects", "NaN"]),
    ("int-inf", [*RUN, "--set", "n_subjects=inf"], ["n_subjects", "inf"]),
    ("int-minus-inf", [*RUN, "--set", "n_subjects=-inf"], ["n_subjects", "-inf"]),
    ("int-1e400", [*RUN, "--set", "n_subjects=1e400"], ["n_subjects"]),
    ("int-fraction", [*RUN, "--set", "n_subjects=12.5"], ["n_subjects", "12.5"]),
    ("int-bool", [*RUN, "--set", "n_subjects=true"], ["n_subjects", "integer"]),
    ("int-too-small", [*RUN, "--set", "n_subjects=9"], ["n_subjects", "out of range"]),
    ("int-too-big", [*RUN, "--set", "n_subjects=5000001"], ["n_subjects", "out of range"]),
    ("int-huge", [*RUN, "--set", "n_subjects=" + "9" * 400], ["n_subjects", "characters"]),
    ("float-nan", [*RUN, "--set", "sanctions.fine=nan"], ["sanctions.fine", "NaN"]),
    ("float-inf", [*RUN, "--set", "sanctions.fine=inf"], ["sanctions.fine", "inf"]),
    ("float-negative", [*RUN, "--set", "sanctions.fine=-1"], ["sanctions.fine", "out of range"]),
    ("float-text", [*RUN, "--set", "sanctions.fine=abc"], ["sanctions.fine", "'abc'"]),
    ("float-empty", [*RUN, "--set", "sanctions.fine="], ["sanctions.fine"]),
    ("probability-above-1", [*RUN, "--set", "detection.probability=1.5"], ["out of range"]),
    ("bool-number", [*RUN, "--set", "blacklist.enabled=3"], ["true or false"]),
    ("bool-yes", [*RUN, "--set", "blacklist.enabled=yes"], ["blacklist.enabled"]),
    ("choice", [*RUN, "--set", "decision.rule=majority"], ["decision.rule", "'logit'"]),
    ("unknown", [*RUN, "--set", "nonsense=1"], ["nonsense", "python -m model params"]),
    ("misspelt", [*RUN, "--set", "sanctions.fines=1"], ["Did you mean 'sanctions.fine'"]),
    ("no-name", [*RUN, "--set", "=5"], ["--set", "no name"]),
    ("no-equals", [*RUN, "--set", "no_equals_sign"], ["name=value"]),
    (
        "set-twice",
        [*RUN, "--set", "sanctions.fine=1", "--set", "sanctions.fine=2"],
        ["sanctions.fine", "twice"],
    ),
    (
        "degree-vs-n",
        [*RUN, "--set", "n_subjects=50", "--set", "interaction.degree=60"],
        ["smaller than 'n_subjects' = 50"],
    ),
    (
        "shares-over-1",
        [*RUN, "--set", "firm_share=0.7", "--set", "official_share=0.5"],
        ["firm_share", "official_share", "exceed 1"],
    ),
    (
        "whistleblower-rates",
        [*RUN, "--set", "whistleblower.base_rate=0.5", "--set", "whistleblower.max_rate=0.1"],
        ["whistleblower.base_rate", "whistleblower.max_rate"],
    ),
    ("degree-fraction", [*RUN, "--set", "interaction.degree=2.5"], ["integer"]),
    ("seed-text", [*RUN, "--seed", "abc"], ["--seed", "non-negative integer"]),
    ("seed-negative", [*RUN, "--seed", "-1"], ["--seed"]),
    ("seed-fraction", [*RUN, "--seed", "1.5"], ["--seed"]),
    ("seed-nan", [*RUN, "--seed", "nan"], ["--seed"]),
    ("periods-0", [*RUN, "--periods", "0"], ["--periods", "from 1 to 100,000"]),
    ("periods-negative", [*RUN, "--periods", "-3"], ["--periods"]),
    ("periods-fraction", [*RUN, "--periods", "2.5"], ["--periods"]),
    ("periods-nan", [*RUN, "--periods", "nan"], ["--periods"]),
    ("periods-huge", [*RUN, "--periods", "100001"], ["--periods", "100,000"]),
    ("periods-text", [*RUN, "--periods", "zero"], ["--periods"]),
    ("out-is-directory", [*RUN, "--out", "empty_dir"], ["--out empty_dir", "is a directory"]),
    ("out-under-a-file", [*RUN, "--out", "a_file/x.csv"], ["a_file", "not a directory"]),
    ("out-unwritable", [*RUN, "--out", "/sys/credit_abm_x/run.csv"], ["--out", "cannot write"]),
    ("out-empty", [*RUN, "--out", " "], ["--out", "not a usable file name"]),
    ("panel-without-sample", [*RUN, "--panel", "p.parquet"], ["--panel", "panel_size"]),
    (
        "panel-is-directory",
        [*RUN, "--set", "followup.panel_size=5", "--panel", "empty_dir"],
        ["--panel empty_dir", "is a directory"],
    ),
    ("run-unknown-option", [*RUN, "--no-such-option", "3"], ["--no-such-option"]),
    ("no-command", [], ["required"]),
    ("unknown-command", ["frobnicate"], ["frobnicate"]),
    ("params-no-match", ["params", "zzz"], ["no parameter matches 'zzz'"]),
    ("params-extra", ["params", "a", "b"], ["unrecognized arguments"]),
]
GOOD = "tiny.toml"  # the finished experiment's spec (in the world directory)
EXP = ["experiment", GOOD, "--out", "fresh"]
CLI_CASES += [
    ("workers-0", [*EXP, "--workers", "0"], ["--workers", "from 1 to"]),
    ("workers-negative", [*EXP, "--workers", "-1"], ["--workers"]),
    ("workers-text", [*EXP, "--workers", "abc"], ["--workers"]),
    ("workers-fraction", [*EXP, "--workers", "2.5"], ["--workers"]),
    ("workers-huge", [*EXP, "--workers", "100000"], ["--workers", "4 per core"]),
    ("workers-empty", [*EXP, "--workers", ""], ["--workers"]),
    ("scheduler-not-a-url", [*EXP, "--scheduler", "not a url"], ["'not a url'", "tcp://HOST:PORT"]),
    ("scheduler-empty", [*EXP, "--scheduler", ""], ["scheduler ''", "tcp://HOST:PORT"]),
    ("scheduler-no-host", [*EXP, "--scheduler", "tcp://"], ["'tcp://'"]),
    ("scheduler-port-range", [*EXP, "--scheduler", "tcp://h:99999"], ["tcp://h:99999"]),
    ("scheduler-no-port", [*EXP, "--scheduler", "tcp://127.0.0.1"], ["tcp://127.0.0.1"]),
    ("scheduler-http", [*EXP, "--scheduler", "http://h:8786"], ["http://h:8786"]),
    ("scheduler-space", [*EXP, "--scheduler", "tcp://a b:1"], ["tcp://a b:1"]),
    ("max-runs-0", [*EXP, "--max-runs", "0"], ["--max-runs", "positive"]),
    ("max-runs-text", [*EXP, "--max-runs", "many"], ["--max-runs"]),
    ("max-runs-exceeded", [*EXP, "--max-runs", "3"], ["8 runs", "at most 3"]),
    ("out-is-file", ["experiment", GOOD, "--out", "a_file"], ["a_file", "not a directory"]),
    ("out-under-file", ["experiment", GOOD, "--out", "a_file/x"], ["a_file", "not a directory"]),
    ("out-unwritable", ["experiment", GOOD, "--out", "/sys/credit_abm_x"], ["cannot write"]),
    ("out-blank", ["experiment", GOOD, "--out", " "], ["not a usable path"]),
    (
        "out-foreign-directory",
        ["experiment", GOOD, "--out", "full_dir"],
        ["full_dir is not empty", "'thesis.tex'"],
    ),
    ("out-is-fifo", ["experiment", GOOD, "--out", "fifo"], ["fifo", "not a directory"]),
    ("spec-missing", ["experiment", "none.toml"], ["none.toml: no such file"]),
    ("spec-is-directory", ["experiment", "empty_dir"], ["empty_dir: is a directory"]),
    ("spec-is-fifo", ["experiment", "fifo"], ["fifo: not a regular file"]),
    ("spec-is-device", ["experiment", "/dev/zero"], ["/dev/zero: not a regular file"]),
    ("spec-no-argument", ["experiment"], ["required: spec"]),
]


@pytest.mark.parametrize(
    ("argv", "words"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_bad_command_line_is_refused_before_any_run(world, capsys, argv, words):
    before = snapshot(world)
    code, out, err = cli(capsys, argv)
    assert code == 2
    assert out == ""
    assert_one_line(err, words)
    assert snapshot(world) == before
    assert not (world / "fresh").exists()


def test_a_spec_file_of_the_largest_size_is_read(tmp_path):
    """The size limit is a boundary: MAX_SPEC_BYTES bytes are read, one more is refused."""
    from experiments.spec import SpecError
    from experiments.specfile import MAX_SPEC_BYTES, read_toml

    text = 'name = "x"\n# '
    path = tmp_path / "big.toml"
    path.write_text(text + "x" * (MAX_SPEC_BYTES - len(text) - 1) + "\n")
    assert path.stat().st_size == MAX_SPEC_BYTES
    assert read_toml(path) == {"name": "x"}
    path.write_text(text + "x" * (MAX_SPEC_BYTES - len(text)) + "\n")
    with pytest.raises(SpecError, match="1,000,001 bytes; a spec file has at most 1,000,000"):
        read_toml(path)


SPEC_FILE_CASES = [
    ("spec-missing", "none.toml", "none.toml: no such file"),
    ("spec-is-directory", "empty_dir", "empty_dir: is a directory"),
    ("spec-not-toml", "broken.toml", "broken.toml: not valid TOML"),
]


@pytest.mark.parametrize(
    ("spec", "words"), [c[1:] for c in SPEC_FILE_CASES], ids=[c[0] for c in SPEC_FILE_CASES]
)
@pytest.mark.parametrize("entry", ["cli", "api"])
def test_a_bad_spec_file_is_refused_before_the_workers_start(
    world, capsys, monkeypatch, spec, words, entry
):
    """With several workers the runner starts their fork server (which imports the model:
    about 1.2 CPU seconds) while it imports itself; a missing or malformed spec file is
    refused before that, by the CLI and by ``experiments.run``."""
    import experiments
    from experiments import pool
    from experiments.spec import SpecError

    (world / "broken.toml").write_text("name = \n")
    started = []
    monkeypatch.setattr(pool, "prepare", lambda *a, **k: started.append(a))
    if entry == "cli":
        code, out, err = cli(capsys, ["experiment", spec, "--out", "fresh", "--workers", "2"])
        assert code == 2 and out == ""
        assert_one_line(err, [words])
    else:
        with pytest.raises(SpecError, match=words):
            experiments.run(world / spec, world / "fresh", workers=2)
    assert started == []
    assert not (world / "fresh").exists()


def test_another_experiments_directory_is_refused(world, capsys):
    other = world / "other.toml"
    other.write_text(toml(spec_with(name="other")))
    before = snapshot(world)
    code, out, err = cli(capsys, ["experiment", str(other), "--out", "results"])
    assert code == 2 and out == ""
    assert_one_line(err, ["results holds experiment 'tiny', not 'other'"])
    assert snapshot(world) == before


def test_a_committed_results_directory_is_resumed_not_refused(tmp_path):
    import shutil

    from experiments.preflight import ResultsError, check_output_dir

    # a clone's results/morris holds the committed provenance.json, figures and CSVs, no
    # manifest (git-ignored: a local `make experiments` writes one, so copy what is committed)
    source = ROOT / "results" / "morris"
    committed = tmp_path / "morris"
    committed.mkdir()
    for name in ("provenance.json", "summary.csv", "sensitivity.csv"):
        shutil.copy(source / name, committed / name)
    shutil.copytree(source / "figures", committed / "figures")
    check_output_dir(committed, "morris")
    with pytest.raises(ResultsError, match="holds experiment 'morris', not 'sobol'"):
        check_output_dir(committed, "sobol")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_directory_is_refused(world, capsys):
    ro = world / "ro"
    ro.mkdir(mode=0o500)
    code, _, err = cli(capsys, ["experiment", GOOD, "--out", "ro/x"])
    assert code == 2
    assert_one_line(err, ["not writable"])


# --- the Python API ----------------------------------------------------------------


def _model(**params: Any) -> Any:
    from model import CreditSystemModel

    return CreditSystemModel(rng=1, **{"n_subjects": 50, **params})


def _run_for(duration: Any) -> None:
    m = _model()
    try:
        m.run_for(duration)
    finally:
        assert m.t == 0, "periods ran although the duration was refused"


def _flip_one_run_file(out: Path) -> None:
    path = sorted((out / "runs").glob("*.parquet"))[0]
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0xFF
    path.write_bytes(bytes(data))


def _manifest(out: Path, content: bytes) -> Path:
    out.mkdir(exist_ok=True)
    (out / "manifest.json").write_bytes(content)
    return out


def _load(path: Any) -> None:
    import experiments

    experiments.load(path)


def _experiment(**kwargs: Any) -> None:
    import experiments

    kwargs.setdefault("out", "fresh")
    spec = kwargs.pop("spec", GOOD)
    experiments.run(spec, progress=False, **kwargs)


API_CASES: list[tuple[str, Any, type, list[str]]] = [
    ("model-int-nan", lambda w: _model(n_subjects=float("nan")), ValueError, ["n_subjects", "NaN"]),
    ("model-int-inf", lambda w: _model(n_subjects=float("inf")), ValueError, ["n_subjects"]),
    ("model-int-huge", lambda w: _model(n_subjects=10**400), ValueError, ["n_subjects"]),
    (
        "model-float-huge",
        lambda w: _model(**{"sanctions.fine": 10**400}),
        ValueError,
        ["sanctions.fine"],
    ),
    ("model-int-bool", lambda w: _model(n_subjects=True), ValueError, ["n_subjects"]),
    (
        "model-odd-degree-small-world",
        lambda w: _model(**{"interaction.degree": 5}),
        ValueError,
        ["interaction.degree", "even", "small-world"],
    ),
    (
        "model-learned-prior-under-rational",
        lambda w: _model(**{"decision.prior_strength": 50.0}),
        ValueError,
        ["decision.prior_strength", "cannot act", "'decision.beliefs'"],
    ),
    ("model-unknown", lambda w: _model(n_subject=50), ValueError, ["n_subject"]),
    (
        "model-whistleblower-rates",
        lambda w: _model(**{"whistleblower.base_rate": 0.2, "whistleblower.max_rate": 0.1}),
        ValueError,
        ["whistleblower.base_rate", "whistleblower.max_rate"],
    ),
    (
        "model-shares",
        lambda w: _model(firm_share=0.8, official_share=0.3),
        ValueError,
        ["firm_share"],
    ),
    ("model-rng-negative", lambda w: _rng(-1), ValueError, ["rng"]),
    ("model-rng-text", lambda w: _rng("seed"), ValueError, ["rng"]),
    ("run-for-negative", lambda w: _run_for(-3), ValueError, ["run_for", "-3"]),
    ("run-for-fraction", lambda w: _run_for(2.5), ValueError, ["run_for", "2.5"]),
    ("run-for-bool", lambda w: _run_for(True), ValueError, ["run_for", "True"]),
    ("run-for-text", lambda w: _run_for("3"), ValueError, ["run_for", "'3'"]),
    ("run-for-none", lambda w: _run_for(None), ValueError, ["run_for", "None"]),
    ("run-for-nan", lambda w: _run_for(float("nan")), ValueError, ["run_for", "nan"]),
    ("run-workers-0", lambda w: _experiment(workers=0), ValueError, ["workers", "got 0"]),
    ("run-workers-bool", lambda w: _experiment(workers=True), ValueError, ["workers", "True"]),
    ("run-workers-float", lambda w: _experiment(workers=2.0), ValueError, ["workers", "2.0"]),
    ("run-workers-huge", lambda w: _experiment(workers=10**6), ValueError, ["workers"]),
    (
        "run-scheduler-text",
        lambda w: _experiment(scheduler="not a url"),
        ValueError,
        ["scheduler 'not a url'"],
    ),
    ("run-scheduler-number", lambda w: _experiment(scheduler=8786), ValueError, ["scheduler"]),
    ("run-out-number", lambda w: _experiment(out=5), ValueError, ["output directory", "int"]),
    ("run-out-file", lambda w: _experiment(out="a_file"), ValueError, ["a_file"]),
    ("run-spec-number", lambda w: _experiment(spec=5), ValueError, ["spec", "int"]),
    ("run-spec-missing", lambda w: _experiment(spec="nope.toml"), ValueError, ["nope.toml"]),
    ("run-max-runs", lambda w: _experiment(max_runs=4), ValueError, ["8 runs", "at most 4"]),
    ("load-missing", lambda w: _load("nowhere"), ValueError, ["nowhere", "no such file"]),
    ("load-a-file", lambda w: _load("a_file"), ValueError, ["a_file", "not a directory"]),
    ("load-no-manifest", lambda w: _load("empty_dir"), ValueError, ["manifest.json"]),
    (
        "load-manifest-list",
        lambda w: _load(_manifest(w / "m1", b"[]")),
        ValueError,
        ["m1/manifest.json", "not an experiment manifest"],
    ),
    (
        "load-manifest-empty-table",
        lambda w: _load(_manifest(w / "m2", b"{}")),
        ValueError,
        ["m2/manifest.json", "not an experiment manifest"],
    ),
    (
        "load-manifest-not-json",
        lambda w: _load(_manifest(w / "m3", b"{not json")),
        ValueError,
        ["m3/manifest.json", "corrupt manifest"],
    ),
    (
        "load-manifest-not-utf8",
        lambda w: _load(_manifest(w / "m4", b'{"spec": "\xff"}')),
        ValueError,
        ["m4/manifest.json", "corrupt manifest"],
    ),
    (
        "load-manifest-bad-runs",
        lambda w: _load(_manifest(w / "m5", b'{"spec": {}, "runs": [1]}')),
        ValueError,
        ["m5/manifest.json", "run entry"],
    ),
    (
        "load-manifest-bad-spec",
        lambda w: _load(_manifest(w / "m6", b'{"spec": {"name": "x"}, "runs": []}')),
        ValueError,
        ["m6/manifest.json", "required key"],
    ),
    (
        "load-manifest-foreign-run",
        lambda w: _load(_foreign_run(w)),
        ValueError,
        ["manifest.json", "'p9999-r00'"],
    ),
    ("load-damaged-run", lambda w: _load(_damaged(w)), ValueError, ["damaged", ".parquet"]),
]


def _rng(rng: Any) -> None:
    from model import CreditSystemModel

    CreditSystemModel(rng=rng, n_subjects=50)


def _foreign_run(w: Path) -> Path:
    import shutil

    shutil.copytree(w / "results", w / "foreign")
    path = w / "foreign" / "manifest.json"
    data = json.loads(path.read_text())
    data["runs"][0]["run_id"] = "p9999-r00"
    path.write_text(json.dumps(data))
    return w / "foreign"


def _damaged(w: Path) -> Path:
    import shutil

    shutil.copytree(w / "results", w / "damaged")
    _flip_one_run_file(w / "damaged")
    return w / "damaged"


@pytest.mark.parametrize(
    ("call", "exc_type", "words"), [c[1:] for c in API_CASES], ids=[c[0] for c in API_CASES]
)
def test_bad_api_input_raises_one_line(world, call, exc_type, words):
    before = {k: v for k, v in snapshot(world).items() if k.startswith("results")}
    with pytest.raises(exc_type) as info:
        call(world)  # (the load cases set up their own damaged copies first)
    message = str(info.value)
    assert "\n" not in message, message
    for w in words:
        assert w in message, f"{w!r} not in: {message}"
    assert {k: v for k, v in snapshot(world).items() if k.startswith("results")} == before
    assert not (world / "fresh").exists()


def test_catalogue_is_well_over_a_hundred_cases():
    n = len(SPEC_CASES) + len(CLI_CASES) + len(API_CASES) + 2
    assert n > 200, n


# --- the real entry point: no traceback, no hang -----------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["run", "--set", "n_subjects=nan"], ["n_subjects", "NaN"]),
        (["experiment", "{fifo}"], ["not a regular file"]),
        (["experiment", "{huge}"], ["replicates", "10000"]),
        (["experiment", "{good}", "--scheduler", "not a url", "--out", "{w}/x"], ["not a url"]),
    ],
    ids=["int-nan", "fifo-spec", "replicates-1e8", "scheduler"],
)
def test_real_process_gives_one_line_and_exit_2(tmp_path, argv, words):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.toml"
    huge.write_text(toml(spec_with(replicates=100_000_000)))
    good = tmp_path / "good.toml"
    good.write_text(toml(BASE))
    args = [a.format(fifo=fifo, huge=huge, good=good, w=tmp_path) for a in argv]
    proc = subprocess.run(
        [sys.executable, "-m", "model", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,  # a hang (reading a FIFO, expanding 1e8 seeds) fails here
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert_one_line(proc.stderr, words)
