"""The state's accounts of one period: what the system collects, pays and spends.

Every mechanism that moves money to or from the state, or that uses the state's
resources, reports it here through one of four declared methods, and nowhere else:

* :meth:`Accounts.collect` -- revenue: fines paid;
* :meth:`Accounts.repay` -- revenue handed back: fines refunded when an objection is
  upheld after the fine was paid (a negative revenue item, ``refunds``);
* :meth:`Accounts.pay` -- transfers from the state to subjects: rewards (red-list
  facilitation, joint rewards, whistle-blower rewards) and compensation for false
  records; the subject's payoff rises by the same amount;
* :meth:`Accounts.spend` -- resources used up by the state: a department's liability
  for a false record it issued;
* :meth:`Accounts.use` -- an activity whose unit cost the ``state`` mechanism sets
  (inspections, findings, credit files kept on the platform, court cases, objections
  decided at first and second instance); the quantity is reported, the price is the
  ``state`` mechanism's (one owner per unit cost).

A fresh :class:`Accounts` belongs to each :class:`model.period.Period`, so nothing is
carried over between periods. The state's balance is revenue minus cost; the model's
``net_welfare`` is the subjects' mean payoff plus the balance per subject, so that a
fine or a reward, being a transfer, moves a subject's payoff and the state's balance
by the same amount and leaves ``net_welfare`` unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Revenue items (``refunds`` is negative: fines paid back).
REVENUE: tuple[str, ...] = ("fines", "refunds")
#: Transfers to subjects, and resources spent, in payoff units.
PAID: tuple[str, ...] = ("rewards", "compensation", "liability")
#: Activities priced by the ``state`` mechanism's unit costs.
ACTIVITIES: tuple[str, ...] = (
    "inspections",
    "findings",
    "files",
    "cases",
    "objections",
    "reviews",
)
#: Cost items: what is paid or spent, and the priced activities.
COSTS: tuple[str, ...] = (*PAID, *ACTIVITIES)


class Accounts:
    """Revenue, payments and activity volumes of the state in one period."""

    __slots__ = ("revenue", "paid", "volume")

    def __init__(self) -> None:
        self.revenue: dict[str, float] = dict.fromkeys(REVENUE, 0.0)
        self.paid: dict[str, float] = dict.fromkeys(PAID, 0.0)
        self.volume: dict[str, float] = dict.fromkeys(ACTIVITIES, 0.0)

    def collect(self, item: str, amount: float) -> None:
        """Revenue received (``fines``)."""
        self._add(self.revenue, item, amount, ("fines",))

    def repay(self, item: str, amount: float) -> None:
        """Revenue handed back (``fines`` refunded): recorded under ``refunds``."""
        if item != "fines":
            raise KeyError(f"only fines are refunded, got {item!r}")
        self.revenue["refunds"] -= float(amount)

    def pay(self, item: str, amount: float) -> None:
        """A transfer from the state to subjects (``rewards``, ``compensation``)."""
        self._add(self.paid, item, amount, ("rewards", "compensation"))

    def spend(self, item: str, amount: float) -> None:
        """Resources the state uses up (``liability``)."""
        self._add(self.paid, item, amount, ("liability",))

    def use(self, activity: str, quantity: float) -> None:
        """An activity of the state, priced by the ``state`` mechanism's unit cost."""
        self._add(self.volume, activity, quantity, ACTIVITIES)

    @staticmethod
    def _add(table: dict[str, float], item: str, amount: float, allowed: tuple[str, ...]):
        if item not in allowed:
            raise KeyError(f"unknown account item {item!r}; one of {', '.join(allowed)}")
        table[item] += float(amount)

    def costs(self, unit_cost: Mapping[str, float]) -> dict[str, float]:
        """Every cost item in payoff units, the activities priced at ``unit_cost``."""
        out = dict(self.paid)
        for a in ACTIVITIES:
            out[a] = self.volume[a] * unit_cost[a]
        return out

    def balance(self, unit_cost: Mapping[str, float]) -> float:
        """Revenue minus cost."""
        return sum(self.revenue.values()) - sum(self.costs(unit_cost).values())
