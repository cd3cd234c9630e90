"""Integrity education: campaigns that raise intrinsic integrity.

Rule. Each period a share ``education.reach`` of subjects, drawn at random, is reached
by an integrity campaign (schools, enterprises, communities, villages, the "integrity
activities week" of §III(2)). A reached subject's integrity moves towards the ceiling
``education.ceiling``:

    integrity += rate * (ceiling - integrity)        (only if integrity < ceiling)

a partial-adjustment rule: the campaign closes a fixed fraction of the gap, so its
effect is largest on the least honest and vanishes at the ceiling (diminishing
returns). Each reached subject costs the budget ``education.cost`` (reported as
``education_cost_per_subject``; it is public spending outside subjects' payoffs, so it
does not enter ``welfare``). Role models (red-listed subjects publicised for others to
imitate) are in ``norms``, since they act through social learning.

Outline: §III(1) ("Popularizing integrity education ... Vigorously carry out credit
publicity and popularize education into institutions, enter enterprises, enter
schools, enter communities, enter villages, and enter family activities"), §III(2)
(culture of integrity, "integrity theme activities"). No source measures how much a
campaign changes integrity: ``rate`` and ``reach`` are swept assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Reach, effect and cost of campaigns."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Integrity campaigns raise the intrinsic integrity of those they reach.",
        clause="§III(1): popularizing integrity education",
    )
    rate: float = param(
        0.05,
        unit="share of gap per campaign",
        low=0.0,
        high=1.0,
        doc="Fraction of the gap to the ceiling a campaign closes in a reached subject.",
        clause="§III(1); no source measures it, swept",
    )
    reach: float = param(
        0.2,
        unit="share of subjects per period",
        low=0.0,
        high=1.0,
        doc="Share of subjects reached by a campaign each period.",
        clause="§III(1): education 'into institutions, enter enterprises, enter schools ...'; "
        "assumption",
    )
    ceiling: float = param(
        1.0,
        unit="integrity",
        low=0.0,
        high=1.0,
        doc="Integrity towards which campaigns move subjects.",
        clause="assumption",
    )
    cost: float = param(
        0.05,
        unit="payoff units per subject reached",
        low=0.0,
        high=100.0,
        doc="Budget cost of reaching one subject.",
        clause="§III(1); assumption",
    )


class Education(Mechanism):
    """Integrity campaigns."""

    name = "education"
    Params = Params
    title = "Integrity education"

    def setup(self) -> None:
        """No campaign has run yet."""
        self._reached = 0

    def campaign(self) -> None:
        """Move reached subjects' integrity towards the ceiling."""
        s = self.model.subjects
        reached = np.flatnonzero(self.rng.random(s.n) < self.p.reach)
        gap = np.maximum(np.float32(self.p.ceiling) - s.integrity[reached], 0.0)
        s.integrity[reached] += np.float32(self.p.rate) * gap
        self._reached = len(reached)

    def outcomes(self) -> dict[str, float]:
        """Share reached and budget cost per subject this period."""
        n = self.model.subjects.n
        reached = self._reached if self.enabled else 0
        return {
            "education_reached": reached / n,
            "education_cost_per_subject": reached * self.p.cost / n,
        }
