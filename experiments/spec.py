"""Experiment specifications: TOML files validated with pydantic and the model registry.

A spec says *what* to run, never how: a base scenario (a named preset plus flat
parameter overrides), the parameters to vary (a full-factorial grid, a list of named
scenarios, or a Morris/Sobol sampling design from SALib), replicates, a master seed,
periods, the outcomes to summarise and the plots to draw. See ``docs/experiments.md``
for the format with an example.

Validation happens in two layers, both reported as one line that names the file, the
key and the problem (``experiments/specs/x.toml: vary.grid.sanctions.fine: grid is
empty``):

1. the structure (pydantic v2, ``extra="forbid"`` so a misspelt key is an error);
2. every parameter name and value against :data:`model.REGISTRY` through
   :func:`model.params.resolve`, and every outcome name against the model's columns.

Replicate seeds come from the master seed through ``numpy.random.SeedSequence``:
``SeedSequence(master).spawn(replicates)``, one 32-bit state word per child. Replicate
``r`` has the same seed at every design point (common random numbers), so differences
between design points are not blurred by different random draws.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from model import REGISTRY, ParameterError
from model.model import _check_consistency
from model.params import resolve
from model.presets import PRESETS as _MODEL_PRESETS

#: Named starting points for the base scenario: the model's presets (shared with the
#: classroom page), e.g. ``outline_core`` (the defaults), ``no_system`` (the core
#: mechanisms off, the counterfactual of ``experiments/baseline.py``), ``outline_full``.
PRESETS: dict[str, dict[str, Any]] = _MODEL_PRESETS


class SpecError(ValueError):
    """An experiment spec that cannot be used; the message is one line."""


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


class GridDesign(_Strict):
    """Full factorial over the listed values, optionally crossed with named scenarios."""

    type: Literal["grid"]
    grid: dict[str, list[Any]]
    scenarios: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @field_validator("grid", mode="before")
    @classmethod
    def _flat_grid(cls, v: Any) -> Any:
        return _flatten(v) if isinstance(v, dict) else v

    @field_validator("scenarios", mode="before")
    @classmethod
    def _flat_scenarios(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: _flatten(s) if isinstance(s, dict) else s for k, s in v.items()}
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
    bounds: dict[str, tuple[float, float]]
    trajectories: int = Field(10, ge=2)
    levels: int = Field(4, ge=2)
    samples: int = Field(64, ge=2)
    seed: int = Field(1, ge=0)

    @field_validator("bounds", mode="before")
    @classmethod
    def _flat_bounds(cls, v: Any) -> Any:
        return _flatten(v) if isinstance(v, dict) else v


Design = Annotated[GridDesign | ScenarioDesign | SamplingDesign, Field(discriminator="type")]


class Outputs(_Strict):
    """Outcomes to summarise: mean over the last ``last_periods`` periods of each run."""

    outcomes: list[str] = Field(default_factory=lambda: ["honesty_rate", "trust_rate"])
    last_periods: int = Field(12, ge=1)


class Plot(_Strict):
    """One figure.

    Attributes:
        kind: ``timeseries`` (mean and band across replicates), ``heatmap`` (two
            varied parameters), ``bars`` (one bar per scenario or design point) or
            ``sensitivity`` (Morris mu*/sigma or Sobol S1/ST with confidence intervals).
        outcomes: Outcomes to draw (one panel each); default: the spec's outcomes.
        x: Heatmap column parameter.
        y: Heatmap row parameter.
        overlay: ``deterrence`` draws the line ``x * y = gain`` (expected fine equals
            the gain from breaking faith) on a heatmap.
        band: ``quantile`` (5-95% across replicates) or ``se`` (mean +- 2 standard errors).
        name: File name stem (default: kind plus outcome).
        facet: A varied parameter whose values get separate panels (heatmap/bars).
        x_outcomes: ``tradeoff`` only: outcomes summed on the x axis (e.g. fines plus
            rewards per subject: the money the system moves); each outcome of
            ``outcomes`` is drawn against it, one line per scenario group (the part of
            the scenario name before ``:``).

    """

    kind: Literal["timeseries", "heatmap", "bars", "sensitivity", "tradeoff"]
    outcomes: list[str] = Field(default_factory=list)
    x_outcomes: list[str] = Field(default_factory=list)
    x: str | None = None
    y: str | None = None
    overlay: Literal["deterrence"] | None = None
    band: Literal["quantile", "se"] = "quantile"
    name: str | None = None
    facet: str | None = None


class ExperimentSpec(_Strict):
    """A whole experiment spec (the TOML file)."""

    name: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    title: str = ""
    description: str = ""
    preset: str | None = None
    base: dict[str, Any] = Field(default_factory=dict)
    vary: Design | None = None
    replicates: int = Field(ge=1)
    master_seed: int = Field(ge=0)
    periods: int = Field(ge=1)
    outputs: Outputs = Field(default_factory=Outputs)
    plots: list[Plot] = Field(default_factory=list)

    @field_validator("base", mode="before")
    @classmethod
    def _flat_base(cls, v: Any) -> Any:
        return _flatten(v) if isinstance(v, dict) else v


def _loc(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """Turn a pydantic error location into a dotted key, dropping union tags."""
    parts = [str(p) for p in loc]
    # discriminated unions insert the tag ("grid") after "vary"; drop it when it is
    # the design's type and not a key the user wrote
    vary = data.get("vary") if isinstance(data.get("vary"), dict) else {}
    if len(parts) >= 2 and parts[0] == "vary" and parts[1] == str(vary.get("type")):
        parts.pop(1)
    return ".".join(parts)


def _problem(err: dict[str, Any]) -> str:
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key is missing"
    return msg[0].lower() + msg[1:] if msg else msg


def _registry_checks(spec: ExperimentSpec) -> None:
    """Validate parameter names/values and outcome names; raise ``(key, problem)``."""
    if spec.preset is not None and spec.preset not in PRESETS:
        raise _KeyProblem("preset", f"unknown preset {spec.preset!r}; one of {sorted(PRESETS)}")
    base = base_parameters(spec)
    _check(("base",), base)
    v = spec.vary
    if isinstance(v, GridDesign):
        for name, values in v.grid.items():
            key = f"vary.grid.{name}"
            if not values:
                raise _KeyProblem(key, "grid is empty")
            if len(set(map(repr, values))) != len(values):
                raise _KeyProblem(key, "grid has repeated values")
            for value in values:
                _check((key,), {**base, name: value}, name)
        for sname, overrides in v.scenarios.items():
            _check((f"vary.scenarios.{sname}",), {**base, **overrides})
        if isinstance(v, ScenarioDesign) and not v.scenarios:
            raise _KeyProblem("vary.scenarios", "no scenarios given")
        if not v.grid and not v.scenarios:
            raise _KeyProblem("vary.grid", "grid is empty")
        overlap = set(v.grid) & {k for s in v.scenarios.values() for k in s}
        if overlap:
            raise _KeyProblem("vary", f"set both in grid and scenarios: {sorted(overlap)}")
    elif isinstance(v, SamplingDesign):
        if not v.bounds:
            raise _KeyProblem("vary.bounds", "no parameters to sample")
        for name, (lo, hi) in v.bounds.items():
            key = f"vary.bounds.{name}"
            if name not in REGISTRY:
                _check((key,), {**base, name: lo}, name)
            spec_ = REGISTRY[name]
            if spec_.kind not in (int, float):
                raise _KeyProblem(key, f"only numeric parameters can be sampled, not {spec_.kind}")
            if not lo < hi:
                raise _KeyProblem(key, f"lower bound {lo} must be below upper bound {hi}")
            _check((key,), {**base, name: _typed(name, lo)}, name)
            _check((key,), {**base, name: _typed(name, hi)}, name)
        if v.type == "sobol" and (v.samples & (v.samples - 1)):
            raise _KeyProblem("vary.samples", f"must be a power of two, got {v.samples}")
    known = set(outcome_columns())
    for i, name in enumerate(spec.outputs.outcomes):
        if name not in known:
            raise _KeyProblem(f"outputs.outcomes[{i}]", f"unknown outcome {name!r}")
    varied = set(varied_names(spec))
    summarised = set(spec.outputs.outcomes)
    for i, p in enumerate(spec.plots):
        for field in ("outcomes", "x_outcomes"):
            for j, name in enumerate(getattr(p, field)):
                if name not in known:
                    raise _KeyProblem(f"plots[{i}].{field}[{j}]", f"unknown outcome {name!r}")
                if p.kind != "timeseries" and name not in summarised:
                    raise _KeyProblem(
                        f"plots[{i}].{field}[{j}]",
                        f"{name!r} is not summarised: add it to outputs.outcomes",
                    )
        if p.kind == "tradeoff" and not p.x_outcomes:
            raise _KeyProblem(f"plots[{i}].x_outcomes", "a tradeoff plot needs x_outcomes")
        if p.kind == "heatmap":
            for axis in ("x", "y"):
                if getattr(p, axis) not in varied:
                    raise _KeyProblem(
                        f"plots[{i}].{axis}",
                        f"a heatmap axis must be a varied parameter, got {getattr(p, axis)!r}",
                    )
        if p.facet is not None and p.facet not in varied:
            raise _KeyProblem(f"plots[{i}].facet", f"not a varied parameter: {p.facet!r}")
        if p.kind == "sensitivity" and not isinstance(v, SamplingDesign):
            raise _KeyProblem(f"plots[{i}].kind", "sensitivity plots need a morris/sobol design")


class _KeyProblem(Exception):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(key, problem)
        self.key, self.problem = key, problem


def _typed(name: str, value: float) -> Any:
    return int(round(value)) if REGISTRY[name].kind is int else float(value)


def _check(key: tuple[str, ...], params: dict[str, Any], name: str | None = None) -> None:
    where = key[0] + (f".{name}" if name and not key[0].endswith(name) else "")
    try:
        values = resolve(params, REGISTRY)
        _check_consistency(values)
    except ParameterError as exc:
        raise _KeyProblem(where, str(exc)) from None


@cache
def outcome_columns() -> tuple[str, ...]:
    """The model's outcome column names (from a tiny model, all mechanisms reporting)."""
    from model import CreditSystemModel

    return tuple(CreditSystemModel(rng=0, n_subjects=20, **{"interaction.degree": 2}).columns())


def load_spec(path: str | Path) -> ExperimentSpec:
    """Read and validate a spec file.

    Args:
        path: The TOML file.

    Returns:
        The validated spec.

    Raises:
        SpecError: One line naming the file, the key and the problem.

    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise SpecError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SpecError(f"{path}: is a directory, not a spec file") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from None
    return parse_spec(data, str(path))


def parse_spec(data: dict[str, Any], source: str = "<spec>") -> ExperimentSpec:
    """Validate a spec given as a dictionary (the parsed TOML)."""
    try:
        spec = ExperimentSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise SpecError(f"{source}: {_loc(err['loc'], data)}: {_problem(err)}{more}") from None
    try:
        _registry_checks(spec)
    except _KeyProblem as exc:
        raise SpecError(f"{source}: {exc.key}: {exc.problem}") from None
    return spec


def spec_hash(spec: ExperimentSpec) -> str:
    """SHA-256 of the spec's canonical JSON (key order and TOML layout do not matter)."""
    text = json.dumps(spec.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def base_parameters(spec: ExperimentSpec) -> dict[str, Any]:
    """The base scenario's overrides: the preset, then the spec's ``base`` table."""
    return {**PRESETS.get(spec.preset or "", {}), **spec.base}


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
    names = [k for s in v.scenarios.values() for k in s]
    names += list(v.grid)
    return list(dict.fromkeys(names))


def design_points(spec: ExperimentSpec) -> list[dict[str, Any]]:
    """The design points: each a dict with ``point``, ``scenario`` and ``overrides``.

    ``overrides`` holds the value of every varied parameter at the point (resolved
    against the base, so a scenario that leaves a varied parameter alone shows the
    base or default value).
    """
    v = spec.vary
    base = base_parameters(spec)
    names = varied_names(spec)
    raw: list[tuple[str, dict[str, Any]]] = []
    if v is None:
        raw = [("base", {})]
    elif isinstance(v, SamplingDesign):
        raw = [("sample", dict(zip(names, row, strict=True))) for row in sample_matrix(spec)]
    else:
        scen = v.scenarios or {"base": {}}
        combos = list(itertools.product(*v.grid.values())) if v.grid else [()]
        for sname, overrides in scen.items():
            for combo in combos:
                raw.append((sname, {**overrides, **dict(zip(v.grid, combo, strict=True))}))
    points = []
    for i, (scenario, over) in enumerate(raw):
        full = resolve({**base, **over}, REGISTRY)
        points.append(
            {
                "point": i,
                "scenario": scenario,
                "overrides": {n: full[n] for n in names},
            }
        )
    return points


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
    return [[_typed(n, x) for n, x in zip(names, row, strict=True)] for row in sp.samples]


def expand_runs(spec: ExperimentSpec) -> list[dict[str, Any]]:
    """Every run of the spec: design point x replicate, with its seed and parameters.

    Returns:
        Run configurations (JSON-ready dicts) with ``run_id``, ``point``,
        ``scenario``, ``replicate``, ``seed``, ``periods``, ``overrides`` (the varied
        parameters) and ``params`` (base plus varied overrides: what the model gets).

    """
    seeds = replicate_seeds(spec.master_seed, spec.replicates)
    base = base_parameters(spec)
    points = design_points(spec)
    width = max(4, len(str(len(points) - 1)))
    runs = []
    for p in points:
        for rep, seed in enumerate(seeds):
            runs.append(
                {
                    "run_id": f"p{p['point']:0{width}d}-r{rep:02d}",
                    "point": p["point"],
                    "scenario": p["scenario"],
                    "replicate": rep,
                    "seed": seed,
                    "periods": spec.periods,
                    "overrides": p["overrides"],
                    "params": {**base, **p["overrides"]},
                }
            )
    return runs
