"""The state's budget: what the system collects, pays and costs to run.

Rule. Nothing acts here; the mechanism prices the state's activities and reports the
period's balance. Every other mechanism reports into the period's accounts
(:mod:`model.accounts`) through one declared method:

* revenue: fines paid (``sanctions``; a fine a subject cannot pay is not revenue),
  minus fines refunded when an objection is upheld after payment (``appeals``);
* transfers to subjects: rewards (the red list's facilitation, a service the
  administration provides at what it is worth to the subject; joint rewards;
  whistle-blower rewards) and compensation for false records (``appeals``);
* resources spent: a department's liability per false record overturned (``appeals``);
* activities, priced here at a unit cost each: inspections (``detection``: the
  expected number of monitored acts, the sum of the monitoring probabilities of the
  acts that took place), findings investigated and written (``detection``,
  ``whistleblower``; a department's care multiplies their unit cost), credit files
  kept on the platform per period (``records``), court cases heard (``judicial``),
  objections decided at first instance and at second instance (``appeals``).

Outcomes per subject and period: ``state_revenue``, ``state_cost``, and ``net_welfare``
= ``welfare`` (the subjects' mean payoff) + ``state_revenue`` - ``state_cost``. A fine
lowers a payoff and raises revenue by the same amount, a reward raises a payoff and a
cost by the same amount: transfers leave ``net_welfare`` as it is, so a policy of
rewards and one of sanctions are compared at the same net budget. ``state_revenue_<item>``
and ``state_cost_<item>`` give each account.

Outline: §II(1) ("Government revenues and expenditures must strengthen budgetary
constraints and increase transparency"). No source gives any unit cost in the model's
payoff units: all are assumptions of order one transaction's surplus or less, to be
swept. Red lists' benefits are facilitation the state provides (docs/sources.md,
G3-G4), not cash.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.accounts import COSTS, REVENUE
from model.mechanisms.appeals import SECOND_INSTANCE
from model.mechanisms.base import Mechanism
from model.outcomes import period_mean
from model.params import param


@dataclass(frozen=True)
class Params:
    """Unit costs of the state's activities (payoff units)."""

    inspection_cost: float = param(
        0.2,
        unit="payoff units per inspection",
        low=0.0,
        high=100.0,
        doc="Cost of monitoring one act (an inspection, a check of a transaction).",
        clause="§IV(1): departments record credit information; no source, swept",
    )
    finding_cost: float = param(
        0.5,
        unit="payoff units per finding",
        low=0.0,
        high=100.0,
        doc="Cost of investigating and writing one finding (at the care of no liability).",
        clause="§V(2): records 'objective, true, accurate'; no source, swept",
    )
    file_cost: float = param(
        0.005,
        unit="payoff units per file per period",
        low=0.0,
        high=100.0,
        doc="Cost of keeping one credit file on the platform for a period.",
        clause="§IV(2)-(5): credit information platforms; no source, swept",
    )
    case_cost: float = param(
        2.0,
        unit="payoff units per case heard",
        low=0.0,
        high=1000.0,
        doc="Cost to the courts of hearing one case.",
        clause="§II(4): judicial public trust; no source, swept",
    )
    objection_cost: float = param(
        0.5,
        unit="payoff units per decision",
        low=0.0,
        high=1000.0,
        doc="Cost to an objection office of deciding one objection (first instance).",
        clause="§V(2), §V(4): objection handling; no source, swept",
        acts_if=("appeals.enabled", "true", bool),
    )
    review_cost: float = param(
        2.0,
        unit="payoff units per decision",
        low=0.0,
        high=1000.0,
        doc="Cost of deciding one second-instance case (reconsideration or litigation).",
        clause="§V(4): complaint handling, litigation management; no source, swept",
        # appeals' own condition (its share is itself refused while appeals is off)
        acts_if=SECOND_INSTANCE,
    )


class State(Mechanism):
    """The state's revenue, transfers and costs, and net welfare."""

    name = "state"
    Params = Params
    title = "The state's budget"

    def unit_costs(self) -> dict[str, float]:
        """Unit cost of each priced activity (payoff units)."""
        p = self.p
        return {
            "inspections": p.inspection_cost,
            "findings": p.finding_cost,
            "files": p.file_cost,
            "cases": p.case_cost,
            "objections": p.objection_cost,
            "reviews": p.review_cost,
        }

    def outcomes(self) -> dict[str, float]:
        """Revenue, cost and net welfare per subject, and each account per subject."""
        m = self.model
        s, acc = m.subjects, m.period.accounts
        n = s.n
        costs = acc.costs(self.unit_costs())
        revenue = sum(acc.revenue.values())
        cost = sum(costs.values())
        welfare = period_mean(m, s.payoff)  # the core's welfare, summed once
        out = {
            "state_revenue": revenue / n,
            "state_cost": cost / n,
            "net_welfare": welfare + revenue / n - cost / n,
        }
        out.update({f"state_revenue_{k}": acc.revenue[k] / n for k in REVENUE})
        out.update({f"state_cost_{k}": costs[k] / n for k in COSTS})
        return out
