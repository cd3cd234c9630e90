"""What one credit subject's situation looks like, in plain values (the classroom page).

The page's "play a subject" shows the class its subject's record, score, listing,
partner's refusal and payoff, and its network view colours subjects by credit status.
Both read the subjects' arrays here and nowhere else, through ``subjects.listed(t)`` and
the mechanisms' public attributes, so that a change in how the arrays store a listing
is adapted in this one module.

The state described is the one the monitors report: the period just run
(``model.period.t``), after its listings, sanctions and payoffs, with the lists as
published at its end (``subjects.listed(model.t)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from model import population
from model.mechanisms.scoring import GRADE_CUTS, GRADES
from model.population import DOMAINS, KINDS

if TYPE_CHECKING:
    from model.model import CreditSystemModel

#: Credit status categories of :func:`status_codes`, in code order.
STATUS: tuple[str, ...] = ("no file", "ordinary", "red-listed", "listed", "wrongly listed")


def published(model: CreditSystemModel) -> int:
    """The period whose lists ``subjects.listed`` reads for the state after the latest
    period: the lists as published at its end (the outcomes' convention).
    """
    return model.t


def _wrongly_listed(model: CreditSystemModel, u: int) -> np.ndarray:
    """Per subject: listed in period ``u`` on a listing that rests on a false record."""
    s = model.subjects
    flag = getattr(s, "wrongly_listed", None)
    if callable(flag):
        return flag(u)
    if flag is not None:  # older cores: one flag per subject, set when listed
        return s.listed(u) & flag
    return s.listed(u) & (s.false_records.sum(axis=1) > 0)


def _listing_ends(model: CreditSystemModel, i: int) -> np.ndarray:
    """Subject ``i``'s ``listed_until``: one value, or one per department's list."""
    until = model.subjects.listed_until
    if until.ndim == 1:
        return until[i : i + 1]
    return until[:, i] if until.shape[1] == model.subjects.n else until[i]


def status_codes(model: CreditSystemModel) -> np.ndarray:
    """Credit status of every subject as an index into :data:`STATUS`.

    Returns:
        int8 codes: 0 no credit file, 1 ordinary, 2 red-listed, 3 listed, 4 listed on a
        false record.

    """
    s = model.subjects
    u = published(model)
    code = s.has_file.astype(np.int8)
    code[s.red] = 2
    code[s.listed(u)] = 3
    code[_wrongly_listed(model, u)] = 4
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
        ``listed_until`` (first period off every list; None if not listed or listed
        for ever), ``listed_for_ever``, ``listed_domains`` (the departments whose lists
        hold it), ``via_firm`` (listed as the legal representative of a listed firm),
        ``wrongly_listed`` (a listing rests on a false record), ``red_listed``; the
        latest period: ``dealt`` (a deal took place), ``partner``, ``kept_faith``
        (None without a deal), ``partner_checked`` (the partner looked up the
        subject's credit status), ``partner_refused``, ``found`` (a violation
        was found, truly or falsely), ``false_finding``, ``recorded``, ``payoff``;
        and ``payoff_so_far`` (wealth gained since the start), ``wealth``,
        ``integrity`` and ``trust``.

    Raises:
        IndexError: For an id outside the population.

    """
    s, per = model.subjects, model.period
    if not 0 <= i < s.n:
        raise IndexError(f"subject id {i} is not in 0..{s.n - 1}")
    u = published(model)
    has_file = bool(s.has_file[i])
    scoring = model.mechanisms.get("scoring")
    scored = has_file and scoring is not None and scoring.enabled
    ends = _listing_ends(model, i)
    listed = bool(s.listed(u)[i])
    per_domain = len(ends) == len(DOMAINS)
    forever = getattr(population, "PERMANENT", None)
    dealt = bool(per.transacted[i])
    score = float(s.score[i]) if scored else None
    via = getattr(s, "via_firm", None)
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
        "listed_until": int(ends.max()) if listed and ends.max() != forever else None,
        "listed_for_ever": listed and forever is not None and bool(ends.max() == forever),
        "listed_domains": (
            [d for d, e in zip(DOMAINS, ends, strict=True) if e > u] if per_domain else []
        ),
        "via_firm": listed and via is not None and bool(np.asarray(via)[..., i].any()),
        "wrongly_listed": bool(_wrongly_listed(model, u)[i]),
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


def pick_subject(model: CreditSystemModel, kind: str = "firm") -> int:
    """A subject for the class to play: the first of ``kind`` with a credit file.

    A firm by default: departments' lists aim mainly at firms, so the class sees the
    system at work; any subject with a file if there is none of that kind, else 0.
    """
    s = model.subjects
    for mask in ((s.kind == KINDS.index(kind)) & s.has_file, s.has_file):
        ids = np.flatnonzero(mask)
        if len(ids):
            return int(ids[0])
    return 0
