"""Credit code: whether a subject can shed its record under a new identity.

Design decision. The core model already assumes what the unified social credit code
achieves: every subject keeps one identity for ever, so its records and listings follow
it. Extensions are off by default and off must equal the core, so this mechanism does
not switch the code "on"; switched on, it models the *choice* between two worlds:

* ``credit_code.unified = True``: a unified code exists; nobody can re-register. The
  outcomes equal the core's (the mechanism then draws nothing and changes nothing);
  this is the reference world of an experiment.
* ``credit_code.unified = False`` (the default when the mechanism is on, so that
  switching it on changes something): identities are not unified across departments;
  a subject of an eligible kind (``credit_code.kinds``: enterprises, the subjects that
  can most easily close one company and open another, or enterprises and persons)
  that has live records or a listing may re-register under a new identity.

Rule (without the code). Re-registering costs ``credit_code.reregister_cost`` payoff
units (fees, lost goodwill, the time of winding up and founding; a deadweight loss) and
gives a clean slate: records and false records erased, listing lifted, and any mechanism
with per-subject memory (``forget`` method, e.g. ``graded``'s strikes and market exit)
forgets it. The subject keeps its owner's wealth, network ties and integrity. Its value
of a clean slate is the cost its listings would still impose over the next ``horizon``
periods, by the one listing-cost function (``model.listings.remaining_cost``: every list
it is on, the courts' included), plus ``W * 2 * surplus`` for the remaining periods of
market exit (the lost own transaction and, on average, one as partner), where ``W`` is
their weight to the subject (``model.listings.anticipated_periods``: their number
without discounting). Each period an eligible subject re-registers with probability ``1
/ (1 + exp(-rationality * (V - cost)))``, the model's logit rule with
``decision.rationality``. Records without a listing give ``V = 0``: such subjects
re-register only by the logit's noise. A new identity has no track record: its red-list
clean spell starts at re-registration (``last_record = t``), so a clean slate does not
buy a red-list status at once.

Deterrence. A subject that can re-register expects to pay at most the re-registration
cost instead of the listing: the listing cost in the blacklist term is replaced by
``min(listing cost, reregister_cost)``, entered as a negative term
``-p_expected * P(listed | found) * max(listing cost - reregister_cost, 0)`` for the
eligible kinds; an honest actor escapes a listing on a false finding in the same way
(``false_finding_cost``, the same term given the finding).

Outline: §V(2) ("Establish a unified social credit code system for natural persons,
legal persons and other organizations"; "promote the widespread use of unified social
credit codes in economic and social activities"); the code for legal persons and other
organisations dates from 2015 (State Council notice Guofa [2015] No. 33 of 11 June 2015,
[@statecouncil2015code]; docs/sources.md A14). How often firms escaped records by re-registration
before the code is not measured: the cost is swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.mechanisms.interaction import sigmoid
from model.params import param
from model.population import FIRM, PERSON


@dataclass(frozen=True)
class Params:
    """Identities with or without the unified code."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Model the identity choice: with or without a unified social credit code.",
        clause="§V(2): unified social credit code system; the code for legal persons since 2015 "
        "(docs/sources.md A14)",
    )
    unified: bool = param(
        False,
        unit="switch",
        doc="A unified code exists and nobody can re-register (equals the core).",
        clause="§V(2): unified social credit code",
    )
    reregister_cost: float = param(
        5.0,
        unit="payoff units",
        low=0.0,
        high=1000.0,
        doc="Cost of abandoning an identity and registering a new one.",
        clause="§V(2); cost of founding a new company, swept",
    )
    kinds: str = param(
        "firms",
        unit="-",
        choices=("firms", "firms_and_persons"),
        doc="Which kinds of subject can re-register (officials never can).",
        clause="§V(2): a code for natural persons, legal persons and other organizations; firms "
        "first as in Guofa [2015] No. 33 (docs/sources.md A14); assumption",
    )
    horizon: int = param(
        24,
        unit="periods",
        low=1,
        high=1200,
        doc="Periods of remaining listing or exit a subject counts when it decides.",
        clause="assumption (planning horizon)",
    )


class CreditCode(Mechanism):
    """Re-registration under a new identity when no unified code exists."""

    name = "credit_code"
    Params = Params
    title = "Unified social credit code"

    def setup(self) -> None:
        """Fix which subjects can re-register."""
        self._count = 0
        self.configure()

    def configure(self) -> None:
        """Which kinds can re-register."""
        s = self.model.subjects
        self.eligible = s.kind == FIRM
        if self.p.kinds == "firms_and_persons":
            self.eligible |= s.kind == PERSON
        self._eligible_ids = np.flatnonzero(self.eligible)

    def clean_slate_value(self, idx: np.ndarray | None = None) -> np.ndarray:
        """Value ``V`` of a clean slate per subject (module docstring); of ``idx`` only,
        if given (the same values as their entries of the whole array).
        """
        m = self.model
        t = m.period.t
        value = listings.remaining_cost(m, self.p.horizon, idx=idx)
        graded = m.mechanisms["graded"]
        if graded.enabled:
            exit_until = graded.exit_until if idx is None else graded.exit_until[idx]
            exit_left = np.clip(exit_until.astype(np.int64) - (t + 1), 0, self.p.horizon)
            weight = listings.anticipated_periods(m, 1, exit_left, idx)
            value = value + weight * (2.0 * m.world.surplus)
        return value

    def escaped_listing_cost(self, p_found: np.ndarray | float) -> np.ndarray | float:
        """Listing cost an eligible actor escapes by re-registering (negative), when its
        act is found with probability ``p_found``.
        """
        bl = self.model.mechanisms["blacklist"]
        if self.p.unified or not bl.enabled:
            return 0.0
        # only the eligible escape: the term is computed at them alone (0 elsewhere)
        ids = self._eligible_ids
        saved = np.maximum(bl.cost_of_listing()[ids] - self.p.reregister_cost, 0.0)
        if np.ndim(p_found):
            p_found = p_found[ids]
        out = np.zeros(self.model.subjects.n)
        out[ids] = -p_found * bl.listing_probability()[ids] * saved
        return out

    def deterrence(self) -> np.ndarray | float:
        """Listing cost an eligible actor escapes by re-registering (negative)."""
        return self.escaped_listing_cost(self.model.period.p_expected)

    def false_finding_cost(self) -> np.ndarray | float:
        """Listing cost escaped by re-registering after a false finding (negative)."""
        return self.escaped_listing_cost(1.0)

    def reregister(self) -> None:
        """Eligible subjects with records or a listing may take a new identity."""
        self._count = 0
        if self.p.unified:
            return  # the code exists: identities persist, as in the core
        m = self.model
        s, t = m.subjects, m.period.t
        u = self.rng.random(s.n)
        beta = m.mechanisms["decision"].rationality()
        total = s.records[:, 0].copy()
        for d in range(1, s.records.shape[1]):
            total += s.records[:, d]
        stained = self.eligible & ((total > 0) | s.listed(t + 1))
        graded = m.mechanisms["graded"]
        if graded.enabled:
            stained |= self.eligible & (graded.exit_until > t)
        # only the stained (a few) weigh a clean slate
        weigh = np.flatnonzero(stained)
        p = sigmoid(beta * (self.clean_slate_value(weigh) - self.p.reregister_cost))
        idx = weigh[u[weigh] < p]
        self._count = len(idx)
        if not len(idx):
            return
        s.records[idx] = 0.0
        s.false_records[idx] = 0.0
        listings.lift(s, idx, t)
        s.red[idx] = False
        s.last_record[idx] = t
        s.score[idx] = 100.0
        s.payoff[idx] -= np.float32(self.p.reregister_cost)
        for mech in m.mechanisms.values():
            if mech is not self and mech.enabled and hasattr(mech, "forget"):
                mech.forget(idx)

    def outcomes(self) -> dict[str, float]:
        """Share of subjects that re-registered this period."""
        if not self.enabled:
            return {"reregistrations": 0.0}
        return {"reregistrations": self._count / self.model.subjects.n}
