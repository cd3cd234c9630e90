"""Norms: social learning of integrity, role models, and crowding-out.

Rule, social learning. Each period every subject looks at one network neighbour drawn
uniformly (CSR graph of ``interaction``) and moves its intrinsic integrity towards the
neighbour's:

    integrity_i += min(1, conformity * w_j) * (integrity_j - integrity_i)

with ``w_j = norms.role_model_weight`` if the neighbour is on the (public) red list
and 1 otherwise: commended subjects are role models whose example weighs more. All
subjects update at once on the integrity at the start of the step (synchronous).

Rule, crowding-out (critical study; off by default). Strong extrinsic incentives can
erode intrinsic motivation: a fine turns a moral duty into a price (Gneezy and
Rustichini 2000, J. Legal Stud. 29:1, "A fine is a price"), compensation halved
acceptance of a nuclear-waste site (Frey and Oberholzer-Gee 1997, AER 87:746), and
tangible rewards undermine intrinsic motivation (Deci, Koestner and Ryan 1999, Psych.
Bull. 125:627); reviews: Bowles 2008 (Science 320:1605), Bowles and Polania-Reyes
2012 (JEL 50:368). Here the extrinsic incentive a subject faces is ``x = clip(D / gain,
0, 1)``, where ``D`` is the sum of the enabled mechanisms' deterrence terms (expected
sanctions, listing costs and rewards at risk) and ``gain`` the gain from breaking faith;
each period

    integrity_i -= crowding_out * x_i * integrity_i

so integrity erodes in proportion to how much of the decision the incentives carry.
The literature shows the sign and, in single experiments, the size of the effect, not
a per-period rate: ``crowding_out`` is a swept strength (0 = off).

Outline: §III(2) ("establish a model of social integrity, enable members of society to
learn from role models, catch up with goals"; "Establish a good example of
integrity"), §V(1) (commendation of trustworthy subjects through the media). The
Outline assumes that incentives and virtue reinforce each other; crowding-out is the
critical alternative it does not consider.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.mechanisms.decision import total_deterrence
from model.params import param


@dataclass(frozen=True)
class Params:
    """Conformity, role models and crowding-out."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Integrity spreads by social learning; incentives may crowd it out.",
        clause="§III(2): learn from role models",
    )
    conformity: float = param(
        0.05,
        unit="share of gap per period",
        low=0.0,
        high=1.0,
        doc="Fraction of the integrity gap to a random neighbour closed each period.",
        clause="§III(2): social learning; assumption, swept",
    )
    role_model_weight: float = param(
        3.0,
        unit="multiple",
        low=0.0,
        high=100.0,
        doc="How much more a red-listed (commended) neighbour's integrity weighs.",
        clause="§III(2), §V(1): commended models of integrity; assumption",
    )
    crowding_out: float = param(
        0.0,
        unit="share of integrity per period at full incentive",
        low=0.0,
        high=1.0,
        doc="Erosion of integrity per period when incentives carry the whole decision.",
        clause="critical: Frey and Oberholzer-Gee 1997; Gneezy and Rustichini 2000",
    )


class Norms(Mechanism):
    """Social learning of integrity and crowding-out by incentives."""

    name = "norms"
    Params = Params
    title = "Norms, role models and crowding-out"

    def setup(self) -> None:
        """No change yet."""
        self._change = 0.0
        self._crowded = 0.0

    def incentive(self) -> np.ndarray:
        """Extrinsic incentive relative to the gain, clipped to [0, 1], per subject."""
        m = self.model
        deter = total_deterrence(m)
        gain = m.world.gain
        if gain <= 0.0:
            return (deter > 0).astype(np.float64)
        # a tiny gain overflows the ratio to inf, which the clip maps to 1 as intended
        with np.errstate(over="ignore"):
            return np.clip(deter / gain, 0.0, 1.0)

    def learn(self) -> None:
        """Imitate a neighbour's integrity, then erode it by crowding-out."""
        m = self.model
        s = m.subjects
        before = float(s.integrity.mean(dtype=np.float64))
        nb = m.mechanisms["interaction"].network.random_neighbour(self.rng.random(s.n))
        has = nb >= 0
        nb = np.maximum(nb, 0)
        # the step takes one of two values, by whether the neighbour is red-listed
        # (a role model): each computed once, not once per subject
        step = np.where(
            s.red[nb],
            min(self.p.conformity * self.p.role_model_weight, 1.0),
            min(self.p.conformity, 1.0),
        )
        if not has.all():
            step *= has
        s.integrity += (step * (s.integrity[nb] - s.integrity)).astype(np.float32)
        crowded = 0.0
        if self.p.crowding_out > 0.0:
            loss = (self.p.crowding_out * self.incentive() * s.integrity).astype(np.float32)
            s.integrity -= loss
            crowded = float(loss.mean(dtype=np.float64))
        np.clip(s.integrity, 0.0, 1.0, out=s.integrity)
        self._change = float(s.integrity.mean(dtype=np.float64)) - before
        self._crowded = crowded

    def outcomes(self) -> dict[str, float]:
        """Mean change of integrity from norms, and the part lost to crowding-out."""
        if not self.enabled:
            return {"integrity_change": 0.0, "crowding_loss": 0.0}
        return {"integrity_change": self._change, "crowding_loss": self._crowded}
