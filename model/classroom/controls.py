"""Which parameters get a control on the page, and the range of each slider.

Controls are generated from ``model.REGISTRY`` (every parameter's default, type, range,
unit and meaning), so mechanisms added to ``model/mechanisms`` appear on the page
without editing it: under "All parameters", each mechanism's switch and its key
parameters (:data:`KEY_PARAMETERS`, or its first two numeric parameters). A lesson shows
only its own few controls (:mod:`model.lessons`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from model import REGISTRY
from model.classroom.session import MAX_SUBJECTS
from model.mechanisms import MECHANISMS
from model.params import Spec

#: Key parameters, by mechanism ("" = world parameters). A mechanism not listed here
#: gets its first two numeric parameters; names that do not exist in the registry are
#: skipped, so this can name mechanisms before they are merged.
KEY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "": ("n_subjects", "gain", "harm"),
    "interaction": ("degree",),
    "integrity": ("mean",),
    "decision": ("rationality",),
    "detection": ("probability", "false_record_rate"),
    "records": ("coverage",),
    "scoring": ("points", "threshold"),
    "sanctions": ("fine",),
    "blacklist": ("scope_business", "term_business"),
    "redlist": ("share", "facilitation"),
    "market": ("screening",),
    "social": ("shame", "ostracism"),
    "whistleblower": ("reward",),
    "appeals": ("success",),
    "repair": ("clean_periods",),
    "education": ("rate", "reach"),
    "norms": ("crowding_out",),
    "sharing": ("level",),
    "government": ("protectionism",),
    "judicial": ("enforcement_rate",),
}


def parameter_groups(registry: Mapping[str, Spec] = REGISTRY) -> list[tuple[str, list[str]]]:
    """The "All parameters" panel: (group title, flat names), world parameters first.

    Each mechanism's group holds its switch (if it has one) and its key parameters.
    """
    groups = [("World", [n for n in KEY_PARAMETERS[""] if n in registry])]
    for mech, cls in MECHANISMS.items():
        own = [n for n in registry if n.startswith(mech + ".")]
        names = [f"{mech}.enabled"] if f"{mech}.enabled" in registry else []
        if mech in KEY_PARAMETERS:
            keys = [f"{mech}.{f}" for f in KEY_PARAMETERS[mech]]
        else:
            keys = [n for n in own if registry[n].kind in (int, float)][:2]
        names.extend(n for n in keys if n in registry and n not in names)
        if names:
            groups.append((cls.title or mech, names))
    return groups


def key_parameters(registry: Mapping[str, Spec] = REGISTRY) -> list[str]:
    """Every flat name with a control under "All parameters", in display order."""
    return [n for _, names in parameter_groups(registry) for n in names]


def _nice_step(span: float) -> float:
    """A round slider step giving about 100 positions over ``span``."""
    if span <= 0:
        return 0.01
    raw = span / 100.0
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if raw <= m * mag:
            return m * mag
    return 10.0 * mag


def _on_grid(offset: float, step: float) -> bool:
    k = offset / step
    return abs(k - round(k)) < 1e-6


def slider_range(spec: Spec, value: float) -> tuple[float, float, float]:
    """Bounds and step of a classroom slider for a numeric parameter.

    The registry's ranges are what the model accepts (``sanctions.fine`` up to 1000);
    a slider over all of it would be useless, so the upper end is cut to ten times the
    default (or 10 where the default is 0), never below the current value and never
    above the valid range. The step puts the current value on the slider's grid (the
    browser snaps a slider to it), so 0.075 gets a step of 0.001; the number field next
    to the slider takes any valid value.

    Args:
        spec: The parameter's spec.
        value: The value the slider starts at.

    Returns:
        (low, high, step).

    """
    low = float(spec.low) if spec.low is not None else 0.0
    high = float(spec.high) if spec.high is not None else max(10.0 * abs(spec.default), 10.0)
    if spec.name == "n_subjects":
        low, high = max(low, 100.0), min(high, float(MAX_SUBJECTS))
    elif high > 1.0:
        cap = 10.0 * float(spec.default) if spec.default else 10.0
        high = min(high, max(cap, low + 1.0))
    high = max(high, float(value))
    if spec.kind is int:
        step = 100.0 if spec.name == "n_subjects" else max(1.0, round(_nice_step(high - low)))
        if spec.name == "interaction.degree":  # the small world needs an even degree
            step = 2.0
        step = float(math.gcd(int(step), int(value - low)) or step)
    else:
        step = _nice_step(high - low)
        while step > 1e-6 and not _on_grid(value - low, step):
            step /= 10.0
    return low, high, step
