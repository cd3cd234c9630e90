"""Interaction: subjects transact with partners drawn from a social/market network.

Rule. Every period each subject, as *actor*, seeks one transaction with a partner drawn
uniformly from its network neighbours; the act falls in a domain drawn from the
actor's kind (``model.population.ACT_DOMAINS``). A partner that has not already refused
on the actor's credit status (``market``) agrees when its expected value of trusting is
positive, by a logit rule on ``surplus - (1 - trust) * harm`` with the model's
rationality; a partner who saw a red-list status agrees outright (the "green channel").
A kept transaction gives both sides ``surplus``; a broken one gives the actor
``surplus + gain`` and the partner ``surplus - harm``. Partners update their trust
towards the honesty they met (exponential smoothing).

Outline: §II(2) (business integrity lowers the cost of transactions), §V(1) ("make
untrustworthy people restricted in market transactions" acts through partners here).
This module is the substrate of the model and has no switch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import network as net
from model.mechanisms.base import Mechanism
from model.params import param
from model.population import ACT_DOMAINS


def sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Logistic function, numerically safe for large arguments.

    With ``out`` (which may be ``x`` itself) the same operations, in the same order, write
    into it: no temporaries.
    """
    if out is None:
        return 0.5 * (1.0 + np.tanh(0.5 * x))
    np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


@dataclass(frozen=True)
class Params:
    """Network and partner trust."""

    network: str = param(
        "small_world",
        unit="-",
        choices=("small_world", "scale_free"),
        doc="Network of potential partners: Watts-Strogatz small world or scale-free.",
        clause="assumption; transactions run along social and market ties",
        setup_only=True,
    )
    degree: int = param(
        6,
        unit="partners",
        low=2,
        high=100,
        doc="Mean number of network neighbours per subject.",
        clause="assumption",
        setup_only=True,
    )
    rewiring: float = param(
        0.1,
        unit="probability",
        low=0.0,
        high=1.0,
        doc="Watts-Strogatz rewiring probability within a region (small_world only).",
        clause="assumption (Watts and Strogatz 1998)",
        setup_only=True,
    )
    cross_region: float = param(
        0.2,
        unit="share of ties",
        low=0.0,
        high=1.0,
        doc="Share of network ties that link a subject to another region.",
        clause="no source gives it; provincial home bias is documented (docs/sources.md "
        "M1-M2): assumption, swept over 0.1-0.5",
        setup_only=True,
    )
    trust_initial: float = param(
        0.8,
        unit="probability",
        low=0.0,
        high=1.0,
        doc="Initial belief that a partner keeps faith.",
        clause="swept; no source measures it",
        setup_only=True,
    )
    trust_learning: float = param(
        0.1,
        unit="per period",
        low=0.0,
        high=1.0,
        doc="Weight of the latest experience in a partner's trust (smoothing rate).",
        clause="assumption",
    )


class Interaction(Mechanism):
    """Matching, agreement, payoffs and trust learning."""

    name = "interaction"
    Params = Params
    title = "Interaction and trust"

    def setup(self) -> None:
        """Build the network (clustered by region) and set initial trust."""
        m, p = self.model, self.p
        s = m.subjects
        self.network = net.build(
            p.network, s.n, p.degree, p.rewiring, self.rng, s.region, p.cross_region
        )
        #: Share of each subject's neighbours (potential partners) in its own region.
        self.same_region = net.same_region_share(self.network, s.region)
        s.trust[:] = p.trust_initial
        cum = np.cumsum(ACT_DOMAINS, axis=1)[:, :-1]
        # a threshold of 1 or more for every kind is never reached (u < 1): skipped
        self._cum = cum[:, cum.min(axis=0) < 1.0]

    def match(self) -> None:
        """Start the period's payoffs at 0; draw each actor's partner and act domain."""
        s, per = self.model.subjects, self.model.period
        s.payoff[:] = 0.0
        per.partner[:] = self.network.random_neighbour(self.rng.random(s.n))
        u = self.rng.random(s.n)
        # domain = number of cumulative thresholds of the actor's kind that u reaches
        dom = per.domain
        dom[:] = 0
        for j in range(self._cum.shape[1]):
            dom += u >= self._cum[:, j][s.kind]
        per.attempted[:] = per.partner >= 0

    def agree(self) -> None:
        """Partners not already refusing decide whether to trust the actor."""
        m = self.model
        s, per, w = m.subjects, m.period, m.world
        u = self.rng.random(s.n)
        beta = m.mechanisms["decision"].rationality()
        # value = surplus - (1 - trust of the partner) * harm, in float32, in place; an actor
        # without a partner (-1, read as the last subject) attempts nothing: never read
        value = np.take(s.trust, per.partner, mode="wrap")
        np.subtract(1.0, value, out=value)
        value *= w.harm
        np.subtract(w.surplus, value, out=value)
        value *= beta
        trusts = np.less(u, sigmoid(value, out=value))
        trusts |= per.assured
        distrust = np.invert(trusts, out=trusts)
        distrust &= per.attempted
        per.refused |= distrust
        np.invert(per.refused, out=per.transacted)
        per.transacted &= per.attempted

    def settle(self) -> None:
        """Pay out the transactions and update partners' trust."""
        m = self.model
        s, per, w = m.subjects, m.period, m.world
        n = s.n
        act = np.flatnonzero(per.transacted)
        cheat = ~per.honest[act]
        partner = per.partner[act]
        # actors are distinct: each gets its own payoff, surplus if it kept faith, surplus +
        # gain if it broke it (summed in float64, rounded once to float32), nothing where
        # nothing took place; branch-free: x * 1 and x * 0 are exact, and each actor gets
        # one nonzero term at most, so the two additions round as one
        kept = per.transacted & per.honest
        s.payoff += np.float32(w.surplus) * kept
        kept ^= per.transacted  # now: broke faith
        s.payoff += np.float32(w.surplus + w.gain) * kept
        del kept
        # partners may meet several actors: a sum, in actor order
        partner_pay = w.surplus - w.harm * cheat
        s.payoff += np.bincount(partner, partner_pay, minlength=n).astype(np.float32)
        del partner_pay
        # each partner learns from the mean honesty it met this period; one count of
        # (partner, cheated) pairs gives both how many it met and how many kept faith
        pairs = np.bincount(2 * partner + cheat, minlength=2 * n)
        kept, met = pairs[0::2], pairs[1::2]
        met += kept  # in place: the odd slots become the number met
        seen = met > 0
        np.maximum(met, 1, out=met)
        # trust[seen] += lam * (kept / met - trust[seen]), in float64 and rounded to
        # float32 as the in-place update would; computed for all, branch-free: the step is
        # multiplied by 0 where unseen (x * 0 is +-0, and trust +- 0 is trust, exactly)
        # (float32 trust is widened to float64 exactly within each operation)
        target = kept / met
        del pairs, kept, met
        target -= s.trust
        target *= self.p.trust_learning
        target *= seen
        target += s.trust
        s.trust[:] = target  # rounded to float32 as astype would

    def account(self) -> None:
        """Add the period's payoff (after sanctions and rewards) to wealth."""
        s = self.model.subjects
        s.wealth += s.payoff
