"""Red list: rewards for subjects with a clean record.

Rule. A covered, unlisted subject whose score is at least ``redlist.threshold`` and
whose latest record is at least ``redlist.clean_periods`` old (or who has none) is on
the red list; any new record takes it off. A red-listed subject receives
``redlist.reward`` per period (the "green channel": lower costs, simplified procedures,
commendation), paid from the public budget, and a partner who checks its status trusts
it outright. Deterrence: breaking faith risks the reward until the subject is clean
again, ``p_detect * reward * clean_periods`` for red-listed actors.

Outline: §V(1) ("strengthen rewards and incentives for trustworthy subjects";
"'green channel' ... priority procedures and simplify procedures"; commendation through
the news media). Rewards in the Outline are vague ("clear sanctions, vague rewards",
Engelmann et al. 2019): the reward size is a swept parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Eligibility and size of the reward."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Subjects with clean records are red-listed and rewarded.",
        clause="§V(1): rewards and incentives for trustworthy subjects",
    )
    threshold: float = param(
        95.0,
        unit="score points",
        low=0.0,
        high=100.0,
        doc="Lowest score for the red list.",
        clause="§V(1); assumption",
    )
    clean_periods: int = param(
        12,
        unit="periods (months)",
        low=0,
        high=1200,
        doc="Periods without a new record needed for the red list.",
        clause="§V(1); assumption",
    )
    reward: float = param(
        0.2,
        unit="payoff units per period",
        low=0.0,
        high=100.0,
        doc="Value of the green channel per period on the red list.",
        clause="§V(1): green channel; vague in the Outline, swept",
    )


class Redlist(Mechanism):
    """Red-list eligibility, the green channel and its deterrent value."""

    name = "redlist"
    Params = Params
    title = "Red list"

    def deterrence(self) -> np.ndarray:
        """Reward an actor on the red list puts at risk by breaking faith."""
        m = self.model
        lost = self.p.reward * max(self.p.clean_periods, 1)
        return m.period.p_detect * m.subjects.red * lost

    def update(self) -> None:
        """Recompute the red list."""
        m = self.model
        s, t = m.subjects, m.period.t
        clean = (s.last_record < 0) | (t - s.last_record >= self.p.clean_periods)
        s.red[:] = s.has_file & ~s.listed(t) & (s.score >= self.p.threshold) & clean

    def reward(self) -> None:
        """Pay the green-channel reward."""
        s, per = self.model.subjects, self.model.period
        s.payoff += np.float32(self.p.reward) * s.red  # the reward or 0 (exact)
        per.rewards += float(np.count_nonzero(s.red)) * self.p.reward

    def outcomes(self) -> dict[str, float]:
        """Share of subjects on the red list."""
        red = self.model.subjects.red
        return {"redlisted_share": int(np.count_nonzero(red)) / len(red)}
