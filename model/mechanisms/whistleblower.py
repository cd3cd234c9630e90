"""Whistle-blowers: third parties report violations for a reward.

Rule. Every network neighbour of an actor other than its partner (the harmed party,
whose reports are ``detection.report_rate``) is a potential witness. Each witness
reports a violation with probability

    w(reward) = base_rate + (max_rate - base_rate) * (1 - exp(-elasticity * reward))

a saturating response to the reward (reporting rises with the reward but not beyond
``max_rate``: witnessing, fear of retaliation and effort cap it). With ``k`` witnesses
(degree minus one) the violation is reported with probability ``1 - (1 - w)^k``, which
raises the actor's detection probability to ``1 - (1 - p_detect) * (1 - p_report)``.
Because both routes are independent, a detected violation was (also) reported with
probability ``p_report / p_detect``; such a violation earns one witness, drawn
uniformly among the actor's neighbours other than its partner, the reward
``whistleblower.reward`` from the public budget (``period.rewards``).

False and malicious reports (critical study): each honest act is falsely reported
with probability ``false_report_rate * reward`` (capped at 1), i.e. the temptation to
invent a report grows with its price. A false report becomes a false finding in the
period's ledger (unless forgiven, voided on objection or blocked it is recorded, fined
and may list, like a department's error) and its reporter is paid, since the authority
cannot tell it from a true one when it pays; the reward is not clawed back when
``appeals`` voids the finding.

Outline: §V(1) ("Establish a reward and reporting system for untrustworthy behavior.
Effectively implement rewards for whistle-blowers and protect the legitimate rights and
interests of whistle-blowers"; "give play to the role of mass discussion ... criticize
and report"). The Outline names no reward level and no response of reporting to it:
``reward``, ``base_rate``, ``max_rate`` and ``elasticity`` are swept assumptions.
Protection of whistle-blowers is represented by the absence of retaliation costs.

Reports go to the monitoring departments: with ``detection`` switched off there is no
one to receive them, so the mechanism then does nothing (actors would otherwise expect
detections that never happen).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Reward, reporting response and false reports."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Third parties report violations and are rewarded.",
        clause="§V(1): reward and reporting system for untrustworthy behaviour",
    )
    reward: float = param(
        1.0,
        unit="payoff units per report",
        low=0.0,
        high=100.0,
        doc="Reward paid from the budget for a report that leads to a finding.",
        clause="§V(1): 'rewards for whistle-blowers'; swept",
    )
    base_rate: float = param(
        0.005,
        unit="probability per witness",
        low=0.0,
        high=1.0,
        doc="Chance that a witness reports a violation without any reward.",
        clause="§V(1): 'criticize and report'; assumption",
    )
    max_rate: float = param(
        0.05,
        unit="probability per witness",
        low=0.0,
        high=1.0,
        doc="Reporting chance per witness as the reward grows without bound.",
        clause="assumption",
    )
    elasticity: float = param(
        0.5,
        unit="1/payoff unit",
        low=0.0,
        high=100.0,
        doc="How fast reporting rises with the reward towards max_rate.",
        clause="assumption; swept",
    )
    false_report_rate: float = param(
        0.002,
        unit="probability per honest act per payoff unit of reward",
        low=0.0,
        high=1.0,
        doc="Chance per reward unit that an honest act is maliciously reported.",
        clause="§V(1); critical study of paid reporting; assumption",
    )


class Whistleblower(Mechanism):
    """Reporting by third parties, rewards and false reports."""

    name = "whistleblower"
    Params = Params
    title = "Whistle-blower rewards"

    def witness_rate(self) -> float:
        """Reporting probability of one witness at the current reward."""
        p = self.p
        lo, hi = p.base_rate, max(p.max_rate, p.base_rate)
        return lo + (hi - lo) * (1.0 - float(np.exp(-p.elasticity * p.reward)))

    def setup(self) -> None:
        """Precompute the report probability per actor (it depends on degree only)."""
        self._counts = (0, 0)
        self.configure()

    def configure(self) -> None:
        """Report and false-report probabilities from the reward and the network."""
        net = self.model.mechanisms["interaction"].network
        witnesses = np.maximum(net.degree - 1, 0)
        w = self.witness_rate()
        self.p_report = (1.0 - (1.0 - w) ** witnesses).astype(np.float32)
        self.has_witness = witnesses > 0
        self.p_false = min(self.p.false_report_rate * self.p.reward, 1.0)

    def assess(self) -> None:
        """Raise each actor's detection probability, and its chance of a false report."""
        if not self.model.mechanisms["detection"].enabled:
            return
        per = self.model.period
        per.p_detect[:] = 1.0 - (1.0 - per.p_detect) * (1.0 - self.p_report)
        # an honest act is also falsely reported, where a witness other than the partner
        # exists: 1 - (1 - e)(1 - p_false), as ``report`` draws it
        per.p_false[:] = 1.0 - (1.0 - per.p_false) * (1.0 - self.p_false * self.has_witness)

    def report(self) -> None:
        """Credit detections to witnesses, add false reports, pay the rewards."""
        if not self.model.mechanisms["detection"].enabled:
            return
        m = self.model
        s, per = m.subjects, m.period
        n = s.n
        u_credit = self.rng.random(n)
        u_who = self.rng.random(n)
        u_false = self.rng.random(n)
        u_serious = self.rng.random(n)
        # P(reported | detected) = p_report / p_detect under independent routes (only the
        # detected, a few, are credited: the share is taken at them alone)
        detected = np.flatnonzero(per.detected)
        p_detect = per.p_detect[detected]
        share = np.divide(
            self.p_report[detected],
            p_detect,
            out=np.zeros(len(detected), np.float32),
            where=p_detect > 0,
        )
        true_rep = detected[u_credit[detected] < share]
        # malicious reports against honest acts not already (wrongly) found
        false_rep = per.transacted & per.honest & ~per.false_record & (u_false < self.p_false)
        false_rep &= self.has_witness  # someone other than the partner must report
        per.false_record |= false_rep
        serious_share = m.mechanisms["detection"].serious_share()
        per.open_findings(false_rep)
        false_rep = np.flatnonzero(false_rep)
        per.serious[false_rep[u_serious[false_rep] < serious_share]] = True
        # in id order, as the draws are read (a true report is of a detected act, a false
        # one of an act not found: the two never meet)
        reported = np.sort(np.concatenate([true_rep, false_rep]))
        reporter = self.pick_witness(reported, u_who[reported])
        # each witness paid for each report it made (few: counted at them alone)
        witness, reports = np.unique(reporter, return_counts=True)
        s.payoff[witness] += reports.astype(np.float32) * np.float32(self.p.reward)
        per.accounts.pay("rewards", len(reported) * self.p.reward)
        # malicious reports are investigated and written like any finding
        per.accounts.use("findings", len(false_rep))
        self._counts = (len(true_rep), len(false_rep))

    def pick_witness(self, actors: np.ndarray, u: np.ndarray) -> np.ndarray:
        """One neighbour of each actor other than its partner, uniformly.

        The offset is drawn among the first ``deg - 1`` places of the actor's CSR row;
        if that place holds the partner, the last place is taken instead, so every
        non-partner neighbour has probability ``1 / (deg - 1)``.

        Args:
            actors: Ids of actors with at least two neighbours.
            u: Uniform numbers, one per actor.

        Returns:
            int32 ids of the reporting witnesses.

        """
        net = self.model.mechanisms["interaction"].network
        start = net.indptr[actors]
        deg = net.indptr[actors + 1] - start
        offset = np.minimum((u * (deg - 1)).astype(np.int64), deg - 2)
        pick = net.indices[start + offset]
        partner = self.model.period.partner[actors]
        last = net.indices[start + deg - 1]
        return np.where(pick == partner, last, pick).astype(np.int32)

    def outcomes(self) -> dict[str, float]:
        """Reports and payouts this period, as shares of subjects / per subject."""
        n = self.model.subjects.n
        true_rep, false_rep = self._counts if self.enabled else (0, 0)
        paid = (true_rep + false_rep) * self.p.reward if self.enabled else 0.0
        return {
            "whistleblower_reports": true_rep / n,
            "whistleblower_false_reports": false_rep / n,
            "whistleblower_payouts": paid / n,
        }
