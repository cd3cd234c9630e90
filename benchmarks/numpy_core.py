"""The benchmark core written directly in numpy: one function per period, no framework.

The peer of the array model in ``make bench``: the rules of the *benchmark core*
(``benchmarks.config.BENCH_CORE``: the model's defaults with the court list and joint
punishment off) written as plainly as numpy allows, with no mechanism objects, no
registry, no step plan and no accessors: the state is a handful of arrays and one
``step`` method does a period top to bottom in the model's step order. It draws the
same random numbers as the model (one stream per rule, derived from the seed as
``CreditSystemModel.stream`` derives them, in the same order) and keeps the model's
dtypes, so for the same seed it reproduces the model's outcome table; the equivalence
check of ``make bench`` compares the two (``benchmarks.__main__.equivalence``). The choice is
the model's both-path rule: the expected sanctions of breaking faith (fine, listing, red
list at risk, at the detection probability) minus those of keeping it (the same terms
given a finding, at the false-record rate), plus integrity, minus the gain. Set-up
(population, network) reuses the model's functions: only the period is timed.

Outcomes: the model's columns that this configuration makes non-constant (honesty and
trust rates, by domain and kind, welfare, Gini, list shares, coverage, integrity,
red list, the state's accounts and the follow-up columns).
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from benchmarks.config import BENCH_CORE
from model.model import default_parameters
from model.network import build as build_network
from model.population import ACT_DOMAINS, FIRM, Params, make_subjects

N_DOMAINS, N_KINDS, JUDICIAL = 4, 3, 3
ADMIN = (0, 1, 2)


def stream(seed: int, name: str) -> np.random.Generator:
    """The random stream of rule ``name`` (as ``CreditSystemModel.stream`` derives it)."""
    root = np.random.SeedSequence(seed)
    child = np.random.SeedSequence(
        entropy=root.entropy,
        spawn_key=(*root.spawn_key, zlib.crc32(name.encode())),
        pool_size=root.pool_size,
    )
    return np.random.default_rng(child)


def honesty_rates(counts: np.ndarray) -> dict[str, float]:
    """``honesty_rate_<domain>`` and ``honesty_rate_<kind>`` from the period's act counts.

    Args:
        counts: (domains, kinds, 3) counts of act states 0 (none), 1 (broke), 2 (kept).

    """
    row = {}
    for name, by in (("domain", counts.sum(axis=1)), ("kind", counts.sum(axis=0))):
        names = ("government", "business", "social", "judicial")
        names = names if name == "domain" else ("person", "firm", "official")
        for j, label in enumerate(names):
            acts = by[j, 1] + by[j, 2]
            row[f"honesty_rate_{label}"] = by[j, 2] / acts if acts else float("nan")
    return row


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function (as the model computes it)."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class NumpyCore:
    """The benchmark core as plain numpy arrays and one ``step``.

    Args:
        n: Subjects.
        seed: Seed (the model's ``rng``).
        **params: Flat parameter names overriding the defaults (the benchmark core's
            switches are applied first; only the parameters of its rules are read).

    """

    def __init__(self, n: int, seed: int = 1, **params: Any) -> None:
        p = {**default_parameters(), **BENCH_CORE, "n_subjects": n, **params}
        self.p = p
        self.n = n
        self.t = 0
        world = Params(**{k: v for k, v in p.items() if "." not in k})
        base = make_subjects(world)
        self.kind, self.region = base.kind, base.region
        # streams, one per rule, drawn in the model's set-up order
        self.rng = {k: stream(seed, k) for k in ("interaction", "market", "decision")}
        self.rng |= {k: stream(seed, k) for k in ("detection", "blacklist")}
        g = self.rng["interaction"]
        self.net = build_network(
            p["interaction.network"],
            n,
            p["interaction.degree"],
            p["interaction.rewiring"],
            g,
            self.region,
            p["interaction.cross_region"],
        )
        deg = np.diff(self.net.indptr)
        if not (deg > 0).all():
            raise ValueError("the benchmark core needs a network without isolated subjects")
        self.deg, self.last = deg.astype(np.int32), np.maximum(deg - 1, 0).astype(np.int32)
        self.trust = np.full(n, p["interaction.trust_initial"], dtype=np.float32)
        cum = np.cumsum(ACT_DOMAINS, axis=1)[:, :-1]
        self.cum = cum[:, cum.min(axis=0) < 1.0]
        mean, conc = p["integrity.mean"], p["integrity.concentration"]
        self.integrity = np.zeros(n, dtype=np.float32)
        self.integrity[:] = stream(seed, "integrity").beta(mean * conc, (1 - mean) * conc, n)
        rank = stream(seed, "records").random(n).astype(np.float32)
        self.has_file = rank < p["records.coverage"]
        merit = stream(seed, "redlist").random(n)
        ids = np.flatnonzero(self.kind == FIRM)
        self.red_order = ids[np.argsort(merit[ids], kind="stable")].astype(np.int32)
        self.quota = int(np.floor(p["redlist.share"] * len(ids)))
        # per-domain tables of the department lists
        self.scope = np.zeros(N_DOMAINS)
        self.term = np.ones(N_DOMAINS, dtype=np.int64)
        for d, name in zip(ADMIN, ("government", "business", "social"), strict=True):
            self.scope[d] = p[f"blacklist.scope_{name}"]
            self.term[d] = p[f"blacklist.term_{name}"]
        self.kind_factor = np.array([p["blacklist.person_scope"], 1.0, 1.0])
        self.own_cost = np.array([p["blacklist.cost"]] * 3 + [0.0])
        self.decay = np.float32(0.5 ** (1.0 / p["records.half_life"]))
        # state
        self.wealth = np.full(n, p["initial_wealth"], dtype=np.float64)
        self.payoff = np.zeros(n, dtype=np.float32)
        self.records = np.zeros((n, N_DOMAINS), dtype=np.float32)
        self.false_records = np.zeros((n, N_DOMAINS), dtype=np.float32)
        self.last_record = np.full(n, -1, dtype=np.int32)
        self.listed_until = np.zeros((N_DOMAINS, n), dtype=np.int32)
        self.wrong_listing = np.zeros((N_DOMAINS, n), dtype=bool)
        self.red = np.zeros(n, dtype=bool)
        # follow-up
        self.ended_at = np.full(n, -1, dtype=np.int32)
        self.found_again = np.zeros(n, dtype=bool)
        self.wrong_since = np.full(n, -1, dtype=np.int32)
        self.ever_listed = np.zeros(n, dtype=bool)
        self.ever_wrong = np.zeros(n, dtype=bool)
        self.cohort: list[int] = []
        self.recidivists: list[int] = []
        self.rows: list[dict[str, float]] = []

    def step(self) -> None:  # noqa: PLR0915 - one period, top to bottom, on purpose
        """One period in the model's step order; appends the outcome row."""
        p, n, t = self.p, self.n, self.t
        kind, s_red, lu = self.kind, self.red, self.listed_until
        surplus, gain, harm = p["surplus"], p["gain"], p["harm"]
        g_int = self.rng["interaction"]
        # --- match: partner and domain ------------------------------------------------
        self.payoff[:] = 0.0
        off = np.minimum((g_int.random(n) * self.deg).astype(np.int64), self.last)
        off += self.net.indptr[:-1]
        partner = self.net.indices[off]
        u = g_int.random(n)
        dom = np.zeros(n, dtype=np.int8)
        for j in range(self.cum.shape[1]):
            dom += u >= self.cum[:, j][kind]
        # --- screening on the lists as they stand, restrictions, facilitation ----------
        g_m = self.rng["market"]
        u_check = g_m.random(n)
        g_m.random(n)  # visibility draw (unused at full sharing)
        checked = (u_check < p["market.screening"]) & self.has_file
        listed_end = np.maximum(np.maximum(lu[0], lu[1]), np.maximum(lu[2], lu[3]))
        screened = checked & (listed_end > t)
        refused = screened.copy()
        assured = checked & s_red
        n_lists = np.zeros(n, dtype=np.float32)
        for d in ADMIN:
            n_lists += lu[d] > t
        self.payoff -= np.float32(p["blacklist.cost"]) * n_lists
        self.payoff += np.float32(p["redlist.facilitation"]) * s_red
        rewards = float(np.count_nonzero(s_red)) * p["redlist.facilitation"]
        # --- partners' trust ----------------------------------------------------------
        value = surplus - (1.0 - self.trust[partner]) * harm
        trusts = assured | (g_int.random(n) < sigmoid(p["decision.rationality"] * value))
        refused |= ~trusts
        transacted = ~refused
        # --- detection probability ----------------------------------------------------
        p_monitor = np.full(n, p["detection.probability"], dtype=np.float32)
        p_monitor *= np.where(s_red, np.float32(p["redlist.inspection_factor"]), np.float32(1))
        miss = np.float32(1.0) - p_monitor
        miss *= np.float32(1.0 - p["detection.report_rate"])
        p_detect = np.float32(1.0) - miss
        # --- choice: the sanctions of breaking faith (fine + listing + red list at risk,
        # at the detection probability) minus those of keeping it (the same terms given a
        # finding, at the false-record rate) ----------------------------------------------
        deter = np.zeros(n)
        deter += p_detect * p["sanctions.fine"]
        false_cost = np.zeros(n)
        false_cost += p["sanctions.fine"]
        p_list = p["detection.serious_share"] * (self.scope[dom] * self.kind_factor[kind])
        p_list = p_list * self.has_file
        last = self.term[dom]
        covered_own = np.clip(lu[dom, np.arange(n)].astype(np.int64) - (t + 1), 0, 1200)
        covered_any = np.clip(listed_end.astype(np.int64) - (t + 1), 0, 1200)
        own_w = np.where(last >= covered_own + 1, last - covered_own, 0).astype(np.float64)
        any_w = np.where(last >= covered_any + 1, last - covered_any, 0).astype(np.float64)
        status = p["market.screening"] * 1.0 * surplus  # refusals by partners who check
        cost = self.own_cost[dom] * own_w + status * any_w
        deter += p_detect * p_list * cost
        false_cost += p_list * cost
        spell = np.float64(max(p["redlist.clean_periods"], 1))
        deter += p_detect * s_red * (p["redlist.facilitation"] * spell)
        false_cost += 1.0 * s_red * (p["redlist.facilitation"] * spell)
        e = np.float32(p["detection.false_record_rate"])
        if e:
            deter -= e * false_cost
        gap = deter + p["integrity.weight"] * self.integrity - gain
        honest = self.rng["decision"].random(n) < sigmoid(p["decision.rationality"] * gap)
        # --- settlement and trust learning ------------------------------------------
        cheated = transacted & ~honest
        actor_pay = surplus + gain * cheated
        actor_pay *= transacted
        self.payoff += actor_pay.astype(np.float32)
        act = np.flatnonzero(transacted)
        cheat, to = cheated[act], partner[act]
        self.payoff += np.bincount(to, surplus - harm * cheat, minlength=n).astype(np.float32)
        pairs = np.bincount(2 * to + cheat, minlength=2 * n)
        kept, met = pairs[0::2], pairs[1::2] + pairs[0::2]
        seen = met > 0
        trust = self.trust.astype(np.float64)
        target = (kept / np.maximum(met, 1) - trust) * p["interaction.trust_learning"] + trust
        self.trust[:] = np.where(seen, target.astype(np.float32), self.trust)
        # --- findings ---------------------------------------------------------------
        g_d = self.rng["detection"]
        u = g_d.random(n)
        detected = cheated & (u < p_detect)
        false_record = transacted & honest & (u < p["detection.false_record_rate"])
        found = detected | false_record
        serious = found & (g_d.random(n) < p["detection.serious_share"])
        inspected = float(p_monitor.sum(where=transacted, dtype=np.float64))
        n_found = int(np.count_nonzero(found))
        # --- records, fines, department lists ---------------------------------------
        recorded = found & self.has_file
        idx = np.flatnonzero(recorded)
        rdom = dom[idx]
        weight = np.where(serious[idx], p["records.serious_weight"], 1.0).astype(np.float32)
        self.records[idx, rdom] += weight
        wrong = false_record[idx]
        self.false_records[idx[wrong], rdom[wrong]] += weight[wrong]
        self.last_record[idx] = t
        fine = np.float32(p["sanctions.fine"]) * found
        self.payoff -= fine
        fines = float(fine.sum(dtype=np.float64))
        u = self.rng["blacklist"].random(n)
        trigger = recorded & serious & (u < self.scope[dom] * self.kind_factor[kind])
        li = np.flatnonzero(trigger)
        ld = dom[li]
        lu[ld, li] = np.maximum(lu[ld, li], (t + 1 + self.term)[ld])
        self.wrong_listing[ld, li] = false_record[li]
        s_red[li] = False
        new_listings = len(li)
        # --- red list (end of period) -------------------------------------------------
        lr = self.last_record
        clean = (lr < 0) | (t - lr >= p["redlist.clean_periods"])
        end = np.maximum(np.maximum(lu[0], lu[1]), np.maximum(lu[2], lu[3]))
        in_order = (self.has_file & (end <= t + 1) & clean)[self.red_order]
        admitted = in_order & (np.cumsum(in_order) <= self.quota)
        s_red[:] = False
        s_red[self.red_order[admitted]] = True
        # --- records age; wealth ----------------------------------------------------
        for arr in (self.records, self.false_records):
            arr *= self.decay
            arr *= arr >= p["records.expiry_weight"]
        self.wealth += self.payoff
        # --- follow-up --------------------------------------------------------------
        k = p["followup.recidivism_window"]
        self.cohort.append(0)
        self.recidivists.append(0)
        opened = (self.ended_at >= 0) & (t - self.ended_at <= k) & ~self.found_again
        again = opened & detected
        for e, c in enumerate(np.bincount(self.ended_at[again], minlength=t + 1)):
            self.recidivists[e] += int(c)
        self.found_again |= again
        ended = end == t + 1
        self.ended_at[ended] = t
        self.found_again[ended] = False
        self.cohort[t] = int(np.count_nonzero(ended))
        wrong_now = ((lu > t) & self.wrong_listing).any(axis=0)
        start = wrong_now & (self.wrong_since < 0)
        self.wrong_since[start] = t
        stop = ~wrong_now & (self.wrong_since >= 0)
        spells, spell_sum = int(np.count_nonzero(stop)), int((t - self.wrong_since[stop]).sum())
        self.wrong_since[stop] = -1
        holds = lu > t + 1
        wrong_pub = holds & self.wrong_listing
        on_any = end > t + 1
        self.ever_listed |= on_any
        self.ever_wrong |= wrong_pub.any(axis=0)
        # --- outcomes ---------------------------------------------------------------
        act_state = transacted.view(np.int8) + (transacted & honest).view(np.int8)
        counts = np.bincount((dom * N_KINDS + kind) * 3 + act_state, minlength=36)
        counts = counts.reshape(N_DOMAINS, N_KINDS, 3)
        n_tx, n_kept = n - int(np.count_nonzero(refused)), int(counts[..., 2].sum())
        v = np.sort(np.maximum(self.wealth, 0.0))
        total = v.sum()
        gini = 2.0 * (np.arange(1, n + 1) * v).sum() / (n * total) - (n + 1.0) / n
        pay = self.payoff.astype(np.float64)
        welfare = float(self.payoff.mean(dtype=np.float64))
        n_entries = int(np.count_nonzero(holds))
        by_kind = np.bincount(kind, weights=on_any, minlength=N_KINDS)
        pay_by_kind = np.bincount(kind, weights=pay, minlength=N_KINDS)
        size = np.bincount(kind, minlength=N_KINDS)
        files = int(np.count_nonzero(self.has_file))
        # summed in the order of the model's accounts (rewards first, then activities)
        cost = rewards + inspected * p["state.inspection_cost"]
        cost += n_found * p["state.finding_cost"]
        cost += files * p["state.file_cost"]
        e = t - k
        groups = (~self.ever_listed, self.ever_listed & ~self.ever_wrong, self.ever_wrong)
        row = {
            "honesty_rate": n_kept / n_tx if n_tx else 0.0,
            "trust_rate": n_tx / n,
            "welfare": welfare,
            "gini": float(min(max(gini, 0.0), 1.0)) if total > 0 else 0.0,
            "blacklisted_share": int(np.count_nonzero(on_any)) / n,
            "wrongly_listed_share": int(np.count_nonzero(wrong_pub.any(axis=0))) / n,
            "wrongful_listing_share": (
                int(np.count_nonzero(wrong_pub)) / n_entries if n_entries else float("nan")
            ),
            "redlisted_share": int(np.count_nonzero(s_red)) / n,
            "mean_integrity": float(self.integrity.mean()),
            "coverage": files / n,
            "mean_trust": float(self.trust.mean(dtype=np.float64)),
            "fines_per_subject": fines / n,
            "rewards_per_subject": rewards / n,
            "excluded_share": int(np.count_nonzero(screened)) / n,
            "new_listings": new_listings / n,
            "listings_ended": int(np.count_nonzero(lu == t + 1)) / n,
            "admin_listed_share": int(np.count_nonzero(lu[:3].max(axis=0) > t + 1)) / n,
            "state_revenue": fines / n,
            "state_cost": cost / n,
            "net_welfare": welfare + fines / n - cost / n,
            "recidivism_rate": (
                self.recidivists[e] / self.cohort[e] if e >= 0 and self.cohort[e] else float("nan")
            ),
            "wrongful_listing_person_periods": int(np.count_nonzero(wrong_now)) / n,
            "mean_wrongful_listing_duration": spell_sum / spells if spells else float("nan"),
        }
        row |= honesty_rates(counts)
        for j, label in enumerate(("person", "firm", "official")):
            row[f"listed_share_{label}"] = by_kind[j] / size[j] if size[j] else float("nan")
            row[f"welfare_{label}"] = float(pay_by_kind[j] / size[j])
        labels = ("never_listed", "rightly_listed", "wrongly_listed")
        for label, grp in zip(labels, groups, strict=True):
            c = int(np.count_nonzero(grp))
            row[f"welfare_{label}"] = float(pay.sum(where=grp)) / c if c else float("nan")
        self.rows.append(row)
        self.t += 1
