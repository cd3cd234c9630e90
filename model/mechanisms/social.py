"""Social discipline: public disclosure of listings, shame and ostracism.

Rule. When a subject is listed (or its listing renewed) the listing is disclosed to the
public with probability ``social.disclosure`` (published on a website, a screen, in the
news). While listed and disclosed, the subject

* bears a shame cost of ``social.shame`` payoff units per period (moral condemnation:
  loss of standing, a psychic and reputational cost; a deadweight loss), and
* is ostracised by its network neighbours: a neighbour who deals with it as partner
  (partners are always network neighbours, read from the CSR graph held by
  ``interaction``) refuses the transaction with probability ``social.ostracism``,
  whether or not it checked the credit platform (``market`` covers checking).

Cost of a listing (``listed_cost``, part of the one listing-cost function): a listed
subject expects ``disclosure * (shame + ostracism * (1 - screening * visibility) *
surplus)`` per period: the ostracism term counts only the transactions that market
screening would not already have refused; it ignores refusals for low trust, a small
overstatement. A listing is disclosed when it is made or renewed, and the exposure
lasts while the subject stays listed.

Outline: §V(1) ("Promote the formation of social constraints and punishment. We will
improve the supervision mechanism for public opinion, strengthen the disclosure and
exposure of untrustworthy behaviors ... Through the moral condemnation of society, we
will form a social shock and constrain the untrustworthy behavior of members of
society"). How strongly neighbours shun the exposed is not measured: ``shame`` and
``ostracism`` are swept assumptions. The exposure of defaulters on public screens and
in "exposure platforms" is documented for the court list (SPC), not its effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Disclosure, shame and ostracism."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Listings are disclosed; the exposed bear shame and are shunned by neighbours.",
        clause="§V(1): disclosure and exposure of untrustworthy behaviour",
    )
    disclosure: float = param(
        1.0,
        unit="probability per listing",
        low=0.0,
        high=1.0,
        doc="Chance that a new or renewed listing is disclosed to the public.",
        clause="§V(1): 'strengthen the disclosure and exposure'; assumption",
    )
    shame: float = param(
        0.2,
        unit="payoff units per period",
        low=0.0,
        high=100.0,
        doc="Utility a disclosed listed subject loses each period (moral condemnation).",
        clause="§V(1): 'moral condemnation of society'; swept",
    )
    ostracism: float = param(
        0.3,
        unit="probability per transaction",
        low=0.0,
        high=1.0,
        doc="Chance that a neighbour refuses to deal with a disclosed listed subject.",
        clause="§V(1): 'social shock'; swept",
    )


class Social(Mechanism):
    """Disclosure of listings, shame and ostracism by neighbours."""

    name = "social"
    Params = Params
    title = "Social discipline and exposure"

    def setup(self) -> None:
        """No one is exposed at the start."""
        n = self.model.subjects.n
        self.exposed = np.zeros(n, dtype=bool)
        self._seen_until = self.model.subjects.listing_end()
        self._shunned = 0
        self._shamed = 0

    def on_disable(self) -> None:
        """Disclosure stopped mid-run: nobody is exposed any more."""
        self.exposed[:] = False

    def listed_cost(self, idx: np.ndarray | None = None) -> np.ndarray | float:
        """Expected shame and ostracism a listed subject bears per period (of ``idx`` only,
        if given).
        """
        m = self.model
        market = m.mechanisms["market"]
        refused = market.check_rate() * listings.visibility(m, idx) if market.enabled else 0.0
        shunned = self.p.ostracism * (1.0 - refused) * m.world.surplus
        return self.p.disclosure * (self.p.shame + shunned)

    def ostracise(self) -> None:
        """Partners who are neighbours of an exposed listed actor may refuse it."""
        m = self.model
        s, per = m.subjects, m.period
        u = self.rng.random(s.n)
        idx = self._exposed_and_listed(per.t)
        idx = idx[per.attempted[idx] & ~per.refused[idx] & (u[idx] < self.p.ostracism)]
        per.refused[idx] = True
        self._shunned = len(idx)

    def _exposed_and_listed(self, t: int) -> np.ndarray:
        """Ids of the exposed subjects whose listing holds in period ``t`` (the exposed are
        few: their listings are read at them alone).
        """
        idx = np.flatnonzero(self.exposed)
        listed = (self.model.subjects.listed_until[:, idx] > t).any(axis=0)
        return idx[listed]

    def expose(self) -> None:
        """Disclose new and renewed listings; forget lifted ones (end of period)."""
        s, t = self.model.subjects, self.model.period.t
        u = self.rng.random(s.n)
        end = s.listing_end()
        listed = end > t + 1  # the lists as published at the end of this period
        fresh = listed & (end != self._seen_until)
        self.exposed[fresh] = u[fresh] < self.p.disclosure
        self.exposed &= listed
        self._seen_until[:] = end

    def shame(self) -> None:
        """The exposed bear the cost of public condemnation."""
        s, t = self.model.subjects, self.model.period.t
        shamed = self._exposed_and_listed(t)
        s.payoff[shamed] -= np.float32(self.p.shame)
        self._shamed = len(shamed)

    def outcomes(self) -> dict[str, float]:
        """Share of subjects shamed this period, and share shunned by a neighbour."""
        n = self.model.subjects.n
        if not self.enabled:
            return {"shamed_share": 0.0, "ostracised_share": 0.0}
        return {"shamed_share": self._shamed / n, "ostracised_share": self._shunned / n}
