"""Blacklist: listing of the untrustworthy for a duration, with restrictions.

Rule. When a finding is written to a subject's file, the subject is listed (or its
listing is renewed) for ``blacklist.duration`` periods if the finding is serious, or,
under the ``score`` trigger, if its score has fallen below ``blacklist.threshold``.
Under the ``violation`` trigger only serious violations list: the two designs observers
distinguish (a listing driven by a specific violation, as in most central lists, or by
a score, as in some local schemes; see docs/ODD.md). A listed subject pays
``blacklist.cost`` per period (higher fees, loss of facilitation; a deadweight loss),
is refused by partners who check its status (``market``) and is publicly exposed
(``social``). A listing is *wrongful* when at the moment of listing the subject's file
holds at least one false record.

Deterrence: an actor expects ``p_detect * P(listed | found) * duration * (cost +
screening * surplus)``, where ``P(listed | found)`` follows from its current score.

Outline: §V(1) ("establish a blacklist system and market exit mechanism for various
industries"; "make untrustworthy people restricted in market transactions"). Default
duration: two years, as in the Supreme People's Court provisions on the list of
dishonest judgment debtors (2017 revision; ../shared/notes/empirical-figures.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Listing rule, duration and cost."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Subjects are blacklisted.",
        clause="§V(1): blacklist system",
    )
    trigger: str = param(
        "score",
        unit="-",
        choices=("score", "violation"),
        doc="List on a score below the threshold or a serious violation, or only the latter.",
        clause="§V(1); design choice discussed by China Law Translate (Daum)",
    )
    threshold: float = param(
        50.0,
        unit="score points",
        low=0.0,
        high=100.0,
        doc="Score below which a newly recorded subject is listed (score trigger).",
        clause="§V(1): classification; assumption",
    )
    duration: int = param(
        24,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Length of a listing.",
        clause="SPC provisions on dishonest judgment debtors: two years (2017 revision)",
    )
    cost: float = param(
        0.2,
        unit="payoff units per period",
        low=0.0,
        high=100.0,
        doc="Extra cost a listed subject bears each period (fees, lost facilitation).",
        clause="§V(1): restrictions on the untrustworthy; swept",
    )


class Blacklist(Mechanism):
    """Listing, renewal, expiry and the listed subject's cost."""

    name = "blacklist"
    Params = Params
    title = "Blacklist"

    def listing_cost(self) -> float:
        """Payoff a subject expects to lose over one listing."""
        m = self.model
        market = m.mechanisms["market"]
        screening = market.p.screening if market.enabled else 0.0
        return self.p.duration * (self.p.cost + screening * m.world.surplus)

    def listing_probability(self) -> np.ndarray:
        """Chance that a finding would list each subject, given its current score."""
        m = self.model
        s = m.subjects
        serious = m.params["detection.serious_share"]
        # the chance takes one of three values, read from a table by a per-subject
        # code (one gather instead of whole-array float arithmetic): no file 0; a
        # serious finding always lists; a minor one lists if it takes the score
        # below the threshold (score trigger only)
        table = np.array([0.0, serious, serious + (1.0 - serious) * 1.0])
        code = s.has_file.view(np.int8)
        if self.p.trigger == "score":
            scoring = m.mechanisms["scoring"]
            points = scoring.p.points if scoring.enabled else 0.0
            minor_lists = s.score - points < self.p.threshold
            code = code + (code & minor_lists.view(np.int8))
        return table[code]

    def deterrence(self) -> np.ndarray:
        """Expected cost of being listed after a violation."""
        per = self.model.period
        return per.p_detect * self.listing_probability() * self.listing_cost()

    def update(self) -> None:
        """List or renew the subjects whose new findings call for it."""
        m = self.model
        s, per = m.subjects, m.period
        trigger = per.recorded & per.serious
        if self.p.trigger == "score":
            trigger |= per.recorded & (s.score < self.p.threshold)
        idx = np.flatnonzero(trigger)
        s.listed_until[idx] = per.t + self.p.duration + 1
        s.listed_domain[idx] = per.domain[idx]
        s.wrongly_listed[idx] = s.false_records[idx].sum(axis=1) > 0
        s.red[idx] = False
        per.extra["new_listings"] = float(len(idx))

    def restrict(self) -> None:
        """Charge the listed subjects their extra cost."""
        s = self.model.subjects
        listed = s.listed(self.model.period.t)
        s.payoff -= np.float32(self.p.cost) * listed  # the cost or 0 (exact)

    def outcomes(self) -> dict[str, float]:
        """Listed share and the share of listings that rest on a false record."""
        m = self.model
        s = m.subjects
        listed = s.listed(m.t)
        n_listed = int(np.count_nonzero(listed))
        n_wrong = int(np.count_nonzero(s.wrongly_listed & listed))
        wrong = n_wrong / n_listed if n_listed else 0.0
        return {
            "blacklisted_share": n_listed / s.n,
            "wrongly_blacklisted_share": wrong,
            "new_listings": m.period.extra.get("new_listings", 0.0),
        }
