"""Aggregate outcomes that belong to no single mechanism.

Mechanism-specific columns (``blacklisted_share``, ``redlisted_share``, ...) come from
each mechanism's ``outcomes`` method; this module computes the ones that describe the
whole society and fixes the order of the canonical columns.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from model.population import DOMAINS, KINDS

if TYPE_CHECKING:
    from model.model import CreditSystemModel

#: Canonical outcome columns, always present, in this order.
CORE_COLUMNS: tuple[str, ...] = (
    "honesty_rate",
    "trust_rate",
    "welfare",
    "gini",
    "blacklisted_share",
    "wrongly_listed_share",
    "wrongful_listing_share",
    "redlisted_share",
    "mean_integrity",
    "coverage",
    "mean_trust",
    "fines_per_subject",
    "rewards_per_subject",
    "excluded_share",
    *(f"honesty_rate_{d}" for d in DOMAINS),
    *(f"honesty_rate_{k}" for k in KINDS),
    *(f"listed_share_{k}" for k in KINDS),
    "new_listings",
    "listings_ended",
)


@functools.lru_cache(maxsize=8)
def _ranks(n: int) -> np.ndarray:
    """1..n as float64, kept between periods (read-only)."""
    r = np.arange(1, n + 1, dtype=np.float64)
    r.flags.writeable = False
    return r


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values (negative values count as 0).

    The values are sorted with ``np.sort``: numpy's SIMD quicksort (x86-simd-sort on
    AVX-512/AVX2, Highway on Arm) sorts the model's wealth 6 times faster than the
    radix sort of the bit patterns the model used before at 10,000 and 100,000 values
    and 15 times faster at a million (benchmarks/README.md, "The Gini coefficient");
    both give the same sorted array, so the coefficient is the same to the last bit.
    The clipped copy is sorted in place (``np.sort`` would copy it again). A sort every
    period is the cost: last period's order is no help, since every subject's wealth
    changes every period (``benchmarks/gini_order.py``).

    Args:
        x: Values, e.g. wealth.

    Returns:
        The Gini coefficient in [0, 1]; 0 when all values are 0.

    """
    v = np.maximum(np.asarray(x, dtype=np.float64), 0.0)  # a fresh array: sort it in place
    v.sort()  # what np.sort does to its own copy, without a second copy
    n = len(v)
    total = v.sum()
    if n == 0 or total <= 0.0:
        return 0.0
    # G = (2 * sum_i i * v_(i)) / (n * sum v) - (n + 1) / n, i = 1..n
    # The weighted sum is an elementwise product and numpy's pairwise sum, not np.dot:
    # BLAS splits a dot product across threads, so its last bits would depend on the
    # number of cores (seen from 50,000 values on). v is our own array: reuse it.
    np.multiply(v, _ranks(n), out=v)
    g = 2.0 * float(v.sum()) / (n * total) - (n + 1.0) / n
    # equal values give 0 up to rounding (-2e-16 was seen): keep the value in [0, 1]
    return float(min(max(g, 0.0), 1.0))


def core_outcomes(model: CreditSystemModel) -> dict[str, float]:
    """Society-wide outcomes of the latest period.

    Returns:
        ``honesty_rate`` (share of transactions in which the actor kept faith),
        ``trust_rate`` (share of attempted transactions that took place), ``welfare``
        (mean payoff per subject, harms, fines and rewards included), ``gini`` (of
        accumulated wealth), ``mean_trust``, ``fines_per_subject``,
        ``rewards_per_subject`` and ``excluded_share`` (share of subjects whose own
        transaction was refused on their credit status this period), and
        ``honesty_rate_<domain>`` / ``honesty_rate_<kind>`` (NaN where no act of that
        domain or kind took place; the judicial domain has no ordinary transactions).

    """
    s, per = model.subjects, model.period
    counts = tally(model)
    _, broke, kept = margin(counts, ACT).tolist()
    n_tx = broke + kept
    n_att = int(np.count_nonzero(per.attempted))
    out = {
        "honesty_rate": kept / n_tx if n_tx else 0.0,
        "trust_rate": n_tx / n_att if n_att else 0.0,
        "welfare": period_mean(model, s.payoff),
        "gini": gini(s.wealth),
        "mean_trust": period_mean(model, s.trust),
        # refunds (appeals, graded, government) subtract what sanctions added; in floating
        # point a balance that is exactly zero can land an ulp below it
        "fines_per_subject": max(per.fines, 0.0) / s.n,
        "rewards_per_subject": per.rewards / s.n,
        "excluded_share": per.extra.get("screened_out", 0.0) / s.n,
    }
    out.update(_rates("honesty_rate_", DOMAINS, margin(counts, DOMAIN, ACT)))
    out.update(_rates("honesty_rate_", KINDS, margin(counts, KIND, ACT)))
    out.update(list_outcomes(model))
    return out


def list_outcomes(model: CreditSystemModel) -> dict[str, float]:
    """The lists as published at the end of the period (every department's, the courts').

    A subject is counted as listed at period ``t`` when at least one of its listings
    holds in period ``t + 1`` (``Subjects.listed``): listings decided in ``t`` are in,
    listings whose last period was ``t`` are out.

    Returns:
        ``blacklisted_share`` (share of subjects on at least one list),
        ``wrongly_listed_share`` (share of subjects with a listing that rests on a false
        record), ``wrongful_listing_share`` (share of listings, one per subject and
        department, that rest on a false record; NaN when nobody is listed),
        ``listed_share_<kind>`` (share of each kind on at least one list; NaN for a
        kind with no subjects), ``new_listings`` (listings decided this period per
        subject, representatives included) and ``listings_ended`` (listings whose last
        period was this one, per subject).

    """
    s, t = model.subjects, model.period.t
    pub = published(model)
    n_entries = int(np.count_nonzero(pub.holds))
    n_wrong_entries = int(np.count_nonzero(pub.wrong))
    n = s.n
    out = {
        "blacklisted_share": pub.n_listed / n,
        "wrongly_listed_share": pub.n_wrongly_listed / n,
        "wrongful_listing_share": n_wrong_entries / n_entries if n_entries else float("nan"),
        "new_listings": model.period.extra.get("new_listings", 0.0) / n,
        "listings_ended": int(np.count_nonzero(s.listed_until == t + 1)) / n,
    }
    # (kind, listed) counts: the listed of each kind over the kind's size
    by_kind = margin(tally(model), KIND, LISTED).tolist()
    for name, (off, on) in zip(KINDS, by_kind, strict=True):
        size = off + on
        out[f"listed_share_{name}"] = on / size if size else float("nan")
    return out


def _rates(prefix: str, names: tuple[str, ...], counts: np.ndarray) -> dict[str, float]:
    """Share of kept acts among acts, per group (NaN for a group with no acts).

    Args:
        prefix: Column name prefix.
        names: Group names.
        counts: (groups, 3) integer counts of act states 0 (none), 1 (broke), 2 (kept).

    """
    # a handful of groups: Python's int / int is the same correctly rounded quotient as
    # numpy's float64 division of the counts, without numpy's cost per call
    out = {}
    for name, (_, broke, kept) in zip(names, counts.tolist(), strict=True):
        acts = broke + kept
        out[f"{prefix}{name}"] = kept / acts if acts else float("nan")
    return out


# --- values derived once per outcome computation ---------------------------------------
# ``CreditSystemModel.compute_outcomes`` reads every outcome inside ``period.reading()``:
# what these functions derive is computed once there and shared by ``core_outcomes`` and
# every mechanism's ``outcomes``; called elsewhere (tests, ``columns``) they compute afresh.


class Published(NamedTuple):
    """The lists as published at the end of period ``t`` (the listings holding in ``t + 1``).

    Attributes:
        holds: bool (domains, n), the department's (or the courts') listing holds.
        wrong: bool (domains, n), it holds and rests on a false record.
        on_any: bool (n,), on at least one list (``Subjects.listed(t + 1)``).
        wrong_any: bool (n,), on a list on a false record (``Subjects.wrongly_listed``).
        n_listed: Subjects on at least one list.
        n_wrongly_listed: Subjects on a list on a false record.

    """

    holds: np.ndarray
    wrong: np.ndarray
    on_any: np.ndarray
    wrong_any: np.ndarray
    n_listed: int
    n_wrongly_listed: int


def published(model: CreditSystemModel) -> Published:
    """The published lists of the latest period (:class:`Published`), derived once."""
    return model.period.derived(("outcomes", "published"), lambda: _published(model))


def _published(model: CreditSystemModel) -> Published:
    s = model.subjects
    holds = s.listed_until > model.period.t + 1
    wrong = holds & s.wrong_listing
    # any over the departments as one reduction along the first axis
    on_any = np.logical_or.reduce(holds, axis=0)
    wrong_any = np.logical_or.reduce(wrong, axis=0)
    n_listed = int(np.count_nonzero(on_any))
    # shared by every mechanism's outcomes: read-only, so that an in-place operation in
    # one cannot change what the next reads (period.derived does so for a bare array)
    for a in (holds, wrong, on_any, wrong_any):
        a.flags.writeable = False
    return Published(holds, wrong, on_any, wrong_any, n_listed, int(np.count_nonzero(wrong_any)))


#: Axes of :func:`tally`: the actor's region, the domain of its act, its kind, whether it
#: is on a published list, and its act (0 no transaction, 1 broke faith, 2 kept faith).
REGION, DOMAIN, KIND, LISTED, ACT = range(5)


def tally(model: CreditSystemModel) -> np.ndarray:
    """Subjects counted by region, act's domain, kind, published listing and act.

    One ``np.bincount`` over a combined code replaces a count per outcome: every honesty
    rate (by domain, kind, region), the sizes of the kinds and the listed of each kind
    are sums of this array over the other axes (:func:`margin`). Derived once.

    Returns:
        int64 array of shape (n_regions, domains, kinds, 2, 3), axes ``REGION``,
        ``DOMAIN``, ``KIND``, ``LISTED``, ``ACT``.

    """
    return model.period.derived(("outcomes", "tally"), lambda: _tally(model))


def _tally(model: CreditSystemModel) -> np.ndarray:
    s, per = model.subjects, model.period
    shape = (model.world.n_regions, len(DOMAINS), len(KINDS), 2, 3)
    # code = (((region * 4 + domain) * 3 + kind) * 2 + listed) * 3 + act, built in place in
    # int16 (at most 64 * 72 - 1 = 4607; bincount casts it to intp itself)
    code = s.region.astype(np.int16)
    code *= shape[DOMAIN]
    code += per.domain
    code *= shape[KIND]
    code += s.kind
    code *= 2
    code += published(model).on_any
    code *= 3
    code += per.act_state()
    return np.bincount(code, minlength=math.prod(shape)).reshape(shape)


def margin(counts: np.ndarray, *keep: int) -> np.ndarray:
    """``counts`` summed over every axis but ``keep`` (kept in their order)."""
    return np.add.reduce(counts, axis=tuple(a for a in range(counts.ndim) if a not in keep))


def period_mean(model: CreditSystemModel, x: np.ndarray) -> float:
    """``float(x.mean(dtype=np.float64))``, computed once per array and outcome computation.

    The same sum (``np.add.reduce`` with a float64 accumulator: what ``mean`` calls)
    divided by the count, without ``mean``'s Python wrapper; an array read by two
    outcomes (the payoffs: ``welfare`` and ``net_welfare``; the detection chance that,
    under rational expectations, is also the expected one) is summed once.

    Args:
        model: The model.
        x: A 1-d array held by the model (keyed by identity; kept alive by the memo).

    """

    def compute() -> tuple[np.ndarray, float]:
        return x, float(np.add.reduce(x, dtype=np.float64)) / len(x)

    return model.period.derived(("outcomes", "mean", id(x)), compute)[1]
