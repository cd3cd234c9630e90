"""Monitoring: departments detect violations, harmed partners report, errors happen.

Rule. Before acting, each actor faces a detection probability
``1 - (1 - q) * (1 - detection.report_rate)``: the competent department's monitoring
finds the violation (``q``, ``detection.probability`` unless ``domains``,
``government`` or ``redlist`` set it otherwise in their steps between ``plan`` and
``assess``), or the harmed partner reports it (``whistleblower`` adds third-party
witnesses after ``assess``). After acting, a violation is detected with that
probability; an honest act is wrongly found to be a violation with probability
``detection.false_record_rate``. A finding is serious with probability
``detection.serious_share``, else minor. Every finding enters the period's ledger as
standing (``model.period``), where procedural steps may mark it before it is acted on.
Both chances are set per actor before the choice (``period.p_detect``,
``period.p_false``): actors weigh the first if they break faith and the second if they
keep it (``decision``).

Outline: §IV(1) (departments record credit information in their areas), §V(1)
("improve the system of record and disclosure of untrustworthy information"), §V(2)
(records must be "objective, true, accurate"; the error rate measures how far they are
not). No national figure exists for detection or error rates: both are swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Detection, reporting and recording errors."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Departments monitor acts and find violations.",
        clause="§IV(1), §V(1): record of untrustworthy information",
    )
    probability: float = param(
        0.15,
        unit="probability per violation",
        low=0.0,
        high=1.0,
        doc="Chance that the competent department detects a violation.",
        clause="§IV(1); swept, no source measures it",
    )
    report_rate: float = param(
        0.1,
        unit="probability per violation",
        low=0.0,
        high=1.0,
        doc="Chance that the harmed partner reports the violation.",
        clause="§V(1): 'criticize and report'; swept",
    )
    false_record_rate: float = param(
        0.01,
        unit="probability per honest act",
        low=0.0,
        high=1.0,
        doc="Chance that an honest act is wrongly found to be a violation.",
        clause="§V(2): records should be accurate; no national figure exists, swept",
    )
    serious_share: float = param(
        0.1,
        unit="share of findings",
        low=0.0,
        high=1.0,
        doc="Share of findings that are serious violations.",
        clause="§V(1): 'types and extent of untrustworthiness'; assumption",
    )


class Detection(Mechanism):
    """Detection probability, findings and false findings."""

    name = "detection"
    Params = Params
    title = "Monitoring and detection"
    #: Departments' care in recording; 1 until a liability rule sets it (``set_care``).
    _care: float = 1.0

    # --- accessors for the rules that build on detection ----------------------------
    def serious_share(self) -> float:
        """Share of findings that are serious (0 when nobody monitors)."""
        return self.p.serious_share if self.enabled else 0.0

    def base_probability(self) -> float:
        """The competent department's chance of detecting a violation, before adjustments."""
        return self.p.probability if self.enabled else 0.0

    def false_record_rate(self) -> float:
        """Chance that an honest act is wrongly found to be a violation.

        ``detection.false_record_rate`` divided by the departments' care (1 unless a
        liability rule raises it through :meth:`set_care`).
        """
        return self.p.false_record_rate / self._care if self.enabled else 0.0

    def care(self) -> float:
        """The departments' care in recording (1: as at ``detection.false_record_rate``)."""
        return self._care

    def set_care(self, care: float) -> None:
        """Hook for a liability rule (``appeals``): departments record with ``care >= 1``.

        Care divides the false-record rate and multiplies the unit cost of a finding
        (care is paid for: ``state.finding_cost``); it takes effect from the next
        ``monitor``.
        """
        if not care >= 1.0:
            raise ValueError(f"care must be at least 1, got {care!r}")
        self._care = float(care)

    # --- steps -------------------------------------------------------------------------
    def plan(self) -> None:
        """Every actor's department monitors with the base probability."""
        self.model.period.p_monitor[:] = self.p.probability

    def assess(self) -> None:
        """Set each actor's probability of being found out if it breaks faith, and of
        being wrongly found if it keeps faith.
        """
        per = self.model.period
        # 1 - (1 - q)(1 - r), in float32 like the arrays it is stored in
        miss = np.float32(1.0) - per.p_monitor
        miss *= np.float32(1.0 - self.p.report_rate)
        np.subtract(np.float32(1.0), miss, out=per.p_detect)
        # the rate monitor() records with: departments' care included (subjects with
        # rational expectations know the actual chance, not the nominal one)
        per.p_false[:] = self.false_record_rate()

    def monitor(self) -> None:
        """Find violations and make false findings; enter them in the ledger."""
        per = self.model.period
        n = len(per.honest)
        u = self.rng.random(n)
        detected = np.less(u, per.p_detect, out=per.detected)
        detected &= per.cheated
        # care 1 divides by 1.0: the same threshold, bit for bit, as without the hook
        false = np.less(u, self.p.false_record_rate / self._care, out=per.false_record)
        false &= per.transacted
        false &= per.honest
        found = detected | false
        serious = np.less(self.rng.random(n), self.p.serious_share, out=per.serious)
        serious &= found
        per.open_findings(found)
        # the state's activities (priced by ``state``): inspections of the acts that took
        # place, findings investigated and written with the departments' care
        inspected = per.p_monitor.sum(where=per.transacted, dtype=np.float64)
        per.accounts.use("inspections", float(inspected))
        per.accounts.use("findings", int(np.count_nonzero(found)) * self._care)
