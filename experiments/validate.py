"""Checks of a parsed spec that need the model: parameters, design, outputs, plots.

:func:`check_spec` runs after pydantic has checked the structure and before anything is
expanded or run. Each check raises :class:`KeyProblem` with the dotted key and the
problem; :func:`experiments.spec.parse_spec` turns it into one line naming the file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from experiments import derived
from experiments.spec import (
    ID_COLUMNS,
    PRESETS,
    ExperimentSpec,
    GridDesign,
    SamplingDesign,
    ScenarioDesign,
    base_parameters,
    design_points,
    model_schedule,
    n_points,
    outcome_columns,
    point_base,
    point_schedule,
    raw_points,
    scenario_overrides,
    typed,
    varied_names,
)
from model import REGISTRY, ParameterError
from model.interventions import RAMP_KEYS, STEP_KEYS, expand, inactive_problem
from model.model import _check_consistency, _check_schedule
from model.params import resolve, unknown_name_error

#: Keys each plot kind uses (besides ``kind``); any other key set is an error.
PLOT_KEYS: dict[str, tuple[str, ...]] = {
    "timeseries": ("outcomes", "band", "name"),
    "heatmap": ("outcomes", "x", "y", "overlay", "facet", "name"),
    "bars": ("outcomes", "facet", "name"),
    "tradeoff": ("outcomes", "x_outcomes", "by", "name"),
    "sensitivity": ("outcomes", "name"),
}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")


class KeyProblem(Exception):
    """A problem at one key of a spec."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(key, problem)
        self.key, self.problem = key, problem


def check_spec(spec: ExperimentSpec, max_runs: int | None) -> None:
    """Every check, in the order a reader would fix them; raises KeyProblem."""
    _check_base(spec)
    _check_design(spec)
    _check_schedules(spec)
    _check_size(spec, max_runs)
    _check_every_point(spec)
    summarised = _check_outputs(spec)
    points = design_points(spec) if spec.plots or spec.contrasts else []
    for i, plot in enumerate(spec.plots):
        _check_plot(spec, i, plot, summarised, points)
    stems = [p.stem(i) for i, p in enumerate(spec.plots)]
    for i, stem in enumerate(stems):
        if stem in stems[:i]:
            raise KeyProblem(f"plots[{i}].name", f"figure name {stem!r} is used twice")
    _check_contrasts(spec, summarised, points)


def _validate_values(key: str, params: dict[str, Any]) -> dict[str, Any]:
    """Names and values against the registry (not yet their combination)."""
    try:
        return resolve(params, REGISTRY)
    except ParameterError as exc:
        raise KeyProblem(key, str(exc)) from None


def _check_base(spec: ExperimentSpec) -> None:
    if spec.preset is not None and spec.preset not in PRESETS:
        raise KeyProblem("preset", f"unknown preset {spec.preset!r}; one of {sorted(PRESETS)}")
    _validate_values("base", base_parameters(spec))


def _check_design(spec: ExperimentSpec) -> None:
    v = spec.vary
    if isinstance(v, GridDesign):
        for name, values in v.grid.items():
            key = f"vary.grid.{name}"
            if not values:
                raise KeyProblem(key, "grid is empty")
            typed_values = [_validate_values(key, {name: value})[name] for value in values]
            if len(set(map(repr, typed_values))) != len(typed_values):
                raise KeyProblem(key, "grid has repeated values")
        for sname, table in v.scenarios.items():
            if not sname.strip():
                raise KeyProblem("vary.scenarios", "a scenario name is empty")
            _check_scenario_preset(f"vary.scenarios.{sname}.preset", table)
            for name in table:
                if name.split(".")[0] in ("schedule", "preset") and "." in name:
                    raise KeyProblem(
                        f"vary.scenarios.{sname}.{name}",
                        "a scenario's schedule is a list of changes: write "
                        f'[[vary.scenarios."{sname}".schedule]] (two brackets), and its preset '
                        'a name (preset = "no_system")',
                    )
            _validate_values(f"vary.scenarios.{sname}", scenario_overrides(table))
        if isinstance(v, ScenarioDesign) and not v.scenarios:
            raise KeyProblem("vary.scenarios", "no scenarios given")
        if not v.grid and not v.scenarios:
            raise KeyProblem("vary.grid", "grid is empty")
        overlap = set(v.grid) & {k for s in v.scenarios.values() for k in scenario_overrides(s)}
        if overlap:
            raise KeyProblem("vary", f"set both in grid and scenarios: {sorted(overlap)}")
        for sname, table in v.scenarios.items():
            preset = table.get("preset")
            clash = sorted(set(v.grid) & set(PRESETS.get(preset or "", {})))
            if clash:
                raise KeyProblem(
                    f"vary.scenarios.{sname}.preset",
                    f"preset {preset!r} sets {clash}, which the grid also varies; "
                    "vary them in the scenarios or not at all",
                )
    elif isinstance(v, SamplingDesign):
        _check_bounds(v)


def _check_scenario_preset(key: str, table: dict[str, Any]) -> None:
    if "preset" not in table:
        return
    preset = table["preset"]
    if not isinstance(preset, str) or preset not in PRESETS:
        raise KeyProblem(key, f"unknown preset {preset!r}; one of {sorted(PRESETS)}")


#: What a schedule entry may hold, for messages.
_SCHEDULE_FORMS = (
    "a change has parameter, period and value, or (a ramp) parameter, from, to, start and "
    "end or span"
)


def _check_schedules(spec: ExperimentSpec) -> None:
    """Each schedule entry's form, parameter and values; one parameter, one change a period.

    The spec's schedule applies to every design point and each scenario's is added to
    it, so a scenario may not change a parameter in a period in which the spec's
    schedule (or its own) already does.
    """
    spec_changes = _check_entries("schedule", spec.schedule, spec.periods)
    _check_overlaps(spec_changes)
    v = spec.vary
    if not isinstance(v, GridDesign):
        return
    for sname, table in v.scenarios.items():
        if "schedule" not in table:
            continue
        own = _check_entries(f"vary.scenarios.{sname}.schedule", table["schedule"], spec.periods)
        _check_overlaps(spec_changes + own)


def _check_entries(key: str, entries: Any, periods: int) -> list[tuple[str, int, str]]:
    """Check entries one by one; returns (entry key, period, parameter) of every change."""
    if not isinstance(entries, list):
        raise KeyProblem(
            key, f"must be a list of changes ([[...schedule]] tables), got {entries!r}"
        )
    out = []
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise KeyProblem(where, f"a change must be a table, got {entry!r}")
        keys = set(entry)
        forms = (STEP_KEYS, RAMP_KEYS, RAMP_KEYS - {"end"} | {"span"})
        if keys not in forms:
            extra = sorted(keys - STEP_KEYS - RAMP_KEYS - {"span"})
            if extra:
                raise KeyProblem(f"{where}.{extra[0]}", f"unknown key; {_SCHEDULE_FORMS}")
            if {"end", "span"} <= keys:
                raise KeyProblem(where, "give a ramp's end or its span, not both")
            if "parameter" not in keys:
                raise KeyProblem(f"{where}.parameter", "required key is missing")
            raise KeyProblem(where, f"{_SCHEDULE_FORMS}; got {sorted(keys)}")
        if "span" in entry:
            span = entry["span"]
            if isinstance(span, bool) or not isinstance(span, int) or span < 1:
                raise KeyProblem(f"{where}.span", f"must be a number of periods >= 1, got {span!r}")
        try:
            changes = expand(model_schedule([entry]), REGISTRY)
        except ParameterError as exc:
            raise KeyProblem(where, str(exc).removeprefix("schedule[0]: ")) from None
        last = max(changes)
        if last > periods:
            raise KeyProblem(
                where,
                f"period {last} is after the run's last period ({periods}): the change "
                "would never take (full) effect",
            )
        name = entry["parameter"]
        out += [(where, period, name) for period in changes]
    return out


def _check_overlaps(changes: list[tuple[str, int, str]]) -> None:
    seen: dict[tuple[int, str], str] = {}
    for where, period, name in changes:
        first = seen.setdefault((period, name), where)
        if first != where:
            raise KeyProblem(
                where, f"{name!r} is changed twice in period {period} (also by {first})"
            )


def _check_bounds(v: SamplingDesign) -> None:
    if not v.bounds:
        raise KeyProblem("vary.bounds", "no parameters to sample")
    for name, (lo, hi) in v.bounds.items():
        key = f"vary.bounds.{name}"
        if name not in REGISTRY:
            raise KeyProblem(key, str(unknown_name_error(name, list(REGISTRY))))
        spec_ = REGISTRY[name]
        if spec_.kind not in (int, float):
            raise KeyProblem(
                key, f"only numeric parameters can be sampled, not {spec_.kind.__name__}"
            )
        if not (abs(lo) < float("inf") and abs(hi) < float("inf")):
            raise KeyProblem(key, f"bounds must be finite numbers, got [{lo}, {hi}]")
        if not lo < hi:
            raise KeyProblem(key, f"lower bound {lo} must be below upper bound {hi}")
        for bound in (lo, hi):
            _validate_values(key, {name: typed(name, bound)})
        if spec_.kind is int:
            _check_integer_levels(v, key, name, lo, hi)
    if v.type == "sobol" and (v.samples & (v.samples - 1)):
        raise KeyProblem("vary.samples", f"must be a power of two, got {v.samples}")


def _check_integer_levels(v: SamplingDesign, key: str, name: str, lo: float, hi: float) -> None:
    """Integer parameters are rounded after sampling: the rounding must not collapse."""
    if typed(name, lo) == typed(name, hi):
        raise KeyProblem(
            key,
            f"bounds [{lo}, {hi}] of an integer parameter round to one value ({typed(name, lo)})",
        )
    if v.type == "morris":
        levels = [typed(name, lo + k * (hi - lo) / (v.levels - 1)) for k in range(v.levels)]
        if len(set(levels)) < v.levels:
            raise KeyProblem(
                key,
                f"the {v.levels} Morris levels of this integer parameter round to {levels}: "
                f"a step would not change it; use levels <= {int(hi - lo) + 1} or wider bounds",
            )


def _check_size(spec: ExperimentSpec, max_runs: int | None) -> None:
    points = n_points(spec)
    runs = points * spec.replicates
    if max_runs is not None and runs > max_runs:
        key = "replicates" if spec.vary is None else "vary"
        raise KeyProblem(
            key,
            f"the design has {runs:,} runs ({points:,} design points x {spec.replicates:,} "
            f"replicates); at most {max_runs:,} are allowed (raise it with --max-runs)",
        )


def _describe(scenario: str, over: dict[str, Any], message: str, spec: ExperimentSpec) -> str:
    """A design point in words; for sampled rows only the parameters the message names."""
    if isinstance(spec.vary, SamplingDesign):
        named = {k: v for k, v in over.items() if f"'{k}'" in message}
        return ", ".join(f"{k}={v!r}" for k, v in (named or over).items())
    words = [f"scenario {scenario!r}"] if scenario != "base" else []
    grid = spec.vary.grid if isinstance(spec.vary, GridDesign) else {}
    words += [f"{k}={over[k]!r}" for k in grid]
    return ", ".join(words) or "the base"


def _check_every_point(spec: ExperimentSpec) -> None:
    """Each design point's full parameter set, with the model's own checks.

    The cross-parameter checks and the refusal of a parameter that cannot act (its
    mechanism switched off), as in ``CreditSystemModel.__init__``: a point the model
    would refuse must fail here, before the first run, not in a worker mid-sweep.
    """
    key = "vary.bounds" if isinstance(spec.vary, SamplingDesign) else "vary"
    varied = set(varied_names(spec))
    for i, (scenario, over) in enumerate(raw_points(spec)):
        base = point_base(spec, scenario)
        schedule = point_schedule(spec, scenario)
        try:
            values = resolve({**base, **over}, REGISTRY)
            _check_consistency(values)
            changes = expand(schedule, REGISTRY)
            for name in {**base, **over}:  # as the model's constructor does
                problem = inactive_problem(name, values, REGISTRY, changes)
                if problem:
                    raise ParameterError(problem)
            _check_schedule(values, changes, False)
        except ParameterError as exc:
            own = isinstance(spec.vary, GridDesign) and "schedule" in spec.vary.scenarios.get(
                scenario, {}
            )
            if not any(f"'{n}'" in str(exc) for n in varied) and not own:
                # no varied parameter or scenario schedule involved
                where = "schedule" if str(exc).startswith("schedule") else "base"
                raise KeyProblem(where, str(exc)) from None
            what = _describe(scenario, over, str(exc), spec)
            raise KeyProblem(key, f"design point {i} ({what}): {exc}") from None


def _check_outputs(spec: ExperimentSpec) -> set[str]:
    """Outcomes and derived expressions; returns every name that can be summarised."""
    out = spec.outputs
    if out.last_periods is not None and out.last_periods > spec.periods:
        raise KeyProblem(
            "outputs.last_periods",
            f"{out.last_periods} is more than the {spec.periods} periods of a run",
        )
    columns = set(outcome_columns())
    known = set(columns)
    for name, expression in out.derived.items():
        key = f"outputs.derived.{name}"
        if not _IDENTIFIER.match(name):
            raise KeyProblem(key, "a derived outcome's name must be letters, digits and _")
        if name in columns or name in ID_COLUMNS or name in REGISTRY:
            raise KeyProblem(key, f"{name!r} is already a column or parameter name")
        try:
            derived.parse(expression, known)
        except derived.DerivedError as exc:
            raise KeyProblem(key, str(exc)) from None
        known.add(name)
    _check_names("outputs.outcomes", out.outcomes, known)
    return set(out.outcomes)


def _check_names(key: str, names: list[str], known: set[str]) -> None:
    for j, name in enumerate(names):
        if name not in known:
            raise KeyProblem(f"{key}[{j}]", f"unknown outcome {name!r}")
        if name in names[:j]:
            raise KeyProblem(f"{key}[{j}]", f"{name!r} is listed twice")


def _dims(points: list[dict[str, Any]], names: list[str]) -> list[str]:
    """Which of ``names`` (varied parameters or ``scenario``) differ among ``points``."""
    out = []
    for n in names:
        values = {repr(p["scenario"] if n == "scenario" else p["overrides"][n]) for p in points}
        if len(values) > 1:
            out.append(n)
    return out


def _check_plot(
    spec: ExperimentSpec, i: int, p: Any, summarised: set[str], points: list[dict[str, Any]]
) -> None:
    key = f"plots[{i}]"
    for field, info in type(p).model_fields.items():
        # compare with the default, not model_fields_set: a manifest stores every field
        if field == "kind" or getattr(p, field) == info.get_default(call_default_factory=True):
            continue
        if field not in PLOT_KEYS[p.kind]:
            uses = ", ".join(PLOT_KEYS[p.kind])
            raise KeyProblem(f"{key}.{field}", f"not used by a {p.kind} plot (it uses {uses})")
    known = set(outcome_columns()) | set(spec.outputs.derived)
    for field in ("outcomes", "x_outcomes"):
        names = getattr(p, field)
        _check_names(f"{key}.{field}", names, known)
        for j, name in enumerate(names):
            if p.kind != "timeseries" and name not in summarised:
                raise KeyProblem(
                    f"{key}.{field}[{j}]",
                    f"{name!r} is not summarised: add it to outputs.outcomes",
                )
    sampling = isinstance(spec.vary, SamplingDesign)
    if p.kind == "sensitivity":
        if not sampling:
            raise KeyProblem(f"{key}.kind", "sensitivity plots need a morris/sobol design")
        return
    if p.kind == "timeseries":
        return
    if sampling:
        raise KeyProblem(f"{key}.kind", f"a {p.kind} plot needs a grid or scenarios design")
    varied = varied_names(spec)
    choices = [*varied, "scenario"]
    for field in ("facet", "by"):
        value = getattr(p, field)
        if value is not None and value not in choices:
            raise KeyProblem(f"{key}.{field}", f"not a varied parameter or 'scenario': {value!r}")
    if p.kind == "heatmap":
        _check_heatmap(key, p, varied, points)
    elif p.kind == "tradeoff":
        if not p.x_outcomes:
            raise KeyProblem(f"{key}.x_outcomes", "a tradeoff plot needs x_outcomes")
        _check_tradeoff(key, spec, p, points)


def _check_heatmap(key: str, p: Any, varied: list[str], points: list[dict[str, Any]]) -> None:
    for axis in ("x", "y"):
        name = getattr(p, axis)
        if name not in varied:
            raise KeyProblem(
                f"{key}.{axis}", f"a heatmap axis must be a varied parameter, got {name!r}"
            )
        if REGISTRY[name].kind is str:
            raise KeyProblem(f"{key}.{axis}", f"{name!r} is not numeric or a switch")
    if p.x == p.y:
        raise KeyProblem(f"{key}.y", "x and y must be two different parameters")
    if p.facet in (p.x, p.y):
        raise KeyProblem(f"{key}.facet", "the facet must differ from x and y")
    cells: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for pt in points:
        facet = pt["scenario"] if p.facet == "scenario" else pt["overrides"].get(p.facet)
        cells[(repr(pt["overrides"][p.x]), repr(pt["overrides"][p.y]), repr(facet))].append(pt)
    for same in cells.values():
        if len(same) > 1:
            others = _dims(same, [*varied, "scenario"])
            fix = (
                f"set facet = {others[0]!r}"
                if len(others) == 1 and p.facet is None
                else "split the spec or vary fewer parameters"
            )
            raise KeyProblem(
                key,
                f"{', '.join(others)} also vary, so a heatmap of {p.x} x {p.y} would average "
                f"over them; {fix}",
            )


def _check_tradeoff(key: str, spec: ExperimentSpec, p: Any, points: list[dict]) -> None:
    """Each line must follow one varied quantity, not a mix of several."""
    v = spec.vary
    assert isinstance(v, GridDesign)
    grid = [n for n in v.grid if len(v.grid[n]) > 1]
    lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pt in points:
        if p.by is None:
            label = pt["scenario"].split(":")[0].strip()
        elif p.by == "scenario":
            label = pt["scenario"]
        else:
            label = repr(pt["overrides"][p.by])
        lines[label].append(pt)
    for same in lines.values():
        along = _dims(same, [n for n in (*grid, "scenario") if n != p.by])
        if len(along) > 1:
            raise KeyProblem(
                f"{key}.by",
                f"a line would mix {' and '.join(along)}: set by = one of them "
                "(one line per value) so that each line follows the other",
            )


def _check_contrasts(
    spec: ExperimentSpec, summarised: set[str], points: list[dict[str, Any]]
) -> None:
    if not spec.contrasts:
        return
    if not isinstance(spec.vary, GridDesign):
        raise KeyProblem("contrasts", "contrasts compare design points of a grid or scenarios")
    if spec.replicates < 2:
        raise KeyProblem(
            "contrasts", "a paired contrast needs replicates >= 2 (its standard error)"
        )
    names = []
    for i, c in enumerate(spec.contrasts):
        key = f"contrasts[{i}]"
        chosen = [select_point(spec, points, getattr(c, side), f"{key}.{side}") for side in "ab"]
        if chosen[0] == chosen[1]:
            raise KeyProblem(key, "a and b select the same design point")
        _check_names(f"{key}.outcomes", c.outcomes, summarised)
        names.append(c.name or f"contrast_{i}")
        if names[-1] in names[:-1]:
            raise KeyProblem(f"{key}.name", f"contrast name {names[-1]!r} is used twice")


def select_point(
    spec: ExperimentSpec, points: list[dict[str, Any]], selector: dict[str, Any], key: str
) -> int:
    """The one design point a contrast selector picks; KeyProblem if none or several."""
    if not selector:
        raise KeyProblem(key, "select a design point by scenario and/or varied parameters")
    varied = varied_names(spec)
    want = {}
    for name, value in selector.items():
        if name == "scenario":
            want[name] = value
        elif name in varied:
            want[name] = _validate_values(f"{key}.{name}", {name: value})[name]
        else:
            raise KeyProblem(f"{key}.{name}", "not 'scenario' or a varied parameter")
    hits = [
        pt["point"]
        for pt in points
        if all(
            (pt["scenario"] if n == "scenario" else pt["overrides"][n]) == value
            for n, value in want.items()
        )
    ]
    if len(hits) != 1:
        raise KeyProblem(key, f"selects {len(hits)} design points; it must select exactly one")
    return hits[0]
