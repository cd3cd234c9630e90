"""Government integrity: local governments keep or break promises, may shield local firms.

Rule. One local government per region (a :class:`LocalGovernment`, a ``mesa.Agent``)
has an integrity level ``g`` in [0, 1], drawn once uniformly in
``government.integrity_mean +- government.integrity_spread`` (clipped). Each period:

* **Commitments** (``govern``, end of period). The government breaks its commitment to
  society with probability ``1 - g`` (one draw per government). A broken promise costs
  every subject of its region ``government.broken_promise_cost`` payoff units (a policy
  commitment or contract not honoured) and lowers the region's perceived *legitimacy*
  of the system: legitimacy ``L`` moves towards 1 after a kept and towards 0 after a
  broken promise, ``L += government.legitimacy_learning * (kept - L)`` (it starts at
  ``g``, its long-run mean).
* **Local protectionism** (``mark``, in the findings ledger after objections, before
  anything is charged). Every standing finding of this period against a firm of the
  region (true or false) is blocked with probability ``government.protectionism * (1 -
  g)``: it is marked blocked, so it is neither fined nor listed. The *record* still
  enters the central platform's file: the government blocks enforcement, not the
  information. A finding already voided on objection is not blocked again.
  ``protectionism_rate`` = blocked / findings against local firms.
* **Evaluation** (``govern``). Misconduct (a broken promise or at least one blocked
  sanction) is detected by the government performance evaluation with probability
  ``government.evaluation``; a detected government closes the share
  ``government.correction`` of its integrity gap, ``g += correction * (1 - g)``
  (accountability raises integrity over time; with ``evaluation = 0`` it stays put).
* **Civil servants' integrity files** (``watch_officials``, before the detection
  probability is assessed): the chance that officials' violations are found by
  monitoring is multiplied by ``government.official_monitoring`` (capped at 1).

Deterrence. (1) Legitimacy: compliance rests not only on sanctions but on the belief that
the authorities are legitimate (Tyler 2006, *Why People Obey the Law*; Levi, Sacks and
Tyler 2009, "Conceptualizing legitimacy, measuring legitimating beliefs", *American
Behavioral Scientist* 53(3)). The core model has no legitimacy term, i.e. it assumes a
fully legitimate system; a legitimacy deficit lowers the moral cost of breaking faith by
``government.legitimacy_weight * (1 - L_region)``. So a government of integrity 1 adds
nothing and the core is the limiting case. (2) Protection: a firm expects its fine,
listing (and exposure, if ``social`` is on) to be blocked with probability ``q_region``,
and discounts those deterrence terms by ``q``. Protection blocks false findings as well
as true ones: an honest firm's expected fine and listing of a false finding fall by the
same ``q`` (``false_finding_cost``).

With the ``legitimacy`` mechanism on, perceived legitimacy is each subject's own: the
region's legitimacy kept here is the level the subjects' return to (times
``legitimacy.initial``), and the legitimacy term of the choice is that mechanism's,
weighted by ``legitimacy.weight``; this mechanism's regional term (and
``government.legitimacy_weight``) is then left out, so the term is counted once.

Outline: §II(1) government integrity ("Strictly fulfill the government's commitment to
the society"; "incorporate government performance and promise services into the
government performance evaluation system"; "not to implement local protectionist
measures, such as abusing administrative power to block the market, and harboring
violations of laws and regulations and dishonesty in the administrative areas";
"Establish civil servants' integrity files"; "Give play to the demonstration role of
government integrity"). The Outline gives no magnitudes: every parameter is swept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa
import numpy as np

from model.mechanisms.appeals import finding_cost
from model.mechanisms.base import Mechanism
from model.outcomes import ACT, REGION, margin, tally
from model.params import param
from model.period import BLOCKED
from model.population import FIRM, OFFICIAL


@dataclass(frozen=True)
class Params:
    """Local governments' integrity, protectionism and evaluation."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Local governments keep or break promises, may shield local firms, are evaluated.",
        clause="§II(1): government integrity",
    )
    protectionism: float = param(
        0.5,
        unit="probability per sanction at integrity 0",
        low=0.0,
        high=1.0,
        doc="Chance that a government of integrity 0 blocks a fine/listing of a local firm.",
        clause="§II(1): 'not to implement local protectionist measures'; swept",
    )
    integrity_mean: float = param(
        0.7,
        unit="probability",
        low=0.0,
        high=1.0,
        doc="Mean initial integrity of local governments (chance of keeping a promise).",
        clause="§II(1): government integrity; swept, no source measures it",
        setup_only=True,
    )
    integrity_spread: float = param(
        0.2,
        unit="probability",
        low=0.0,
        high=0.5,
        doc="Half-width of the uniform spread of initial integrity across regions.",
        clause="§II(1); regional divergence; assumption",
        setup_only=True,
    )
    broken_promise_cost: float = param(
        0.2,
        unit="payoff units per subject",
        low=0.0,
        high=100.0,
        doc="Payoff each subject of a region loses when its government breaks a promise.",
        clause="§II(1): 'honor the policy commitments and contracts'; swept",
    )
    legitimacy_learning: float = param(
        0.1,
        unit="per period",
        low=0.0,
        high=1.0,
        doc="Weight of the latest kept/broken promise in the region's perceived legitimacy.",
        clause="§II(1): government credibility; assumption (exponential smoothing)",
    )
    legitimacy_weight: float = param(
        0.5,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Moral cost of breaking faith lost at legitimacy 0 (none at legitimacy 1).",
        clause="§II(1) demonstration role; Tyler 2006, Levi, Sacks and Tyler 2009; swept",
        # with the legitimacy mechanism on, subjects' own legitimacy (fed by the
        # region's) carries the term and legitimacy.weight weighs it (counted once)
        acts_if=("legitimacy.enabled", "false", lambda v: not v),
    )
    evaluation: float = param(
        0.2,
        unit="probability per period",
        low=0.0,
        high=1.0,
        doc="Chance that a government's misconduct in a period is found by evaluation.",
        clause="§II(1): government performance evaluation, supervision and auditing; swept",
    )
    correction: float = param(
        0.1,
        unit="share of integrity gap",
        low=0.0,
        high=1.0,
        doc="Share of its integrity gap a government closes when its misconduct is found.",
        clause="§II(1): integrity and accountability mechanisms; assumption",
    )
    official_monitoring: float = param(
        2.0,
        unit="multiplier",
        low=1.0,
        high=20.0,
        doc="Factor on officials' detection probability (civil servants' integrity files).",
        clause="§II(1): 'Establish civil servants' integrity files'; swept",
    )


class LocalGovernment(mesa.Agent):
    """The government of one region.

    Attributes:
        region: Region index.
        integrity: Chance of keeping its commitment each period, in [0, 1].
        legitimacy: Perceived legitimacy of the system in the region, in [0, 1].
        broke: Whether it broke its commitment this period.
        candidates: Sanction decisions against local firms this period.
        blocked: Of those, the ones it blocked.
        caught: Whether evaluation found misconduct this period.
        penalties: Number of periods in which evaluation found misconduct.

    """

    def __init__(self, model: mesa.Model, region: int, integrity: float) -> None:
        super().__init__(model)
        self.region = region
        self.integrity = float(integrity)
        self.legitimacy = float(integrity)
        self.broke = False
        self.candidates = 0
        self.blocked = 0
        self.caught = False
        self.penalties = 0

    def shield_probability(self, protectionism: float) -> float:
        """Chance of blocking a sanction against a local firm (lack of integrity)."""
        return protectionism * (1.0 - self.integrity)

    def act(self, u_break: float, u_eval: float, p: Params) -> None:
        """Keep or break the commitment, update legitimacy, face evaluation.

        Args:
            u_break: Uniform draw deciding the commitment.
            u_eval: Uniform draw deciding whether misconduct is found.
            p: The mechanism's parameters.

        """
        self.broke = bool(u_break < 1.0 - self.integrity)
        kept = 0.0 if self.broke else 1.0
        self.legitimacy += p.legitimacy_learning * (kept - self.legitimacy)
        misconduct = self.broke or self.blocked > 0
        self.caught = bool(misconduct and u_eval < p.evaluation)
        if self.caught:
            # accountability: a found government closes part of its integrity gap
            self.penalties += 1
            self.integrity += p.correction * (1.0 - self.integrity)


class Government(Mechanism):
    """Local governments: commitments, protectionism, evaluation, officials' files."""

    name = "government"
    Params = Params
    title = "Government integrity"

    def setup(self) -> None:
        """Create one government per region with its initial integrity."""
        m, p = self.model, self.p
        r = m.world.n_regions
        g0 = p.integrity_mean + p.integrity_spread * (2.0 * self.rng.random(r) - 1.0)
        g0 = np.clip(g0, 0.0, 1.0)
        self.governments = [LocalGovernment(m, k, g0[k]) for k in range(r)]
        self._firms = np.flatnonzero(m.subjects.kind == FIRM)  # kinds never change
        self._candidates = 0
        self._blocked = 0

    # --- per-region views -----------------------------------------------------------
    def integrity(self) -> np.ndarray:
        """Integrity of each region's government."""
        return np.array([g.integrity for g in self.governments])

    def legitimacy(self) -> np.ndarray:
        """Perceived legitimacy in each region."""
        return np.array([g.legitimacy for g in self.governments])

    def shield_probability(self) -> np.ndarray:
        """Chance that each region's government blocks a sanction against a local firm."""
        return np.array([g.shield_probability(self.p.protectionism) for g in self.governments])

    # --- deterrence -------------------------------------------------------------------
    def deterrence(self) -> np.ndarray:
        """Legitimacy deficit (all subjects) and expected blocked sanctions (firms)."""
        m = self.model
        s = m.subjects
        region = s.region
        if m.mechanisms["legitimacy"].enabled:
            # subjects' own legitimacy (fed by the region's) carries the term
            deter = np.zeros(s.n)
        else:
            deter = -self.p.legitimacy_weight * (1.0 - self.legitimacy())[region]
        shielded = self._shielded("deterrence")
        if shielded is not None:
            firms, blocked = shielded
            deter[firms] -= blocked
        return deter

    def false_finding_cost(self) -> np.ndarray | float:
        """Fine and listing cost of a false finding blocked by protection (firms; negative)."""
        shielded = self._shielded("false_finding_cost")
        if shielded is None:
            return 0.0
        firms, blocked = shielded
        cost = np.zeros(self.model.subjects.n)
        cost[firms] = -blocked
        return cost

    def _shielded(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Expected blocked part of the fine and listing terms ``term``: the firms (ids)
        and their values; None where no government shields.
        """
        m = self.model
        s = m.subjects
        q = self.shield_probability()
        if not (self.p.protectionism > 0.0 and q.max() > 0.0):
            return None
        # the fine and the whole cost of a listing (model.listings), as an upheld
        # objection spares them
        shielded = finding_cost(m, term)
        # only firms are shielded: the terms are taken at their fifth of the subjects
        firms = self._firms
        if np.ndim(shielded):
            shielded = shielded[firms]
        return firms, q[s.region[firms]] * shielded

    # --- steps ------------------------------------------------------------------------
    def watch_officials(self) -> None:
        """Civil servants' integrity files: officials are monitored more closely."""
        m = self.model
        per = m.period
        off = m.subjects.kind == OFFICIAL
        raised = np.minimum(per.p_monitor * np.float32(self.p.official_monitoring), 1.0)
        np.copyto(per.p_monitor, raised, where=off, casting="same_kind")

    def mark(self) -> None:
        """Block, in the ledger, standing findings against local firms (before charging)."""
        m = self.model
        s, per = m.subjects, m.period
        u = self.rng.random(s.n)
        # the standing findings against firms (a few): drawn and counted at them alone
        candidates = np.flatnonzero(per.sanctionable & (s.kind == FIRM))
        region = s.region[candidates]
        protect = u[candidates] < self.shield_probability()[region]
        protected = np.zeros(s.n, dtype=bool)
        protected[candidates[protect]] = True
        per.mark(protected, BLOCKED)
        r = len(self.governments)
        cand = np.bincount(region, minlength=r)
        blocked = np.bincount(region[protect], minlength=r)
        for g in self.governments:
            g.candidates = int(cand[g.region])
            g.blocked = int(blocked[g.region])
        self._candidates = int(cand.sum())
        self._blocked = int(blocked.sum())

    def govern(self) -> None:
        """Governments keep or break commitments and face evaluation (end of period)."""
        s = self.model.subjects
        r = len(self.governments)
        u_break = self.rng.random(r)
        u_eval = self.rng.random(r)
        for k, g in enumerate(self.governments):
            g.act(float(u_break[k]), float(u_eval[k]), self.p)
        broke = np.array([g.broke for g in self.governments])
        if broke.any() and self.p.broken_promise_cost > 0.0:
            hit = broke[s.region]
            np.subtract(s.payoff, np.float32(self.p.broken_promise_cost), out=s.payoff, where=hit)

    # --- outcomes ---------------------------------------------------------------------
    def region_honesty(self) -> np.ndarray:
        """Honesty rate of each region's actors this period (NaN: no transaction)."""
        # the period's (region, act state) counts: 0 none, 1 broke, 2 kept faith
        counts = margin(tally(self.model), REGION, ACT)
        kept = counts[:, 2]
        acts = counts[:, 1] + kept
        rate = np.full(len(counts), np.nan)
        np.divide(kept, acts, out=rate, where=acts > 0)
        return rate

    def outcomes(self) -> dict[str, float]:
        """Mean government integrity, protectionism rate and regional honesty spread.

        Switched off: integrity 1.0 (the core's implicit government keeps every promise
        and shields no one), protectionism 0. The spread is measured either way.
        """
        # a few regions: plain Python on the rates (the same doubles as numpy's max - min)
        valid = [r for r in self.region_honesty().tolist() if not math.isnan(r)]
        spread = max(valid) - min(valid) if valid else 0.0
        if not self.enabled:
            return {
                "gov_integrity": 1.0,
                "protectionism_rate": 0.0,
                "honesty_region_spread": spread,
            }
        return {
            "gov_integrity": float(self.integrity().mean()),
            "protectionism_rate": self._blocked / self._candidates if self._candidates else 0.0,
            "honesty_region_spread": spread,
        }
