"""Phase-in: the plan period 2014-2020 as a schedule of coverage and sharing.

Rule. The Outline is a plan: "by 2020" the credit information system should cover all
credit subjects and share information nationally (§I(3), §IV). The mechanism turns the
plan into a schedule over ``phase_in.years`` years of ``phase_in.periods_per_year``
periods from period ``phase_in.start_period``: with progress

    f = clip((t - start_period) / (years * periods_per_year), 0, 1)

and the shape ``g(f)`` (``linear``: ``g = f``; ``smoothstep``: ``g = 3f^2 - 2f^3``,
slow start, fast middle, slow finish, the S-curve of diffusion),

    coverage = start_coverage + (end_coverage - start_coverage) * g(f)
    sharing  = start_sharing  + (end_sharing  - start_sharing)  * g(f)

Coverage is set through ``records.set_coverage`` (subjects enter in their fixed rank
order, so rising coverage only adds files) and sharing through
``model.sharing_level``, both at the start of each period, before partners screen.
Actors anticipate the sharing level as under ``sharing`` (through the visibility of a
listing in the one listing-cost function).
Before ``start_period`` the start values hold; after the plan the end values.

Outline: §I(3) (goals for 2020: "The credit information system covering the whole
society based on the sharing of credit information resources will be basically
completed"), §IV ("a credit information network covering all credit entities"), §IV(2)
and §IV(5) (sharing). Plan period 2014-2020: seven years of twelve monthly periods
(defaults). Start values are not measured by a source the model uses: swept assumptions;
the end values are the Outline's goals (full coverage, one platform).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """The plan schedule."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Coverage and sharing rise over the plan period instead of being fixed.",
        clause="§I(3), §IV: goals for 2020",
    )
    start_coverage: float = param(
        0.3,
        unit="share of subjects",
        low=0.0,
        high=1.0,
        doc="Share of subjects with a credit file at the start of the plan.",
        clause="§IV: coverage in 2014; assumption",
    )
    end_coverage: float = param(
        1.0,
        unit="share of subjects",
        low=0.0,
        high=1.0,
        doc="Share of subjects with a credit file at the end of the plan.",
        clause="§IV: 'covering all credit entities' by 2020",
    )
    start_sharing: float = param(
        0.1,
        unit="share (0 silos, 1 national platform)",
        low=0.0,
        high=1.0,
        doc="Sharing level at the start of the plan.",
        clause="§IV(2), §IV(5): sharing in 2014; assumption",
    )
    end_sharing: float = param(
        1.0,
        unit="share (0 silos, 1 national platform)",
        low=0.0,
        high=1.0,
        doc="Sharing level at the end of the plan.",
        clause="§IV(5): a national exchange and sharing platform by 2020",
    )
    periods_per_year: int = param(
        12,
        unit="periods",
        low=1,
        high=365,
        doc="Periods per year (a period is one month).",
        clause="model time unit",
    )
    years: int = param(
        7,
        unit="years",
        low=1,
        high=100,
        doc="Length of the plan.",
        clause="Outline title: 2014-2020",
    )
    start_period: int = param(
        0,
        unit="period",
        low=0,
        high=100_000,
        doc="Period at which the plan starts (earlier periods keep the start values).",
        clause="assumption (a burn-in before the plan)",
    )
    shape: str = param(
        "linear",
        unit="-",
        choices=("linear", "smoothstep"),
        doc="Path between start and end values: straight line or S-curve.",
        clause="the Outline sets goals, not paths; assumption",
    )


def progress(t: int, p: Params) -> float:
    """Shaped share of the plan completed at period ``t``, in [0, 1].

    Args:
        t: Period (0-based).
        p: The schedule.

    Returns:
        ``g(f)`` of the module docstring.

    """
    f = (t - p.start_period) / (p.years * p.periods_per_year)
    f = min(max(f, 0.0), 1.0)
    if p.shape == "smoothstep":
        return f * f * (3.0 - 2.0 * f)
    return f


class PhaseIn(Mechanism):
    """Coverage and sharing over the plan period."""

    name = "phase_in"
    Params = Params
    title = "Plan schedule 2014-2020"

    def setup(self) -> None:
        """Apply the schedule's values for the current period (the start at construction)."""
        self._apply(self.model.t)

    def on_disable(self) -> None:
        """The plan's schedule stops: the static coverage and sharing level hold again."""
        m = self.model
        records = m.mechanisms["records"]
        if records.enabled:
            records.configure()
        sharing = m.mechanisms["sharing"]
        m.sharing_level = sharing.p.level if sharing.enabled else 1.0

    def _apply(self, t: int) -> None:
        p, m = self.p, self.model
        g = progress(t, p)
        self.coverage = p.start_coverage + (p.end_coverage - p.start_coverage) * g
        self.sharing = p.start_sharing + (p.end_sharing - p.start_sharing) * g
        records = m.mechanisms["records"]
        if records.enabled:
            records.set_coverage(self.coverage)
        m.sharing_level = self.sharing

    def advance(self) -> None:
        """Set this period's coverage and sharing from the schedule."""
        self._apply(self.model.period.t)

    def outcomes(self) -> dict[str, float]:
        """Share of the plan completed (1 when off: the core is the completed plan)."""
        if not self.enabled:
            return {"plan_progress": 1.0}
        return {"plan_progress": float(progress(self.model.period.t, self.p))}
