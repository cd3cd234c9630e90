"""Intrinsic integrity: the psychic cost a subject bears when it breaks faith.

Rule. Each subject's integrity is drawn once from a Beta distribution with mean
``integrity.mean`` and concentration ``integrity.concentration``; breaking faith costs
it ``integrity.weight * integrity`` in payoff units (a moral cost, not a transfer).
Other mechanisms (education, norms, crowding-out) move integrity over time.

Outline: the opening paragraph makes a culture of integrity the system's inherent
requirement (the translation's garbled "Virtue is an internal requirement" of the
preamble: docs/outline/README.md); §III (integrity education and culture); §I(3)
(honesty as "a norm for the conscious behavior of the whole people"). The level of
intrinsic integrity is not measured by any source: it is a swept parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Distribution and weight of intrinsic integrity."""

    mean: float = param(
        0.3,
        unit="share of weight",
        low=0.0,
        high=1.0,
        doc="Mean initial intrinsic integrity.",
        clause="Outline opening paragraph and §III: integrity culture; swept, no source "
        "measures it",
        setup_only=True,
    )
    concentration: float = param(
        4.0,
        unit="-",
        low=0.1,
        high=1000.0,
        doc="Beta concentration (a+b) of integrity: low is polarised, high is uniform.",
        clause="assumption",
        setup_only=True,
    )
    weight: float = param(
        1.0,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Moral cost of breaking faith at integrity 1.",
        clause="assumption; sets integrity on the payoff scale",
    )


class Integrity(Mechanism):
    """Initial draw of intrinsic integrity."""

    name = "integrity"
    Params = Params
    title = "Intrinsic integrity"

    def moral_cost(self) -> np.ndarray:
        """Psychic cost each subject bears if it breaks faith (payoff units)."""
        return self.p.weight * self.model.subjects.integrity

    def setup(self) -> None:
        """Draw integrity from Beta(mean * c, (1 - mean) * c)."""
        s, p = self.model.subjects, self.p
        if p.mean <= 0.0 or p.mean >= 1.0:
            s.integrity[:] = p.mean
            return
        a, b = p.mean * p.concentration, (1.0 - p.mean) * p.concentration
        s.integrity[:] = self.rng.beta(a, b, size=s.n)

    def outcomes(self) -> dict[str, float]:
        """Mean intrinsic integrity."""
        return {"mean_integrity": float(self.model.subjects.integrity.mean())}
