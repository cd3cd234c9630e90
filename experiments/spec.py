"""Experiment specifications: TOML files validated with pydantic and the model registry.

A spec says *what* to run, never how: a base scenario (a named preset plus flat
parameter overrides), the parameters to vary (a full-factorial grid, a list of named
scenarios, each optionally starting from its own preset, or a Morris/Sobol sampling
design from SALib), scheduled changes over periods (``[[schedule]]``, for every point
and per scenario), replicates, a master seed, periods, the outcomes to summarise (model
columns and derived expressions), paired contrasts and the plots to draw. See
``docs/experiments.md`` for the format.

Validation happens before any run, and each problem is one line that names the file,
the key and what is allowed (``experiments/specs/x.toml: vary.grid.sanctions.fine:
grid is empty``):

1. the structure (pydantic v2, ``extra="forbid"`` so a misspelt key is an error;
   integers are strict, so ``replicates = true`` is refused);
2. the size of the design against stated maxima (:data:`MAX_RUNS` and the others),
   computed arithmetically before anything is expanded;
3. every parameter name and value against :data:`model.REGISTRY`, then *every design
   point* (grid x scenarios, or every sampled row) with the model's own cross-parameter
   checks, so a combination that is only invalid together cannot stop a sweep midway;
4. outcomes, derived expressions, plots and contrasts (:mod:`experiments.validate`).

Replicate seeds come from the master seed through ``numpy.random.SeedSequence``:
``SeedSequence(master).spawn(replicates)``, one 32-bit state word per child. Replicate
``r`` has the same seed at every design point (common random numbers), so differences
between design points are not blurred by different random draws.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator

from experiments.specfile import SpecError, read_toml
from model import REGISTRY
from model.params import resolve
from model.presets import PRESETS as _MODEL_PRESETS

#: Named starting points for the base scenario: the model's presets (shared with the
#: classroom page), e.g. ``outline_core`` (the defaults), ``no_system`` (the core
#: mechanisms off, the counterfactual of ``experiments/baseline.py``), ``outline_full``.
PRESETS: dict[str, dict[str, Any]] = _MODEL_PRESETS

#: Most runs (design points x replicates) a spec may ask for unless the caller raises
#: it (``--max-runs``): 100,000 runs keep the run list and the manifest in memory
#: comfortably; the largest canonical experiment (Sobol) has 12,288.
MAX_RUNS = 100_000
MAX_REPLICATES = 10_000
MAX_PERIODS = 100_000
#: Periods a run's summary averages unless ``outputs.last_periods`` says otherwise.
DEFAULT_LAST_PERIODS = 12
#: Morris grid levels.
MAX_LEVELS = 1_000
#: SALib seeds numpy's legacy global generator, which takes 32-bit seeds.
MAX_SAMPLER_SEED = 2**32 - 1
#: Columns that identify a run or a period (not outcomes, not parameters).
ID_COLUMNS = ("run_id", "point", "scenario", "replicate", "seed", "period")
#: Keys of a scenario table that are not parameters: the model preset it starts from and
#: its own scheduled changes (``[[vary.scenarios."name".schedule]]``).
SCENARIO_KEYS = ("preset", "schedule")

StrictInt = Annotated[int, Strict()]
StrictNumber = Annotated[float, Strict()]  # int or float; not bool, not str
#: A file stem or contrast name: letters, digits, ``_`` and ``-``; no path separators.
SAFE_NAME = r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,99}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten TOML tables into flat parameter names.

    ``[base.sanctions] fine = 3`` and ``"sanctions.fine" = 3`` both become
    ``{"sanctions.fine": 3}``; names have at most one dot, so this is unambiguous.
    """
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out.update(_flatten(value, name))
        else:
            out[name] = value
    return out


def _flat(v: Any) -> Any:
    return _flatten(v) if isinstance(v, dict) else v


class GridDesign(_Strict):
    """Full factorial over the listed values, optionally crossed with named scenarios."""

    type: Literal["grid"]
    grid: dict[str, list[Any]]
    scenarios: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @field_validator("grid", mode="before")
    @classmethod
    def _flat_grid(cls, v: Any) -> Any:
        return _flat(v)

    @field_validator("scenarios", mode="before")
    @classmethod
    def _flat_scenarios(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: _flat(s) for k, s in v.items()}
        return v


class ScenarioDesign(GridDesign):
    """Named scenarios (each a set of overrides), optionally crossed with a grid."""

    type: Literal["scenarios"]  # type: ignore[assignment]
    grid: dict[str, list[Any]] = Field(default_factory=dict)
    scenarios: dict[str, dict[str, Any]]


class SamplingDesign(_Strict):
    """A SALib sampling design over parameter bounds (Morris screening or Sobol indices).

    Attributes:
        type: ``morris`` (elementary effects, ``trajectories * (D + 1)`` points) or
            ``sobol`` (Saltelli sampling, ``samples * (D + 2)`` points without second
            order indices).
        bounds: Lower and upper bound of each parameter (integer parameters are
            rounded to the nearest integer after sampling).
        trajectories: Morris trajectories ``r``.
        levels: Morris grid levels.
        samples: Sobol base sample size ``N`` (a power of two).
        seed: Seed of the sampler and of the bootstrap confidence intervals.

    """

    type: Literal["morris", "sobol"]
    bounds: dict[str, tuple[StrictNumber, StrictNumber]]
    trajectories: StrictInt = Field(10, ge=2)
    levels: StrictInt = Field(4, ge=2, le=MAX_LEVELS)
    samples: StrictInt = Field(64, ge=2)
    seed: StrictInt = Field(1, ge=0, le=MAX_SAMPLER_SEED)

    @field_validator("bounds", mode="before")
    @classmethod
    def _flat_bounds(cls, v: Any) -> Any:
        return _flat(v)


Design = Annotated[GridDesign | ScenarioDesign | SamplingDesign, Field(discriminator="type")]


class Outputs(_Strict):
    """What to summarise: each run's mean over its last ``last_periods`` periods.

    Attributes:
        outcomes: Summarised columns: model outcomes or names of ``derived``.
        last_periods: Periods at the end of each run that its summary averages
            (default: the last 12, or every period of a shorter run); more than the
            spec's ``periods`` is an error.
        derived: New columns computed per period from outcome columns, in order
            (:mod:`experiments.derived`), e.g. ``{"x": "blacklisted_share * 2"}``.

    """

    outcomes: list[str] = Field(
        default_factory=lambda: ["honesty_rate", "trust_rate"], min_length=1
    )
    last_periods: StrictInt | None = Field(None, ge=1)
    derived: dict[str, str] = Field(default_factory=dict)


class Contrast(_Strict):
    """A paired comparison of two design points over replicates that share seeds.

    Attributes:
        a: The first design point, selected by ``scenario`` and/or values of varied
            parameters (``{scenario = "stick: fine 4"}``, ``{"sanctions.fine" = 4.0}``).
        b: The second design point (the difference is ``a - b``).
        name: Label in ``contrasts.csv`` (default ``contrast_<i>``).
        outcomes: Outcomes compared (default: every summarised outcome).

    """

    a: dict[str, Any]
    b: dict[str, Any]
    name: str | None = Field(None, pattern=SAFE_NAME)
    outcomes: list[str] = Field(default_factory=list)

    @field_validator("a", "b", mode="before")
    @classmethod
    def _flat_selector(cls, v: Any) -> Any:
        return _flat(v)


class Plot(_Strict):
    """One figure.

    Attributes:
        kind: ``timeseries`` (mean and band across replicates), ``heatmap`` (two
            varied parameters), ``bars`` (one bar per design point), ``tradeoff``
            (outcomes against the sum of ``x_outcomes``) or ``sensitivity`` (Morris
            mu*/sigma or Sobol S1/ST with confidence intervals).
        outcomes: Outcomes to draw (one panel each); default: the spec's outcomes.
        x: Heatmap column parameter.
        y: Heatmap row parameter.
        overlay: ``deterrence`` draws the line ``x * y = gain`` (expected fine equals
            the gain from breaking faith) on a heatmap.
        band: Timeseries band: ``quantile`` (5-95% of replicates) or ``ci`` (t-based
            95% confidence interval of the mean).
        name: File name stem (default: kind and position, ``heatmap_0``).
        facet: ``heatmap`` and ``bars``: a varied parameter (or ``scenario``) whose
            values get separate panels, on one shared scale.
        by: ``tradeoff``: a varied parameter (or ``scenario``) with one line per
            value; without it, one line per scenario group (the scenario name before
            ``:``).
        x_outcomes: ``tradeoff`` only: outcomes summed on the x axis (e.g. fines plus
            rewards per subject: the money the system moves).

    """

    kind: Literal["timeseries", "heatmap", "bars", "sensitivity", "tradeoff"]
    outcomes: list[str] = Field(default_factory=list)
    x_outcomes: list[str] = Field(default_factory=list)
    x: str | None = None
    y: str | None = None
    overlay: Literal["deterrence"] | None = None
    band: Literal["quantile", "ci"] | None = None
    name: str | None = Field(None, pattern=SAFE_NAME)
    facet: str | None = None
    by: str | None = None

    def stem(self, index: int) -> str:
        """The figure's file name stem."""
        return self.name or f"{self.kind}_{index}"


class ExperimentSpec(_Strict):
    """A whole experiment spec (the TOML file)."""

    name: str = Field(pattern=SAFE_NAME)
    title: str = ""
    description: str = ""
    preset: str | None = None
    base: dict[str, Any] = Field(default_factory=dict)
    vary: Design | None = None
    replicates: StrictInt = Field(ge=1, le=MAX_REPLICATES)
    master_seed: StrictInt = Field(ge=0)
    periods: StrictInt = Field(ge=1, le=MAX_PERIODS)
    outputs: Outputs = Field(default_factory=Outputs)
    plots: list[Plot] = Field(default_factory=list)
    contrasts: list[Contrast] = Field(default_factory=list)
    schedule: list[dict[str, Any]] = Field(default_factory=list)

    @field_validator("base", mode="before")
    @classmethod
    def _flat_base(cls, v: Any) -> Any:
        return _flat(v)

    @property
    def last_periods(self) -> int:
        """Periods each run's summary averages (``outputs.last_periods`` or its default)."""
        return self.outputs.last_periods or min(DEFAULT_LAST_PERIODS, self.periods)


def _loc(loc: tuple[Any, ...], data: Any) -> str:
    """Turn a pydantic error location into a dotted key, dropping union tags."""
    parts = [str(p) for p in loc]
    # discriminated unions insert the tag ("grid") after "vary"; drop it when it is
    # the design's type and not a key the user wrote
    vary = data.get("vary") if isinstance(data, dict) else None
    tag = vary.get("type") if isinstance(vary, dict) else None
    if len(parts) >= 2 and parts[0] == "vary" and parts[1] == str(tag):
        parts.pop(1)
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out or "(top level)"


def _toml(value: Any) -> str:
    """A value as the user wrote it in TOML (true, not True), shortened."""
    text = json.dumps(value, default=str) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(err: dict[str, Any]) -> str:
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key is missing"
    if err["type"] == "string_pattern_mismatch":
        return (
            f"must be 1-100 letters, digits, '_' or '-' (starting with a letter or digit), "
            f"got {_toml(err['input'])}"
        )
    msg = msg[0].lower() + msg[1:] if msg else msg
    if "input" in err and not isinstance(err["input"], dict | list):
        msg += f", got {_toml(err['input'])}"
    return msg


def load_spec(path: str | Path, *, max_runs: int | None = MAX_RUNS) -> ExperimentSpec:
    """Read and validate a spec file.

    Args:
        path: The TOML file.
        max_runs: Largest design accepted (None: no limit, for specs already run).

    Returns:
        The validated spec.

    Raises:
        SpecError: One line naming the file, the key and the problem.

    """
    if not isinstance(path, str | Path):
        raise SpecError(f"a spec must be a path or an ExperimentSpec, got {type(path).__name__}")
    path = Path(path)
    return parse_spec(read_toml(path), str(path), max_runs=max_runs)


def parse_spec(
    data: dict[str, Any], source: str = "<spec>", *, max_runs: int | None = MAX_RUNS
) -> ExperimentSpec:
    """Validate a spec given as a dictionary (the parsed TOML).

    Args:
        data: The spec's tables.
        source: Where it came from, for messages (a file name).
        max_runs: Largest design accepted (None: no limit).

    Raises:
        SpecError: One line naming the source, the key and the problem.

    """
    from experiments.validate import KeyProblem, check_spec

    if not isinstance(data, dict):
        raise SpecError(f"{source}: a spec is a table of keys, got {type(data).__name__}")
    try:
        spec = ExperimentSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise SpecError(f"{source}: {_loc(err['loc'], data)}: {_problem(err)}{more}") from None
    try:
        check_spec(spec, max_runs)
    except KeyProblem as exc:
        raise SpecError(f"{source}: {exc.key}: {exc.problem}") from None
    return spec


def spec_hash(spec: ExperimentSpec) -> str:
    """SHA-256 of the spec's canonical JSON (key order and TOML layout do not matter)."""
    text = json.dumps(spec.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def base_parameters(spec: ExperimentSpec) -> dict[str, Any]:
    """The base scenario's overrides: the preset, then the spec's ``base`` table."""
    return {**PRESETS.get(spec.preset or "", {}), **spec.base}


def scenario_table(spec: ExperimentSpec, scenario: str) -> dict[str, Any]:
    """A scenario's table as written (empty for ``base`` and sampled points)."""
    v = spec.vary
    return v.scenarios.get(scenario, {}) if isinstance(v, GridDesign) else {}


def scenario_overrides(table: dict[str, Any]) -> dict[str, Any]:
    """A scenario's parameter overrides: its table without ``preset`` and ``schedule``."""
    return {k: v for k, v in table.items() if k not in SCENARIO_KEYS}


def point_preset(spec: ExperimentSpec, scenario: str) -> str | None:
    """The preset a design point starts from: its scenario's, else the spec's."""
    return scenario_table(spec, scenario).get("preset") or spec.preset


def point_base(spec: ExperimentSpec, scenario: str) -> dict[str, Any]:
    """A design point's base: its preset (the scenario's replaces the spec's), then ``base``."""
    return {**PRESETS.get(point_preset(spec, scenario) or "", {}), **spec.base}


def model_schedule(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Spec schedule entries in the form the model takes (``span`` becomes ``end``).

    A ramp written with ``span = S`` ends at ``start + S``; everything else is passed on
    as written (:mod:`model.interventions` validates it).
    """
    out = []
    for entry in entries:
        change = {k: v for k, v in entry.items() if k != "span"}
        if "span" in entry and "end" not in entry:
            span, start = entry["span"], entry.get("start")
            ints = all(isinstance(x, int) and not isinstance(x, bool) for x in (span, start))
            change["end"] = start + span if ints else span
        out.append(change)
    return out


def point_schedule(spec: ExperimentSpec, scenario: str) -> list[dict[str, Any]]:
    """A design point's schedule in the model's form: the spec's, then its scenario's."""
    own = scenario_table(spec, scenario).get("schedule") or []
    return model_schedule([*spec.schedule, *own])


def replicate_seeds(master: int, n: int) -> list[int]:
    """Replicate seeds derived from the master seed (``SeedSequence(master).spawn(n)``)."""
    children = np.random.SeedSequence(master).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def varied_names(spec: ExperimentSpec) -> list[str]:
    """Parameters that differ between design points, in a fixed order."""
    v = spec.vary
    if v is None:
        return []
    if isinstance(v, SamplingDesign):
        return list(v.bounds)
    names = [k for s in v.scenarios.values() for k in scenario_overrides(s)]
    presets = [s["preset"] for s in v.scenarios.values() if isinstance(s.get("preset"), str)]
    if presets:  # points start from different presets: each preset's names differ
        for name in [spec.preset, *presets]:
            names += list(PRESETS.get(name or "", {}))
    names += list(v.grid)
    return list(dict.fromkeys(names))


def n_points(spec: ExperimentSpec) -> int:
    """Number of design points, computed without expanding the design."""
    v = spec.vary
    if v is None:
        return 1
    if isinstance(v, SamplingDesign):
        d = len(v.bounds)
        return v.trajectories * (d + 1) if v.type == "morris" else v.samples * (d + 2)
    combos = math.prod(len(values) for values in v.grid.values())
    return max(1, len(v.scenarios)) * combos


def raw_points(spec: ExperimentSpec) -> list[tuple[str, dict[str, Any]]]:
    """The design points as ``(scenario, overrides)`` before the registry resolves them."""
    v = spec.vary
    if v is None:
        return [("base", {})]
    if isinstance(v, SamplingDesign):
        names = list(v.bounds)
        return [("sample", dict(zip(names, row, strict=True))) for row in sample_matrix(spec)]
    raw = []
    scen = v.scenarios or {"base": {}}
    combos = list(itertools.product(*v.grid.values())) if v.grid else [()]
    for sname, table in scen.items():
        overrides = scenario_overrides(table)
        for combo in combos:
            raw.append((sname, {**overrides, **dict(zip(v.grid, combo, strict=True))}))
    return raw


def design_points(spec: ExperimentSpec) -> list[dict[str, Any]]:
    """The design points: each a dict with ``point``, ``scenario`` and ``overrides``.

    ``overrides`` holds the value of every varied parameter at the point (resolved
    against the point's base, so a scenario that leaves a varied parameter alone shows
    the base or default value); ``params`` what the model gets: the point's base (its
    preset and the spec's ``base``) and the values the point sets, typed (not the
    defaults of parameters other points vary: a default of a switched-off mechanism's
    parameter would be refused as a value that cannot act); ``schedule`` its scheduled
    changes in the model's form (empty if none).
    """
    names = varied_names(spec)
    points = []
    for i, (scenario, over) in enumerate(raw_points(spec)):
        base = point_base(spec, scenario)
        full = resolve({**base, **over}, REGISTRY)
        points.append(
            {
                "point": i,
                "scenario": scenario,
                "overrides": {n: full[n] for n in names},
                "params": {**base, **{n: full[n] for n in over}},
                "schedule": point_schedule(spec, scenario),
            }
        )
    return points


def point_label(point: dict[str, Any], spec: ExperimentSpec) -> str:
    """A design point in words: its scenario (if any) and its grid values."""
    v = spec.vary
    parts = []
    if isinstance(v, GridDesign) and v.scenarios:
        parts.append(f"scenario {point['scenario']!r}")
    grid = list(v.grid) if isinstance(v, GridDesign) else list(point["overrides"])
    parts += [f"{n}={point['overrides'][n]!r}" for n in grid if n in point["overrides"]]
    return ", ".join(parts) or "base"


@cache
def outcome_columns() -> tuple[str, ...]:
    """The model's outcome column names (from a tiny model, all mechanisms reporting)."""
    from model import CreditSystemModel

    return tuple(CreditSystemModel(rng=0, n_subjects=20, **{"interaction.degree": 2}).columns())


def salib_problem(spec: ExperimentSpec) -> Any:
    """The SALib ``ProblemSpec`` of a sampling design."""
    from SALib import ProblemSpec

    v = spec.vary
    assert isinstance(v, SamplingDesign)
    return ProblemSpec(
        {
            "num_vars": len(v.bounds),
            "names": list(v.bounds),
            "bounds": [list(b) for b in v.bounds.values()],
        }
    )


def typed(name: str, value: float) -> Any:
    """A sampled value in the parameter's type: integers are rounded."""
    return int(round(value)) if REGISTRY[name].kind is int else float(value)


def sample_matrix(spec: ExperimentSpec) -> list[list[Any]]:
    """The sampled parameter values (rows = points), typed per the registry."""
    v = spec.vary
    assert isinstance(v, SamplingDesign)
    sp = salib_problem(spec)
    if v.type == "morris":
        sp.sample_morris(v.trajectories, num_levels=v.levels, seed=v.seed)
    else:
        sp.sample_sobol(v.samples, calc_second_order=False, seed=v.seed)
    names = list(v.bounds)
    return [[typed(n, x) for n, x in zip(names, row, strict=True)] for row in sp.samples]


def expand_runs(spec: ExperimentSpec) -> list[dict[str, Any]]:
    """Every run of the spec: design point x replicate, with its seed and parameters.

    Returns:
        Run configurations (JSON-ready dicts) with ``run_id``, ``point``,
        ``scenario``, ``replicate``, ``seed``, ``periods``, ``overrides`` (the varied
        parameters), ``params`` (the point's base plus what the point sets: what the
        model gets) and, if the point has scheduled changes, ``schedule`` (the model's
        ``schedule=`` argument; part of the run's fingerprint).

    """
    seeds = replicate_seeds(spec.master_seed, spec.replicates)
    points = design_points(spec)
    width = max(4, len(str(len(points) - 1)))
    runs = []
    for p in points:
        for rep, seed in enumerate(seeds):
            run = {
                "run_id": f"p{p['point']:0{width}d}-r{rep:02d}",
                "point": p["point"],
                "scenario": p["scenario"],
                "replicate": rep,
                "seed": seed,
                "periods": spec.periods,
                "overrides": p["overrides"],
                "params": p["params"],
            }
            if p["schedule"]:  # absent when empty: runs without one keep their fingerprint
                run["schedule"] = p["schedule"]
            runs.append(run)
    return runs
