"""Ability to pay: who can pay a fine or a judgment debt, and who cannot.

Rule. A subject's *means* are its wealth plus its payoff so far in the period. Part of
them is exempt: the necessities of life of the debtor and its dependants, which courts
must leave to a debtor they enforce against, and which an administrative fine does not
reach either. The exempt part is ``means.protected`` times the mean means of all
subjects (a relative standard: the model's payoffs accumulate without consumption, so
only a subject's position relative to the others carries economic meaning). A subject
*can pay* an amount when its means less the exempt part are at least that amount:

    available = max(wealth + payoff - protected * mean(wealth + payoff), 0)
    can pay A  <=>  available >= A

A debt that cannot be paid is defaulted on, not paid in part (instalments and partial
payment are left out). Who reads this rule, and what default means there:

* ``sanctions`` (with ``sanctions.ability_to_pay`` on; off by default): a fine a
  subject cannot pay is not collected (it is not revenue); the finding stands, is
  recorded and may list;
* ``judicial``: a judgment debtor who cannot pay the damages defaults of necessity
  and cannot be enforced against; whether the court list takes such debtors is
  ``judicial.list_unable``.

Both read it when they charge, and subjects read it when they weigh a violation: a
subject who could not pay a fine does not fear it (the judgment-proof problem, Shavell
1986, "The judgment proof problem", *International Review of Law and Economics* 6(1)).

Calibration. ``means.protected`` sets the share of debtors who cannot pay. At the
default, about a third of judged debtors cannot pay (the model's earlier flat draw
assumed 40%), which keeps the court list's stock and inflow of persons where
docs/validation.md puts them (0.5-1% of persons; about 2e-4 entries per person and
month). To reproduce another target share of unable debtors, raise or lower
``protected`` and read the outcome ``judgments_unable_rate``: a table of the two is in
docs/mechanisms/means.md. No source gives the share of judgment debtors unable to pay
(docs/sources.md; the 2025 reforms separate them from the dishonest, R7).

Switched off, every subject can pay everything (the model before this rule).

Outline: §II(4) judicial public trust ("increase the rate of implementation of legal
instruments in force": what cannot be enforced for want of means is not a failure of
will). The exempt part follows the Civil Procedure Law's rule that enforcement leaves
the debtor and its dependants the necessities of life; its size is not sourced.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """The exempt part of a subject's means."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Subjects differ in ability to pay; a debt that cannot be paid is defaulted on.",
        clause="§II(4): judicial public trust; SPC 2025 reforms separate the dishonest from "
        "those unable to pay (docs/sources.md R7)",
    )
    protected: float = param(
        0.92,
        unit="multiple of the mean subject's means",
        low=0.0,
        high=10.0,
        doc="Means exempt from payment (necessities of life), relative to the mean subject's.",
        clause="no source gives the share of debtors unable to pay: set so that about a "
        "third of judged debtors cannot pay, keeping the court list at docs/validation.md; "
        "swept",
    )


class Means(Mechanism):
    """Who can pay a fine or a judgment debt."""

    name = "means"
    Params = Params
    title = "Ability to pay"

    def available(self, idx: np.ndarray | None = None) -> np.ndarray:
        """Means each subject (of ``idx``; all when None) could pay now (payoff units).

        With the rule switched off, infinite: every debt can be paid.
        """
        s = self.model.subjects
        n = s.n if idx is None else len(idx)
        if not self.enabled:
            return np.full(n, np.inf)
        means = s.wealth + s.payoff
        exempt = self.p.protected * float(means.mean())
        own = means if idx is None else means[idx]
        return np.maximum(own - exempt, 0.0)

    def can_pay(self, amount: np.ndarray | float, idx: np.ndarray | None = None) -> np.ndarray:
        """Whether each subject (of ``idx``) can pay ``amount`` (one or one each) now."""
        return self.available(idx) >= amount
