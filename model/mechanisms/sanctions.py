"""Sanctions: an administrative fine on every finding of a violation.

Rule. Every actor whose finding of a violation stands this period (true or false, with
or without a credit file; not forgiven, voided on objection or blocked by a local
government) pays the fine to the state: ``sanctions.fine``, times the factor of the
graded schedule when ``graded`` is on (``Graded.fine_factor``: a warning instead of a
fine for a first minor finding, a multiple for a serious one). The fine is charged
once, on the ledger as the procedural steps left it. It is a transfer: it lowers the
subject's payoff and welfare, and is counted as revenue. Its deterrent value to an
actor is ``p_detect * fine`` (times the expected factor, see ``graded``).

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

    def amount(self) -> float:
        """The standard fine per finding (payoff units)."""
        return self.p.fine

    def deterrence(self) -> np.ndarray:
        """Expected fine of a violation."""
        return self.model.period.p_detect * self.p.fine

    def fine(self) -> None:
        """Charge the fine, once, to every actor whose finding stands."""
        m = self.model
        s, per = m.subjects, m.period
        stands = per.sanctionable
        graded = m.mechanisms["graded"]
        if graded.enabled:
            factor = graded.fine_factor()  # float32 per actor
            charge = (np.float32(self.p.fine) * factor) * stands
            s.payoff -= charge
            per.fines += float(charge.sum(dtype=np.float64))
            return
        # fine * stands is the fine or 0 (exact); branch-free, unlike a masked subtract
        s.payoff -= np.float32(self.p.fine) * stands
        per.fines += float(np.count_nonzero(stands)) * self.p.fine
