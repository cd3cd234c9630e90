"""Credit repair: lifting minor records and listings after a clean spell or a repair act.

Rule. At the end of every period a covered subject whose file holds records, or who is
listed, and who has no *serious* record on file is repaired when

* it has gone ``repair.clean_periods`` periods without a new record (automatic
  restoration), or
* it is listed, repairing pays (what its administrative listings, the only ones repair
  lifts, still cost, by the one listing-cost function ``model.listings.remaining_cost``,
  exceeds ``repair.cost``) and it takes the
  repair action (a course, a commitment letter, a test) with probability
  ``repair.propensity`` per period, paying ``repair.cost``.

Repair erases every record on the subject's file (all of them minor) and lifts its
administrative listings from the next period. The courts' list of judgment defaulters
is not lifted by repair: a defaulter leaves it by performing (``judicial``). A serious
record is on file while its own weight has not yet decayed below
``records.expiry_weight``, i.e. for ``L`` periods after it was written, where ``L`` is
the number of ageings that take ``records.serious_weight`` below the expiry weight;
unless ``repair.serious_repairable`` is true, such subjects cannot be repaired.
``last_record`` is left as it is: a repaired subject must still serve its clean spell
before the red list.

Leniency (``repair.first_offence_leniency``): a subject's first minor finding (it has
never had a record) is forgiven in the period's ledger before anything acts on it:
neither recorded nor fined, once per subject, as in the "first violation not punished"
(首违不罚) rule of the 2021 Administrative Penalty Law. Actors anticipate it: their expected
fine falls by ``p_expected * (1 - serious_share) * fine`` while the leniency is still
available to them. The rule forgives a first minor finding whether it is true or false,
so an honest actor's expected fine of a false finding falls by the same ``(1 -
serious_share) * fine`` (``false_finding_cost``). The possibility of later repair is
*not* anticipated (a conservative choice: it would lower deterrence further).

The repair fee is a deadweight cost (paid to course providers outside the model).

Outline: §V(4) ("Establish a social encouragement and care mechanism that is
self-correcting and self-motivated ... through the appropriate protection of members of
society who have repented and corrected the old and slightly untrustworthy behavior, a
positive incentive mechanism for trustworthiness is formed"). "Credit repair" as a
named procedure is a later policy (the NDRC's repair measures of 2023,
[@ndrc2023repair]); the Outline does not say how long a clean spell is or what a repair
costs. The default clean spell is the shortest publicity period of general
untrustworthiness information, 3 months ([@ndrc2025repair], docs/sources.md A12); the
cost is swept (a report of a cheap paid repair course could not be found: docs/sources.md
section 3). The SPC's yearly counts of subjects who "returned to the market through
credit repair" count exits from the court list for any reason (performance, settlement,
no property, expiry: docs/sources.md C16, section 3), not repairs of administrative
records, and are not used here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.mechanisms.blacklist import ADMIN_DOMAINS
from model.params import param
from model.period import FORGIVEN

#: Periods ahead a listed subject counts when it weighs the repair action.
PLANNING_HORIZON = 120


@dataclass(frozen=True)
class Params:
    """Clean spell, repair action and leniency."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Minor records and listings are lifted after a clean spell or a repair act.",
        clause="§V(4): self-correcting mechanism, protection of those who have corrected",
    )
    clean_periods: int = param(
        3,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Periods without a new record after which minor records are erased.",
        clause="§V(4); shortest publicity of general untrustworthiness information: 3 months "
        "(NDRC 2025, docs/sources.md A12); swept",
    )
    cost: float = param(
        1.0,
        unit="payoff units",
        low=0.0,
        high=1000.0,
        doc="Cost of the repair action (course, commitment, test).",
        clause="§V(4); no source gives the cost (docs/sources.md section 3): assumption, swept",
    )
    propensity: float = param(
        0.2,
        unit="probability per period",
        low=0.0,
        high=1.0,
        doc="Chance per period that a listed subject for whom repair pays takes it.",
        clause="§V(4); assumption",
    )
    first_offence_leniency: bool = param(
        False,
        unit="switch",
        doc="A subject's first minor finding is neither recorded nor fined.",
        clause="§V(4): 'slightly untrustworthy behavior'; Administrative Penalty Law 2021 "
        "(first violation not punished; [@apl2021], not verified at source)",
    )
    serious_repairable: bool = param(
        False,
        unit="switch",
        doc="Serious records can also be repaired.",
        clause="§V(4): only 'slightly untrustworthy behavior' is protected; assumption",
    )


class Repair(Mechanism):
    """Clean-spell restoration, repair actions and first-offence leniency."""

    name = "repair"
    Params = Params
    title = "Credit repair"

    def setup(self) -> None:
        """Per-subject memory of used leniency."""
        n = self.model.subjects.n
        self.forgiven_ever = np.zeros(n, dtype=bool)
        self._counts = (0, 0, 0)

    @property
    def last_serious(self) -> np.ndarray:
        """Period of each subject's latest serious record (-1: none).

        Kept by ``records`` from the first period (``Subjects.last_serious``), not by
        this mechanism: repair switched on mid-run (a reform, ``model.set``) must know
        the serious records written before, which it cannot repair.
        """
        return self.model.subjects.last_serious

    @property
    def serious_life(self) -> int:
        """Periods a serious record's own weight stays on file (ageings before erasure).

        Read from ``records`` when needed, so that a change of its parameters acts.
        """
        records = self.model.mechanisms["records"]
        return records.lifetime(records.weight_of(serious=True))

    def lenient_now(self) -> np.ndarray:
        """Subjects whose next minor finding would be forgiven."""
        s = self.model.subjects
        return s.has_file & (s.last_record < 0) & ~self.forgiven_ever

    def forgiven_fine(self, p_found: np.ndarray | float) -> np.ndarray | float:
        """The expected fine an actor escapes while its first-offence leniency is unused,
        when its act is found with probability ``p_found`` (negative).
        """
        m = self.model
        if not self.p.first_offence_leniency or not m.mechanisms["sanctions"].enabled:
            return 0.0
        minor = 1.0 - m.mechanisms["detection"].serious_share()
        fine = m.mechanisms["sanctions"].amount()
        return -p_found * minor * fine * self.lenient_now()

    def deterrence(self) -> np.ndarray | float:
        """The expected fine an actor escapes while its first-offence leniency is unused."""
        return self.forgiven_fine(self.model.period.p_expected)

    def false_finding_cost(self) -> np.ndarray | float:
        """The fine of a false finding forgiven under first-offence leniency (negative)."""
        return self.forgiven_fine(1.0)

    def forgive(self) -> None:
        """First minor findings of never-recorded subjects are dropped (leniency)."""
        if not self.p.first_offence_leniency:
            self._counts = (0, 0, 0)
            return
        per = self.model.period
        lenient = per.mark(~per.serious & self.lenient_now(), FORGIVEN)
        self.forgiven_ever |= lenient
        self._counts = (0, 0, int(lenient.sum()))

    def serious_on_file(self) -> np.ndarray:
        """Subjects whose file still holds the weight of a serious record."""
        t = self.model.period.t
        return (self.last_serious >= 0) & (t - self.last_serious < self.serious_life)

    def restore(self) -> None:
        """Erase minor records and lift listings of repaired subjects (end of period)."""
        m = self.model
        s, t = m.subjects, m.period.t
        u = self.rng.random(s.n)
        listed_next = s.listed(t + 1)
        total = s.records[:, 0].copy()
        for d in range(1, s.records.shape[1]):
            total += s.records[:, d]
        pending = s.has_file & ((total > 0) | listed_next)
        if not self.p.serious_repairable:
            pending &= ~self.serious_on_file()
        clean = (s.last_record >= 0) & (t - s.last_record >= self.p.clean_periods)
        repaired = pending & clean  # automatically, after a clean spell
        # the few listed who consider the repair action weigh what it would save: what
        # repair lifts, the departments' listings, not the courts'
        weigh = np.flatnonzero(pending & ~repaired & listed_next & (u < self.p.propensity))
        saved = listings.remaining_cost(m, PLANNING_HORIZON, ADMIN_DOMAINS, idx=weigh)
        act = weigh[saved > self.p.cost]
        repaired[act] = True
        idx = np.flatnonzero(repaired)
        s.records[idx] = 0.0
        s.false_records[idx] = 0.0
        for d in ADMIN_DOMAINS:
            listings.lift(s, idx, t, domain=d)
        s.payoff[act] -= np.float32(self.p.cost)
        if len(idx) and m.mechanisms["scoring"].enabled:
            # only the repaired files changed: rescoring everyone here would move every
            # other score to after this period's ageing, and only in periods with a repair
            m.mechanisms["scoring"].rescore(idx)
        self._counts = (len(idx), len(act), self._counts[2])

    def outcomes(self) -> dict[str, float]:
        """Shares of subjects repaired, taking the repair action and forgiven."""
        n = self.model.subjects.n
        rep, act, forg = self._counts if self.enabled else (0, 0, 0)
        return {"repaired": rep / n, "repair_actions": act / n, "forgiven": forg / n}
