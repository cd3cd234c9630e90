"""The benchmark core's period as compiled passes over the subjects: the ceiling.

``python -m benchmarks.fused_core [N ...]`` (numba must be installed: ``pip install
numba``; it is not a dependency of the model) measures what issue 16 calls the
machine's limit for the benchmark core's rules: the period of ``benchmarks.numpy_core``
written as the fewest loops over the subjects that its order allows, compiled by numba.
The passes:

1. the actors' pass (``_actors_for``), in one of three modes. WEIGH: every actor draws a
   partner and a domain, is screened on the lists as they stood, bears the restriction's
   cost and enjoys the red list's facilitation, and the arguments of the partner's and
   its own logit are computed. ACT: every actor's partner trusts or not, the actor keeps
   or breaks faith, settles (the partner's share accumulated), and the finding, the
   record, the fine, the listing, the act's count and the follow-up's "found again"
   follow. BOTH: the two in one loop. Nothing an actor reads is written by another
   actor's turn: screening and the choice read the actor's own lists; trust is read as
   it stood (it is updated in ``_close``).
2. ``_close`` (subject by subject): the partner's share paid, trust learned, records
   aged, wealth, the red list's eligibility and every end-of-period count the outcomes
   read (the published lists, the follow-up, welfare by kind and by listing history).
3. ``_admit`` (the red list's order of merit): admission up to the quota. The Gini
   coefficient follows, by numpy (a sort of the wealth, as the model computes it).

Three variants (:data:`VARIANTS`): ``split`` (numpy draws the period's numbers as the
numpy core does, WEIGH, numpy's logits, ACT: the numpy core's numbers, so its counts can
be compared with the numpy core's one for one), ``split float32`` (the same in float32)
and ``one pass`` (BOTH, each rule's numbers drawn in the loop by splitmix64 and the logit
taken with one ``exp``: other numbers, the same rules).

It is a measurement, not a second model: only the benchmark core's rules are written
(its parameters may be set, as for the numpy core), and nothing in the model calls it.
It prints and writes to ``results/benchmarks/fused_core.json``, in one run: the
comparisons with the numpy core (column by column for ``split``, in means for the
others), the cost of the primitives (draws, logit, sort) as numpy does them and as a
loop does, the period at each size for every variant, the numpy core and the model
(benchmark core) and, at 10,000 subjects in three rounds, the plain Mesa model, the time
of each pass, the bytes a period moves (counted as ``benchmarks.bytecount`` counts the
model's) and what numba's import and compilation cost a fresh process. Issue 16, item 1;
what it found is in ``benchmarks/README.md``.
"""

from __future__ import annotations

import inspect
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.numpy_core import NumpyCore, honesty_rates, stream

try:
    import numba
except ImportError:  # pragma: no cover - depends on the machine
    numba = None


#: Scalar parameters passed to the passes, by position (a float64 array ``q``).
Q_NAMES = (
    "surplus",
    "gain",
    "harm",
    "market.screening",
    "blacklist.cost",
    "redlist.facilitation",
    "decision.rationality",
    "detection.probability",
    "redlist.inspection_factor",
    "detection.report_rate",
    "sanctions.fine",
    "detection.serious_share",
    "redlist.clean_periods",
    "detection.false_record_rate",
    "integrity.weight",
    "interaction.trust_learning",
    "records.serious_weight",
    "records.expiry_weight",
    "followup.recidivism_window",
)
(
    SURPLUS,
    GAIN,
    HARM,
    SCREENING,
    COST,
    FACIL,
    RATIONALITY,
    P_MONITOR,
    INSPECTION,
    REPORT,
    FINE,
    SERIOUS,
    CLEAN,
    FALSE_RATE,
    INTEGRITY_W,
    LEARNING,
    SERIOUS_W,
    EXPIRY,
    WINDOW,
) = range(len(Q_NAMES))

#: The ways of fusing the period (:class:`FusedCore`).
VARIANTS = ("split", "split float32", "one pass")
#: The rules' random streams, in the order the passes take them.
STREAMS = ("interaction", "market", "decision", "detection", "blacklist")

#: Counts ``_close`` returns, by position (then 3 listed, 3 payoffs by kind, 3 by
#: listing history and 3 sizes of those groups).
C_NAMES = (
    "trust_sum",
    "welfare_sum",
    "on_any",
    "wrong_any",
    "entries",
    "wrong_entries",
    "ended_lists",
    "admin_listed",
    "cohort",
    "wrong_now",
    "spells",
    "spell_sum",
)


# --- the one pass's random numbers: splitmix64 (Steele, Lea and Flood 2014) --------------
#: The state of a stream advances by this odd constant per number (2^64 / golden ratio).
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)


def _uniform_py(z):  # noqa: ANN001, ANN202
    # splitmix64's output function of the advanced state z, then its top 53 bits as a
    # double in [0, 1): numpy's Generator called one number at a time from a loop costs
    # much more (a call through the bit generator per number; measured in primitives())
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    z = z ^ (z >> _S31)
    return float(z >> _S11) * (1.0 / 9007199254740992.0)


# inlined into the compiled pass (a call per number would cost more than the number)
_uniform = numba.njit(inline="always", cache=True)(_uniform_py) if numba else _uniform_py


# --- the passes (plain Python; numba compiles them in passes()) -----------------------
#: What a call of ``_actors`` does: the split variant's first pass (every actor weighs;
#: the logits are left to numpy), its second pass (every actor acts on them), or both in
#: one pass with the draws and the logits in the loop (the one-pass variant).
WEIGH, ACT, BOTH = 0, 1, 2
_STATE = ("records", "false_records", "last_record", "wrong_listing", "ended_at")
_STATE += ("found_again", "recidivists", "recv", "met", "kept", "counts")
_HANDED = ("partner", "dom", "flags", "x_trust", "x_choice")
#: Arrays each mode neither reads nor writes (passed empty).
_UNUSED = {
    WEIGH: {*_STATE, "u_trust", "u_dec", "u_det", "u_serious", "u_list"},
    ACT: {"deg", "last", "indptr", "indices", "cum", "trust", "integrity", "own_cost"}
    | {"u_off", "u_dom", "u_check"},
    BOTH: {*_HANDED, "u_off", "u_dom", "u_check", "u_trust", "u_dec", "u_det"}
    | {"u_serious", "u_list"},
}


def _actors_for(mode: int):  # noqa: ANN202 - returns the pass (plain Python or compiled)
    """The actors' pass in ``mode`` (WEIGH, ACT or BOTH), ``mode`` a constant of the closure."""

    def _actors(
        t, q, kind, deg, last, indptr, indices, cum, has_file, red, trust, integrity,
        listed_until, scope, term, kind_factor, own_cost, records, false_records, last_record,
        wrong_listing, ended_at, found_again, recidivists, payoff, recv, met, kept, counts,
        partner, dom, flags, x_trust, x_choice, u_off, u_dom, u_check, u_trust, u_dec, u_det,
        u_serious, u_list, mix,
    ):  # fmt: skip
        # One loop for the three modes (``mode`` is fixed when the closure is made, so the
        # compiler drops the other modes' branches; a helper function per actor is no
        # alternative: a call that passes arrays cost ~20 ns even inlined, measured).
        n_dom = listed_until.shape[0]
        out = np.zeros(6)  # rewards, screened, inspected, found, fines, new listings
        rewards = screened_n = inspected = n_found = fines = new_listings = 0.0
        status = q[SCREENING] * q[SURPLUS]  # refusals by partners who check
        spell = max(q[CLEAN], 1.0)
        # the one pass's streams (splitmix64 states, one per rule), kept in registers
        if mode == BOTH:
            s_int, s_m, s_dec, s_det, s_bl = mix[0], mix[1], mix[2], mix[3], mix[4]
        else:  # (typed as the states are; unused)
            s_int = s_m = s_dec = s_det = s_bl = np.uint64(0)
        for i in range(kind.shape[0]):
            k = kind[i]
            is_red = red[i]
            if mode == ACT:  # what the first pass handed over
                j, d_i, pay = partner[i], dom[i], payoff[i]
                screened, assured = (flags[i] & 1) == 1, flags[i] >= 2
            else:
                if mode == BOTH:
                    s_int += GOLDEN
                    uo = _uniform(s_int)
                    s_int += GOLDEN
                    ud = _uniform(s_int)
                    s_m += GOLDEN
                    uc = _uniform(s_m)
                    s_m += GOLDEN  # visibility draw (unused at full sharing)
                else:
                    uo, ud, uc = u_off[i], u_dom[i], u_check[i]
                # match: a random neighbour, the domain from the actor's kind
                j = indices[min(int(uo * deg[i]), last[i]) + indptr[i]]
                d_i = 0
                for c in range(cum.shape[1]):
                    d_i += ud >= cum[k, c]
                # screening on the lists as they stood; restriction; facilitation
                checked = uc < q[SCREENING] and has_file[i]
                listed_end = listed_until[0, i]
                for d in range(1, n_dom):
                    listed_end = max(listed_end, listed_until[d, i])
                screened = checked and listed_end > t
                assured = checked and is_red
                n_lists = 0
                for d in range(n_dom - 1):  # the department lists (the courts' is off)
                    n_lists += listed_until[d, i] > t
                pay = -q[COST] * n_lists + q[FACIL] * is_red
                rewards += q[FACIL] * is_red
                screened_n += screened
                # what the partner weighs: trusting pays surplus, or loses harm to a cheat
                # (float64 explicitly: plain Python would compute 1.0 - float32 in float32)
                xt = q[RATIONALITY] * (q[SURPLUS] - (1.0 - float(trust[j])) * q[HARM])
                # what the actor weighs: expected sanctions of breaking faith minus keeping it
                p_detect = 1.0 - (1.0 - q[P_MONITOR] * (q[INSPECTION] if is_red else 1.0)) * (
                    1.0 - q[REPORT]
                )
                p_list = q[SERIOUS] * scope[d_i] * kind_factor[k] * has_file[i]
                tm = term[d_i]
                cov_own = min(max(listed_until[d_i, i] - (t + 1), 0), 1200)
                cov_any = min(max(listed_end - (t + 1), 0), 1200)
                own_w = tm - cov_own if tm >= cov_own + 1 else 0
                any_w = tm - cov_any if tm >= cov_any + 1 else 0
                cost = own_cost[d_i] * own_w + status * any_w
                false_cost = q[FINE] + p_list * cost + is_red * (q[FACIL] * spell)
                deter = p_detect * false_cost - q[FALSE_RATE] * false_cost
                xc = q[RATIONALITY] * (deter + q[INTEGRITY_W] * integrity[i] - q[GAIN])
                if mode == WEIGH:  # hand over to the second pass
                    partner[i], dom[i], flags[i] = j, d_i, screened + 2 * assured
                    payoff[i], x_trust[i], x_choice[i] = pay, xt, xc
                    continue
            # the partner trusts, the actor keeps or breaks faith (the logit rule)
            if mode == BOTH:
                # the logit as u < 1 / (1 + exp(-x)), one exp: the C library's tanh in a loop
                # costs 7-14x numpy's SIMD one (primitives()); exp costs less
                s_int += GOLDEN
                trusts = assured or _uniform(s_int) * (1.0 + math.exp(-xt)) < 1.0
                s_dec += GOLDEN
                honest = _uniform(s_dec) * (1.0 + math.exp(-xc)) < 1.0
                s_det += GOLDEN
                ut = _uniform(s_det)
                s_det += GOLDEN
                us = _uniform(s_det)
                s_bl += GOLDEN
                ul = _uniform(s_bl)
            else:
                trusts = assured or u_trust[i] < x_trust[i]  # x_trust holds the logit now
                honest = u_dec[i] < x_choice[i]
                ut, us, ul = u_det[i], u_serious[i], u_list[i]
            transacted = trusts and not screened
            p_monitor = q[P_MONITOR] * (q[INSPECTION] if is_red else 1.0)
            p_detect = 1.0 - (1.0 - p_monitor) * (1.0 - q[REPORT])
            # settlement: the actor now, the partner's share in _close
            state = 0
            if transacted:
                cheat = not honest
                pay += q[SURPLUS] + q[GAIN] * cheat
                recv[j] += q[SURPLUS] - q[HARM] * cheat
                met[j] += 1
                kept[j] += honest
                inspected += p_monitor
                state = 1 + honest
            counts[d_i, k, state] += 1
            # findings, the record, the fine and the listing
            detected = transacted and not honest and ut < p_detect
            false_record = transacted and honest and ut < q[FALSE_RATE]
            if detected or false_record:
                serious = us < q[SERIOUS]
                n_found += 1
                fines += q[FINE]
                pay -= q[FINE]
                if has_file[i]:
                    w = q[SERIOUS_W] if serious else 1.0
                    records[i, d_i] += w
                    if false_record:
                        false_records[i, d_i] += w
                    last_record[i] = t
                    if serious and ul < scope[d_i] * kind_factor[k]:
                        listed_until[d_i, i] = max(listed_until[d_i, i], t + 1 + term[d_i])
                        wrong_listing[d_i, i] = false_record
                        new_listings += 1
            payoff[i] = pay
            # follow-up: found again within the window after a listing ended
            e = ended_at[i]
            if detected and e >= 0 and t - e <= q[WINDOW] and not found_again[i]:
                recidivists[e] += 1
                found_again[i] = True
        if mode == BOTH:
            mix[0], mix[1], mix[2], mix[3], mix[4] = s_int, s_m, s_dec, s_det, s_bl
        out[0], out[1], out[2] = rewards, screened_n, inspected
        out[3], out[4], out[5] = n_found, fines, new_listings
        return out

    return _actors


#: The array arguments of ``_actors``, in order (after t and q; before the splitmix states).
_ACTOR_ARRAYS = tuple(inspect.signature(_actors_for(BOTH)).parameters)[2:-1]


def _close(  # one pass over the subjects, on purpose
    t,
    q,
    kind,
    has_file,
    trust,
    records,
    false_records,
    decay,
    last_record,
    listed_until,
    wrong_listing,
    ended_at,
    found_again,
    wrong_since,
    ever_listed,
    ever_wrong,
    payoff,
    recv,
    met,
    kept,
    wealth,
    eligible,
):
    n = kind.shape[0]
    n_dom = listed_until.shape[0]
    # the counts as scalars (kept in registers), by kind and group in a small array
    trust_sum = welfare_sum = n_on = n_wrong = entries = wrong_entries = 0.0
    ended_lists = admin_listed = cohort = wrong_now_n = spells = spell_sum = 0.0
    by = np.zeros(12)
    for i in range(n):
        # the partner's share; trust learned from the acts met this period
        payoff[i] += recv[i]
        recv[i] = 0.0
        if met[i] > 0:
            trust[i] += (kept[i] / met[i] - trust[i]) * q[LEARNING]
        met[i] = 0
        kept[i] = 0
        trust_sum += float(trust[i])  # float64 sums, compiled or not
        # records age; weights below the expiry weight are erased
        for d in range(n_dom):
            w = records[i, d] * decay
            records[i, d] = w if w >= q[EXPIRY] else 0.0
            w = false_records[i, d] * decay
            false_records[i, d] = w if w >= q[EXPIRY] else 0.0
        wealth[i] += payoff[i]
        welfare_sum += float(payoff[i])
        # the lists as published (listings holding in t + 1) and those ending now
        end = listed_until[0, i]
        admin_end = 0
        on_any = wrong_any = wrong_now = False
        for d in range(n_dom):
            until = listed_until[d, i]
            end = max(end, until)
            if d < n_dom - 1:
                admin_end = max(admin_end, until)
            holds = until > t + 1
            entries += holds
            wrong_entries += holds and wrong_listing[d, i]
            ended_lists += until == t + 1
            on_any |= holds
            wrong_any |= holds and wrong_listing[d, i]
            wrong_now |= until > t and wrong_listing[d, i]
        n_on += on_any
        n_wrong += wrong_any
        admin_listed += admin_end > t + 1
        # red list eligibility: a file, no listing after t, no record for a while
        lr = last_record[i]
        clean = lr < 0 or t - lr >= q[CLEAN]
        eligible[i] = has_file[i] and end <= t + 1 and clean
        # follow-up: listings ending now, spells on a false listing, listing history
        if end == t + 1:
            ended_at[i] = t
            found_again[i] = False
            cohort += 1
        wrong_now_n += wrong_now
        if wrong_now and wrong_since[i] < 0:
            wrong_since[i] = t
        elif not wrong_now and wrong_since[i] >= 0:
            spells += 1
            spell_sum += t - wrong_since[i]
            wrong_since[i] = -1
        ever_listed[i] |= on_any
        ever_wrong[i] |= wrong_any
        k = kind[i]
        by[k] += on_any
        by[3 + k] += payoff[i]
        group = 2 if ever_wrong[i] else (1 if ever_listed[i] else 0)
        by[6 + group] += payoff[i]
        by[9 + group] += 1
    head = [trust_sum, welfare_sum, n_on, n_wrong, entries, wrong_entries, ended_lists]
    head += [admin_listed, cohort, wrong_now_n, spells, spell_sum]
    return np.concatenate((np.array(head), by))


def _admit(red, red_order, eligible, quota):
    # the red list: eligible firms in the order of merit, up to the quota
    red[:] = False
    admitted = 0
    for i in red_order:
        if admitted >= quota:
            break
        if eligible[i]:
            red[i] = True
            admitted += 1
    return admitted


def passes(compiled: bool = True) -> dict[str, Any]:
    """The passes (the actors' in each mode, ``_close``, ``_admit``), compiled or plain.

    Compiled by numba and cached on disk (``__pycache__``), or as plain Python (tests).
    """
    plain = {f"_actors_{m}": _actors_for(m) for m in (WEIGH, ACT, BOTH)}
    plain |= {"_close": _close, "_admit": _admit}
    if not compiled:
        return plain
    if numba is None:
        raise RuntimeError("numba is not installed: pip install numba (not a dependency)")
    return {k: numba.njit(cache=True, error_model="numpy")(f) for k, f in plain.items()}


class FusedCore(NumpyCore):
    """The numpy core's state and set-up, its period as three compiled passes.

    Args:
        n: Subjects.
        seed: Seed (the model's ``rng``).
        periods: The most periods it will run (the follow-up's cohorts by period).
        compiled: Use numba (False: the same loops as plain Python, for tests).
        variant: ``"split"`` (the draws, logits and sort by numpy between the passes,
            the numpy core's numbers; the logits' arguments in float64), ``"split
            float32"`` (the same with the draws, the logits and what WEIGH hands ACT in
            float32) or ``"one pass"`` (the actors' two passes fused, the draws
            (splitmix64) and logits in the loop).
        **params: As for :class:`NumpyCore`.

    """

    def __init__(
        self,
        n: int,
        seed: int = 1,
        periods: int = 1000,
        compiled: bool = True,
        variant: str = "split",
        **params: Any,
    ) -> None:
        if variant not in VARIANTS:
            raise ValueError(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")
        super().__init__(n, seed, **params)
        self.variant = variant
        self.compiled = compiled
        self.fn = passes(compiled)
        p = self.p
        self.q = np.array([float(p[k]) for k in Q_NAMES])
        # the split variants' draws, in the numpy core's order within each stream
        real = np.float32 if variant == "split float32" else np.float64
        names = ("off", "dom", "check", "vis", "trust", "dec", "det", "serious", "list")
        self.u = {k: np.empty(n if variant != "one pass" else 0, dtype=real) for k in names}
        # the one pass's streams: a splitmix64 state per rule, seeded from a stream of its
        # own (drawing from the rule's stream would change the split variants' numbers)
        self.mix = np.array(
            [stream(seed, f"{k} splitmix").integers(2**64, dtype=np.uint64) for k in STREAMS],
            dtype=np.uint64,
        )
        # what the first pass hands the second (the one pass hands nothing over)
        m = n if variant != "one pass" else 0
        self.partner = np.empty(m, dtype=np.int32)
        self.dom = np.empty(m, dtype=np.int8)
        self.flags = np.empty(m, dtype=np.uint8)
        self.x_trust, self.x_choice = np.empty(m, dtype=real), np.empty(m, dtype=real)
        # what the second hands the third
        self.recv = np.zeros(n)
        self.met = np.zeros(n, dtype=np.int32)
        self.kept_n = np.zeros(n, dtype=np.int32)
        self.eligible = np.zeros(n, dtype=bool)
        self.counts = np.zeros((4, 3, 3), dtype=np.int64)
        self.recid = np.zeros(periods + 1, dtype=np.int64)
        self.cohort_n = np.zeros(periods + 1, dtype=np.int64)
        self.size = np.bincount(self.kind, minlength=3)
        self.files = int(np.count_nonzero(self.has_file))
        self.mean_integrity = float(self.integrity.mean())
        self.kind_i = self.kind.astype(np.int8)
        self.term_i = self.term.astype(np.int32)
        #: set by benchmarks to count the bytes each pass moves (bytecount.count_kernel)
        self.count = None

    def _call(self, name: str, *args: Any, written: tuple = ()) -> Any:
        """Call a pass; when counting, count its arrays (``written``: updated in place)."""
        if not self.compiled:  # plain Python: splitmix64's arithmetic wraps on purpose
            with np.errstate(over="ignore"):
                return self.fn[name](*args)
        if self.count is None:
            return self.fn[name](*args)
        from benchmarks.bytecount import _plain

        plain = _plain(args)
        res = self.fn[name](*plain)
        self.count(name, plain, res, written=_plain(written))
        return res

    def _sigmoid(self, x: np.ndarray) -> np.ndarray:
        """The model's logistic function, in place: numpy's SIMD tanh (a loop's is slower)."""
        x *= 0.5
        np.tanh(x, out=x)
        x += 1.0
        x *= 0.5
        return x

    def step(self) -> None:
        """One period: the passes (and numpy's draws and logits between), the Gini, the row."""
        t, q, n, u, g = self.t, self.q, self.n, self.u, self.rng
        lu = self.listed_until
        self.counts[:] = 0
        if self.variant == "one pass":
            ab = self._actors(BOTH)
        else:
            for stream, names in (
                ("interaction", ("off", "dom", "trust")),
                ("market", ("check", "vis")),
                ("decision", ("dec",)),
                ("detection", ("det", "serious")),
                ("blacklist", ("list",)),
            ):
                for name in names:
                    g[stream].random(out=u[name], dtype=u[name].dtype.type)
            a = self._actors(WEIGH)
            self._sigmoid(self.x_trust)  # the logits, by numpy between the passes
            self._sigmoid(self.x_choice)
            ab = a + self._actors(ACT)
        c = self._call(
            "_close", t, q, self.kind_i, self.has_file, self.trust, self.records,
            self.false_records, self.decay, self.last_record, lu, self.wrong_listing,
            self.ended_at, self.found_again, self.wrong_since, self.ever_listed,
            self.ever_wrong, self.payoff, self.recv, self.met, self.kept_n, self.wealth,
            self.eligible,
            written=(self.trust, self.records, self.false_records, self.payoff, self.recv,
                     self.met, self.kept_n, self.wealth, self.ever_listed, self.ever_wrong),
        )  # fmt: skip
        n_red = self._call("_admit", self.red, self.red_order, self.eligible, self.quota)
        # the Gini coefficient as the model computes it (numpy's SIMD sort, pairwise sum)
        v = np.maximum(self.wealth, 0.0)
        v.sort()
        total = float(v.sum())
        gini = 0.0
        if total > 0.0:
            v *= np.arange(1, n + 1, dtype=np.float64)
            gini = min(max(2.0 * float(v.sum()) / (n * total) - (n + 1.0) / n, 0.0), 1.0)
        self.cohort_n[t] = int(c[8])
        self.rows.append(self._row(ab, c, n_red, gini, n))
        self.t += 1

    def _actors(self, mode: int) -> np.ndarray:
        """One call of the actors' pass in ``mode`` (WEIGH, ACT or BOTH).

        An array the mode does not read or write is passed empty, so that the count of
        bytes (the arguments of each call) counts what the call moves.
        """
        u = self.u
        arrays = {
            "kind": self.kind_i, "deg": self.deg, "last": self.last,
            "indptr": self.net.indptr, "indices": self.net.indices, "cum": self.cum,
            "has_file": self.has_file, "red": self.red, "trust": self.trust,
            "integrity": self.integrity, "listed_until": self.listed_until,
            "scope": self.scope, "term": self.term_i, "kind_factor": self.kind_factor,
            "own_cost": self.own_cost, "records": self.records,
            "false_records": self.false_records, "last_record": self.last_record,
            "wrong_listing": self.wrong_listing, "ended_at": self.ended_at,
            "found_again": self.found_again, "recidivists": self.recid,
            "payoff": self.payoff, "recv": self.recv, "met": self.met, "kept": self.kept_n,
            "counts": self.counts, "partner": self.partner, "dom": self.dom,
            "flags": self.flags, "x_trust": self.x_trust, "x_choice": self.x_choice,
            **{f"u_{k}": v for k, v in u.items() if k != "vis"},
        }  # fmt: skip
        unused = _UNUSED[mode]
        args = [arrays[k][:0] if k in unused else arrays[k] for k in _ACTOR_ARRAYS]
        mix = self.mix if mode == BOTH else self.mix[:0]
        # updated in place for every actor (read and written); WEIGH only writes
        written = () if mode == WEIGH else (self.recv, self.met, self.kept_n)
        if mode == ACT:
            written += (self.payoff,)
        return self._call(f"_actors_{mode}", self.t, self.q, *args, mix, written=written)

    def _row(self, a: np.ndarray, c: np.ndarray, n_red: int, gini: float, n: int) -> dict:
        """The outcome row from the passes' counts (the numpy core's columns)."""
        p, t = self.p, self.t
        counts = self.counts
        rewards, screened, inspected, n_found, fines, new_listings = a.tolist()
        n_tx = int(counts[..., 1:].sum())
        welfare = c[1] / n
        cost = rewards + inspected * p["state.inspection_cost"]
        cost += n_found * p["state.finding_cost"] + self.files * p["state.file_cost"]
        e = t - int(p["followup.recidivism_window"])
        k = len(C_NAMES)
        row = {
            "honesty_rate": int(counts[..., 2].sum()) / n_tx if n_tx else 0.0,
            "trust_rate": n_tx / n,
            "welfare": welfare,
            "gini": gini,
            "blacklisted_share": c[2] / n,
            "wrongly_listed_share": c[3] / n,
            "wrongful_listing_share": c[5] / c[4] if c[4] else float("nan"),
            "redlisted_share": n_red / n,
            "mean_integrity": self.mean_integrity,
            "coverage": self.files / n,
            "mean_trust": c[0] / n,
            "fines_per_subject": fines / n,
            "rewards_per_subject": rewards / n,
            "excluded_share": screened / n,
            "new_listings": new_listings / n,
            "listings_ended": c[6] / n,
            "admin_listed_share": c[7] / n,
            "state_revenue": fines / n,
            "state_cost": cost / n,
            "net_welfare": welfare + fines / n - cost / n,
            "recidivism_rate": (
                self.recid[e] / self.cohort_n[e] if e >= 0 and self.cohort_n[e] else float("nan")
            ),
            "wrongful_listing_person_periods": c[9] / n,
            "mean_wrongful_listing_duration": c[11] / c[10] if c[10] else float("nan"),
        }
        row |= honesty_rates(counts)
        for j, label in enumerate(("person", "firm", "official")):
            size = self.size[j]
            row[f"listed_share_{label}"] = c[k + j] / size if size else float("nan")
            row[f"welfare_{label}"] = float(c[k + 3 + j] / size) if size else float("nan")
        for j, label in enumerate(("never_listed", "rightly_listed", "wrongly_listed")):
            size = c[k + 9 + j]
            row[f"welfare_{label}"] = c[k + 6 + j] / size if size else float("nan")
        return row


# --- measurement -------------------------------------------------------------------------
def compare(n: int = 5_000, periods: int = 40, seed: int = 1, compiled: bool = True) -> dict:
    """The fused core's outcome table against the numpy core's, column by column.

    Both draw the same numbers, so every count (acts, findings, listings, the lists, the
    follow-up) agrees in the runs compared, though not by construction (the logits'
    arguments are computed in float64, the numpy core's partly in float32: a decision whose
    number fell within about 1e-7 of its probability could differ); sums of payoffs differ
    in the last bits of float32 (the passes add an actor's payoff terms in float64 and
    round once).

    Returns:
        ``columns``, ``identical`` (columns equal in every period, NaN equal to NaN),
        ``max_rel_difference`` over the others and ``differing`` (their names).

    """
    import pandas as pd

    fused, core = FusedCore(n, seed, periods=periods, compiled=compiled), NumpyCore(n, seed)
    for _ in range(periods):
        fused.step()
        core.step()
    a, b = pd.DataFrame(fused.rows), pd.DataFrame(core.rows)
    worst, differing = 0.0, []
    for col in b.columns:
        x, y = a[col].to_numpy(float), b[col].to_numpy(float)
        if np.array_equal(x, y, equal_nan=True):
            continue
        differing.append(col)
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.abs(x - y) / np.maximum(np.abs(y), 1e-300)
        worst = max(worst, float(np.nanmax(rel)))
    return {
        "n": n,
        "periods": periods,
        "seed": seed,
        "columns": len(b.columns),
        "identical": len(b.columns) - len(differing),
        "max_rel_difference": worst,
        "differing": differing,
    }


#: Margin for the mean honesty and trust rates, against the numpy core's, of the variants
#: that draw other numbers: the plain Mesa peer's margin in ``make bench``.
MEAN_MARGIN = 0.02


def compare_in_means(variant: str, n: int = 5_000, periods: int = 40, seed: int = 1) -> dict:
    """A variant that draws other numbers against the numpy core, in means.

    Returns:
        Mean honesty rate, trust rate and share on a list of each over the run, and
        ``within_margin`` (honesty and trust within :data:`MEAN_MARGIN`).

    """
    fused = FusedCore(n, seed, periods=periods, variant=variant)
    core = NumpyCore(n, seed)
    for _ in range(periods):
        fused.step()
        core.step()
    out: dict[str, Any] = {"variant": variant, "n": n, "periods": periods, "seed": seed}
    for col in ("honesty_rate", "trust_rate", "blacklisted_share"):
        out[f"{col}_variant"] = float(np.mean([r[col] for r in fused.rows]))
        out[f"{col}_numpy"] = float(np.mean([r[col] for r in core.rows]))
    out["within_margin"] = all(
        abs(out[f"{c}_variant"] - out[f"{c}_numpy"]) <= MEAN_MARGIN
        for c in ("honesty_rate", "trust_rate")
    )
    return out


def _build(impl: str, n: int, periods: int) -> Any:
    from benchmarks.config import parameters
    from benchmarks.plain_mesa import PlainMesaModel
    from model.model import CreditSystemModel

    if impl in VARIANTS:
        return FusedCore(n, 1, periods=periods, variant=impl)
    if impl == "numpy":
        return NumpyCore(n, 1)
    if impl == "model":
        return CreditSystemModel(n_subjects=n, rng=1, **parameters("bench"))
    return PlainMesaModel(rng=1, n_subjects=n)


def timings(n: int, periods: int, repeats: int, plain: bool) -> dict[str, float]:
    """Seconds per period of each implementation at ``n`` subjects, in one run.

    The implementations take turns, block by block (``periods`` periods each), so that a
    change of the machine's load falls on all of them; the best block counts.
    """
    impls = [*VARIANTS, "numpy", "model"] + (["plain Mesa"] if plain else [])
    blocks = periods if n < 1_000_000 else max(periods // 4, 3)
    objs = {k: _build(k, n, 3 + repeats * blocks) for k in impls}
    for obj in objs.values():  # warm up: the first periods fill the lists, caches
        for _ in range(2):
            obj.step()
    best = dict.fromkeys(impls, float("inf"))
    for _ in range(repeats):
        for k, obj in objs.items():
            steps = blocks if k != "plain Mesa" else 4
            t0 = time.perf_counter()
            for _ in range(steps):
                obj.step()
            best[k] = min(best[k], (time.perf_counter() - t0) / steps)
    return best


def pass_times(n: int, variant: str, periods: int = 20) -> dict[str, float]:
    """Seconds per period of each compiled pass, and of the whole period, at ``n`` subjects.

    What the rest of the period costs (numpy's draws, logits and Gini; the outcome row) is
    the difference.
    """
    fused = FusedCore(n, 1, periods=periods + 3, variant=variant)
    for _ in range(3):
        fused.step()
    spent = dict.fromkeys(fused.fn, 0.0)

    def timed(name: str, fn: Any) -> Any:
        def call(*args: Any) -> Any:
            t0 = time.perf_counter()
            res = fn(*args)
            spent[name] += time.perf_counter() - t0
            return res

        return call

    fused.fn = {k: timed(k, f) for k, f in fused.fn.items()}
    t0 = time.perf_counter()
    for _ in range(periods):
        fused.step()
    out = {k: v / periods for k, v in spent.items() if v}
    out["period"] = (time.perf_counter() - t0) / periods
    return out


def bytes_moved(n: int = 100_000, periods: int = 3, variant: str = "split") -> dict[str, Any]:
    """Bytes per subject-period the fused core moves, counted as for the model.

    Numpy calls (the draws, the logit, the Gini) are counted by ``benchmarks.bytecount``;
    each pass by its array arguments and results (``count_kernel``: every argument read
    once whole, arrays that every actor's turn updates once more as written; a bound above
    for the records and lists a pass touches at a few subjects, a bound below for the
    partners' trust it gathers at random). The one pass's numbers, drawn in registers,
    move nothing.
    """
    from benchmarks import bytecount

    fused = FusedCore(n, 1, periods=periods + 3, variant=variant)
    for _ in range(3):
        fused.step()
    bytecount.counted(fused)
    fused.count = bytecount.count_kernel
    with bytecount.counting() as tally:
        for _ in range(periods):
            fused.step()
    sp = n * periods
    top = sorted(tally.by_name.items(), key=lambda kv: -kv[1])[:10]
    return {
        "bytes_per_subject_period": tally.bytes / sp,
        "calls_per_period": tally.calls / periods,
        "top": {k: v / sp for k, v in top},
    }


def _fill_loop(g, buf):
    for i in range(buf.shape[0]):
        buf[i] = g.random()


def _splitmix_loop(state, buf):
    s = state[0]
    for i in range(buf.shape[0]):
        s += GOLDEN
        buf[i] = _uniform(s)
    state[0] = s


def _logit_loop(x):
    for i in range(x.shape[0]):
        x[i] = 0.5 * (1.0 + math.tanh(0.5 * x[i]))


def _sort_loop(v):
    v.sort()


def primitives(n: int, repeat: int = 20) -> dict[str, float]:
    """Three primitives of the period, numpy's (SIMD) against a compiled loop's (scalar).

    Why the split passes leave the draws, the logit and the sort to numpy, and why the
    one pass draws by splitmix64: at ``n`` values, seconds per call of uniform draws into
    an array (numpy's; a loop calling numpy's Generator; a loop of splitmix64), the
    logistic function in place and a sort of float64, as numpy does each and as a numba
    loop does it.
    """
    loops = (_fill_loop, _splitmix_loop, _logit_loop, _sort_loop)
    fill, mix, logit, sort = (numba.njit(cache=True)(f) for f in loops)
    state = np.zeros(1, dtype=np.uint64)
    g, buf = np.random.default_rng(1), np.empty(n)
    x = np.random.default_rng(2).normal(size=n)
    fill(g, buf)  # compile (or load) before timing
    mix(state, buf)
    logit(x.copy())
    sort(x.copy())
    core = FusedCore.__new__(FusedCore)  # only its _sigmoid

    def best(fn: Any, fresh: bool = False) -> float:
        times = []
        for _ in range(repeat):
            arg = x.copy() if fresh else None
            t0 = time.perf_counter()
            fn(arg)
            times.append(time.perf_counter() - t0)
        return min(times)

    return {
        "draw_numpy_s": best(lambda _: g.random(out=buf)),
        "draw_loop_s": best(lambda _: fill(g, buf)),
        "draw_splitmix_loop_s": best(lambda _: mix(state, buf)),
        "logit_numpy_s": best(core._sigmoid, fresh=True),
        "logit_loop_s": best(logit, fresh=True),
        "sort_numpy_s": best(lambda a: a.sort(), fresh=True),
        "sort_loop_s": best(sort, fresh=True),
    }


_STARTUP = """
import time, sys
t0 = time.perf_counter()
from benchmarks.numpy_core import NumpyCore, honesty_rates, stream
import numpy as np
t1 = time.perf_counter()
if sys.argv[1] == "fused":
    from benchmarks.fused_core import FusedCore
    m = FusedCore(1000, 1, periods=2)
else:
    m = NumpyCore(1000, 1)
m.step()
print(time.perf_counter() - t1)
"""


def startup() -> dict[str, float]:
    """Seconds a fresh interpreter takes to build a 1,000-subject core and run a period.

    After the imports of the numpy core (which the fused core shares); the fused core's
    figure includes importing numba and loading the compiled passes from the disk cache
    (the first run on a machine compiles them instead: ``first_compile_s``).
    """
    import os

    def run(impl: str) -> float:
        root = Path(__file__).resolve().parent.parent
        out = subprocess.run(
            [sys.executable, "-c", _STARTUP, impl],
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        )
        return float(out.stdout.strip().splitlines()[-1])

    cache = Path(__file__).resolve().parent / "__pycache__"
    for f in cache.glob("fused_core._*"):  # numba's cache files of this module
        f.unlink()
    first = run("fused")
    res = {"first_compile_s": first}
    res["fused_s"] = min(run("fused") for _ in range(3))
    res["numpy_s"] = min(run("numpy") for _ in range(3))
    return res


def load() -> list[float]:
    """The 1-, 5- and 15-minute load averages."""
    import os

    return [round(x, 2) for x in os.getloadavg()]


def main(argv: list[str] | None = None) -> None:
    """Measure the fused core and write ``results/benchmarks/fused_core.json``."""
    argv = sys.argv[1:] if argv is None else argv
    sizes = [int(a) for a in argv] or [10_000, 100_000, 1_000_000]
    if numba is None:
        raise SystemExit("benchmarks.fused_core needs numba: pip install numba (not a dependency)")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    res: dict[str, Any] = {"started": started, "git_commit": commit, "load_before": load()}
    res["numpy"], res["numba"] = np.__version__, numba.__version__
    res["startup"] = startup()
    print(f"start-up (fresh interpreter, 1,000 subjects, one period): {res['startup']}")
    res["equivalence"] = [compare(seed=s) for s in (1, 2, 3)]
    for e in res["equivalence"]:
        print(
            f"split, seed {e['seed']}: {e['identical']} of {e['columns']} columns identical, "
            f"the rest within {e['max_rel_difference']:.1e} ({', '.join(e['differing'])})"
        )
    res["equivalence_in_means"] = [
        compare_in_means(v, seed=s) for v in VARIANTS[1:] for s in (1, 2, 3)
    ]
    for e in res["equivalence_in_means"]:
        print(
            f"{e['variant']}, seed {e['seed']}: honesty {e['honesty_rate_variant']:.4f} "
            f"(numpy core {e['honesty_rate_numpy']:.4f}), trust {e['trust_rate_variant']:.4f} "
            f"({e['trust_rate_numpy']:.4f}), within {MEAN_MARGIN}: {e['within_margin']}"
        )
    res["primitives"] = {str(n): primitives(n) for n in sizes}
    for n, pr in res["primitives"].items():
        print(
            f"n={int(n):,} numpy / loop: draw {pr['draw_numpy_s'] * 1e3:.3f} / "
            f"{pr['draw_loop_s'] * 1e3:.3f} (splitmix64 "
            f"{pr['draw_splitmix_loop_s'] * 1e3:.3f}) ms, logit {pr['logit_numpy_s'] * 1e3:.3f} / "
            f"{pr['logit_loop_s'] * 1e3:.3f} ms, sort {pr['sort_numpy_s'] * 1e3:.3f} / "
            f"{pr['sort_loop_s'] * 1e3:.3f} ms"
        )
    # the fixed cost of a period: a period of 100 subjects (the model's step plan, outcome
    # columns and collector; the fused core's few calls)
    res["fixed"] = timings(100, periods=200, repeats=5, plain=False)
    print("n=100: " + ", ".join(f"{k} {v * 1e3:.3f} ms" for k, v in res["fixed"].items()))
    res["sizes"] = {}
    for n in sizes:
        # at 10,000 subjects three rounds, each with the plain Mesa peer built afresh: its
        # time moves between runs, and the ratio with it
        rounds = []
        for _ in range(3 if n == 10_000 else 1):
            best = timings(n, periods=20 if n <= 100_000 else 8, repeats=3, plain=n == 10_000)
            rounds.append({**best, "load": load()})
            line = ", ".join(f"{k} {v * 1e3:.3f} ms" for k, v in best.items())
            print(f"n={n:,}: {line}", flush=True)
            if plain := best.get("plain Mesa"):
                ratios = ", ".join(f"{k} {plain / v:.0f}x" for k, v in best.items() if v != plain)
                print(f"  against plain Mesa: {ratios}", flush=True)
        res["sizes"][str(n)] = rounds
        res.setdefault("passes", {})[str(n)] = {v: pass_times(n, v) for v in VARIANTS}
        for v, times in res["passes"][str(n)].items():
            print(f"  {v}: " + ", ".join(f"{k} {x * 1e3:.3f} ms" for k, x in times.items()))
    res["bytes"] = {v: bytes_moved(variant=v) for v in VARIANTS}
    for v, b in res["bytes"].items():
        print(f"bytes per subject-period ({v}, counted): {b['bytes_per_subject_period']:.0f}")
    res["load_after"] = load()
    out = Path(__file__).resolve().parent.parent / "results" / "benchmarks" / "fused_core.json"
    out.write_text(json.dumps(res, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
