"""Judicial public trust: lawsuits, judgments and the court list of dishonest debtors.

The court list is the best documented part of the system and the main way natural
persons come to be listed (docs/sources.md), so this mechanism is on by default.

Rule (``adjudicate``, after the period's acts; ``restrict`` at the start of a period).
A partner harmed by a broken transaction sues the actor with probability
``judicial.litigation_rate``: most everyday breaches never reach a court, and the rate
is set so that judgments per subject are of the order of China's enforcement caseload
per adult (docs/sources.md). One court per region (a :class:`Court`, a ``mesa.Agent``;
the defendant's region has jurisdiction) hears ``judicial.capacity`` cases per period
per 1,000 subjects of the region; when more are filed, each is heard with probability
``capacity / filed`` (unheard cases lapse). A judgment awards damages equal to the harm
(``harm``) to the partner. A debtor who cannot pay the damages (``means``: its wealth
and the period's payoff, less what is exempt, fall short of them) defaults of
necessity and cannot be enforced against; with ``judicial.list_unable`` on (the
practice the list's stock reflects) the court lists it like a refuser, although the
list's purpose is those able to pay but refusing (SPC 2017 Art. 1, item 1; sources R1,
R2); with it off (the rule as written, and the 2025 separation of the "unable to pay"
from the dishonest, R7) it is not listed and the creditor goes unpaid. A debtor able to
pay decides:

* **perform voluntarily** (pays the damages) with the logit probability
  ``c = sigmoid(rationality * (e * D + (1 - e) * L - D))``, comparing paying ``D`` with
  the expected cost of refusing: the court enforces (seizes ``D``) with probability ``e =
  judicial.enforcement_rate``, else the refuser is listed, which costs ``L`` (the one
  listing-cost function, for the court list);
* **refuse**: the court enforces with probability ``e`` (damages seized and paid to the
  partner). A refuser not enforced against keeps the damages and, with
  ``judicial.list`` on, is put on the list of dishonest judgment debtors (able to pay
  but refusing: listed until it performs, SPC provisions). A refuser enforced against has
  performed and is not listed. With ``judicial.list`` off the courts work as before the
  list (2013): refusers are not listed and never perform.

Each later period a listed defaulter (on its own account) leaves the list with
probability ``judicial.performance_rate``: if it can pay what it owes then, it performs
(pays the damages to its creditor); if it cannot, the listing is deleted without
payment after the court's searches find no property (SPC 2017 Art. 10, R4);
``performance_rate`` stands for every ground of deletion (performance, settlement, the
no-property deletion).

A listed defaulter bears ``judicial.restriction_cost`` per period (restrictions on high
consumption: air and rail travel, luxury spending; a deadweight loss) and every
consequence other rules attach to a listing (partners' refusals, joint punishment,
exposure); when the defaulter is a firm, its legal representative is listed with it
(``judicial.representatives``: the SPC's restrictions on high consumption extend to
a debtor unit's legal representative). A refusal also enters the judicial domain of
the debtor's credit file as a serious record.

Deterrence. Breaking faith exposes an actor who could pay the damages to
``litigation_rate * h_region * (c * D + (1 - c) * (e * D + (1 - e) * L))`` (an enforced
refuser is not listed), and one who could not to ``litigation_rate * h_region * L``
(only if the list takes the unable, else nothing), where ``h_region`` is the share of
filed cases its court heard last period (1 at the start) and ``L`` the expected cost of a
listing that ends with probability ``performance_rate`` each period.

Outcomes: ``judgments_per_subject``, ``judgments_enforced_rate`` (judgments performed
at judgment, voluntarily or by enforcement, over judgments; NaN without judgments),
``defaulters_share`` (share of subjects on the court list, representatives included),
``listed_unable_share`` (share of listed defaulters, on their own account, who could
not pay; NaN when none is listed), ``defaulters_unable_share`` and
``defaulters_refusing_share`` (shares of subjects on the list on their own account for
want of means, and able but refusing: the list's purpose), ``judgments_unable_rate``
(share of this period's judged debtors who could not pay; NaN without judgments),
``defaulters_performed`` and ``defaulters_deleted`` (listed defaulters who performed
late, and whose listing was deleted without payment, per subject), and
``honesty_rate_judicial``, the voluntary performance rate of this period's judgments
(the judicial domain has no ordinary transactions).

Outline: §II(4) judicial public trust ("Promote the disclosure of information on
enforcement cases, improve the implementation of linkage mechanisms, and increase the
rate of implementation of legal instruments in force"). Defaults and how they were
derived: docs/sources.md. The pre-list figure that over 70% of judgment debtors did not
perform voluntarily (2008-2012) measures voluntary compliance, the model's ``c`` with
``judicial.list`` off, not the courts' success against refusers; ``enforcement_rate``
is swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.mechanisms.interaction import sigmoid
from model.outcomes import published
from model.params import param
from model.population import JUDICIAL, PERMANENT


@dataclass(frozen=True)
class Params:
    """Litigation, court capacity, enforcement and the defaulter list."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Harmed partners sue; courts judge; refusers are listed as judgment defaulters.",
        clause="§II(4): judicial public trust; SPC list of dishonest judgment debtors "
        "(docs/sources.md C1-C18)",
    )
    litigation_rate: float = param(
        0.002,
        unit="probability per broken transaction",
        low=0.0,
        high=1.0,
        doc="Chance that the harmed partner sues the actor.",
        clause="§II(4); set so that persons enter the court list at about 2e-4 a month "
        "(docs/sources.md section 2, C6, C10, C14, C15)",
    )
    capacity: float = param(
        20.0,
        unit="cases per period per 1,000 subjects",
        low=0.0,
        high=1000.0,
        doc="Cases a region's court can hear per period, per 1,000 subjects of the region.",
        clause="§II(4): judicial capacity; far above the caseload at defaults, swept",
    )
    enforcement_rate: float = param(
        0.3,
        unit="probability per refused judgment",
        low=0.0,
        high=1.0,
        doc="Chance that the court enforces a judgment the debtor refuses to perform.",
        clause="§II(4): 'increase the rate of implementation'; no source measures it "
        "(docs/sources.md section 3): swept",
    )
    list: bool = param(
        True,
        unit="switch",
        doc="Courts list refusers as dishonest judgment debtors (off: before the 2013 list).",
        clause="§II(4); SPC provisions on the list of dishonest judgment debtors, 2013 and 2017 "
        "(docs/sources.md R1-R2)",
    )
    list_unable: bool = param(
        True,
        unit="switch",
        doc="Debtors who cannot pay are listed like refusers (off: only the able who refuse).",
        clause="SPC 2017 Art. 1 lists those able to perform but refusing; the list's stock "
        "includes debtors without means, separated in 2025 (docs/sources.md R1, R2, R7)",
    )
    performance_rate: float = param(
        0.03,
        unit="probability per period",
        low=0.0,
        high=1.0,
        doc="Chance per period that a listed defaulter leaves the list (performs, or is "
        "deleted for want of property).",
        clause="SPC 2017 Arts 2, 10: until performance or deletion; stands for every exit "
        "ground; set so that the stock is 0.5-1% of persons at the inflow (docs/sources.md "
        "section 2, C10, C11, C15, R3, R4)",
    )
    restriction_cost: float = param(
        0.1,
        unit="payoff units per period",
        low=0.0,
        high=100.0,
        doc="Cost of the restrictions on high consumption per listed period.",
        clause="§II(4); SPC restrictions on high consumption; swept",
    )
    representatives: bool = param(
        True,
        unit="switch",
        doc="A listed firm's legal representative is listed (restricted) with it.",
        clause="SPC provisions on restricting high consumption: a debtor unit's legal "
        "representative (docs/sources.md R6)",
    )


class Court(mesa.Agent):
    """The court of one region.

    Attributes:
        region: Region index.
        capacity: Cases it can hear per period.
        filed: Cases filed this period.
        heard: Cases judged this period.
        hearing_probability: Chance that a filed case was heard this period.

    """

    def __init__(self, model: mesa.Model, region: int, capacity: float) -> None:
        super().__init__(model)
        self.region = region
        self.capacity = float(capacity)
        self.filed = 0
        self.heard = 0
        self.hearing_probability = 1.0

    def docket(self, filed: int) -> float:
        """Take this period's filed cases; return the chance that one is heard."""
        self.filed = int(filed)
        self.hearing_probability = min(1.0, self.capacity / filed) if filed > 0 else 1.0
        return self.hearing_probability


class Judicial(Mechanism):
    """Lawsuits, judgments, enforcement and the defaulter list."""

    name = "judicial"
    Params = Params
    title = "Courts and the list of dishonest judgment debtors"

    def setup(self) -> None:
        """One court per region; nobody owes a judgment debt at the start."""
        m = self.model
        r = m.world.n_regions
        self.courts = [Court(m, k, 0.0) for k in range(r)]
        #: Damages a listed defaulter still owes, and to whom (its latest creditor).
        self.owed = np.zeros(m.subjects.n, dtype=np.float32)
        self.creditor = np.full(m.subjects.n, -1, dtype=np.int32)
        #: Whether the defaulter's latest default was for want of means.
        self.unable = np.zeros(m.subjects.n, dtype=bool)
        self.configure()
        self._judged = 0
        self._complied = 0
        self._performed = 0
        self._late = 0
        self._deleted = 0
        self._unable_judged = 0

    def configure(self) -> None:
        """Courts' capacities from ``capacity``; abolishing the list ends its listings."""
        m = self.model
        size = np.bincount(m.subjects.region, minlength=len(self.courts))
        for c in self.courts:
            c.capacity = float(self.p.capacity * size[c.region] / 1000.0)
        if not self.p.list:
            self.on_disable()

    def on_disable(self) -> None:
        """The court list abolished: its listings end from the next period."""
        s = self.model.subjects
        # called before the coming period (index model.t): end the listings before it
        listings.lift(s, np.arange(s.n), self.model.t - 1, domain=JUDICIAL)

    # --- accessors ---------------------------------------------------------------------
    def restriction_cost(self) -> float:
        """Per-period cost of the court list's own restrictions (high consumption)."""
        return self.p.restriction_cost

    def damages(self) -> float:
        """Damages awarded by a judgment: the partner's harm."""
        return self.model.world.harm

    def listing_cost(self, idx: np.ndarray | None = None) -> np.ndarray | float:
        """Expected cost of a listing as a defaulter, per subject (0 without the list).

        The listing holds until the debtor performs, with probability
        ``performance_rate`` each period: the one listing-cost function with a
        permanent term whose every period survives with ``1 - performance_rate``.

        Args:
            idx: The subjects to compute it for (all when None).

        """
        if not self.p.list:
            return 0.0
        return listings.cost_of_new_listing(
            self.model,
            JUDICIAL,
            listings.PERMANENT_TERM,
            survival=1.0 - self.p.performance_rate,
            idx=idx,
        )

    def refusal_cost(self, listing_cost: np.ndarray | float) -> np.ndarray | float:
        """Expected cost to a debtor of refusing to perform a judgment: enforced against,
        it pays the damages (and is not listed); otherwise it is listed.
        """
        d, e = self.damages(), self.p.enforcement_rate
        # a refuser enforced against has performed and is not listed
        return e * d + (1.0 - e) * listing_cost

    def compliance_probability(
        self, listing_cost: np.ndarray | float, refusal: np.ndarray | float | None = None
    ) -> np.ndarray | float:
        """Chance that a debtor performs a judgment voluntarily (logit rule); ``refusal``:
        :meth:`refusal_cost` of ``listing_cost`` if already computed.
        """
        if refusal is None:
            refusal = self.refusal_cost(listing_cost)
        beta = self.model.mechanisms["decision"].rationality()
        # beta * (refusal - d), in place on the difference: one array fewer at the period's
        # peak of memory (the choice)
        gap = refusal - self.damages()
        gap *= np.float64(beta)
        return sigmoid(gap)

    def deterrence(self) -> np.ndarray:
        """Expected judicial cost of breaking faith: sued, heard, judged."""
        d = self.damages()
        cost_l = self.listing_cost()
        refusal = self.refusal_cost(cost_l)  # read by the chance of complying and the cost
        c = self.compliance_probability(cost_l, refusal)
        # c * d + (1 - c) * refusal, term by term in place on refusal (a fresh array): the
        # same products and sums (identical values), fewer arrays held at the period's peak
        # of memory (the choice)
        judgment = refusal
        judgment *= 1.0 - c
        judgment += c * d
        del c
        # a debtor who could not pay pays nothing; it bears the listing if listed
        unable_cost = cost_l if self.p.list_unable else 0.0
        able = self.model.mechanisms["means"].can_pay(d)
        judgment = np.where(able, judgment, unable_cost)
        # the chance of a suit being heard, per region (a few products), then per subject
        heard = np.array([court.hearing_probability for court in self.courts])
        judgment *= (self.p.litigation_rate * heard)[self.model.subjects.region]
        return judgment

    # --- steps -------------------------------------------------------------------------
    def restrict(self) -> None:
        """Listed defaulters bear the restrictions on high consumption (start of period)."""
        s, t = self.model.subjects, self.model.period.t
        s.payoff -= np.float32(self.p.restriction_cost) * (s.listed_until[JUDICIAL] > t)

    def adjudicate(self) -> None:
        """Late performance of listed defaulters; this period's suits, judgments, listings."""
        m = self.model
        s, per = m.subjects, m.period
        n = s.n
        # the period's draws, in a fixed order; a draw compared with a fixed rate is kept as
        # the comparison (one byte per subject, not eight: the period's peak of memory)
        performs = self.rng.random(n) < self.p.performance_rate
        sues = self.rng.random(n) < self.p.litigation_rate
        u_hear = self.rng.random(n)
        u_comply = self.rng.random(n)
        enforced = self.rng.random(n) < self.p.enforcement_rate
        d = self.damages()
        means = m.mechanisms["means"]
        # listed defaulters (on their own account) may leave the list: those who can pay
        # what they owe perform, the others are deleted for want of property (R4)
        own = (self.owed > 0) & (s.listed_until[JUDICIAL] > per.t)
        leave = np.flatnonzero(own & performs)
        pays = means.can_pay(self.owed[leave], leave)
        self._pay(leave[pays], self.owed)
        self._delete(leave[~pays])
        self._late = int(np.count_nonzero(pays))
        self._deleted = len(leave) - self._late
        # this period's disputes
        filed = per.cheated & sues
        r = len(self.courts)
        n_filed = np.bincount(s.region[filed], minlength=r)
        p_hear = np.array([c.docket(n_filed[c.region]) for c in self.courts])
        judged = filed & (u_hear < p_hear[s.region])
        n_heard = np.bincount(s.region[judged], minlength=r)
        for c in self.courts:
            c.heard = int(n_heard[c.region])
        per.accounts.use("cases", int(n_heard.sum()))
        unable = np.zeros(n, dtype=bool)
        judged_idx = np.flatnonzero(judged)
        unable[judged_idx] = ~means.can_pay(d, judged_idx)
        self._unable_judged = int(np.count_nonzero(unable))
        able = np.flatnonzero(judged & ~unable)
        comply = np.zeros(n, dtype=bool)
        p_comply = self.compliance_probability(self.listing_cost(able))
        comply[able] = u_comply[able] < p_comply
        refuse = judged & ~comply
        # nothing can be seized from a debtor without means
        seized = refuse & ~unable & enforced
        performed = comply | seized
        # damages: a transfer from the debtor to the partner it harmed
        s.payoff -= np.float32(d) * performed
        s.payoff += (np.bincount(per.partner[performed], minlength=n) * d).astype(np.float32)
        listable = refuse & ~seized
        if not self.p.list_unable:
            listable &= ~unable  # their case ends without payment; the creditor goes unpaid
        defaulted = np.flatnonzero(listable)
        if self.p.list and len(defaulted):
            self.owed[defaulted] += np.float32(d)
            self.creditor[defaulted] = per.partner[defaulted]
            self.unable[defaulted] = unable[defaulted]
            reps = listings.place(s, defaulted, JUDICIAL, PERMANENT, False, self.p.representatives)
            s.red[defaulted] = False
            s.red[reps] = False
            new = len(defaulted) + len(reps)
            per.extra["new_listings"] = per.extra.get("new_listings", 0.0) + new
        # a refusal enters the judicial domain of the debtor's file (§II(4))
        records = m.mechanisms["records"]
        if records.enabled:
            idx = np.flatnonzero(refuse & s.has_file)
            s.records[idx, JUDICIAL] += np.float32(records.weight_of(serious=True))
            s.last_record[idx] = per.t
        self._judged = int(np.count_nonzero(judged))
        self._complied = int(np.count_nonzero(comply))
        self._performed = int(np.count_nonzero(performed))

    def _pay(self, idx: np.ndarray, owed: np.ndarray) -> None:
        """Defaulters ``idx`` perform: pay what they owe to their creditor, leave the list."""
        if not len(idx):
            return
        m = self.model
        s = m.subjects
        amount = owed[idx]
        s.payoff[idx] -= amount
        to = self.creditor[idx]
        s.payoff += np.bincount(to, weights=amount, minlength=s.n).astype(np.float32)
        owed[idx] = 0.0
        # a representative's listing made via the firm ends with it (listings.lift)
        listings.lift(s, idx, m.period.t, domain=JUDICIAL)

    def _delete(self, idx: np.ndarray) -> None:
        """Listings of defaulters ``idx`` without property are deleted; nothing is paid."""
        if not len(idx):
            return
        s, t = self.model.subjects, self.model.period.t
        self.owed[idx] = 0.0
        # a representative's listing made via the firm ends with it (listings.lift)
        listings.lift(s, idx, t, domain=JUDICIAL)

    def outcomes(self) -> dict[str, float]:
        """Judgments, performance at judgment, defaulters, voluntary compliance."""
        n = self.model.subjects.n
        if not self.enabled:
            return {
                "judgments_per_subject": 0.0,
                "judgments_enforced_rate": float("nan"),
                "defaulters_share": 0.0,
                "listed_unable_share": float("nan"),
                "defaulters_unable_share": 0.0,
                "defaulters_refusing_share": 0.0,
                "judgments_unable_rate": float("nan"),
                "defaulters_performed": 0.0,
                "defaulters_deleted": 0.0,
            }
        j = self._judged
        defaulters = published(self.model).holds[JUDICIAL]  # the court list as published
        own = defaulters & (self.owed > 0)
        n_own = int(np.count_nonzero(own))
        n_unable = int(np.count_nonzero(own & self.unable))
        return {
            "judgments_per_subject": j / n,
            "judgments_enforced_rate": self._performed / j if j else float("nan"),
            "defaulters_share": int(np.count_nonzero(defaulters)) / n,
            "listed_unable_share": n_unable / n_own if n_own else float("nan"),
            "defaulters_unable_share": n_unable / n,
            "defaulters_refusing_share": (n_own - n_unable) / n,
            "judgments_unable_rate": self._unable_judged / j if j else float("nan"),
            "defaulters_performed": self._late / n,
            "defaulters_deleted": self._deleted / n,
            "honesty_rate_judicial": self._complied / j if j else float("nan"),
        }
