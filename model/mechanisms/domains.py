"""Domains: departments per region and domain with their own monitoring intensity.

Rule. Every region has one department per domain of the Outline's §II (government,
business, social, judicial integrity). Department ``(r, d)`` detects violations with
probability

    q[r, d] = clip(detection.probability * domain_factor[d] * region_factor[r, d], 0, 1)

where ``domain_factor`` is ``domains.detection_<domain>`` (how hard the domain's
departments monitor, relative to the core's one probability; 1 for the judicial domain, in
which no ordinary act falls) and ``region_factor`` is
drawn once per department, uniform on ``[1 - region_spread, 1 + region_spread]`` (mean
1: local departments differ in capacity and zeal; the local credit information system
of §IV(2) is built at different speeds). Between ``detection.plan`` and ``detection.assess`` each
actor's monitoring probability is replaced by ``q[region, domain]``, the department of
its home region and the domain of this period's act; ``detection.assess`` then combines
it with victims' reports. Because the decision rule reads
``period.p_detect``, actors anticipate their department's intensity (rational
expectations, as in the core); the records themselves were already kept per domain.

Outline: §II(1)-(4) (the four domains), §IV(1) ("Strengthen the construction of credit
records in key areas"; "Each industry is responsible for the organization and release of
credit information in this industry"), §IV(2) (local credit information systems). The
Outline gives no monitoring intensities: all factors are swept assumptions. With every
factor 1 and ``region_spread`` 0 the rule reproduces the core's detection probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.outcomes import period_mean
from model.params import param
from model.population import DOMAINS


@dataclass(frozen=True)
class Params:
    """Monitoring intensity by domain and region."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Departments per region and domain monitor with their own intensity.",
        clause="§II(1)-(4), §IV(1): industry and department credit records",
    )
    detection_government: float = param(
        1.0,
        unit="multiplier of detection.probability",
        low=0.0,
        high=10.0,
        doc="Monitoring intensity of government-affairs departments.",
        clause="§II(1): government integrity; swept",
    )
    detection_business: float = param(
        1.0,
        unit="multiplier of detection.probability",
        low=0.0,
        high=10.0,
        doc="Monitoring intensity of market-supervision departments.",
        clause="§II(2): business integrity; swept",
    )
    detection_social: float = param(
        1.0,
        unit="multiplier of detection.probability",
        low=0.0,
        high=10.0,
        doc="Monitoring intensity of social-affairs departments.",
        clause="§II(3): social integrity; swept",
    )
    region_spread: float = param(
        0.5,
        unit="relative half-width",
        low=0.0,
        high=1.0,
        doc="Departments' intensity factor is uniform on [1 - spread, 1 + spread].",
        clause="§IV(2): local credit information systems; uneven build-up is an assumption",
    )


class Domains(Mechanism):
    """Per-department detection intensity."""

    name = "domains"
    Params = Params
    title = "Domains and departments"

    def setup(self) -> None:
        """Draw each department's regional position once (a uniform per department)."""
        n_regions = self.model.world.n_regions
        self._u = self.rng.random((n_regions, len(DOMAINS)))
        self.configure()

    def configure(self) -> None:
        """Each department's intensity factor from its draw and the spread."""
        #: (regions, domains) intensity factor of each department (mean over regions ~1)
        self.region_factor = 1.0 + self.p.region_spread * (2.0 * self._u - 1.0)

    @property
    def department_probability(self) -> np.ndarray:
        """(regions, domains) detection probability of each department's monitoring.

        Read from the base probability in force, so a change of
        ``detection.probability`` acts at once.
        """
        p = self.p
        # no act falls in the judicial domain (model.population.ACT_DOMAINS: it is reached
        # through court judgments, model.mechanisms.judicial): its factor is 1, not a
        # parameter that could never act
        domain_factor = np.array(
            [1.0 if d == "judicial" else getattr(p, f"detection_{d}") for d in DOMAINS]
        )
        base = self.model.mechanisms["detection"].base_probability()
        return np.clip(base * domain_factor * self.region_factor, 0.0, 1.0)

    def adjust(self) -> None:
        """Set each actor's monitoring probability from its department."""
        if not self.model.mechanisms["detection"].enabled:
            return  # no department monitors: nothing is found, as in the core
        s, per = self.model.subjects, self.model.period
        k = len(DOMAINS)
        # flat table, indexed by region * domains + domain (a few dozen entries)
        table = self.department_probability.astype(np.float32).ravel()
        code = s.region.astype(np.int32) * k
        code += per.domain
        np.take(table, code, out=per.p_monitor)

    def outcomes(self) -> dict[str, float]:
        """Mean detection probability actors faced this period (the core's when off)."""
        return {"mean_p_detect": period_mean(self.model, self.model.period.p_detect)}
