"""Credit score and classification: a score from the records a department can see.

Rule. ``score = clip(100 - scoring.points * visible_records, 0, 100)`` for subjects
with a credit file; subjects without one keep 100 and no grade. ``visible_records`` is
the total weight of the subject's records as the department of its home domain sees
them: all of them on a national platform (``model.sharing_level`` = 1, the default),
its home domain's plus ``sharing_level`` times the others' under silos (the ``sharing``
mechanism lowers the level). Grades: A (score >= 90), B (>= 70), C (>= 50), D.

Outline: §V(1) ("promote the supervision of credit classification"; "formulate credit
benchmarking evaluation index system and evaluation method"), §V(2) (unified credit
indicators). The Outline names no formula: the linear points rule is an assumption,
and ``scoring.points`` sets how fast records pull a score down.
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


def grades(score: np.ndarray, has_file: np.ndarray) -> np.ndarray:
    """Grade index 0..3 (A..D) per subject; -1 for subjects without a file."""
    g = np.zeros(len(score), dtype=np.int8)
    for cut in GRADE_CUTS:
        g += score < np.float32(cut)
    return np.where(has_file, g, -1)


@dataclass(frozen=True)
class Params:
    """Score formula."""

    enabled: bool = param(
        True,
        unit="switch",
        doc="Departments score and grade subjects from their records.",
        clause="§V(1): credit classification supervision",
    )
    points: float = param(
        20.0,
        unit="score points per record weight",
        low=0.0,
        high=100.0,
        doc="Points a unit of record weight takes off the score of 100.",
        clause="§V(1): evaluation index system; assumption",
    )


class Scoring(Mechanism):
    """Scores and grades."""

    name = "scoring"
    Params = Params
    title = "Credit score and classification"

    def score(self) -> None:
        """Recompute every score from the visible records."""
        m = self.model
        s = m.subjects
        vis = visible_records(s.records, s.home_domain, m.sharing_level)
        raw = 100.0 - self.p.points * vis
        np.maximum(raw, 0.0, out=raw)
        np.minimum(raw, 100.0, out=raw)
        # subjects without a file keep the clean score (np.where: no masked copy)
        s.score[:] = np.where(s.has_file, raw, np.float32(100.0))

    def outcomes(self) -> dict[str, float]:
        """Mean score of covered subjects and the share of each grade among them."""
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
