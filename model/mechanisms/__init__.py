"""The registry of mechanisms: one module per rule of the Outline.

``MECHANISMS`` maps each mechanism's name (also the prefix of its flat parameter names)
to its class. The order here is the order in which mechanisms are set up and in which
their deterrence terms are summed; the order in which they act each period is
``model.schedule.STEP_ORDER``.
"""

from __future__ import annotations

from model.mechanisms.appeals import Appeals
from model.mechanisms.base import Mechanism
from model.mechanisms.blacklist import Blacklist
from model.mechanisms.credit_code import CreditCode
from model.mechanisms.decision import Decision
from model.mechanisms.detection import Detection
from model.mechanisms.domains import Domains
from model.mechanisms.education import Education
from model.mechanisms.government import Government
from model.mechanisms.graded import Graded
from model.mechanisms.integrity import Integrity
from model.mechanisms.interaction import Interaction
from model.mechanisms.joint import Joint
from model.mechanisms.judicial import Judicial
from model.mechanisms.market import Market
from model.mechanisms.norms import Norms
from model.mechanisms.phase_in import PhaseIn
from model.mechanisms.rating import Rating
from model.mechanisms.records import Records
from model.mechanisms.redlist import Redlist
from model.mechanisms.repair import Repair
from model.mechanisms.sanctions import Sanctions
from model.mechanisms.scoring import Scoring
from model.mechanisms.security import Security
from model.mechanisms.sharing import Sharing
from model.mechanisms.social import Social
from model.mechanisms.whistleblower import Whistleblower

#: Mechanisms on by default: the system as its observers describe it. Set-up order
#: matters: interaction (the network) before everything that reads it, records before
#: what reads files, detection before domains.
CORE: tuple[type[Mechanism], ...] = (
    Interaction,
    Integrity,
    Decision,
    Detection,
    Records,
    Sanctions,
    Blacklist,
    Judicial,
    Joint,
    Redlist,
    Market,
)

#: Extension mechanisms of the Outline, off by default (a city pilot's scoring among
#: them: the Outline has no score).
EXTENSIONS: tuple[type[Mechanism], ...] = (
    # a city pilot's points system (§V(1), §VI(4) demonstration areas)
    Scoring,
    # social discipline, reporting, rights and repair, culture (§V(1), §V(2), §V(4), §III)
    Social,
    Whistleblower,
    Appeals,
    Repair,
    Education,
    Norms,
    # government integrity, credit service market (§II(1), §V(3))
    Government,
    Rating,
    # departments, sharing and the plan, identity, graded sanctions, information
    # security (§II, §IV(1)-(5), §I(3), §V(1), §V(2), §V(5))
    Domains,
    Sharing,
    PhaseIn,
    CreditCode,
    Graded,
    Security,
)

MECHANISMS: dict[str, type[Mechanism]] = {m.name: m for m in CORE + EXTENSIONS}

__all__ = ["CORE", "EXTENSIONS", "MECHANISMS", "Mechanism"]
