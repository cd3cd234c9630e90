"""Sanctions: an administrative fine on every finding of a violation.

Rule. Every actor found to have violated this period (truly or falsely, with or
without a credit file) pays ``sanctions.fine`` to the state. The fine is a transfer:
it lowers the subject's payoff and welfare, and is counted as revenue. Its deterrent
value to an actor is ``p_detect * fine``.

Outline: §V(1) ("strengthen administrative regulatory constraints and punishment. On
the basis of the existing administrative punishment measures ..."). Fine levels vary
by statute; the model's fine is in payoff units and swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """The fine."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Findings are fined.",
        clause="§V(1): administrative punishment",
    )
    fine: float = param(
        3.0,
        unit="payoff units",
        low=0.0,
        high=1000.0,
        doc="Fine per finding of a violation.",
        clause="§V(1): administrative punishment; swept",
    )


class Sanctions(Mechanism):
    """Administrative fines."""

    name = "sanctions"
    Params = Params
    title = "Administrative fines"

    def deterrence(self) -> np.ndarray:
        """Expected fine of a violation."""
        return self.model.period.p_detect * self.p.fine

    def fine(self) -> None:
        """Charge the fine to everyone found to have violated."""
        s, per = self.model.subjects, self.model.period
        found = per.found
        # fine * found is the fine or 0 (exact); branch-free, unlike a masked subtract
        s.payoff -= np.float32(self.p.fine) * found
        per.fines += float(np.count_nonzero(found)) * self.p.fine
