"""Information security: classified disclosure and data leaks.

Rule, classified disclosure. Credit information is classified (§V(2)): departments
see what the platform shares with them (``model.sharing_level``), the public and
business partners only what is disclosed. Of the partners' status checks made in
``market.screen``, a share ``security.public_disclosure`` returns the actor's status;
for the others the status is in a class not open to the public and the partner learns
nothing: right after the screening step, such a check is undone (no refusal, no red-
list assurance; ``excluded_share`` is corrected). At 1 partners see what the core lets
them see; at 0 credit status is a matter between subjects and departments only. The
mechanism acts after ``market`` and leaves ``market.py`` unchanged; the refusals it
undoes are only those of checks (nothing else refuses before it in the step order).

Rule, leaks. Each period a breach of the credit information system happens with
probability ``security.leak_rate``; a breach exposes each file independently with
probability ``security.leak_size``. A subject whose file leaks suffers
``security.leak_harm`` payoff units (fraud, harassment, loss of trade secrets), times
``security.record_harm_factor`` if its file holds a record or a listing (exposed
untrustworthiness information hurts more). Harms are deadweight losses.

Deterrence: a violation that is recorded turns a clean file into a stained one, so an
actor with a file expects ``p_detect * leak_rate * leak_size * leak_harm *
(record_harm_factor - 1) * L`` where ``L`` is the lifetime of a unit record (the number
of ageings until its weight falls below the expiry weight; small next to the core
terms). A listing is refused only by partners whose check returns it: the disclosed
share enters the visibility of a listing (``model.listings.visibility``), and so the
one listing-cost function that subjects anticipate.

Outline: §V(2) ("credit information classification management", "protection of
personal privacy and trade secrets"), §V(4) ("severely punish ... leaking ...
personal privacy"), §V(5) (information security of the credit system). No breach rates
for credit systems are measured in the sources the model uses: all rates are swept.
Left out: punishment of the leaking credit service agency (§V(4)) and any loss of trust in the
system after a breach.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.mechanisms.base import Mechanism
from model.params import param


@dataclass(frozen=True)
class Params:
    """Disclosure class and leaks."""

    enabled: bool = param(
        False,
        unit="switch",
        doc="Credit information is classified and may leak.",
        clause="§V(2), §V(4), §V(5): classification, privacy, information security",
    )
    public_disclosure: float = param(
        1.0,
        unit="share of checks",
        low=0.0,
        high=1.0,
        doc="Share of partners' status checks that return the status (disclosed class).",
        clause="§V(2): credit information classification management; swept",
    )
    leak_rate: float = param(
        0.05,
        unit="probability per period",
        low=0.0,
        high=1.0,
        doc="Chance that a breach of the credit information system happens in a period.",
        clause="§V(5): information security; swept, no source measures it",
    )
    leak_size: float = param(
        0.1,
        unit="share of files",
        low=0.0,
        high=1.0,
        doc="Share of files a breach exposes.",
        clause="§V(5); swept",
    )
    leak_harm: float = param(
        0.5,
        unit="payoff units",
        low=0.0,
        high=100.0,
        doc="Harm to a subject whose clean file leaks.",
        clause="§V(2), §V(4): personal privacy and trade secrets; swept",
    )
    record_harm_factor: float = param(
        3.0,
        unit="multiple of leak_harm",
        low=1.0,
        high=100.0,
        doc="Harm of a leak of a file with a record or listing, relative to a clean one.",
        clause="§V(4): leaked untrustworthiness information hurts more; assumption",
    )


class Security(Mechanism):
    """Classified disclosure to partners and breaches of the files."""

    name = "security"
    Params = Params
    title = "Information security and privacy"

    def setup(self) -> None:
        """No leaks at the start."""
        self._leaked = 0

    def disclosed_share(self) -> float:
        """Share of partners' status checks that return the status (the disclosed class)."""
        return self.p.public_disclosure

    def deterrence(self) -> np.ndarray | float:
        """Extra leak harm a recorded violation adds over the record's life."""
        m = self.model
        p = self.p
        records = m.mechanisms["records"]
        extra = p.leak_rate * p.leak_size * p.leak_harm * (p.record_harm_factor - 1.0)
        if not records.enabled or extra <= 0.0:
            return 0.0
        life = min(records.lifetime(records.weight_of(serious=False)), 10_000)
        return m.period.p_detect * m.subjects.has_file * (extra * life)

    def classify(self) -> None:
        """Undo the partners' checks whose status is not in the disclosed class."""
        per = self.model.period
        u = self.rng.random(len(per.checked))
        hidden = per.checked & (u >= self.p.public_disclosure)
        if "screened_out" in per.extra:
            per.extra["screened_out"] -= float(np.count_nonzero(hidden & per.refused))
        per.refused &= ~hidden
        per.assured &= ~hidden
        per.checked &= ~hidden

    def leak(self) -> None:
        """A breach may expose files; exposed subjects are harmed."""
        s = self.model.subjects
        breach = self.rng.random() < self.p.leak_rate
        u = self.rng.random(s.n)
        self._leaked = 0
        if not breach:
            return
        leaked = s.has_file & (u < self.p.leak_size)
        stained = self.model.subjects.listed(self.model.period.t)
        r = s.records
        for d in range(r.shape[1]):
            stained |= r[:, d] > 0
        harm = np.where(
            stained,
            np.float32(self.p.leak_harm * self.p.record_harm_factor),
            np.float32(self.p.leak_harm),
        )
        np.subtract(s.payoff, harm, out=s.payoff, where=leaked)
        self._leaked = int(np.count_nonzero(leaked))

    def outcomes(self) -> dict[str, float]:
        """Share of subjects whose file leaked this period."""
        if not self.enabled:
            return {"leaks": 0.0}
        return {"leaks": self._leaked / self.model.subjects.n}
