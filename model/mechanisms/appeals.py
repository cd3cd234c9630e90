"""Appeals: objections to false credit records, and their correction.

Rule. A subject learns of a finding against it in the period it is made. If the
finding is false (an honest act wrongly found, or a false report), the subject knows it
acted honestly; if it has a credit file, it notices the finding with probability
``appeals.awareness`` and then objects with probability ``appeals.propensity``. The
objection is upheld with probability ``appeals.success`` (the procedural quality of
objection handling). An upheld objection voids the finding in the period's ledger
before anything acts on it: it never enters the file, is never fined, never lists, and
does not break the subject's clean spell. The decision is taken once, before records,
fines and listings act (no sanction is charged and then undone).

Errors of the other kind (critical study): a subject whose true violation is found
contests it with probability ``appeals.contest_true``; such an objection is upheld
with probability ``appeals.true_success`` and voids the finding in the same way. A
rational actor anticipates this: its expected fine and listing cost fall by the factor
``contest_true * true_success`` (a negative deterrence term).

One objection per finding, at the time of the finding; findings already on file when
the mechanism is switched on are not contested, and a rejected objection is final.
Whistle-blower rewards paid for a false report are not clawed back.

Outline: §V(2) ("a system for handling objection handling, complaint handling and
infringement liability was established"), §V(4) ("Formulate credit information
objection handling, complaint handling, litigation management system and operating
rules"; protect the rights of credit information subjects). No national figures on
appeal outcomes exist (docs/sources.md): all rates are swept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param
from model.period import VOIDED


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
    )


class Appeals(Mechanism):
    """Objections to records at filing, and the exact undoing of upheld ones."""

    name = "appeals"
    Params = Params
    title = "Objections and appeals"

    def setup(self) -> None:
        """No objections yet."""
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

    def object(self) -> None:
        """Subjects object to this period's findings; upheld objections void them."""
        m = self.model
        s, per = m.subjects, m.period
        n = s.n
        u_object = self.rng.random(n)
        u_success = self.rng.random(n)
        p = self.p
        open_ = per.sanctionable & s.has_file
        false_obj = open_ & per.false_record & (u_object < p.awareness * p.propensity)
        true_obj = open_ & per.detected & (u_object < p.contest_true)
        upheld = (false_obj & (u_success < p.success)) | (true_obj & (u_success < p.true_success))
        per.mark(upheld, VOIDED)
        self._filed = int(np.count_nonzero(false_obj) + np.count_nonzero(true_obj))
        self._upheld = int(np.count_nonzero(upheld))
        self._upheld_true = int(np.count_nonzero(upheld & true_obj))

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
