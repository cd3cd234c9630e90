"""The classroom page in a real browser (headless Chromium driven by Playwright).

The app runs under ``solara run model/app.py`` on loopback, exactly as ``make app``
starts it. Chromium is Debian's (``.ci/install-browser.sh``); Playwright's own browser
download is never used. Screenshots go to results/app/ (untracked output).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "results" / "app"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 60_000

if not CHROMIUM.exists():
    pytest.skip(
        "Chromium is not installed at /usr/bin/chromium (run .ci/install-browser.sh)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[app]'")
expect = sync_api.expect


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    solara = Path(sys.executable).parent / "solara"
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = open(SHOTS / "server.log", "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [str(solara), "run", "model/app.py", "--host", "127.0.0.1", "--port", str(port)]
        + ["--production"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"solara did not start on {url} (exit code {proc.poll()})")
        time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def page(server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1500, "height": 1100})
        pg.set_default_timeout(TIMEOUT_MS)
        pg.goto(server)
        expect(pg.locator(".monitor-period")).to_have_text("0", timeout=90_000)
        yield pg
        browser.close()


def _monitor(pg, col: str) -> str:
    return pg.locator(f".monitor-{col}").inner_text().strip()


def _step(pg, times: int) -> None:
    for _ in range(times):
        before = int(_monitor(pg, "period"))
        pg.get_by_role("button", name="Step", exact=True).click()
        expect(pg.locator(".monitor-period")).to_have_text(str(before + 1))


def _img_src(pg, css: str) -> str:
    img = pg.locator(f"{css} img").first
    expect(img).to_be_visible()
    return img.get_attribute("src") or ""


def _run_parameters(pg) -> dict[str, str]:
    text = pg.locator(".run-parameters").inner_text()
    return dict(re.findall(r"([\w.]+) = ([^,]+)", text.split(":", 1)[1]))


def test_step_controls_save_and_compare(page):
    pg = page
    # before the first step the monitors show no value
    assert _monitor(pg, "honesty_rate") == "–"
    plot0 = _img_src(pg, ".outcome-plot")
    net0 = _img_src(pg, ".network-view")
    pg.screenshot(path=str(SHOTS / "01-start.png"), full_page=True)

    _step(pg, 1)
    first = {c: _monitor(pg, c) for c in ("honesty_rate", "trust_rate", "welfare")}
    _step(pg, 4)
    fifth = {c: _monitor(pg, c) for c in ("honesty_rate", "trust_rate", "welfare")}
    for col in ("honesty_rate", "trust_rate"):
        assert 0.0 <= float(fifth[col]) <= 1.0
    # outcomes move between period 1 and period 5, and the plots are redrawn
    assert first != fifth
    assert _img_src(pg, ".outcome-plot") != plot0
    assert _img_src(pg, ".network-view") != net0

    # the run reports its parameters: the classroom population, nothing else changed
    params = _run_parameters(pg)
    assert params.get("n_subjects") == "2000"
    assert "social.enabled" not in params and "sanctions.fine" not in params

    # flip a switch and move a slider, then Reset builds a model with them
    pg.get_by_text("social.enabled:", exact=False).first.click()
    slider = pg.locator(".v-input", has=pg.get_by_text("sanctions.fine", exact=True))
    thumb = slider.locator("[role=slider]").first
    thumb.focus()
    for _ in range(4):
        thumb.press("ArrowRight")
    pg.get_by_role("button", name="Reset", exact=True).click()
    expect(pg.locator(".monitor-period")).to_have_text("0")
    expect(pg.locator(".run-parameters")).to_contain_text("social.enabled = True")
    params = _run_parameters(pg)
    assert float(params["sanctions.fine"]) > 3.0  # the default is 3.0; moved right

    # save this run; a later run shows it dashed (the label names the saved run)
    _step(pg, 3)
    pg.get_by_role("button", name="Save this run").click()
    expect(pg.locator(".saved-label")).to_contain_text("period 3")
    plot_saved = _img_src(pg, ".outcome-plot")
    _step(pg, 2)
    assert _img_src(pg, ".outcome-plot") != plot_saved

    # a second preset side by side, stepped in lockstep
    pg.locator(".v-select", has_text="Run another preset side by side").click()
    pg.get_by_role("option", name="no_system", exact=True).click()
    expect(pg.locator(".comparison-plot img")).to_be_visible()
    comp0 = _img_src(pg, ".comparison-plot")
    _step(pg, 2)
    assert _img_src(pg, ".comparison-plot") != comp0
    pg.screenshot(path=str(SHOTS / "02-after-steps.png"), full_page=True)


def test_preset_changes_model(page):
    pg = page
    pg.locator(".preset-select").click()
    pg.get_by_role("option", name="no_system", exact=True).click()
    expect(pg.get_by_text("No credit system.")).to_be_visible()
    expect(pg.locator(".run-parameters")).to_contain_text("detection.enabled = False")
    _step(pg, 6)
    # no system: nobody is blacklisted, rightly or wrongly
    assert float(_monitor(pg, "blacklisted_share")) == 0.0
    assert float(_monitor(pg, "wrongly_blacklisted_share")) == 0.0
    assert float(_monitor(pg, "honesty_rate")) > 0.0
    pg.screenshot(path=str(SHOTS / "03-no-system.png"), full_page=True)
