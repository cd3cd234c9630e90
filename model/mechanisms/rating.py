"""Credit service market: rating agencies rate enterprises, partners use the ratings.

Rule. ``rating.n_agencies`` agencies (each a :class:`RatingAgency`, a ``mesa.Agent``)
share the enterprises as clients (firm ``j`` in id order goes to agency ``j mod K``).
What an agency tries to measure is a firm's *recent honesty* ``h``: an exponential
average of its acts, ``h += rating.memory * (kept - h)`` after every transaction it
makes as actor (``observe``, after payoffs; ``h`` starts at 1, a clean slate). Each
period, before partners decide (``screen``, right after ``market.screen``), every agency
rates each of its clients

    rating = clip(h + bias + sd * z, 0, 1),   sd = 0.5 * (1 - accuracy),  z ~ N(0, 1)

with its own ``accuracy`` (``rating.accuracy``, spread evenly over agencies by
``rating.accuracy_spread``) and ``bias`` (``rating.bias``: inflation for paying clients
under the issuer-pays model; every client pays). A partner about to deal with a firm
(not already refused) consults its rating with probability ``rating.use`` and refuses
when the rating is below ``rating.cutoff``.

Outcomes: ``rating_error`` (mean absolute difference between firms' ratings and their
true recent honesty this period) and ``rating_refusals`` (share of attempted
transactions refused on a rating this period); both 0 when switched off.

Deterrence (firms only). A firm that breaks faith ends with ``h - memory * h`` instead
of ``h + memory * (1 - h)``; the chance of a refusal next period rises by ``dP =
Phi((cutoff - bias - h_cheat) / sd) - Phi((cutoff - bias - h_keep) / sd)``, and the gap
in ``h`` decays geometrically by ``1 - memory``. Linearised, the expected surplus lost is
``use * surplus * dP / memory``, times the factor by which the firm's time preference
shrinks an effect that decays so (``model.listings.decay_discount``; 1 without
discounting).

Outline: §V(3) ("Cultivate and standardize the credit service market ... credit rating
industry ... improve the overall credibility of the credit rating industry. Explore
innovative dual rating"), §II(2) (third-party credit evaluation results used in bidding
and contracting). The Outline names no accuracy or bias: both are swept; the issuer-pays
inflation is the conflict of interest discussed for rating agencies generally.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from scipy.special import ndtr

from model import listings
from model.mechanisms.base import Mechanism
from model.params import param
from model.population import FIRM

_MIN_SD = 1e-6  # a perfect rating is a step function; keep the normal CDF defined


@dataclass(frozen=True)
class Params:
    """Rating agencies and the partners who use their ratings."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Rating agencies rate firms; partners refuse firms rated below a cut-off.",
        clause="§V(3): credit service market, credit rating industry",
    )
    n_agencies: int = param(
        3,
        unit="agencies",
        low=1,
        high=20,
        doc="Number of rating agencies sharing the firms as clients.",
        clause="§V(3): 'credit rating industry'; assumption",
        setup_only=True,
    )
    accuracy: float = param(
        0.7,
        unit="share",
        low=0.0,
        high=1.0,
        doc="Accuracy of ratings: noise sd is 0.5 * (1 - accuracy) (1: exact).",
        clause="§V(3): 'improve the overall credibility of the credit rating industry'; swept",
    )
    accuracy_spread: float = param(
        0.0,
        unit="share",
        low=0.0,
        high=0.5,
        doc="Half-range of accuracy across agencies (spread evenly, clipped to [0, 1]).",
        clause="§V(3); agencies of different quality; assumption",
    )
    bias: float = param(
        0.1,
        unit="rating points (share)",
        low=-0.5,
        high=0.5,
        doc="Inflation of ratings for paying clients (issuer pays).",
        clause="§V(3): 'standardize' the rating industry; conflict of interest; swept",
    )
    use: float = param(
        0.5,
        unit="probability per transaction",
        low=0.0,
        high=1.0,
        doc="Chance that a partner consults a firm's rating before dealing with it.",
        clause="§II(2): third-party credit evaluation used in contracting; swept",
    )
    cutoff: float = param(
        0.6,
        unit="rating (share)",
        low=0.0,
        high=1.0,
        doc="Partners who consult refuse a firm rated below this.",
        clause="§V(3); assumption",
    )
    memory: float = param(
        0.2,
        unit="per transaction",
        low=0.01,
        high=1.0,
        doc="Weight of the latest act in a firm's recent honesty (what agencies measure).",
        clause="assumption (exponential smoothing)",
    )


class RatingAgency(mesa.Agent):
    """One rating agency.

    Attributes:
        accuracy: Its accuracy in [0, 1].
        bias: Inflation it adds to its clients' ratings.
        clients: Subject ids of the firms it rates.

    """

    def __init__(
        self, model: mesa.Model, accuracy: float, bias: float, clients: np.ndarray
    ) -> None:
        super().__init__(model)
        self.accuracy = float(accuracy)
        self.bias = float(bias)
        self.clients = clients

    @property
    def sd(self) -> float:
        """Standard deviation of its rating noise."""
        return 0.5 * (1.0 - self.accuracy)

    def rate(self, honesty: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Ratings of clients with recent honesty ``honesty`` and standard noise ``z``."""
        r = honesty + np.float32(self.bias) + np.float32(self.sd) * z
        return np.clip(r, 0.0, 1.0).astype(np.float32)


class Rating(Mechanism):
    """Rating agencies and rating-based screening of firms."""

    name = "rating"
    Params = Params
    title = "Credit service market (rating agencies)"

    def setup(self) -> None:
        """Create the agencies, assign clients, start every firm at a clean slate."""
        m, p = self.model, self.p
        s = m.subjects
        self.firm = s.kind == FIRM
        firms = np.flatnonzero(self.firm)
        self._firms = firms
        k = p.n_agencies
        self.agencies = [RatingAgency(m, 0.0, 0.0, firms[a::k]) for a in range(k)]
        self.sd = np.zeros(s.n, dtype=np.float32)  # each firm's agency's noise sd
        self.configure()
        self.honesty = np.ones(s.n, dtype=np.float32)
        self.rating = np.ones(s.n, dtype=np.float32)
        self._error = 0.0
        self._refused = 0
        self._attempted = 0

    def configure(self) -> None:
        """Agencies' accuracy (spread evenly around the mean) and bias."""
        p = self.p
        k = len(self.agencies)
        offsets = np.linspace(-1.0, 1.0, k) if k > 1 else np.zeros(1)
        acc = np.clip(p.accuracy + p.accuracy_spread * offsets, 0.0, 1.0)
        for a, ag in enumerate(self.agencies):
            ag.accuracy, ag.bias = float(acc[a]), float(p.bias)
            self.sd[ag.clients] = ag.sd

    def deterrence(self) -> np.ndarray:
        """Expected surplus a firm loses to rating refusals by breaking faith (linearised)."""
        m, p = self.model, self.p
        firms = self._firms  # only firms are rated: compute on their fifth of the arrays
        h = self.honesty[firms].astype(np.float64)
        sd = np.maximum(self.sd[firms], _MIN_SD)
        level = p.cutoff - p.bias
        h_cheat = h - p.memory * h
        h_keep = h + p.memory * (1.0 - h)
        dp = ndtr((level - h_cheat) / sd) - ndtr((level - h_keep) / sd)
        cost = np.zeros(m.subjects.n)
        cost[firms] = p.use * m.world.surplus * dp / p.memory
        weight = listings.decay_discount(m, 1.0 - p.memory, firms)
        if np.ndim(weight) or weight != 1.0:
            cost[firms] *= weight
        return cost

    def screen(self) -> None:
        """Agencies rate their clients; partners who consult refuse low-rated firms."""
        m, p = self.model, self.p
        s, per = m.subjects, m.period
        n = s.n
        z = self.rng.standard_normal(n, dtype=np.float32)
        u = self.rng.random(n)
        for ag in self.agencies:
            c = ag.clients
            self.rating[c] = ag.rate(self.honesty[c], z[c])
        firms = self._firms  # only firms are rated
        n_firms = len(firms)
        gap = np.abs(self.rating[firms] - self.honesty[firms])
        self._error = float(gap.sum(dtype=np.float64) / n_firms) if n_firms else 0.0
        consult = per.attempted & ~per.refused & self.firm & (u < p.use)
        out = consult & (self.rating < np.float32(p.cutoff))
        per.refused |= out
        self._refused = int(np.count_nonzero(out))
        self._attempted = int(np.count_nonzero(per.attempted))

    def observe(self) -> None:
        """Update firms' recent honesty from the acts they made this period."""
        per = self.model.period
        acted = np.flatnonzero(per.transacted & self.firm)
        target = per.honest[acted].astype(np.float32)
        self.honesty[acted] += np.float32(self.p.memory) * (target - self.honesty[acted])

    def outcomes(self) -> dict[str, float]:
        """Rating error and the share of attempted transactions refused on ratings."""
        if not self.enabled:
            return {"rating_error": 0.0, "rating_refusals": 0.0}
        a = self._attempted
        return {
            "rating_error": self._error,
            "rating_refusals": self._refused / a if a else 0.0,
        }
