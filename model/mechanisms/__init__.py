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

#: Core mechanisms (issue: the model core). Set-up order matters: records before
#: scoring (files before scores), integrity before decision.
CORE: tuple[type[Mechanism], ...] = (
    Interaction,
    Integrity,
    Decision,
    Detection,
    Records,
    Scoring,
    Sanctions,
    Blacklist,
    Redlist,
    Market,
)

#: Extension mechanisms of the Outline, off by default.
EXTENSIONS: tuple[type[Mechanism], ...] = (
    # social discipline, reporting, rights and repair, culture (§V(1), §V(2), §V(4), §III)
    Social,
    Whistleblower,
    Appeals,
    Repair,
    Education,
    Norms,
    # government integrity, judicial public trust, credit service market (§II(1), §II(4), §V(3))
    Government,
    Judicial,
    Rating,
    # departments, sharing and the plan, joint discipline, identity, graded sanctions,
    # information security (§II, §IV(1)-(5), §I(3), §V(1), §V(2), §V(4), §V(5))
    Domains,
    Sharing,
    PhaseIn,
    Joint,
    CreditCode,
    Graded,
    Security,
)

MECHANISMS: dict[str, type[Mechanism]] = {m.name: m for m in CORE + EXTENSIONS}

__all__ = ["CORE", "EXTENSIONS", "MECHANISMS", "Mechanism"]
