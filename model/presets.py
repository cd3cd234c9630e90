"""Named scenarios ("presets") for the classroom page and for experiments.

A preset is a plain dict of flat parameter names (the same names as everywhere:
``python -m model params``) to values; everything it does not name stays at the
default. The default model is the Outline's core system (records, scores, fines,
blacklist, red list, market screening on; extensions off); presets move away from it
to isolate one part of the Outline's design:

- ``no_system``: the counterfactual without the credit system (§I: the "problem"
  the Outline addresses, "the costs of keeping faith are high and the costs of
  breaking faith are low").
- ``outline_full``: the plan at full strength: a national sharing platform (§IV(1)),
  joint rewards and punishments across departments (§V(2)), social discipline and
  disclosure (§V(1)), whistle-blower rewards, objections and repair (§V(4)),
  integrity education (§III), judicial enforcement (§II(4)), no local protectionism.
- ``silos``: each department/region keeps its records to itself (the situation
  before the "information sharing" of §IV(1)).
- ``error_prone_no_appeals``: records with five times the default error rate and no
  objection, correction or repair procedure (§V(4) "rights protection" missing).
- ``rewards_only`` / ``punishment_only``: the two halves of "incentives for keeping
  trust and punishment for breaking trust" (§V(2)).
- ``education_only``: integrity culture without records or sanctions (§III).

Each preset has a title and two or three sentences saying what to look for
(:data:`TITLES`, :data:`GUIDE`), used by the page and the teachers' guide.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The five core enforcement switches; all off is the world without a credit system.
_CORE_OFF: dict[str, Any] = {
    "detection.enabled": False,
    "sanctions.enabled": False,
    "blacklist.enabled": False,
    "redlist.enabled": False,
    "market.enabled": False,
}

#: Named presets: flat parameter names to values (defaults for everything not named).
PRESETS: dict[str, dict[str, Any]] = {
    "outline_core": {},
    "no_system": dict(_CORE_OFF),
    "outline_full": {
        # §IV(1): a national credit information sharing platform (what the core
        # assumes when the sharing mechanism is off; stated explicitly here)
        "sharing.enabled": True,
        "sharing.level": 1.0,
        # §V(2): "joint incentives ... joint punishment" across departments
        "joint.enabled": True,
        # §V(1): disclosure and social discipline
        "social.enabled": True,
        # §V(2): rewards for reporting breaches of trust
        "whistleblower.enabled": True,
        "whistleblower.reward": 1.0,
        # §V(4): objections, correction and credit repair
        "appeals.enabled": True,
        "appeals.success": 0.8,
        "repair.enabled": True,
        # §III: integrity education and culture
        "education.enabled": True,
        "education.rate": 0.05,
        "norms.enabled": True,
        # §II(4): courts enforce judgments; §II(1): no local protectionism
        "judicial.enabled": True,
        "judicial.enforcement_rate": 0.9,
        "government.enabled": True,
        "government.protectionism": 0.0,
        # the plan at full strength, not its gradual roll-out
        "phase_in.enabled": False,
    },
    "silos": {
        # records and listings stay within the home department and region
        "sharing.enabled": True,
        "sharing.level": 0.0,
        "joint.enabled": False,
    },
    "error_prone_no_appeals": {
        # five times the default chance that an honest act is recorded as a violation
        "detection.false_record_rate": 0.05,
        "appeals.enabled": False,
        "repair.enabled": False,
    },
    "rewards_only": {
        "sanctions.enabled": False,
        "blacklist.enabled": False,
        "redlist.enabled": True,
        "redlist.reward": 0.5,
    },
    "punishment_only": {
        "redlist.enabled": False,
    },
    "education_only": {
        **_CORE_OFF,
        "education.enabled": True,
        "education.rate": 0.05,
    },
}

#: Short titles for the page's preset list, in the order shown.
TITLES: dict[str, str] = {
    "outline_core": "Outline core (default): records, scores, fines, lists",
    "no_system": "No credit system",
    "outline_full": "The Outline's plan at full strength",
    "silos": "Silos: departments do not share records",
    "error_prone_no_appeals": "Error-prone records, no appeals",
    "rewards_only": "Rewards only (red list)",
    "punishment_only": "Punishment only (fines and blacklist)",
    "education_only": "Education only",
}

#: What to look for in each preset (two or three sentences for teachers).
GUIDE: dict[str, str] = {
    "outline_core": (
        "The core system as the model's defaults set it up: violations that are found are "
        "recorded, fined and, past a threshold, blacklisted; clean records earn the red list. "
        "Watch honesty rise over the first year as the blacklist fills, and note that part of "
        "the blacklist (orange in the network) rests on false records."
    ),
    "no_system": (
        "Nothing is recorded, fined or listed: breaking faith costs only the actor's own "
        "conscience. Honesty settles where intrinsic integrity alone puts it and trust drifts "
        "down with it; nobody is blacklisted, rightly or wrongly. Use it as the yardstick for "
        "every other preset."
    ),
    "outline_full": (
        "Every instrument of the Outline at once: national sharing, joint punishment, public "
        "disclosure, whistle-blowers, courts, appeals, repair and education. Honesty and trust "
        "end well above the core system, yet most of the few remaining listings rest on false "
        "records: when nearly everyone is honest, errors outnumber real violators. Ask what "
        "this system costs and who pays."
    ),
    "silos": (
        "Records stay in the department and region that made them, so a subject blacklisted "
        "in one place can still deal elsewhere. Compare honesty with the core system: the gap "
        "is the value of the Outline's information sharing platform in this model."
    ),
    "error_prone_no_appeals": (
        "Honest acts are recorded as violations five times as often as by default, and nobody "
        "can object. Watch the wrongly blacklisted share climb and ask whether honesty still "
        "pays when punishment hits honest and dishonest subjects alike."
    ),
    "rewards_only": (
        "No fines and no blacklist: the only incentive is the red list's green channel for "
        "clean records. Look at how far honesty moves compared with no system and with "
        "punishment only; nobody is wrongly blacklisted here, but false records still keep "
        "honest subjects off the red list."
    ),
    "punishment_only": (
        "Fines and the blacklist without the red list. Compare with rewards only: which half "
        "of 'reward trust, punish breaches' moves honesty more, and at what cost in welfare "
        "and wrongly blacklisted subjects?"
    ),
    "education_only": (
        "No records or sanctions; campaigns slowly raise intrinsic integrity instead. Honesty "
        "rises gradually rather than jumping, and nobody is listed. Run it long enough "
        "(50+ periods) and compare where it ends with the core system."
    ),
}


def preset(name: str) -> dict[str, Any]:
    """A copy of one preset's parameters.

    Args:
        name: A key of :data:`PRESETS`.

    Returns:
        Flat parameter names to values.

    Raises:
        KeyError: For an unknown preset, naming the known ones.

    """
    if name not in PRESETS:
        raise KeyError(f"unknown preset {name!r}; one of {sorted(PRESETS)}")
    return dict(PRESETS[name])


def split_known(
    params: Mapping[str, Any], registry: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Split a preset into the names the model knows and those it does not (yet).

    The page uses this so that a preset naming an extension mechanism that is not in
    this version of the model still runs (and says what it left out), while the
    tests insist that every name exists.

    Args:
        params: Flat names to values.
        registry: The model's registry of flat names (``model.REGISTRY``).

    Returns:
        The known names with their values, and the sorted unknown names.

    """
    known = {k: v for k, v in params.items() if k in registry}
    return known, sorted(k for k in params if k not in registry)
