"""Red list: a selective list of trustworthy subjects, with facilitation as its benefit.

Rule. Real red lists are selective (A-grade taxpayers about 5% of assessed firms,
customs' advanced certified enterprises under 1% of traders: docs/sources.md G1, G2, G4)
and mostly for enterprises. A subject of an eligible kind
(``redlist.kinds``) with a credit file, on no list, and without a new record for
``redlist.clean_periods`` periods is a candidate; candidates are admitted in a fixed
order of merit (a rank drawn once per subject, standing for the criteria outside the
model: size, tax paid, years in business) up to the quota ``redlist.share`` of the
subjects of the eligible kinds. Any new record or listing takes a subject off at the
next update (end of period). The status holds in the next period, when

* the subject enjoys the green channel's facilitation (faster procedures, fewer
  documents): ``redlist.facilitation`` payoff units per period, a saving of the
  subject's own costs provided by the administration, counted as rewards paid
  (``rewards_per_subject``);
* its department inspects it less: its monitoring probability is multiplied by
  ``redlist.inspection_factor`` (a benefit that also lowers the chance that its
  violations are found);
* partners who check its status trust it outright (preference in procurement and
  contracting; ``interaction``).

Deterrence: a red-listed actor found to violate loses the status for the clean spell:
``p_expected * facilitation * W``, where ``W`` is the weight of periods 1 ..
clean_periods ahead to the subject (``model.listings.anticipated_periods``; their
number without discounting). A false finding on file costs the status alike
(``false_finding_cost``: ``facilitation * W`` given the finding).

Outline: §V(1) ("strengthen rewards and incentives for trustworthy subjects"; "'green
channel' ... priority procedures and simplify procedures"; commendation through the news
media). The Outline names rewards less concretely than punishments. (In Credit Beijing's
published records Engelmann et al. 2019 [@engelmann2019clear] find "clear sanctions,
vague rewards"; that describes those records, not the Outline: docs/sources.md section
3.) The quota is set to the A-grade taxpayers' share (docs/sources.md G1, G2); the
benefits' sizes are swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.params import param
from model.population import FIRM, PERSON


@dataclass(frozen=True)
class Params:
    """Who can be red-listed, how many, and what the list gives."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="A selective red list of trustworthy subjects with facilitation benefits.",
        clause="§V(1): rewards and incentives for trustworthy subjects",
    )
    kinds: str = param(
        "firms",
        unit="-",
        choices=("firms", "firms_and_persons"),
        doc="Kinds of subject that can be red-listed.",
        clause="§V(1); red lists mostly rate enterprises (docs/sources.md G1-G4)",
    )
    share: float = param(
        0.05,
        unit="share of eligible kinds",
        low=0.0,
        high=1.0,
        doc="Quota: the largest share of the eligible kinds on the red list.",
        clause="§V(1); A-grade taxpayers 4.9% (2019) and about 5.9% (2020) of assessed firms "
        "(docs/sources.md G1, G2); swept 1-6%",
    )
    clean_periods: int = param(
        12,
        unit="periods (months)",
        low=0,
        high=1200,
        doc="Periods without a new record needed to be admitted.",
        clause="§V(1); tax credit grades are assessed yearly (docs/sources.md G1): one clean "
        "year, an assumption",
    )
    facilitation: float = param(
        0.1,
        unit="payoff units per period",
        low=0.0,
        high=100.0,
        doc="Value of the green channel's faster procedures per period on the list.",
        clause="§V(1): green channel, simplified procedures; benefits are facilitation, not "
        "measured in money (docs/sources.md G3, G4): swept",
    )
    inspection_factor: float = param(
        0.5,
        unit="multiple of monitoring probability",
        low=0.0,
        high=1.0,
        doc="Factor on a red-listed subject's chance of being monitored (fewer inspections).",
        clause="§V(1) incentives; fewer random inspections for trusted firms; swept",
    )


class Redlist(Mechanism):
    """Selective red list, facilitation, fewer inspections."""

    name = "redlist"
    Params = Params
    title = "Red list"

    def setup(self) -> None:
        """Draw each subject's fixed merit rank; mark the eligible kinds."""
        s = self.model.subjects
        #: Fixed merit rank of every subject (drawn once): the best are admitted first.
        self.merit = self.rng.random(s.n)
        self.configure()

    def configure(self) -> None:
        """Eligible kinds, their merit order and the quota from the parameters."""
        s = self.model.subjects
        self.eligible = s.kind == FIRM
        if self.p.kinds == "firms_and_persons":
            self.eligible |= s.kind == PERSON
        # kept as ids in merit order so that no period needs a sort
        ids = np.flatnonzero(self.eligible)
        self.order = ids[np.argsort(self.merit[ids], kind="stable")].astype(np.int32)
        self.quota = int(np.floor(self.p.share * len(ids)))

    def on_disable(self) -> None:
        """The red list abolished: nobody is on it from the next period."""
        self.model.subjects.red[:] = False

    # --- accessors -------------------------------------------------------------------
    def clean_spell(self) -> int:
        """Periods a recorded violation keeps a subject off the red list (at least 1)."""
        return max(self.p.clean_periods, 1)

    def facilitation_at_risk(self, p_found: np.ndarray | float) -> np.ndarray:
        """Facilitation a red-listed actor expects to lose when its act is found with
        probability ``p_found``.
        """
        m = self.model
        # the same for every actor and for both acts: computed once while the choice reads
        periods = m.period.derived(
            ("redlist", "clean_spell_periods"),
            lambda: listings.anticipated_periods(m, 1, self.clean_spell()),
        )
        at_risk = self.p.facilitation * periods
        if np.ndim(p_found) == 0 and p_found == 1.0:
            return m.subjects.red * at_risk  # 1 * red is red, exactly
        return p_found * m.subjects.red * at_risk

    def deterrence(self) -> np.ndarray:
        """Facilitation a red-listed actor puts at risk by breaking faith."""
        return self.facilitation_at_risk(self.model.period.p_expected)

    def false_finding_cost(self) -> np.ndarray:
        """Facilitation a false finding on file costs a red-listed actor."""
        return self.facilitation_at_risk(1.0)

    # --- steps -------------------------------------------------------------------------
    def inspect(self) -> None:
        """Red-listed subjects' departments monitor them less."""
        per, red = self.model.period, self.model.subjects.red
        # the few on the list: their float32 chance times the factor, the rest unchanged
        idx = np.flatnonzero(red)
        per.p_monitor[idx] *= np.float32(self.p.inspection_factor)

    def update(self) -> None:
        """Admit candidates in merit order up to the quota (end of period)."""
        m = self.model
        s, t = m.subjects, m.period.t
        # the spell the deterrence term counts: a new record always costs a period; no
        # record (-1) or the last one at least clean_spell periods ago (integers)
        clean = s.last_record <= max(t - self.clean_spell(), -1)
        # on no list as published: every listing ends by t + 1
        candidate = s.listing_end() <= t + 1
        candidate &= s.has_file
        candidate &= clean
        in_order = candidate[self.order]
        # the first ``quota`` candidates in merit order
        admitted = in_order & (np.cumsum(in_order) <= self.quota)
        s.red[:] = False
        s.red[self.order[admitted]] = True

    def reward(self) -> None:
        """Red-listed subjects enjoy the facilitation."""
        s, per = self.model.subjects, self.model.period
        # the few on the list (adding 0 to the others would change nothing)
        idx = np.flatnonzero(s.red)
        s.payoff[idx] += np.float32(self.p.facilitation)
        # a service the administration provides: the state's cost (model.accounts)
        per.accounts.pay("rewards", float(len(idx)) * self.p.facilitation)

    def outcomes(self) -> dict[str, float]:
        """Share of subjects on the red list."""
        red = self.model.subjects.red
        return {"redlisted_share": int(np.count_nonzero(red)) / len(red)}
