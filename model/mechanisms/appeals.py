"""Appeals: objections to credit records, decided by offices with a queue.

Rule (``object``, in the findings ledger after forgiveness and before protectionism;
``docket``, after listings are decided). A subject learns of a finding against it in the
period it is made. If the finding is false (an honest act wrongly found, or a false
report), the subject knows it acted honestly; if it has a credit file, it notices the
finding with probability ``appeals.awareness`` and then objects with probability
``appeals.propensity``; a subject whose true violation is found contests it with
probability ``appeals.contest_true`` (strategic objections). Objecting costs
``appeals.cost`` (time, fees: a private cost, not revenue), and a subject objects only if
the relief it expects (the chance of success times the fine and the expected cost of the
listing the finding may trigger) is at least that cost.

Offices. One objection office per region (an :class:`ObjectionOffice`, a ``mesa.Agent``)
decides at most ``appeals.capacity`` objections per period per 1,000 subjects of its
region (1,000 means no limit: a subject has at most one finding a period), oldest
first; an objection is decided no earlier than ``appeals.delay`` periods after it was
filed. Objections not yet decided wait: the backlog grows by the inflow less what the
offices decide. The outcome of an objection rests on procedural quality and evidence:
one to a false record is upheld with probability ``appeals.success``, one to a true
record with probability ``appeals.true_success`` (false records are easier to overturn,
but neither is certain). The outcome is drawn when the objection is filed (the evidence
is what it is) and takes effect when it is decided.

Decided in the period of the finding (delay 0, capacity free), an upheld objection
voids the finding in the period's ledger before anything acts on it: never recorded,
fined or listed, and the clean spell is unbroken. This is the one-shot procedure of
earlier versions, drawn from the same random numbers. An objection that waits leaves
the finding standing (marked objected in the ledger): it is recorded, fined and may
list, and the listing holds while the objection waits. Upheld in a later period, it is
an event of that period: the record is erased (what is left of it after ageing), the
listing the finding placed is annulled from the next period (``model.listings.annul``),
the fine paid is refunded, the file's latest record goes back to the one before, and
for a false record the subject may be compensated (``appeals.compensation``). Periods
already spent listed are not undone.

Second instance. A subject whose objection is rejected takes it further
(administrative reconsideration or litigation) with probability
``appeals.second_propensity``, at a cost ``appeals.second_cost``, if the relief then
still expected is worth that cost; it is decided ``appeals.second_delay`` periods later
(no capacity limit) and upheld with probability ``appeals.second_success`` (false
record) or ``appeals.second_true_success`` (true record). While it waits the finding
stands (marked under review in the ledger if that is still in the period of the
finding).

Liability. A department pays ``appeals.liability`` for every false record it issued
that is overturned (the resources of correcting and answering for it: a cost to the
state), and the state pays ``appeals.compensation`` to a subject whose false record is
overturned after it was charged. With ``appeals.care_response`` on, departments record
more carefully the more liability they expect per false record: care ``c = 1 +
appeals.care_elasticity * (liability + compensation) * r``, with ``r`` the share of false
findings overturned so far; the false-record rate is divided by ``c`` and the unit cost
of a finding multiplied by it (``detection``'s declared hook ``set_care``).

Deterrence: a guilty actor anticipates escaping by contesting: its expected fine and
listing cost fall by the factor ``q = contest_true * (true_success + (1 - true_success)
* second_propensity * second_true_success)``, and it expects to pay the objection costs
``contest_true * (cost + (1 - true_success) * second_propensity * second_cost)`` if
found. The wait is not anticipated (a listing that holds until the objection is decided
is counted as escaped).

The two paths differ here more than anywhere else. An honest actor with a credit file
expects a false finding to be voided with probability ``q_false = awareness *
propensity * (success + (1 - success) * second_propensity * second_success)`` (0.25 at
defaults) and to pay the objection costs ``awareness * propensity * (cost + (1 -
success) * second_propensity * second_cost)``; a guilty one expects the ``q`` and costs
above (0 at defaults). The fine and listing cost of a false finding fall by ``q_false``
(``false_finding_cost``), those of a true finding by ``q``. Both paths count what an
objection escapes in the same way (the fine and the listing; the loss of red-list
status, graded sanctions and a leak stain are left out of both) and both leave out that
a subject objects only when the relief is worth the cost.

Left out: an objection to a record already on file when the mechanism is switched on;
strikes, market exits and repair's memory of serious records are not revised when a
record is erased later; whistle-blower rewards are not clawed back.

Outcomes, per subject and period unless said: ``appeals_filed``, ``appeals_upheld``
(first and second instance, in the period of the finding or later),
``appeals_upheld_true`` (of those, on true records), ``appeals_decided`` (first-instance
decisions), ``reviews_filed``, ``objection_backlog`` and ``review_backlog`` (objections
waiting at the end of the period), ``objection_delay_mean`` (periods from filing to the
first-instance decision, over this period's decisions; NaN when none).

Outline: §V(2) ("a system for handling objection handling, complaint handling and
infringement liability was established"), §V(4) ("Formulate credit information
objection handling, complaint handling, litigation management system and operating
rules"; protect the rights of credit information subjects). No national figures on
appeal outcomes, capacities or delays exist (docs/sources.md): all are swept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from model import listings
from model.mechanisms.base import Mechanism
from model.params import param
from model.period import OBJECTED, UNDER_REVIEW, VOIDED

if TYPE_CHECKING:
    from model.model import CreditSystemModel

#: ``appeals.capacity`` at or above which offices have no limit.
UNLIMITED = 1000.0

#: Fields of a queue entry (one per objection) and their dtypes.
FIELDS: dict[str, type] = {
    "who": np.int32,  # the objecting subject
    "filed": np.int32,  # period of the finding
    "due": np.int32,  # earliest period of the decision at the current instance
    "second": np.bool_,  # at the second instance
    "upheld1": np.bool_,  # outcome at first instance (drawn at filing)
    "upheld2": np.bool_,  # outcome at second instance (drawn at filing)
    "goes_on": np.bool_,  # would take a rejection to the second instance
    "false": np.bool_,  # the record is false
    "domain": np.int8,
    "before": np.int32,  # listed_until of the department's listing before the finding
    "wrong_before": np.bool_,
    "last_before": np.int32,  # the file's latest record before the finding
    "noted": np.bool_,  # what the finding cost has been noted (docket)
    "weight": np.float32,  # record weight written (0: not recorded)
    "fine": np.float32,  # fine paid
    "until": np.int32,  # listed_until the finding set (meaningful where listed)
    "listed": np.bool_,  # the finding placed or renewed a listing
}

#: What an upheld objection lets an actor escape, in both paths' anticipation.
ESCAPED = ("sanctions", "blacklist")


def finding_cost(model: CreditSystemModel, term: str) -> np.ndarray | float:
    """The fine and listing cost a finding brings each actor: the sum of ``term``
    (``"deterrence"``, weighed by the chance of the finding, or ``"false_finding_cost"``,
    given it) over the enabled mechanisms of :data:`ESCAPED`, in order.

    What an upheld objection spares, and what a local government's protection blocks
    (``government``): both terms of the choice read it, so it is computed once while
    the choice reads the state (``period.derived``).
    """

    def total() -> np.ndarray | float:
        out = 0.0
        for name in ESCAPED:
            mech = model.mechanisms[name]
            if mech.enabled:
                out = out + getattr(mech, term)()
        return out

    return model.period.derived(("appeals", "finding_cost", term), total)


# When a parameter can act at all (``acts_if``; ``model.interventions`` refuses a setting
# that cannot act): the second instance's terms only if someone goes to it, the success of
# an objection against a true record only if true records are contested, the strength of
# departments' care only if they respond to liability at all.
SECOND_INSTANCE = ("appeals.second_propensity", "above 0", lambda v: v > 0.0)
CONTESTED_TRUE = ("appeals.contest_true", "above 0", lambda v: v > 0.0)
CARE = ("appeals.care_response", "true", bool)


@dataclass(frozen=True)
class Params:
    """Objections, offices, second instance and liability."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Subjects can object to findings; offices decide; upheld objections erase them.",
        clause="§V(2), §V(4): objection handling, complaint handling",
    )
    success: float = param(
        0.5,
        unit="probability per objection",
        low=0.0,
        high=1.0,
        doc="Chance that an objection to a false record is upheld (procedural quality).",
        clause="§V(4): objection handling; no national figure, swept",
    )
    propensity: float = param(
        0.5,
        unit="probability per false record",
        low=0.0,
        high=1.0,
        doc="Chance that a subject aware of a false record objects to it.",
        clause="§V(4): 'enhance their awareness of safeguarding their legitimate rights and "
        "interests'; swept",
    )
    awareness: float = param(
        1.0,
        unit="probability per false record",
        low=0.0,
        high=1.0,
        doc="Chance that a subject notices a false record on its file.",
        clause="§V(4): guidance education for credit information subjects; assumption",
    )
    contest_true: float = param(
        0.0,
        unit="probability per true record",
        low=0.0,
        high=1.0,
        doc="Chance that a subject contests a true record (strategic objection).",
        clause="§V(4); critical study; assumption",
    )
    true_success: float = param(
        0.0,
        unit="probability per objection",
        low=0.0,
        high=1.0,
        doc="Chance that an objection to a true record is wrongly upheld.",
        clause="§V(4); critical study; assumption",
        acts_if=CONTESTED_TRUE,
    )
    capacity: float = param(
        1000.0,
        unit="objections per period per 1,000 subjects",
        low=0.0,
        high=1000.0,
        doc="Objections a region's office decides per period, per 1,000 subjects of the "
        "region (1000: no limit).",
        clause="§V(4): objection handling; no source, swept",
    )
    delay: int = param(
        0,
        unit="periods",
        low=0,
        high=120,
        doc="Periods from filing to the earliest first-instance decision (0: same period).",
        clause="§V(4); no source, swept",
    )
    cost: float = param(
        0.0,
        unit="payoff units per objection",
        low=0.0,
        high=100.0,
        doc="Private cost of objecting (time, fees).",
        clause="§V(4); no source, swept",
    )
    second_propensity: float = param(
        0.0,
        unit="probability per rejected objection",
        low=0.0,
        high=1.0,
        doc="Chance that a subject takes a rejected objection to a second instance.",
        clause="§V(4): complaint handling, litigation management; assumption, swept",
    )
    second_success: float = param(
        0.7,
        unit="probability per case",
        low=0.0,
        high=1.0,
        doc="Chance that a second instance upholds an objection to a false record.",
        clause="§V(4); no source, swept",
        acts_if=SECOND_INSTANCE,
    )
    second_true_success: float = param(
        0.0,
        unit="probability per case",
        low=0.0,
        high=1.0,
        doc="Chance that a second instance upholds an objection to a true record.",
        clause="§V(4); critical study; assumption",
        acts_if=SECOND_INSTANCE,
    )
    second_cost: float = param(
        1.0,
        unit="payoff units per case",
        low=0.0,
        high=100.0,
        doc="Private cost of a second instance (reconsideration or litigation).",
        clause="§V(4); no source, swept",
        acts_if=SECOND_INSTANCE,
    )
    second_delay: int = param(
        3,
        unit="periods",
        low=0,
        high=120,
        doc="Periods from a rejection to the second-instance decision.",
        clause="§V(4); no source, swept",
        acts_if=SECOND_INSTANCE,
    )
    liability: float = param(
        0.0,
        unit="payoff units per overturned false record",
        low=0.0,
        high=100.0,
        doc="Cost to the issuing department of a false record that is overturned.",
        clause="§V(2): 'infringement liability'; no source, swept",
    )
    compensation: float = param(
        0.0,
        unit="payoff units per overturned false record",
        low=0.0,
        high=100.0,
        doc="Compensation the state pays a subject whose charged false record is overturned.",
        clause="§V(2): 'infringement liability'; no source, swept",
    )
    care_response: bool = param(
        False,
        unit="switch",
        doc="Departments lower their false-record rate as the liability they expect grows.",
        clause="§V(2): records 'objective, true, accurate'; assumption",
    )
    care_elasticity: float = param(
        1.0,
        unit="per payoff unit of expected liability",
        low=0.0,
        high=100.0,
        doc="How strongly care rises with the expected liability per false record.",
        clause="assumption; swept",
        acts_if=CARE,
    )


class ObjectionOffice(mesa.Agent):
    """The objection office of one region.

    Attributes:
        region: Region index.
        capacity: Objections it can decide per period (infinite: no limit).
        carry: Fraction of a decision carried to the next period.
        decided: First-instance decisions this period.

    """

    def __init__(self, model: mesa.Model, region: int, capacity: float) -> None:
        super().__init__(model)
        self.region = region
        self.capacity = float(capacity)
        self.carry = 0.0
        self.decided = 0

    def quota(self) -> float:
        """Decisions it can take this period (whole numbers; the fraction is carried)."""
        if np.isinf(self.capacity):
            return np.inf
        total = self.carry + self.capacity
        whole = float(np.floor(total))
        self.carry = total - whole
        return whole


class Appeals(Mechanism):
    """Objections decided by regional offices, a second instance, and liability."""

    name = "appeals"
    Params = Params
    title = "Objections and appeals"

    def setup(self) -> None:
        """One office per region; an empty queue."""
        m = self.model
        self.offices = [ObjectionOffice(m, r, 0.0) for r in range(m.world.n_regions)]
        self.queue = {k: np.zeros(0, dtype=v) for k, v in FIELDS.items()}
        self._false_found = 0
        self._false_overturned = 0
        self._reset_counts()
        self.configure()

    def configure(self) -> None:
        """Offices' capacities from ``appeals.capacity`` and their regions' sizes."""
        m, p = self.model, self.p
        size = np.bincount(m.subjects.region, minlength=len(self.offices))
        for o in self.offices:
            o.capacity = np.inf if p.capacity >= UNLIMITED else p.capacity * size[o.region] / 1e3

    def on_disable(self) -> None:
        """Objections abolished mid-run: those waiting lapse (their findings stand), and
        departments no longer answer for false records (care back to 1).
        """
        self.queue = {k: np.zeros(0, dtype=v) for k, v in FIELDS.items()}
        detection = self.model.mechanisms["detection"]
        if self.p.care_response:
            detection.set_care(1.0)

    def _reset_counts(self) -> None:
        self._filed = 0
        self._upheld = 0
        self._upheld_true = 0
        self._decided = 0
        self._delays = 0
        self._reviews_filed = 0

    # --- deterrence -------------------------------------------------------------------
    def deterrence(self) -> np.ndarray | float:
        """Expected fine and listing cost a guilty actor escapes by contesting, net of costs."""
        p = self.p
        on = (1.0 - p.true_success) * p.second_propensity
        q = p.contest_true * (p.true_success + on * p.second_true_success)
        fees = p.contest_true * (p.cost + on * p.second_cost)
        if q <= 0.0 and fees <= 0.0:
            return 0.0
        return -q * self._escaped("deterrence") + self.model.period.p_expected * fees

    def false_finding_cost(self) -> np.ndarray | float:
        """Fine and listing cost of a false finding an honest actor escapes by objecting,
        net of the objection costs (only findings on a credit file are objected to).
        """
        p = self.p
        on = (1.0 - p.success) * p.second_propensity
        objects = p.awareness * p.propensity
        q = objects * (p.success + on * p.second_success)
        fees = objects * (p.cost + on * p.second_cost)
        if q <= 0.0 and fees <= 0.0:
            return 0.0
        return self.model.subjects.has_file * (fees - q * self._escaped("false_finding_cost"))

    def _escaped(self, term: str) -> np.ndarray | float:
        """What an upheld objection spares: :func:`finding_cost`."""
        return finding_cost(self.model, term)

    # --- queue helpers ------------------------------------------------------------------
    def _append(self, entries: dict[str, np.ndarray]) -> None:
        q = self.queue
        for k, dtype in FIELDS.items():
            q[k] = np.concatenate([q[k], np.asarray(entries[k], dtype=dtype)])

    def _take(self, mask: np.ndarray) -> dict[str, np.ndarray]:
        """Remove the entries in ``mask`` from the queue and return them, in queue order."""
        q = self.queue
        out = {k: v[mask] for k, v in q.items()}
        keep = ~mask
        for k in q:
            q[k] = q[k][keep]
        return out

    def _first_in_line(self, region: np.ndarray, quota: np.ndarray) -> np.ndarray:
        """Mask of the first ``quota[r]`` items of each region ``r``, in the given order."""
        take = np.zeros(len(region), dtype=bool)
        for r, k in enumerate(quota):
            if k <= 0:
                continue
            pos = np.flatnonzero(region == r)
            take[pos if np.isinf(k) else pos[: int(k)]] = True
        return take

    def _relief(
        self,
        idx: np.ndarray,
        p_up: float | np.ndarray,
        charged: dict[str, np.ndarray] | None = None,
    ) -> np.ndarray:
        """What objecting is worth to subjects ``idx``: chance of success times the relief.

        Before anything is charged (``charged`` None) the relief is the fine it would
        pay and the expected cost of the listing the finding may trigger; once charged
        (queue entries ``charged``), the fine paid and what the listing it placed still
        has to run, by the one listing-cost definition (``model.listings``).
        """
        m = self.model
        per, s, t = m.period, m.subjects, m.period.t
        value = np.zeros(len(idx))
        bl = m.mechanisms["blacklist"]
        if charged is None:
            sanctions = m.mechanisms["sanctions"]
            if sanctions.enabled:
                amount = sanctions.amount()
                value += amount * m.mechanisms["means"].can_pay(amount, idx)
            if bl.enabled:
                scope, term = bl.criteria()
                dom = per.domain[idx]
                cost = listings.cost_of_new_listing(m, dom, term[dom], idx=idx)
                value += per.serious[idx] * scope[dom] * cost
        else:
            e = charged
            value += e["fine"]
            left = np.clip(e["until"].astype(np.int64) - (t + 1), 0, listings.PERMANENT_TERM)
            left *= e["listed"] & (s.listed_until[e["domain"], idx] == e["until"])
            status = listings.status_cost(m, idx)
            own = listings.own_cost(m)[e["domain"]]
            value += (own + status) * listings.anticipated_periods(m, 1, left, idx)
        return p_up * value

    # --- steps ------------------------------------------------------------------------
    def object(self) -> None:
        """Decide what is due in the queue; file this period's objections; mark the ledger."""
        m = self.model
        s, per, p = m.subjects, m.period, self.p
        t = per.t
        self._reset_counts()
        quota = np.array([o.quota() for o in self.offices], dtype=np.float64)
        for o in self.offices:
            o.decided = 0
        # 1. the backlog: first instance oldest first within each office's quota, then
        # every second instance that is due (later events of this period)
        q = self.queue
        due1 = ~q["second"] & (q["due"] <= t)
        pos = np.flatnonzero(due1)
        take = np.zeros(len(due1), dtype=bool)
        take[pos] = self._first_in_line(s.region[q["who"][pos]], quota)
        quota -= np.bincount(s.region[q["who"][take]], minlength=len(quota))
        self._after_first(self._take(take), t)
        due2 = self.queue["second"] & (self.queue["due"] <= t)
        self._decide_second(self._take(due2))
        # 2. this period's objections: the same draws as the one-shot procedure
        n = s.n
        u_object = self.rng.random(n)
        u_success = self.rng.random(n)
        if p.second_propensity > 0.0:
            u_on = self.rng.random(n)
            u_success2 = self.rng.random(n)
        else:
            u_on = u_success2 = np.ones(n)  # nobody goes on; nothing drawn
        open_ = per.sanctionable & s.has_file
        false_obj = open_ & per.false_record & (u_object < p.awareness * p.propensity)
        true_obj = open_ & per.detected & (u_object < p.contest_true)
        if p.cost > 0.0:
            for mask, chance in ((false_obj, p.success), (true_obj, p.true_success)):
                idx = np.flatnonzero(mask)
                mask[idx] = self._relief(idx, chance) >= p.cost
        idx = np.flatnonzero(false_obj | true_obj)
        # filing order: by the objection draw, a random order that costs no new draw
        idx = idx[np.argsort(u_object[idx], kind="stable")]
        if p.cost > 0.0:
            s.payoff[idx] -= np.float32(p.cost)
        false = per.false_record[idx]
        new = {
            "who": idx,
            "filed": np.full(len(idx), t),
            "due": np.full(len(idx), t + p.delay),
            "second": np.zeros(len(idx), dtype=bool),
            "upheld1": u_success[idx] < np.where(false, p.success, p.true_success),
            "upheld2": u_success2[idx] < np.where(false, p.second_success, p.second_true_success),
            "goes_on": u_on[idx] < p.second_propensity,
            "false": false,
            "domain": per.domain[idx],
        }
        self._filed = len(idx)
        now = np.zeros(len(idx), dtype=bool)
        if p.delay == 0:
            now = self._first_in_line(s.region[idx], quota)
        # decided at once, before anything is charged: an upheld objection voids the finding
        first = _rows(new, now)
        self._count_first(first, t)
        up = first["upheld1"]
        per.mark(self._mask(first["who"][up]), VOIDED)
        self._count_upheld(first, up)
        review = _rows(first, ~up)
        review = _rows(review, self._goes_on(review, charged=False))
        if p.second_delay == 0:
            up2 = review["upheld2"]
            self._count_second(review)
            per.mark(self._mask(review["who"][up2]), VOIDED)
            review = _rows(review, np.zeros(len(up2), dtype=bool))
        # waiting: the finding stands meanwhile, marked in the ledger
        waiting = _rows(new, ~now)
        review["second"][:] = True
        review["due"][:] = t + p.second_delay
        for entries, code in ((waiting, OBJECTED), (review, UNDER_REVIEW)):
            per.mark(self._mask(entries["who"]), code)
            self._file(entries)

    def _mask(self, who: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.model.subjects.n, dtype=bool)
        mask[who] = True
        return mask

    def _goes_on(self, rejected: dict[str, np.ndarray], charged: bool) -> np.ndarray:
        """Mask of rejected objections taken to the second instance (its cost paid here).

        Args:
            rejected: Queue entries (or new objections) rejected at first instance.
            charged: Whether the finding has been charged (the objection waited).

        """
        p = self.p
        on = rejected["goes_on"].copy()
        if p.second_cost > 0.0 and on.any():
            going = _rows(rejected, on)
            chance = np.where(going["false"], p.second_success, p.second_true_success)
            worth = self._relief(going["who"], chance, going if charged else None)
            on[np.flatnonzero(on)] = worth >= p.second_cost
        self._reviews_filed += int(np.count_nonzero(on))
        if p.second_cost > 0.0:
            self.model.subjects.payoff[rejected["who"][on]] -= np.float32(p.second_cost)
        return on

    def _file(self, entries: dict[str, np.ndarray]) -> None:
        """Queue objections of this period, with the state before anything is charged."""
        s = self.model.subjects
        who, dom = entries["who"], entries["domain"]
        k = len(who)
        full = dict(entries)
        full["before"] = s.listed_until[dom, who]
        full["wrong_before"] = s.wrong_listing[dom, who]
        full["last_before"] = s.last_record[who]
        full["noted"] = np.zeros(k, dtype=bool)
        full["weight"] = np.zeros(k, dtype=np.float32)
        full["fine"] = np.zeros(k, dtype=np.float32)
        full["until"] = np.zeros(k, dtype=np.int32)
        full["listed"] = np.zeros(k, dtype=bool)
        self._append(full)

    def _count_first(self, decided: dict[str, np.ndarray], t: int) -> None:
        """Count first-instance decisions, their delay, and the offices' work."""
        n = len(decided["who"])
        self._decided += n
        self._delays += int((t - decided["filed"].astype(np.int64)).sum())
        self.model.period.accounts.use("objections", n)

    def _count_upheld(self, entries: dict[str, np.ndarray], up: np.ndarray) -> None:
        """Count upheld objections; the department's liability for false records."""
        p, acc = self.p, self.model.period.accounts
        self._upheld += int(np.count_nonzero(up))
        self._upheld_true += int(np.count_nonzero(up & ~entries["false"]))
        n_false = int(np.count_nonzero(up & entries["false"]))
        self._false_overturned += n_false
        if p.liability > 0.0:
            acc.spend("liability", n_false * p.liability)

    def _count_second(self, decided: dict[str, np.ndarray]) -> None:
        """Count second-instance decisions and the upheld among them."""
        self.model.period.accounts.use("reviews", len(decided["who"]))
        self._count_upheld(decided, decided["upheld2"])

    def _after_first(self, decided: dict[str, np.ndarray], t: int) -> None:
        """First-instance decisions of waiting objections: correct, go on, or end."""
        self._count_first(decided, t)
        up = decided["upheld1"]
        self._count_upheld(decided, up)
        self._correct(_rows(decided, up))
        review = _rows(decided, ~up)
        review = _rows(review, self._goes_on(review, charged=True))
        review["second"][:] = True
        review["due"][:] = t + self.p.second_delay
        if self.p.second_delay == 0:
            self._decide_second(review)
        else:
            self._append(review)

    def _decide_second(self, entries: dict[str, np.ndarray]) -> None:
        """Second-instance decisions of charged findings: correct the upheld."""
        self._count_second(entries)
        self._correct(_rows(entries, entries["upheld2"]))

    def _correct(self, e: dict[str, np.ndarray]) -> None:
        """Upheld in a later period: erase the record, annul the listing, refund the fine.

        Processed from the latest finding back, so that a listing renewed by a later
        finding falls back to the earlier finding's end before that one is annulled.
        """
        if not len(e["who"]):
            return
        m = self.model
        s, per, p = m.subjects, m.period, self.p
        t = per.t
        for when in np.unique(e["filed"])[::-1]:
            rows = e["filed"] == when
            who, dom = e["who"][rows], e["domain"][rows]
            rec = e["weight"][rows] > 0
            if rec.any():
                ages = np.full(int(rec.sum()), t - int(when))
                m.mechanisms["records"].erase(
                    who[rec], dom[rec], e["weight"][rows][rec], ages, e["false"][rows][rec]
                )
                # the file's latest record is the one before, unless a later one came since
                back = rec & (s.last_record[who] == when)
                s.last_record[who[back]] = e["last_before"][rows][back]
            lst = e["listed"][rows]
            if lst.any():
                listings.annul(
                    s,
                    who[lst],
                    dom[lst],
                    e["until"][rows][lst],
                    e["before"][rows][lst],
                    e["wrong_before"][rows][lst],
                    t,
                )
        refund = e["fine"]
        np.add.at(s.payoff, e["who"], refund)
        per.accounts.repay("fines", float(refund.sum(dtype=np.float64)))
        if p.compensation > 0.0:
            got = e["who"][e["false"]]
            np.add.at(s.payoff, got, np.float32(p.compensation))
            per.accounts.pay("compensation", len(got) * p.compensation)

    def docket(self) -> None:
        """Note what each waiting finding of this period cost; update departments' care."""
        m = self.model
        s, per, q = m.subjects, m.period, self.queue
        new = ~q["noted"]
        if new.any():
            who, dom = q["who"][new], q["domain"][new]
            records = m.mechanisms["records"]
            weight = np.where(per.serious[who], records.weight_of(serious=True), 1.0)
            q["weight"][new] = np.where(per.recorded[who], weight, 0.0)
            q["fine"][new] = per.fined[who]
            until = s.listed_until[dom, who]
            q["listed"][new] = (until != q["before"][new]) & ~s.via_firm[dom, who]
            q["until"][new] = until
            q["noted"][new] = True
        self._false_found += int(np.count_nonzero(per.false_record))
        detection = m.mechanisms["detection"]
        if self.p.care_response and detection.enabled:
            r = self._false_overturned / self._false_found if self._false_found else 0.0
            expected = (self.p.liability + self.p.compensation) * r
            detection.set_care(1.0 + self.p.care_elasticity * expected)

    def outcomes(self) -> dict[str, float]:
        """Objections filed, decided, upheld and waiting; the delay of decisions."""
        n = self.model.subjects.n
        if not self.enabled:
            return {
                "appeals_filed": 0.0,
                "appeals_upheld": 0.0,
                "appeals_upheld_true": 0.0,
                "appeals_decided": 0.0,
                "reviews_filed": 0.0,
                "objection_backlog": 0.0,
                "review_backlog": 0.0,
                "objection_delay_mean": float("nan"),
            }
        second = self.queue["second"]
        waiting2 = int(np.count_nonzero(second))
        return {
            "appeals_filed": self._filed / n,
            "appeals_upheld": self._upheld / n,
            "appeals_upheld_true": self._upheld_true / n,
            "appeals_decided": self._decided / n,
            "reviews_filed": self._reviews_filed / n,
            "objection_backlog": (len(second) - waiting2) / n,
            "review_backlog": waiting2 / n,
            "objection_delay_mean": self._delays / self._decided if self._decided else float("nan"),
        }


def _rows(entries: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    """The entries (queue rows or new objections) selected by ``mask``, as copies."""
    return {k: v[mask] for k, v in entries.items()}
