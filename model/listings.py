"""Lists, and what a listing costs: the one place where both are defined.

Every list of the model is kept per department (a domain of the Outline's §II in the
subject's own region): the administrative blacklists of the government, business and
social departments (``blacklist``) and the courts' list of dishonest judgment debtors,
the judicial row (``judicial``). Whoever lists or lifts goes through :func:`place` and
:func:`lift`, so that the legal-representative link and the timing convention hold for
every list alike.

Timing. A decision in period ``t`` to list a subject for a term of ``D`` periods makes
the listing hold in periods ``t + 1, ..., t + D`` (``listed_until = t + 1 + D``). Every
consequence of being listed (partners' refusals, the department's restriction, joint
restrictions by other departments, public shame and ostracism, licensing restrictions)
acts at the start of a period on the lists as they stood at the end of the previous
one, so a listing of term ``D`` is charged in exactly ``D`` periods. A term of
``PERMANENT_TERM`` periods (a century of monthly periods) never ends.

Cost. :func:`cost_of_new_listing` is what a subject expects a new listing (or the
renewal of one) to cost, and the costs charged each period are the terms it sums: the
listing department's own restriction (per list) and the status consequences of being on
any list at all, declared by each mechanism in its ``listed_cost`` method (once per
subject and period, however many lists it is on). A renewal costs only the periods it
adds to the listing already in force. Periods ahead are discounted with the subject's
discount factor (:func:`discount`; 1 means none); without discounting a permanent
listing counts as ``PERMANENT_TERM`` periods, a subject's remaining life.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np

from model.population import DOMAINS, FIRM, JUDICIAL, PERMANENT

if TYPE_CHECKING:
    from model.model import CreditSystemModel
    from model.population import Subjects

#: Term (periods) that stands for a permanent listing: it never ends.
PERMANENT_TERM = 1200


def listing_until(t: int, term: int) -> int:
    """``listed_until`` of a listing decided in period ``t`` for ``term`` periods."""
    if term >= PERMANENT_TERM:
        return int(PERMANENT)
    return t + 1 + term


def place(
    s: Subjects,
    idx: np.ndarray,
    domain: int | np.ndarray,
    until: int | np.ndarray,
    wrong: bool | np.ndarray,
    representatives: bool,
) -> np.ndarray:
    """List (or renew the listing of) subjects ``idx`` with department ``domain``.

    A renewal restarts the term: the listing holds until the later of its current end
    and ``until`` (a permanent listing stays permanent). Whether the listing rests on a
    false record is that of the decision that placed it last.

    Args:
        s: The subjects.
        idx: Ids to list (distinct).
        domain: Department (domain index) of each listing, or one for all.
        until: ``listed_until`` of each listing, or one for all.
        wrong: Whether each listing rests on a false record, or one for all.
        representatives: Also list the legal representative of every listed firm with
            the same department, term and wrongfulness (SPC high-consumption provisions;
            memoranda that extend restrictions to the responsible persons).

    Returns:
        Ids of the representatives listed because of their firm (may repeat).

    """
    idx = np.asarray(idx)
    dom = np.broadcast_to(np.asarray(domain), idx.shape)
    end = np.broadcast_to(np.asarray(until, dtype=np.int64), idx.shape)
    bad = np.broadcast_to(np.asarray(wrong, dtype=bool), idx.shape)
    s.listed_until[dom, idx] = np.maximum(s.listed_until[dom, idx], end)
    s.wrong_listing[dom, idx] = bad
    s.via_firm[dom, idx] = False
    if not representatives or not len(idx):
        return np.zeros(0, dtype=np.int32)
    firm = s.kind[idx] == FIRM
    rep = s.representative[idx]
    has = firm & (rep >= 0)
    rep, rdom, rend, rbad = rep[has], dom[has], end[has], bad[has]
    fresh = s.listed_until[rdom, rep] < rend
    # a representative listed on its own account keeps that listing's record of why
    s.listed_until[rdom, rep] = np.maximum(s.listed_until[rdom, rep], rend)
    s.wrong_listing[rdom[fresh], rep[fresh]] = rbad[fresh]
    s.via_firm[rdom[fresh], rep[fresh]] = True
    return rep


def lift(s: Subjects, idx: np.ndarray, t: int, domain: int | None = None) -> None:
    """End listings of ``idx`` so that they do not hold from period ``t + 1`` on.

    A firm's legal representative, listed because of the firm (``via_firm``), leaves
    the list with it, unless another decision has since extended the representative's
    listing beyond the firm's.

    Args:
        s: The subjects.
        idx: Ids whose listings end.
        t: The current period.
        domain: The department whose listing ends; None for every department's.

    """
    idx = np.asarray(idx)
    firm = idx[s.kind[idx] == FIRM]
    firm = firm[s.representative[firm] >= 0]
    rep = s.representative[firm]
    for d in range(len(DOMAINS)) if domain is None else (domain,):
        old_end = s.listed_until[d, firm]
        # fancy indexing reads a copy: the result must be assigned back
        s.listed_until[d, idx] = np.minimum(s.listed_until[d, idx], t + 1)
        follows = s.via_firm[d, rep] & (s.listed_until[d, rep] <= old_end)
        r = rep[follows]
        s.listed_until[d, r] = np.minimum(s.listed_until[d, r], t + 1)


def discount(model: CreditSystemModel) -> np.ndarray | float:
    """Per-period discount factor of each subject (1: future periods count in full).

    Owned by the decision rule (``decision.discount``); 1 while that mechanism declares
    no discounting.
    """
    return model.mechanisms["decision"].discount_factor()


@functools.lru_cache(maxsize=16)
def _partial_sums(delta: float) -> np.ndarray:
    """``S[k] = sum of delta ** j for j = 1 .. k``, for k = 0 .. PERMANENT_TERM (read-only)."""
    powers = np.full(PERMANENT_TERM + 1, delta, dtype=np.float64)
    powers[0] = 0.0
    powers[1:] = delta ** np.arange(1, PERMANENT_TERM + 1, dtype=np.float64)
    out = np.cumsum(powers)
    out.flags.writeable = False
    return out


def discounted_periods(first: np.ndarray | int, last: np.ndarray | int, delta) -> np.ndarray:
    """Sum of ``delta ** k`` for ``k = first, ..., last`` (0 where ``last < first``).

    ``first >= 1`` and ``last <= PERMANENT_TERM`` (periods ahead of this one). Without
    discounting (``delta == 1``) this is the number of periods. For one factor shared
    by every subject the sum is a difference of two partial sums read from a table;
    a factor per subject is summed in closed form.
    """
    first = np.asarray(first, dtype=np.int64)
    last = np.asarray(last, dtype=np.int64)
    span = last >= first
    d = np.asarray(delta, dtype=np.float64)
    if d.ndim == 0:
        if d == 1.0:
            return np.where(span, last - first + 1, 0).astype(np.float64)
        table = _partial_sums(float(d))
        lo = np.clip(first - 1, 0, PERMANENT_TERM)
        hi = np.clip(last, 0, PERMANENT_TERM)
        return np.where(span, table[hi] - table[lo], 0.0)
    count = np.maximum(last - first + 1, 0).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        geo = (d**first - d ** (first + count)) / (1.0 - d)
    return np.where(d == 1.0, count, geo)


def own_cost(model: CreditSystemModel) -> np.ndarray:
    """Per-period cost of each department's own restriction, by domain (4 values).

    The administrative departments' restriction is ``blacklist.cost``; the courts' is
    ``judicial.restriction_cost`` (restrictions on high consumption).
    """
    out = np.zeros(len(DOMAINS))
    bl = model.mechanisms["blacklist"]
    if bl.enabled:
        out[:] = bl.restriction_cost()
    jud = model.mechanisms["judicial"]
    out[JUDICIAL] = jud.restriction_cost() if jud.enabled else 0.0
    return out


def status_cost(model: CreditSystemModel) -> np.ndarray | float:
    """Expected cost per period of being on at least one list, per subject.

    The sum of the ``listed_cost`` of every switched-on mechanism: partners' refusals
    (``market``), other departments' restrictions (``joint``), shame and ostracism
    (``social``), licensing restrictions of listed firms (``graded``).
    """
    total: np.ndarray | float = 0.0
    for mech in model.mechanisms.values():
        if mech.enabled:
            total = total + mech.listed_cost()
    return total


def visibility(model: CreditSystemModel) -> np.ndarray | float:
    """Chance that a partner who checks the actor's credit status sees its listing.

    A partner of the actor's own region always sees it; one of another region sees it
    with probability ``model.sharing_level``; with ``security`` on, only the disclosed
    share of checks returns the status at all. Per subject (the share of its network
    neighbours in its own region is fixed by the network).
    """
    level = model.sharing_level
    same = model.mechanisms["interaction"].same_region
    seen: np.ndarray | float = 1.0 if level >= 1.0 else same + (1.0 - same) * level
    sec = model.mechanisms["security"]
    if sec.enabled:
        seen = seen * sec.disclosed_share()
    return seen


def cost_of_new_listing(
    model: CreditSystemModel,
    domain: np.ndarray | int,
    term: np.ndarray | int,
    survival: float = 1.0,
    idx: np.ndarray | None = None,
) -> np.ndarray:
    """What a listing decided this period with department ``domain`` costs each subject.

    The listing holds in the ``term`` periods after this one; only the periods it adds
    to listings already in force count (the department's own restriction beyond its
    own listing's end; the status consequences beyond the end of every listing). Each
    period ahead is discounted; a listing that ends early at random (the court list,
    which ends when the debtor performs) holds its ``k``-th period with probability
    ``survival ** (k - 1)``.

    Args:
        model: The model (its current period and subjects).
        domain: Department of the listing, per subject (of ``idx``) or one for all.
        term: Term of the listing in periods (``PERMANENT_TERM``: permanent), per
            subject (of ``idx``) or one for all.
        survival: Chance that the listing, holding in one period, holds in the next.
        idx: The subjects to compute it for (all when None).

    Returns:
        Expected discounted cost per subject of ``idx`` (payoff units).

    """
    s, t = model.subjects, model.period.t
    ids = np.arange(s.n) if idx is None else np.asarray(idx)
    delta = discount(model)
    if np.ndim(delta):
        delta = delta[ids]
    last = np.minimum(np.asarray(term, dtype=np.int64), PERMANENT_TERM)
    # periods of the new listing already covered: the current listing's remaining span
    dom = np.broadcast_to(np.asarray(domain), ids.shape)
    own_end = s.listed_until[dom, ids]
    any_end = s.listing_end()[ids]
    covered_own = np.clip(own_end.astype(np.int64) - (t + 1), 0, PERMANENT_TERM)
    covered_any = np.clip(any_end.astype(np.int64) - (t + 1), 0, PERMANENT_TERM)
    if survival >= 1.0:
        own_w = discounted_periods(covered_own + 1, last, delta)
        any_w = discounted_periods(covered_any + 1, last, delta)
    elif survival <= 0.0:
        # only the first period holds: it counts if nothing already covers it
        first = np.asarray(delta, dtype=np.float64) * (last >= 1)
        own_w, any_w = first * (covered_own == 0), first * (covered_any == 0)
    else:
        # sum of delta**k * survival**(k - 1) = (delta * survival)**k / survival
        d_s = np.asarray(delta, dtype=np.float64) * survival
        own_w = discounted_periods(covered_own + 1, last, d_s) / survival
        any_w = discounted_periods(covered_any + 1, last, d_s) / survival
    status = status_cost(model)
    if np.ndim(status):
        status = status[ids]
    return own_cost(model)[dom] * own_w + status * any_w


def remaining_cost(model: CreditSystemModel, horizon: int) -> np.ndarray:
    """Cost still ahead of each subject from the listings in force after this period.

    Counted over at most ``horizon`` periods from the next one, without discounting
    beyond the subject's own factor (used by subjects weighing a clean slate or a
    repair).
    """
    s, t = model.subjects, model.period.t
    delta = discount(model)
    own = own_cost(model)
    total = np.zeros(s.n)
    for d in range(len(DOMAINS)):
        if own[d] > 0.0:
            left = np.clip(s.listed_until[d].astype(np.int64) - (t + 1), 0, horizon)
            total += own[d] * discounted_periods(1, left, delta)
    left = np.clip(s.listing_end().astype(np.int64) - (t + 1), 0, horizon)
    total += status_cost(model) * discounted_periods(1, left, delta)
    return total
