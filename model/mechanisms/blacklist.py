"""Blacklists: each department keeps its own list, triggered by specific violations.

Rule. Every region has a department per domain of the Outline's §II (government,
business and social affairs; the courts' list of judgment defaulters is ``judicial``'s).
A department lists a subject when a serious finding against it, in the department's
domain, stands in the period's ledger and is recorded on its file (it was not
forgiven, voided on objection or blocked by a local government), and the violation
falls within the department's listing criteria: with probability
``blacklist.scope_<domain>`` (what share of serious violations in the domain are of a
kind some list covers: most lists target enterprises in regulated sectors, few cover
natural persons' everyday dealings). The listing holds for the department's term,
``blacklist.term_<domain>`` periods (``model.listings``: in force from the next period;
a renewal restarts the term; a term of 1200 is permanent). With
``blacklist.representatives`` on (off by default), a listed enterprise's legal
representative is listed with it (some memoranda extend restrictions to responsible
persons).
A listing rests on a false record when the finding that placed (or last renewed) it is
false.

While listed, a subject bears the department's restriction, ``blacklist.cost`` per list
and period (loss of subsidies, approvals and facilitation; a deadweight loss), and
every consequence that other rules attach to being listed: partners' refusals
(``market``), other departments' restrictions (``joint``), disclosure (``social``),
licensing restrictions (``graded``). A score plays no part here: the hypothetical
regime in which a low score lists is a variant of the ``scoring`` pilot.

Deterrence: an actor expects ``p_expected * P(listed | found) * C`` where
``P(listed | found)`` is ``serious_share * scope`` of the act's domain for a covered
actor (plus the score trigger's chance when that variant runs) and ``C`` is the one
listing-cost function, ``model.listings.cost_of_new_listing``, for the department's
term. A false finding lists on the same criteria, so an honest actor expects
``P(listed | found) * C`` of a false finding (``false_finding_cost``).

Outline: §V(1) ("establish a blacklist system and market exit mechanism for various
industries"; "make untrustworthy people restricted in market transactions"), §IV(1)
(industry and departmental credit records), §V(1) joint discipline across departments.
Observers describe hundreds of lists kept by separate departments, triggered by
specific violations and aimed mainly at firms (273 blacklists in 30 provincial
divisions, [@engelmann2021blacklists], docs/sources.md A1; [@daum2019rongcheng];
[@liu2019multiple]). Terms: the court list's two years (items 2-6 of the SPC's 2017
provisions) is not applied here; administrative lists set their own terms (general
untrustworthiness 3-12 months of publicity, serious 12-36, [@ndrc2025repair]; the
market regulator's serious list about 36 months, not verified at source:
docs/sources.md A9, A12, R3). The business scope is calibrated to the inflow of firms
into joint punishment (docs/sources.md A7, F1-F2); the other scopes are swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.outcomes import published
from model.params import param
from model.population import DOMAINS, JUDICIAL

#: Domains whose departments keep administrative blacklists (not the courts').
ADMIN_DOMAINS = tuple(d for d in range(len(DOMAINS)) if d != JUDICIAL)


@dataclass(frozen=True)
class Params:
    """Each department's listing criteria and term; the restriction of a listing."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Departments keep blacklists of subjects with serious violations.",
        clause="§V(1): blacklist system and market exit mechanism for various industries",
    )
    scope_government: float = param(
        0.1,
        unit="share of serious findings",
        low=0.0,
        high=1.0,
        doc="Share of serious government-affairs violations a list covers.",
        clause="§II(1), §V(1); no source gives it: assumption, swept",
    )
    scope_business: float = param(
        0.3,
        unit="share of serious findings",
        low=0.0,
        high=1.0,
        doc="Share of serious business violations a list covers (lists target firms).",
        clause="§II(2), §V(1); set so that firms enter lists at about 1e-3 a month, the "
        "joint-punishment inflow (docs/sources.md A7, F1-F2)",
    )
    scope_social: float = param(
        0.01,
        unit="share of serious findings",
        low=0.0,
        high=1.0,
        doc="Share of serious violations in social life a list covers.",
        clause="§II(3), §V(1); few lists cover persons' everyday dealings; swept",
    )
    term_government: int = param(
        24,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Term of a government-affairs department's listing (1200: permanent).",
        clause="§V(1); serious cases are published 12-36 months (docs/sources.md A12); swept",
    )
    term_business: int = param(
        36,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Term of a business department's listing (1200: permanent).",
        clause="§V(1); market regulators' list of serious violators: 36 months "
        "(docs/sources.md A9, not verified at source)",
    )
    term_social: int = param(
        24,
        unit="periods (months)",
        low=1,
        high=1200,
        doc="Term of a social-affairs department's listing (1200: permanent).",
        clause="§V(1); serious cases are published 12-36 months (docs/sources.md A12); swept",
    )
    cost: float = param(
        0.2,
        unit="payoff units per list per period",
        low=0.0,
        high=100.0,
        doc="The listing department's own restriction (subsidies, approvals, facilitation).",
        clause="§V(1): restrictions on the untrustworthy; swept",
    )
    person_scope: float = param(
        0.1,
        unit="multiple of scope",
        low=0.0,
        high=1.0,
        doc="Factor on a department's scope for natural persons (lists target enterprises).",
        clause="§V(1); persons enter lists mainly through the courts or as representatives "
        "of firms (docs/sources.md, Daum [@daum2019rongcheng]); assumption, swept",
    )
    representatives: bool = param(
        False,
        unit="switch",
        doc="A listed enterprise's legal representative is listed with it.",
        clause="§V(1); some memoranda extend restrictions to responsible persons, the extent "
        "varies by list (docs/sources.md R6): off by default, swept",
    )


class Blacklist(Mechanism):
    """The administrative departments' lists."""

    name = "blacklist"
    Params = Params
    title = "Department blacklists"

    def setup(self) -> None:
        """Per-domain tables of scope and term."""
        self._new = 0
        self.configure()

    def configure(self) -> None:
        """Per-domain tables of scope and term from the parameters."""
        p = self.p
        scope = [p.scope_government, p.scope_business, p.scope_social]
        term = [p.term_government, p.term_business, p.term_social]
        #: Listing criteria and term of each domain's departments (judicial row: 0, 1).
        self.scope = np.zeros(len(DOMAINS))
        self.term = np.ones(len(DOMAINS), dtype=np.int64)
        for d, (sc, te) in zip(ADMIN_DOMAINS, zip(scope, term, strict=True), strict=True):
            self.scope[d], self.term[d] = sc, te
        #: Factor on the scope by kind (person, firm, official).
        self.kind_factor = np.array([p.person_scope, 1.0, 1.0])
        #: scope[domain] * kind_factor[kind] by cell ``kind * len(DOMAINS) + domain``.
        self._scope_cells = (self.scope[None, :] * self.kind_factor[:, None]).ravel()

    def on_disable(self) -> None:
        """Departments' lists abolished mid-run: their listings end from the next period."""
        s = self.model.subjects
        everyone = np.arange(s.n)
        # called before the coming period (index model.t): end the listings before it
        for d in ADMIN_DOMAINS:
            listings.lift(s, everyone, self.model.t - 1, domain=d)

    # --- accessors -----------------------------------------------------------------
    def restriction_cost(self) -> float:
        """Per-period cost of one department's listing (its own restriction)."""
        return self.p.cost

    def criteria(self) -> tuple[np.ndarray, np.ndarray]:
        """Listing scope (share of serious findings listed) and term, per domain."""
        return self.scope, self.term

    def listing_probability(self) -> np.ndarray:
        """Chance that a finding about each actor's act would list it with a department.

        A covered actor is listed if the finding is serious and within the scope of its
        domain's lists, or, in a score-triggered pilot, if its score would fall below
        the threshold.
        """
        return self.model.period.derived(("blacklist", "listing_probability"), self._p_listed)

    def _p_listed(self) -> np.ndarray:
        m = self.model
        s = m.subjects
        serious = m.mechanisms["detection"].serious_share()
        scoring = m.mechanisms["scoring"]
        if scoring.enabled:
            p = serious * self.scope_of_acts()
            p = p + (1.0 - p) * scoring.trigger_probability()
            return p * s.has_file
        # serious * scope of the act: the same product per (kind, domain) cell, looked up
        p = (serious * self._scope_cells)[self._cells()]
        p *= s.has_file
        return p

    def scope_of_acts(self) -> np.ndarray:
        """Chance that a serious violation in this period's act falls within a list."""
        return self._scope_cells[self._cells()]

    def _cells(self) -> np.ndarray:
        """Each actor's (kind, domain) cell of this period's act: ``kind * 4 + domain``."""
        s, per = self.model.subjects, self.model.period
        return s.kind * len(DOMAINS) + per.domain

    def cost_of_listing(self) -> np.ndarray:
        """What a department's listing for this period's act would cost each actor."""
        return self.model.period.derived(("blacklist", "cost_of_listing"), self._cost)

    def _cost(self) -> np.ndarray:
        # cost_of_new_listing(model, domain, term[domain]), computed per department
        return listings.cost_of_department_listing(self.model, self.model.period.domain, self.term)

    def expected_listing_cost(self, p_found: np.ndarray | float) -> np.ndarray:
        """Expected cost of a listing when the act is found with probability ``p_found``."""
        if np.ndim(p_found) == 0 and p_found == 1.0:
            return self.listing_probability() * self.cost_of_listing()  # 1 * P is P, exactly
        cost = p_found * self.listing_probability()
        cost *= self.cost_of_listing()  # in place: (p_found * P(listed)) * C
        return cost

    def deterrence(self) -> np.ndarray:
        """Expected cost of being listed after a violation."""
        return self.expected_listing_cost(self.model.period.p_expected)

    def false_finding_cost(self) -> np.ndarray:
        """Expected cost of the listing a false finding may bring (given the finding)."""
        return self.expected_listing_cost(1.0)

    # --- steps ---------------------------------------------------------------------
    def update(self) -> None:
        """List the subjects of standing serious findings within a department's scope."""
        m = self.model
        s, per = m.subjects, m.period
        u = self.rng.random(s.n)
        eligible = per.recorded & per.sanctionable
        # the few serious findings on file: within a list's scope with the chance of the
        # act's (kind, domain) cell
        idx = np.flatnonzero(eligible & per.serious)
        cell = s.kind[idx] * len(DOMAINS) + per.domain[idx]
        idx = idx[u[idx] < self._scope_cells[cell]]
        scoring = m.mechanisms["scoring"]
        if scoring.enabled:
            trigger = np.zeros(s.n, dtype=bool)
            trigger[idx] = True
            wrong = per.false_record.copy()
            by_score = eligible & scoring.triggered() & ~trigger
            listed = np.flatnonzero(by_score)  # few (none but in a score-triggered pilot)
            wrong[listed] = scoring.rests_on_false_record(listed)
            trigger |= by_score
            idx = np.flatnonzero(trigger)
        else:
            wrong = per.false_record
        dom = per.domain[idx]
        until = np.array([listings.listing_until(per.t, int(d)) for d in self.term])[dom]
        reps = listings.place(s, idx, dom, until, wrong[idx], self.p.representatives)
        s.red[idx] = False
        s.red[reps] = False
        self._new = len(idx) + len(reps)
        per.extra["new_listings"] = per.extra.get("new_listings", 0.0) + self._new

    def restrict(self) -> None:
        """Each department's listing in force costs its subject the restriction."""
        s, t = self.model.subjects, self.model.period.t
        # the number of lists in force, counted in int8 (exact in float32 below)
        d0, *rest = ADMIN_DOMAINS
        n_lists = (s.listed_until[d0] > t).view(np.int8)
        for d in rest:
            n_lists = n_lists + (s.listed_until[d] > t).view(np.int8)
        s.payoff -= np.float32(self.p.cost) * n_lists

    def outcomes(self) -> dict[str, float]:
        """Share of subjects on at least one administrative department's list."""
        h = published(self.model).holds  # each list's listings that hold in t + 1
        admin = h[ADMIN_DOMAINS[0]] | h[ADMIN_DOMAINS[1]] | h[ADMIN_DOMAINS[2]]
        return {"admin_listed_share": int(np.count_nonzero(admin)) / self.model.subjects.n}
