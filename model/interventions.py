"""Policy over time: scheduled changes of parameters, and what a change may touch.

A schedule is a list of changes, each one of

* ``{"parameter": name, "period": P, "value": v}``: from period ``P`` on (1-based, the
  ``period`` column of the outcome table) the parameter has the value ``v``;
* ``{"parameter": name, "start": A, "end": B, "from": x, "to": y}``: a ramp, the value
  moving linearly from ``x`` in period ``A`` to ``y`` in period ``B`` (integers rounded),
  one change per period; numbers only.

Switching a mechanism on or off is a change of its ``enabled`` parameter. Every change
is validated like the constructor's values before the model is built (unknown names,
types, ranges, combinations, and parameters that cannot act: those that only act at
set-up, and those of a mechanism that is switched off when the change takes effect and
is never switched on afterwards). A change takes effect at the start of its period,
before anything else happens in it (``CreditSystemModel.step``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from model.params import ParameterError, Spec, unknown_name_error

#: Keys of a step change and of a ramp.
STEP_KEYS = frozenset({"parameter", "period", "value"})
RAMP_KEYS = frozenset({"parameter", "start", "end", "from", "to"})


def _period(entry: Mapping[str, Any], key: str, where: str) -> int:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterError(f"{where}: '{key}' must be a period number >= 1, got {value!r}.")
    return value


def expand(
    schedule: Iterable[Mapping[str, Any]] | None, registry: Mapping[str, Spec]
) -> dict[int, dict[str, Any]]:
    """Validate a schedule and expand ramps: period -> {parameter: value}.

    Args:
        schedule: The changes (see the module docstring), or None.
        registry: The model's parameter registry.

    Returns:
        The changes by period (1-based), each value validated and typed.

    Raises:
        ParameterError: For a malformed entry, an unknown or set-up-only parameter, an
            invalid value, or two changes of one parameter in one period.

    """
    out: dict[int, dict[str, Any]] = {}
    if schedule is None:
        return out
    if isinstance(schedule, Mapping | str) or not isinstance(schedule, Iterable):
        raise ParameterError("schedule must be a list of changes (dicts), got a single value.")
    for i, entry in enumerate(schedule):
        where = f"schedule[{i}]"
        if not isinstance(entry, Mapping):
            raise ParameterError(f"{where}: a change must be a table/dict, got {entry!r}.")
        keys = set(entry)
        name = entry.get("parameter")
        if not isinstance(name, str):
            raise ParameterError(f"{where}: 'parameter' must name a parameter, got {name!r}.")
        if name not in registry:
            raise ParameterError(f"{where}: {unknown_name_error(name, list(registry))}")
        spec = registry[name]
        if spec.setup_only:
            raise ParameterError(
                f"{where}: '{name}' acts only when the model is set up and cannot be scheduled."
            )
        if keys == STEP_KEYS:
            changes = {_period(entry, "period", where): spec.validate(entry["value"])}
        elif keys == RAMP_KEYS:
            if spec.kind not in (int, float):
                raise ParameterError(f"{where}: '{name}' is not a number and cannot be ramped.")
            a, b = _period(entry, "start", where), _period(entry, "end", where)
            if b <= a:
                raise ParameterError(f"{where}: 'end' ({b}) must be after 'start' ({a}).")
            x, y = spec.validate(entry["from"]), spec.validate(entry["to"])
            changes = {}
            for period in range(a, b + 1):
                v = x + (y - x) * (period - a) / (b - a)
                changes[period] = spec.validate(round(v) if spec.kind is int else v)
        else:
            raise ParameterError(
                f"{where}: a change has keys {sorted(STEP_KEYS)} or, for a ramp, "
                f"{sorted(RAMP_KEYS)}; got {sorted(keys)}."
            )
        for period, value in changes.items():
            at = out.setdefault(period, {})
            if name in at:
                raise ParameterError(f"{where}: '{name}' is changed twice in period {period}.")
            at[name] = value
    return dict(sorted(out.items()))


def switch_of(name: str) -> str | None:
    """The switch that decides whether parameter ``name`` can act (None: always)."""
    group = name.split(".", 1)[0] if "." in name else ""
    if not group or name == f"{group}.enabled":
        return None
    return f"{group}.enabled"


def inactive_problem(
    name: str,
    values: Mapping[str, Any],
    registry: Mapping[str, Spec],
    later: Mapping[int, Mapping[str, Any]] | None = None,
) -> str | None:
    """Why setting ``name`` cannot act under ``values``, or None if it can.

    A parameter of a switched-off mechanism cannot act, unless a later scheduled change
    switches the mechanism on; nor can one outside the mode it needs (its ``acts_if``:
    the learned-belief parameters under rational expectations, the spread of awareness
    when everyone is aware), unless a later change sets that mode; the phase-in schedule
    overrides the static sharing level and coverage.

    Args:
        name: The parameter set.
        values: Every parameter's value when the setting takes effect.
        registry: The parameter registry.
        later: Scheduled changes after the setting (period -> changes).

    """
    switch = switch_of(name)
    if switch is not None and switch in registry and values.get(switch) is False:
        turned_on = any(c.get(switch) is True for c in (later or {}).values())
        if not turned_on:
            return (
                f"Parameter '{name}' cannot act: its mechanism is switched off "
                f"('{switch}' = false). Switch it on, or pass allow_inactive=True to keep it."
            )
    spec = registry.get(name)
    condition = spec.acts_if if spec is not None else None
    if condition is not None:
        # a mode of its own mechanism it needs (learned beliefs, someone unaware, ...)
        other, words, holds = condition
        value = values.get(other, registry[other].default)
        if not holds(value) and not any(
            other in c and holds(c[other]) for c in (later or {}).values()
        ):
            if registry[other].setup_only:  # no running model can change it
                hint = f"Build the model with '{other}' so, or with allow_inactive=True."
            else:
                hint = f"Set '{other}' so, or pass allow_inactive=True to keep it."
            return (
                f"Parameter '{name}' cannot act: it acts only when '{other}' is {words} "
                f"(it is {value!r}). {hint}"
            )
    if values.get("phase_in.enabled") and name in ("sharing.level", "records.coverage"):
        return (
            f"Parameter '{name}' cannot act: the phase-in schedule ('phase_in.enabled' = true) "
            "sets it every period. Set phase_in.start_*/end_* instead, or pass "
            "allow_inactive=True."
        )
    return None
