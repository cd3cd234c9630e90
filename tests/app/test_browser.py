"""The classroom page in a real browser (headless Chromium driven by Playwright).

One server for the module (tests/app/conftest.py); every page reaches only loopback
and a test fails on any request that would leave the machine or fails. Each sequence
of issue 15 is checked against the server's own event log (what it really built and
stepped), not only against what the page says. Screenshots go to results/app/.
"""

from __future__ import annotations

import re
import time

import pytest

from model import REGISTRY
from model.classroom.columns import MONITORS
from model.classroom.guide_numbers import compute, step_controls, wrongful_example
from model.classroom.ui import fmt
from model.lessons import LESSONS, lesson_controls
from model.presets import PRESETS, TITLES
from tests.app.conftest import SHOTS, TIMEOUT_MS, Offline, start_server

# one server per module: under xdist (make test: --dist loadgroup) the module stays on one worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-page")]
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[app]'")
expect = sync_api.expect
expect.set_options(timeout=TIMEOUT_MS)

PROJECTOR = {"width": 1280, "height": 720}
WIDE = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("page"), "page")


@pytest.fixture
def offline(browser):
    made: list[Offline] = []

    def make(**options) -> Offline:
        made.append(Offline(browser, **options))
        return made[-1]

    yield make
    for ctx in made:
        ctx.close()


def open_page(offline, server, viewport=PROJECTOR, path: str = "", **options):
    ctx = offline(viewport=viewport, **options)
    pg = ctx.page(server.url + path)
    expect(pg.locator(".monitor-period")).to_have_text("0")
    expect(pg.locator(".cr-chart svg").first).to_be_visible()
    return pg


# --- helpers ----------------------------------------------------------------------------
def until(condition, what: str, timeout: float = TIMEOUT_MS / 1000):
    """Poll ``condition`` until true, with a deadline (server-side state has no expect())."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def monitor(pg, key: str) -> str:
    return pg.locator(f".monitor-{key}").first.inner_text().strip()


def model_id(pg) -> str:
    return pg.locator(".run-parameters").get_attribute("data-model")


def run_parameters(pg) -> tuple[int, dict[str, str]]:
    text = pg.locator(".run-parameters").inner_text()
    seed = int(re.search(r"seed (\d+)", text).group(1))
    return seed, dict(re.findall(r"([\w.]+) = ([^,]+)", text.split(":", 1)[1]))


def choose(pg, select: str, option: str) -> None:
    pg.locator(select).click()
    pg.get_by_role("option", name=option, exact=True).click()


def choose_preset(pg, name: str) -> None:
    before = model_id(pg)
    choose(pg, ".preset-select", TITLES[name])
    expect(pg.locator(".run-parameters")).not_to_have_attribute("data-model", before)


def set_number(pg, name: str, value) -> None:
    field = pg.locator(f".param-{name.replace('.', '-')} input").last
    field.fill(str(value))
    field.press("Enter")


def fastest(pg) -> None:
    thumb = pg.locator(".cr-speed [role=slider]")
    thumb.focus()
    thumb.press("End")
    expect(pg.locator(".cr-speed")).to_contain_text("as fast as possible")


def run_to(pg, period: int) -> None:
    pg.locator(".cr-target input").fill(str(period))
    pg.get_by_role("button", name=f"Run to {period}").click()
    expect(pg.locator(".monitor-period")).to_have_text(str(period))
    expect(pg.locator(".cr-play")).to_be_visible()


def step(pg, times: int = 1) -> None:
    for _ in range(times):
        before = int(monitor(pg, "period"))
        pg.get_by_role("button", name="Step", exact=True).click()
        expect(pg.locator(".monitor-period")).to_have_text(str(before + 1))


def built(server, mid: str) -> dict:
    """The server's build event of a model."""
    return until(
        lambda: next(
            (e for e in server.events() if e["event"] == "build" and e["model"] == mid), None
        ),
        f"the build of {mid}",
    )


def assert_page_shows_its_model(pg, server) -> None:
    """Seed, population and switches on the run line are those of the model built."""
    mid = model_id(pg)
    event = built(server, mid)
    seed, params = run_parameters(pg)
    assert seed == event["seed"]
    assert int(params["n_subjects"]) == event["n_subjects"]
    assert set(params) == set(event["changed"])
    for name, value in event["changed"].items():
        assert params[name] == str(value), name


def old_models_still_playing(server, current: set[str]) -> list[str]:
    """Models the page no longer shows that still play, or stepped after they went.

    A model goes when its tab builds another or closes; its play loops must all have
    ended, and no period of it may have run after it went.
    """
    events = server.events()
    bad = []
    for k, e in enumerate(events):
        if e["event"] != "build" or e["model"] in current:
            continue
        mid, later = e["model"], events[k + 1 :]
        own = [x["event"] for x in later if x.get("model") == mid]
        gone = next(
            (
                j
                for j, x in enumerate(later)
                if x.get("session") == e["session"] and x["event"] in ("build", "close")
            ),
            None,
        )
        if gone is None:
            continue  # still shown by a tab that is open
        stepped_after = any(x.get("model") == mid and x["event"] == "step" for x in later[gone:])
        if own.count("start") != own.count("end") or stepped_after:
            bad.append(mid)
    return bad


def set_checkbox(pg, name: str, value: bool) -> None:
    box = pg.locator(".v-input--checkbox", has=pg.get_by_text(f"{name}:", exact=False)).first
    if box.locator("input").is_checked() != value:
        box.locator("label").click()
    expect(box.locator("input")).to_be_checked(checked=value)


# --- state that cannot go wrong -------------------------------------------------------
def test_offline_layout_projector_zoom_and_wide_screen(offline, server):
    pg = open_page(offline, server)
    step(pg, 3)
    assert_page_shows_its_model(pg, server)
    # projector mode by default below 1400 px: monitors in one row above the charts,
    # monitors and every chart on the first screen
    expect(pg.locator(".cr-page.cr-projector")).to_be_visible()
    boxes = [pg.locator(f".monitor-{k}").bounding_box() for k in ("period", *MONITORS)]
    assert len({round(b["y"]) for b in boxes}) == 1, boxes
    charts = pg.locator(".cr-chart svg")
    expect(charts).to_have_count(4)
    lowest = max(
        charts.nth(i).bounding_box()["y"] + charts.nth(i).bounding_box()["height"] for i in range(4)
    )
    assert boxes[0]["y"] < charts.first.bounding_box()["y"] and lowest <= 720, lowest
    # text in the charts: ticks, legends and titles at least 16 px as drawn
    sizes = pg.evaluate(
        """() => {
          const out = {};
          for (const svg of document.querySelectorAll('.cr-chart svg')) {
            const vb = svg.viewBox.baseVal;
            const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
            for (const role of ['axis-label', 'axis-title', 'legend-label', 'title-text']) {
              for (const t of svg.querySelectorAll(`.role-${role} text`)) {
                const px = parseFloat(getComputedStyle(t).fontSize) * scale;
                out[role] = Math.min(out[role] ?? 1e9, px);
              }
            }
          }
          return out;
        }"""
    )
    print("smallest chart text (px):", sizes)
    assert {"axis-label", "legend-label"} <= set(sizes)
    assert min(sizes.values()) >= 16, sizes
    # the sidebar holds the lesson's controls; the rest is behind "All parameters"
    lesson = LESSONS[0]
    for name in lesson.controls:
        if REGISTRY[name].kind is bool:
            expect(pg.get_by_text(f"{name}:", exact=False).first).to_be_visible()
        else:
            expect(pg.locator(f".param-{name.replace('.', '-')}").first).to_be_visible()
    expect(pg.get_by_text("social.enabled:", exact=False)).to_be_hidden()
    pg.screenshot(path=str(SHOTS / "classroom-1280x720.png"))

    # 150% browser zoom on a 1280x720 screen is a window of 853 x 480 CSS px: the
    # sidebar moves above the page, never over it, and nothing scrolls sideways
    pg.set_viewport_size({"width": 853, "height": 480})
    expect(pg.locator(".cr-body")).to_have_css("flex-direction", "column")
    side = pg.locator(".cr-side").bounding_box()
    main = pg.locator(".cr-main").bounding_box()
    overlap_x = min(side["x"] + side["width"], main["x"] + main["width"]) - max(
        side["x"], main["x"]
    )
    overlap_y = min(side["y"] + side["height"], main["y"] + main["height"]) - max(
        side["y"], main["y"]
    )
    assert overlap_x <= 0 or overlap_y <= 0, (side, main)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 853 + 1
    pg.screenshot(path=str(SHOTS / "classroom-zoom150.png"), full_page=True)

    # a wide screen: projector mode off unless switched on; all parameters on demand
    pg.set_viewport_size({"width": 1920, "height": 1080})
    expect(pg.locator(".cr-page.cr-wide")).to_be_visible()
    pg.locator(".cr-all-parameters").click()
    expect(pg.get_by_text("social.enabled:", exact=False)).to_be_visible()
    pg.screenshot(path=str(SHOTS / "classroom-1920x1080.png"))
    pg.get_by_text("Projector mode").click()
    expect(pg.locator(".cr-page.cr-projector")).to_be_visible()


def test_reset_after_preset_switch_builds_what_the_sidebar_shows(offline, server):
    pg = open_page(offline, server)
    choose_preset(pg, "punishment_only")
    step(pg)
    pg.get_by_role("button", name="Reset", exact=True).click()
    expect(pg.locator(".monitor-period")).to_have_text("0")
    seed, params = run_parameters(pg)
    assert seed == 1 and params["n_subjects"] == "2000" and params["redlist.enabled"] == "False"
    assert_page_shows_its_model(pg, server)
    # a set-up control (the population) waits for Reset; then the run line and the model
    # have it
    set_number(pg, "n_subjects", 1500)
    expect(pg.locator(".cr-pending")).to_contain_text("n_subjects = 1500")
    pg.get_by_role("button", name="Reset", exact=True).click()
    expect(pg.locator(".run-parameters")).to_contain_text("n_subjects = 1500")
    expect(pg.locator(".cr-pending")).to_have_count(0)
    assert_page_shows_its_model(pg, server)
    # before the first period any other control starts the run with it at once
    before = model_id(pg)
    set_number(pg, "sanctions.fine", 4.5)
    expect(pg.locator(".run-parameters")).not_to_have_attribute("data-model", before)
    expect(pg.locator(".run-parameters")).to_contain_text("sanctions.fine = 4.5")
    expect(pg.locator(".cr-pending")).to_have_count(0)
    assert_page_shows_its_model(pg, server)


def test_a_change_during_a_run_acts_from_the_next_period_and_is_marked(offline, server):
    pg = open_page(offline, server)
    choose_preset(pg, "punishment_only")
    mid = model_id(pg)
    fastest(pg)
    run_to(pg, 12)
    set_number(pg, "detection.probability", 0.075)
    expect(pg.locator(".run-events")).to_have_text(
        "Changed during the run: (1) from period 13: detection.probability 0.15 \u2192 0.075"
    )
    assert model_id(pg) == mid  # the same run goes on; the run line says how it started
    assert "detection.probability" not in run_parameters(pg)[1]
    expect(pg.locator(".cr-pending")).to_have_count(0)
    # the server applied it between periods 12 and 13
    sets = until(
        lambda: [e for e in server.events() if e["event"] == "set" and e["model"] == mid],
        "the change on the server",
    )
    assert [(e["t"], e["name"], e["value"]) for e in sets] == [(12, "detection.probability", 0.075)]
    run_to(pg, 24)
    # marked on every chart, half a period before period 13, numbered as on the run line
    for key in ("acts", "subjects", "listings", "payoff"):
        expect(pg.locator(f".chart-{key} svg .layer_1_marks line")).to_have_count(1)
        expect(pg.locator(f".chart-{key} svg .layer_2_marks text")).to_have_text("1")
    # the run line and its change leave monitors and charts on one 1280x720 screen
    pg.evaluate("window.scrollTo(0, 0)")
    charts = pg.locator(".cr-chart svg")
    expect(charts).to_have_count(4)
    lowest = max(
        charts.nth(i).bounding_box()["y"] + charts.nth(i).bounding_box()["height"] for i in range(4)
    )
    assert lowest <= 720, lowest
    # at 12.5 on the 0-24 axis: between the points of periods 12 and 13
    rule = pg.locator(".chart-acts svg .layer_1_marks line").bounding_box()
    axis = pg.locator(
        ".chart-acts svg g[aria-label^='X-axis'] .role-axis-domain line"
    ).bounding_box()
    at = (rule["x"] + rule["width"] / 2 - axis["x"]) / axis["width"] * 24
    assert abs(at - 12.5) < 0.2, at
    # the run's table says where it acted
    with pg.expect_download(timeout=TIMEOUT_MS) as dl:
        pg.get_by_text("Table (CSV)").click()
    lines = open(dl.value.path(), encoding="utf-8").read().splitlines()
    header = lines[0].split(",")
    events = [row.split(",")[header.index("events")] for row in lines[1:]]
    assert events == [""] * 12 + ["detection.probability=0.075"] + [""] * 11
    pg.screenshot(path=str(SHOTS / "change-during-a-run.png"))
    # Reset starts a new run with the sidebar's values, the change among them
    pg.get_by_role("button", name="Reset", exact=True).click()
    expect(pg.locator(".run-parameters")).to_contain_text("detection.probability = 0.075")
    expect(pg.locator(".run-events")).to_have_text("")
    assert_page_shows_its_model(pg, server)


def test_switching_presets_while_playing_stops_the_old_model(offline, server):
    pg = open_page(offline, server)
    first = model_id(pg)
    pg.locator(".cr-play").click()
    expect(pg.locator(".monitor-period")).not_to_have_text("0")
    choose_preset(pg, "no_system")
    expect(pg.locator(".cr-play")).to_be_visible()  # play stopped
    expect(pg.locator(".monitor-period")).to_have_text("0")
    assert_page_shows_its_model(pg, server)
    # many switches, some while playing
    names = [n for n in PRESETS if n != "no_system"][:6]
    for k, name in enumerate(names):
        if k % 2 == 0:
            pg.locator(".cr-play").click()
            expect(pg.locator(".cr-pause")).to_be_visible()
        choose_preset(pg, name)
    step(pg, 2)
    assert_page_shows_its_model(pg, server)
    assert pg.locator(".preset-select").inner_text().find(TITLES[names[-1]]) >= 0
    current = model_id(pg)
    assert current != first
    until(lambda: not old_models_still_playing(server, {current}), "old play loops to end")


def test_pause_does_not_overshoot_and_run_to_stops_exactly(offline, server):
    pg = open_page(offline, server)
    mid = model_id(pg)
    pg.locator(".cr-play").click()
    expect(pg.locator(".monitor-period")).not_to_have_text("0")
    pg.locator(".cr-pause").click()
    expect(pg.locator(".cr-play")).to_be_visible()
    shown = int(monitor(pg, "period"))
    steps = [e["t"] for e in server.events() if e["event"] == "step" and e["model"] == mid]
    assert steps[-1] == shown  # the page shows the last period run, and none ran after
    step(pg)
    assert int(monitor(pg, "period")) == shown + 1
    fastest(pg)
    run_to(pg, shown + 9)
    steps = [e["t"] for e in server.events() if e["event"] == "step" and e["model"] == mid]
    assert steps[-1] == shown + 9


def test_two_tabs_play_their_own_models(offline, server):
    a = open_page(offline, server)
    b = open_page(offline, server)
    choose_preset(b, "no_system")
    a.locator(".cr-play").click()
    b.locator(".cr-play").click()
    for pg in (a, b):
        expect(pg.locator(".monitor-period")).not_to_have_text("0")
        expect(pg.locator(".monitor-period")).not_to_have_text("1")
        pg.locator(".cr-pause").click()
        expect(pg.locator(".cr-play")).to_be_visible()
        assert_page_shows_its_model(pg, server)
    assert model_id(a) != model_id(b)
    assert float(monitor(b, "listed")) == 0.0  # no credit system in b
    before = monitor(b, "period")
    step(a)
    assert monitor(b, "period") == before


def test_reload_ends_the_old_play_loop(offline, server):
    pg = open_page(offline, server)
    old = model_id(pg)
    pg.locator(".cr-play").click()
    expect(pg.locator(".monitor-period")).not_to_have_text("0")
    pg.reload()
    expect(pg.locator(".monitor-period")).to_have_text("0")
    assert model_id(pg) != old
    assert_page_shows_its_model(pg, server)
    current = model_id(pg)
    until(
        lambda: not old_models_still_playing(server, {current}),
        f"the old loop to end: {old_models_still_playing(server, {current})}",
    )


# --- lesson flow --------------------------------------------------------------------------
def test_save_survives_a_reload_export_and_compare(offline, server):
    pg = open_page(offline, server)
    fastest(pg)
    run_to(pg, 3)
    pg.get_by_role("button", name="Save this run").click()
    label = f"{TITLES['outline_core']}, seed 1, period 3"
    expect(pg.locator(".cr-saved-select")).to_contain_text(label)
    pg.reload()
    expect(pg.locator(".cr-saved-select")).to_contain_text(label)
    dashed = pg.locator(".chart-acts svg path[stroke-dasharray='8,5']")
    expect(dashed.first).to_be_attached()
    # the run's table as CSV, a chart as SVG and PNG
    run_to(pg, 2)
    with pg.expect_download() as dl:
        pg.get_by_text("Table (CSV)").click()
    lines = open(dl.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("period,") and len(lines) == 3
    with pg.expect_download() as dl:
        pg.locator(".chart-acts .export-svg").click()
    assert dl.value.suggested_filename.endswith(".svg")
    assert open(dl.value.path(), encoding="utf-8").read().lstrip().startswith("<svg")
    with pg.expect_download() as dl:
        pg.locator(".chart-acts .export-png").click()
    assert open(dl.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    # a second preset side by side, in step
    choose(pg, ".cr-compare-select", TITLES["no_system"])
    expect(pg.locator(".comparison-plot svg")).to_have_count(4)
    step(pg)
    expect(pg.locator(".comparison-plot .vega-chart-plot").first).to_have_attribute(
        "data-rows", "9"
    )


def sidebar_names(pg) -> list[str]:
    """The parameters in the sidebar, top to bottom ("all" for the All parameters button)."""
    return pg.evaluate(
        """() => [...document.querySelectorAll(
              '.cr-side .cr-param-name, .cr-side .v-input--checkbox label, .cr-all-parameters')]
            .map(e => e.classList.contains('cr-all-parameters') ? 'all'
                      : e.innerText.trim().split(':')[0])"""
    )


def test_each_lessons_controls_in_order_after_any_lesson_switch(offline, server):
    pg = open_page(offline, server)
    for lesson in [*LESSONS[1:3], LESSONS[0], LESSONS[2], LESSONS[1]]:
        choose(pg, ".lesson-select", lesson.title)
        want = [*lesson_controls(lesson.key, REGISTRY), "all"]
        until(lambda want=want: sidebar_names(pg) == want, f"{lesson.key}: {want}")
    # with all parameters open, each control once, the lesson's first
    pg.locator(".cr-all-parameters").click()
    choose(pg, ".lesson-select", LESSONS[0].title)
    want = lesson_controls(LESSONS[0].key, REGISTRY)
    until(
        lambda: (
            sidebar_names(pg)[: len(want) + 1] == [*want, "all"]
            and len(sidebar_names(pg)) == len(set(sidebar_names(pg)))
        ),
        "lesson 1's controls, then all the others once",
    )


def test_info_panel_quotes_each_switchs_clause(offline, server):
    pg = open_page(offline, server)
    pg.get_by_role("tab", name="Info").click()
    info = pg.locator(".cr-info")
    expect(info).to_contain_text("What is it?")
    expect(info).to_contain_text("Things to try")
    for name in ("blacklist.enabled", "redlist.enabled", "appeals.enabled"):
        expect(info).to_contain_text(REGISTRY[name].clause)
    # without make app-class's flag there is no class game, and no student page
    expect(pg.get_by_role("tab", name="Class game")).to_have_count(0)
    student = open_page(offline, server, path="?join")
    expect(student.get_by_role("tab", name="Info")).to_be_visible()


@pytest.mark.parametrize("viewport", [PROJECTOR, WIDE], ids=["1280x720", "1920x1080"])
def test_each_lesson_gives_the_numbers_the_guide_quotes(offline, server, viewport):
    numbers = compute()
    pg = open_page(offline, server, viewport=viewport)
    fastest(pg)
    for lesson in LESSONS:
        if not lesson.steps:
            continue
        choose(pg, ".lesson-select", lesson.title)
        for s in lesson.steps:
            if TITLES[s.preset] not in pg.locator(".preset-select").inner_text():
                choose_preset(pg, s.preset)
            else:  # the preset's own values again, in a new run
                before = model_id(pg)
                pg.locator(".cr-restore").click()
                expect(pg.locator(".run-parameters")).not_to_have_attribute("data-model", before)
            controls = step_controls(s)
            for name in (*s.changes, *s.scale):
                if REGISTRY[name].kind is bool:
                    set_checkbox(pg, name, bool(controls[name]))
                else:
                    set_number(pg, name, controls[name])
            if s.changes or s.scale:
                pg.get_by_role("button", name="Reset", exact=True).click()
                for name in (*s.changes, *s.scale):
                    expect(pg.locator(".run-parameters")).to_contain_text(
                        f"{name} = {controls[name]}"
                    )
            if s.during:  # changed during the run: acts from the next period, marked
                run_to(pg, s.after)
                for name, value in s.during.items():
                    if REGISTRY[name].kind is bool:
                        set_checkbox(pg, name, bool(value))
                    else:
                        set_number(pg, name, value)
                    expect(pg.locator(".run-events")).to_contain_text(
                        f"from period {s.after + 1}: {name} "
                    )
            run_to(pg, s.period)
            for key in MONITORS:  # the monitors change together, with the period
                value = numbers[f"{lesson.key}.{s.key}.{key}"]
                assert monitor(pg, key) == fmt(value), (lesson.key, s.key, key)
            assert_page_shows_its_model(pg, server)
            size = f"{viewport['width']}x{viewport['height']}"
            pg.screenshot(path=str(SHOTS / f"lesson-{lesson.key}-{s.key}-{size}.png"))
            if (lesson.key, s.key) == ("carrots", "none"):  # the guide: "Save this run"
                pg.get_by_role("button", name="Save this run").click()
                expect(pg.locator(".cr-saved-select")).to_contain_text(TITLES[s.preset])
            if (lesson.key, s.key) == ("carrots", "core") and viewport == PROJECTOR:
                # the guide's screenshot (docs/img/classroom.png)
                expect(
                    pg.locator(".chart-acts svg path[stroke-dasharray='8,5']").first
                ).to_be_attached()
                pg.screenshot(path=str(SHOTS / "classroom.png"))
            if (lesson.key, s.key) == ("conscience", "crowding_out_off") and viewport == PROJECTOR:
                # the guide's second screenshot (docs/img/classroom-switched-off.png)
                pg.evaluate("window.scrollTo(0, 0)")
                expect(pg.locator(".chart-acts svg .layer_1_marks line")).to_have_count(1)
                charts = pg.locator(".cr-chart svg")
                assert all(  # a long run line and two changes: the charts still fit
                    charts.nth(i).bounding_box()["y"] + charts.nth(i).bounding_box()["height"]
                    <= 720
                    for i in range(4)
                )
                pg.screenshot(path=str(SHOTS / "classroom-switched-off.png"))


# --- play a subject -------------------------------------------------------------------------
def test_a_class_plays_a_subject_through_24_periods(offline, server):
    pg = open_page(offline, server)
    choose_preset(pg, "error_prone_no_appeals")
    assert "detection.false_record_rate" in run_parameters(pg)[1]
    example = wrongful_example("error_prone_no_appeals")
    if example is None:
        pytest.skip("no wrongful listing of an honest subject within 24 periods")
    subject, when = example
    pg.get_by_role("tab", name="Play a subject").click()
    pg.locator(".cr-subject-id input").fill(str(subject))
    pg.get_by_role("button", name="Play this subject").click()
    expect(pg.locator(".cr-subject")).to_contain_text(f"Subject {subject}")
    for t in range(1, 25):
        pg.locator(".cr-keep").click()
        expect(pg.locator(".cr-situation")).to_contain_text(f"after period {t}.")
        if t == when:
            expect(pg.locator(".cr-wrongful")).to_contain_text("Wrongful listing!")
    expect(pg.locator(".cr-history tr")).to_have_count(25)
    expect(pg.locator(".cr-history")).not_to_contain_text("broke faith")
    expect(pg.locator(".monitor-period")).to_have_text("24")
    pg.screenshot(path=str(SHOTS / "play-a-subject.png"), full_page=True)
