"""Conduct: each actor keeps or breaks faith.

Rule, ``logit`` (noisy best response; McFadden 1974, McKelvey and Palfrey 1995). The
actor compares the expected utility of keeping faith with that of breaking it, each act
with its own expected sanctions:

    dU = E[U(keep)] - E[U(break)]
       = deterrence - e * false_finding_cost + integrity.weight * integrity - gain
    P(keep faith) = 1 / (1 + exp(-rationality * dU))

``deterrence`` is the sum of what the switched-on mechanisms expect breaking faith to
cost (the detection probability times the fine, the expected cost of listing, the red-
list reward at risk, ...; each mechanism's ``deterrence`` method, weighing a finding by
the detection probability the actor expects, ``period.p_expected``).
``false_finding_cost`` is the sum of what a false finding of an honest act costs (each
mechanism's ``false_finding_cost``: the fine, the listing through the one listing-cost
function, the red-list status, graded sanctions, ...; marking rules at the chance they
have of disposing of a false finding), weighed once by the chance ``e`` the actor
expects an honest act to be wrongly found (``period.e_expected``: departments' errors
and malicious reports). In deterrence theory errors shrink the gap between the two acts:
with a fine ``F`` and no other term, ``dU = (p - e) * F + moral cost - gain`` (Png
1986; Polinsky and Shavell 2000). With ``e = 0`` the rule is the one of a model that
ignores the honest path (the float values are the same).

Under rational expectations (``decision.beliefs = 'rational'``, the default) actors know
the institutional parameters and the true probabilities. As rationality grows the rule
tends to the best response: keep faith exactly when the expected sanction gap plus the
integrity cost exceeds the gain (Becker 1968). All actors decide at once on the state at
the start of the period (synchronous update).

Time preference. This rule owns the subjects' discount factor (``decision.discount``;
one per subject, Beta-distributed, with ``decision.discount_concentration``) and present
bias (``decision.present_bias``, the beta of beta-delta discounting; Laibson 1997):
the ``k``-th period ahead weighs ``beta * delta ** k``. Every anticipation of periods
ahead reads them through ``model.listings`` (``discount_factor``, ``present_bias``).

Beliefs (``decision.beliefs = 'learned'``). Perceptual deterrence (Stafford and Warr
1993; Anwar and Loughran 2011): each subject's perceived chances of detection and of a
false finding are Beta beliefs updated from its own and its neighbours' acts and
findings (``model.beliefs``); ``perceive`` puts them in ``period.p_expected`` and
``period.e_expected``, which every term reads. Awareness (``decision.awareness``): an
unaware subject expects no finding and weighs no consequence of the system (its gap is
integrity against gain) until a finding or listing touches it or, with probability
``decision.awareness_spread``, a neighbour (``observe``). Each per-subject draw of this
rule beyond the choice (discount ranks, awareness) comes from a stream of its own.

Rule, ``imitation`` (evolutionary; Szabo and Toke 1998 Fermi rule). Each subject
carries a strategy (keep or break faith). After payoffs, each subject compares its
period utility (payoff, minus the integrity cost if it broke faith) with that of a
random neighbour and copies the neighbour's strategy with probability
``1 / (1 + exp(-rationality * (u_neighbour - u_self)))``; with probability
``exploration`` it instead picks a strategy at random.

Outline: §I(3) and §V ("the trustworthiness incentive and the disciplinary mechanism
of dishonesty directly affect the credit behavior of various social subjects"). The
substrate of the model; no switch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import betaincinv

from model.beliefs import Beliefs, act_codes
from model.mechanisms.base import Mechanism
from model.mechanisms.interaction import sigmoid
from model.outcomes import period_mean
from model.params import param

if TYPE_CHECKING:
    from model.model import CreditSystemModel


def _sum_terms(n: int, terms: Iterator[np.ndarray | float]) -> np.ndarray:
    """``0.0 + t1 + t2 + ...`` in float64, in order, per subject (a new array of ``n``).

    The same sums as adding each term in place to an array of zeros: leading terms that
    are one number for all are added as numbers, and the first term per subject starts
    the array (no pass over zeros).
    """
    total: np.ndarray | float = 0.0
    for term in terms:
        if isinstance(total, np.ndarray):
            total += term
        elif np.ndim(term):
            total = np.add(total, term, dtype=np.float64)
        else:
            total = total + float(term)
    if not isinstance(total, np.ndarray):
        return np.full(n, total, dtype=np.float64)
    return total


def total_deterrence(model: CreditSystemModel) -> np.ndarray:
    """Expected cost of breaking faith, per actor: the sum, in registry order, of every
    switched-on mechanism's ``deterrence`` term (payoff units).
    """
    # model.deterrents: the switched-on mechanisms with a deterrence term, registry order
    return _sum_terms(model.subjects.n, (mech.deterrence() for mech in model.deterrents))


def total_false_finding_cost(model: CreditSystemModel) -> np.ndarray:
    """Expected cost to each actor of a false finding against its honest act, given one
    is made: the sum, in registry order, of every switched-on mechanism's
    ``false_finding_cost`` (payoff units).
    """
    return _sum_terms(model.subjects.n, (mech.false_finding_cost() for mech in model.wrongs))


# When a parameter of this rule can act at all (``acts_if``; ``model.interventions``
# refuses a setting that cannot act, as for a switched-off mechanism).
LEARNED = ("decision.beliefs", "'learned'", lambda v: v == "learned")
IMITATION = ("decision.rule", "'imitation'", lambda v: v == "imitation")
#: Without anyone unaware there is nobody for awareness to spread to.
SOME_UNAWARE = ("decision.awareness", "below 1", lambda v: v < 1.0)
#: A Beta distribution of mean 0 or 1 has no spread (``Decision.configure``).
DISCOUNTING = ("decision.discount", "strictly between 0 and 1", lambda v: 0.0 < v < 1.0)


@dataclass(frozen=True)
class Params:
    """The decision rule."""

    rule: str = param(
        "logit",
        unit="-",
        choices=("logit", "imitation"),
        doc="Decision rule: logit noisy best response, or Fermi imitation of neighbours.",
        clause="§V: incentives 'directly affect the credit behavior' of subjects; "
        "assumption, imitation is the alternative (experiments/robustness.toml)",
        setup_only=True,
    )
    rationality: float = param(
        2.0,
        unit="1/payoff unit",
        low=0.0,
        high=1000.0,
        doc="Logit/Fermi intensity of choice: 0 is a coin toss, large is best response.",
        clause="swept; no source measures it",
    )
    exploration: float = param(
        0.01,
        unit="probability",
        low=0.0,
        high=1.0,
        doc="Imitation rule: chance per period of picking a strategy at random.",
        clause="assumption (mutation in evolutionary game theory)",
        acts_if=IMITATION,
    )
    initial_honesty: float = param(
        0.5,
        unit="share",
        low=0.0,
        high=1.0,
        doc="Imitation rule: initial share of subjects with the honest strategy.",
        clause="assumption",
        setup_only=True,
        acts_if=IMITATION,
    )
    discount: float = param(
        1.0,
        unit="factor per period (month)",
        low=0.0,
        high=1.0,
        doc="Mean factor by which a subject discounts each period ahead (1: no discounting).",
        clause="no estimate for this population (docs/sources.md B6, B7: not read); "
        "assumption, swept over 0.9-1",
    )
    discount_concentration: float = param(
        0.0,
        unit="-",
        low=0.0,
        high=1e6,
        doc="Beta concentration of subjects' discount factors around the mean (0: all equal).",
        clause="heterogeneous time preference (Frederick et al. 2002); assumption, swept",
        acts_if=DISCOUNTING,
    )
    present_bias: float = param(
        1.0,
        unit="weight",
        low=0.0,
        high=1.0,
        doc="Beta of beta-delta discounting: weight of every period after this one (1: none).",
        clause="Laibson 1997; no estimate for this population: assumption, swept over 0.5-1",
    )
    beliefs: str = param(
        "rational",
        unit="-",
        choices=("rational", "learned"),
        doc="What actors expect: the true chances (rational) or beliefs learned from experience.",
        clause="perceptual deterrence: Stafford and Warr 1993; Anwar and Loughran 2011",
        setup_only=True,
    )
    awareness: float = param(
        1.0,
        unit="share of subjects",
        low=0.0,
        high=1.0,
        doc="Share of subjects aware of the system at the start (the unaware expect no sanction).",
        clause="docs/sources.md B1: 11% of residents of pilot areas knew (the one reported "
        "figure, 0.11); swept over 0.1-1",
        setup_only=True,
    )
    awareness_spread: float = param(
        1.0,
        unit="probability per period",
        low=0.0,
        high=1.0,
        doc="Chance that an unaware subject with a neighbour touched by a finding or "
        "listing becomes aware.",
        clause="assumption (1: any touched neighbour informs); swept",
        acts_if=SOME_UNAWARE,
    )
    prior_detect: float = param(
        0.5,
        unit="probability",
        low=0.0,
        high=1.0,
        doc="Learned beliefs: prior mean of the perceived chance that a violation is found.",
        clause="assumption (uniform at strength 2; the default strength is 10); swept",
        setup_only=True,
        acts_if=LEARNED,
    )
    prior_false: float = param(
        0.05,
        unit="probability",
        low=0.0,
        high=1.0,
        doc="Learned beliefs: prior mean of the perceived chance that an honest act is "
        "wrongly found.",
        clause="assumption; swept",
        setup_only=True,
        acts_if=LEARNED,
    )
    prior_strength: float = param(
        10.0,
        unit="pseudo-observations",
        low=0.1,
        high=10_000.0,
        doc="Learned beliefs: weight of the prior, in observations of one's own acts.",
        clause="no estimate read (docs/sources.md B5); assumption, swept over 2-100",
        setup_only=True,
        acts_if=LEARNED,
    )
    neighbour_weight: float = param(
        0.5,
        unit="weight per observation",
        low=0.0,
        high=1.0,
        doc="Learned beliefs: weight of a neighbour's act and its outcome relative to one's own.",
        clause="indirect experience (Stafford and Warr 1993); assumption, swept over 0-1",
        acts_if=LEARNED,
    )
    belief_memory: float = param(
        1.0,
        unit="weight per period",
        low=0.0,
        high=1.0,
        doc="Learned beliefs: weight kept per period of past evidence (1: Bayesian, all kept).",
        clause="Bayesian updating (Anwar and Loughran 2011) at 1; assumption, swept over 0.8-1",
        acts_if=LEARNED,
    )


class Decision(Mechanism):
    """Logit or imitation choice between keeping and breaking faith."""

    name = "decision"
    Params = Params
    title = "Conduct (decision rule)"

    # --- accessors -----------------------------------------------------------------
    def rationality(self) -> float:
        """Intensity of choice of the logit and Fermi rules (also partners' and debtors')."""
        return self.p.rationality

    def discount_factor(self) -> np.ndarray | float:
        """Per-period factor by which subjects discount future costs (1: none).

        One number for all (``decision.discount``), or one per subject when
        ``decision.discount_concentration`` is positive.
        """
        return self._delta

    def present_bias(self) -> float:
        """Weight of every period after the current one (``beta``; 1: none)."""
        return self.p.present_bias

    def aware(self) -> np.ndarray | None:
        """Subjects aware of the system (None: every subject, as without awareness)."""
        return self._aware

    def setup(self) -> None:
        """Draw awareness (if not everyone is aware), set up beliefs, the discount factors
        and the imitation rule's initial strategies.

        Each per-subject draw has a stream of the decision rule's own (named
        ``decision.awareness``, ``decision.discount``), so neither the choices' draws nor
        any other mechanism's shift when it is drawn.
        """
        s = self.model.subjects
        p = self.p
        self._aware: np.ndarray | None = None
        if p.awareness < 1.0:
            self._awareness_rng = self.substream("awareness")
            self._aware = self._awareness_rng.random(s.n) < p.awareness
        self.beliefs: Beliefs | None = None
        if p.beliefs == "learned":
            self.beliefs = Beliefs(s.n, p.prior_detect, p.prior_false, p.prior_strength)
        self._discount_rank: np.ndarray | None = None
        self.configure()
        if p.rule == "imitation":
            s.strategy[:] = self.rng.random(s.n) < p.initial_honesty

    def configure(self) -> None:
        """Discount factors and the learning weights from the current parameters.

        Heterogeneous discount factors are the quantiles, at a rank drawn once per subject,
        of a Beta distribution with mean ``decision.discount`` and concentration
        ``decision.discount_concentration``: a change of either keeps each subject's rank
        (the patient stay the more patient).
        """
        p = self.p
        d, c = p.discount, p.discount_concentration
        self._delta: np.ndarray | float = d
        if c > 0.0 and 0.0 < d < 1.0:
            if self._discount_rank is None:
                rng = self.substream("discount")
                self._discount_rank = rng.random(self.model.subjects.n)
            self._delta = betaincinv(d * c, (1.0 - d) * c, self._discount_rank)
        if self.beliefs is not None:
            self.beliefs.neighbour_weight = p.neighbour_weight
            self.beliefs.memory = p.belief_memory

    def cost_of_false_finding(self) -> np.ndarray:
        """Expected cost to each actor of a false finding against its act this period,
        given one is made (payoff units; computed once a period, then kept).
        """
        per = self.model.period
        if per.false_cost is None:
            per.false_cost = total_false_finding_cost(self.model)
        return per.false_cost

    def honest_cost(self) -> np.ndarray | float:
        """Expected sanctions of keeping faith, per actor: ``e_expected`` times the cost
        of a false finding (0, and nothing computed, where no actor expects one).
        """
        e = self.model.period.e_expected
        if not e.any():
            return 0.0
        return e * self.cost_of_false_finding()

    def sanction_gap(self) -> np.ndarray:
        """Expected sanctions of breaking faith minus those of keeping it, per actor.

        Both sides only read the state, and weigh the same consequences of a finding:
        what they derive alike (the cost of a listing, the chance of one) is computed
        once and shared (``period.reading``).
        """
        with self.model.period.reading():
            gap = total_deterrence(self.model)
            honest = self.honest_cost()
        if np.ndim(honest):
            gap -= honest
        return gap

    def expected_utility_gap(self) -> np.ndarray:
        """Utility of keeping faith minus that of breaking it, per actor.

        An actor unaware of the system weighs none of its consequences: only its
        integrity against the gain.
        """
        m = self.model
        gap = self.sanction_gap()
        if self._aware is not None:
            gap *= self._aware
        # in place on the fresh gap: (gap + moral cost) - gain
        gap += m.mechanisms["integrity"].moral_cost()
        gap -= m.world.gain
        return gap

    def perceive(self) -> None:
        """Set the chances each actor expects (``period.p_expected``, ``e_expected``).

        Rational expectations: the true chances, which the period already holds under
        those names (the same arrays, nothing done). Learned beliefs: each subject's
        perceived chances. An unaware subject expects no finding at all.
        """
        per = self.model.period
        if self.beliefs is not None:
            per.p_expected = self.beliefs.perceived(0)
            per.e_expected = self.beliefs.perceived(1)
        if self._aware is not None:
            zero = np.float32(0.0)
            per.p_expected = np.where(self._aware, per.p_expected, zero)
            per.e_expected = np.where(self._aware, per.e_expected, zero)

    def observe(self) -> None:
        """Learn from the period: who becomes aware, and (learned beliefs) what is seen.

        A subject becomes aware when a finding or a listing touches it (being found,
        truly or falsely, and so fined; or on a list as published at the end of the
        period), or, with probability ``decision.awareness_spread``, when one touches a
        network neighbour. Learned beliefs then take in the period's acts and findings of
        the aware subject and of its neighbours (``model.beliefs``); an unaware subject's
        beliefs stay at the prior. Draws (from the awareness stream) only while someone
        is unaware and ``awareness_spread`` is below 1.
        """
        if self._aware is None and self.beliefs is None:
            return
        m = self.model
        s, per = m.subjects, m.period
        network = m.mechanisms["interaction"].network
        if self._aware is not None and not self._aware.all():
            touched = per.found | s.listed(per.t + 1)
            seen = network.neighbour_counts(touched.view(np.int8), 2)[:, 1] > 0
            if self.p.awareness_spread < 1.0:
                u = self._awareness_rng.random(s.n)
                seen &= u < self.p.awareness_spread
            self._aware |= touched | seen
        if self.beliefs is not None:
            codes = act_codes(per.transacted, per.honest, per.detected, per.false_record)
            self.beliefs.observe(codes, network, self._aware)

    def choose(self) -> None:
        """Set each actor's act for this period."""
        m = self.model
        s, per = m.subjects, m.period
        if self.p.rule == "logit":
            # the chances first, then the draws (the gap draws from no stream of the rule's):
            # the same numbers, and the gap and its logit computed in place (no array of n
            # held beside them)
            x = self.expected_utility_gap()
            np.multiply(self.p.rationality, x, out=x)
            sigmoid(x, out=x)
            np.less(self.rng.random(s.n), x, out=per.honest)
        else:
            u = self.rng.random(s.n)
            explore = u < self.p.exploration
            coin = self.rng.random(s.n) < 0.5
            s.strategy[:] = np.where(explore, coin, s.strategy)
            per.honest[:] = s.strategy
        # subjects whose act is chosen from outside the model (the classroom page's
        # "play a subject"): applied after every draw, so the rest of the run is unchanged
        if m.forced_acts:
            ids = np.fromiter(m.forced_acts.keys(), dtype=np.int64, count=len(m.forced_acts))
            acts = np.fromiter(m.forced_acts.values(), dtype=bool, count=len(m.forced_acts))
            per.honest[ids] = acts

    def learn(self) -> None:
        """Imitation rule only: copy a better-off neighbour (Fermi rule)."""
        if self.p.rule != "imitation":
            return
        m = self.model
        s, per = m.subjects, m.period
        utility = s.payoff - m.mechanisms["integrity"].moral_cost() * per.cheated
        nb = m.mechanisms["interaction"].network.random_neighbour(self.rng.random(s.n))
        has = nb >= 0
        nb = np.maximum(nb, 0)
        p_copy = sigmoid(self.p.rationality * (utility[nb] - utility))
        copy = has & (self.rng.random(s.n) < p_copy)
        s.strategy[:] = np.where(copy, s.strategy[nb], s.strategy)

    def outcomes(self) -> dict[str, float]:
        """Share aware of the system; mean expected chances of detection and false findings.

        ``perceived_detection`` and ``perceived_false_rate`` are the means over subjects
        of what each expected when it chose this period (an unaware subject expects 0;
        under rational expectations the true chances).
        """
        per = self.model.period
        n = self.model.subjects.n
        aware = n if self._aware is None else int(np.count_nonzero(self._aware))
        return {
            "aware_share": aware / n,
            # under rational expectations p_expected is p_detect: summed once (domains)
            "perceived_detection": period_mean(self.model, per.p_expected),
            "perceived_false_rate": period_mean(self.model, per.e_expected),
        }
