"""Flat, validated parameter names.

Every mechanism declares its parameters as a frozen dataclass whose fields are made
with :func:`param`: a default, a unit, a valid range (or a list of choices), a one-line
meaning and the Outline clause it abstracts. This module turns those dataclasses into
one registry of flat names (``"sanctions.fine"``) used everywhere: the model's
constructor, the command line, experiment specs, the classroom page and sensitivity
analysis. An unknown name, a value of the wrong type or a value out of range raises
:class:`ParameterError` with one message that names the parameter and what is allowed.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class ParameterError(ValueError):
    """A parameter name or value that the model does not accept."""


@dataclass(frozen=True)
class Spec:
    """Documentation and validation data of one parameter.

    Attributes:
        name: Flat name, e.g. ``"sanctions.fine"``.
        default: Default value.
        kind: Python type of the value (bool, int, float or str).
        unit: Unit of the value ("payoff units", "periods", "probability", ...).
        low: Lowest valid value (numbers only).
        high: Highest valid value (numbers only).
        choices: Valid values (strings only).
        doc: One-line meaning.
        clause: The Outline clause the parameter abstracts, or the source of its default.
        setup_only: The parameter acts only when the model (or its mechanism) is set up
            (population, network, initial draws); changing it in a running model is an
            error.
        acts_if: None, or ``(other, words, test)``: the parameter can act only while
            ``test(value of other)`` holds (e.g. the learned-belief parameters only with
            ``decision.beliefs`` set to ``'learned'``); ``words`` says so in an error message.
            Setting it where it cannot act is an error, as for a switched-off mechanism
            (``model.interventions.inactive_problem``).

    """

    name: str
    default: Any
    kind: type
    unit: str
    low: float | None
    high: float | None
    choices: tuple[str, ...] | None
    doc: str
    clause: str
    setup_only: bool = False
    acts_if: tuple[str, str, Callable[[Any], bool]] | None = None

    @property
    def group(self) -> str:
        """The mechanism the parameter belongs to ("" for the world parameters)."""
        return self.name.split(".", 1)[0] if "." in self.name else ""

    def allowed(self) -> str:
        """Describe the valid values in words, for error messages and tables."""
        if self.kind is bool:
            return "true or false"
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = "an integer" if self.kind is int else "a number"
        return f"{kind} in [{_fmt(self.low)}, {_fmt(self.high)}]"

    def validate(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's type, or raise ParameterError."""
        if self.kind is bool:
            if isinstance(value, bool | _np_bool()):
                return bool(value)
            raise ParameterError(
                f"Parameter '{self.name}' must be true or false, got {_short(value)}."
            )
        if self.kind is str:
            if isinstance(value, str) and value in (self.choices or (value,)):
                return value
            raise ParameterError(
                f"Parameter '{self.name}' must be {self.allowed()}, got {_short(value)}."
            )
        # numbers: reject bools and strings explicitly (bool is an int subclass)
        if isinstance(value, bool) or not _is_number(value):
            raise ParameterError(
                f"Parameter '{self.name}' must be {self.allowed()}, got {_short(value)} "
                f"of type {type(value).__name__}."
            )
        if self.kind is int and not isinstance(value, numbers.Integral):
            # NaN, inf and fractions are not integers (int(nan) would raise a bare ValueError)
            as_float = _finite_float(value)
            if as_float is None or not as_float.is_integer():
                raise ParameterError(
                    f"Parameter '{self.name}' must be {self.allowed()}, got {_short(value)}."
                )
            value = int(as_float)
        elif self.kind is int:
            value = int(value)
        else:
            as_float = _finite_float(value)
            if as_float is None:
                raise ParameterError(
                    f"Parameter '{self.name}' must be {self.allowed()}, got {_short(value)}."
                )
            value = as_float
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise ParameterError(
                f"Parameter '{self.name}' = {_short(value)} is out of range: "
                f"it must be {self.allowed()} ({self.unit}; {self.doc})."
            )
        return value


def _fmt(x: float | None) -> str:
    if x is None:
        return "inf"
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x)) if abs(x) >= 1 or x == 0 else str(x)
    return str(x)


def _np_bool() -> type:
    import numpy as np

    return np.bool_


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real)


def _short(value: Any) -> str:
    """A value for a message: NaN and inf by name, very long numbers shortened."""
    text = repr(value)
    if text in ("nan", "inf", "-inf"):
        return {"nan": "NaN", "inf": "inf", "-inf": "-inf"}[text]
    return text if len(text) <= 40 else f"{text[:12]}... ({len(text)} characters)"


def _finite_float(value: Any) -> float | None:
    """``value`` as a float, or None if it is NaN, infinite or too large for a float."""
    try:
        out = float(value)
    except OverflowError:
        return None
    return out if math.isfinite(out) else None


def param(
    default: Any,
    *,
    unit: str,
    doc: str,
    clause: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
    setup_only: bool = False,
    acts_if: tuple[str, str, Callable[[Any], bool]] | None = None,
) -> Any:
    """Declare one parameter field of a mechanism's frozen dataclass.

    Args:
        default: Default value; its type fixes the parameter's type.
        unit: Unit of the value.
        doc: One-line meaning.
        clause: The Outline clause it abstracts, or the source of its default.
        low: Lowest valid value (numbers).
        high: Highest valid value (numbers).
        choices: Valid values (strings).
        setup_only: It acts only at set-up (population, network, initial draws), so it
            cannot be changed in a running model.
        acts_if: ``(other, words, test)``: it can act only while ``test`` holds for the
            value of parameter ``other`` (a flat name); ``words`` describes the condition.

    Returns:
        A dataclass field carrying the metadata.

    """
    meta = {
        "unit": unit,
        "doc": doc,
        "clause": clause,
        "low": low,
        "high": high,
        "choices": choices,
        "setup_only": setup_only,
        "acts_if": acts_if,
    }
    return dataclasses.field(default=default, metadata=meta)


def specs_of(group: str, params_cls: type) -> list[Spec]:
    """Turn a mechanism's parameter dataclass into flat-named specs.

    Args:
        group: The prefix ("sanctions"); "" for the unprefixed world parameters.
        params_cls: The frozen dataclass.

    Returns:
        One Spec per field, in declaration order.

    """
    out = []
    for f in dataclasses.fields(params_cls):
        m = f.metadata
        name = f"{group}.{f.name}" if group else f.name
        kind = type(f.default)
        if kind not in (bool, int, float, str):
            raise TypeError(f"{name}: unsupported parameter type {kind}")
        out.append(
            Spec(
                name=name,
                default=f.default,
                kind=kind,
                unit=m["unit"],
                low=m["low"],
                high=m["high"],
                choices=m["choices"],
                doc=m["doc"],
                clause=m["clause"],
                setup_only=m["setup_only"],
                acts_if=m["acts_if"],
            )
        )
    return out


def unknown_name_error(name: str, known: list[str]) -> ParameterError:
    """Build the error for a parameter name that does not exist."""
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return ParameterError(
        f"Unknown parameter '{name}'.{hint} List every valid name with `python -m model params`."
    )


def resolve(overrides: Mapping[str, Any], registry: Mapping[str, Spec]) -> dict[str, Any]:
    """Validate flat overrides against the registry and fill in the defaults.

    Args:
        overrides: Flat names to values.
        registry: Flat names to specs.

    Returns:
        Every parameter's value, validated and typed.

    Raises:
        ParameterError: For the first unknown name or invalid value.

    """
    values = {name: spec.default for name, spec in registry.items()}
    for name, value in overrides.items():
        if name not in registry:
            raise unknown_name_error(name, list(registry))
        values[name] = registry[name].validate(value)
    return values
