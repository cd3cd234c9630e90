"""Named scenarios ("presets") for the classroom page and for experiments.

A preset is a plain dict of flat parameter names (the same names as everywhere:
``python -m model params``) to values; everything it does not name stays at the
default. The default model is the system its closest observers describe (docs/ODD.md,
docs/sources.md): departments keep separate blacklists triggered by specific serious
violations and aimed mainly at firms, joint punishment links them, the courts' list of
dishonest judgment debtors is the main route by which persons are listed, and a small
red list gives trusted firms facilitation. Presets move away from it to isolate one part
of the Outline's design, or to show the regime it is often mistaken for:

- ``no_system``: the counterfactual without the credit system: no monitoring, fines,
  lists or screening, and courts without a defaulter list (the situation the Outline
  describes in §I(1): incentives for keeping faith are insufficient and breaking it
  costs little). It removes ordinary inspections and administrative fines as well,
  which existed before the credit system, so its gap to the default is more than what
  the credit system's records and lists add.
- ``single_score`` (hypothetical): one national score from every record, a low score
  lists in every department, and a mass red list (every covered person and firm with a
  clean year): the single-score myth, kept for contrast.
- ``outline_full``: the plan at full strength: national sharing (§IV(2), §IV(5)), joint
  rewards and punishments (§V(1)), disclosure (§V(1)), whistle-blower rewards (§V(1)),
  objection handling (§V(2), §V(4)) and repair (the protection of those who corrected
  minor faults, §V(4); credit repair is a later policy term), integrity education
  (§III), government integrity without protectionism (§II(1)).
- ``silos``: each region's departments keep their records and lists to themselves
  (before the exchange and sharing of credit information of §IV(2) and §IV(5)).
- ``error_prone_no_appeals``: records with five times the default error rate and no
  objection or repair procedure (§V(4), the protection of the rights and interests of
  credit information subjects, missing).
- ``rewards_only`` / ``punishment_only``: the two halves of rewarding trust and
  punishing breaches (§V(1)).
- ``education_only``: integrity culture without records or sanctions (§III).

Each preset has a title and two or three sentences saying what to look for
(:data:`TITLES`, :data:`GUIDE`), used by the page and the teachers' guide.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The enforcement switches whose all-off state is the world without a credit system;
#: courts remain, without the defaulter list (as before 2013).
_CORE_OFF: dict[str, Any] = {
    "detection.enabled": False,
    "sanctions.enabled": False,
    "blacklist.enabled": False,
    "redlist.enabled": False,
    "market.enabled": False,
    "joint.enabled": False,
    "judicial.list": False,
}

#: Named presets: flat parameter names to values (defaults for everything not named).
PRESETS: dict[str, dict[str, Any]] = {
    "outline_core": {},
    "no_system": dict(_CORE_OFF),
    "single_score": {
        # hypothetical: one score from every record; a low score lists (the trigger
        # variant of the pilot), in every department; everyone can be red-listed
        "scoring.enabled": True,
        "scoring.variant": "trigger",
        "scoring.threshold": 50.0,
        "blacklist.scope_government": 1.0,
        "blacklist.scope_business": 1.0,
        "blacklist.scope_social": 1.0,
        "blacklist.term_government": 24,
        "blacklist.term_business": 24,
        "blacklist.term_social": 24,
        "blacklist.representatives": False,
        "redlist.kinds": "firms_and_persons",
        "redlist.share": 1.0,
        "redlist.facilitation": 0.2,
        "redlist.inspection_factor": 1.0,
        # no court list and no joint punishment: the score does all the work
        "judicial.enabled": False,
        "joint.enabled": False,
    },
    "outline_full": {
        # §IV(2), §IV(5): a national credit information sharing platform (what the
        # default assumes when the sharing mechanism is off; stated explicitly here)
        "sharing.enabled": True,
        "sharing.level": 1.0,
        # §V(1): disclosure and social discipline
        "social.enabled": True,
        # §V(1): rewards for whistle-blowers
        "whistleblower.enabled": True,
        "whistleblower.reward": 1.0,
        # §V(2), §V(4): objection handling; protection of those who corrected minor
        # faults (credit repair is a later policy term)
        "appeals.enabled": True,
        "appeals.success": 0.8,
        "repair.enabled": True,
        # §III: integrity education and culture
        "education.enabled": True,
        "education.rate": 0.05,
        "norms.enabled": True,
        # §II(1): no local protectionism
        "government.enabled": True,
        "government.protectionism": 0.0,
        # the plan at full strength, not its gradual roll-out
        "phase_in.enabled": False,
    },
    "silos": {
        # records and listings stay within each region's departments
        "sharing.enabled": True,
        "sharing.level": 0.0,
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
        "joint.enabled": False,
        "judicial.list": False,
        "redlist.enabled": True,
        "redlist.share": 0.2,
        "redlist.facilitation": 0.5,
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
    "outline_core": "The system as documented (default): department lists, court list",
    "no_system": "No credit system",
    "single_score": "Single-score regime (hypothetical)",
    "outline_full": "The Outline's plan at full strength",
    "silos": "Silos: regions do not share records",
    "error_prone_no_appeals": "Error-prone records, no appeals",
    "rewards_only": "Rewards only (red list)",
    "punishment_only": "Punishment only (fines and lists)",
    "education_only": "Education only",
}

#: What to look for in each preset (two or three sentences for teachers).
GUIDE: dict[str, str] = {
    "outline_core": (
        "The system as its closest observers describe it: each department lists subjects for "
        "specific serious violations, mostly firms; the courts list judgment debtors who do "
        "not pay (at these settings nearly all because they cannot), and with a listed firm "
        "its legal representative; joint punishment makes every department restrict a "
        "listed subject; a few trusted firms are red-listed. "
        "Watch who is listed (firms against persons) and how much of the list rests on false "
        "records."
    ),
    "no_system": (
        "No department records, fines or lists anyone, and courts have no defaulter list "
        "(they only note refusals in credit files): breaking faith costs only the actor's "
        "own conscience and the occasional lawsuit. Honesty settles where intrinsic "
        "integrity alone puts it and trust drifts down with it. Use it as the yardstick for "
        "every other preset, but remember that it also removes the ordinary inspections and "
        "fines that predate the credit system."
    ),
    "single_score": (
        "The regime the system is often mistaken for, which no national law set up: every "
        "record lowers one score, a low score by itself lists, and every covered person "
        "and firm with a clean year is red-listed. Compare it with the default: who is listed "
        "(persons over everyday dealings), how many are wrongly listed, and how many are "
        "excluded."
    ),
    "outline_full": (
        "Every instrument of the Outline at once: national sharing, joint punishment, public "
        "disclosure, whistle-blowers, courts, appeals, repair (a later policy term) and "
        "education, each working as the model assumes it does. See how far honesty and "
        "trust rise over the default, and how much of the remaining listing rests on false "
        "records: when nearly everyone is honest, errors make up more of the lists. Ask what "
        "this system costs and who pays."
    ),
    "silos": (
        "Each region's departments keep their records and lists to themselves, so a subject "
        "listed at home can still deal with partners from other regions (most partners are "
        "local). Compare honesty with the default: the gap is what the Outline's sharing "
        "platform adds in this model."
    ),
    "error_prone_no_appeals": (
        "Honest acts are recorded as violations five times as often as by default, and nobody "
        "can object. Watch the wrongly listed share climb and ask whether honesty still pays "
        "when punishment also hits honest subjects: keeping faith now carries an expected "
        "sanction too."
    ),
    "rewards_only": (
        "No fines and no lists: the only incentive is the red list's facilitation for a "
        "fifth of firms with clean records. Look at how far honesty moves compared with no "
        "system and with punishment only; nobody is wrongly listed, but false records still "
        "keep honest firms off the red list."
    ),
    "punishment_only": (
        "Fines and the lists without the red list. Compare with rewards only: which half of "
        "the system, rewarding trust or punishing breaches, moves honesty more, and at what "
        "cost in welfare and wrongly listed subjects?"
    ),
    "education_only": (
        "No department records and no sanctions; campaigns slowly raise intrinsic "
        "integrity instead. Honesty rises gradually rather than jumping, and nobody is "
        "listed. Run it long enough (50+ periods) and compare where it ends with the "
        "default system."
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
