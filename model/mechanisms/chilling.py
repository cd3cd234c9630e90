"""Chilling effects: lawful but risky acts forgone for fear of a record.

A system that records conduct under broad categories deters more than violations: people
forgo lawful acts that might be recorded as violations (speaking out, petitioning,
posting online, dealing with a listed partner). Awareness of being watched measurably
reduces lawful activity online (Penney 2016). The Outline itself brings online speech
into the system: §II(3) asks for a network credit blacklist for "online fraud, rumors"
and for "credit evaluations on ... online behaviors of Internet users", under "the
real-name system of the network" (docs/mechanisms/chilling.md lists what is covered).

Rule (``weigh``, right after the choice, on the same expectations). Every subject has,
each period, the chance of a lawful activity worth ``v`` to it in private (drawn once
per subject from an exponential distribution with mean ``chilling.value``: most such
acts are worth little, a few a lot). It fears that doing it could be recorded as a
violation with probability ``q = min(1, chilling.risk * e)``, where ``e`` is the chance
it expects an honest act of its to be wrongly found (``period.e_expected``: the true
chance under rational expectations, its belief under learned beliefs, 0 if it is
unaware of the system) and ``chilling.risk`` how much likelier the activity is to be
caught by vague categories than an ordinary honest dealing. A record would cost it what
a false finding of its act costs this period (the fine, the listing through the one
listing-cost function, the red-list status, graded sanctions; ``decision``'s cost of a
false finding, with every marking rule). It forgoes the activity when ``v < q * C``.

The model does not record the activity: the mechanism measures what the fear of
wrongful records, and the size of the sanctions a record brings, deter among lawful
acts. The activity's value is private and outside transaction payoffs and ``welfare``;
what is forgone is reported apart.

Outcomes: ``chilled_share`` (share of subjects who forgo the activity this period) and
``chilling_loss`` (value forgone per subject). Both 0 when switched off.

Outline: §II(3), credit construction in the field of Internet applications and services
(the network credit blacklist, evaluation of users' online behaviour, the real-name
system). No source measures how lawful activity responds to the social credit system:
``value`` and ``risk`` are assumptions to be swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Value of the lawful activity and how risky it is thought to be."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Subjects forgo a lawful but risky activity when the record they fear outweighs it.",
        clause="§II(3): network credit blacklist, online behaviour of Internet users",
    )
    value: float = param(
        0.5,
        unit="payoff units per period (mean)",
        low=0.0,
        high=100.0,
        doc="Mean private value of the lawful activity (exponential over subjects).",
        clause="assumption; no source measures it, swept",
    )
    risk: float = param(
        5.0,
        unit="multiple of the false-finding chance",
        low=0.0,
        high=1000.0,
        doc="How much likelier the activity is thought to be recorded than an honest dealing.",
        clause="§II(3): 'rumors' on the network blacklist; Penney 2016; assumption, swept "
        "over 1-20",
    )


class Chilling(Mechanism):
    """The lawful activity forgone for fear of a record."""

    name = "chilling"
    Params = Params
    title = "Chilling effects"

    def setup(self) -> None:
        """Draw each subject's value of the activity (in units of the mean)."""
        self.worth = self.rng.standard_exponential(self.model.subjects.n)
        self._chilled = 0
        self._loss = 0.0

    def feared_cost(self) -> np.ndarray:
        """Expected cost of doing the activity, per subject: ``q * C``."""
        m = self.model
        e = m.period.e_expected
        if not e.any():
            return np.zeros(m.subjects.n)
        q = np.minimum(self.p.risk * e.astype(np.float64), 1.0)
        return q * m.mechanisms["decision"].cost_of_false_finding()

    def weigh(self) -> None:
        """Subjects forgo the activity where its value is below the cost they fear."""
        n = self.model.subjects.n
        value = self.p.value * self.worth
        chilled = value < self.feared_cost()
        self._chilled = int(np.count_nonzero(chilled))
        self._loss = float(value.sum(where=chilled)) / n

    def outcomes(self) -> dict[str, float]:
        """Share of subjects who forgo the activity, and the value forgone per subject."""
        if not self.enabled:
            return {"chilled_share": 0.0, "chilling_loss": 0.0}
        return {
            "chilled_share": self._chilled / self.model.subjects.n,
            "chilling_loss": self._loss,
        }
