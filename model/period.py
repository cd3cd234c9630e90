"""Scratch arrays of one period: who met whom, who acted how, what was found.

A fresh :class:`Period` is made at the start of every step; the mechanisms in the
step order read and write its arrays (one entry per subject, indexed by the subject
acting as *actor* in its transaction of this period). Nothing in it survives the
period except through the subjects' state arrays.

The period's findings form a ledger (``finding``): each actor found to have violated,
truly or falsely, has one entry, and the procedural steps mark it before anything is
charged (decide once, act once): forgiven (first-offence leniency), voided (an
objection upheld), blocked (local protectionism: the record is kept, the sanctions are
not applied). Records, fines and listings then act once on what the marks leave.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Ledger codes of ``Period.finding``: no finding, and what became of a finding.
NONE, STANDS, FORGIVEN, VOIDED, BLOCKED = 0, 1, 2, 3, 4


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
        detected: bool, a true violation was detected.
        false_record: bool, an honest act was wrongly recorded as a violation.
        serious: bool, the (true or false) finding is of a serious violation.
        recorded: bool, the finding was written to the actor's credit file.
        fines: float, total fines collected this period.
        rewards: float, total rewards paid this period.
        extra: Free slots where mechanisms keep per-period counts for their outcomes.

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
    detected: np.ndarray
    false_record: np.ndarray
    serious: np.ndarray
    finding: np.ndarray
    recorded: np.ndarray
    fines: float = 0.0
    rewards: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    @classmethod
    def new(cls, t: int, n: int) -> Period:
        """A blank period for ``n`` subjects."""
        zeros = lambda: np.zeros(n, dtype=bool)  # noqa: E731 - local shorthand
        return cls(
            t=t,
            partner=np.full(n, -1, dtype=np.int32),
            domain=np.zeros(n, dtype=np.int8),
            attempted=zeros(),
            checked=zeros(),
            refused=zeros(),
            assured=zeros(),
            transacted=zeros(),
            honest=np.ones(n, dtype=bool),
            p_monitor=np.zeros(n, dtype=np.float32),
            p_detect=np.zeros(n, dtype=np.float32),
            detected=zeros(),
            false_record=zeros(),
            serious=zeros(),
            finding=np.zeros(n, dtype=np.int8),
            recorded=zeros(),
        )

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

        Only a finding that still stands can be marked: the first procedural step that
        disposes of a finding decides it (forgiveness before objection before
        protectionism, in the step order).
        """
        hit = mask & (self.finding == STANDS)
        self.finding[hit] = code
        return hit

    @property
    def kept_on_file(self) -> np.ndarray:
        """Findings that enter the credit file: standing, or blocked from sanctions only."""
        f = self.finding
        return (f == STANDS) | (f == BLOCKED)

    @property
    def sanctionable(self) -> np.ndarray:
        """Findings on which fines and listings act: those that stand."""
        return self.finding == STANDS
