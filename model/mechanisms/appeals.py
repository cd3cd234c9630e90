"""Appeals: objections to false credit records, and their correction.

Rule. A subject learns of a finding written to its file in the period it is written.
If the finding is false (an honest act wrongly found, or a false report), the subject
knows it acted honestly; it notices the record with probability ``appeals.awareness``
and then objects with probability ``appeals.propensity``. The objection is upheld with
probability ``appeals.success`` (the procedural quality of objection handling). An
upheld objection undoes the finding exactly: the record's weight is taken off
``records`` and ``false_records`` (both restored to their values before filing), the
subject's ``last_record`` is restored (the false record does not break its clean
spell), a listing or renewal that rested on the finding is undone (``listed_until``,
``listed_domain`` and ``wrongly_listed`` restored to their values before the listing
step; a new listing thus ends at the current period), the fine is refunded
(infringement liability) and the score recomputed.

Errors of the other kind (critical study): a subject whose true violation is recorded
contests it with probability ``appeals.contest_true``; such an objection is upheld
with probability ``appeals.true_success`` and then undone in the same way. A rational
actor anticipates this: its expected fine and listing cost fall by the factor
``contest_true * true_success`` (a negative deterrence term).

One objection per record, at the time of filing; records already on file when the
mechanism is switched on are not contested, and a rejected objection is final.
Whistle-blower rewards paid for a false report are not clawed back.

Outline: §V(2) ("a system for handling objection handling, complaint handling and
infringement liability was established"), §V(4) ("Formulate credit information
objection handling, complaint handling, litigation management system and operating
rules"; protect the rights of credit information subjects). No national figures on
appeal outcomes exist (../shared/notes/empirical-figures.md): all rates are swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Objection propensity and procedural quality."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Subjects can object to records on their file; upheld objections erase them.",
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
        clause="§V(4): 'enhance their awareness of safeguarding their rights'; swept",
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
    )


class Appeals(Mechanism):
    """Objections to records at filing, and the exact undoing of upheld ones."""

    name = "appeals"
    Params = Params
    title = "Objections and appeals"

    def setup(self) -> None:
        """Start with no pending objections."""
        self._pending = np.zeros(0, dtype=np.int64)
        self._filed = 0
        self._upheld = 0
        self._upheld_true = 0

    def deterrence(self) -> np.ndarray | float:
        """Expected fine and listing cost a guilty actor escapes by contesting."""
        q = self.p.contest_true * self.p.true_success
        if q <= 0.0:
            return 0.0
        m = self.model
        escaped = 0.0
        for name in ("sanctions", "blacklist"):
            mech = m.mechanisms[name]
            if mech.enabled:
                escaped = escaped + mech.deterrence()
        return -q * escaped

    @property
    def upheld(self) -> np.ndarray:
        """Ids of subjects whose objection this period will be upheld (set by ``lodge``,
        cleared by ``decide``).
        """
        return self._pending

    def lodge(self) -> None:
        """Subjects object to this period's findings before they are filed.

        Runs before ``records.file``, so that the state the finding will change (file,
        clean spell, listing) can be snapshotted for exact restoration.
        """
        m = self.model
        s, per = m.subjects, m.period
        n = s.n
        u_object = self.rng.random(n)
        u_success = self.rng.random(n)
        p = self.p
        covered = s.has_file
        false_obj = covered & per.false_record & (u_object < p.awareness * p.propensity)
        true_obj = covered & per.detected & (u_object < p.contest_true)
        upheld = (false_obj & (u_success < p.success)) | (true_obj & (u_success < p.true_success))
        self._filed = int(false_obj.sum() + true_obj.sum())
        self._upheld = int(upheld.sum())
        self._upheld_true = int((upheld & true_obj).sum())
        idx = np.flatnonzero(upheld)
        dom = per.domain[idx]
        self._pending = idx
        self._dom = dom
        self._records = s.records[idx, dom].copy()
        self._false = s.false_records[idx, dom].copy()
        self._last = s.last_record[idx].copy()
        # the listing as it stood before this period's findings
        self._until = s.listed_until[idx].copy()
        self._ldom = s.listed_domain[idx].copy()
        self._wrong = s.wrongly_listed[idx].copy()

    def decide(self) -> None:
        """Undo the upheld findings: records, clean spell, listing, fine and score."""
        m = self.model
        s, per = m.subjects, m.period
        idx, dom = self._pending, self._dom
        if len(idx) == 0:
            return
        s.records[idx, dom] = self._records
        s.false_records[idx, dom] = self._false
        s.last_record[idx] = self._last
        s.listed_until[idx] = self._until
        s.listed_domain[idx] = self._ldom
        s.wrongly_listed[idx] = self._wrong
        per.recorded[idx] = False  # the finding no longer stands
        sanctions = m.mechanisms["sanctions"]
        if sanctions.enabled:
            # infringement liability: the wrongly levied fine is refunded
            s.payoff[idx] += np.float32(sanctions.p.fine)
            per.fines -= len(idx) * sanctions.p.fine
        if m.mechanisms["scoring"].enabled:
            m.mechanisms["scoring"].score()
        self._pending = np.zeros(0, dtype=np.int64)

    def outcomes(self) -> dict[str, float]:
        """Objections filed and upheld this period, as shares of all subjects."""
        n = self.model.subjects.n
        if not self.enabled:
            return {"appeals_filed": 0.0, "appeals_upheld": 0.0, "appeals_upheld_true": 0.0}
        return {
            "appeals_filed": self._filed / n,
            "appeals_upheld": self._upheld / n,
            "appeals_upheld_true": self._upheld_true / n,
        }
