"""Lessons (model/lessons.py) and saved runs (model/classroom/store.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from model import REGISTRY, default_parameters
from model.classroom import store
from model.lessons import LESSONS, lesson_controls, preset_order, step_parameters
from model.presets import PRESETS


def test_every_preset_is_listed_once_in_lesson_order():
    order = preset_order(PRESETS)
    assert sorted(order) == sorted(PRESETS)
    assert order[: len(LESSONS[0].presets)] == list(LESSONS[0].presets)
    # a preset the lessons do not know yet comes last; one that is gone is skipped
    with_new = preset_order(["a_new_preset", *PRESETS])
    used = {p for lesson in LESSONS for p in lesson.presets}
    assert with_new.index("a_new_preset") >= len(used)
    assert "no_system" not in preset_order([p for p in PRESETS if p != "no_system"])


def test_lessons_name_presets_and_parameters_that_exist():
    for lesson in LESSONS:
        assert set(lesson.presets) <= set(PRESETS), lesson.key
        assert set(lesson.controls) <= set(REGISTRY), lesson.key
        for step in lesson.steps:
            assert step.preset in PRESETS and step.preset in lesson.presets
            assert set(step.changes) | set(step.scale) <= set(lesson.controls)
            assert set(step.during) <= set(lesson.controls)
            assert not step.during or 0 < step.after < step.period
            assert all(not REGISTRY[n].setup_only for n in step.during)  # can change mid-run
    names = lesson_controls(LESSONS[0].key, {"n_subjects": 1, "sanctions.fine": 1})
    assert names == ["n_subjects", "sanctions.fine"]  # unknown names are skipped


def test_step_parameters_halve_from_the_presets_value():
    halve = next(s for s in LESSONS[0].steps if s.scale)
    params = step_parameters(halve, PRESETS[halve.preset], default_parameters())
    name, factor = next(iter(halve.scale.items()))
    assert params[name] == pytest.approx(REGISTRY[name].default * factor)


def test_saved_runs_survive_and_can_be_forgotten(tmp_path, monkeypatch):
    monkeypatch.setenv("CREDIT_ABM_APP_DIR", str(tmp_path))
    frame = pd.DataFrame({"period": [1, 2], "honesty_rate": [0.25, 0.5]})
    a = store.save("No credit system, seed 1, period 2", frame, {"seed": 1})
    b = store.save("No credit system, seed 1, period 2", frame, {"seed": 1})
    assert a.name != b.name
    assert [r.label for r in store.runs()] == [a.label, b.label]
    pd.testing.assert_frame_equal(store.load(a.name), frame)
    (tmp_path / "saved" / "broken.json").write_text("{not json")
    store.delete(a.name)
    assert [r.name for r in store.runs()] == [b.name]
    assert store.load(a.name) is None


def test_chart_libraries_are_linked_by_major_version(tmp_path):
    from model.classroom.assets import ensure_links

    for name in ("vega@5.21.0", "vega@5.3.1", "vega-lite@5.2.0", "vega-embed@6.20.2"):
        (tmp_path / name / "build").mkdir(parents=True)
    links = ensure_links(tmp_path)
    assert links == {
        "vega@5": "vega@5.21.0",
        "vega-lite@5": "vega-lite@5.2.0",
        "vega-embed@6": "vega-embed@6.20.2",
    }
    assert (tmp_path / "vega@5" / "build").is_dir()
    assert ensure_links(tmp_path) == links  # again: nothing to do
    (tmp_path / "vega@5.30.0").mkdir()  # a newer one installed later: the link follows
    assert ensure_links(tmp_path)["vega@5"] == "vega@5.30.0"
