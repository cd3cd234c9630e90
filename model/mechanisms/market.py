"""Market discipline: partners check a subject's credit status before dealing.

Rule. Before a transaction the partner checks the actor's status with probability
``market.screening``. The status is visible when both are in the same region, or else
with probability ``model.sharing_level`` (1 on a national platform, the default; the
``sharing`` mechanism lowers it). A partner who sees a listing on any list refuses (or,
where a pilot scores subjects and partners use the score, a score below
``scoring.refuse_below``); one who sees a red-list status is assured (it trusts
outright, see ``interaction``). A refused transaction gives neither side anything.
Partners check the status as it stood at the end of the previous period.

Cost of a listing (``listed_cost``, part of the one listing-cost function): a listed
actor expects to lose ``screening * visibility * surplus`` per period (the surplus of
its own transaction, refused by a partner who checks and sees the listing;
``model.listings.visibility``). This leaves out that a partner might have refused for
low trust anyway and that the refused actor might have cheated (a small overstatement).

Outline: §V(1) ("promote the formation of market discipline ... make untrustworthy
people restricted in market transactions"), §V(3) ("increase the application of credit
service products in social governance and market transactions"). How often partners
check is not measured: swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
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
        clause="§V(1), §V(3); swept, no source measures it",
    )


class Market(Mechanism):
    """Partners' screening of credit status."""

    name = "market"
    Params = Params
    title = "Market discipline (screening)"

    def check_rate(self) -> float:
        """Chance that a partner checks the actor's credit status."""
        return self.p.screening

    def listed_cost(self, idx: np.ndarray | None = None) -> np.ndarray | float:
        """Expected surplus a listed subject loses per period to partners' refusals (of
        ``idx`` only, if given).
        """
        m = self.model
        return self.p.screening * listings.visibility(m, idx) * m.world.surplus

    def screen(self) -> None:
        """Partners check status, refuse the listed and trust the red-listed."""
        m = self.model
        s, per = m.subjects, m.period
        n = s.n
        u_check = self.rng.random(n)
        u_vis = self.rng.random(n)
        # a status to see: a credit file, or a listing (the courts list debtors without one)
        listed = s.listed(per.t)
        checked = np.less(u_check, self.p.screening, out=per.checked)
        checked &= per.attempted
        checked &= s.has_file | listed
        # at full sharing every status is visible (u < 1 always): the region lookup
        # is skipped, but u_vis is still drawn so later draws do not shift
        if m.sharing_level < 1.0:
            partner = np.maximum(per.partner, 0)
            same_region = s.region == s.region[partner]
            checked &= same_region | (u_vis < m.sharing_level)
        # the lists as they stood at the end of the previous period: what holds now
        bad = listed
        scoring = m.mechanisms["scoring"]
        low = scoring.refused() if scoring.enabled else None
        if low is not None:
            bad = bad | low
        out = per.checked & bad
        per.refused |= out
        per.assured |= per.checked & s.red
        per.extra["screened_out"] = float(np.count_nonzero(out))
