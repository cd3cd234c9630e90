"""Sanctions: an administrative fine on every finding of a violation.

Rule. Every actor whose finding of a violation stands this period (true or false, with
or without a credit file; not forgiven, voided on objection or blocked by a local
government; a finding whose objection is still waiting stands) is fined:
``sanctions.fine``, times the factor of the graded schedule when ``graded`` is on
(``Graded.fine_factor``: a warning instead of a fine for a first minor finding, a
multiple for a serious one). The fine is charged once, on the ledger as the procedural
steps left it. With ``sanctions.ability_to_pay`` on, it is paid only by an actor who
can pay it (``means``): a fine that cannot be paid is defaulted on and not collected
(the finding still stands, is recorded and may list), and it does not deter an actor
who could not pay it. Off by default: administrative fines are collected from those in
economic difficulty by deferral or instalments and, unpaid, by compulsory enforcement
with a daily surcharge (Administrative Punishment Law, 2021 revision, Arts 66 and 72;
not checked against the official text here), and the exempt part of ``means`` is set
from the court list (judgment debts), where it makes about a third of debtors unable to pay:
applied to fines as well it leaves about a third of all fines unpaid and takes most of
their deterrent away (docs/mechanisms/means.md). A fine paid is a
transfer: it lowers the subject's payoff and is the state's revenue
(``model.accounts``); the fine each actor paid is kept in ``period.fined`` (an
objection upheld later refunds exactly that). Its deterrent value to an actor is
``p_expected * fine`` (0 for an actor who could not pay it, when fines can be defaulted
on; times the expected factor, see ``graded``), and an honest actor expects the same
fine for a false finding (``false_finding_cost``).

Outcomes: ``fines_defaulted_per_subject`` (fines not paid for want of means, per
subject) and ``fine_default_rate`` (standing findings whose fine was not paid, over
standing findings with a fine; NaN when there were none).

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
    ability_to_pay: bool = param(
        False,
        unit="switch",
        doc="A fine the subject cannot pay (means) is defaulted on: not collected, no deterrent.",
        clause="§V(1); unpaid fines are deferred, paid in instalments or enforced "
        "(Administrative Punishment Law 2021, Arts 66, 72): off by default, swept",
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
        """Expected fine of a violation, for the actors who could pay it."""
        return self.model.period.p_expected * self.fine_at_stake()

    def false_finding_cost(self) -> np.ndarray | float:
        """The fine a false finding costs (a false finding is fined like a true one)."""
        return self.fine_at_stake()

    def fine_at_stake(self) -> np.ndarray | float:
        """The fine a finding would cost each actor: the fine, or 0 for an actor who could
        not pay it when fines can be defaulted on.
        """
        if not self.p.ability_to_pay:
            return self.p.fine
        can = self.model.mechanisms["means"].can_pay(self.p.fine)
        return self.p.fine * can

    def setup(self) -> None:
        """No fines defaulted yet."""
        self._defaulted = (0, 0.0, 0)

    def fine(self) -> None:
        """Charge the fine, once, to every actor whose finding stands and who can pay."""
        m = self.model
        s, per = m.subjects, m.period
        stands = per.sanctionable
        graded = m.mechanisms["graded"]
        means = m.mechanisms["means"]
        fine = np.float32(self.p.fine)
        if graded.enabled:
            fine = fine * graded.fine_factor()  # float32
        # fine * stands is the fine or 0 (exact); branch-free, unlike a masked subtract;
        # written straight into the period's record of fines paid
        due = np.multiply(fine, stands, out=per.fined)
        if means.enabled and self.p.ability_to_pay:
            unpaid = (due > 0) & ~means.can_pay(due)
            self._defaulted = (
                int(np.count_nonzero(unpaid)),
                float(due.sum(where=unpaid, dtype=np.float64)),
                int(np.count_nonzero(due > 0)),
            )
            due[unpaid] = 0.0  # not collected: what was charged is what is left
        s.payoff -= per.fined
        per.accounts.collect("fines", float(per.fined.sum(dtype=np.float64)))

    def outcomes(self) -> dict[str, float]:
        """Fines not paid for want of means."""
        if not self.enabled:
            return {"fines_defaulted_per_subject": 0.0, "fine_default_rate": float("nan")}
        n_unpaid, amount, n_due = self._defaulted
        return {
            "fines_defaulted_per_subject": amount / self.model.subjects.n,
            "fine_default_rate": n_unpaid / n_due if n_due else float("nan"),
        }
