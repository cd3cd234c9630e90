"""What one credit subject's situation looks like, in plain values (the classroom page).

The page's "play a subject" shows the class its subject's record, score, listing,
partner's refusal and payoff, and its network view colours subjects by credit status.
Both read the subjects' arrays here and nowhere else, through ``subjects.listed(t)`` and
the mechanisms' public attributes, so that a change in how the arrays store a listing
is adapted in this one module.

The state described is the one the monitors report: the period just run
(``model.period.t``), after its listings, sanctions and payoffs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from model.mechanisms.scoring import GRADE_CUTS, GRADES
from model.population import DOMAINS, KINDS

if TYPE_CHECKING:
    from model.model import CreditSystemModel

#: Credit status categories of :func:`status_codes`, in code order.
STATUS: tuple[str, ...] = ("no file", "ordinary", "red-listed", "listed", "wrongly listed")


def _rests_on_false_record(model: CreditSystemModel) -> np.ndarray:
    """Per subject: its listing rests on a false record (meaningful where listed)."""
    s = model.subjects
    flag = getattr(s, "wrongly_listed", None)  # set when the listing was made
    if flag is not None:
        return flag
    return s.false_records.sum(axis=1) > 0  # the file holds a false record now


def status_codes(model: CreditSystemModel) -> np.ndarray:
    """Credit status of every subject as an index into :data:`STATUS`.

    Returns:
        int8 codes: 0 no credit file, 1 ordinary, 2 red-listed, 3 listed, 4 listed on a
        false record.

    """
    s = model.subjects
    listed = s.listed(model.period.t)
    code = s.has_file.astype(np.int8)
    code[s.red] = 2
    code[listed] = 3
    code[listed & _rests_on_false_record(model)] = 4
    return code


def _grade(score: float) -> str:
    return GRADES[sum(score < cut for cut in GRADE_CUTS)]


def describe_subject(model: CreditSystemModel, i: int) -> dict[str, Any]:
    """One subject's situation after the latest period, as plain Python values.

    Args:
        model: The model.
        i: The subject's id (0 <= i < n).

    Returns:
        A dict with ``id``, ``kind``, ``region``, ``period`` (periods run); the credit
        file: ``has_file``, ``records`` and ``false_records`` (total record weight and
        its false part), ``records_by_domain``, ``score`` and ``grade`` (None unless a
        switched-on scoring mechanism scores the subject); listings: ``listed``,
        ``listed_until`` (first period off the list, None if not listed),
        ``listed_domains``, ``wrongly_listed`` (listed on a false record),
        ``red_listed``; the latest period: ``dealt`` (a deal took place), ``partner``,
        ``kept_faith`` (None without a deal), ``partner_checked`` (the partner looked
        up the subject's credit status), ``partner_refused``, ``found`` (a violation
        was found, truly or falsely), ``false_finding``, ``recorded``, ``payoff``;
        and ``payoff_so_far`` (wealth gained since the start), ``wealth``,
        ``integrity`` and ``trust``.

    Raises:
        IndexError: For an id outside the population.

    """
    s, per = model.subjects, model.period
    if not 0 <= i < s.n:
        raise IndexError(f"subject id {i} is not in 0..{s.n - 1}")
    t = per.t
    has_file = bool(s.has_file[i])
    scoring = model.mechanisms.get("scoring")
    scored = has_file and scoring is not None and scoring.enabled
    until = np.atleast_1d(s.listed_until[i])  # one end, or one per domain
    listed = bool(s.listed(t)[i])
    per_domain = until.shape[0] == len(DOMAINS) and until.shape[0] > 1
    dealt = bool(per.transacted[i])
    score = float(s.score[i]) if scored else None
    return {
        "id": int(i),
        "kind": KINDS[int(s.kind[i])],
        "region": int(s.region[i]),
        "period": int(model.t),
        "has_file": has_file,
        "records": float(s.records[i].sum()),
        "false_records": float(s.false_records[i].sum()),
        "records_by_domain": {
            d: float(w) for d, w in zip(DOMAINS, s.records[i], strict=True) if w > 0
        },
        "score": score,
        "grade": _grade(score) if score is not None else None,
        "listed": listed,
        "listed_until": int(until.max()) if listed else None,
        "listed_domains": (
            [d for d, u in zip(DOMAINS, until, strict=True) if u > t] if per_domain else []
        ),
        "wrongly_listed": listed and bool(_rests_on_false_record(model)[i]),
        "red_listed": bool(s.red[i]),
        "dealt": dealt,
        "partner": int(per.partner[i]) if per.partner[i] >= 0 else None,
        "kept_faith": bool(per.honest[i]) if dealt else None,
        "partner_checked": bool(per.checked[i]),
        "partner_refused": bool(per.refused[i]),
        "found": bool(per.detected[i] or per.false_record[i]),
        "false_finding": bool(per.false_record[i]),
        "recorded": bool(per.recorded[i]),
        "payoff": float(s.payoff[i]),
        "payoff_so_far": float(s.wealth[i] - model.world.initial_wealth),
        "wealth": float(s.wealth[i]),
        "integrity": float(s.integrity[i]),
        "trust": float(s.trust[i]),
    }


def pick_subject(model: CreditSystemModel) -> int:
    """A subject for the class to play: the first person with a credit file.

    A person (most subjects are persons) whose acts are recorded, so that the class
    sees the system at work; the first subject if there is none.
    """
    s = model.subjects
    ids = np.flatnonzero((s.kind == KINDS.index("person")) & s.has_file)
    return int(ids[0]) if len(ids) else 0
