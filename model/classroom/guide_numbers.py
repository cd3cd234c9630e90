"""The numbers docs/teachers-guide.md quotes, computed from the model.

Every number the guide quotes about a run is a run of a lesson step
(:data:`model.lessons.LESSONS`) at the page's defaults (seed 1, 2,000 subjects), read at
the period the step names: exactly what the class sees on the page. The guide marks
each quoted number with its key, ``0.72<!-- n:carrots.core.honesty -->``, and holds one
table per lesson between ``<!-- table:carrots -->`` and ``<!-- /table -->``. When the
model changes, one command brings the guide up to date::

    python -m model.classroom.guide_numbers --write   # (make guide-numbers)

Without ``--write`` it only checks, naming every number that is out of date (exit
status 1); a test runs the check, and the browser test runs each lesson on the page and
compares its monitors with :func:`compute`.
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
from pathlib import Path

import numpy as np

from model import REGISTRY, CreditSystemModel, default_parameters
from model.classroom.columns import BY_KEY, MONITORS, resolve
from model.classroom.session import DEFAULT_SEED, model_parameters, preset_controls
from model.inspect import describe_subject
from model.lessons import LESSONS, Step, step_parameters
from model.presets import TITLES

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "teachers-guide.md"
_INLINE = re.compile(r"(-?[\d.,]+%?|–)<!-- n:([\w.\-]+) -->")
_TABLE = re.compile(r"(<!-- table:(\w+) -->\n)(.*?)(<!-- /table -->)", re.S)


def step_controls(step: Step) -> dict:
    """The sidebar's values for a step: the preset at the page's defaults, then the changes."""
    controls = preset_controls(step.preset)
    params = step_parameters(step, controls, default_parameters())
    return params


def run_step(step: Step) -> dict[str, float]:
    """Run one step as the page would; returns its monitors' values at its period.

    Changes the class makes during the run (:attr:`Step.during`) go through the model's
    own ``schedule``, not the page's code.
    """
    controls = step_controls(step)
    seed = controls.pop("seed", DEFAULT_SEED)
    m = CreditSystemModel(rng=seed, allow_inactive=True, schedule=step.schedule(), **controls)
    m.run_for(step.period)
    names = resolve(m.columns())
    return {key: float(m.outcomes[names[key]]) for key in MONITORS if key in names}


def wrongful_example(preset: str = "error_prone_no_appeals") -> tuple[int, int] | None:
    """A subject the class keeps honest and still sees wrongly listed within 24 periods.

    Runs the page's model of ``preset`` with one subject always keeping faith, as the
    class plays it in lesson 4, for the subjects most likely to be hit: those with an
    early false record in a run without the class.

    Returns:
        (subject id, period of the wrongful listing), or None if none is found.

    """
    seed, params = model_parameters(preset_controls(preset))
    m = CreditSystemModel(rng=seed, allow_inactive=True, **params)
    first_false: dict[int, int] = {}
    for t in range(24):
        m.step()
        for i in np.flatnonzero(m.period.false_record & m.subjects.has_file):
            first_false.setdefault(int(i), t)
    for i in sorted(first_false, key=first_false.get)[:60]:
        m = CreditSystemModel(rng=seed, allow_inactive=True, **params)
        m.forced_acts = {i: True}
        for t in range(1, 25):
            m.step()
            if describe_subject(m, i)["wrongly_listed"]:
                return i, t
    return None


def compute() -> dict[str, float]:
    """Every number the guide may quote, by key (computed once per process)."""
    return dict(_compute())


@functools.lru_cache(maxsize=1)
def _compute() -> dict[str, float]:
    """Every number the guide may quote, by key.

    Keys: ``<lesson>.<step>.<column>`` (a monitor at the step's period),
    ``<lesson>.<step>.<parameter>`` (a numeric control of the lesson, as the step runs) and
    ``defaults.<parameter>`` (a default value), plus ``defaults.detection_chance``
    (the chance that a violation is found: the department or the harmed partner) and
    ``shoes.example.subject``/``.period`` (:func:`wrongful_example`).
    """
    out: dict[str, float] = {}
    for lesson in LESSONS:
        for step in lesson.steps:
            key = f"{lesson.key}.{step.key}"
            for col, value in run_step(step).items():
                out[f"{key}.{col}"] = value
            controls = step_controls(step)
            for name in dict.fromkeys((*lesson.controls, *step.changes, *step.scale)):
                value = controls.get(name, REGISTRY[name].default)
                if REGISTRY[name].kind in (int, float):
                    out[f"{key}.{name}"] = float(value)
    for name, spec in REGISTRY.items():
        if spec.kind in (int, float):
            out[f"defaults.{name}"] = float(spec.default)
    p, r = REGISTRY["detection.probability"].default, REGISTRY["detection.report_rate"].default
    out["defaults.detection_chance"] = 1.0 - (1.0 - p) * (1.0 - r)
    example = wrongful_example()
    if example is not None:
        out["shoes.example.subject"], out["shoes.example.period"] = map(float, example)
    return out


def fmt(key: str, value: float) -> str:
    """How the guide prints a number: outcomes with two decimals (three below 0.1, a
    dash where there is none, as on the monitors), parameters as they are.
    """
    if key.rsplit(".", 1)[-1] in BY_KEY:
        if math.isnan(value):
            return "–"
        return f"{value:.3f}" if 0 < abs(value) < 0.1 else f"{value:.2f}"
    return f"{value:g}"


def lesson_table(lesson_key: str, numbers: dict[str, float]) -> str:
    """The table of a lesson's runs: each step's monitors at its period."""
    lesson = next(x for x in LESSONS if x.key == lesson_key)
    keys = [
        k for k in MONITORS if any(f"{lesson.key}.{s.key}.{k}" in numbers for s in lesson.steps)
    ]
    head = "| run | period | " + " | ".join(BY_KEY[k].label for k in keys) + " |"
    out = [head, "|---|---|" + "---|" * len(keys)]
    for step in lesson.steps:
        changes = {**step.changes, **{n: f"x{f:g}" for n, f in step.scale.items()}}
        label = TITLES.get(step.preset, step.preset) + (
            " + " + ", ".join(f"{k} {v}" for k, v in changes.items()) if changes else ""
        )
        if step.during:
            label += f"; from period {step.after + 1}: " + ", ".join(
                f"{k} {v}" for k, v in step.during.items()
            )
        cells = [
            fmt(k, numbers[f"{lesson.key}.{step.key}.{k}"])
            if f"{lesson.key}.{step.key}.{k}" in numbers
            else ""
            for k in keys
        ]
        out.append(f"| {label} | {step.period} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def update(text: str, numbers: dict[str, float]) -> tuple[str, list[str], list[str]]:
    """The guide's text with every marked number and table brought up to date.

    Returns:
        The new text, the keys whose numbers changed, and marked keys that do not exist.

    """
    changed: list[str] = []
    unknown: list[str] = []

    def inline(m: re.Match) -> str:
        key = m.group(2)
        if key not in numbers:
            unknown.append(key)
            return m.group(0)
        new = fmt(key, numbers[key])
        if new != m.group(1):
            changed.append(f"{key}: {m.group(1)} -> {new}")
        return f"{new}<!-- n:{key} -->"

    def table(m: re.Match) -> str:
        key = m.group(2)
        if not any(x.key == key for x in LESSONS):
            unknown.append(f"table:{key}")
            return m.group(0)
        new = lesson_table(key, numbers)
        if new != m.group(3):
            changed.append(f"table:{key}")
        return m.group(1) + new + m.group(4)

    text = _INLINE.sub(inline, text)
    text = _TABLE.sub(table, text)
    return text, changed, unknown


def main(argv: list[str] | None = None) -> int:
    """Check (or with --write, update) the numbers in docs/teachers-guide.md."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="rewrite the guide's numbers")
    ap.add_argument("--guide", type=Path, default=GUIDE)
    args = ap.parse_args(argv)
    old = args.guide.read_text(encoding="utf-8")
    new, changed, unknown = update(old, compute())
    for key in unknown:
        print(f"unknown number key in the guide: {key}", file=sys.stderr)
    if args.write:
        if new != old:
            args.guide.write_text(new, encoding="utf-8")
        print(f"{args.guide}: {len(changed)} number(s) or table(s) updated")
        return 1 if unknown else 0
    for item in changed:
        print(f"out of date: {item}")
    if changed:
        print("run: make guide-numbers", file=sys.stderr)
    return 1 if changed or unknown else 0


if __name__ == "__main__":
    raise SystemExit(main())
