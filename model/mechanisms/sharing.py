"""Sharing: how far credit information crosses departments and regions.

Rule. Each period the visibility of records and listings outside the department and
region that hold them, ``model.sharing_level``, is set to ``sharing.level``. The core
mechanisms read it: a department scoring a subject sees its home domain's records and
``level`` times the other domains' (``scoring.visible_records``); a partner in another
region sees the actor's status with probability ``level`` (``market``); the ``joint``
mechanism restricts in other domains with it. ``level`` 0 is the silo world (each
department in each region sees only its own files), 1 the one national platform the
core assumes. Actors anticipate it: the blacklist's expected refusals count only
partners who can see a listing, those of the same region and, with probability
``level``, the others (a negative deterrence term, ``hidden_listing_term``; the
same-region share of each subject's neighbours is counted once from the network). If
``phase_in`` is on, its schedule supersedes this static level (it acts after this step
in the same period) and it adds the deterrence term instead.

Outline: §IV(2) (promote the exchange and sharing of credit information between
departments and regions), §IV(5) (a national platform
for the exchange and sharing of credit information), §V(1) ("multi-departmental and
inter-regional" joint discipline presupposes sharing). How far sharing had progressed
is not measured by a source the model uses: ``level`` is swept.
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
        clause="§IV(2): exchange and sharing of credit information; swept",
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
