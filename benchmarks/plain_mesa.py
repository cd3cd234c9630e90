"""The core rules written the plain Mesa way: one ``mesa.Agent`` per subject.

This is the baseline the array model is measured against. Each credit subject is an
agent object with its own attributes and a ``step`` method; the model calls
``self.agents.shuffle_do("step")`` and then ``self.agents.do("end_period")``, and
draws every random number from ``self.random`` one at a time, as a typical Mesa model
does. The rules are those of the core mechanisms with their default parameters
(``model.mechanisms``): partner from the network, screening of listed partners by
partners, the partner's trust decision, logit decision with fine + listing (+ red-list)
deterrence, detection with false findings, records with severity weights and decay,
score, blacklist, red list, payoffs and wealth, and the same society-wide outcomes each
period (honesty and trust rates, welfare, Gini, listed shares).

It is not bit-identical to the array model (agents act one after another, so a
partner's trust may already reflect this period's earlier transactions; random numbers
come from another generator), but it does the same work per subject-period, and its
honesty rate for the same parameters is close to the array model's
(``benchmarks.check_equivalence``).
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np

from model.model import default_parameters
from model.network import build as build_network
from model.population import ACT_DOMAINS, HOME_DOMAIN, Params, make_subjects


def _sigmoid(x: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * x))


class Subject(mesa.Agent):
    """One credit subject with its state as Python attributes."""

    def __init__(self, model: PlainMesaModel, kind: int, region: int, integrity: float) -> None:
        super().__init__(model)
        self.kind = kind
        self.region = region
        self.home = int(HOME_DOMAIN[kind])
        self.integrity = integrity
        self.cum_domains = list(np.cumsum(ACT_DOMAINS[kind])[:-1])
        self.neighbours: list[Subject] = []
        self.wealth = model.p["initial_wealth"]
        self.payoff = 0.0
        self.trust = model.p["interaction.trust_initial"]
        self.has_file = False
        self.records = [0.0, 0.0, 0.0, 0.0]
        self.false_records = [0.0, 0.0, 0.0, 0.0]
        self.last_record = -1
        self.score = 100.0
        self.listed_until = 0
        self.wrongly_listed = False
        self.red = False

    def listed(self, t: int) -> bool:
        return self.listed_until > t

    def step(self) -> None:
        """Act once as actor: find a partner, transact, and face the system's reaction."""
        m, p, rnd = self.model, self.model.p, self.model.random
        t = m.t
        if not self.neighbours:
            return
        partner = self.neighbours[int(rnd.random() * len(self.neighbours))]
        u = rnd.random()
        domain = sum(u >= c for c in self.cum_domains)
        m.attempted += 1
        # market: the partner checks the actor's visible status
        assured = False
        if rnd.random() < p["market.screening"] and self.has_file:
            if self.listed(t):
                m.screened_out += 1
                return
            assured = self.red
        # the partner trusts if trusting pays in expectation (logit)
        beta = p["decision.rationality"]
        value = p["surplus"] - (1.0 - partner.trust) * p["harm"]
        if not (assured or rnd.random() < _sigmoid(beta * value)):
            return
        m.transacted += 1
        # the actor decides on the expected cost of breaking faith
        p_detect = m.p_detect
        deter = p_detect * p["sanctions.fine"]
        if self.has_file:
            if m.trigger_score:
                minor_lists = self.score - p["scoring.points"] < p["blacklist.threshold"]
                p_list = m.serious + (1.0 - m.serious) * minor_lists
            else:
                p_list = m.serious
            deter += p_detect * p_list * m.listing_cost
        if self.red:
            deter += p_detect * m.red_at_risk
        du = deter + p["integrity.weight"] * self.integrity - p["gain"]
        honest = rnd.random() < _sigmoid(p["decision.rationality"] * du)
        # payoffs and the partner's trust
        if honest:
            m.honest += 1
            self.payoff += p["surplus"]
            partner.payoff += p["surplus"]
        else:
            self.payoff += p["surplus"] + p["gain"]
            partner.payoff += p["surplus"] - p["harm"]
        partner.trust += p["interaction.trust_learning"] * (float(honest) - partner.trust)
        # detection, false findings, severity
        u = rnd.random()
        found = (not honest and u < p_detect) or (honest and u < p["detection.false_record_rate"])
        if not found:
            return
        serious = rnd.random() < m.serious
        self.payoff -= p["sanctions.fine"]
        m.fines += p["sanctions.fine"]
        if not self.has_file:
            return
        weight = p["records.serious_weight"] if serious else 1.0
        self.records[domain] += weight
        if honest:
            self.false_records[domain] += weight
        self.last_record = t
        self.score = min(max(100.0 - p["scoring.points"] * sum(self.records), 0.0), 100.0)
        if serious or (m.trigger_score and self.score < p["blacklist.threshold"]):
            self.listed_until = t + p["blacklist.duration"] + 1
            self.wrongly_listed = sum(self.false_records) > 0
            self.red = False

    def end_period(self) -> None:
        """Score, red list, listing cost and reward, record decay, wealth."""
        m, p = self.model, self.model.p
        t = m.t
        if self.has_file:  # every score is recomputed each period, before records age
            self.score = min(max(100.0 - p["scoring.points"] * sum(self.records), 0.0), 100.0)
        listed = self.listed(t)
        clean = self.last_record < 0 or t - self.last_record >= p["redlist.clean_periods"]
        self.red = self.has_file and not listed and self.score >= p["redlist.threshold"] and clean
        if listed:
            self.payoff -= p["blacklist.cost"]
        if self.red:
            self.payoff += p["redlist.reward"]
            m.rewards += p["redlist.reward"]
        decay, expiry = m.decay, p["records.expiry_weight"]
        for recs in (self.records, self.false_records):
            for d in range(4):
                w = recs[d] * decay
                recs[d] = w if w >= expiry else 0.0
        self.wealth += self.payoff


class PlainMesaModel(mesa.Model):
    """The core rules with one Mesa agent per subject.

    Args:
        rng: Seed.
        **params: Flat parameter names as in :class:`model.model.CreditSystemModel`
            (only the core ones are read).

    """

    def __init__(self, *, rng: int = 0, **params: Any) -> None:
        super().__init__(rng=rng)
        self.p = {**default_parameters(), **params}
        p = self.p
        world = Params(**{k: v for k, v in p.items() if "." not in k})
        base = make_subjects(world)  # the same kinds and regions by id
        nrng = np.random.default_rng(rng)
        a, b = (
            p["integrity.mean"] * p["integrity.concentration"],
            (1.0 - p["integrity.mean"]) * p["integrity.concentration"],
        )
        integrity = nrng.beta(a, b, size=world.n_subjects)
        net = build_network(
            p["interaction.network"],
            world.n_subjects,
            p["interaction.degree"],
            p["interaction.rewiring"],
            nrng,
        )
        agents = [
            Subject(self, int(k), int(r), float(i))
            for k, r, i in zip(base.kind, base.region, integrity, strict=True)
        ]
        for i, ag in enumerate(agents):
            ag.neighbours = [agents[j] for j in net.indices[net.indptr[i] : net.indptr[i + 1]]]
            ag.has_file = self.random.random() < p["records.coverage"]
        self.subjects = agents
        self.t = 0
        self.p_detect = 1.0 - (1.0 - p["detection.probability"]) * (
            1.0 - p["detection.report_rate"]
        )
        self.serious = p["detection.serious_share"]
        self.trigger_score = p["blacklist.trigger"] == "score"
        self.listing_cost = p["blacklist.duration"] * (
            p["blacklist.cost"] + p["market.screening"] * p["surplus"]
        )
        self.red_at_risk = p["redlist.reward"] * max(p["redlist.clean_periods"], 1)
        self.decay = 0.5 ** (1.0 / p["records.half_life"])
        self.rows: list[dict[str, float]] = []

    def step(self) -> None:
        """One period: every subject acts once in random order, then the period ends."""
        self.attempted = self.transacted = self.honest = self.screened_out = 0
        self.fines = self.rewards = 0.0
        for ag in self.subjects:
            ag.payoff = 0.0
        self.agents.shuffle_do("step")
        self.agents.do("end_period")
        self.rows.append(self.outcomes())
        self.t += 1

    def outcomes(self) -> dict[str, float]:
        """The society-wide outcomes of the period, computed over the agents."""
        n = len(self.subjects)
        wealth = sorted(max(ag.wealth, 0.0) for ag in self.subjects)
        total = sum(wealth)
        g = (
            2.0 * sum(i * w for i, w in enumerate(wealth, 1)) / (n * total) - (n + 1.0) / n
            if total > 0
            else 0.0
        )
        return {
            "honesty_rate": self.honest / self.transacted if self.transacted else 0.0,
            "trust_rate": self.transacted / self.attempted if self.attempted else 0.0,
            "welfare": sum(ag.payoff for ag in self.subjects) / n,
            "gini": g,
            "blacklisted_share": sum(ag.listed(self.t) for ag in self.subjects) / n,
            "redlisted_share": sum(ag.red for ag in self.subjects) / n,
            "mean_score": sum(ag.score for ag in self.subjects if ag.has_file)
            / max(1, sum(ag.has_file for ag in self.subjects)),
        }
