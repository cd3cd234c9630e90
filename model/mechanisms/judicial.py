"""Judicial public trust: lawsuits, judgments, enforcement and the list of judgment defaulters.

Rule (``adjudicate``, after payoffs are settled). A partner harmed by a broken
transaction sues the actor with probability ``judicial.litigation_rate``. One court per
region (a :class:`Court`, a ``mesa.Agent``; the defendant's region has jurisdiction) can
hear ``judicial.capacity`` cases per period per 1,000 subjects of the region; when more
are filed, each filed case is heard with probability ``capacity / filed`` (so courts
hear their capacity on average; unheard cases lapse). A judgment awards damages equal
to the harm (``harm``) to the partner. The debtor then decides:

* **comply voluntarily** (pays the damages) with the logit probability
  ``c = sigmoid(rationality * (e * D + L - D))``, the comparison of paying ``D`` with the
  expected cost of refusing: ``e * D`` (the court enforces the judgment with probability
  ``e = judicial.enforcement_rate`` and seizes the damages) plus ``L =
  judicial.list_duration * judicial.restriction_cost`` (the refuser is listed);
* **refuse**: the court enforces with probability ``e`` (damages seized and paid to the
  partner); whether enforced or not, the refuser is put on the list of dishonest
  judgment debtors for ``judicial.list_duration`` periods (a renewal restarts the term),
  bears ``judicial.restriction_cost`` per listed period (consumption and travel
  restrictions: a deadweight loss), and a record of weight ``records.serious_weight``
  enters the judicial domain of its credit file if it has one.

A judgment is *performed* when paid voluntarily or by enforcement:
``judgments_enforced_rate`` = performed / judgments this period (NaN when there were no
judgments, and when switched off). ``honesty_rate_judicial`` (NaN in the core, where no
ordinary act is judicial) becomes the voluntary compliance rate of this period's
judgments. ``defaulters_share`` is the share of subjects on the defaulter list.

Deterrence. Breaking faith exposes the actor to ``litigation_rate * h_region * (c * D +
(1 - c) * (e * D + L))`` where ``h_region`` is the share of filed cases its court heard
last period (1 at the start). The effect of a judicial record on the score (and so on
blacklisting) is not anticipated.

Outline: §II(4) judicial public trust ("Promote the disclosure of information on
enforcement cases, improve the implementation of linkage mechanisms, and increase the
rate of implementation of legal instruments in force"); the Supreme People's Court list
of dishonest judgment debtors (../shared/notes/empirical-figures.md). Defaults: listing
for two years (SPC provisions, 2017 revision); ``enforcement_rate`` 0.3 because before the
list over 70% of judgment debtors with property evaded enforcement (court statistics,
2008-2012). Litigation rate, capacity and restriction cost are not measured: swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from model.mechanisms.base import Mechanism
from model.mechanisms.interaction import sigmoid
from model.params import param
from model.population import JUDICIAL


@dataclass(frozen=True)
class Params:
    """Litigation, court capacity, enforcement and the defaulter list."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Harmed partners sue; courts judge; refusers are listed as judgment defaulters.",
        clause="§II(4): judicial public trust; SPC list of dishonest judgment debtors",
    )
    enforcement_rate: float = param(
        0.3,
        unit="probability per refused judgment",
        low=0.0,
        high=1.0,
        doc="Chance that the court enforces a judgment the debtor refuses to perform.",
        clause="§II(4): 'increase the rate of implementation'; >70% evaded before the list",
    )
    litigation_rate: float = param(
        0.2,
        unit="probability per broken transaction",
        low=0.0,
        high=1.0,
        doc="Chance that the harmed partner sues the actor.",
        clause="§II(4); swept, no source measures it",
    )
    capacity: float = param(
        20.0,
        unit="cases per period per 1,000 subjects",
        low=0.0,
        high=1000.0,
        doc="Cases a region's court can hear per period, per 1,000 subjects of the region.",
        clause="§II(4): judicial capacity; swept (2016-2018: 16.9 M enforcement cases concluded)",
    )
    list_duration: int = param(
        24,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Length of a listing as a dishonest judgment debtor.",
        clause="SPC provisions on dishonest judgment debtors: two years (2017 revision)",
    )
    restriction_cost: float = param(
        0.1,
        unit="payoff units per period",
        low=0.0,
        high=100.0,
        doc="Cost of consumption and travel restrictions per listed period.",
        clause="§II(4), SPC restrictions on high consumption; swept",
    )


class Court(mesa.Agent):
    """The court of one region.

    Attributes:
        region: Region index.
        capacity: Cases it can hear per period.
        filed: Cases filed this period.
        heard: Cases judged this period.
        hearing_probability: Chance that a filed case was heard this period.

    """

    def __init__(self, model: mesa.Model, region: int, capacity: float) -> None:
        super().__init__(model)
        self.region = region
        self.capacity = float(capacity)
        self.filed = 0
        self.heard = 0
        self.hearing_probability = 1.0

    def docket(self, filed: int) -> float:
        """Take this period's filed cases; return the chance that one is heard."""
        self.filed = int(filed)
        self.hearing_probability = min(1.0, self.capacity / filed) if filed > 0 else 1.0
        return self.hearing_probability


class Judicial(Mechanism):
    """Lawsuits, judgments, enforcement and the defaulter list."""

    name = "judicial"
    Params = Params
    title = "Judicial public trust (judgments and defaulters)"

    def setup(self) -> None:
        """One court per region; nobody is listed as a defaulter at the start."""
        m = self.model
        r = m.world.n_regions
        size = np.bincount(m.subjects.region, minlength=r)
        self.courts = [Court(m, k, self.p.capacity * size[k] / 1000.0) for k in range(r)]
        self.defaulter_until = np.zeros(m.subjects.n, dtype=np.int32)
        self._judged = 0
        self._complied = 0
        self._performed = 0

    def damages(self) -> float:
        """Damages awarded by a judgment: the partner's harm."""
        return self.model.world.harm

    def listing_cost(self) -> float:
        """Cost a debtor bears over one listing as a defaulter."""
        return self.p.list_duration * self.p.restriction_cost

    def compliance_probability(self) -> float:
        """Chance that a debtor performs a judgment voluntarily (logit rule)."""
        d, e = self.damages(), self.p.enforcement_rate
        refuse_cost = e * d + self.listing_cost()
        beta = self.model.params["decision.rationality"]
        return float(sigmoid(np.float64(beta * (refuse_cost - d))))

    def judgment_cost(self) -> float:
        """Expected cost to a debtor of a judgment against it."""
        d, e, c = self.damages(), self.p.enforcement_rate, self.compliance_probability()
        return c * d + (1.0 - c) * (e * d + self.listing_cost())

    def deterrence(self) -> np.ndarray:
        """Expected judicial cost of breaking faith: sued, heard, judged."""
        heard = np.array([c.hearing_probability for c in self.courts])
        cost = self.p.litigation_rate * self.judgment_cost()
        return cost * heard[self.model.subjects.region]

    def adjudicate(self) -> None:
        """File, hear and judge this period's disputes; enforce, list and restrict."""
        m = self.model
        s, per = m.subjects, m.period
        n = s.n
        u_sue = self.rng.random(n)
        u_hear = self.rng.random(n)
        u_comply = self.rng.random(n)
        u_enforce = self.rng.random(n)
        filed = per.cheated & (u_sue < self.p.litigation_rate)
        r = len(self.courts)
        n_filed = np.bincount(s.region[filed], minlength=r)
        p_hear = np.array([c.docket(n_filed[c.region]) for c in self.courts])
        judged = filed & (u_hear < p_hear[s.region])
        n_heard = np.bincount(s.region[judged], minlength=r)
        for c in self.courts:
            c.heard = int(n_heard[c.region])
        comply = judged & (u_comply < self.compliance_probability())
        refuse = judged & ~comply
        seized = refuse & (u_enforce < self.p.enforcement_rate)
        performed = comply | seized
        # damages: a transfer from the debtor to the partner it harmed
        d = self.damages()
        np.subtract(s.payoff, np.float32(d), out=s.payoff, where=performed)
        paid_to = per.partner[performed]
        s.payoff += (np.bincount(paid_to, minlength=n) * d).astype(np.float32)
        # refusers are listed as dishonest judgment debtors; the listing enters the
        # judicial domain of their credit file (§II(4), SPC list)
        self.defaulter_until[refuse] = per.t + self.p.list_duration
        if m.mechanisms["records"].enabled:
            idx = np.flatnonzero(refuse & s.has_file)
            s.records[idx, JUDICIAL] += np.float32(m.params["records.serious_weight"])
            s.last_record[idx] = per.t
        listed = self.defaulter_until > per.t
        np.subtract(s.payoff, np.float32(self.p.restriction_cost), out=s.payoff, where=listed)
        self._judged = int(np.count_nonzero(judged))
        self._complied = int(np.count_nonzero(comply))
        self._performed = int(np.count_nonzero(performed))

    def defaulters(self) -> np.ndarray:
        """Mask of subjects on the defaulter list in the latest period."""
        return self.defaulter_until > self.model.period.t

    def outcomes(self) -> dict[str, float]:
        """Performed share of judgments, defaulter share, voluntary compliance."""
        n = self.model.subjects.n
        if not self.enabled:
            return {
                "judgments_enforced_rate": float("nan"),
                "defaulters_share": 0.0,
                "judgments_per_subject": 0.0,
            }
        j = self._judged
        return {
            "judgments_enforced_rate": self._performed / j if j else float("nan"),
            "defaulters_share": int(np.count_nonzero(self.defaulters())) / n,
            "judgments_per_subject": j / n,
            "honesty_rate_judicial": self._complied / j if j else float("nan"),
        }
