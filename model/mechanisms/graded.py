"""Graded sanctions and market exit: the response follows the seriousness of the case.

Rule. Findings that stand are classified before they are filed, from the subject's
credit file at that moment:

* a *first minor* finding (minor, and no live record on file) earns a warning and
  industry criticism: no fine (leniency) and a reputational cost
  ``graded.criticism_cost``;
* a *repeated minor* finding (a live record on file) is fined ``sanctions.fine``;
* a *serious* finding is fined ``graded.serious_factor * sanctions.fine``;
* an enterprise whose recorded serious findings reach ``graded.exit_strikes`` (counted
  while it has live records: the count is reset once every record has expired) is
  banned from its industry: *market exit* for ``graded.exit_duration`` periods (1200,
  permanent: the ban never ends).

A subject without a credit file has no record on file, so every minor finding of it is
a first one: graded sanctions rest on records, which is why coverage matters.

Interaction with ``sanctions``: the fine belongs to ``sanctions``, which charges
``sanctions.fine`` times this mechanism's factor (``fine_factor``: 0, 1 or
``serious_factor``) once, on the findings that stand after every procedural step; a
finding voided on objection or blocked by a local government is never fined. Off means
the core's flat fine.

Market exit in arrays. ``exit_until`` (int32, one per subject) holds the period at
which the ban ends; a subject is out of the market while ``exit_until > t``. Right after
matching, the transactions in which an exited subject would be actor or partner are
marked not attempted (``period.attempted`` False): nothing is screened, agreed, settled
or detected for them, and they earn no surplus. An exited firm still bears its
listing's costs. ``market_exits`` is the share of subjects newly exited in the period;
``exited_share`` the share out of the market.

Licensing and procurement restrictions: a listed enterprise bears
``graded.licence_cost`` per period (lost licences, excluded from public procurement);
part of the one listing-cost function (``listed_cost``).

Deterrence (added to the core's terms): ``p_expected * (E[factor] - 1) * fine``
(negative for a first offender: leniency lowers the expected fine), ``p_expected * (1 -
serious share) * criticism_cost`` for those without a live record, and for enterprises
one serious strike from exit ``p_expected * serious_share * W * 2 * surplus`` (own
transaction plus, on average, one as partner), where ``W`` is the weight of the
``min(exit_duration, 120)`` periods of exit to the subject (``model.listings.
anticipated_periods``: their number without discounting; a ten-year horizon). False
findings are graded, criticised and counted as strikes like true ones: an honest actor
expects the same terms given a false finding (``false_finding_cost``).

Outline: §V(1) (industry self-discipline: warnings, industry criticism and public
condemnation according to the seriousness of the case; "establish a blacklist system
and market exit mechanism for various industries"; "credit classification in market
supervision, qualification recognition, administrative examination and approval"),
§II(1) (credit information in "administrative licensing, government procurement,
bidding"). The Outline gives no schedule: factors, strikes and durations are swept
assumptions. The SPC's 2025 reform of the court list introduced graded credit
punishment and grace periods (docs/sources.md R7, [@gaopeng2025graded]).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.params import param
from model.population import FIRM

#: Horizon (periods) over which an actor values a market exit in its deterrence term.
EXIT_HORIZON = 120


@dataclass(frozen=True)
class Params:
    """Severity schedule, market exit and licensing restrictions."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Sanctions follow the seriousness of the case; repeated serious cases exit.",
        clause="§V(1): graded sanctions, market exit mechanism",
    )
    criticism_cost: float = param(
        0.2,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Reputational cost of a warning with industry criticism (first minor finding).",
        clause="§V(1): 'warnings, industry criticism'; swept",
    )
    serious_factor: float = param(
        2.0,
        unit="multiple of sanctions.fine",
        low=0.0,
        high=100.0,
        doc="Fine of a serious finding relative to the standard fine.",
        clause="§V(1): 'according to the seriousness'; swept",
    )
    exit_strikes: int = param(
        2,
        unit="serious findings",
        low=1,
        high=100,
        doc="Recorded serious findings of an enterprise that trigger market exit.",
        clause="§V(1): market exit for repeated serious violations; assumption",
    )
    exit_duration: int = param(
        36,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Length of the industry ban (1200: permanent).",
        clause="§V(1): market exit mechanism; swept",
    )
    licence_cost: float = param(
        0.2,
        unit="payoff units per period",
        low=0.0,
        high=100.0,
        doc="Extra cost of a listed enterprise (licensing, procurement restrictions).",
        clause="§V(1) (credit review of licence applicants), §II(1) (procurement): "
        "restrictions on licensing and procurement; swept",
    )


class Graded(Mechanism):
    """Warnings, graded fines, licence restrictions and market exit."""

    name = "graded"
    Params = Params
    title = "Graded sanctions and market exit"

    def setup(self) -> None:
        """No strikes and nobody out of the market at the start."""
        s = self.model.subjects
        self.firm = s.kind == FIRM
        self.strikes = np.zeros(s.n, dtype=np.int16)
        self.exit_until = np.zeros(s.n, dtype=np.int32)
        self.first = np.zeros(s.n, dtype=bool)
        self._new_exits = 0
        self._warned = 0

    def on_disable(self) -> None:
        """Graded sanctions abolished mid-run: market exits end from the next period."""
        # called before the coming period (index model.t): the bans end before it
        np.minimum(self.exit_until, self.model.t, out=self.exit_until)

    # --- helpers -----------------------------------------------------------------
    def _live_record(self) -> np.ndarray:
        """Subjects whose file holds a record that has not expired."""
        r = self.model.subjects.records
        live = r[:, 0] > 0
        for d in range(1, r.shape[1]):
            live |= r[:, d] > 0
        return live

    def exited(self, t: int) -> np.ndarray:
        """Boolean mask of subjects out of the market in period ``t``."""
        return self.exit_until > t

    def forget(self, idx: np.ndarray) -> None:
        """A new identity (``credit_code``) has no strikes and no ban."""
        self.strikes[idx] = 0
        self.exit_until[idx] = np.minimum(self.exit_until[idx], self.model.period.t)

    # --- deterrence ----------------------------------------------------------------
    def fine_factor(self) -> np.ndarray:
        """Multiple of ``sanctions.fine`` each actor's finding costs (float32).

        0 for a first minor finding (a warning), 1 for a repeated minor one,
        ``serious_factor`` for a serious one; read by ``sanctions`` when it fines.
        """
        per = self.model.period
        factor = np.where(self.first, np.float32(0.0), np.float32(1.0))
        return np.where(per.serious, np.float32(self.p.serious_factor), factor)

    def listed_cost(self, idx: np.ndarray | None = None) -> np.ndarray:
        """Licensing and procurement restrictions a listed enterprise bears per period (of
        ``idx`` only, if given).
        """
        firm = self.firm if idx is None else self.firm[idx]
        return firm * self.p.licence_cost

    def deterrence(self) -> np.ndarray:
        """Expected change in sanction costs of a violation under the graded schedule."""
        return self._if_found() * self.model.period.p_expected

    def false_finding_cost(self) -> np.ndarray:
        """Change in sanction costs a false finding brings under the graded schedule."""
        return self._if_found()

    def _if_found(self) -> np.ndarray:
        """Change in sanction costs of a finding against each actor, given it is made.

        Read by both sides of the choice (``deterrence``, ``false_finding_cost``): computed
        once while the choice reads the state (``period.derived``).
        """
        return self.model.period.derived(("graded", "if_found"), self._change_if_found)

    def _change_if_found(self) -> np.ndarray:
        m = self.model
        s = m.subjects
        ss = m.mechanisms["detection"].serious_share()
        sanctions = m.mechanisms["sanctions"]

        def fines_and_criticism(live: float) -> float:
            """The fine and criticism terms for a file with (1.0) or without (0.0) a live
            record: one of two values, so computed once each, not once per subject.
            """
            value = 0.0
            if sanctions.enabled:
                # E[factor] - 1: minor findings pay 0 (first) or 1 (repeated), serious pay k
                value += ((1.0 - ss) * live + ss * self.p.serious_factor - 1.0) * (
                    sanctions.amount()
                )
            value += (1.0 - ss) * (1.0 - live) * self.p.criticism_cost
            return value

        recorded = self._live_record()
        live = recorded & s.has_file
        out = np.where(live, fines_and_criticism(1.0), fines_and_criticism(0.0))
        # strikes lapse once every record has expired: classify resets them before the
        # next finding counts, so a lapsed count (taken as 0) brings no exit nearer
        near_exit = self.firm & s.has_file
        if self.p.exit_strikes > 1:  # with a count of 0 the next strike does not suffice
            near_exit &= recorded & (self.strikes + 1 >= self.p.exit_strikes)
        near_exit = np.flatnonzero(near_exit)
        exit_periods = listings.anticipated_periods(
            m, 1, min(self.p.exit_duration, EXIT_HORIZON), near_exit
        )
        exit_value = exit_periods * 2.0 * m.world.surplus
        out[near_exit] += ss * exit_value
        return out

    # --- steps ---------------------------------------------------------------------
    def bar(self) -> None:
        """Exited subjects neither act nor serve as partners this period."""
        per = self.model.period
        out = self.exited(per.t)
        partner_out = out[np.maximum(per.partner, 0)]
        per.attempted &= ~out & ~partner_out

    def classify(self) -> None:
        """Note, before filing, which findings are first offences (no live record)."""
        s = self.model.subjects
        live = self._live_record()
        # strikes lapse once every record has expired
        self.strikes *= live
        self.first[:] = ~(live & s.has_file)

    def sanction(self) -> None:
        """Warnings with criticism, strikes and market exit on the standing findings."""
        m = self.model
        s, per = m.subjects, m.period
        stands = per.sanctionable
        # the warned and the struck are few: charged and counted at them alone
        warned = np.flatnonzero(stands & ~per.serious & self.first)
        s.payoff[warned] -= np.float32(self.p.criticism_cost)
        self._warned = len(warned)
        # serious recorded findings of enterprises count as strikes
        strike = np.flatnonzero(stands & per.serious & per.recorded & self.firm)
        self.strikes[strike] += 1
        out = (self.strikes[strike] >= self.p.exit_strikes) & (self.exit_until[strike] <= per.t)
        new_exit = strike[out]
        self.exit_until[new_exit] = listings.listing_until(per.t, self.p.exit_duration)
        self._new_exits = len(new_exit)

    def restrict(self) -> None:
        """Listed enterprises bear licensing and procurement restrictions."""
        s = self.model.subjects
        hit = np.flatnonzero(self.firm & s.listed(self.model.period.t))  # few
        s.payoff[hit] -= np.float32(self.p.licence_cost)

    def outcomes(self) -> dict[str, float]:
        """New market exits, subjects out of the market, warnings: shares of subjects."""
        if not self.enabled:
            return {"market_exits": 0.0, "exited_share": 0.0, "warned_share": 0.0}
        n = self.model.subjects.n
        out = int(np.count_nonzero(self.exited(self.model.t)))
        return {
            "market_exits": self._new_exits / n,
            "exited_share": out / n,
            "warned_share": self._warned / n,
        }
