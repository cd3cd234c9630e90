"""The benchmark core written the plain Mesa way: one ``mesa.Agent`` per subject.

A baseline the array model is measured against. Each credit subject is an agent object
with its own attributes; the model calls ``self.agents.do("begin_period")``, then
``self.agents.shuffle_do("step")``, then does the end of the period agent by agent,
and draws every random number from ``self.random`` one at a time, as a typical Mesa
model does. The rules are those of the *benchmark core*
(``benchmarks.config.BENCH_CORE``: the model's defaults with the court list and joint
punishment off), read from the same parameter defaults:

* start of the period: each department's list in force costs its restriction; the
  red-listed enjoy the facilitation;
* each actor, in random order: a partner drawn from the same network, a domain drawn
  from its kind; the partner checks its status with probability ``market.screening``
  (file needed) and refuses the listed, trusts the red-listed outright, else trusts by
  the logit rule on its trust at the start of the period; the actor keeps or breaks
  faith by the logit rule on the expected sanctions of breaking faith (at the
  detection probability) minus those of keeping it (at the false-record rate), each
  the fine + listing (per department: scope, term, restriction and partners' refusals
  over the periods not yet covered) + red list at risk, plus integrity - gain;
  payoffs; detection (monitoring, halved for the red-listed, and reports) or a false
  finding; a serious share; the fine; the record (severity weight); the department's
  listing within its scope;
* end of the period: the red list in merit order up to its quota, partners' trust
  from the honesty they met, records age and expire, wealth, the follow-up of every
  subject (recidivism, wrongful listing spells, groups), and the same outcome columns
  as the model (honesty and trust rates, by domain and kind, welfare, Gini, list
  shares, coverage, integrity, red list, state's accounts, follow-up).

Not bit-identical to the array model (other random numbers; actors act one after
another, though nothing an actor reads is changed by another's step before the end of
the period), but the same work per subject-period; its honesty rate for the same
parameters agrees with the array model's within the margin of
``benchmarks.__main__.equivalence``.
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np

from benchmarks.config import BENCH_CORE
from model.model import default_parameters
from model.network import build as build_network
from model.population import ACT_DOMAINS, FIRM, KINDS, Params, make_subjects

DOMAINS = ("government", "business", "social", "judicial")
ADMIN = (0, 1, 2)


def _sigmoid(x: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * x))


class Subject(mesa.Agent):
    """One credit subject with its state as Python attributes."""

    def __init__(
        self, model: PlainMesaModel, kind: int, region: int, integrity: float, has_file: bool
    ) -> None:
        super().__init__(model)
        p = model.p
        self.kind = kind
        self.region = region
        self.integrity = integrity
        self.has_file = has_file
        self.cum_domains = [c for c in np.cumsum(ACT_DOMAINS[kind])[:-1] if c < 1.0]
        self.neighbours: list[Subject] = []
        self.wealth = p["initial_wealth"]
        self.payoff = 0.0
        self.trust = p["interaction.trust_initial"]
        self.met = 0
        self.kept = 0
        self.records = [0.0] * 4
        self.false_records = [0.0] * 4
        self.last_record = -1
        self.listed_until = [0] * 4
        self.wrong_listing = [False] * 4
        self.red = False
        # this period's act: 0 none, 1 broke faith, 2 kept faith; and its domain
        self.act = 0
        self.domain = 0
        self.detected = False
        # follow-up
        self.ended_at = -1
        self.found_again = False
        self.wrong_since = -1
        self.ever_listed = False
        self.ever_wrong = False

    def listed(self, u: int) -> bool:
        """On at least one list that holds in period ``u``."""
        return max(self.listed_until) > u

    def wrongly_listed(self, u: int) -> bool:
        """A listing holding in period ``u`` rests on a false record."""
        return any(e > u and w for e, w in zip(self.listed_until, self.wrong_listing, strict=True))

    def begin_period(self) -> None:
        """Restrictions of the lists in force and the red list's facilitation."""
        m, p = self.model, self.model.p
        self.payoff = 0.0
        self.act = 0
        self.detected = False
        self.met = self.kept = 0
        self.payoff -= p["blacklist.cost"] * sum(self.listed_until[d] > m.t for d in ADMIN)
        if self.red:
            self.payoff += p["redlist.facilitation"]
            m.rewards += p["redlist.facilitation"]

    def step(self) -> None:
        """Act once as actor: a partner, screening, trust, choice, findings, sanctions."""
        m, p, rnd = self.model, self.model.p, self.model.random
        t = m.t
        partner = self.neighbours[int(rnd.random() * len(self.neighbours))]
        u = rnd.random()
        dom = sum(u >= c for c in self.cum_domains)
        self.domain = dom
        m.attempted += 1
        assured = False
        if rnd.random() < p["market.screening"] and self.has_file:
            if self.listed(t):
                m.screened_out += 1
                return
            assured = self.red
        value = p["surplus"] - (1.0 - partner.trust) * p["harm"]
        if not (assured or rnd.random() < _sigmoid(p["decision.rationality"] * value)):
            return
        # detection probability: monitoring (less for the red-listed) or a report
        q = p["detection.probability"] * (p["redlist.inspection_factor"] if self.red else 1.0)
        p_detect = 1.0 - (1.0 - q) * (1.0 - p["detection.report_rate"])
        m.inspected += q
        # what a finding would cost: fine, listing, red list at risk; breaking faith
        # risks it at the detection probability, keeping faith at the false-record rate
        if_found = p["sanctions.fine"]
        if self.has_file:
            scope = m.scope[dom] * m.kind_factor[self.kind]
            term = m.term[dom]
            covered_own = min(max(self.listed_until[dom] - (t + 1), 0), 1200)
            covered_any = min(max(max(self.listed_until) - (t + 1), 0), 1200)
            cost = p["blacklist.cost"] * max(term - covered_own, 0)
            cost += m.status_cost * max(term - covered_any, 0)
            if_found += p["detection.serious_share"] * scope * cost
        if self.red:
            if_found += p["redlist.facilitation"] * max(p["redlist.clean_periods"], 1)
        gap = (p_detect - p["detection.false_record_rate"]) * if_found
        du = gap + p["integrity.weight"] * self.integrity - p["gain"]
        honest = rnd.random() < _sigmoid(p["decision.rationality"] * du)
        self.act = 2 if honest else 1
        # payoffs; the partner learns at the end of the period
        self.payoff += p["surplus"] + (0.0 if honest else p["gain"])
        partner.payoff += p["surplus"] - (0.0 if honest else p["harm"])
        partner.met += 1
        partner.kept += honest
        # findings: a detected violation or a false finding
        u = rnd.random()
        if honest:
            found = u < p["detection.false_record_rate"]
        else:
            found = u < p_detect
            self.detected = found
        if not found:
            return
        m.findings += 1
        serious = rnd.random() < p["detection.serious_share"]
        self.payoff -= p["sanctions.fine"]
        m.fines += p["sanctions.fine"]
        if not self.has_file:
            return
        weight = p["records.serious_weight"] if serious else 1.0
        self.records[dom] += weight
        if honest:
            self.false_records[dom] += weight
        self.last_record = t
        if serious and rnd.random() < m.scope[dom] * m.kind_factor[self.kind]:
            self.listed_until[dom] = max(self.listed_until[dom], t + 1 + m.term[dom])
            self.wrong_listing[dom] = honest
            self.red = False
            m.new_listings += 1

    def end_period(self) -> None:
        """Trust, record ageing, wealth and the follow-up."""
        m, p = self.model, self.model.p
        t = m.t
        if self.met:
            lam = p["interaction.trust_learning"]
            self.trust += lam * (self.kept / self.met - self.trust)
        for recs in (self.records, self.false_records):
            for d in range(4):
                w = recs[d] * m.decay
                recs[d] = w if w >= p["records.expiry_weight"] else 0.0
        self.wealth += self.payoff
        # follow-up: recidivism after a listing ended, wrongful spells, groups
        k = p["followup.recidivism_window"]
        if self.ended_at >= 0 and t - self.ended_at <= k and not self.found_again:
            if self.detected:
                m.recidivists[self.ended_at] += 1
                self.found_again = True
        end = max(self.listed_until)
        if end == t + 1:
            self.ended_at = t
            self.found_again = False
            m.cohort[t] += 1
        wrong_now = self.wrongly_listed(t)
        if wrong_now and self.wrong_since < 0:
            self.wrong_since = t
        elif not wrong_now and self.wrong_since >= 0:
            m.spells += 1
            m.spell_sum += t - self.wrong_since
            self.wrong_since = -1
        m.wrong_now += wrong_now
        self.ever_listed |= end > t + 1
        self.ever_wrong |= self.wrongly_listed(t + 1)


class PlainMesaModel(mesa.Model):
    """The benchmark core with one Mesa agent per subject.

    Args:
        rng: Seed.
        **params: Flat parameter names as in :class:`model.model.CreditSystemModel`
            (only those of the benchmark core's rules are read).

    """

    def __init__(self, *, rng: int = 0, **params: Any) -> None:
        super().__init__(rng=rng)
        self.p = {**default_parameters(), **BENCH_CORE, **params}
        p = self.p
        world = Params(**{k: v for k, v in p.items() if "." not in k})
        base = make_subjects(world)  # the same kinds and regions by id
        nrng = np.random.default_rng(rng)
        net = build_network(
            p["interaction.network"],
            world.n_subjects,
            p["interaction.degree"],
            p["interaction.rewiring"],
            nrng,
            base.region,
            p["interaction.cross_region"],
        )
        mean, conc = p["integrity.mean"], p["integrity.concentration"]
        integrity = nrng.beta(mean * conc, (1.0 - mean) * conc, size=world.n_subjects)
        agents = [
            Subject(self, int(k), int(r), float(i), self.random.random() < p["records.coverage"])
            for k, r, i in zip(base.kind, base.region, integrity, strict=True)
        ]
        for i, ag in enumerate(agents):
            ag.neighbours = [agents[j] for j in net.indices[net.indptr[i] : net.indptr[i + 1]]]
        self.subjects = agents
        # the red list's merit order and quota
        firms = [ag for ag in agents if ag.kind == FIRM]
        merit = nrng.random(len(firms))
        self.red_order = [firms[j] for j in np.argsort(merit, kind="stable")]
        self.quota = math.floor(p["redlist.share"] * len(firms))
        self.scope = [p["blacklist.scope_government"], p["blacklist.scope_business"]]
        self.scope += [p["blacklist.scope_social"], 0.0]
        self.term = [p["blacklist.term_government"], p["blacklist.term_business"]]
        self.term += [p["blacklist.term_social"], 1]
        self.kind_factor = [p["blacklist.person_scope"], 1.0, 1.0]
        self.status_cost = p["market.screening"] * p["surplus"]  # partners' refusals
        self.decay = 0.5 ** (1.0 / p["records.half_life"])
        self.t = 0
        self.cohort: list[int] = []
        self.recidivists: list[int] = []
        self.rows: list[dict[str, float]] = []

    def step(self) -> None:
        """One period: start, every subject acts once in random order, end, outcomes."""
        p, t = self.p, self.t
        self.attempted = self.screened_out = self.new_listings = self.findings = 0
        self.fines = self.rewards = self.inspected = 0.0
        self.spells = self.spell_sum = self.wrong_now = 0
        self.cohort.append(0)
        self.recidivists.append(0)
        self.agents.do("begin_period")
        self.agents.shuffle_do("step")
        # the red list: candidates in merit order up to the quota
        admitted = 0
        for ag in self.red_order:
            clean = ag.last_record < 0 or t - ag.last_record >= p["redlist.clean_periods"]
            ok = ag.has_file and not ag.listed(t + 1) and clean and admitted < self.quota
            ag.red = ok
            admitted += ok
        self.agents.do("end_period")
        self.rows.append(self.outcomes())
        self.t += 1

    def outcomes(self) -> dict[str, float]:
        """The outcome columns of the period, computed over the agents."""
        p, t, n = self.p, self.t, len(self.subjects)
        subjects = self.subjects
        wealth = sorted(max(ag.wealth, 0.0) for ag in subjects)
        total = sum(wealth)
        gini = 2.0 * sum(i * w for i, w in enumerate(wealth, 1)) / (n * total) - (n + 1.0) / n
        acts = [[0, 0] for _ in DOMAINS]
        acts_kind = [[0, 0] for _ in KINDS]
        size, listed_kind, pay_kind = [0] * 3, [0] * 3, [0.0] * 3
        groups = {"never_listed": [0, 0.0], "rightly_listed": [0, 0.0], "wrongly_listed": [0, 0.0]}
        n_listed = n_wrong = n_entries = n_wrong_entries = n_ended = n_admin = 0
        n_red = n_files = 0
        for ag in subjects:
            if ag.act:
                acts[ag.domain][ag.act - 1] += 1
                acts_kind[ag.kind][ag.act - 1] += 1
            size[ag.kind] += 1
            pay_kind[ag.kind] += ag.payoff
            on_any = ag.listed(t + 1)
            listed_kind[ag.kind] += on_any
            n_listed += on_any
            pairs = zip(ag.listed_until, ag.wrong_listing, strict=True)
            wrong = [e > t + 1 and w for e, w in pairs]
            n_wrong += any(wrong)
            n_wrong_entries += sum(wrong)
            n_entries += sum(e > t + 1 for e in ag.listed_until)
            n_ended += sum(e == t + 1 for e in ag.listed_until)
            n_admin += max(ag.listed_until[:3]) > t + 1
            n_red += ag.red
            n_files += ag.has_file
            g = "wrongly_listed" if ag.ever_wrong else "rightly_listed"
            g = g if ag.ever_listed else "never_listed"
            groups[g][0] += 1
            groups[g][1] += ag.payoff
        n_tx = sum(b + k for b, k in acts)
        welfare = sum(ag.payoff for ag in subjects) / n
        cost = self.rewards + self.inspected * p["state.inspection_cost"]
        cost += self.findings * p["state.finding_cost"] + n_files * p["state.file_cost"]
        e = t - p["followup.recidivism_window"]
        nan = float("nan")
        row = {
            "honesty_rate": sum(k for _, k in acts) / n_tx if n_tx else 0.0,
            "trust_rate": n_tx / self.attempted if self.attempted else 0.0,
            "welfare": welfare,
            "gini": min(max(gini, 0.0), 1.0) if total > 0 else 0.0,
            "blacklisted_share": n_listed / n,
            "wrongly_listed_share": n_wrong / n,
            "wrongful_listing_share": n_wrong_entries / n_entries if n_entries else nan,
            "redlisted_share": n_red / n,
            "mean_integrity": sum(ag.integrity for ag in subjects) / n,
            "coverage": n_files / n,
            "mean_trust": sum(ag.trust for ag in subjects) / n,
            "fines_per_subject": self.fines / n,
            "rewards_per_subject": self.rewards / n,
            "excluded_share": self.screened_out / n,
            "new_listings": self.new_listings / n,
            "listings_ended": n_ended / n,
            "admin_listed_share": n_admin / n,
            "state_revenue": self.fines / n,
            "state_cost": cost / n,
            "net_welfare": welfare + self.fines / n - cost / n,
            "recidivism_rate": (
                self.recidivists[e] / self.cohort[e] if e >= 0 and self.cohort[e] else nan
            ),
            "wrongful_listing_person_periods": self.wrong_now / n,
            "mean_wrongful_listing_duration": self.spell_sum / self.spells if self.spells else nan,
        }
        for name, (broke, kept) in zip(DOMAINS, acts, strict=True):
            row[f"honesty_rate_{name}"] = kept / (broke + kept) if broke + kept else nan
        for j, name in enumerate(KINDS):
            broke, kept = acts_kind[j]
            row[f"honesty_rate_{name}"] = kept / (broke + kept) if broke + kept else nan
            row[f"listed_share_{name}"] = listed_kind[j] / size[j] if size[j] else nan
            row[f"welfare_{name}"] = pay_kind[j] / size[j] if size[j] else nan
        for name, (c, total_pay) in groups.items():
            row[f"welfare_{name}"] = total_pay / c if c else nan
        return row
