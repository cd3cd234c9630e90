"""docs/teachers-guide.md quotes the numbers the model gives (model/classroom/guide_numbers.py)."""

from __future__ import annotations

from model.classroom.guide_numbers import GUIDE, compute, lesson_table, main, update
from model.lessons import LESSONS


def test_the_guides_numbers_are_the_models():
    text = GUIDE.read_text(encoding="utf-8")
    numbers = compute()
    new, changed, unknown = update(text, numbers)
    assert not unknown, f"the guide marks numbers nobody computes: {unknown}"
    assert not changed, f"run `make guide-numbers`: {changed}"
    for lesson in LESSONS:
        if lesson.steps:
            assert f"<!-- table:{lesson.key} -->" in text, lesson.key
            assert f"{lesson.key}." in text.replace("<!-- n:", " ")


def test_update_rewrites_only_marked_numbers(tmp_path):
    numbers = {"carrots.none.honesty": 0.2049, "defaults.sanctions.fine": 3.0}
    text = (
        "honesty 0.99<!-- n:carrots.none.honesty --> and 0.99 unmarked; "
        "fine 7<!-- n:defaults.sanctions.fine -->; 1<!-- n:no.such.key -->\n"
        "<!-- table:carrots -->\nold\n<!-- /table -->\n"
    )
    new, changed, unknown = update(text, compute_carrots() | numbers)
    assert "honesty 0.20<!-- n:carrots.none.honesty --> and 0.99 unmarked" in new
    assert "fine 3<!-- n:defaults.sanctions.fine -->" in new
    assert unknown == ["no.such.key"] and "table:carrots" in changed
    assert "\nold\n" not in new
    # the command: a check fails on an old number, --write fixes it, the check passes
    path = tmp_path / "guide.md"
    path.write_text("a fine of 7<!-- n:defaults.sanctions.fine -->\n", encoding="utf-8")
    assert main(["--guide", str(path)]) == 1
    assert main(["--guide", str(path), "--write"]) == 0
    assert path.read_text(encoding="utf-8") == "a fine of 3<!-- n:defaults.sanctions.fine -->\n"
    assert main(["--guide", str(path)]) == 0


def compute_carrots() -> dict[str, float]:
    """Numbers for the carrots table without running the model (every cell 0.5)."""
    lesson = LESSONS[0]
    keys = ("honesty", "trust", "welfare", "listed", "wrongful", "integrity")
    out = {f"{lesson.key}.{s.key}.{k}": 0.5 for s in lesson.steps for k in keys}
    assert "0.50" in lesson_table(lesson.key, out)
    return out
