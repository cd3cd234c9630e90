"""Browser-test fixtures: the page's server, Chromium, and a network that ends at loopback.

The page runs under ``solara run model/app.py`` on loopback, exactly as ``make app``
starts it (one server per test module). Chromium is Debian's (.ci/install-browser.sh);
Playwright's own browser download is never used. Every page is opened in a context
whose requests to anything but 127.0.0.1 are aborted and recorded, and whose failed
requests and error responses are recorded: a test fails on any of them (the page must
work with no internet). The server writes its events (builds, steps, start and end of
play) to a log the tests read: what the server really runs, not what the page says.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

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
#: Every wait and expect() in the browser tests (a loaded 2-core machine is slow).
TIMEOUT_MS = 60_000
LOOPBACK = {"127.0.0.1", "localhost"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running page server: its URL, event log and output."""

    def __init__(self, url: str, log: Path, out: Path) -> None:
        self.url = url
        self.log = log
        self.out = out

    def events(self) -> list[dict]:
        """The server's events so far (builds, steps, starts and ends of play)."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(x) for x in lines if x.endswith("}")]

    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")


def start_server(tmp: Path, name: str, **env: str):
    """Start ``solara run model/app.py`` on a free loopback port; yields a Server."""
    port = _free_port()
    solara = Path(sys.executable).parent / "solara"
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / f"server-{name}.log"
    log = tmp / "events.jsonl"
    environ = {
        **os.environ,
        "CREDIT_ABM_APP_LOG": str(log),
        "CREDIT_ABM_APP_DIR": str(tmp / "app"),
        **env,
    }
    with open(out, "w") as f:
        proc = subprocess.Popen(
            [str(solara), "run", "model/app.py", "--host", "127.0.0.1", "--port", str(port)]
            + ["--production"],
            cwd=ROOT,
            stdout=f,
            stderr=subprocess.STDOUT,
            env=environ,
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
        time.sleep(0.5)  # waiting for a server to start: polled, with a deadline
    server = Server(url, log, out)
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert "Traceback" not in server.output(), server.output()[-3000:]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (run .ci/install-browser.sh)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[app]'")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Offline:
    """A browser context that reaches only loopback; records everything else."""

    def __init__(self, browser, **options) -> None:
        self.context = browser.new_context(accept_downloads=True, **options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.requested: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        self.requested.append(route.request.url)
        host = urllib.parse.urlsplit(route.request.url).hostname or ""
        if host in LOOPBACK or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def page(self, url: str):
        pg = self.context.new_page()
        pg.on(
            "requestfailed",
            lambda r: (
                self.failed.append(f"{r.url} ({r.failure})")
                if not r.url.startswith(("data:", "blob:"))
                else None
            ),
        )
        pg.on(
            "response",
            lambda r: self.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None,
        )
        pg.goto(url)
        return pg

    def close(self) -> None:
        self.context.close()
        # aborted on purpose when the test closes a page mid-load: not a failure
        failed = [f for f in self.failed if "ERR_ABORTED" not in f and "net::ERR_FAILED" not in f]
        assert not self.outside, f"requests that left the machine: {self.outside}"
        assert not failed, f"failed requests: {failed}"
        # KaTeX (Solara's Markdown loads it from a CDN, through the server) is never asked for
        assert not [u for u in self.requested if "katex" in u.lower()]
