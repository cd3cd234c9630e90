"""The classroom lessons: their order, presets, controls and the runs the guide quotes.

The presets themselves (what each scenario switches, its title and what to look for)
are :mod:`model.presets`; this module only refers to them by name, and to parameters by
their flat names. Names the model does not have (yet, or any more) are skipped, and a
preset no lesson names is listed after the lessons' presets, so the page keeps working
while presets and parameters change.

docs/teachers-guide.md follows these lessons step by step; the numbers it quotes are
the :attr:`Lesson.steps` run by :mod:`model.classroom.guide_numbers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: What the model is, for the Info panel (the mechanisms' own texts follow it there).
ABOUT = (
    "A society of credit subjects (persons, firms and officials) deal with each other "
    "once a month. In each deal the actor keeps or breaks faith; breaking it gains the "
    "actor something and harms the partner. The credit system of the State Council's "
    "*Outline of the Construction of the Social Credit System (2014-2020)* watches: it "
    "finds some violations (and, by mistake, some honest acts), records them, fines, "
    "blacklists and red-lists subjects, and partners refuse to deal with the listed. "
    "Actors weigh the expected cost of being found against the gain and their own "
    "conscience. The model is a thought experiment with numbers: its parameters are "
    "illustrative, not measured, unless docs/ODD.md gives a source."
)


@dataclass(frozen=True)
class Step:
    """One run of a lesson whose results the guide quotes.

    Attributes:
        preset: Preset name (:data:`model.presets.PRESETS`).
        period: The period the class runs to.
        changes: Parameters the class sets on top of the preset.
        scale: Parameters the class multiplies (e.g. halves), from the preset's value.
        key: Short name of the step in the guide's numbers.
        during: Parameters the class changes during the run, once period ``after`` is
            shown: they act from period ``after + 1`` (the page's controls during a run,
            the model's ``schedule`` in the guide's numbers).
        after: The period after which ``during`` is changed (ignored without it).

    """

    preset: str
    period: int
    key: str
    changes: Mapping[str, Any] = field(default_factory=dict)
    scale: Mapping[str, float] = field(default_factory=dict)
    during: Mapping[str, Any] = field(default_factory=dict)
    after: int = 0

    def schedule(self) -> list[dict[str, Any]]:
        """The changes made during the run, as the model's ``schedule=`` argument."""
        return [
            {"parameter": name, "period": self.after + 1, "value": value}
            for name, value in self.during.items()
        ]


@dataclass(frozen=True)
class Lesson:
    """One lesson of the teachers' guide.

    Attributes:
        key: Short name.
        title: Title on the page and in the guide.
        presets: The presets it uses, in the order the class meets them.
        controls: Flat parameter names shown in the sidebar during the lesson.
        notice: Things to notice (Info panel).
        try_: Things to try (Info panel).
        steps: Runs whose numbers the guide quotes.
        class_game: Whether it needs the class game (``make app-class``).

    """

    key: str
    title: str
    presets: tuple[str, ...]
    controls: tuple[str, ...]
    notice: tuple[str, ...]
    try_: tuple[str, ...]
    steps: tuple[Step, ...] = ()
    class_game: bool = False


#: Controls shown in every lesson (the world and the seed come first on the page).
ALWAYS = ("n_subjects",)

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        key="carrots",
        title="Lesson 1: Carrots and sticks",
        presets=("no_system", "rewards_only", "punishment_only", "outline_core"),
        controls=(
            "sanctions.enabled",
            "sanctions.fine",
            "blacklist.enabled",
            "redlist.enabled",
            "redlist.facilitation",
            "detection.probability",
        ),
        notice=(
            "Honesty without any system is where conscience alone puts it.",
            "Rewards alone move honesty less than punishment: the reward also goes to "
            "those who were never tempted.",
            "Welfare counts the fines and listings as costs, and the deals that go "
            "ahead because partners trust each other as gains.",
        ),
        try_=(
            "In Punishment only, halve detection.probability and press Reset: how "
            "much of the effect is left?",
            "Raise sanctions.fine in Rewards only (switch sanctions on first).",
            "Compare the single-score regime (hypothetical) with the system as documented.",
        ),
        steps=(
            Step("no_system", 24, "none"),
            Step("rewards_only", 24, "rewards"),
            Step("punishment_only", 24, "punishment"),
            Step("outline_core", 24, "core"),
            Step("punishment_only", 24, "half_detection", scale={"detection.probability": 0.5}),
        ),
    ),
    Lesson(
        key="mistakes",
        title="Lesson 2: Mistakes in the file",
        presets=("outline_core", "error_prone_no_appeals", "outline_full", "single_score"),
        controls=(
            "detection.false_record_rate",
            "appeals.enabled",
            "appeals.success",
            "repair.enabled",
            "blacklist.term_business",
        ),
        notice=(
            "A small error rate gives many wrongful listings when nearly everyone is "
            "honest: there are many more honest acts than violations (a base-rate effect).",
            "The two listing charts answer different questions: how many subjects are "
            "listed, and how many of the listings are wrongful.",
        ),
        try_=(
            "In Error-prone records, switch on appeals.enabled, raise appeals.success and "
            "press Reset.",
            "Shorten blacklist.term_business: fewer wrongful listings, or fewer listings?",
        ),
        steps=(
            Step("outline_core", 36, "core"),
            Step("error_prone_no_appeals", 36, "error_prone"),
            Step("outline_full", 36, "full"),
            Step(
                "error_prone_no_appeals",
                36,
                "error_prone_appeals",
                changes={"appeals.enabled": True, "appeals.success": 0.8},
            ),
            Step("single_score", 36, "single_score"),
        ),
    ),
    Lesson(
        key="conscience",
        title="Lesson 3: Conscience and incentives",
        presets=("no_system", "education_only", "outline_core"),
        controls=(
            "education.enabled",
            "education.rate",
            "norms.enabled",
            "norms.crowding_out",
            "sanctions.enabled",
            "blacklist.enabled",
        ),
        notice=(
            "Education raises integrity slowly; incentives change behaviour at once "
            "while integrity stays where it was.",
            "With crowding-out, incentives wear conscience down.",
            "Switched off again, the incentives leave behind the conscience they wore "
            "down: a change during a run acts from the next period, marked on the charts.",
        ),
        try_=(
            "In the default preset, switch on norms.enabled, set norms.crowding_out to 0.3 "
            "and press Reset; run to period 60.",
            "Then switch off sanctions.enabled and blacklist.enabled and run to period 84: "
            "does honesty come back to where it was without a system?",
            "Do the same without crowding-out (Restore preset).",
            "Try the full plan: do education and the credit system work together?",
        ),
        steps=(
            Step("no_system", 60, "none"),
            Step("education_only", 60, "education"),
            Step("outline_core", 60, "core"),
            Step(
                "outline_core",
                60,
                "crowding_out",
                changes={"norms.enabled": True, "norms.crowding_out": 0.3},
            ),
            Step(
                "outline_core",
                84,
                "crowding_out_off",
                changes={"norms.enabled": True, "norms.crowding_out": 0.3},
                during={"sanctions.enabled": False, "blacklist.enabled": False},
                after=60,
            ),
            Step(
                "outline_core",
                84,
                "core_off",
                during={"sanctions.enabled": False, "blacklist.enabled": False},
                after=60,
            ),
        ),
    ),
    Lesson(
        key="shoes",
        title="Lesson 4: In a subject's shoes",
        presets=("outline_core", "error_prone_no_appeals"),
        controls=(
            "detection.probability",
            "detection.false_record_rate",
            "sanctions.fine",
            "blacklist.term_business",
        ),
        notice=(
            "Your subject's record, score and listing follow from what it did, and from "
            "errors it cannot control.",
            "One subject's choices barely move the society's numbers.",
        ),
        try_=(
            "Keep faith for a year, then break it for three months: when are you found, "
            "fined, listed? How long does the listing stay?",
            "Play the same in Error-prone records: are you listed although you kept faith?",
        ),
    ),
    Lesson(
        key="society",
        title="Lesson 5: A class society (class game)",
        presets=("outline_core", "no_system"),
        controls=("detection.probability", "sanctions.fine"),
        notice=(
            "Each student is one subject; the rest of the society follows the model's rule.",
            "Compare the class's honesty with the society's.",
        ),
        try_=("Play a year with the system, then a year without it (No credit system).",),
        class_game=True,
    ),
)

#: The lesson whose controls the sidebar shows when no lesson is chosen.
FREE = "free"


def preset_order(presets: Iterable[str]) -> list[str]:
    """Presets in lesson order: each lesson's presets as met, then the others.

    Args:
        presets: The preset names that exist (``model.presets.PRESETS``), in their order.

    Returns:
        Every name of ``presets`` once: those the lessons use first, in lesson order.

    """
    have = list(presets)
    order = [p for lesson in LESSONS for p in lesson.presets if p in have]
    order = list(dict.fromkeys(order))
    return order + [p for p in have if p not in order]


def lesson(key: str) -> Lesson | None:
    """The lesson with this key, or None (free exploration)."""
    return next((x for x in LESSONS if x.key == key), None)


def lesson_controls(key: str, registry: Mapping[str, Any]) -> list[str]:
    """The flat parameter names the sidebar shows for a lesson (those that exist).

    Args:
        key: A lesson's key.
        registry: The model's registry (``model.REGISTRY``).

    Returns:
        :data:`ALWAYS` and the lesson's controls, in order, without unknown names.

    """
    found = lesson(key)
    names = ALWAYS + (found.controls if found else ())
    return [n for n in dict.fromkeys(names) if n in registry]


def step_parameters(
    step: Step, preset_params: Mapping[str, Any], defaults: Mapping[str, Any]
) -> dict[str, Any]:
    """The parameters a lesson step runs with: the preset, then the class's changes.

    Args:
        step: The step.
        preset_params: The preset's parameters (as the page runs them).
        defaults: Every parameter's default (for scaling an unset parameter).

    Returns:
        Flat names to values.

    """
    params = dict(preset_params)
    for name, factor in step.scale.items():
        params[name] = params.get(name, defaults[name]) * factor
    params.update(step.changes)
    return params
