"""Perceived chances of detection and of false findings, learned from experience.

Perceptual deterrence: what deters is the sanction risk a person perceives, and the
perception moves with experience, one's own and others' (Stafford and Warr 1993:
direct and indirect experience of punishment and of punishment avoidance; Anwar and
Loughran 2011: offenders update their perceived arrest risk as Bayesians, upwards after
an arrest and downwards after offending without one; Nagin 2013 reviews the evidence).

Each subject holds two Beta beliefs: about the chance that a violation of its is found
(``detect``) and about the chance that an honest act of its is wrongly found
(``false``). A belief is a count of hits (a violation found; an honest act wrongly
found) and of misses, starting from a prior of ``strength`` pseudo-observations with
mean ``prior``. Each period a subject observes its own act (weight 1) and the act of
every network neighbour (weight ``neighbour_weight``): a neighbour who broke faith and
was, or was not, found counts towards ``detect``; one who kept faith and was, or was
not, wrongly found towards ``false``. Everything believed so far, the prior included,
is kept with weight ``memory`` per period before the period's evidence is added (1: the
Bayesian learner, who keeps everything; below 1 recent experience weighs more and the
prior fades like old experience, so beliefs follow a change of policy). The perceived
chance is the posterior mean ``hits / (hits + misses)``; with ``memory = 1`` that is
``(strength * prior + evidence of hits) / (strength + all evidence)``.

In a stationary world the perceived chance tends to the true one as evidence
accumulates; after a change it moves towards the new value at the rate at which
evidence arrives, so it lags (with ``memory = 1``, the more evidence already held, the
longer). A subject that never breaks faith and never sees a neighbour break it learns
nothing about detection: its belief stays at the prior.
"""

from __future__ import annotations

import numpy as np

from model.network import Network

#: Codes of what a subject did this period and what came of it.
NO_ACT, BROKE_UNFOUND, BROKE_FOUND, KEPT_UNFOUND, KEPT_FOUND = range(5)
#: Belief channels: (hit code, miss code) for detection, then for false findings.
CHANNELS = ((BROKE_FOUND, BROKE_UNFOUND), (KEPT_FOUND, KEPT_UNFOUND))


def act_codes(
    transacted: np.ndarray, honest: np.ndarray, detected: np.ndarray, wrongly: np.ndarray
) -> np.ndarray:
    """Each subject's observation code of the period (int8).

    Args:
        transacted: The subject acted in a transaction.
        honest: It kept faith (where it acted).
        detected: Its violation was found.
        wrongly: Its honest act was wrongly found (error or malicious report).

    """
    broke = transacted & ~honest
    kept = transacted & honest
    code = np.zeros(len(transacted), dtype=np.int8)
    code[broke] = BROKE_UNFOUND
    code[broke & detected] = BROKE_FOUND
    code[kept] = KEPT_UNFOUND
    code[kept & wrongly] = KEPT_FOUND
    return code


class Beliefs:
    """Beta beliefs of every subject about the chances of detection and false findings.

    Attributes:
        prior: (2,) prior means (detection, false finding).
        strength: Prior strength in pseudo-observations.
        neighbour_weight: Weight of one neighbour's observation relative to one's own.
        memory: Weight kept per period of what is believed.
        hits: float64 (2, n) pseudo-counts of hits per channel (prior included).
        misses: float64 (2, n) pseudo-counts of misses per channel (prior included).

    """

    def __init__(
        self,
        n: int,
        prior_detect: float,
        prior_false: float,
        strength: float,
        neighbour_weight: float = 1.0,
        memory: float = 1.0,
    ) -> None:
        self.prior = np.array([prior_detect, prior_false])
        self.strength = float(strength)
        self.neighbour_weight = float(neighbour_weight)
        self.memory = float(memory)
        self.hits = np.repeat((self.strength * self.prior)[:, None], n, axis=1)
        self.misses = np.repeat((self.strength * (1.0 - self.prior))[:, None], n, axis=1)

    def perceived(self, channel: int) -> np.ndarray:
        """Posterior mean of one channel per subject (float32, like the true chances).

        A subject whose counts have all faded (``memory`` below 1 and nothing seen for
        hundreds of periods) holds the prior mean, the ratio its counts kept.
        """
        a, b = self.hits[channel], self.misses[channel]
        total = a + b
        mean = np.divide(a, total, out=np.full_like(a, self.prior[channel]), where=total > 1e-300)
        return mean.astype(np.float32)

    def observe(self, codes: np.ndarray, network: Network, learners: np.ndarray | None) -> None:
        """Add one period's own and neighbours' observations to the evidence.

        Args:
            codes: Every subject's observation code this period (:func:`act_codes`).
            network: Who sees whom (the interaction network).
            learners: Subjects who learn this period (None: all); the others' evidence
                is left as it is.

        """
        seen = network.neighbour_counts(codes, len(CHANNELS) * 2 + 1).astype(np.float64)
        w = self.neighbour_weight
        for c, (hit, miss) in enumerate(CHANNELS):
            new_hits = (codes == hit) + w * seen[:, hit]
            new_misses = (codes == miss) + w * seen[:, miss]
            if learners is not None:
                new_hits *= learners
                new_misses *= learners
            if self.memory < 1.0:
                keep = np.where(learners, self.memory, 1.0) if learners is not None else self.memory
                self.hits[c] *= keep
                self.misses[c] *= keep
            self.hits[c] += new_hits
            self.misses[c] += new_misses
