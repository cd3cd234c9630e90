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
adds to the listing already in force.

Time preference. Periods ahead are weighed with the subject's time preference, owned by
the decision rule (``decision.discount``, ``decision.present_bias``): the ``k``-th
period ahead weighs ``beta * delta ** k`` (quasi-hyperbolic beta-delta discounting,
Laibson 1997; ``beta = 1`` is exponential discounting, ``delta = 1`` none). The current
period weighs 1. Without discounting a permanent listing counts as ``PERMANENT_TERM``
periods, a subject's remaining life; with ``delta < 1`` it counts the discounted sum
over that life, which is the perpetuity ``delta / (1 - delta)`` up to a relative
``delta ** PERMANENT_TERM`` (under 1e-5 for ``delta <= 0.99``). Every anticipation of
periods ahead goes through :func:`anticipated_periods` (or, for an effect that decays
geometrically, :func:`decay_discount`) or through the listing costs below, which use
the same weights.
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
#: Subjects per block of :func:`cost_of_new_listing` (bounds its temporaries).
_BLOCK = 1 << 16


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
    domain = np.asarray(domain)
    until = np.asarray(until, dtype=np.int64)
    wrong = np.asarray(wrong, dtype=bool)
    # one for all or one each: indexing and the maximum broadcast them over idx
    s.listed_until[domain, idx] = np.maximum(s.listed_until[domain, idx], until)
    s.wrong_listing[domain, idx] = wrong
    s.via_firm[domain, idx] = False
    if not representatives or not len(idx):
        return np.zeros(0, dtype=np.int32)
    dom = np.broadcast_to(domain, idx.shape)
    end = np.broadcast_to(until, idx.shape)
    bad = np.broadcast_to(wrong, idx.shape)
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
        if not len(r):
            continue
        # ... but stays listed while another firm it represents does
        listed = np.flatnonzero((s.listed_until[d] > t + 1) & (s.representative >= 0))
        other_end = np.zeros(s.n, dtype=np.int64)
        np.maximum.at(other_end, s.representative[listed], s.listed_until[d, listed])
        end = np.maximum(other_end[r], t + 1)
        s.listed_until[d, r] = np.minimum(s.listed_until[d, r], end)


def annul(
    s: Subjects,
    idx: np.ndarray,
    domain: np.ndarray,
    until: np.ndarray,
    before: np.ndarray,
    wrong_before: np.ndarray,
    t: int,
) -> np.ndarray:
    """Annul, in period ``t``, the listing decisions that set ``listed_until`` to ``until``.

    A decision annulled later (an objection upheld after the listing took effect) is a
    new event of period ``t``: the listing it placed ends so that it does not hold from
    period ``t + 1`` on; if it renewed a listing that would still be in force, the
    listing falls back to that earlier end (and to whether it rested on a false
    record). A listing renewed again since (its end is no longer ``until``) rests on a
    later decision and stands. The legal representative listed with a firm by the same
    decision leaves the list with it. Periods already served are not undone.

    Args:
        s: The subjects.
        idx: Listed subjects (distinct).
        domain: Department of each decision.
        until: ``listed_until`` each decision set.
        before: ``listed_until`` of the department's listing before the decision.
        wrong_before: ``wrong_listing`` before the decision.
        t: The current period.

    Returns:
        Mask over ``idx`` of the listings that were annulled (still the decision's own).

    """
    idx = np.asarray(idx)
    own = s.listed_until[domain, idx] == until
    i, d = idx[own], domain[own]
    back = np.minimum(until[own], np.maximum(before[own], t + 1))
    s.listed_until[d, i] = back
    keep = back > t + 1  # an earlier listing still in force: its own wrongfulness
    s.wrong_listing[d[keep], i[keep]] = wrong_before[own][keep]
    rep = s.representative[i]
    has = (s.kind[i] == FIRM) & (rep >= 0)
    rep, rd, ru = rep[has], d[has], until[own][has]
    with_firm = s.via_firm[rd, rep] & (s.listed_until[rd, rep] == ru)
    r, dd = rep[with_firm], rd[with_firm]
    s.listed_until[dd, r] = np.minimum(s.listed_until[dd, r], t + 1)
    return own


def discount(model: CreditSystemModel) -> np.ndarray | float:
    """Per-period discount factor of each subject (1: future periods count in full).

    Owned by the decision rule (``decision.discount``); 1 while that mechanism declares
    no discounting.
    """
    return model.mechanisms["decision"].discount_factor()


def present_bias(model: CreditSystemModel) -> float:
    """Weight ``beta`` of every period after the current one (1: no present bias).

    Owned by the decision rule (``decision.present_bias``).
    """
    return model.mechanisms["decision"].present_bias()


def anticipated_periods(
    model: CreditSystemModel,
    first: np.ndarray | int,
    last: np.ndarray | int,
    idx: np.ndarray | None = None,
) -> np.ndarray:
    """Weight to each subject of one payoff unit in each period ``first .. last`` ahead.

    ``beta * sum of delta ** k for k = first .. last`` with ``1 <= first``, ``last <=
    PERMANENT_TERM`` (0 where ``last < first``); without discounting, the number of
    periods. The one function through which subjects weigh future periods.

    Args:
        model: The model (the decision rule's time preference).
        first: First period ahead (at least 1), per subject of ``idx`` or one for all.
        last: Last period ahead, per subject of ``idx`` or one for all.
        idx: The subjects (all when None); only matters for a factor per subject.

    """
    delta = discount(model)
    if np.ndim(delta) and idx is not None:
        delta = delta[idx]
    weight = discounted_periods(first, last, delta)
    beta = present_bias(model)
    return weight if beta == 1.0 else beta * weight


def decay_discount(
    model: CreditSystemModel, keep: float, idx: np.ndarray | None = None
) -> np.ndarray | float:
    """How much time preference shrinks an effect felt from the next period on, which
    shrinks by the factor ``keep`` each period after: the ratio of its weighed sum,
    ``sum over k >= 1 of beta * delta ** k * keep ** (k - 1)``, to its plain sum
    ``1 / (1 - keep)``, i.e. ``beta * delta * (1 - keep) / (1 - delta * keep)``.

    1.0 without discounting and present bias. Per subject of ``idx`` for a factor per
    subject.
    """
    delta = discount(model)
    if np.ndim(delta) and idx is not None:
        delta = delta[idx]
    beta = present_bias(model)
    if np.ndim(delta) == 0 and delta == 1.0 and beta == 1.0:
        return 1.0
    d = np.asarray(delta, dtype=np.float64)
    return beta * d * (1.0 - keep) / (1.0 - d * keep)


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
    d = np.asarray(delta, dtype=np.float64)
    if d.ndim == 0:
        if d == 1.0:
            # the number of periods, 0 where last < first (integers: exact in float64)
            return np.maximum(last - first + 1, 0).astype(np.float64)
        table = _partial_sums(float(d))
        # indices kept within the table (np.clip is slower on the small arrays seen here)
        lo = np.minimum(np.maximum(first - 1, 0), PERMANENT_TERM)
        hi = np.minimum(np.maximum(last, 0), PERMANENT_TERM)
        return np.where(last >= first, table[hi] - table[lo], 0.0)
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


def status_cost(model: CreditSystemModel, idx: np.ndarray | None = None) -> np.ndarray | float:
    """Expected cost per period of being on at least one list, per subject.

    The sum of the ``listed_cost`` of every switched-on mechanism: partners' refusals
    (``market``), other departments' restrictions (``joint``), shame and ostracism
    (``social``), licensing restrictions of listed firms (``graded``). Shared within a
    ``period.reading()`` block (every listing cost of the choice reads it). With
    ``idx``, of those subjects only (a value per subject: their entries of the whole).
    """

    def total() -> np.ndarray | float:
        out: np.ndarray | float = 0.0
        for mech in model.mechanisms.values():
            if mech.enabled:
                out = out + mech.listed_cost(idx)
        return out

    if idx is not None:
        return total()
    return model.period.derived(("listings", "status_cost"), total)


def visibility(model: CreditSystemModel, idx: np.ndarray | None = None) -> np.ndarray | float:
    """Chance that a partner who checks the actor's credit status sees its listing.

    A partner of the actor's own region always sees it; one of another region sees it
    with probability ``model.sharing_level``; with ``security`` on, only the disclosed
    share of checks returns the status at all. Per subject (the share of its network
    neighbours in its own region is fixed by the network); of ``idx`` only, if given.
    """
    level = model.sharing_level
    same = model.mechanisms["interaction"].same_region
    if idx is not None and level < 1.0:
        same = same[idx]
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
    if idx is None and np.ndim(term) == 0:
        # one term for all: every department's listing has that term
        return cost_of_department_listing(model, domain, np.full(len(DOMAINS), term), survival)
    s, t = model.subjects, model.period.t
    n = s.n if idx is None else len(idx)
    delta = discount(model)
    # per-subject values of a few subjects (idx) are read at them only: no pass over all
    status = status_cost(model, None if idx is None else np.asarray(idx))
    own, beta = own_cost(model), present_bias(model)
    end = model.period.derived(("listings", "listing_end"), s.listing_end) if idx is None else None
    # block by block: every term is per subject, and a dozen temporaries of a block's
    # length, not of the population's, are held at the period's peak of memory (the choice)
    cost = np.empty(n)
    for lo in range(0, n, _BLOCK):
        hi = min(lo + _BLOCK, n)
        ids = np.arange(lo, hi) if idx is None else np.asarray(idx)[lo:hi]
        dom = np.broadcast_to(np.asarray(_entries(domain, lo, hi)), ids.shape)
        any_end = end[ids] if end is not None else s.listed_until[:, ids].max(axis=0)
        cost[lo:hi] = _listing_cost(
            own,
            beta,
            dom,
            _entries(term, lo, hi),
            _covered(s.listed_until[dom, ids], t),
            _covered(any_end, t),
            survival,
            delta[ids] if np.ndim(delta) else delta,
            _entries(status, lo, hi),  # per position of idx (of every subject if None)
        )
    return cost


def _entries(x: np.ndarray | int, lo: int, hi: int) -> np.ndarray | int:
    """Entries ``lo .. hi - 1`` of a per-subject array; a single value as it is."""
    return x if np.ndim(x) == 0 else np.asarray(x)[lo:hi]


def cost_of_department_listing(
    model: CreditSystemModel,
    domain: np.ndarray | int,
    terms: np.ndarray,
    survival: float = 1.0,
) -> np.ndarray:
    """:func:`cost_of_new_listing` for every subject, of a listing for its department's term.

    The same values as ``cost_of_new_listing(model, domain, terms[domain], survival)``,
    computed with fewer passes over the subjects. A subject with no listing in force after
    this period has none of the new listing's periods covered, so what the listing costs
    it depends only on its department, where time preference and the status cost are the
    same for every subject: that cost is computed once per department, by the same
    formula (:func:`_listing_cost`), and looked up. Only the subjects with a listing in
    force are computed one by one.

    Args:
        model: The model (its current period and subjects).
        domain: Department of each subject's listing, or one for all.
        terms: Term of each department's listing (periods), indexed by domain.
        survival: Chance that the listing, holding in one period, holds in the next.

    Returns:
        Expected discounted cost per subject (payoff units).

    """
    s, t = model.subjects, model.period.t
    terms = np.asarray(terms)
    delta, status = discount(model), status_cost(model)
    if np.ndim(delta) or np.ndim(status):
        # a factor or a status cost per subject: every subject is computed one by one
        dom = np.broadcast_to(np.asarray(domain), (s.n,))
        return cost_of_new_listing(model, dom, terms[dom], survival)
    own, beta = own_cost(model), present_bias(model)
    # the values as plain numbers: the cache's key (one number each, exactly)
    by_domain = _cost_by_department(
        tuple(terms.tolist()),
        float(survival),
        float(delta),
        float(status),
        tuple(own.tolist()),
        float(beta),
    )
    cost = by_domain[domain] if np.ndim(domain) else np.full(s.n, by_domain[domain])
    # a listing covers periods of the new one (t + 1 on) only if it holds in t + 1
    end = model.period.derived(("listings", "listing_end"), s.listing_end)
    listed = np.flatnonzero(end > t + 1)
    dom = domain[listed] if np.ndim(domain) else np.full(len(listed), domain)
    covered_own = _covered(s.listed_until[dom, listed], t)
    covered_any = _covered(end[listed], t)
    cost[listed] = _listing_cost(
        own, beta, dom, terms[dom], covered_own, covered_any, survival, delta, status
    )
    return cost


@functools.lru_cache(maxsize=64)
def _cost_by_department(
    terms: tuple[int, ...],
    survival: float,
    delta: float,
    status: float,
    own: tuple[float, ...],
    beta: float,
) -> np.ndarray:
    """The listing cost per department when nothing covers any period of it (read-only)."""
    every = np.arange(len(DOMAINS))
    none = np.zeros(len(DOMAINS), dtype=np.int64)
    cost = _listing_cost(
        np.array(own), beta, every, np.array(terms), none, none, survival, delta, status
    )
    cost.flags.writeable = False
    return cost


def _covered(end: np.ndarray, t: int) -> np.ndarray:
    """Periods after ``t`` that a listing ending at ``end`` still holds (0 to PERMANENT_TERM)."""
    covered = end.astype(np.int64)
    covered -= t + 1
    np.maximum(covered, 0, out=covered)
    return np.minimum(covered, PERMANENT_TERM, out=covered)


def _listing_cost(
    own: np.ndarray,
    beta: float,
    dom: np.ndarray,
    term: np.ndarray | int,
    covered_own: np.ndarray,
    covered_any: np.ndarray,
    survival: float,
    delta: np.ndarray | float,
    status: np.ndarray | float,
) -> np.ndarray:
    """The formula of :func:`cost_of_new_listing`, per entry of ``dom``.

    Args:
        own: Each department's own restriction per period (:func:`own_cost`).
        beta: Present bias (:func:`present_bias`).
        dom: Department of each listing.
        term: Its term (periods), per entry or one for all.
        covered_own: Periods of it the department's listing in force already covers.
        covered_any: Periods of it that any listing in force already covers.
        survival: Chance that the listing, holding in one period, holds in the next.
        delta: Discount factor, per entry or one for all.
        status: Status cost per period of being listed, per entry or one for all.

    """
    last = np.minimum(np.asarray(term, dtype=np.int64), PERMANENT_TERM)
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
    cost = own[dom] * own_w + status * any_w
    # every period of a new listing is after the current one
    return cost if beta == 1.0 else beta * cost


def remaining_cost(
    model: CreditSystemModel,
    horizon: int,
    domains: tuple[int, ...] | None = None,
    idx: np.ndarray | None = None,
) -> np.ndarray:
    """Cost still ahead of each subject from the listings in force after this period.

    Counted over at most ``horizon`` periods from the next one, weighed by the subject's
    time preference like every period ahead (used by subjects weighing a clean slate or
    a repair). With ``domains``, only what ending those departments' listings now would
    save: their own restrictions, and the status costs of the periods that no other
    listing covers. With ``idx``, for those subjects only (the same values as their
    entries of the whole array: what a few subjects weigh needs no pass over all).
    """
    s, t = model.subjects, model.period.t
    delta = discount(model)
    until = s.listed_until
    if idx is not None:
        until = until[:, idx]
        if np.ndim(delta):
            delta = delta[idx]
    own = own_cost(model)
    rows = range(len(DOMAINS)) if domains is None else domains
    total = np.zeros(until.shape[1])
    for d in rows:
        if own[d] > 0.0:
            left = np.clip(until[d].astype(np.int64) - (t + 1), 0, horizon)
            total += own[d] * discounted_periods(1, left, delta)
    end = s.listing_end() if idx is None else until.max(axis=0)
    left = np.clip(end.astype(np.int64) - (t + 1), 0, horizon)
    kept = np.zeros(until.shape[1], dtype=np.int64)
    for d in range(len(DOMAINS)):
        if d not in rows:
            np.maximum(kept, until[d].astype(np.int64) - (t + 1), out=kept)
    kept = np.clip(kept, 0, horizon)
    total += status_cost(model, idx) * discounted_periods(kept + 1, left, delta)
    beta = present_bias(model)
    return total if beta == 1.0 else beta * total
