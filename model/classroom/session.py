"""One browser tab's state: the running model, the preset, the controls and the play loop.

A :class:`Session` is the one place that owns them. Every change goes through its
methods, which hold one lock while they touch the model, so that:

- switching preset or pressing Reset stops play first, and builds the new model from
  exactly the controls the sidebar shows (:attr:`Session.controls`);
- the play loop runs in one thread per Play press, stepping the model it was started
  with; a stop event and a build number end it: it never steps a model the page no
  longer shows, and it ends when the tab's kernel closes or its page disconnects;
- the page draws only :class:`Snapshot` objects, made under the lock right after a
  build or a step and never changed afterwards: a plot never reads a table that the
  play thread is appending to;
- a control changed during a run takes effect from the next period (issue 13): the
  model's ``set`` between two periods, under the lock, recorded in the model's
  ``events`` and drawn on the charts. Before the first period the model is simply built
  again with the new value (the run starts with it). Controls that act only when a
  model is set up (the seed, the population, the network...) wait for Reset.

A Session knows nothing of the page's layout; the page calls its methods from event
handlers and reads its reactive variables. Set ``CREDIT_ABM_APP_LOG`` to a file name to
have every build, step, start and end of play written there as JSON lines (the browser
tests check from it that no old model keeps stepping).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import solara

from model import REGISTRY, CreditSystemModel, default_parameters, interventions
from model.classroom import columns as cols
from model.classroom.network import network_sample
from model.inspect import describe_subject, pick_subject, status_codes
from model.params import ParameterError
from model.presets import PRESETS, split_known
from model.provenance import provenance

#: What the page runs that the model's defaults do not: a population a school laptop
#: steps quickly (the model's default, 10,000, is for research runs).
PAGE_DEFAULTS: dict[str, Any] = {"n_subjects": 2000}
DEFAULT_SEED = 1
#: Largest population the page offers.
MAX_SUBJECTS = 20_000

#: The speed control: label and seconds per period, slowest first.
SPEEDS: tuple[tuple[str, float], ...] = (
    ("1 period every 2 s", 2.0),
    ("1 period a second", 1.0),
    ("2 periods a second", 0.5),
    ("5 periods a second", 0.2),
    ("as fast as possible", 0.0),
)
DEFAULT_SPEED = 3
#: At full speed the page is redrawn at most this often (seconds): stepping does not
#: wait for the browser, and the last period is always drawn.
FAST_REDRAW = 0.5
#: Longest wait (seconds) for a play loop to finish its period when play is stopped.
STOP_TIMEOUT = 10.0

_LOG_LOCK = threading.Lock()


def log_event(event: str, **fields: Any) -> None:
    """Append one event to the file named by ``CREDIT_ABM_APP_LOG`` (if set)."""
    path = os.environ.get("CREDIT_ABM_APP_LOG")
    if not path:
        return
    line = json.dumps({"event": event, "time": time.time(), **fields}, default=str)
    with _LOG_LOCK, open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def preset_controls(name: str, keep: dict[str, Any] | None = None) -> dict[str, Any]:
    """The sidebar's values for a preset: the page defaults, then the preset.

    Args:
        name: Preset name.
        keep: Current controls whose seed and population carry over to the new preset
            (the preset may still set the population itself).

    Returns:
        ``{"seed": int, flat name: value, ...}``: every parameter that differs from the
        model's defaults, and the seed. Names the model does not know are left out.

    """
    keep = keep or {}
    known, _ = split_known(PRESETS[name], REGISTRY)
    out: dict[str, Any] = {"seed": keep.get("seed", DEFAULT_SEED)}
    out["n_subjects"] = keep.get("n_subjects", PAGE_DEFAULTS["n_subjects"])
    out.update(known)
    return out


def model_parameters(controls: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Split the sidebar's values into the seed and the model's flat parameters."""
    params = {k: v for k, v in controls.items() if k != "seed"}
    return int(controls["seed"]), params


def pending_changes(controls: dict[str, Any], built: dict[str, Any]) -> dict[str, Any]:
    """Sidebar values the running model does not use (yet): name -> sidebar value.

    Args:
        controls: The sidebar's values (``seed`` and flat names; others at default).
        built: The running model's seed and every parameter (:attr:`Session.built`).

    """
    wanted = {**{k: s.default for k, s in REGISTRY.items()}, **controls}
    return {k: v for k, v in wanted.items() if built.get(k) != v}


def idle_controls(controls: dict[str, Any]) -> list[str]:
    """Sidebar values that cannot act (their mechanism is off, or not in the mode they
    need), to say so on the page.

    The page builds its models with ``allow_inactive=True``: a teacher who switches a
    mechanism off keeps its sliders where they were, and is told they do nothing now.
    """
    values = {**{k: s.default for k, s in REGISTRY.items()}, **controls}
    out = []
    for k in controls:
        if k not in REGISTRY or REGISTRY[k].default == controls[k]:
            continue
        if interventions.inactive_problem(k, values, REGISTRY) is None:
            continue
        switch = interventions.switch_of(k)
        if switch is not None and values.get(switch) is False:
            out.append(f"{k} (while {switch} is off)")
        elif REGISTRY[k].acts_if is not None:
            other, words, _ = REGISTRY[k].acts_if
            out.append(f"{k} (acts only when {other} is {words})")
        else:
            out.append(f"{k} (set by the phase-in schedule)")
    return out


def changed_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters that differ from the model's defaults (what the run line shows)."""
    return {k: v for k, v in params.items() if v != REGISTRY[k].default}


def waits_for_reset(name: str) -> bool:
    """Whether a control acts only on a new model (seed and set-up-only parameters)."""
    return name == "seed" or REGISTRY[name].setup_only


@dataclass(frozen=True)
class Change:
    """A change of a parameter during a run, as the page shows it.

    Attributes:
        period: The first period (1-based, the outcome table's ``period``) it acts in.
        name: Flat parameter name.
        old: Its value before.
        new: Its value from ``period`` on.

    """

    period: int
    name: str
    old: Any
    new: Any


def run_changes(events: list[tuple[int, str, Any, Any]]) -> tuple[Change, ...]:
    """The model's ``events`` as the page shows them: one change per parameter and period.

    Dragging a slider between two periods sets the parameter several times; only the
    value the next period starts with counts (a change undone before it is dropped).
    """
    merged: dict[tuple[int, str], list[Any]] = {}
    for period, name, old, new in events:
        if (period, name) in merged:
            merged[(period, name)][1] = new
        else:
            merged[(period, name)] = [old, new]
    return tuple(Change(p, n, old, new) for (p, n), (old, new) in merged.items() if old != new)


@dataclass(frozen=True)
class Snapshot:
    """What the page draws: one model's state after a build or a step (never changed).

    Attributes:
        build: Build number in this tab (1 for the first model).
        model_id: Unique name of the model (tab and build), as in the event log.
        preset: The preset the controls started from.
        seed: The model's seed.
        params: Every parameter of the model, by flat name.
        t: Periods run.
        outcomes: The latest period's outcomes (empty before the first step).
        frame: The outcome table so far (one row per period, ``period`` first).
        columns: The page's column keys mapped to the model's column names.
        sample: The network view's sample (nodes, edges, layout); fixed per model.
        status: Credit status code of each sampled node.
        subject: The played subject's situation (:func:`model.inspect.describe_subject`).
        history: The played subject's past periods, oldest first.
        twin_preset: The preset run side by side, or None.
        twin_frame: Its outcome table, in step with ``frame``.
        changed: The parameters the model was built with that differ from the defaults.
        events: Parameters changed during the run (:func:`run_changes`), oldest first.

    """

    build: int
    model_id: str
    preset: str
    seed: int
    params: dict[str, Any]
    t: int
    outcomes: dict[str, float]
    frame: pd.DataFrame
    columns: dict[str, str]
    sample: dict[str, np.ndarray]
    status: np.ndarray
    subject: dict[str, Any] | None = None
    history: tuple[dict[str, Any], ...] = ()
    twin_preset: str | None = None
    twin_frame: pd.DataFrame | None = None
    changed: dict[str, Any] = field(default_factory=dict)
    events: tuple[Change, ...] = ()


def run_info(snap: Snapshot) -> dict[str, Any]:
    """The run's provenance (*Run info (JSON)* on the page), enough to run it again.

    ``parameters`` are those the run started with and ``schedule`` the changes made
    during it, in the model's own format:
    ``CreditSystemModel(rng=seeds[0], schedule=schedule, **parameters)`` run for
    ``periods`` gives the run's table.
    """
    return provenance(
        {**default_parameters(), **snap.changed},
        [snap.seed],
        preset=snap.preset,
        periods=snap.t,
        schedule=[{"parameter": c.name, "period": c.period, "value": c.new} for c in snap.events],
    )


def _frame(model: CreditSystemModel) -> pd.DataFrame:
    if model.t == 0:
        return pd.DataFrame(columns=["period", *model.columns()])
    return model.results()


_SAMPLES: dict[tuple, dict[str, np.ndarray]] = {}
_SAMPLES_LOCK = threading.Lock()


def _sample_for(model: CreditSystemModel) -> dict[str, np.ndarray]:
    """The network view's sample, computed once per network.

    Presets with the same seed and population usually have the same network (it is
    drawn from its own random stream): they share one layout, found by the network's
    contents, so a preset that changes the network gets its own.
    """
    netw = model.mechanisms["interaction"].network
    digest = hashlib.blake2b(netw.indptr.tobytes(), digest_size=16)
    digest.update(netw.indices.tobytes())
    key = (model.subjects.n, digest.hexdigest())
    with _SAMPLES_LOCK:
        found = _SAMPLES.get(key)
    if found is None:
        found = network_sample(model)
        with _SAMPLES_LOCK:
            if len(_SAMPLES) > 64:
                _SAMPLES.clear()
            _SAMPLES[key] = found
    return found


def _current_context() -> Any:
    try:
        from solara.server import kernel_context

        return kernel_context.get_current_context()
    except (ImportError, RuntimeError):
        return None  # outside a page (tests, scripts)


class Session:
    """The state of one tab of the classroom page (see the module docstring).

    Args:
        preset: The preset to start with.
        controls: Starting controls (default: the preset's).

    Attributes:
        state: Reactive :class:`Snapshot` the page draws.
        controls: Reactive sidebar values (``seed`` and flat names).
        playing: Reactive: the play loop is running.
        speed: Reactive index into :data:`SPEEDS`.
        error: Reactive message of the latest refused action, or None.
        built: Reactive seed and parameters of the running model (changes on a build only).

    """

    def __init__(self, preset: str, controls: dict[str, Any] | None = None) -> None:
        self.id = uuid.uuid4().hex[:8]
        self._lock = threading.RLock()
        self._push_lock = threading.Lock()
        self._context = _current_context()
        self._closed = False
        self._build = 0
        self._model: CreditSystemModel | None = None
        self._preset = preset
        self._twin: CreditSystemModel | None = None
        self._twin_preset: str | None = None
        self._subject: int | None = None
        self._forced: bool | None = None
        self._history: list[dict[str, Any]] = []
        self._sample: dict[str, np.ndarray] = {}
        self._stop = threading.Event()
        self._runner: threading.Thread | None = None
        self.controls = solara.reactive(controls or preset_controls(preset))
        self.playing = solara.reactive(False)
        self.speed = solara.reactive(DEFAULT_SPEED)
        self.error: solara.Reactive[str | None] = solara.reactive(None)
        with self._lock:
            message = self._build_locked(self.controls.value)
            if message is not None:
                raise ParameterError(message)
            self._latest = self._snapshot_locked()
        self.state = solara.reactive(self._latest)
        self.built = solara.reactive(self._built_values())
        if self._context is not None:
            self._context.on_close(self.close)

    # --- reading ------------------------------------------------------------------
    @property
    def preset(self) -> str:
        """The preset the current controls started from."""
        return self._preset

    def join(self, timeout: float = STOP_TIMEOUT) -> bool:
        """Wait until the play loop (if any) has ended; True if none is running."""
        runner = self._runner
        if runner is not None:
            runner.join(timeout)
        return self._runner is None

    def model_for_tests(self) -> CreditSystemModel:
        """The running model (tests only: the page reads snapshots)."""
        assert self._model is not None
        return self._model

    # --- actions (called from the page's event handlers) ---------------------------
    def select_preset(self, name: str) -> None:
        """Stop play, set the controls to the preset's and build its model."""
        self.pause()
        self._wait_stopped()
        with self._lock:
            self._preset = name
            controls = preset_controls(name, keep=self.controls.value)
            self.controls.set(controls)
            self._rebuild_locked(controls)
        self._push()

    def set_control(self, name: str, value: Any) -> None:
        """Change one sidebar value; it acts from the next period (see the module docstring).

        The seed and set-up-only parameters wait for :meth:`reset`; so does a value the
        running model refuses (the error says why).
        """
        if name == "seed":
            value = int(value)
            if value < 0:
                self.error.set("The seed must be a whole number of 0 or more.")
                return
        else:
            try:
                value = REGISTRY[name].validate(value)
            except ParameterError as e:
                self.error.set(str(e))
                return
        self.error.set(None)
        self.controls.set({**self.controls.value, name: value})
        if not waits_for_reset(name):
            self._apply_now(name, value)

    def reset(self) -> None:
        """Stop play and build a new model from exactly the sidebar's values."""
        self.pause()
        self._wait_stopped()
        with self._lock:
            self._rebuild_locked(self.controls.value)
        self._push()

    def step(self) -> None:
        """Run one period (ignored while playing)."""
        with self._lock:
            if self._runner is not None:
                return
            self._step_locked()
        self._push()

    def play(self, until: int | None = None) -> None:
        """Start the play loop; it stops at period ``until`` if given."""
        with self._lock:
            if self._runner is not None or self._closed:
                return
            if until is not None and self._model is not None and self._model.t >= until:
                return
            self._stop = threading.Event()
            runner = threading.Thread(
                target=self._loop,
                args=(self._build, self._model, self._stop, until),
                name=f"play-{self.id}-{self._build}",
                daemon=True,
            )
            self._runner = runner
            self.playing.set(True)
            runner.start()

    def pause(self) -> None:
        """Stop the play loop before its next period (a period being run is finished)."""
        self._stop.set()

    def set_speed(self, index: int) -> None:
        """Set the speed (:data:`SPEEDS`); a running loop uses it from its next period."""
        self.speed.set(min(max(int(index), 0), len(SPEEDS) - 1))

    def set_comparison(self, preset: str | None) -> None:
        """Run another preset side by side (same seed and population), or stop doing so."""
        with self._lock:
            self._twin_preset = preset
            self._twin = self._make_twin_locked()
            self._latest = self._snapshot_locked()
        self._push()

    def set_subject(self, i: int | None) -> None:
        """Let the class play subject ``i`` (None: nobody); its past is forgotten."""
        with self._lock:
            assert self._model is not None
            if i is not None and not 0 <= i < self._model.subjects.n:
                self.error.set(f"Subject ids run from 0 to {self._model.subjects.n - 1}.")
                return
            self._subject = i
            self._forced = None
            self._model.forced_acts = {}
            self._history = []
            self._latest = self._snapshot_locked()
        self.error.set(None)
        self._push()

    def choose(self, honest: bool) -> None:
        """The class's choice for its subject: apply it and run one period.

        The choice stays in force (also while playing) until the class changes it.
        """
        self.pause()
        self._wait_stopped()
        with self._lock:
            if self._subject is None or self._model is None or self._runner is not None:
                return
            self._forced = bool(honest)
            self._model.forced_acts = {self._subject: self._forced}
            self._step_locked()
        self._push()

    def close(self) -> None:
        """End play for good (the tab's kernel closed); a period being run finishes first."""
        self._stop.set()
        with self._lock:
            self._closed = True
            log_event("close", session=self.id)

    # --- internals ------------------------------------------------------------------
    def _apply_now(self, name: str, value: Any) -> None:
        """Give the running model a new value from its next period (between periods)."""
        with self._lock:
            m = self._model
            assert m is not None
            if m.params.get(name) == value or self._closed:
                return
            if m.t == 0 and self._runner is None:
                # nothing has run: the run starts with the value (a new model, no event)
                params = changed_parameters({**m.params, name: value})
                message = self._build_locked({"seed": m.seed_entropy, **params})
                if message is None:
                    self._latest = self._snapshot_locked()
                    self.built.set(self._built_values())
            else:
                try:
                    m.set(name, value)
                    message = None
                except ParameterError as e:
                    message = str(e)
                else:
                    log_event(
                        "set",
                        session=self.id,
                        model=self._model_id(),
                        t=m.t,
                        name=name,
                        value=value,
                    )
                    self._latest = self._snapshot_locked()
                    self.built.set(self._built_values())
            if message is not None:
                self.error.set(f"Not applied (press Reset to build a new model): {message}")
        self._push()

    def _rebuild_locked(self, controls: dict[str, Any]) -> None:
        message = self._build_locked(controls)
        self.error.set(message)
        if message is None:
            self._latest = self._snapshot_locked()
            self.built.set(self._built_values())

    def _built_values(self) -> dict[str, Any]:
        assert self._model is not None
        return {"seed": self._model.seed_entropy, **self._model.params}

    def _build_locked(self, controls: dict[str, Any]) -> str | None:
        seed, params = model_parameters(controls)
        try:
            model = CreditSystemModel(rng=seed, allow_inactive=True, **params)
        except ParameterError as e:
            return f"Not built: {e}"
        self._build += 1
        self._model = model
        self._start = changed_parameters(model.params)
        if self._subject is not None and self._subject >= model.subjects.n:
            self._subject = None
        if self._subject is None:
            self._subject = pick_subject(model)
        self._forced = None
        self._history = []
        self._sample = _sample_for(model)
        self._twin = self._make_twin_locked()
        log_event(
            "build",
            session=self.id,
            model=self._model_id(),
            seed=seed,
            n_subjects=model.subjects.n,
            changed=changed_parameters(model.params),
        )
        return None

    def _make_twin_locked(self) -> CreditSystemModel | None:
        if self._twin_preset is None or self._model is None:
            return None
        m = self._model
        known, _ = split_known(PRESETS[self._twin_preset], REGISTRY)
        known["n_subjects"] = m.subjects.n
        twin = CreditSystemModel(rng=m.seed_entropy, allow_inactive=True, **known)
        twin.run_for(m.t)
        return twin

    def _model_id(self) -> str:
        return f"{self.id}-{self._build}"

    def _step_locked(self, snapshot: bool = True) -> None:
        m = self._model
        assert m is not None
        m.step()
        if self._twin is not None:
            self._twin.step()
        if self._subject is not None:
            row = describe_subject(m, self._subject)
            row["chosen_by_class"] = self._forced is not None
            self._history.append(row)
        if snapshot:
            self._latest = self._snapshot_locked()
        log_event("step", session=self.id, model=self._model_id(), t=m.t)

    def _snapshot_locked(self) -> Snapshot:
        m = self._model
        assert m is not None
        return Snapshot(
            build=self._build,
            model_id=self._model_id(),
            preset=self._preset,
            seed=m.seed_entropy,
            params=dict(m.params),
            changed=dict(self._start),
            events=run_changes(m.events),
            t=m.t,
            outcomes=dict(m.outcomes),
            frame=_frame(m),
            columns=cols.resolve(m.columns()),
            sample=self._sample,
            status=status_codes(m)[self._sample["nodes"]],
            subject=describe_subject(m, self._subject) if self._subject is not None else None,
            history=tuple(self._history),
            twin_preset=self._twin_preset if self._twin is not None else None,
            twin_frame=_frame(self._twin) if self._twin is not None else None,
        )

    def _push(self) -> None:
        """Show the latest snapshot (the newest one, whoever calls)."""
        with self._push_lock:
            if not self._closed:
                t0 = time.monotonic()
                self.state.set(self._latest)
                log_event("push", session=self.id, t=self._latest.t, took=time.monotonic() - t0)

    def _page_gone(self) -> bool:
        """The tab's kernel closed, or no page of it is connected any more."""
        ctx = self._context
        if ctx is None:
            return False
        if ctx.closed_event.is_set():
            return True
        status = getattr(ctx, "page_status", None)  # solara's per-page connection state
        if not status:
            return False
        return all(getattr(s, "value", "") != "connected" for s in status.values())

    def _wait_stopped(self) -> None:
        """After :meth:`pause`: wait until the play loop has ended (bounded)."""
        runner = self._runner
        if runner is not None and runner is not threading.current_thread():
            runner.join(timeout=STOP_TIMEOUT)
            if runner.is_alive():
                log_event("stuck", session=self.id, thread=runner.name)

    def _loop(
        self,
        build: int,
        model: CreditSystemModel,
        stop: threading.Event,
        until: int | None,
    ) -> None:
        """The play loop: step ``model`` until stopped, at the chosen speed."""
        log_event("start", session=self.id, model=f"{self.id}-{build}", t=model.t)
        last_push = 0.0
        reason = "paused"
        try:
            while True:
                started = time.monotonic()
                delay = SPEEDS[self.speed.value][1]
                with self._lock:
                    if stop.is_set():
                        break
                    if self._closed or build != self._build or self._page_gone():
                        reason = "page closed or model replaced"
                        break
                    if until is not None and model.t >= until:
                        reason = f"reached period {until}"
                        break
                    # at full speed most periods are not drawn: no snapshot for them
                    draw = delay > 0 or started - last_push >= FAST_REDRAW
                    self._step_locked(snapshot=draw)
                if draw:
                    self._push()
                    last_push = time.monotonic()
                wait = delay - (time.monotonic() - started)
                if wait > 0 and stop.wait(wait):
                    break
        finally:
            with self._lock:
                if build == self._build and not self._closed:
                    self._latest = self._snapshot_locked()  # the last period is always drawn
                if self._runner is threading.current_thread():
                    self._runner = None
                    if not self._closed:
                        self.playing.set(False)
            self._push()
            log_event("end", session=self.id, model=f"{self.id}-{build}", t=model.t, why=reason)
