"""Aggregate outcomes that belong to no single mechanism.

Mechanism-specific columns (``blacklisted_share``, ``redlisted_share``, ...) come from
each mechanism's ``outcomes`` method; this module computes the ones that describe the
whole society and fixes the order of the canonical columns.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

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

    Args:
        x: Values, e.g. wealth.

    Returns:
        The Gini coefficient in [0, 1]; 0 when all values are 0.

    """
    v = np.sort(np.maximum(np.asarray(x, dtype=np.float64), 0.0))  # a fresh array
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
    # one count of (domain, kind, act state) gives every honesty rate: exact integers
    # (the code is int8 arithmetic: at most (3 * 3 + 2) * 3 + 2 = 35)
    counts = np.bincount(
        (per.domain * len(KINDS) + s.kind) * 3 + per.act_state(),
        minlength=len(DOMAINS) * len(KINDS) * 3,
    ).reshape(len(DOMAINS), len(KINDS), 3)
    by_state = counts.sum(axis=(0, 1))
    n_tx = int(by_state[1] + by_state[2])
    honest = int(by_state[2])
    n_att = int(np.count_nonzero(per.attempted))
    out = {
        "honesty_rate": honest / n_tx if n_tx else 0.0,
        "trust_rate": n_tx / n_att if n_att else 0.0,
        "welfare": float(s.payoff.mean(dtype=np.float64)),
        "gini": gini(s.wealth),
        "mean_trust": float(s.trust.mean(dtype=np.float64)),
        # refunds (appeals, graded, government) subtract what sanctions added; in floating
        # point a balance that is exactly zero can land an ulp below it
        "fines_per_subject": max(per.fines, 0.0) / s.n,
        "rewards_per_subject": per.rewards / s.n,
        "excluded_share": per.extra.get("screened_out", 0.0) / s.n,
    }
    out.update(_rates("honesty_rate_", DOMAINS, counts.sum(axis=1)))
    out.update(_rates("honesty_rate_", KINDS, counts.sum(axis=0)))
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
    holds = s.listed_until > t + 1  # (domains, n)
    on_any = holds[0] | holds[1] | holds[2] | holds[3]
    n_entries = int(np.count_nonzero(holds))
    n_wrong_entries = int(np.count_nonzero(holds & s.wrong_listing))
    wrong_any = ((holds & s.wrong_listing).sum(axis=0)) > 0
    by_kind = np.bincount(s.kind, weights=on_any, minlength=len(KINDS))
    size = np.bincount(s.kind, minlength=len(KINDS))
    share = np.full(len(KINDS), np.nan)
    np.divide(by_kind, size, out=share, where=size > 0)
    n = s.n
    out = {
        "blacklisted_share": int(np.count_nonzero(on_any)) / n,
        "wrongly_listed_share": int(np.count_nonzero(wrong_any)) / n,
        "wrongful_listing_share": n_wrong_entries / n_entries if n_entries else float("nan"),
        "new_listings": model.period.extra.get("new_listings", 0.0) / n,
        "listings_ended": int(np.count_nonzero(s.listed_until == t + 1)) / n,
    }
    out.update({f"listed_share_{k}": float(v) for k, v in zip(KINDS, share, strict=True)})
    return out


def _rates(prefix: str, names: tuple[str, ...], counts: np.ndarray) -> dict[str, float]:
    """Share of kept acts among acts, per group (NaN for a group with no acts).

    Args:
        prefix: Column name prefix.
        names: Group names.
        counts: (groups, 3) counts of act states 0 (none), 1 (broke), 2 (kept).

    """
    n_kept = counts[:, 2]
    n_acts = counts[:, 1] + n_kept
    rate = np.full(len(names), np.nan)
    np.divide(n_kept, n_acts, out=rate, where=n_acts > 0)
    return {f"{prefix}{name}": float(r) for name, r in zip(names, rate, strict=True)}
