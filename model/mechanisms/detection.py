"""Monitoring: departments detect violations, harmed partners report, errors happen.

Rule. Before acting, each actor faces a detection probability
``1 - (1 - detection.probability) * (1 - detection.report_rate)``: the competent
department finds the violation, or the harmed partner reports it (mechanisms such as
``domains`` and ``whistleblower`` adjust this probability in their own steps). After
acting, a violation is detected with that probability; an honest act is wrongly found
to be a violation with probability ``detection.false_record_rate``. A finding is
serious with probability ``detection.serious_share``, else minor.

Outline: §IV(1) (departments record credit information in their areas), §V(1)
("improve the system of record and disclosure of untrustworthy information"), §V(2)
(records must be "objective, true, accurate"; the error rate measures how far they are
not). No national figure exists for detection or error rates: both are swept.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    def assess(self) -> None:
        """Set each actor's probability of being found out if it breaks faith."""
        p = self.p
        self.model.period.p_detect[:] = 1.0 - (1.0 - p.probability) * (1.0 - p.report_rate)

    def monitor(self) -> None:
        """Find violations and make false findings."""
        per = self.model.period
        n = len(per.honest)
        u = self.rng.random(n)
        per.detected[:] = per.cheated & (u < per.p_detect)
        honest_acts = per.transacted & per.honest
        per.false_record[:] = honest_acts & (u < self.p.false_record_rate)
        per.serious[:] = per.found & (self.rng.random(n) < self.p.serious_share)
