"""Conduct: each actor keeps or breaks faith.

Rule, ``logit`` (noisy best response; McFadden 1974, McKelvey and Palfrey 1995). The
actor compares the utility of keeping faith with that of breaking it:

    dU = deterrence + integrity.weight * integrity - gain
    P(keep faith) = 1 / (1 + exp(-rationality * dU))

where ``deterrence`` is the sum of what the switched-on mechanisms expect a violation to
cost (the detection probability times the fine, the expected cost of listing, the red-
list reward at risk, ...; each mechanism's ``deterrence`` method). Actors know the
institutional parameters (rational expectations): the model studies incentives, not
misperception. As rationality grows the rule tends to the best response: keep faith
exactly when the expected sanction plus the integrity cost exceeds the gain (Becker
1968). All actors decide at once on the state at the start of the period (synchronous
update).

Rule, ``imitation`` (evolutionary; Szabo and Toke 1998 Fermi rule). Each subject
carries a strategy (keep or break faith). After payoffs, each subject compares its
period utility (payoff, minus the integrity cost if it broke faith) with that of a
random neighbour and copies the neighbour's strategy with probability
``1 / (1 + exp(-rationality * (u_neighbour - u_self)))``; with probability
``exploration`` it instead picks a strategy at random.

Outline: §I(3) and §V ("the trustworthiness incentive and the disciplinary mechanism
of dishonesty directly affect the credit behavior of various social subjects"). The
substrate of the model; no switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from model.mechanisms.base import Mechanism
from model.mechanisms.interaction import sigmoid
from model.params import param

if TYPE_CHECKING:
    from model.model import CreditSystemModel


def total_deterrence(model: CreditSystemModel) -> np.ndarray:
    """Expected cost of breaking faith, per actor: the sum, in registry order, of every
    switched-on mechanism's ``deterrence`` term (payoff units).
    """
    deter = np.zeros(model.subjects.n, dtype=np.float64)
    # model.deterrents: the switched-on mechanisms with a deterrence term, registry order
    for mech in model.deterrents:
        deter += mech.deterrence()
    return deter


@dataclass(frozen=True)
class Params:
    """The decision rule."""

    rule: str = param(
        "logit",
        unit="-",
        choices=("logit", "imitation"),
        doc="Decision rule: logit noisy best response, or Fermi imitation of neighbours.",
        clause="§V: incentives 'directly affect the credit behavior' of subjects",
        setup_only=True,
    )
    rationality: float = param(
        2.0,
        unit="1/payoff unit",
        low=0.0,
        high=1000.0,
        doc="Logit/Fermi intensity of choice: 0 is a coin toss, large is best response.",
        clause="swept; no source measures it",
    )
    exploration: float = param(
        0.01,
        unit="probability",
        low=0.0,
        high=1.0,
        doc="Imitation rule: chance per period of picking a strategy at random.",
        clause="assumption (mutation in evolutionary game theory)",
    )
    initial_honesty: float = param(
        0.5,
        unit="share",
        low=0.0,
        high=1.0,
        doc="Imitation rule: initial share of subjects with the honest strategy.",
        clause="assumption",
        setup_only=True,
    )


class Decision(Mechanism):
    """Logit or imitation choice between keeping and breaking faith."""

    name = "decision"
    Params = Params
    title = "Conduct (decision rule)"

    # --- accessors -----------------------------------------------------------------
    def rationality(self) -> float:
        """Intensity of choice of the logit and Fermi rules (also partners' and debtors')."""
        return self.p.rationality

    def discount_factor(self) -> np.ndarray | float:
        """Per-period factor by which subjects discount future costs (1: none)."""
        return 1.0

    def setup(self) -> None:
        """Draw initial strategies for the imitation rule."""
        if self.p.rule == "imitation":
            s = self.model.subjects
            s.strategy[:] = self.rng.random(s.n) < self.p.initial_honesty

    def expected_utility_gap(self) -> np.ndarray:
        """Utility of keeping faith minus that of breaking it, per actor."""
        m = self.model
        deter = total_deterrence(m)
        return deter + m.mechanisms["integrity"].moral_cost() - m.world.gain

    def choose(self) -> None:
        """Set each actor's act for this period."""
        m = self.model
        s, per = m.subjects, m.period
        u = self.rng.random(s.n)
        if self.p.rule == "logit":
            per.honest[:] = u < sigmoid(self.p.rationality * self.expected_utility_gap())
        else:
            explore = u < self.p.exploration
            coin = self.rng.random(s.n) < 0.5
            s.strategy[:] = np.where(explore, coin, s.strategy)
            per.honest[:] = s.strategy
        # subjects whose act is chosen from outside the model (the classroom page's
        # "play a subject"): applied after every draw, so the rest of the run is unchanged
        if m.forced_acts:
            ids = np.fromiter(m.forced_acts.keys(), dtype=np.int64, count=len(m.forced_acts))
            acts = np.fromiter(m.forced_acts.values(), dtype=bool, count=len(m.forced_acts))
            per.honest[ids] = acts

    def learn(self) -> None:
        """Imitation rule only: copy a better-off neighbour (Fermi rule)."""
        if self.p.rule != "imitation":
            return
        m = self.model
        s, per = m.subjects, m.period
        utility = s.payoff - m.mechanisms["integrity"].moral_cost() * per.cheated
        nb = m.mechanisms["interaction"].network.random_neighbour(self.rng.random(s.n))
        has = nb >= 0
        nb = np.maximum(nb, 0)
        p_copy = sigmoid(self.p.rationality * (utility[nb] - utility))
        copy = has & (self.rng.random(s.n) < p_copy)
        s.strategy[:] = np.where(copy, s.strategy[nb], s.strategy)
