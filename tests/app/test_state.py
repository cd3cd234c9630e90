"""The classroom page keeps the model it shows consistent with its controls.

Reproduces issue 15's first bullet: Reset after a preset switch must build exactly the
model the sidebar shows (seed, population and switches), as the run line reports.
"""

from __future__ import annotations

import re

from model.presets import TITLES
from tests.app.test_browser import _run_parameters, expect, page, server  # noqa: F401


def _choose_preset(pg, name: str) -> None:
    pg.locator(".preset-select").click()
    label = re.compile(f"^({re.escape(name)}|{re.escape(TITLES[name])})$")
    pg.get_by_role("option", name=label).click()


def test_reset_after_preset_switch_builds_what_the_sidebar_shows(page):  # noqa: F811
    pg = page
    _choose_preset(pg, "punishment_only")
    expect(pg.locator(".run-parameters")).to_contain_text("redlist.enabled = False")
    # step once, so that period 0 after Reset shows the new model has been built
    pg.get_by_role("button", name="Step", exact=True).click()
    expect(pg.locator(".monitor-period")).to_have_text("1")
    pg.get_by_role("button", name="Reset", exact=True).click()
    expect(pg.locator(".monitor-period")).to_have_text("0")
    text = pg.locator(".run-parameters").inner_text()
    assert "(seed 1)" in text, text
    params = _run_parameters(pg)
    assert params.get("n_subjects") == "2000", text
    assert params.get("redlist.enabled") == "False", text
