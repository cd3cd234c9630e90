"""Scratch arrays of one period: who met whom, who acted how, what was found.

A blank :class:`Period` is made at the start of every step; the mechanisms in the
step order read and write its arrays (one entry per subject, indexed by the subject
acting as *actor* in its transaction of this period). Nothing in it survives the
period except through the subjects' state arrays: the model resets the same arrays in
place for the next period (:meth:`Period.blank`).

The period's findings form a ledger (``finding``): each actor found to have violated,
truly or falsely, has one entry, and the procedural steps mark it before anything is
charged (decide once, act once): forgiven (first-offence leniency), voided (an
objection upheld before anything was charged), objected (an objection waits in an
office's queue: the finding stands meanwhile), under review (rejected at first
instance, a second instance is pending: it stands meanwhile), blocked (local
protectionism: the record is kept, the sanctions are not applied). Records, fines and
listings then act once on what the marks leave. An objection upheld in a later period
is a later event of that period (``appeals``), not an undoing of this one.

The state's accounts of the period (``accounts``, :mod:`model.accounts`) receive every
fine, refund, reward, compensation and priced activity.

What subjects expect. ``p_detect`` and ``p_false`` are the true chances that a
violation, and an honest act, of each actor is found this period; ``p_expected`` and
``e_expected`` are what the actor expects them to be when it chooses (set by
``decision.perceive``). Under rational expectations they are the same arrays as the
true ones (no copy: whatever sets the true chance sets the expected one); under learned
beliefs ``decision`` replaces them with the actors' perceived chances. Every term of
the choice reads the expected ones.

Shared derived values (``reading``, ``derived``). While the choice is computed, several
terms read the same quantity derived from the state (what a new listing would cost each
actor, the chance that a finding lists it): the expected sanctions of breaking faith and
those of keeping it both weigh the same listing. Inside ``with period.reading():``
(opened by the decision rule around its pure reads of the state: nothing is changed
there) such a quantity is computed once, kept read-only and shared; outside it, every
call computes it afresh, so a step that changes the lists can never read a value derived
before the change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from model.accounts import Accounts

T = TypeVar("T")

#: Ledger codes of ``Period.finding``: no finding, and what became of a finding.
#: VOIDED: an objection to it was upheld before anything was charged. OBJECTED: an
#: objection waits for a first-instance decision; UNDER_REVIEW: rejected at first
#: instance, the second instance is pending (both stand until decided).
NONE, STANDS, FORGIVEN, VOIDED, BLOCKED, OBJECTED, UNDER_REVIEW = 0, 1, 2, 3, 4, 5, 6
#: Codes of findings that stand: fines and listings act on them.
STANDING = (STANDS, OBJECTED, UNDER_REVIEW)

#: The period's own arrays: name, dtype and the value of a blank period.
_BLANK: tuple[tuple[str, type, int | bool], ...] = (
    ("partner", np.int32, -1),
    ("domain", np.int8, 0),
    ("attempted", np.bool_, False),
    ("checked", np.bool_, False),
    ("refused", np.bool_, False),
    ("assured", np.bool_, False),
    ("transacted", np.bool_, False),
    ("honest", np.bool_, True),
    ("p_monitor", np.float32, 0),
    ("p_detect", np.float32, 0),
    ("p_false", np.float32, 0),
    ("detected", np.bool_, False),
    ("false_record", np.bool_, False),
    ("serious", np.bool_, False),
    ("finding", np.int8, NONE),
    ("recorded", np.bool_, False),
    ("fined", np.float32, 0),
)


@dataclass
class Period:
    """Per-period arrays, indexed by actor.

    Attributes:
        t: Period number (0-based).
        partner: int32, the partner drawn for the actor's transaction (-1: none).
        domain: int8, domain of the actor's act.
        attempted: bool, the actor sought a transaction with a partner.
        checked: bool, the partner looked up the actor's visible credit status.
        refused: bool, the partner refused the transaction.
        assured: bool, the partner saw a red-list status and trusts without doubt.
        transacted: bool, the transaction took place.
        honest: bool, the actor kept faith (meaningful where ``transacted``).
        p_detect: float32, probability that a violation by the actor is detected.
        p_false: float32, probability that an honest act of the actor is wrongly found
            to be a violation (departments' errors and malicious reports).
        p_expected: float32, the detection probability the actor expects (by default
            the same array as ``p_detect``).
        e_expected: float32, the false-finding probability the actor expects (by
            default the same array as ``p_false``).
        false_cost: float64 or None, expected cost to each actor of a false finding
            against its act, given one is made (``decision``; None until computed).
        detected: bool, a true violation was detected.
        false_record: bool, an honest act was wrongly recorded as a violation.
        serious: bool, the (true or false) finding is of a serious violation.
        recorded: bool, the finding was written to the actor's credit file.
        fined: float32, the fine the actor paid this period (0: none or not paid).
        accounts: The state's accounts of the period (:class:`model.accounts.Accounts`).
        extra: Free slots where mechanisms keep per-period counts for their outcomes.
        memo: Values derived while the state is only read (:meth:`reading`); None
            outside.

    """

    t: int
    partner: np.ndarray
    domain: np.ndarray
    attempted: np.ndarray
    checked: np.ndarray
    refused: np.ndarray
    assured: np.ndarray
    transacted: np.ndarray
    honest: np.ndarray
    p_monitor: np.ndarray
    p_detect: np.ndarray
    p_false: np.ndarray
    p_expected: np.ndarray
    e_expected: np.ndarray
    detected: np.ndarray
    false_record: np.ndarray
    serious: np.ndarray
    finding: np.ndarray
    recorded: np.ndarray
    fined: np.ndarray
    accounts: Accounts = field(default_factory=Accounts)
    false_cost: np.ndarray | None = None
    extra: dict[str, float] = field(default_factory=dict)
    memo: dict[Hashable, Any] | None = None

    @classmethod
    def new(cls, t: int, n: int) -> Period:
        """A blank period for ``n`` subjects, on arrays of its own."""
        arrays = {}
        for name, dtype, blank in _BLANK:
            # zeros are left to the allocator (calloc: a page costs memory once written)
            arrays[name] = np.zeros(n, dtype=dtype) if blank == 0 else np.full(n, blank, dtype)
        return cls._on(t, arrays)

    def blank(self, t: int) -> Period:
        """A blank period ``t`` on this period's arrays, each reset in place.

        The model runs every period on one set of arrays (``CreditSystemModel.step``):
        allocating some twenty arrays afresh each period, while the last period's are
        still held, fragments the heap, which keeps the freed memory resident. The new
        period equals ``Period.new(t, n)`` in every value; the expected chances are the
        true ones again, and nothing else (``false_cost``, ``extra``, the accounts) is
        carried over. The arrays of this period then hold the new period's values.
        """
        for name, _dtype, blank in _BLANK:
            getattr(self, name).fill(blank)
        return self._on(t, {name: getattr(self, name) for name, _dtype, _blank in _BLANK})

    @classmethod
    def _on(cls, t: int, arrays: dict[str, np.ndarray]) -> Period:
        # rational expectations until decision.perceive says otherwise: the same arrays
        return cls(t=t, p_expected=arrays["p_detect"], e_expected=arrays["p_false"], **arrays)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Within the block, values from :meth:`derived` are computed once and shared.

        Only for code that reads the state and changes none of it. Nested blocks share
        the outer block's values.
        """
        if self.memo is not None:
            yield
            return
        self.memo = {}
        try:
            yield
        finally:
            self.memo = None

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per :meth:`reading` block (every call outside one).

        Args:
            key: What the value is, e.g. ``("blacklist", "cost_of_listing")``.
            compute: Derives the value from the current state.

        Returns:
            The value; an array is made read-only inside a block, since every reader
            shares it.

        """
        if self.memo is None:
            return compute()
        if key not in self.memo:
            value = compute()
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            self.memo[key] = value
        return self.memo[key]

    @property
    def fines(self) -> float:
        """Fines collected this period (the state's revenue item ``fines``)."""
        return self.accounts.revenue["fines"]

    @property
    def rewards(self) -> float:
        """Rewards paid this period (the state's cost item ``rewards``)."""
        return self.accounts.paid["rewards"]

    @property
    def cheated(self) -> np.ndarray:
        """Actors who broke faith in a transaction that took place."""
        return self.transacted & ~self.honest

    def act_state(self) -> np.ndarray:
        """Each actor's act as int8: 0 no transaction, 1 broke faith, 2 kept faith."""
        kept = self.transacted & self.honest
        # bool is one byte holding 0 or 1: viewed as int8 the sum needs no conversion
        return self.transacted.view(np.int8) + kept.view(np.int8)

    @property
    def found(self) -> np.ndarray:
        """Actors found to have violated (truly or falsely) this period."""
        return self.detected | self.false_record

    def open_findings(self, mask: np.ndarray) -> None:
        """Enter new findings into the ledger as standing (existing entries are kept)."""
        self.finding[mask & (self.finding == NONE)] = STANDS

    def mark(self, mask: np.ndarray, code: int) -> np.ndarray:
        """Mark the standing findings in ``mask`` with ``code``; return those marked.

        Only a finding that still stands (possibly with an objection pending) can be
        marked: the first procedural step that disposes of a finding decides it
        (forgiveness before objection before protectionism, in the step order). A
        finding blocked while its objection waits keeps its place in the objection
        queue (``appeals`` keeps its own entry).
        """
        hit = mask & self.sanctionable
        self.finding[hit] = code
        return hit

    @property
    def kept_on_file(self) -> np.ndarray:
        """Findings that enter the credit file: standing, or blocked from sanctions only."""
        return self.sanctionable | (self.finding == BLOCKED)

    @property
    def sanctionable(self) -> np.ndarray:
        """Findings on which fines and listings act: those that stand, objected or not."""
        f = self.finding
        # codes are small ints: STANDS, OBJECTED, UNDER_REVIEW are 1, 5, 6
        return (f == STANDS) | (f >= OBJECTED)
