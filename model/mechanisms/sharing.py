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

Outline: §IV(2) ("promote the exchange and sharing of credit information"; "break the
information barriers between departments and regions"), §IV(5) (a national platform
for the exchange and sharing of credit information), §V(1) ("multi-departmental and
inter-regional" joint discipline presupposes sharing). How far sharing had progressed
is not measured by a source the model uses: ``level`` is swept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param

if TYPE_CHECKING:
    from model.model import CreditSystemModel

#: Nodes per block when counting same-region neighbours (bounds the temporaries).
_BLOCK = 1 << 16


def same_region_share(model: CreditSystemModel) -> np.ndarray:
    """Share of each subject's network neighbours that live in its own region.

    A partner is a uniformly drawn neighbour, so this is the chance that a partner
    sees the actor's status without the platform (``market``: same region).

    Args:
        model: The model (its ``interaction`` network and the subjects' regions).

    Returns:
        float32 share per subject (0 for a subject without neighbours).

    """
    net = model.mechanisms["interaction"].network
    region = model.subjects.region
    n = len(region)
    out = np.zeros(n, dtype=np.float32)
    for lo in range(0, n, _BLOCK):
        hi = min(lo + _BLOCK, n)
        a, b = net.indptr[lo], net.indptr[hi]
        deg = np.diff(net.indptr[lo : hi + 1])
        own = np.repeat(region[lo:hi], deg)
        same = np.bincount(
            np.repeat(np.arange(hi - lo), deg),
            weights=region[net.indices[a:b]] == own,
            minlength=hi - lo,
        )
        np.divide(same, deg, out=same, where=deg > 0)
        out[lo:hi] = same
    return out


def hidden_listing_term(model: CreditSystemModel, same: np.ndarray) -> np.ndarray | float:
    """Refusals of a listing that partners in other regions cannot see (negative).

    The blacklist's deterrence counts refusals by every screening partner; a partner in
    another region sees the listing only with probability ``model.sharing_level``.

    Args:
        model: The model.
        same: Same-region share of each subject's neighbours.

    Returns:
        ``-p_detect * P(listed | found) * duration * screening * surplus * (1 - level)
        * (1 - same)``, or 0 when nothing is hidden.

    """
    bl, market = model.mechanisms["blacklist"], model.mechanisms["market"]
    hidden = 1.0 - model.sharing_level
    if not (bl.enabled and market.enabled) or hidden <= 0.0:
        return 0.0
    refusals = bl.p.duration * market.p.screening * model.world.surplus * hidden
    unseen = 1.0 - same
    return -model.period.p_detect * bl.listing_probability() * unseen * refusals


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
        clause="§IV(2): 'break the information barriers'; swept",
    )


class Sharing(Mechanism):
    """Sets the model's sharing level."""

    name = "sharing"
    Params = Params
    title = "Information sharing"

    def setup(self) -> None:
        """The level holds from the start (for set-up steps that read it)."""
        self.model.sharing_level = self.p.level
        self.same_region = same_region_share(self.model)

    def deterrence(self) -> np.ndarray | float:
        """Listing refusals an actor escapes where its status is not shared (negative).

        ``phase_in``, when on, sets the level in force and adds this term itself.
        """
        if self.model.mechanisms["phase_in"].enabled:
            return 0.0
        return hidden_listing_term(self.model, self.same_region)

    def set_level(self) -> None:
        """Set the visibility of records and listings for this period."""
        self.model.sharing_level = self.p.level

    def outcomes(self) -> dict[str, float]:
        """The sharing level in force (1 when no mechanism lowers it)."""
        return {"sharing_level": float(self.model.sharing_level)}
