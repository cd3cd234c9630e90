"""Market discipline: partners check a subject's credit status before dealing.

Rule. Before a transaction the partner checks the actor's status with probability
``market.screening``. The status is visible when both are in the same region, or else
with probability ``model.sharing_level`` (1 on a national platform, the default; the
``sharing`` mechanism lowers it). A partner who sees a blacklisting, or a score below
``market.min_score``, refuses; one who sees a red-list status is assured (it trusts
outright, see ``interaction``). A refused transaction gives neither side anything.

Outline: §V(1) ("promote the formation of market discipline ... make untrustworthy
people restricted in market transactions"), §IV(3) (credit reports used in market
transactions). How often partners check is not measured: swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Screening by partners."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Partners check credit status and refuse listed subjects.",
        clause="§V(1): market discipline",
    )
    screening: float = param(
        0.5,
        unit="probability per transaction",
        low=0.0,
        high=1.0,
        doc="Chance that a partner checks the actor's visible credit status.",
        clause="§V(1), §IV(3); swept, no source measures it",
    )
    min_score: float = param(
        0.0,
        unit="score points",
        low=0.0,
        high=100.0,
        doc="Partners also refuse covered subjects scored below this (0: listing only).",
        clause="§V(1): credit classification used in transactions; assumption",
    )


class Market(Mechanism):
    """Partners' screening of credit status."""

    name = "market"
    Params = Params
    title = "Market discipline (screening)"

    def screen(self) -> None:
        """Partners check status, refuse the listed and trust the red-listed."""
        m = self.model
        s, per = m.subjects, m.period
        n = s.n
        u_check = self.rng.random(n)
        u_vis = self.rng.random(n)
        checked = per.attempted & (u_check < self.p.screening) & s.has_file
        # at full sharing every status is visible (u < 1 always): the region lookup
        # is skipped, but u_vis is still drawn so later draws do not shift
        if m.sharing_level < 1.0:
            partner = np.maximum(per.partner, 0)
            same_region = s.region == s.region[partner]
            checked &= same_region | (u_vis < m.sharing_level)
        per.checked[:] = checked
        bad = s.listed(per.t)
        if self.p.min_score > 0.0:
            bad = bad | (s.score < self.p.min_score)
        out = per.checked & bad
        per.refused |= out
        per.assured |= per.checked & s.red
        per.extra["screened_out"] = float(np.count_nonzero(out))
