"""Sharing: how far credit information crosses departments and regions.

Rule. Each period ``model.sharing_level`` is set to ``sharing.level``: the chance that
a record, listing or red-list status is seen outside the region and domain whose
department holds it. It is read by: ``market`` (a partner of another region sees the
actor's status with probability ``level``; one of its own region always does), ``joint``
(each of the three other domains' departments sees a listing or red-list status with
probability ``level``) and a ``scoring`` pilot (the home department counts the other
domains' records at ``level`` times their weight). ``level`` 0 is the silo world (each
department in each region sees only its own files), 1 the one national platform the
default assumes (with this mechanism off the level is 1). Subjects anticipate it
through the one listing-cost function (``model.listings``): the visibility of a listing
(``model.listings.visibility``) scales the refusals they expect, and the level the joint
restrictions. If ``phase_in`` is on, its schedule supersedes this static level (it acts
after this step in the same period).

Outline: §IV(2) (the exchange and sharing of government affairs credit information
among the departments and units of a region), §IV(5) ("Promoting the exchange and
sharing of credit information"; a network covering "all regions of the country"), §V(1)
("multi-departmental and inter-regional" joint discipline presupposes sharing). How far
sharing had progressed is not measured by a source the model uses: ``level`` is swept.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """The level of information sharing."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Information sharing is below the national platform the core assumes.",
        clause="§IV(2), §IV(5): exchange and sharing of credit information",
    )
    level: float = param(
        0.5,
        unit="share (0 silos, 1 national platform)",
        low=0.0,
        high=1.0,
        doc="Visibility of records and listings across departments and regions.",
        clause="§IV(2), §IV(5): exchange and sharing of credit information across departments "
        "and regions; swept",
    )


class Sharing(Mechanism):
    """Sets the model's sharing level."""

    name = "sharing"
    Params = Params
    title = "Information sharing"

    def setup(self) -> None:
        """The level holds from the start (for set-up steps that read it)."""
        self.model.sharing_level = self.p.level

    def on_disable(self) -> None:
        """Sharing restrictions lifted mid-run: the national platform holds again."""
        self.model.sharing_level = 1.0

    def set_level(self) -> None:
        """Set the visibility of records and listings for this period."""
        self.model.sharing_level = self.p.level

    def outcomes(self) -> dict[str, float]:
        """The sharing level in force (1 when no mechanism lowers it)."""
        return {"sharing_level": float(self.model.sharing_level)}
