"""Scratch arrays of one period: who met whom, who acted how, what was recorded.

A fresh :class:`Period` is made at the start of every step; the mechanisms in the
step order read and write its arrays (one entry per subject, indexed by the subject
acting as *actor* in its transaction of this period). Nothing in it survives the
period except through the subjects' state arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


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
    p_detect: np.ndarray
    detected: np.ndarray
    false_record: np.ndarray
    serious: np.ndarray
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
            p_detect=np.zeros(n, dtype=np.float32),
            detected=zeros(),
            false_record=zeros(),
            serious=zeros(),
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
