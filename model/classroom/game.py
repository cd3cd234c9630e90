"""The class game: each student's browser plays one subject of one shared society.

Off unless the server was started with ``CREDIT_ABM_CLASS_GAME=1`` (``make app-class``,
which is also the only way the server listens on the classroom network rather than on
this computer alone). The teacher starts a game from the page opened on the teacher's
own computer, with the sidebar's settings; the page shows a join code. Students open
``http://<teacher's address>:<port>``, enter the code and a name, and each is given
one subject. Each period every student chooses to keep or break faith; the teacher
moves to the next period, or lets the game move on once everyone has chosen. A
student who has not chosen leaves the subject to the model's own rule that period.

There is one game per server, shared by every tab: :data:`GAME`. Each tab that shows
it runs a small watcher thread that redraws the tab when the game changes and ends
with the tab.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import solara

from model import CreditSystemModel
from model.classroom import columns as cols
from model.classroom import text
from model.classroom.session import _current_context, log_event, model_parameters
from model.classroom.ui import MonitorRow, md
from model.inspect import describe_subject
from model.params import ParameterError
from model.population import KINDS
from model.presets import TITLES

#: Host names under which the page is the teacher's (opened on the teacher's computer).
TEACHER_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def enabled() -> bool:
    """Whether the class game is on (``CREDIT_ABM_CLASS_GAME=1``, set by make app-class)."""
    return os.environ.get("CREDIT_ABM_CLASS_GAME") == "1"


@dataclass
class Player:
    """One student: a subject of the shared society."""

    token: str
    name: str
    subject: int
    choice: bool | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    now: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class View:
    """What a tab draws of the game (made under the game's lock, never changed).

    Attributes:
        version: Changes with every change of the game.
        active: A game is running.
        code: The join code.
        preset: The preset the game started from.
        t: Periods run.
        outcomes: The society's latest outcomes.
        columns: The page's column keys -> the model's names.
        players: (name, subject, has chosen) of every student.
        class_honesty: Share of the class's deals in the latest period that kept faith.
        me: The viewing student's subject now, or None.
        history: The viewing student's past periods.
        choice: The viewing student's choice for the coming period (None: not yet).

    """

    version: int
    active: bool
    code: str = ""
    preset: str = ""
    t: int = 0
    outcomes: dict[str, float] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    players: tuple[tuple[str, int, bool], ...] = ()
    class_honesty: float | None = None
    me: dict[str, Any] | None = None
    history: tuple[dict[str, Any], ...] = ()
    choice: bool | None = None


class ClassGame:
    """The shared society of the class game and its players."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self.version = 0
        self._model: CreditSystemModel | None = None
        self._preset = ""
        self._code = ""
        self._players: dict[str, Player] = {}
        self._free: list[int] = []
        self._class_honesty: float | None = None
        self.auto = True

    # --- teacher ----------------------------------------------------------------------
    def start(self, controls: dict[str, Any], preset: str) -> str | None:
        """Start a new game with these controls; returns an error message or None."""
        seed, params = model_parameters(controls)
        try:
            model = CreditSystemModel(rng=seed, allow_inactive=True, **params)
        except ParameterError as e:
            return str(e)
        s = model.subjects
        # students play firms with a credit file first (departments' lists aim at
        # firms), then persons with a file, then the others
        firm = s.kind == KINDS.index("firm")
        order = np.concatenate(
            [
                np.flatnonzero(firm & s.has_file),
                np.flatnonzero(~firm & s.has_file),
                np.flatnonzero(~s.has_file),
            ]
        )
        with self._lock:
            self._model = model
            self._preset = preset
            self._code = f"{1000 + secrets.randbelow(9000)}"
            self._players = {}
            self._free = [int(i) for i in order[:1000]]
            self._class_honesty = None
            log_event("game-start", code=self._code, seed=seed)
            self._bump()
        return None

    def stop(self) -> None:
        """End the game."""
        with self._lock:
            self._model = None
            self._code = ""
            self._players = {}
            self._bump()

    def set_auto(self, auto: bool) -> None:
        """Move on by itself once every student has chosen (or not)."""
        with self._lock:
            self.auto = bool(auto)
            self._bump()
            self._maybe_advance()

    def advance(self) -> None:
        """Run one period with the students' choices."""
        with self._lock:
            m = self._model
            if m is None:
                return
            m.forced_acts = {
                p.subject: p.choice for p in self._players.values() if p.choice is not None
            }
            m.step()
            per = m.period
            ids = np.array([p.subject for p in self._players.values()], dtype=np.int64)
            dealt = per.transacted[ids] if len(ids) else np.zeros(0, dtype=bool)
            kept = per.honest[ids][dealt] if len(ids) else np.zeros(0, dtype=bool)
            self._class_honesty = float(kept.mean()) if len(kept) else None
            for p in self._players.values():
                p.now = describe_subject(m, p.subject)
                p.history.append(p.now)
                p.choice = None
            log_event("game-step", t=m.t, forced=len(m.forced_acts))
            self._bump()

    # --- students -----------------------------------------------------------------------
    def join(self, code: str, name: str) -> tuple[str | None, str | None]:
        """A student joins; returns (token, None) or (None, what went wrong)."""
        with self._lock:
            if self._model is None or not self._code:
                return None, "No class game is running: ask your teacher to start one."
            if code.strip() != self._code:
                return None, "That is not the join code on the teacher's screen."
            if not self._free:
                return None, "The game is full."
            token = secrets.token_hex(8)
            subject = self._free.pop(0)
            player = Player(
                token, name.strip()[:30] or f"student {len(self._players) + 1}", subject
            )
            player.now = describe_subject(self._model, subject)
            self._players[token] = player
            log_event("game-join", subject=subject)
            self._bump()
            return token, None

    def choose(self, token: str, honest: bool) -> None:
        """A student's choice for the coming period."""
        with self._lock:
            player = self._players.get(token)
            if player is None or self._model is None:
                return
            player.choice = bool(honest)
            self._bump()
            self._maybe_advance()

    # --- views ------------------------------------------------------------------------
    def view(self, token: str | None = None) -> View:
        """What a tab draws (a student's tab passes its token)."""
        with self._lock:
            m = self._model
            if m is None:
                return View(self.version, False)
            me = self._players.get(token) if token else None
            return View(
                version=self.version,
                active=True,
                code=self._code,
                preset=self._preset,
                t=m.t,
                outcomes=dict(m.outcomes),
                columns=cols.resolve(m.columns()),
                players=tuple(
                    (p.name, p.subject, p.choice is not None) for p in self._players.values()
                ),
                class_honesty=self._class_honesty,
                me=dict(me.now) if me else None,
                history=tuple(me.history) if me else (),
                choice=me.choice if me else None,
            )

    def wait(self, seen: int, timeout: float) -> int:
        """Wait (at most ``timeout`` seconds) for a version other than ``seen``."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def _bump(self) -> None:
        self.version += 1
        self._changed.notify_all()

    def _maybe_advance(self) -> None:
        players = self._players.values()
        if self.auto and players and all(p.choice is not None for p in players):
            self.advance()


#: The one game of this server.
GAME = ClassGame()


def is_teacher() -> bool:
    """Whether this tab was opened on the teacher's own computer (a loopback address)."""
    headers = solara.lab.headers.value or {}
    host = (headers.get("host") or [""])[0]
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    return name in TEACHER_HOSTS


def request_port() -> str:
    """The port this page was loaded from (the students use the same)."""
    headers = solara.lab.headers.value or {}
    host = (headers.get("host") or [""])[0]
    return host.rsplit(":", 1)[1] if ":" in host.rsplit("]", 1)[-1] else "80"


def classroom_address(port: str) -> str:
    """The address students type: this computer's address on the classroom network.

    A UDP socket "connected" to a private address sends nothing; it only picks the
    network interface (and so the address) the computer would use.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            ip = s.getsockname()[0]
    except OSError:
        ip = "this computer's address"
    return f"http://{ip}:{port}"


def use_game_view(token: str | None = None) -> View:
    """The game as this tab should draw it, redrawn whenever the game changes."""
    version = solara.use_reactive(-1)
    _ = version.value  # read during the render: a new version redraws this tab

    def watch() -> Any:
        stop = threading.Event()
        context = _current_context()

        def run() -> None:
            seen = version.value
            while not stop.is_set() and not (context and context.closed_event.is_set()):
                now = GAME.wait(seen, timeout=1.0)
                if now != seen and not stop.is_set():
                    seen = now
                    version.set(now)

        thread = threading.Thread(target=run, name="game-watch", daemon=True)
        thread.start()
        return stop.set

    solara.use_effect(watch, dependencies=[])
    return GAME.view(token)


@solara.component
def GameTab(controls: dict[str, Any], preset: str) -> None:
    """The teacher's view: start, join code, players, next period."""
    view = use_game_view()
    teacher = is_teacher()
    error = solara.use_reactive(None)

    def start() -> None:
        error.set(GAME.start(controls, preset))

    if not view.active:
        md(
            "No class game is running. **Start** one with the sidebar's settings (preset, "
            "seed, population, switches); each student's browser will play one subject."
        )
        solara.Button(
            "Start a class game",
            on_click=start,
            disabled=not teacher,
            color="primary",
            classes=["cr-game-start"],
        )
        if not teacher:
            solara.Warning("Only the page on the teacher's computer can start a game.")
        if error.value:
            solara.Error(error.value)
        return
    md(
        f"Join code: <span class='cr-join-code'>{view.code}</span> "
        f"Students open **{classroom_address(request_port())}** and enter the code "
        "(to try the student's page on this computer, open a tab at **/?join**).",
        classes=["cr-join"],
    )
    chose = sum(c for _, _, c in view.players)
    solara.Text(
        f"{TITLES.get(view.preset, view.preset)} · {len(view.players)} students · "
        f"{chose} have chosen for period {view.t + 1}",
        classes=["cr-game-status"],
    )
    MonitorRow(view.t, view.outcomes, view.columns)
    # always drawn (the same elements in the same places: a redraw never replaces the
    # buttons below while someone clicks them)
    solara.Text(
        f"The class kept faith in {view.class_honesty:.0%} of its deals last period."
        if view.class_honesty is not None
        else "No deal of the class last period.",
        classes=["cr-note"],
    )
    with solara.Row(gap="8px", style={"align-items": "center"}):
        solara.Button(
            "Next period",
            on_click=GAME.advance,
            disabled=not teacher,
            color="primary",
            classes=["cr-game-next"],
        )
        solara.Checkbox(
            label="Move on when everyone has chosen",
            value=GAME.auto,
            on_value=GAME.set_auto,
            disabled=not teacher,
        )
        solara.Button("End the game", on_click=GAME.stop, disabled=not teacher, text=True)
    if view.players:
        rows = ["| student | subject | chosen |", "|---|---|---|"]
        rows += [f"| {n} | {s} | {'yes' if c else ''} |" for n, s, c in view.players]
        md("\n".join(rows))


@solara.component
def StudentPage() -> None:
    """A student's page: join, then play one subject of the class's society."""
    token = solara.use_reactive(None)
    code = solara.use_reactive("")
    name = solara.use_reactive("")
    error = solara.use_reactive(None)
    view = use_game_view(token.value)

    def join() -> None:
        got, problem = GAME.join(code.value, name.value)
        token.set(got)
        error.set(problem)

    with solara.Column(gap="10px", classes=["cr-page", "cr-student"]):
        solara.Text("Credit system: the class game", classes=["cr-title"])
        if view.me is None:
            solara.InputText(
                "Join code", value=code, continuous_update=True, classes=["cr-join-input"]
            )
            solara.InputText(
                "Your name", value=name, continuous_update=True, classes=["cr-name-input"]
            )
            solara.Button("Join", on_click=join, color="primary", classes=["cr-join-button"])
            if error.value:
                solara.Error(error.value)
            return
        d = view.me
        MonitorRow(view.t, view.outcomes, view.columns)
        alert = text.wrongful_alert(view.history, d)
        with solara.Div(classes=["cr-alert"]):  # always there: the buttons keep their place
            if alert:
                solara.Error(alert, classes=["cr-wrongful"])
        with solara.Card(f"Your subject: {d['id']}", classes=["cr-card", "cr-subject"]):
            md(text.situation(d), classes=["cr-situation"])
            if view.choice is None:
                solara.Text(f"Your choice for period {view.t + 1}:", classes=["cr-note"])
            else:
                act = "keep faith" if view.choice else "break faith"
                solara.Text(
                    f"You chose to {act} in period {view.t + 1}; waiting for the "
                    "others and the teacher.",
                    classes=["cr-note", "cr-waiting"],
                )
            with solara.Row(gap="12px"):
                solara.Button(
                    "Keep faith",
                    on_click=lambda: GAME.choose(token.value, True),
                    color="success",
                    classes=["cr-keep"],
                )
                solara.Button(
                    "Break faith",
                    on_click=lambda: GAME.choose(token.value, False),
                    color="error",
                    classes=["cr-break"],
                )
        if view.history:
            md(text.history(list(view.history)), classes=["cr-history"])
