"""A city pilot's points system: scores as an output of penalties, or as a trigger.

The Outline never mentions a score; the national system is a set of department lists
(``blacklist``, ``judicial``). Some cities ran points systems as pilots (Rongcheng is
the best documented: residents and firms start with a fixed number of points,
penalties decided by courts and regulators deduct points, and the points map to grades;
a low score does not by itself trigger a sanction: docs/sources.md). This module is
that pilot, off by default, in two clearly labelled variants:

* ``scoring.variant = 'output'`` (as documented for Rongcheng): points are computed
  from the records and reported (mean score, grade shares); nothing acts on them.
* ``scoring.variant = 'trigger'`` (hypothetical, for critical comparison; the
  single-score myth the field corrects): a subject whose newly recorded finding takes
  its score below ``scoring.threshold`` is listed by the department of the finding's
  domain, as if the violation were serious; such a listing rests on a false record if
  any record on the file is false.

Either variant may let partners use the score (``scoring.refuse_below``: partners who
check a covered subject's status refuse it when its score is below this; 0: never).

Rule. ``score = clip(100 - scoring.points * visible_records, 0, 100)`` for subjects
with a credit file; subjects without one keep 100 and no grade. ``visible_records`` is
the total weight of the subject's records as the department of its home domain sees
them: all of them on a national platform (``model.sharing_level`` = 1, the default),
its home domain's plus ``sharing_level`` times the others' under silos. Grades: A
(score >= 90), B (>= 70), C (>= 50), D.

Outline: §V(1) ("promote the supervision of credit classification"; "formulate credit
benchmarking evaluation index system and evaluation method"), §VI(4) (demonstration
areas: pilots). The Outline names no formula: the linear points rule is an assumption.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param

GRADE_CUTS = (90.0, 70.0, 50.0)  # A, B, C lower bounds; below the last is D
GRADES = ("A", "B", "C", "D")


def visible_records(records: np.ndarray, home: np.ndarray, level: float) -> np.ndarray:
    """Record weight a subject's home department sees at a sharing level.

    Args:
        records: (n, domains) record weights.
        home: Home domain of each subject.
        level: Sharing level in [0, 1]; 1 sees every domain's records.

    Returns:
        Visible weight per subject.

    """
    # left-to-right column sums: the same float32 values as records.sum(axis=1) (numpy
    # adds a short row in order) at a tenth of the cost of the strided reduction
    total = records[:, 0].copy()
    for d in range(1, records.shape[1]):
        total += records[:, d]
    if level >= 1.0:
        return total
    own = records[np.arange(len(home)), home]
    return own + level * (total - own)


@dataclass(frozen=True)
class Params:
    """The pilot's points formula and what acts on the points."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="A city pilot scores and grades subjects from their records.",
        clause="§V(1): credit classification; §VI(4): demonstration areas (pilots; docs/sources.md "
        "B4, G5-G7)",
    )
    variant: str = param(
        "output",
        unit="-",
        choices=("output", "trigger"),
        doc="'output': points only reported (Rongcheng); 'trigger': a low score lists "
        "(hypothetical).",
        clause="pilots' points are an output of penalties (docs/sources.md G5-G7); the "
        "trigger is hypothetical",
    )
    points: float = param(
        20.0,
        unit="score points per record weight",
        low=0.0,
        high=100.0,
        doc="Points a unit of record weight takes off the score of 100.",
        clause="§V(1): evaluation index system; assumption",
    )
    threshold: float = param(
        50.0,
        unit="score points",
        low=0.0,
        high=100.0,
        doc="'trigger' variant: score below which a newly recorded subject is listed.",
        clause="hypothetical score-triggered regime; assumption, swept",
        acts_if=("scoring.variant", "'trigger'", lambda v: v == "trigger"),
    )
    refuse_below: float = param(
        0.0,
        unit="score points",
        low=0.0,
        high=100.0,
        doc="Partners who check refuse covered subjects scored below this (0: never).",
        clause="§V(1): credit classification used in transactions; assumption",
    )


class Scoring(Mechanism):
    """A pilot's points and grades; optionally a hypothetical score trigger."""

    name = "scoring"
    Params = Params
    title = "City pilot's points system"

    def setup(self) -> None:
        """Score the files as they stand, so that a pilot switched on mid-run is read from
        its first period (partners, the trigger) and not with everybody at 100 until its
        first ``score`` step. At construction every file is empty: every score stays 100.
        """
        self.score()

    # --- accessors for the rules that use the points ----------------------------------
    def trigger_probability(self) -> np.ndarray | float:
        """Chance that a minor finding would list each actor (trigger variant only)."""
        if self.p.variant != "trigger":
            return 0.0
        m = self.model
        return (m.subjects.score - self.p.points < self.p.threshold).astype(np.float64)

    def triggered(self) -> np.ndarray:
        """Subjects whose score is below the listing threshold (trigger variant only)."""
        s = self.model.subjects
        if self.p.variant != "trigger":
            return np.zeros(s.n, dtype=bool)
        return s.score < self.p.threshold

    def rests_on_false_record(self, idx: np.ndarray | None = None) -> np.ndarray:
        """Subjects whose score rests on at least one false record (of ``idx`` only, if
        given).
        """
        fr = self.model.subjects.false_records
        if idx is not None:
            fr = fr[idx]
        bad = fr[:, 0] > 0
        for d in range(1, fr.shape[1]):
            bad |= fr[:, d] > 0
        return bad

    def refused(self) -> np.ndarray | None:
        """Covered subjects whose score partners refuse (None when partners ignore it)."""
        if self.p.refuse_below <= 0.0:
            return None
        s = self.model.subjects
        return s.has_file & (s.score < self.p.refuse_below)

    def score(self) -> None:
        """Recompute every score from the visible records."""
        s = self.model.subjects
        # subjects without a file keep the clean 100: only the covered are scored
        s.score[:] = 100.0
        self.rescore(np.flatnonzero(s.has_file))

    def rescore(self, idx: np.ndarray) -> None:
        """Recompute the scores of subjects ``idx`` only (their files changed since the
        period's ``score`` step: repair erased them); every other score stays as scored.
        """
        m = self.model
        s = m.subjects
        vis = visible_records(s.records[idx], s.home_domain[idx], m.sharing_level)
        s.score[idx] = self._points(vis, s.has_file[idx])

    def _points(self, vis: np.ndarray, has_file: np.ndarray) -> np.ndarray:
        """The points rule: 100 less ``scoring.points`` per unit of visible record weight,
        within [0, 100]; subjects without a file keep the clean 100.
        """
        raw = 100.0 - self.p.points * vis
        np.maximum(raw, 0.0, out=raw)
        np.minimum(raw, 100.0, out=raw)
        return np.where(has_file, raw, np.float32(100.0))  # np.where: no masked copy

    def outcomes(self) -> dict[str, float]:
        """Mean score of covered subjects and the share of each grade among them.

        NaN when no pilot scores anyone (switched off): there is no score to report.
        """
        if not self.enabled:
            return {"mean_score": float("nan")} | {f"grade_{g}_share": float("nan") for g in GRADES}
        s = self.model.subjects
        scores = s.score[s.has_file]  # covered subjects only
        n_covered = len(scores)
        n_cov = max(n_covered, 1)
        # grade counts: covered subjects below each cut (A >= 90 > B >= 70 > C >= 50 > D)
        below = [int(np.count_nonzero(scores < np.float32(c))) for c in GRADE_CUTS]
        at_least = [n_covered, *below]
        counts = [at_least[i] - (below[i] if i < 3 else 0) for i in range(4)]
        out = {"mean_score": float(scores.sum() / n_cov)}
        for name, c in zip(GRADES, counts, strict=True):
            out[f"grade_{name}_share"] = float(c / n_cov)
        return out
