"""Legitimacy and procedural justice: subjects' own view of the system's fairness.

People comply with rules they see as legitimate, and they judge legitimacy above all
by how fairly they are treated (procedural justice: Tyler 2006; Levi, Sacks and Tyler
2009); Epstein 2002 uses perceived legitimacy the same way, as what holds agents back
from defiance when the risk of arrest does not. Here each subject holds a perceived
legitimacy of the credit system, ``L`` in [0, 1], that its own and its neighbours'
treatment by the system moves.

Rule (``update``, at the end of every period, once the period's findings, objections
and listings are settled):

* **fair treatment**: ``L`` returns towards the level of the subject's region,
  ``L += legitimacy.recovery * (base - L)``, where ``base`` is ``legitimacy.initial``
  times the region's legitimacy kept by ``government`` (its promises kept or broken)
  when that mechanism is on, and ``legitimacy.initial`` otherwise;
* **wronged**: a subject whose honest act was wrongly found and whose finding stayed on
  its file (it stood, or was only blocked from sanctions: not voided on objection or
  forgiven), or who was newly put on a list that rests on a false record (its own or,
  for a legal representative, its firm's), loses the share ``legitimacy.own_loss`` of
  its legitimacy;
* **a neighbour wronged**: for each network neighbour wronged this period it loses the
  share ``legitimacy.neighbour_loss``;
* **an objection upheld**: a subject whose objection to a false finding was upheld
  (voided before anything was charged, ``appeals``) closes the share
  ``legitimacy.upheld_gain`` of its gap to full legitimacy.

Effect on the choice: compliance rests on legitimacy as well as on sanctions, so a
legitimacy deficit lowers the moral cost of breaking faith by ``legitimacy.weight * (1 -
L)`` (``deterrence``, negative; the core assumes a fully legitimate system, ``L = 1``,
and adds nothing). It is the form of the ``government`` mechanism's regional term; with
both mechanisms on, the region's legitimacy feeds each subject's ``base`` and only this
subject-level term enters the choice (government's is then left out: one term, one
owner). An actor unaware of the system (``decision.awareness``) weighs no term of it,
this one included.

Outcomes: ``legitimacy`` (mean), ``legitimacy_person``, ``legitimacy_firm``,
``legitimacy_official`` (means by kind; NaN for a kind with no subjects),
``legitimacy_wrongly_listed`` (mean over subjects on a list resting on a false record;
NaN when there is none) and ``legitimacy_low_share`` (share of subjects below 0.5).
Switched off, the levels are 1.0 (the core's implicit, fully legitimate system) and
``legitimacy_low_share`` is 0.

Outline: §II(1) (government integrity as a "demonstration role"), §V(2) and §V(4)
(objection handling; protection of the rights of credit information subjects). The
Outline gives no magnitudes and no survey measures legitimacy in the model's terms;
approval of the system (docs/sources.md B2: about 80% among internet users; B3:
41-57% among students, falling once informed) is a share approving, not a level:
``legitimacy.initial`` is swept, every rate is an assumption to be swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.outcomes import KIND, margin, published, tally
from model.params import param
from model.period import VOIDED
from model.population import KINDS


@dataclass(frozen=True)
class Params:
    """Level, effect and dynamics of perceived legitimacy."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Subjects' perceived legitimacy moves with their treatment and shifts compliance.",
        clause="§V(2), §V(4): objection handling, rights of credit subjects; Tyler 2006",
    )
    initial: float = param(
        1.0,
        unit="legitimacy (0-1)",
        low=0.0,
        high=1.0,
        doc="Legitimacy at the start and the level fair treatment returns to (times the "
        "region's, with government on).",
        clause="approval: docs/sources.md B2 (about 80%), B3 (41-57%), shares not levels; "
        "1 is the core's implicit system; swept over 0.4-1",
    )
    weight: float = param(
        0.5,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Moral cost of breaking faith lost at legitimacy 0 (none at legitimacy 1).",
        clause="Tyler 2006; Epstein 2002; the form of government.legitimacy_weight; swept",
    )
    own_loss: float = param(
        0.2,
        unit="share of legitimacy",
        low=0.0,
        high=1.0,
        doc="Share of legitimacy lost when one's false finding stays on file or one is "
        "wrongly listed.",
        clause="procedural injustice lowers legitimacy (Tyler 2006); assumption, swept",
    )
    neighbour_loss: float = param(
        0.05,
        unit="share of legitimacy per neighbour",
        low=0.0,
        high=1.0,
        doc="Share of legitimacy lost for each network neighbour wronged in the period.",
        clause="vicarious experience of injustice; assumption, swept",
    )
    upheld_gain: float = param(
        0.1,
        unit="share of gap to 1",
        low=0.0,
        high=1.0,
        doc="Share of the gap to full legitimacy closed when one's objection is upheld.",
        clause="§V(4): objection handling; being heard and corrected (Tyler 2006); swept",
        acts_if=("appeals.enabled", "true", bool),
    )
    recovery: float = param(
        0.02,
        unit="share of gap per period",
        low=0.0,
        high=1.0,
        doc="Share of the gap to the region's level closed each period (fair treatment).",
        clause="assumption (exponential smoothing), swept",
    )


class Legitimacy(Mechanism):
    """Per-subject perceived legitimacy of the credit system."""

    name = "legitimacy"
    Params = Params
    title = "Legitimacy and procedural justice"

    def setup(self) -> None:
        """Every subject starts at its region's level; nobody is wrongly listed yet."""
        s = self.model.subjects
        self.level = np.array(np.broadcast_to(self.baseline(), (s.n,)), dtype=np.float64)
        self._was_wrongly_listed = s.wrongly_listed(self.model.period.t + 1)

    def baseline(self) -> np.ndarray | float:
        """The level each subject's legitimacy returns to (per subject, or one for all)."""
        gov = self.model.mechanisms["government"]
        if gov.enabled:
            # per region, then to its subjects (the same products, a few of them)
            return (self.p.initial * gov.legitimacy())[self.model.subjects.region]
        return self.p.initial

    def deterrence(self) -> np.ndarray:
        """The moral cost of breaking faith that a legitimacy deficit takes away."""
        return -self.p.weight * (1.0 - self.level)

    def update(self) -> None:
        """Fair treatment, wrongs to oneself and one's neighbours, upheld objections."""
        m = self.model
        s, per = m.subjects, m.period
        p = self.p
        level = self.level
        level += p.recovery * (self.baseline() - level)
        listed_wrongly = s.wrongly_listed(per.t + 1)
        wronged = (per.false_record & per.kept_on_file) | (
            listed_wrongly & ~self._was_wrongly_listed
        )
        self._was_wrongly_listed = listed_wrongly
        # the wronged, their neighbours and the upheld are few: each loss and gain is
        # applied to them alone (elsewhere it is a factor of 1 or a gain of 0)
        hit = np.flatnonzero(wronged)
        level[hit] *= 1.0 - p.own_loss
        if p.neighbour_loss > 0.0 and len(hit):
            # how many wronged neighbours each subject has (those with any)
            near, seen = np.unique(
                m.mechanisms["interaction"].network.neighbours_of(hit), return_counts=True
            )
            level[near] *= (1.0 - p.neighbour_loss) ** seen
        upheld = np.flatnonzero(per.false_record & (per.finding == VOIDED))
        level[upheld] += p.upheld_gain * (1.0 - level[upheld])
        np.clip(level, 0.0, 1.0, out=level)
        self._wronged = len(hit)

    def outcomes(self) -> dict[str, float]:
        """Mean legitimacy, by kind, among the wrongly listed, and the share below 0.5."""
        s = self.model.subjects
        sizes = margin(tally(self.model), KIND).tolist()  # subjects of each kind
        pub = published(self.model)
        nan = float("nan")
        if not self.enabled:
            # everyone at full legitimacy: every mean is a sum of ones over their count,
            # exactly 1, with nothing to sum
            mean, total, mean_wrongly, n_low = 1.0, sizes, 1.0, 0
        else:
            level = self.level
            mean = float(level.mean())
            total = np.bincount(s.kind, weights=level, minlength=len(KINDS)).tolist()
            wrongly = pub.wrong_any
            mean_wrongly = float(level[wrongly].mean()) if pub.n_wrongly_listed else nan
            n_low = int(np.count_nonzero(level < 0.5))
        out = {"legitimacy": mean}
        for k, tot, c in zip(KINDS, total, sizes, strict=True):
            out[f"legitimacy_{k}"] = tot / c if c else nan
        out["legitimacy_wrongly_listed"] = mean_wrongly if pub.n_wrongly_listed else nan
        out["legitimacy_low_share"] = n_low / s.n
        return out
