"""Joint reward and punishment: a listing in one domain binds the other domains.

Rule. A subject on at least one list (a department's or the court's) is restricted, each
period, by each of three other domains' departments that sees the listing: each sees it
with probability ``model.sharing_level`` (independently: on a national platform all
three see it, in silos none does) and restricts the subject within its area: licences,
procurement, approvals, subsidies, travel, senior posts. The subject bears
``joint.cost`` per restricting domain per period (a deadweight loss, like
``blacklist.cost``). Symmetrically, a red-listed subject is rewarded by each of the
three domains other than its home domain that sees its status, ``joint.reward`` per
domain per period, paid from the public budget ("green channel" everywhere).

Cost of a listing (``listed_cost``, part of the one listing-cost function): a listed
subject expects ``3 * level * cost`` per period. Deterrence: if red-listed, ``p_expected
* 3 * level * reward`` per period of the clean spell it would lose (weighed by the
subject's time preference, ``model.listings.anticipated_periods``; the same horizon as
the red list's own term). A false finding on file costs the status alike
(``false_finding_cost``).

Outline: §V(1) ("establish a multi-departmental and inter-regional credit joint reward
and punishment mechanism ... so that the trustworthy will benefit everywhere and the
untrustworthy will be unable to move"). The court-list memorandum of 2015 was signed by
44 departments; the 2016 Opinions engage 60 departments with 150 measures; there were 51
joint reward-and-punishment memoranda by August 2019; the environmental memorandum of
2016 has 31 departments (docs/sources.md A2-A5; [@cpc2016opinions], [@mep2016mou],
[@ndrc2019joint]). The model's three other domains stand for these departments. On by
default: joint punishment is how the departments' separate lists are linked. Costs and
rewards per domain are not measured: swept. Left out: a joint restriction does not
refuse transactions (that is ``market``'s screening); it is a cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.params import param
from model.population import DOMAINS

#: Domains other than the one of the violation (or of the home file).
OTHER_DOMAINS = len(DOMAINS) - 1


@dataclass(frozen=True)
class Params:
    """Joint restrictions and rewards."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Listings and red-list status bind every domain that can see them.",
        clause="§V(1): multi-departmental joint reward and punishment; memoranda of tens of "
        "departments (docs/sources.md A2-A5)",
    )
    cost: float = param(
        0.1,
        unit="payoff units per domain per period",
        low=0.0,
        high=100.0,
        doc="Cost a listed subject bears for each other domain that restricts it.",
        clause="§V(1): 'the untrustworthy will be unable to move'; swept",
    )
    reward: float = param(
        0.05,
        unit="payoff units per domain per period",
        low=0.0,
        high=100.0,
        doc="Reward a red-listed subject receives from each other domain that sees it.",
        clause="§V(1): 'the trustworthy will benefit everywhere'; swept",
    )


class Joint(Mechanism):
    """Restrictions and rewards outside the domain of the record."""

    name = "joint"
    Params = Params
    title = "Joint reward and punishment"

    def setup(self) -> None:
        """Nobody is restricted at the start."""
        self._restricted = 0
        self._rewarded = 0

    def listed_cost(self, idx: np.ndarray | None = None) -> float:
        """Expected restriction cost per period from the other domains that see a listing."""
        return OTHER_DOMAINS * self.model.sharing_level * self.p.cost

    def reward_at_risk(self, p_found: np.ndarray | float) -> np.ndarray | float:
        """Joint facilitation a red-listed actor expects to lose when its act is found
        with probability ``p_found``.
        """
        m = self.model
        red = m.mechanisms["redlist"]
        if not red.enabled:
            return 0.0
        per_period = OTHER_DOMAINS * m.sharing_level * self.p.reward
        periods = listings.anticipated_periods(m, 1, red.clean_spell())
        return p_found * m.subjects.red * (per_period * periods)

    def deterrence(self) -> np.ndarray | float:
        """Joint facilitation a red-listed actor puts at risk by breaking faith."""
        return self.reward_at_risk(self.model.period.p_expected)

    def false_finding_cost(self) -> np.ndarray | float:
        """Joint facilitation a false finding on file costs a red-listed actor."""
        return self.reward_at_risk(1.0)

    def _reach(self, who: np.ndarray) -> np.ndarray:
        """Number of other domains that see the status of each subject in ``who``.

        Each of the three other domains sees it with probability ``sharing_level``; on a
        national platform all three do and nothing is drawn.
        """
        level = self.model.sharing_level
        if level >= 1.0:
            return np.full(len(who), OTHER_DOMAINS, dtype=np.int64)
        return self.rng.binomial(OTHER_DOMAINS, level, len(who))

    def restrict(self) -> None:
        """Listed subjects bear the cost of every other domain that restricts them."""
        s, per = self.model.subjects, self.model.period
        who = np.flatnonzero(s.listed(per.t))
        k = self._reach(who)
        self._restricted = int(np.count_nonzero(k))
        s.payoff[who] -= (k * np.float32(self.p.cost)).astype(np.float32)

    def reward(self) -> None:
        """Red-listed subjects receive the reward of every other domain that sees them."""
        s, per = self.model.subjects, self.model.period
        who = np.flatnonzero(s.red)
        k = self._reach(who)
        self._rewarded = int(np.count_nonzero(k))
        s.payoff[who] += (k * np.float32(self.p.reward)).astype(np.float32)
        per.accounts.pay("rewards", float(k.sum(dtype=np.int64)) * self.p.reward)

    def outcomes(self) -> dict[str, float]:
        """Shares of subjects restricted / rewarded outside their own domain."""
        if not self.enabled:
            return {"joint_restrictions": 0.0, "joint_rewarded_share": 0.0}
        n = self.model.subjects.n
        return {
            "joint_restrictions": self._restricted / n,
            "joint_rewarded_share": self._rewarded / n,
        }
